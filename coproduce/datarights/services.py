"""Writes of the data rights area: the requests register, logging subject access exports and retention periods.
Erasure is in erasure.py and applying retention in retention.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import audit_record, changed_fields
from coproduce.core.models import AuditEvent
from coproduce.core.tasks import send_email
from coproduce.datarights.models import DataRightsRequest, RecordKind, RetentionPeriod
from coproduce.datarights.retention import retention_months
from coproduce.organisations.models import Membership, Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person

# The kinds a person may ask for themselves from their own link.
SELF_SERVICE_KINDS = (DataRightsRequest.Kind.ACCESS, DataRightsRequest.Kind.ERASURE)


def days_left(rights_request: DataRightsRequest, today: dt.date | None = None) -> int:
    """Days until the request is due: negative when overdue."""
    return (rights_request.due_on - (today or timezone.localdate())).days


def with_days_left(rights_requests: list[DataRightsRequest], today: dt.date | None = None) -> list[DataRightsRequest]:
    """Set `days_left` and `days_overdue` on each request, for the due-date tag (datarights/_due_tag.html)."""
    today = today or timezone.localdate()
    for rights_request in rights_requests:
        rights_request.days_left = days_left(rights_request, today)
        rights_request.days_overdue = -rights_request.days_left
    return rights_requests


def _check_person(organisation: Organisation, person: Person | None) -> None:
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError({"person": _("Choose someone from your own organisation")})


@transaction.atomic
def request_create(
    *,
    actor: User,
    organisation: Organisation,
    person: Person | None,
    kind: str,
    made_by: str,
    received_on: dt.date,
    notes: str = "",
    request: HttpRequest | None = None,
) -> DataRightsRequest:
    """Log a request received by staff (letter, email, phone, in person, or from someone acting for the person)."""
    _check_person(organisation, person)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date received must be today or in the past")})
    rights_request = DataRightsRequest.objects.create(
        organisation=organisation,
        person=person,
        kind=kind,
        made_by=made_by,
        received_on=received_on,
        notes=notes,
        logged_by=actor,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=rights_request,
        summary=f"Logged a data rights request ({kind}) for {person.audit_label if person else 'nobody found yet'}",
        changes={
            "kind": kind,
            "made_by": made_by,
            "received_on": received_on.isoformat(),
            "due_on": str(rights_request.due_on),
        },
        request=request,
    )
    return rights_request


def _dpo_emails(organisation: Organisation) -> list[str]:
    """The organisation's data protection officers; its administrators if it has none."""
    for role in (Role.DATA_PROTECTION_OFFICER, Role.ADMIN):
        emails = list(
            Membership.objects.for_organisation(organisation)
            .filter(role=role, user__is_active=True)
            .values_list("user__email", flat=True)
        )
        if emails:
            return emails
    return []


@transaction.atomic
def request_from_person(
    *, person: Person, kind: str, request: HttpRequest | None = None
) -> tuple[DataRightsRequest, bool]:
    """A request the person made themselves, from their own link. Returns (request, created): asking again while a
    request of the same kind is open returns that one. The data protection officers are emailed a link only, with
    no personal details."""
    if kind not in SELF_SERVICE_KINDS:
        raise ValidationError(_("This kind of request cannot be made here"))
    existing = DataRightsRequest.objects.filter(person=person, kind=kind, status=DataRightsRequest.Status.OPEN).first()
    if existing is not None:
        return existing, False
    organisation = person.organisation
    rights_request = DataRightsRequest.objects.create(
        organisation=organisation,
        person=person,
        kind=kind,
        made_by=DataRightsRequest.MadeBy.PERSON,
        received_on=timezone.localdate(),
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=None,
        organisation=organisation,
        obj=rights_request,
        summary=f"{person.audit_label} asked for {kind} from their own link",
        changes={"kind": kind, "made_by": "person", "due_on": rights_request.due_on.isoformat()},
        request=request,
    )
    recipients = _dpo_emails(organisation)
    if recipients:
        link = settings.SITE_URL + reverse("datarights:request_detail", kwargs={"rights_request_id": rights_request.pk})
        context = {"rights_request": rights_request, "organisation": organisation, "link": link}
        subject = _("A data rights request has arrived")
        text = render_to_string("datarights/email/request_arrived.txt", context)
        transaction.on_commit(lambda: send_email.enqueue(to=recipients, subject=subject, text=text))
    return rights_request, True


@transaction.atomic
def request_complete(
    *,
    actor: User,
    rights_request: DataRightsRequest,
    completed_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> DataRightsRequest:
    if rights_request.status == DataRightsRequest.Status.COMPLETED:
        raise ValidationError(_("This request has already been completed"))
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The date completed must be today or in the past")})
    if completed_on < rights_request.received_on:
        raise ValidationError({"completed_on": _("The date completed must be on or after the date received")})
    rights_request.status = DataRightsRequest.Status.COMPLETED
    rights_request.completed_on = completed_on
    rights_request.completed_by = actor
    rights_request.save(update_fields=["status", "completed_on", "completed_by", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=rights_request.organisation,
        obj=rights_request,
        summary=f"Completed a data rights request ({rights_request.kind})",
        changes={"status": ["open", "completed"], "completed_on": completed_on.isoformat()},
        request=request,
    )
    return rights_request


@transaction.atomic
def export_log(
    *,
    actor: User,
    person: Person,
    rights_request: DataRightsRequest,
    file_format: str,
    request: HttpRequest | None = None,
) -> None:
    """Audit one subject access export, with the request it answers and that request's dates."""
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=actor,
        organisation=person.organisation,
        obj=person,
        summary=f"Subject access export ({file_format}) of {person.audit_label}",
        changes={
            "format": file_format,
            "rights_request": str(rights_request.pk),
            "received_on": rights_request.received_on.isoformat(),
            "due_on": rights_request.due_on.isoformat(),
        },
        request=request,
    )


@transaction.atomic
def retention_periods_save(
    *, actor: User, organisation: Organisation, months: dict[str, int], request: HttpRequest | None = None
) -> dict[str, list[str]]:
    """Set how many months each kind of record is kept. Returns what changed ({kind: [old, new]})."""
    before = retention_months(organisation)
    for kind, value in months.items():
        if kind not in RecordKind.values:
            raise ValidationError(_("Unknown kind of record"))
        if value < 1:
            raise ValidationError({kind: _("Keep records for at least 1 month")})
        RetentionPeriod.objects.update_or_create(organisation=organisation, kind=kind, defaults={"months": value})
    changes = changed_fields(before, {**before, **months})
    if changes:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            object_type=RetentionPeriod._meta.label,
            object_label="Retention periods",
            summary="Changed retention periods",
            changes=changes,
            request=request,
        )
    return changes
