"""Response headers for pages of personal data."""

from __future__ import annotations

from django.http import HttpResponse


def private(response: HttpResponse, *, indexable: bool = False) -> HttpResponse:
    """Never cached, never indexed, and its address (a person's own link is their key) never sent on to another
    site. "strict-origin" sends at most our origin, never the path: "no-referrer" would hide that too, but makes
    browsers send "Origin: null" with form posts, which CSRF protection rightly refuses."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "strict-origin"
    if not indexable:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response
