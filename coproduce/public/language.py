"""Which language a public page's content is read in: `?lang=xx`, one of the organisation's public site languages
(anything else falls back to English). The interface itself stays in English; only content is translated."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest

from coproduce.core.translations import CONTENT_LANGUAGES


def public_site_of(organisation):
    """The organisation's public site settings, or None if it has none yet. The public views fetch them with the
    organisation (select_related), so this asks no query of its own there."""
    try:
        return organisation.public_site
    except ObjectDoesNotExist:
        return None


def site_languages_of(organisation) -> list[str]:
    """The organisation's public site languages (known codes only)."""
    site = public_site_of(organisation)
    if site is None:
        return []
    return [code for code in (site.languages or []) if code in CONTENT_LANGUAGES]


def reading_language(request: HttpRequest | None, codes: list[str]) -> str | None:
    wanted = request.GET.get("lang", "") if request is not None else ""
    return wanted if wanted in codes else None
