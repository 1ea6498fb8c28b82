"""Fetching a community of practice for the member making the request (pages and API alike).

A community is seen by members of its host organisation whose role allows it (working in that organisation), and
by its explicit members from anywhere on the platform; to everyone else it is a 404. What each may then do:

- read: the community's own records (page, log, resources, members, meeting titles and dates);
- contribute (log entries, shared resources): any explicit member, and anyone who may manage it;
- manage (change it, its members, themes and meetings): the host's admins and co-production leads, and the
  community's facilitator (who may belong to another organisation);
- link meetings and open their activity pages: only members of the host organisation, since an activity is the
  host's record and a member from elsewhere must see nothing else of the host.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone

from coproduce.communities.models import CommunityMember, CommunityOfPractice

MANAGE_COMMUNITIES = "communities.manage_communities"
VIEW_ACTIVITIES = "engagement.view_activities"


@dataclass(frozen=True)
class CommunityAccess:
    is_host_member: bool  # working in the host organisation with a role that sees its communities
    member_id: object | None  # their CommunityMember row, if they are an explicit member
    can_contribute: bool
    can_manage: bool
    can_see_activities: bool  # the host's activity pages, and linking them as meetings

    @property
    def is_member(self) -> bool:
        return self.member_id is not None


def get_community_for_user(
    request: HttpRequest, community_id, *, contribute: bool = False, manage: bool = False
) -> CommunityOfPractice:
    """The community if the user may see it (else 404), with `community.access` set. `contribute` / `manage`: 403
    for someone who may see it but not do that."""
    user = request.user
    try:
        community = (
            CommunityOfPractice.objects.visible_to(user, request.organisation)
            .select_related("organisation", "facilitator")
            .annotate(
                viewer_member_id=Subquery(
                    CommunityMember.objects.filter(community=OuterRef("pk"), user=user).values("pk")[:1]
                )
            )
            .get(pk=community_id)
        )
    except (CommunityOfPractice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    community.access = access_for(request, community)
    if (contribute and not community.access.can_contribute) or (manage and not community.access.can_manage):
        raise PermissionDenied
    return community


def access_for(request: HttpRequest, community: CommunityOfPractice) -> CommunityAccess:
    """What the user may do with a community they can see (`viewer_member_id` annotated, or looked up)."""
    user = request.user
    organisation = request.organisation
    if hasattr(community, "viewer_member_id"):
        member_id = community.viewer_member_id
    else:
        member_id = CommunityMember.objects.filter(community=community, user=user).values_list("pk", flat=True).first()
    in_host = organisation is not None and community.organisation_id == organisation.pk
    is_host_member = in_host and user.has_perm("communities.view_communities", community)
    is_facilitator = member_id is not None and community.facilitator_id == user.pk
    can_manage = (in_host and user.has_perm(MANAGE_COMMUNITIES, community)) or is_facilitator
    return CommunityAccess(
        is_host_member=is_host_member,
        member_id=member_id,
        # An ended community is a record of what was learnt: it can be read, not added to.
        can_contribute=(member_id is not None or can_manage) and not community.time_limit(timezone.localdate()).ended,
        can_manage=can_manage,
        can_see_activities=in_host and user.has_perm(VIEW_ACTIVITIES, community),
    )
