"""Fetching records for the member making the request. Another organisation's record is a 404 (never a 403,
which would confirm it exists); a record the member may see but not change is a 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

M = TypeVar("M", bound=models.Model)


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view needs a signed-in member of an organisation; request.organisation is then set."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.organisation is None:
            return render(request, "core/no_organisation.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(permission: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The member needs a named permission in their current organisation (see organisations/rules.py)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @member_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission, request.organisation):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_for_member[M: models.Model](
    request: HttpRequest, queryset: models.QuerySet[M], pk: object, *, permission: str | None = None
) -> M:
    """One record of the member's current organisation by id; 404 if missing or another organisation's,
    403 if `permission` is given and the member lacks it."""
    try:
        obj = queryset.for_organisation(request.organisation).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if permission and not request.user.has_perm(permission, obj):
        raise PermissionDenied
    return obj
