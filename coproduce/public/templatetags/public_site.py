"""The public site's layout: its service navigation and its language switcher, worked out from the organisation
being shown and the request (never from who is signed in, so every reader gets the same, cacheable page)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from coproduce.core.translations import CONTENT_LANGUAGES, is_right_to_left
from coproduce.public.language import reading_language, site_languages_of

register = template.Library()


def _with_language(href: str, language: str | None) -> str:
    return f"{href}?{urlencode({'lang': language})}" if language else href


def _this_page_in(request, path: str, language: str | None) -> str:
    """The page being read, in `language` (None: English): its other parameters (?status=, ?page=) are kept, only
    `lang` is replaced, added or taken away."""
    query = request.GET.copy() if request is not None else None
    if query is None:
        return _with_language(path, language)
    query.pop("lang", None)
    if language:
        query["lang"] = language
    return f"{path}?{query.urlencode()}" if query else path


@register.simple_tag(takes_context=True)
def public_chrome(context: template.Context, organisation) -> dict:
    """{nav: [{text, href, current}], languages: [{code, text, href, current, dir}], lang, dir} for the layout."""
    request = context.get("request")
    path = request.path if request is not None else ""
    codes = site_languages_of(organisation)
    language = reading_language(request, codes)
    slug = organisation.slug
    items = [
        (_("Home"), reverse("public:home", args=[slug])),
        (_("Get involved"), reverse("public:get_involved", args=[slug])),
        (_("What’s on"), reverse("public:activity_list", args=[slug])),
        (_("You said, we did"), reverse("public:you_said", args=[slug])),
        (_("Wins"), reverse("public:win_list", args=[slug])),
        (_("Our offers"), reverse("public:offer_list", args=[slug])),
        (_("Glossary"), reverse("public:glossary", args=[slug])),
        (_("Newsletter"), reverse("newsletter:signup", args=[slug])),
    ]
    home = items[0][1]
    # The longest matching prefix is the current section ("Home" only for the home page itself).
    current = max(
        (href for _text, href in items if path == href or (href != home and path.startswith(href.rstrip("/")))),
        key=len,
        default=None,
    )
    nav = [{"text": text, "href": _with_language(href, language), "current": href == current} for text, href in items]
    languages = []
    if codes:
        english = _this_page_in(request, path, None)
        languages.append({"code": "en", "text": "English", "href": english, "current": language is None, "dir": ""})
        for code in codes:
            languages.append(
                {
                    "code": code,
                    "text": CONTENT_LANGUAGES[code][1],
                    "href": _this_page_in(request, path, code),
                    "current": code == language,
                    "dir": "rtl" if is_right_to_left(code) else "",
                }
            )
    return {"nav": nav, "languages": languages, "lang": language}


@register.simple_tag
def lang_attrs(content) -> str:
    """` lang="xx"` (and ` dir="rtl"`) for the element holding translated content (a queries.Translated), else ``."""
    if not getattr(content, "lang", ""):
        return ""
    if content.rtl:
        return format_html(' lang="{}" dir="rtl"', content.lang)
    return format_html(' lang="{}"', content.lang)
