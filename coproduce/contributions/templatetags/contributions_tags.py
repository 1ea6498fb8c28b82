"""Template helpers for contributions: dates and provenance in words, who it came from (or not), and the
contributions sections of the project and activity pages (one query when there are none, three at most)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.contributions import files, queries
from coproduce.contributions.models import Contribution

register = template.Library()
LATEST = 3


def _clock(value: dt.datetime) -> str:
    """10am, 10:30am, midday, midnight (GOV.UK style)."""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def said_when(value: dt.datetime | None) -> str:
    """ "Thursday 3 December 2026, 10am"."""
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(value, 'l j F Y')}, {_clock(value)}"


@register.filter
def gathered_words(contribution: Contribution) -> str:
    """ "on a home visit", "at the activity" — the way it was gathered, to follow "gathered"."""
    label = str(contribution.get_gathered_display())
    return label[:1].lower() + label[1:]


@register.simple_tag
def from_whom(contribution: Contribution, can_see_people: bool) -> str:
    """Who it came from, as this member may see it: never the person of an anonymous contribution."""
    if contribution.is_anonymous:
        return _("Anonymous")
    if contribution.person_id is None:
        return _("Not recorded")
    if not can_see_people:
        return _("Someone who took part")
    return contribution.person.display_name


@register.filter
def has_image(contribution: Contribution) -> bool:
    return files.shows_image(contribution)


@register.filter
def kind_label(kind: str) -> str:
    try:
        return str(Contribution.Kind(kind).label)
    except ValueError:
        return kind


def _section(contributions) -> dict:
    counts = queries.kind_counts(contributions)
    total = sum(row["count"] for row in counts)
    latest = list(queries.with_rows(contributions, themes=False)[:LATEST]) if total else []
    return {"total": total, "counts": counts, "latest": latest, "hidden": queries.hidden_photos(latest)}


@register.simple_tag
def project_contributions(project) -> dict:
    """Counts by kind and the latest three of a project's contributions."""
    return _section(Contribution.objects.filter(organisation_id=project.organisation_id, project=project))


@register.simple_tag
def activity_contributions(activity) -> dict:
    """The count and the latest three of an activity's contributions."""
    return _section(Contribution.objects.filter(organisation_id=activity.organisation_id, activity=activity))
