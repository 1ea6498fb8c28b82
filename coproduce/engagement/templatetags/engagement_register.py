"""Template helpers for the register on the day: dates the GOV.UK way, the hidden starting value of a register
field, and the register's figures for the activity page."""

from __future__ import annotations

import datetime as dt

from django import template
from django.db.models import Count, Q
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from coproduce.engagement.models import Activity, Attendance, Invitation, Reply

register = template.Library()


def clock(value: dt.datetime | dt.time) -> str:
    """10am, 10:30am, midday, midnight (GOV.UK style)."""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def when(value: dt.datetime | dt.date | None) -> str:
    """ "Thursday 3 December 2026, 10am" for a date and time, "Thursday 3 December 2026" for a date."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{date_format(value, 'l j F Y')}, {clock(value)}"
    return date_format(value, "l j F Y")


@register.filter
def activity_when(activity: Activity) -> str:
    """When the activity happens: "Thursday 3 December 2026, 10am to midday", or its open window."""
    if activity.starts_at is not None:
        text = when(activity.starts_at)
        if activity.ends_at is not None:
            end = timezone.localtime(activity.ends_at)
            if end.date() == timezone.localtime(activity.starts_at).date():
                return _("%(start)s to %(end)s") % {"start": text, "end": clock(end)}
            return _("%(start)s to %(end)s") % {"start": text, "end": when(activity.ends_at)}
        return text
    if activity.window_opens_on and activity.window_closes_on:
        return _("From %(opens)s to %(closes)s") % {
            "opens": when(activity.window_opens_on),
            "closes": when(activity.window_closes_on),
        }
    return ""


@register.filter
def hidden_initial(field: BoundField) -> SafeString:
    """The hidden input with the value the field started with (for fields with show_hidden_initial)."""
    return field.as_hidden(only_initial=True)


@register.simple_tag
def register_figures(activity: Activity) -> dict[str, int]:
    """How many have a place, and, from the register, how many came and how many walked in (two queries)."""
    places = (
        Invitation.objects.filter(activity=activity, reply=Reply.YES, on_waiting_list=False)
        .filter(person__erased_at__isnull=True)
        .count()
    )
    figures = Attendance.objects.filter(activity=activity, person__erased_at__isnull=True).aggregate(
        recorded=Count("id"),
        came=Count("id", filter=Q(attended=True)),
        walk_ins=Count("id", filter=Q(attended=True, walk_in=True)),
    )
    return {"places": places, **figures}
