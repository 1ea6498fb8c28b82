"""The "When suits you?" section of the activity page (engagement/_activity_polls.html), and saying a poll's
times the GOV.UK way in templates."""

from __future__ import annotations

from django import template

from coproduce.engagement.models import Poll
from coproduce.engagement.services import polls as services

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_poll_overview(context: template.Context, activity) -> dict:
    """The activity's newest poll with its answers count and suggestion, and what the member may do. A fixed number
    of queries however many people answered."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_manage = bool(user and user.has_perm("engagement.manage_activities", activity))
    poll = Poll.objects.filter(activity=activity).select_related("chosen_slot").order_by("-created_at").first()
    overview = {"poll": poll, "can_manage": can_manage, "can_create": False}
    if poll is None:
        overview["can_create"] = can_manage and activity.status != activity.Status.CANCELLED
        return overview
    poll.activity = activity
    summary = services.poll_summary(poll)
    overview.update(
        results=summary,
        answered=summary.answered,
        invited=summary.invited,
        accepts_answers=services.accepts_answers(poll),
        chosen=services.slot_words(poll.chosen_slot) if poll.chosen_slot else "",
        can_create=can_manage and poll.status == Poll.Status.CLOSED and activity.status != activity.Status.CANCELLED,
        can_see_people=bool(user and user.has_perm("people.view_people", activity)),
    )
    return overview


@register.filter
def slot_when(slot) -> str:
    """ "Thursday 3 December 2026, 10am to midday"."""
    return services.slot_words(slot)
