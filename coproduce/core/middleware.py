"""Request id, the current organisation of a signed-in member, and the staff second-factor requirement."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from coproduce.core.request_context import set_request_id

SESSION_ORGANISATION_KEY = "current_organisation_id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Gives each request an id (the load balancer's X-Request-ID if it is safe, else a new one) for logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs 4xx/5xx responses after the middleware has returned, and those
        # lines need the id too. The next request on this thread sets its own.
        set_request_id(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class CurrentOrganisationMiddleware:
    """Sets request.memberships, request.membership and request.organisation for a signed-in member.

    The current organisation is kept in the session; a member of several switches between them. With no
    membership (a family member, or a new account), request.organisation is None.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = []
        request.membership = None
        request.organisation = None
        if request.user.is_authenticated:
            from coproduce.organisations.models import Membership

            memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
            memberships.sort(key=lambda m: m.organisation.name)
            request.memberships = memberships
            # Prime the role cache that permission predicates read, saving them a query.
            request.user._coproduce_roles = {m.organisation_id: m.role for m in memberships}
            wanted = request.session.get(SESSION_ORGANISATION_KEY)
            current = next((m for m in memberships if str(m.organisation_id) == wanted), None)
            if current is None and memberships:
                current = memberships[0]
            if current is not None:
                request.membership = current
                request.organisation = current.organisation
        return self.get_response(request)


class StaffMfaMiddleware:
    """When REQUIRE_STAFF_MFA is on, staff (members of any organisation, and platform administrators) must set up
    an authenticator app before they can use anything else."""

    # Only what is needed to set the app up (or to leave): not the rest of /accounts/, such as API tokens.
    ALLOWED_PREFIXES = (
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
        "/accounts/login/",
        "/accounts/logout/",
        "/accounts/password/",
        "/static/",
        "/healthz",
        "/accessibility",
        "/privacy",
        "/cookies",
        "/feedback",
        "/o/",  # organisations' public pages
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.second_factor_pending = request.user.is_authenticated and second_factor_missing(
            request.user, request.memberships
        )
        if request.second_factor_pending and not request.path.startswith(self.ALLOWED_PREFIXES):
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


SECOND_FACTOR_CACHE_SECONDS = 60


def second_factor_cache_key(user_id: object) -> str:
    return f"coproduce:has-totp:{user_id}"


def has_second_factor(user) -> bool:
    """Whether the user has an authenticator app. Asked on every staff request, so the answer is cached for a
    minute (and forgotten at once, in this process, when an authenticator is added or removed)."""
    from allauth.mfa.models import Authenticator

    key = second_factor_cache_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        cache.set(key, cached, SECOND_FACTOR_CACHE_SECONDS)
    return cached


def second_factor_missing(user, memberships: list) -> bool:
    """True when staff must have an authenticator app and this one has none (web pages and the API alike)."""
    return bool(settings.REQUIRE_STAFF_MFA and (memberships or user.is_superuser) and not has_second_factor(user))
