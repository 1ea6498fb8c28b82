"""API: activities (read, plan, change, cancel) and venues (read).

The same permissions as the web pages: reading needs `engagement.view_activities` (every member), writing
`engagement.manage_activities`. Another organisation's records are 404. Writes go through the same services as the
pages, so the same rules apply and the people coming are told of changes and cancellations.
"""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types (uuid.UUID) of the
# paginated list at run time, from the wrapper's namespace, where postponed annotations cannot be resolved.
import datetime as dt
import json
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, DateTimeField, Prefetch, Q
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.accounts.models import User
from coproduce.api.errors import require, validation_error_422
from coproduce.core.access import get_for_member
from coproduce.engagement.models import Activity, ActivityKind, JoinWay, Reply, Venue
from coproduce.engagement.services import activities as services
from coproduce.organisations.models import Hub, Membership
from coproduce.projects.models import Project, Stage
from coproduce.stakeholders.models import StakeholderGroup

router = Router(tags=["activities"])

VIEW = "engagement.view_activities"
MANAGE = "engagement.manage_activities"


# --- schemas ----------------------------------------------------------------------------------------------------


class VenueOut(Schema):
    id: uuid.UUID
    name: str
    address: str
    postcode: str
    hub_id: uuid.UUID | None
    how_to_get_there: str
    facilities: list[str]
    access_notes: str
    is_archived: bool

    @staticmethod
    def resolve_facilities(venue: Venue) -> list[str]:
        return [name for name in Venue.FACILITIES if getattr(venue, name)]


class ActivitySummaryOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    stage_id: uuid.UUID | None
    title: str
    kind: str
    is_data_collection: bool
    status: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    window_opens_on: dt.date | None
    window_closes_on: dt.date | None
    capacity: int | None
    places_taken: int
    ways_to_join: list[str]
    venue_id: uuid.UUID | None

    @staticmethod
    def resolve_places_taken(activity: Activity) -> int:
        coming = getattr(activity, "coming", None)
        return coming if coming is not None else services.places_taken(activity)


class WarningOut(Schema):
    code: str
    text: str
    what_to_do: str


class ActivityOut(ActivitySummaryOut):
    description: str
    hub_ids: list[uuid.UUID]
    stakeholder_group_ids: list[uuid.UUID]
    facilitator_ids: list[uuid.UUID]
    online_link: str
    phone_details: str
    provisions: list[str]
    interpreter_languages: list[str]
    lead_on_duty_id: uuid.UUID | None
    children_present: bool
    ratio_adults: int | None
    ratio_children: int | None
    is_recorded: bool
    reminder_minutes: list[int]
    cancelled_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_online_link(activity: Activity, context) -> str:
        """Only for those who run activities: viewers and partners do not get families' meeting links."""
        request = context["request"]
        return activity.online_link if request.user.has_perm("engagement.manage_activities", activity) else ""

    @staticmethod
    def resolve_hub_ids(activity: Activity) -> list[uuid.UUID]:
        return [hub.pk for hub in activity.hubs.all()]

    @staticmethod
    def resolve_stakeholder_group_ids(activity: Activity) -> list[uuid.UUID]:
        return [group.pk for group in activity.stakeholder_groups.all()]

    @staticmethod
    def resolve_facilitator_ids(activity: Activity) -> list[uuid.UUID]:
        return [user.pk for user in activity.facilitators.all()]

    @staticmethod
    def resolve_provisions(activity: Activity) -> list[str]:
        return [name for name in Activity.PROVISIONS if getattr(activity, name)]

    @staticmethod
    def resolve_interpreter_languages(activity: Activity) -> list[str]:
        return activity.languages


class ActivityDetailOut(ActivityOut):
    warnings: list[WarningOut]


class ActivityPatch(Schema):
    """Only the fields sent are changed. Times without a time zone are read as UK time."""

    stage_id: uuid.UUID | None = None
    title: str | None = None
    kind: str | None = None
    description: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    window_opens_on: dt.date | None = None
    window_closes_on: dt.date | None = None
    capacity: int | None = None
    ways_to_join: list[str] | None = None
    venue_id: uuid.UUID | None = None
    online_link: str | None = None
    phone_details: str | None = None
    provisions: list[str] | None = None
    interpreter_languages: list[str] | None = None
    hub_ids: list[uuid.UUID] | None = None
    stakeholder_group_ids: list[uuid.UUID] | None = None
    facilitator_ids: list[uuid.UUID] | None = None
    lead_on_duty_id: uuid.UUID | None = None
    children_present: bool | None = None
    ratio_adults: int | None = None
    ratio_children: int | None = None
    is_recorded: bool | None = None
    reminder_minutes: list[int] | None = None


