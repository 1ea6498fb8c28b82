"""Writes about stakeholder groups and partners: each in one transaction with its audit line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.stakeholders.defaults import EIGHT_GROUPS
from coproduce.stakeholders.models import Partner, StakeholderGroup

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

PARTNER_FIELDS = (
    "name",
    "kind",
    "stakeholder_group",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "is_active",
)


def stakeholder_groups_seed(*, organisation: Organisation) -> list[StakeholderGroup]:
    """Give an organisation the brief's eight groups (those it lacks). Safe to run again."""
    have = set(StakeholderGroup.objects.for_organisation(organisation).exclude(key="").values_list("key", flat=True))
    created = [
        StakeholderGroup(
            organisation=organisation,
            key=key,
            name=str(name),
            description=str(description),
            outreach_prompt=str(prompt),
            order=(index + 1) * 10,
        )
        for index, (key, name, description, prompt) in enumerate(EIGHT_GROUPS)
        if key not in have
    ]
    return StakeholderGroup.objects.bulk_create(created)


@transaction.atomic
def subgroup_create(
    *,
    actor: User,
    organisation: Organisation,
    parent: StakeholderGroup,
    name: str,
    description: str = "",
    request: HttpRequest | None = None,
) -> StakeholderGroup:
    if parent.organisation_id != organisation.pk or parent.parent_id is not None:
        raise ValidationError({"parent": _("Choose one of the eight stakeholder groups")})
    if StakeholderGroup.objects.for_organisation(organisation).has_name(name):
        raise ValidationError({"name": _("There is already a group called %(name)s") % {"name": name}})
    group = StakeholderGroup.objects.create(
        organisation=organisation, parent=parent, name=name, description=description, order=parent.order
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=group,
        summary=f"Added the sub-group {name} to {parent.name}",
        request=request,
    )
    return group


@transaction.atomic
def partner_save(
    *,
    actor: User,
    organisation: Organisation,
    partner: Partner | None = None,
    request: HttpRequest | None = None,
    **fields,
) -> Partner:
    """Create a partner (partner=None) or change one, recording what changed."""
    group = fields.get("stakeholder_group")
    if group is not None and group.organisation_id != organisation.pk:
        raise ValidationError({"stakeholder_group": _("Choose one of your organisation's stakeholder groups")})
    if Partner.objects.for_organisation(organisation).has_name(fields["name"], exclude=partner):
        raise ValidationError({"name": _("There is already a partner called %(name)s") % {"name": fields["name"]}})
    if partner is None:
        partner = Partner.objects.create(
            organisation=organisation, **{k: fields[k] for k in PARTNER_FIELDS if k in fields}
        )
        audit_record(
            action=AuditEvent.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=partner,
            summary=f"Added partner {partner.name}",
            request=request,
        )
        return partner
    changes = assign_and_diff(partner, fields, PARTNER_FIELDS)
    if changes:
        partner.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=partner,
            changes=changes,
            summary=f"Changed partner {partner.name}",
            request=request,
        )
    return partner
