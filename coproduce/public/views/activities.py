"""What's on: the organisation's public activities still to come, one activity's page (where, when, access, what
is provided, who to ask for a place, the safeguarding contact) and its calendar file. How to join online or by
phone is never shown here: it goes only to people with a place."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from coproduce.engagement.calendar import activity_ics as calendar_file
from coproduce.engagement.calendar import has_calendar_time
from coproduce.engagement.models import Activity
from coproduce.public import queries
from coproduce.public.http import public_organisation, public_view
from coproduce.public.views.common import language_of, render_public

PER_PAGE = 20


@public_view
def activity_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = public_organisation(organisation_slug)
    language = language_of(request, organisation)
    page = Paginator(queries.public_activities(organisation, timezone.localdate()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(activity, queries.translated(activity, "description", language)) for activity in page]
    return render_public(request, organisation, "public/activity_list.html", {"page": page, "rows": rows})


def _activity(organisation, activity_id) -> Activity:
    activity = queries.public_activity(organisation, activity_id, timezone.localdate())
    if activity is None:
        raise Http404
    return activity


@public_view
def activity_detail(request: HttpRequest, organisation_slug: str, activity_id) -> HttpResponse:
    organisation = public_organisation(organisation_slug, "safeguarding_arrangements")
    activity = _activity(organisation, activity_id)
    try:
        safeguarding = organisation.safeguarding_arrangements
    except ObjectDoesNotExist:
        safeguarding = None
    venue = activity.venue if activity.join_in_person else None
    context = {
        "activity": activity,
        "description": queries.translated(activity, "description", language_of(request, organisation)),
        "ways": activity.ways_to_join,
        "venue": venue,
        "venue_features": queries.labelled(venue, queries.VENUE_FEATURES) if venue else [],
        "provisions": queries.labelled(activity, Activity.PROVISIONS),
        "safeguarding": safeguarding,
        "has_calendar": has_calendar_time(activity) and activity.status == Activity.Status.PLANNED,
    }
    return render_public(request, organisation, "public/activity_detail.html", context)


@public_view
def activity_ics(request: HttpRequest, organisation_slug: str, activity_id) -> HttpResponse:
    """The activity as a calendar file, without how to join (no online link, no phone details)."""
    organisation = public_organisation(organisation_slug)
    activity = _activity(organisation, activity_id)
    if not has_calendar_time(activity) or activity.status != Activity.Status.PLANNED:
        raise Http404
    response = HttpResponse(calendar_file(activity, details=False), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="activity.ics"'
    return response
