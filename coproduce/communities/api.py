"""API: communities of practice, read only (the pages are where they are run).

The same rule as the pages (`coproduce.communities.access`): a token sees its organisation's communities (if the
member's role allows) and the communities elsewhere that its member was explicitly added to; any other community is
404. A member from another organisation gets the community's own records only: a meeting's activity id is given to
the host's members alone.
"""

# No `from __future__ import annotations` here: django-ninja reads the types at run time (see decisions/api.py).
import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from coproduce.communities.access import get_community_for_user
from coproduce.communities.models import (
    CommunityMeeting,
    CommunityMember,
    CommunityOfPractice,
    CommunityTheme,
    LearningLogEntry,
    SharedResource,
)
from coproduce.communities.views import _member_count

router = Router(tags=["communities"])


class CommunityOut(Schema):
    id: uuid.UUID
    host_organisation_id: uuid.UUID
    host_organisation: str
    name: str
    goal: str
    scope_in: str
    scope_out: str
    facilitator: str | None
    senior_sponsor: str
    started_on: dt.date
    ends_on: dt.date | None
    review_on: dt.date | None
    status: str
    time_limit: str
    member_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_host_organisation_id(community: CommunityOfPractice) -> uuid.UUID:
        return community.organisation_id

    @staticmethod
    def resolve_host_organisation(community: CommunityOfPractice) -> str:
        return community.organisation.name

    @staticmethod
    def resolve_facilitator(community: CommunityOfPractice) -> str | None:
        return str(community.facilitator) if community.facilitator_id else None

    @staticmethod
    def resolve_time_limit(community: CommunityOfPractice) -> str:
        return str(community.time_limit(timezone.localdate()).words)


class ThemeOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    status: str


class MemberOut(Schema):
    id: uuid.UUID
    name: str
    organisation: str | None
    expertise: str
    role: str

    @staticmethod
    def resolve_name(member: CommunityMember) -> str:
        return str(member.user)

    @staticmethod
    def resolve_organisation(member: CommunityMember) -> str | None:
        return member.home_organisation.name if member.home_organisation_id else None


class MeetingOut(Schema):
    id: uuid.UUID
    title: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    cancelled: bool
    activity_id: uuid.UUID | None

    @staticmethod
    def resolve_title(meeting: CommunityMeeting) -> str:
        return meeting.activity.title

    @staticmethod
    def resolve_starts_at(meeting: CommunityMeeting) -> dt.datetime | None:
        return meeting.activity.starts_at

    @staticmethod
    def resolve_ends_at(meeting: CommunityMeeting) -> dt.datetime | None:
        return meeting.activity.ends_at

    @staticmethod
    def resolve_cancelled(meeting: CommunityMeeting) -> bool:
        return meeting.activity.status == meeting.activity.Status.CANCELLED

    @staticmethod
    def resolve_activity_id(meeting: CommunityMeeting, context) -> uuid.UUID | None:
        """The activity is the host's record: its id only for the host's members."""
        return meeting.activity_id if context["request"].community_access.can_see_activities else None


class CommunityDetailOut(CommunityOut):
    themes: list[ThemeOut]
    members: list[MemberOut]
    meetings: list[MeetingOut]
    log_entry_count: int
    resource_count: int

    # The rows are read once by the view (`community.rows`), not through the related managers of the same names.
    @staticmethod
    def resolve_themes(community: CommunityOfPractice) -> list:
        return community.rows["themes"]

    @staticmethod
    def resolve_members(community: CommunityOfPractice) -> list:
        return community.rows["members"]

    @staticmethod
    def resolve_meetings(community: CommunityOfPractice) -> list:
        return community.rows["meetings"]


class LogEntryOut(Schema):
    id: uuid.UUID
    happened_on: dt.date
    tried: str
    learnt: str
    changed: str
    changed_in: str
    theme_id: uuid.UUID | None
    author: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_author(entry: LearningLogEntry) -> str | None:
        return str(entry.author) if entry.author_id else None


class ResourceOut(Schema):
    id: uuid.UUID
    title: str
    url: str
    text: str
    added_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_added_by(resource: SharedResource) -> str | None:
        return str(resource.added_by) if resource.added_by_id else None


def _community(request: HttpRequest, community_id: uuid.UUID) -> CommunityOfPractice:
    community = get_community_for_user(request, community_id)
    request.community_access = community.access
    return community


@router.get("/communities", response=list[CommunityOut], summary="Communities of practice")
@paginate(PageNumberPagination, page_size=100)
def community_list(request: HttpRequest):
    """The organisation's own communities and those elsewhere that the token's member belongs to, by name."""
    return (
        CommunityOfPractice.objects.visible_to(request.user, request.organisation)
        .select_related("organisation", "facilitator")
        .annotate(member_count=_member_count())
        .order_by("name", "id")
    )


@router.get("/communities/{community_id}", response=CommunityDetailOut, summary="One community of practice")
def community_detail(request: HttpRequest, community_id: uuid.UUID):
    community = _community(request, community_id)
    members = CommunityMember.objects.filter(community=community).select_related("user", "home_organisation")
    community.rows = {
        "themes": list(CommunityTheme.objects.filter(community=community).order_by("title", "id")),
        "members": list(members),
        "meetings": list(
            CommunityMeeting.objects.filter(community=community)
            .select_related("activity")
            .order_by("activity__starts_at", "id")
        ),
    }
    community.member_count = len(community.rows["members"])
    community.log_entry_count = LearningLogEntry.objects.filter(community=community).count()
    community.resource_count = SharedResource.objects.filter(community=community).count()
    return community


@router.get("/communities/{community_id}/log-entries", response=list[LogEntryOut], summary="A community's learning log")
@paginate(PageNumberPagination, page_size=100)
def log_entry_list(request: HttpRequest, community_id: uuid.UUID):
    """Newest first."""
    community = _community(request, community_id)
    return (
        LearningLogEntry.objects.filter(community=community)
        .select_related("author")
        .order_by("-happened_on", "-created_at", "-id")
    )


@router.get(
    "/communities/{community_id}/resources", response=list[ResourceOut], summary="A community's shared resources"
)
@paginate(PageNumberPagination, page_size=100)
def resource_list(request: HttpRequest, community_id: uuid.UUID):
    """Newest first."""
    community = _community(request, community_id)
    return SharedResource.objects.filter(community=community).select_related("added_by").order_by("-created_at", "-id")
