"""Audit lines for what happens to an account: signing in and out, failed sign-ins and lockouts, password and
authenticator-app changes. Each is written once for every organisation the account belongs to, so that
organisation's administrators see it on their audit page (accounts without a role get one line without one)."""

from __future__ import annotations

import time

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest

from coproduce.accounts.models import User
from coproduce.core.audit import audit_record
from coproduce.core.middleware import second_factor_cache_key
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Organisation


def audit_account(
    *,
    action: str,
    summary: str,
    request: HttpRequest | None,
    user: User | None = None,
    email: str = "",
    by_the_user: bool = True,
) -> None:
    """Audit something that happened to an account (known, or only named by the email address typed)."""
    if user is None and email:
        user = User.objects.filter(email__iexact=email.strip()).first()
    label = user.email if user is not None else email.strip()[:200]
    organisations = list(Organisation.objects.filter(memberships__user=user)) if user is not None else []
    for organisation in organisations or [None]:
        audit_record(
            action=action,
            actor=user if by_the_user else None,
            organisation=organisation,
            object_type="accounts.User",
            object_id=str(user.pk) if user else "",
            object_label=label,
            summary=summary,
            request=request,
        )


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        from coproduce.accounts.adapters import SIGNED_IN_AT_SESSION_KEY

        request.session[SIGNED_IN_AT_SESSION_KEY] = time.time()
    audit_account(action=AuditEvent.Action.SIGN_IN, summary="Signed in", request=request, user=user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_account(action=AuditEvent.Action.SIGN_OUT, summary="Signed out", request=request, user=user)


@receiver(user_login_failed)
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_account(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        summary="Wrong email address or password",
        request=request,
        email=str(credentials.get("email", "")),
        by_the_user=False,
    )


@receiver(authentication_failed)
def audit_wrong_code(sender, request, user, **kwargs) -> None:
    audit_account(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        summary="Wrong code from the authenticator app",
        request=request,
        user=user,
        by_the_user=False,
    )


@receiver(password_changed)
@receiver(password_set)
def audit_password_changed(sender, request, user, **kwargs) -> None:
    audit_account(action=AuditEvent.Action.UPDATE, summary="Changed their password", request=request, user=user)


@receiver(password_reset)
def audit_password_reset(sender, request, user, **kwargs) -> None:
    audit_account(
        action=AuditEvent.Action.UPDATE, summary="Reset their password from an emailed link", request=request, user=user
    )


@receiver(authenticator_added)
@receiver(authenticator_removed)
def forget_cached_second_factor(sender, user, **kwargs) -> None:
    cache.delete(second_factor_cache_key(user.pk))


@receiver(authenticator_added)
def audit_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    audit_account(
        action=AuditEvent.Action.CREATE,
        summary=f"Set up {authenticator.get_type_display()}",
        request=request,
        user=user,
    )


@receiver(authenticator_removed)
def audit_authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    audit_account(
        action=AuditEvent.Action.DELETE,
        summary=f"Removed {authenticator.get_type_display()}",
        request=request,
        user=user,
    )


@receiver(authenticator_reset)
def audit_authenticator_reset(sender, request, user, authenticator, **kwargs) -> None:
    audit_account(
        action=AuditEvent.Action.UPDATE,
        summary=f"Renewed {authenticator.get_type_display()}",
        request=request,
        user=user,
    )
