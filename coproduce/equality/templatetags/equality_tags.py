"""Template helpers for the equality pages: radios in sections (the census's ethnic group headings) with
"Prefer not to say" set apart after an "or"."""

from __future__ import annotations

from django import template
from django.forms.boundfield import BoundField

from coproduce.equality.models import PREFER_NOT

register = template.Library()


@register.filter
def radio_sections(field: BoundField) -> list[dict]:
    """[{"heading": str | None, "options": [...], "or_option": option | None}] for a radio field: the options
    under each heading of the field's `option_sections` (or all under none), and "Prefer not to say" last."""
    options = list(field.subwidgets)
    prefer = next((o for o in options if o.data["value"] == PREFER_NOT[0]), None)
    rest = [o for o in options if o is not prefer and o.data["value"] not in ("", None)]
    sections_spec = getattr(field.field, "option_sections", None)
    if not sections_spec:
        return [{"heading": None, "options": rest, "or_option": prefer}]
    by_value = {str(o.data["value"]): o for o in rest}
    sections = [
        {"heading": heading, "options": [by_value[code] for code in codes if code in by_value], "or_option": None}
        for heading, codes in sections_spec
    ]
    placed = {code for _heading, codes in sections_spec for code in codes}
    leftover = [o for o in rest if str(o.data["value"]) not in placed]
    sections.append({"heading": None, "options": leftover, "or_option": prefer})
    return sections
