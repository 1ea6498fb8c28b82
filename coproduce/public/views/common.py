"""What every public view shares: the organisation, the reader's language, and rendering into the public layout."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.translations import is_right_to_left
from coproduce.organisations.models import Organisation
from coproduce.public.language import public_site_of, reading_language, site_languages_of


def language_of(request: HttpRequest, organisation: Organisation) -> str | None:
    """The language the reader asked for with ?lang=, if the organisation publishes in it; else None (English)."""
    return reading_language(request, site_languages_of(organisation))


def render_public(
    request: HttpRequest, organisation: Organisation, template: str, context: dict | None = None
) -> HttpResponse:
    language = language_of(request, organisation)
    return render(
        request,
        template,
        {
            "public_organisation": organisation,
            "public_site": public_site_of(organisation),
            "lang": language,
            "lang_rtl": bool(language) and is_right_to_left(language),
            "lang_query": f"lang={language}" if language else "",
            **(context or {}),
        },
    )
