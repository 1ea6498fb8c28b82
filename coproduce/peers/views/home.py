"""The peer support home page: what each member comes to do. Coordinators see the referrals waiting (oldest first)
and how many families are supported; a peer supporter sees their own families; a partner can refer a family."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coproduce.core.access import member_required
from coproduce.core.http import private
from coproduce.peers.models import PeerSupporter, Referral, SupportEpisode

WAITING_SHOWN = 10


@member_required
def home(request: HttpRequest) -> HttpResponse:
    organisation, user = request.organisation, request.user
    can_refer = user.has_perm("peers.refer_family", organisation)
    can_record = user.has_perm("peers.record_support", organisation)
    if not (can_refer or can_record):
        raise PermissionDenied
    coordinates = user.has_perm("peers.view_referrals", organisation)
    context: dict = {"can_refer": can_refer, "coordinates": coordinates, "your_families": None}
    if coordinates:
        today = timezone.localdate()
        waiting = Referral.objects.for_organisation(organisation).waiting()
        oldest = list(waiting.select_related("person").order_by("created_at", "id")[:WAITING_SHOWN])
        episodes = SupportEpisode.objects.for_organisation(organisation).open()
        context |= {
            "waiting": [{"referral": r, "days": (today - timezone.localdate(r.created_at)).days} for r in oldest],
            "waiting_count": waiting.count() if len(oldest) == WAITING_SHOWN else len(oldest),
            "open_families": episodes.count(),
            "active_supporters": PeerSupporter.objects.for_organisation(organisation).active().count(),
        }
    elif can_record:
        # A peer supporter: only the families of their own support episodes.
        context["your_families"] = list(
            SupportEpisode.objects.for_organisation(organisation)
            .visible_to(user, organisation)
            .open()
            .select_related("person")
            .order_by("started_on", "id")
        )
    return private(render(request, "peers/home.html", context))
