"""Writes about accounts: API tokens and joining by invitation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import ApiToken, User, hash_token
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.organisations.models import Invitation, Membership


@transaction.atomic
def api_token_create(*, membership: Membership, name: str, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """Make a token for one member in one organisation. The raw key is returned once and never stored."""
    raw = ApiToken.generate_key()
    token = ApiToken.objects.create(
        organisation=membership.organisation,
        membership=membership,
        name=name,
        key_hash=hash_token(raw),
        key_hint=raw[:8],
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=membership.user,
        organisation=membership.organisation,
        obj=token,
        summary=f"Created API token {name}",
        request=request,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken, request: HttpRequest | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            action=AuditEvent.Action.REVOKE,
            actor=actor,
            organisation=token.organisation,
            obj=token,
            summary=f"Revoked API token {token.name}",
            request=request,
        )
    return token


@transaction.atomic
def user_create_from_invitation(
    *, invitation: Invitation, full_name: str, password: str, request: HttpRequest | None = None
) -> User:
    """A new account for the invited email address, joined to the organisation with the invited role."""
    from allauth.account.models import EmailAddress

    from coproduce.organisations.services import invitation_accept

    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this email address already exists. Sign in to accept."))
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=user,
        organisation=invitation.organisation,
        obj=user,
        object_label=user.email,
        summary="Created an account from an invitation",
        request=request,
    )
    invitation_accept(invitation=invitation, user=user, request=request)
    return user
