"""Template helpers for the register on the day: dates the GOV.UK way, the register's inputs (and the hidden
starting value of each), and the register's figures for the activity page."""

from __future__ import annotations

import datetime as dt
import html

from django import forms, template
from django.db.models import Count, Q
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coproduce.core.templatetags.govuk import control_attrs
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


# The register renders three or four inputs for each of hundreds of people. Rendering each through Django's widget
# templates was most of the page's time, so plain inputs are written here directly, attribute for attribute what
# django/forms/widgets/input.html (with attrs.html) gives; tests/test_register.py compares the two. Any other
# widget still goes through its template.
_PLAIN_INPUTS = {
    forms.CheckboxInput: "django/forms/widgets/checkbox.html",
    forms.TextInput: "django/forms/widgets/text.html",
    forms.HiddenInput: "django/forms/widgets/hidden.html",
}


def _escape(value: object) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapper (a third of the time here)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _input(field: BoundField, widget: forms.Widget, attrs: dict, *, only_initial: bool = False) -> SafeString:
    """What field.as_widget(widget, attrs, only_initial) renders, for a plain input widget."""
    if _PLAIN_INPUTS.get(type(widget)) != widget.template_name:
        return field.as_widget(widget=widget, attrs=attrs, only_initial=only_initial)
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.html_initial_id if only_initial else field.auto_id)
    if only_initial and field.html_initial_name in field.form.data:
        value = field.form._widget_data_value(field.field.hidden_widget(), field.html_initial_name)
    else:
        value = field.value()
    name = field.html_initial_name if only_initial else field.html_name
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [f'<input type="{_escape(context["type"])}" name="{_escape(context["name"])}"']
    if context["value"] is not None:
        parts.append(f' value="{_escape(context["value"])}"')
    for key, item in context["attrs"].items():
        if item is True:
            parts.append(f" {_escape(key)}")
        elif item is not False:
            parts.append(f' {_escape(key)}="{_escape(item)}"')
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag
def register_control(field: BoundField) -> SafeString:
    """govuk_control for the register's plain inputs (tick and hours), without a template render per input."""
    return _input(field, field.field.widget, control_attrs(field))


@register.filter
def plain_widget(field: BoundField) -> SafeString:
    """The field's own widget with no added attributes (for the register's hidden inputs)."""
    return _input(field, field.field.widget, {})


@register.filter
def hidden_initial(field: BoundField) -> SafeString:
    """The hidden input with the value the field started with (for fields with show_hidden_initial)."""
    return _input(field, field.field.hidden_widget(), {}, only_initial=True)


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
