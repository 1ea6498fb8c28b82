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
