"""How django-allauth behaves here: nobody signs up on their own (staff are invited), and lockouts are audited."""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import AuditEvent

SIGNED_IN_AT_SESSION_KEY = "signed_in_at"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "You have entered the wrong password too many times. To keep the account safe, signing in is locked "
            "for 15 minutes. Wait and try again, or reset your password."
        ),
        "email_password_mismatch": _("The email address or password is not right. Check them and try again."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Someone who signed in with their password moments ago is not asked for it again (for example when
        they are sent straight on to set up their authenticator app)."""
        request = self.request
        signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY) if request is not None else None
        if signed_in_at and time.time() - signed_in_at < account_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from coproduce.accounts.signals import audit_account

            audit_account(
                action=AuditEvent.Action.LOCKED_OUT,
                summary="Sign-in refused: too many failed attempts",
                request=request,
                email=str(credentials.get("email", "")),
                by_the_user=False,
            )
            raise
