"""Audit lines for signing in and out and for failed sign-ins."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit_record(
        action=AuditEvent.Action.SIGN_IN,
        actor=user,
        organisation=None,
        obj=user,
        object_label=user.email,
        summary="Signed in",
        request=request,
    )


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(
            action=AuditEvent.Action.SIGN_OUT,
            actor=user,
            organisation=None,
            obj=user,
            object_label=user.email,
            summary="Signed out",
            request=request,
        )


@receiver(user_login_failed)
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        actor=None,
        organisation=None,
        object_type="accounts.User",
        object_label=str(credentials.get("email", ""))[:200],
        summary="Wrong email address or password",
        request=request,
    )
