"""Template helpers for what an organisation publishes: links to translate a record into the organisation's
languages (for `publishing/_translations_links.html`)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from coproduce.core.translations import CONTENT_LANGUAGES
from coproduce.publishing.services import site_languages

register = template.Library()


def _organisation_languages(context: template.Context) -> list[str]:
    """The organisation's languages, read once per request however many records a page links."""
    request = context.get("request")
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return []
    cached = getattr(request, "_publishing_languages", None)
    if cached is None:
        cached = site_languages(organisation)
        request._publishing_languages = cached
    return cached


@register.simple_tag(takes_context=True)
def translation_links(context: template.Context, record, kind: str, languages=None) -> list[dict]:
    """[{code, name, own_name, done, url}] for each of the organisation's languages (or of `languages`, codes)."""
    # A page that does not pass `languages` gives an empty string (Django's value for a missing variable).
    codes = list(languages) if languages and not isinstance(languages, str) else _organisation_languages(context)
    return [
        {
            "code": code,
            "name": CONTENT_LANGUAGES[code][0],
            "own_name": CONTENT_LANGUAGES[code][1],
            "done": record.has_translation(code),
            "url": reverse(
                "publishing:translate", kwargs={"record_kind": kind, "record_id": record.pk, "language": code}
            ),
        }
        for code in codes
        if code in CONTENT_LANGUAGES
    ]
