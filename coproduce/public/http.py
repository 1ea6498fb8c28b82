"""What every public page shares: finding the organisation from the address (unknown → 404), and the response
headers that let browsers and shared caches keep a page for five minutes and revalidate it cheaply.

A public page is the same for everyone: it reads nothing of the visitor (no personal navigation, no messages, no
form with a CSRF token). So it is sent `Cache-Control: public, max-age=300` without `Vary: Cookie`, with an ETag
for conditional GET (304 Not Modified). As a safety net, a response that set a cookie or used a CSRF token is made
private instead: such a page must never be stored by a shared cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import conditional_page, require_safe

from coproduce.organisations.models import Organisation

MAX_AGE = 5 * 60


def public_organisation(slug: str, *related: str) -> Organisation:
    """The organisation whose public site this is, with its public site settings (and `related` one-to-ones) in the
    same query; 404 for an unknown address."""
    try:
        return Organisation.objects.select_related("public_site", *related).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


def make_cacheable(request: HttpRequest, response: HttpResponse, *, max_age: int = MAX_AGE) -> HttpResponse:
    """Mark a public response as cacheable by anyone, unless it carries anything personal."""
    if response.status_code != 200:
        return response
    # A CSRF token on the page (get_token was called) or a cookie being set makes a response personal.
    personal = bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        personal = True
    if personal:
        patch_cache_control(response, private=True, no_store=True)
        return response
    patch_cache_control(response, public=True, max_age=max_age)
    if session is not None:
        # The middleware read the session to learn who is signed in, but nothing on this page depends on it:
        # without this the session middleware would add "Vary: Cookie", and shared caches would keep one copy
        # per visitor (or none at all).
        session.accessed = False
    return response


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, cacheable for five minutes, with an ETag and conditional GET."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return make_cacheable(request, view(request, *args, **kwargs))

    return require_safe(conditional_page(wrapped))
