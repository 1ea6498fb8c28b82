"""Template helpers for showing audit lines in plain words."""

from __future__ import annotations

from functools import cache

from django import template
from django.apps import apps

register = template.Library()


@register.filter
@cache
def record_kind(object_type: str) -> str:
    """'organisations.Hub' -> 'hub': the model's own name for itself, or the label if it no longer exists."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


@register.filter
def change_rows(event) -> list[tuple[str, str, str]]:
    """An audit line's changes as (the field's own name for people, before, after)."""
    try:
        meta = apps.get_model(event.object_type)._meta
    except (LookupError, ValueError):
        meta = None
    rows = []
    for name, values in (event.changes or {}).items():
        before, after = ([*values, "", ""])[:2] if isinstance(values, list) else ("", values)
        try:
            label = str(meta.get_field(name).verbose_name) if meta else name
        except Exception:  # not a field of the model (for example a summary key)
            label = name.replace("_", " ")
        rows.append((label[:1].upper() + label[1:], str(before), str(after)))
    return rows
