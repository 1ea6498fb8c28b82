""" "Add to calendar" links for templates: `{% calendar_links activity invitation as links %}` for a person (from
their reply page) and `{% staff_calendar_links activity as links %}` for the activity page."""

from __future__ import annotations

from django import template

from coproduce.engagement import calendar
from coproduce.engagement.models import Activity, Invitation, Reply
from coproduce.engagement.reminders import reminder_offsets

register = template.Library()


def _minutes_text(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


@register.simple_tag
def calendar_links(activity: Activity, invitation: Invitation | None = None) -> dict:
    """Links for a person: Google, Outlook, their own .ics (with the joining details only if they have a place)
    and, if they have a place, the address of their calendar feed. Empty if the activity has no date."""
    if activity is None or not calendar.has_calendar_time(activity) or activity.status == Activity.Status.CANCELLED:
        return {}
    place = invitation is not None and invitation.reply == Reply.YES and not invitation.on_waiting_list
    links = {
        "google": calendar.google_calendar_url(activity, details=place),
        "outlook": calendar.outlook_calendar_url(activity, details=place),
        "ics": calendar.invitation_ics_url(invitation) if invitation is not None else "",
        "feed": "",
    }
    if place:
        url = calendar.feed_url(invitation.person)
        links["feed"] = url
        links["webcal"] = "webcal://" + url.split("://", 1)[-1]
    return links


@register.simple_tag
def staff_calendar_links(activity: Activity, details: bool = True) -> dict:
    """Links for staff on the activity page: everything included for those who run activities (`details`)."""
    if activity is None or not calendar.has_calendar_time(activity):
        return {}
    reminders = [_minutes_text(m) for m in reminder_offsets(activity)] if activity.starts_at else []
    return {
        "google": calendar.google_calendar_url(activity, details=details),
        "outlook": calendar.outlook_calendar_url(activity, details=details),
        "ics": calendar.activity_ics_url(activity),
        "details": details,
        "reminders": reminders,
    }
