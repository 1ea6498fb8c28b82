"""Formatting the insights figures the same way in every table: percentages as the charts write them, hidden
counts as "Hidden", intervals as "12% to 20%"."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from coproduce.insights.charts import format_percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else format_percent(value)


@register.filter
def count(value: int | None) -> str:
    """A count of people, or "Hidden" when it is hidden (under the threshold, or able to give one away)."""
    if value is None:
        return _("Hidden")
    return f"{value:,}"


@register.simple_tag
def interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return _("%(low)s to %(high)s") % {"low": format_percent(low), "high": format_percent(high)}


@register.simple_tag
def ratio(value: float | None, low: float | None, high: float | None) -> str:
    if value is None:
        return ""
    if low is None or high is None:
        return f"{value:.2f}"
    return _("%(ratio)s (%(low)s to %(high)s)") % {"ratio": f"{value:.2f}", "low": f"{low:.2f}", "high": f"{high:.2f}"}


@register.filter
def get_item(mapping: dict, key: str):
    """mapping[key], or None (for a dict whose keys are not valid template variable names)."""
    return mapping.get(key) if mapping else None
