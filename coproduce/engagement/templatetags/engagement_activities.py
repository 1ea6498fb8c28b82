"""Template helpers for activities: when one happens in words, its ways to join, and the activities section of a
project page (`{% project_activities project %}`)."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from coproduce.engagement.models import Activity, JoinWay, Reply
from coproduce.engagement.services.activities import not_ended_q

register = template.Library()

# The project page shows this many upcoming and this many past activities; the list page has the rest.
UPCOMING_ON_PROJECT = 10
PAST_ON_PROJECT = 5


@register.filter
def activity_when(activity: Activity) -> str:
    """Thursday 3 December 2026, 10am to midday; or the days it is open."""
    from coproduce.engagement.messages import when_text

    return when_text(activity)


@register.filter
def activity_ways(activity: Activity) -> str:
    """In person, Online, By phone (the ways to join, in words)."""
    return ", ".join(str(JoinWay(way).label) for way in activity.ways_to_join)


@register.inclusion_tag("engagement/activity_project_section.html", takes_context=True)
def project_activities(context: template.Context, project) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    can_see = bool(user and user.has_perm("engagement.view_activities", project))
    result = {"project": project, "can_see": can_see, "upcoming": [], "past": [], "more_past": False}
    if not can_see:
        return result
    now = timezone.now()
    activities = (
        Activity.objects.for_organisation(project.organisation_id)
        .filter(project=project)
        .select_related("venue", "stage")
        .annotate(
            coming=Count("invitations", filter=Q(invitations__reply=Reply.YES, invitations__on_waiting_list=False))
        )
    )
    upcoming = list(
        activities.filter(not_ended_q(now)).order_by("starts_at", "window_opens_on")[: UPCOMING_ON_PROJECT + 1]
    )
    result["more_upcoming"] = len(upcoming) > UPCOMING_ON_PROJECT
    result["upcoming"] = upcoming[:UPCOMING_ON_PROJECT]
    past = list(activities.exclude(not_ended_q(now)).order_by("-starts_at", "-window_closes_on")[: PAST_ON_PROJECT + 1])
    result["more_past"] = len(past) > PAST_ON_PROJECT
    result["past"] = past[:PAST_ON_PROJECT]
    result["can_manage"] = user.has_perm("engagement.manage_activities", project)
    return result
