"""Venues: the organisation's list of places activities happen, with their access facilities; adding, changing,
archiving and bringing one back. Every member who sees activities sees venues; staff who run sessions change them."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.engagement.forms.venues import VenueForm
from coproduce.engagement.models import Activity, Venue
from coproduce.engagement.services import venues as services
from coproduce.engagement.services.activities import not_ended_q

VIEW = "engagement.view_activities"
MANAGE = "engagement.manage_venues"
PAGE_SIZE = 50


def _facilities(venue: Venue) -> list[dict]:
    return [{"label": Venue._meta.get_field(n).verbose_name, "has": getattr(venue, n)} for n in Venue.FACILITIES]


@permission_required(VIEW)
def venue_list(request: HttpRequest) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    venues = (
        Venue.objects.for_organisation(request.organisation)
        .filter(is_archived=archived)
        .select_related("hub")
        .order_by("name", "id")
    )
    page = Paginator(venues, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"venue": venue, "facilities": [f for f in _facilities(venue) if f["has"]]} for venue in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "archived": archived,
        "extra_query": "archived=1" if archived else "",
        "can_manage": request.user.has_perm(MANAGE, request.organisation),
    }
    return render(request, "engagement/venue_list.html", context)


@permission_required(MANAGE)
def venue_create(request: HttpRequest) -> HttpResponse:
    form = VenueForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(
                actor=request.user, organisation=request.organisation, request=request, **form.venue_fields()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": venue.name})
            return redirect("engagement:venue_detail", venue_id=venue.pk)
    return render(request, "engagement/venue_form.html", {"form": form, "venue": None, "title": _("Add a venue")})


@permission_required(VIEW)
def venue_detail(request: HttpRequest, venue_id: str) -> HttpResponse:
    venue = get_for_member(request, Venue.objects.select_related("hub"), venue_id)
    upcoming = (
        Activity.objects.for_organisation(request.organisation)
        .filter(venue=venue, join_in_person=True, status=Activity.Status.PLANNED)
        .filter(not_ended_q(timezone.now()))
        .select_related("project")
        .order_by("starts_at", "window_opens_on")[:20]
    )
    context = {
        "venue": venue,
        "facilities": _facilities(venue),
        "upcoming": list(upcoming),
        "can_manage": request.user.has_perm(MANAGE, venue),
    }
    return render(request, "engagement/venue_detail.html", context)


@permission_required(MANAGE)
def venue_edit(request: HttpRequest, venue_id: str) -> HttpResponse:
    venue = get_for_member(request, Venue.objects.all(), venue_id, permission=MANAGE)
    form = VenueForm(request.POST or None, instance=copy.copy(venue), organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(actor=request.user, venue=venue, request=request, **form.venue_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to %(name)s have been saved.") % {"name": venue.name})
            return redirect("engagement:venue_detail", venue_id=venue.pk)
    title = _("Change %(name)s") % {"name": venue.name}
    return render(request, "engagement/venue_form.html", {"form": form, "venue": venue, "title": title})


@permission_required(MANAGE)
def venue_archive(request: HttpRequest, venue_id: str) -> HttpResponse:
    """GET asks to confirm; POST archives the venue, or brings an archived one back."""
    venue = get_for_member(request, Venue.objects.all(), venue_id, permission=MANAGE)
    if request.method == "POST":
        archived = not venue.is_archived
        services.venue_archive(actor=request.user, venue=venue, archived=archived, request=request)
        if archived:
            messages.success(request, _("%(name)s has been archived.") % {"name": venue.name})
        else:
            messages.success(request, _("%(name)s can be chosen for activities again.") % {"name": venue.name})
        return redirect("engagement:venue_detail", venue_id=venue.pk)
    upcoming = (
        Activity.objects.for_organisation(request.organisation)
        .filter(venue=venue, join_in_person=True, status=Activity.Status.PLANNED)
        .filter(not_ended_q(timezone.now()))
        .count()
    )
    return render(request, "engagement/venue_archive.html", {"venue": venue, "upcoming": upcoming})