class ActivityIn(ActivityPatch):
    project_id: uuid.UUID
    title: str
    kind: str
    ways_to_join: list[str]


class CancelIn(Schema):
    reason: str


# --- helpers ----------------------------------------------------------------------------------------------------


def _own(request: HttpRequest, queryset, ids: list[uuid.UUID], field: str) -> list:
    found = list(queryset.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, f"{field}: choose only your own organisation's records")
    return found


def _one(request: HttpRequest, queryset, pk: uuid.UUID | None, field: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise HttpError(422, f"{field}: choose one of your own organisation's records")
    return found


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _fields(request: HttpRequest, data: dict, project: Project) -> dict:
    """The payload (only what was sent) as the activity services take it."""
    organisation = request.organisation
    members = User.objects.filter(
        pk__in=Membership.objects.for_organisation(organisation).values("user_id"), is_active=True
    )
    fields: dict = {}
    for name in (
        "title",
        "kind",
        "description",
        "window_opens_on",
        "window_closes_on",
        "capacity",
        "online_link",
        "phone_details",
        "children_present",
        "ratio_adults",
        "ratio_children",
        "is_recorded",
        "reminder_minutes",
    ):
        if name in data:
            fields[name] = data[name]
    for name in ("title", "description", "online_link", "phone_details"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    for name in ("starts_at", "ends_at"):
        if name in data:
            fields[name] = _aware(data[name])
    if "kind" in data and data["kind"] not in ActivityKind.values:
        raise HttpError(422, f"kind: one of {', '.join(ActivityKind.values)}")
    if data.get("ways_to_join") is not None:
        unknown = set(data["ways_to_join"]) - set(JoinWay.values)
        if unknown:
            raise HttpError(422, f"ways_to_join: one or more of {', '.join(JoinWay.values)}")
        for way, name in Activity.JOIN_FIELDS.items():
            fields[name] = way in data["ways_to_join"]
    if data.get("provisions") is not None:
        unknown = set(data["provisions"]) - set(Activity.PROVISIONS)
        if unknown:
            raise HttpError(422, f"provisions: one or more of {', '.join(Activity.PROVISIONS)}")
        for name in Activity.PROVISIONS:
            fields[name] = name in data["provisions"]
    if "interpreter_languages" in data:
        fields["interpreter_languages"] = ", ".join(data["interpreter_languages"] or [])
    if "stage_id" in data:
        fields["stage"] = _one(request, Stage.objects.filter(project=project), data["stage_id"], "stage_id")
    if "venue_id" in data:
        fields["venue"] = _one(request, Venue.objects.for_organisation(organisation), data["venue_id"], "venue_id")
    if "lead_on_duty_id" in data:
        fields["lead_on_duty"] = _one(request, members, data["lead_on_duty_id"], "lead_on_duty_id")
    for key, name, queryset in (
        ("hub_ids", "hubs", Hub.objects.for_organisation(organisation)),
        ("stakeholder_group_ids", "stakeholder_groups", StakeholderGroup.objects.for_organisation(organisation)),
        ("facilitator_ids", "facilitators", members),
    ):
        if data.get(key) is not None:
            fields[name] = _own(request, queryset, data[key], key)
    return fields


def _detail_queryset():
    return Activity.objects.prefetch_related(
        Prefetch("hubs", queryset=Hub.objects.only("id")),
        Prefetch("stakeholder_groups", queryset=StakeholderGroup.objects.only("id")),
        Prefetch("facilitators", queryset=User.objects.only("id")),
    ).select_related("venue", "organisation")


def _detail(request: HttpRequest, activity_id: uuid.UUID) -> Activity:
    activity = _detail_queryset().get(pk=activity_id)
    activity.warnings = services.activity_warning_list(
        activity, show_counts=request.user.has_perm("people.view_people", request.organisation)
    )
    return activity


# --- endpoints --------------------------------------------------------------------------------------------------


@router.get("/activities", response=list[ActivitySummaryOut], summary="Activities, upcoming first by default")
@paginate(PageNumberPagination, page_size=100)
def activity_list(
    request: HttpRequest,
    when: str = "upcoming",
    project_id: uuid.UUID | None = None,
    hub_id: uuid.UUID | None = None,
    kind: str | None = None,
):
    """`when` is upcoming (not yet ended, soonest first), past (latest first) or all (latest first)."""
    require(request, VIEW)
    if when not in ("upcoming", "past", "all"):
        raise HttpError(422, "when: upcoming, past or all")
    now = timezone.now()
    activities = Activity.objects.for_organisation(request.organisation)
    if project_id:
        activities = activities.filter(project_id=project_id)
    if hub_id:
        activities = activities.filter(hubs__id=hub_id)
    if kind:
        activities = activities.filter(kind=kind)
    if when == "upcoming":
        activities = activities.filter(services.not_ended_q(now))
    elif when == "past":
        activities = activities.exclude(services.not_ended_q(now))
    return activities.annotate(
        begins=Coalesce("starts_at", Cast("window_opens_on", output_field=DateTimeField())),
        coming=Count("invitations", filter=Q(invitations__reply=Reply.YES, invitations__on_waiting_list=False)),
    ).order_by("begins" if when == "upcoming" else "-begins", "title", "id")


@router.get("/activities/{activity_id}", response=ActivityDetailOut, summary="One activity, with its warnings")
def activity_detail(request: HttpRequest, activity_id: uuid.UUID):
    require(request, VIEW)
    activity = get_for_member(request, Activity.objects.all(), activity_id)
    return _detail(request, activity.pk)


@router.post("/activities", response={201: ActivityDetailOut}, summary="Plan an activity for a project")
def activity_create(request: HttpRequest, payload: ActivityIn):
    require(request, MANAGE)
    data = payload.dict(exclude_unset=True)
    project = Project.objects.for_organisation(request.organisation).filter(pk=data["project_id"]).first()
    if project is None:
        raise HttpError(422, "project_id: choose one of your own organisation's projects")
    fields = _fields(request, data, project)
    try:
        activity = services.activity_create(actor=request.user, project=project, request=request, **fields)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, _detail(request, activity.pk)


@router.patch("/activities/{activity_id}", response=ActivityDetailOut, summary="Change an activity")
def activity_update(request: HttpRequest, activity_id: uuid.UUID, payload: ActivityPatch):
    try:
        activity = get_for_member(
            request, Activity.objects.select_related("project", "organisation"), activity_id, permission=MANAGE
        )
    except PermissionDenied:
        raise HttpError(403, "Your role does not allow this.") from None
    fields = _fields(request, payload.dict(exclude_unset=True), activity.project)
    try:
        services.activity_update(actor=request.user, activity=activity, request=request, **fields)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _detail(request, activity.pk)


@router.post(
    "/activities/{activity_id}/cancel",
    response=ActivityDetailOut,
    summary="Cancel an activity",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": CancelIn.model_json_schema()}}, "required": True}
    },
)
def activity_cancel(request: HttpRequest, activity_id: uuid.UUID):
    """Everyone who said yes or maybe, and the waiting list, is told. The body is `{"reason": "..."}`."""
    # The body is read only after the activity is found, so another organisation's activity is a 404 whatever is
    # sent (django-ninja would otherwise refuse a missing body first).
    try:
        activity = get_for_member(request, Activity.objects.all(), activity_id, permission=MANAGE)
    except PermissionDenied:
        raise HttpError(403, "Your role does not allow this.") from None
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise HttpError(422, 'Send JSON like {"reason": "The hall is flooded"}') from None
    reason = body.get("reason") if isinstance(body, dict) else None
    try:
        services.activity_cancel(
            actor=request.user, activity=activity, reason=reason if isinstance(reason, str) else "", request=request
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _detail(request, activity.pk)


@router.get("/venues", response=list[VenueOut], summary="Venues and their access facilities, by name")
@paginate(PageNumberPagination, page_size=100)
def venue_list(request: HttpRequest, archived: bool = False):
    require(request, VIEW)
    return Venue.objects.for_organisation(request.organisation).filter(is_archived=archived).order_by("name", "id")


@router.get("/venues/{venue_id}", response=VenueOut, summary="One venue")
def venue_detail(request: HttpRequest, venue_id: uuid.UUID):
    require(request, VIEW)
    return get_for_member(request, Venue.objects.all(), venue_id)
