"""Writes about organisations, hubs, members and invitations. Each runs in one transaction with its audit line;
emails are queued only once the transaction has committed."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import hash_token
from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.core.tasks import send_email
from coproduce.organisations.models import Hub, Invitation, Membership, Organisation, Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User

HUB_FIELDS = ("name", "kind", "address", "postcode", "is_open")


def organisation_seed_defaults(*, organisation: Organisation) -> None:
    """What every organisation starts with: the brief's eight stakeholder groups and a list of the parts of the
    family's journey (both editable)."""
    from coproduce.projects.services import journey_areas_seed
    from coproduce.stakeholders.services import stakeholder_groups_seed

    stakeholder_groups_seed(organisation=organisation)
    journey_areas_seed(organisation=organisation)


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, slug: str, first_admin_email: str, request: HttpRequest | None = None
) -> Organisation:
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another organisation already uses this web name")})
    organisation = Organisation.objects.create(name=name, slug=slug)
    organisation_seed_defaults(organisation=organisation)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=organisation,
        summary=f"Created organisation {name}",
        request=request,
    )
    invitation_send(actor=actor, organisation=organisation, email=first_admin_email, role=Role.ADMIN, request=request)
    return organisation


@transaction.atomic
def hub_create(*, actor: User, organisation: Organisation, request: HttpRequest | None = None, **fields) -> Hub:
    if Hub.objects.for_organisation(organisation).has_name(fields["name"]):
        raise ValidationError({"name": _("There is already a hub called %(name)s") % {"name": fields["name"]}})
    hub = Hub.objects.create(organisation=organisation, **{k: fields[k] for k in HUB_FIELDS if k in fields})
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=hub,
        changes={k: str(getattr(hub, k)) for k in HUB_FIELDS},
        summary=f"Added hub {hub.name}",
        request=request,
    )
    return hub


@transaction.atomic
def hub_update(*, actor: User, hub: Hub, request: HttpRequest | None = None, **fields) -> Hub:
    name = fields.get("name", hub.name)
    if Hub.objects.for_organisation(hub.organisation).has_name(name, exclude=hub):
        raise ValidationError({"name": _("There is already a hub called %(name)s") % {"name": name}})
    changes = assign_and_diff(hub, fields, HUB_FIELDS)
    if changes:
        hub.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=hub.organisation,
            obj=hub,
            changes=changes,
            summary=f"Changed hub {hub.name}",
            request=request,
        )
    return hub


@transaction.atomic
def invitation_send(
    *, actor: User, organisation: Organisation, email: str, role: str, request: HttpRequest | None = None
) -> Invitation:
    """Invite someone by email to join with a role. Inviting the same address again replaces the open invitation."""
    email = email.strip().lower()
    if Membership.objects.for_organisation(organisation).filter(user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already a member of %(org)s") % {"email": email, "org": organisation.name}}
        )
    now = timezone.now()
    Invitation.objects.for_organisation(organisation).filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(raw_token),
        invited_by=actor,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(
        action=AuditEvent.Action.INVITE,
        actor=actor,
        organisation=organisation,
        obj=invitation,
        changes={"email": email, "role": role},
        summary=f"Invited {email} as {invitation.get_role_display()}",
        request=request,
    )
    link = settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": raw_token})
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": actor,
        "days": settings.INVITATION_VALID_DAYS,
        "definition_link": _definition_link(organisation),
    }
    subject = _("You are invited to join %(org)s on coproduce") % {"org": organisation.name}
    text = render_to_string("organisations/email/invitation.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(to=[email], subject=subject, text=text))
    return invitation


def _definition_link(organisation: Organisation) -> str:
    """The public page of the organisation's adopted definition of co-production, if it has adopted one."""
    from coproduce.commitments.models import DefinitionVersion

    if not DefinitionVersion.objects.for_organisation(organisation).adopted().exists():
        return ""
    return settings.SITE_URL + reverse("commitments:public", kwargs={"organisation_slug": organisation.slug})


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation, request: HttpRequest | None = None) -> Invitation:
    if invitation.status != "pending":
        raise ValidationError(_("Only a pending invitation can be withdrawn"))
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    invitation.refresh_from_db()
    audit_record(
        action=AuditEvent.Action.REVOKE,
        actor=actor,
        organisation=invitation.organisation,
        obj=invitation,
        summary=f"Withdrew the invitation for {invitation.email}",
        request=request,
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User, request: HttpRequest | None = None) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "pending":
        raise ValidationError(_("This invitation has expired or has already been used"))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to a different email address"))
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        action=AuditEvent.Action.ACCEPT,
        actor=user,
        organisation=invitation.organisation,
        obj=membership,
        changes={"role": membership.role},
        summary=f"{user.email} joined as {membership.get_role_display()}",
        request=request,
    )
    return membership


def _ensure_another_admin(membership: Membership) -> None:
    admins = Membership.objects.for_organisation(membership.organisation).filter(role=Role.ADMIN)
    if membership.role == Role.ADMIN and not admins.exclude(pk=membership.pk).exists():
        raise ValidationError(
            _("Every organisation needs at least one administrator. Make someone else an administrator first.")
        )


@transaction.atomic
def membership_change_role(
    *, actor: User, membership: Membership, role: str, request: HttpRequest | None = None
) -> Membership:
    if role == membership.role:
        return membership
    if role != Role.ADMIN:
        _ensure_another_admin(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=membership.organisation,
        obj=membership,
        changes={"role": [old, role]},
        summary=f"Changed {membership.user.email}'s role",
        request=request,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership, request: HttpRequest | None = None) -> None:
    _ensure_another_admin(membership)
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=membership.organisation,
        obj=membership,
        changes={"role": membership.role},
        summary=f"Removed {membership.user.email}",
        request=request,
    )
    membership.delete()
