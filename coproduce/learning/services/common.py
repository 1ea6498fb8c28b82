"""Helpers the learning services share: the audit line, the next position in an ordered list, and the check that a
trainee is exactly one person or member of this organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils.translation import gettext as _

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership

if TYPE_CHECKING:
    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person

Action = AuditEvent.Action


def _audit(action: str, *, actor, organisation, obj, summary: str, request, changes: dict | None = None) -> None:
    audit_record(
        action=action,
        actor=actor,
        organisation=organisation,
        obj=obj,
        summary=summary,
        changes=changes,
        request=request,
    )


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def _trainee_problems(
    organisation: Organisation, *, person: Person | None, user: User | None, field: str = "trainee"
) -> dict:
    if (person is None) == (user is None):
        return {field: _("Choose one person or one member of staff")}
    if person is not None and (person.organisation_id != organisation.pk or person.is_erased):
        return {field: _("Choose one of your own organisation's people")}
    if user is not None and not Membership.objects.filter(organisation=organisation, user=user).exists():
        return {field: _("Choose a member of your own organisation")}
    return {}
