"""Writes about involvement payments: the organisation's policy, the honorarium lines the register makes, expenses,
and a line's life (benefits note shown, declined, receipt, paid, cancelled). Each runs in one transaction with its
audit line, which names fields only, never amounts or people's details.

The arithmetic (pence, rounding, totals) lives in coproduce/analysis/payments.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.analysis import payments as arithmetic
from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.payments.models import PaymentLine, PaymentMethod, PaymentPolicy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.engagement.models import Activity, Attendance
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person
    from coproduce.projects.models import Project

POLICY_FIELDS = (
    "basis",
    "rate_pence",
    "offers_voucher",
    "offers_bank_transfer",
    "offers_cash",
    "pays_travel",
    "pays_childcare",
    "receipts_needed",
    "benefits_note",
    "advice_signposting",
)
METHOD_FIELDS = {
    PaymentMethod.VOUCHER: "offers_voucher",
    PaymentMethod.BANK_TRANSFER: "offers_bank_transfer",
    PaymentMethod.CASH: "offers_cash",
}
DEFAULT_BENEFITS_NOTE = gettext_lazy(
    "Being paid for your time can affect Universal Credit and some other benefits, such as Housing Benefit, "
    "Council Tax Reduction and Carer's Allowance. Shopping vouchers can count as income too. Money we pay back "
    "for things like bus fares or childcare does not usually affect benefits.\n\n"
    "You can say no to a payment and still take part. If you are not sure, get free advice before you accept."
)
DEFAULT_ADVICE = gettext_lazy(
    "Citizens Advice: call 0800 144 8848 (free), or go to www.citizensadvice.org.uk.\n"
    "The council's welfare rights team: ask at your family hub for their number."
)


def default_policy_fields() -> dict:
    """What a new policy starts with: paid by the hour at no rate yet, and the standard benefits wording."""
    return {
        "basis": PaymentPolicy.Basis.HOUR,
        "rate_pence": 0,
        "offers_voucher": True,
        "offers_bank_transfer": True,
        "offers_cash": False,
        "pays_travel": True,
        "pays_childcare": True,
        "receipts_needed": True,
        "benefits_note": str(DEFAULT_BENEFITS_NOTE),
        "advice_signposting": str(DEFAULT_ADVICE),
    }


def policy_for(organisation: Organisation | int) -> PaymentPolicy | None:
    return PaymentPolicy.objects.filter(organisation=organisation).first()


def methods_offered(policy: PaymentPolicy | None) -> list[str]:
    if policy is None:
        return []
    return [method for method, name in METHOD_FIELDS.items() if getattr(policy, name)]


def line_reference(line: PaymentLine) -> str:
    """The reference finance and staff quote for a line: the last 8 characters of its id, in capitals."""
    return str(line.pk)[-8:].upper()


def check_policy_fields(fields: dict) -> dict:
    cleaned = {**default_policy_fields(), **{name: fields[name] for name in POLICY_FIELDS if name in fields}}
    errors: dict[str, str] = {}
    if cleaned["basis"] not in PaymentPolicy.Basis.values:
        errors["basis"] = _("Choose how people are paid for their time")
    if cleaned["rate_pence"] is None or cleaned["rate_pence"] < 0:
        errors["rate_pence"] = _("Enter the rate in pounds and pence, like 15.00")
    elif cleaned["basis"] in (PaymentPolicy.Basis.HOUR, PaymentPolicy.Basis.SESSION) and cleaned["rate_pence"] == 0:
        errors["rate_pence"] = _(
            "Enter the rate in pounds and pence, like 15.00, or choose that you do not pay for time"
        )
    if cleaned["basis"] == PaymentPolicy.Basis.NONE:
        cleaned["rate_pence"] = 0
    pays_anything = cleaned["basis"] != PaymentPolicy.Basis.NONE or cleaned["pays_travel"] or cleaned["pays_childcare"]
    if pays_anything and not any(cleaned[name] for name in METHOD_FIELDS.values()):
        errors["methods"] = _("Choose at least one way you pay people")
    for name, message in (
        ("benefits_note", _("Say how payments can affect benefits: people see this before they accept a payment")),
        ("advice_signposting", _("Say where people can get advice about benefits, with how to contact them")),
    ):
        cleaned[name] = (cleaned[name] or "").strip()
        if not cleaned[name]:
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def policy_save(
    *, actor: User | None, organisation: Organisation, request: HttpRequest | None = None, **fields
) -> PaymentPolicy:
    """Create or change the organisation's payment policy. Lines already made keep their amounts."""
    cleaned = check_policy_fields(fields)
    policy = PaymentPolicy.objects.select_for_update().filter(organisation=organisation).first()
    if policy is None:
        policy = PaymentPolicy.objects.create(organisation=organisation, **cleaned)
        action, changed = AuditEvent.Action.CREATE, list(POLICY_FIELDS)
    else:
        changed = sorted(assign_and_diff(policy, cleaned, POLICY_FIELDS))
        action = AuditEvent.Action.UPDATE
        if not changed:
            return policy
        policy.save()
    audit_record(
        action=action,
        actor=actor,
        organisation=organisation,
        obj=policy,
        summary="Saved the payment policy",
        changes={"fields": changed},
        request=request,
    )
    return policy


# ---------------------------------------------------------------------------------------------------------------
# Honoraria from the register


def honorarium_description(activity: Activity, policy: PaymentPolicy, hours: Decimal | None) -> str:
    rate = arithmetic.format_pence(policy.rate_pence)
    if policy.basis == PaymentPolicy.Basis.SESSION:
        detail = _("%(rate)s a session") % {"rate": rate}
    else:
        detail = _("%(hours)s hours at %(rate)s an hour") % {"hours": hours, "rate": rate}
    return (_("Time at %(activity)s") % {"activity": activity.title})[:150] + f" ({detail})"


def honoraria_sync(
    *,
    activity: Activity,
    attendances: Iterable[Attendance],
    actor: User | None,
    request: HttpRequest | None = None,
) -> dict[str, int]:
    """Bring the honorarium lines of these register lines up to date with the policy: one line per attendance.
    Someone who came gets a line to pay (or its amount is brought up to date while it is still to pay); if they
    are unticked, a line still to pay is cancelled. A line whose amount changes must be accepted again (the note
    on benefits shown again). Lines that were declined or paid are never changed. Amounts follow today's policy,
    so callers pass only the attendances whose coming or hours changed. Runs in the caller's transaction; one
    audit line says how many lines were made, changed and cancelled."""
    policy = policy_for(activity.organisation_id)
    counts = {"created": 0, "updated": 0, "cancelled": 0}
    attendances = list(attendances)
    if not attendances:
        return counts
    existing = {
        line.attendance_id: line
        for line in PaymentLine.objects.select_for_update().filter(
            attendance__in=attendances, kind=PaymentLine.Kind.HONORARIUM
        )
    }
    recorded_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    for attendance in attendances:
        line = existing.get(attendance.pk)
        amount = 0
        if policy is not None and attendance.attended:
            amount = arithmetic.honorarium_pence(policy.basis, policy.rate_pence, attendance.hours)
        if line is not None and line.status in (PaymentLine.Status.DECLINED, PaymentLine.Status.PAID):
            continue
        if amount > 0:
            description = honorarium_description(activity, policy, attendance.hours)
            if line is None:
                PaymentLine.objects.create(
                    organisation_id=activity.organisation_id,
                    person_id=attendance.person_id,
                    activity=activity,
                    attendance=attendance,
                    project_id=activity.project_id,
                    kind=PaymentLine.Kind.HONORARIUM,
                    description=description,
                    amount_pence=amount,
                    recorded_by=recorded_by,
                )
                counts["created"] += 1
            elif (line.amount_pence, line.status, line.description) != (amount, PaymentLine.Status.DUE, description):
                if line.amount_pence != amount:
                    # They accepted the old amount: they must be asked again, with the note on benefits.
                    line.benefits_note_shown_at = None
                line.amount_pence = amount
                line.description = description
                line.status = PaymentLine.Status.DUE
                line.save(
                    update_fields=["amount_pence", "description", "status", "benefits_note_shown_at", "updated_at"]
                )
                counts["updated"] += 1
        elif line is not None and line.status == PaymentLine.Status.DUE:
            line.status = PaymentLine.Status.CANCELLED
            line.save(update_fields=["status", "updated_at"])
            counts["cancelled"] += 1
    if any(counts.values()):
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=activity.organisation,
            object_type=PaymentLine._meta.label,
            object_id=str(activity.pk),
            object_label=activity.audit_label,
            summary="Payments for time brought up to date from the register",
            changes=counts,
            request=request,
        )
    return counts


# ---------------------------------------------------------------------------------------------------------------
# Expenses


@transaction.atomic
def expense_add(
    *,
    actor: User | None,
    person: Person,
    project: Project,
    kind: str,
    amount_pence: int,
    description: str = "",
    activity: Activity | None = None,
    receipt_received: bool = False,
    receipt_reference: str = "",
    request: HttpRequest | None = None,
) -> PaymentLine:
    """An expense to pay back (travel, childcare or other), recorded by staff."""
    organisation = person.organisation
    policy = policy_for(organisation)
    errors: dict[str, str] = {}
    if policy is None:
        raise ValidationError(_("Set your organisation's payment policy before recording expenses"))
    if person.is_erased:
        raise ValidationError(_("This person's information has been erased"))
    if project.organisation_id != person.organisation_id:
        errors["project"] = _("Choose one of your organisation's projects")
    if activity is not None and activity.project_id != project.pk:
        errors["activity"] = _("Choose an activity of this project")
    if kind not in PaymentLine.EXPENSES:
        errors["kind"] = _("Choose what the expense is for")
    elif kind == PaymentLine.Kind.TRAVEL and not policy.pays_travel:
        errors["kind"] = _("Your payment policy does not pay travel costs")
    elif kind == PaymentLine.Kind.CHILDCARE and not policy.pays_childcare:
        errors["kind"] = _("Your payment policy does not pay childcare costs")
    if amount_pence is None or amount_pence <= 0:
        errors["amount_pence"] = _("Enter an amount more than £0, like 4.60")
    receipt_reference = (receipt_reference or "").strip()
    if receipt_received and not receipt_reference:
        errors["receipt_reference"] = _("Enter the receipt's reference, so finance can find it")
    if errors:
        raise ValidationError(errors)
    line = PaymentLine.objects.create(
        organisation=organisation,
        person=person,
        project=project,
        activity=activity,
        kind=kind,
        description=(description or "").strip(),
        amount_pence=amount_pence,
        receipt_received=receipt_received,
        receipt_reference=receipt_reference if receipt_received else "",
        recorded_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    given = ["kind", "amount_pence", "project"]
    optional = ("activity", "description", "receipt_received", "receipt_reference")
    given += [name for name in optional if getattr(line, name)]
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=line,
        summary=f"Added an expense for {person.audit_label}",
        changes={"fields": given},
        request=request,
    )
    return line


# ---------------------------------------------------------------------------------------------------------------
# A line's life


def _locked(line: PaymentLine) -> PaymentLine:
    return PaymentLine.objects.select_for_update().select_related("person", "organisation").get(pk=line.pk)


def _audit(line: PaymentLine, *, actor, request, summary: str, fields: list[str]) -> None:
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=line.organisation,
        obj=line,
        summary=summary,
        changes={"fields": fields},
        request=request,
    )


@transaction.atomic
def line_benefits_note_shown(
    *, actor: User | None, line: PaymentLine, request: HttpRequest | None = None
) -> PaymentLine:
    """Staff confirm they showed the person the note on benefits and where to get advice, and the person accepts
    the payment for their time."""
    line = _locked(line)
    if line.kind != PaymentLine.Kind.HONORARIUM:
        raise ValidationError(_("The note on benefits is for payments for time, not expenses"))
    if line.status != PaymentLine.Status.DUE:
        raise ValidationError(_("This payment is no longer waiting to be accepted"))
    if line.benefits_note_shown_at is None:
        line.benefits_note_shown_at = timezone.now()
        line.save(update_fields=["benefits_note_shown_at", "updated_at"])
        _audit(
            line,
            actor=actor,
            request=request,
            summary="The note on benefits was shown before the payment was accepted",
            fields=["benefits_note_shown_at"],
        )
    return line


@transaction.atomic
def line_decline(*, actor: User | None, line: PaymentLine, request: HttpRequest | None = None) -> PaymentLine:
    """The person does not want this payment. The line is kept (declined), apart from the totals."""
    line = _locked(line)
    if line.status != PaymentLine.Status.DUE:
        raise ValidationError(_("Only a payment still to pay can be declined"))
    line.status = PaymentLine.Status.DECLINED
    line.save(update_fields=["status", "updated_at"])
    _audit(line, actor=actor, request=request, summary="The person declined the payment", fields=["status"])
    return line


@transaction.atomic
def line_reinstate(*, actor: User | None, line: PaymentLine, request: HttpRequest | None = None) -> PaymentLine:
    """The person changed their mind after declining: the line is to pay again (and the benefits note must be
    shown again before it is accepted)."""
    line = _locked(line)
    if line.status != PaymentLine.Status.DECLINED:
        raise ValidationError(_("Only a declined payment can be put back"))
    line.status = PaymentLine.Status.DUE
    line.benefits_note_shown_at = None
    line.save(update_fields=["status", "benefits_note_shown_at", "updated_at"])
    _audit(
        line,
        actor=actor,
        request=request,
        summary="A declined payment is to pay again",
        fields=["status", "benefits_note_shown_at"],
    )
    return line


@transaction.atomic
def line_record_receipt(
    *,
    actor: User | None,
    line: PaymentLine,
    receipt_received: bool,
    receipt_reference: str = "",
    request: HttpRequest | None = None,
) -> PaymentLine:
    line = _locked(line)
    if not line.is_expense:
        raise ValidationError(_("Receipts are only for expenses"))
    if line.status == PaymentLine.Status.CANCELLED:
        raise ValidationError(_("This expense was cancelled"))
    receipt_reference = (receipt_reference or "").strip()
    if receipt_received and not receipt_reference:
        raise ValidationError({"receipt_reference": _("Enter the receipt's reference, so finance can find it")})
    changed = sorted(
        assign_and_diff(
            line,
            {"receipt_received": receipt_received, "receipt_reference": receipt_reference if receipt_received else ""},
            ("receipt_received", "receipt_reference"),
        )
    )
    if changed:
        line.save(update_fields=[*changed, "updated_at"])
        _audit(line, actor=actor, request=request, summary="Recorded a receipt", fields=changed)
    return line


@transaction.atomic
def line_mark_paid(
    *,
    actor: User | None,
    line: PaymentLine,
    paid_on: dt.date,
    method: str,
    request: HttpRequest | None = None,
) -> PaymentLine:
    line = _locked(line)
    policy = policy_for(line.organisation_id)
    if line.status != PaymentLine.Status.DUE:
        raise ValidationError(_("Only a payment still to pay can be marked as paid"))
    errors: dict[str, str] = {}
    if method not in methods_offered(policy):
        errors["method"] = _("Choose a way of paying that your payment policy offers")
    if paid_on is None:
        errors["paid_on"] = _("Enter the date it was paid")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("The date it was paid must be today or in the past")
    if errors:
        raise ValidationError(errors)
    if line.kind == PaymentLine.Kind.HONORARIUM and line.benefits_note_shown_at is None:
        raise ValidationError(
            _(
                "Before paying, show them the note on how payments can affect benefits and where to get advice, "
                "and confirm that you did"
            )
        )
    if line.is_expense and policy.receipts_needed and not (line.receipt_received and line.receipt_reference):
        raise ValidationError(
            _("Your payment policy needs a receipt for expenses: record the receipt and its reference first")
        )
    line.status = PaymentLine.Status.PAID
    line.paid_on = paid_on
    line.method = method
    line.save(update_fields=["status", "paid_on", "method", "updated_at"])
    _audit(line, actor=actor, request=request, summary="Marked as paid", fields=["status", "paid_on", "method"])
    return line


@transaction.atomic
def line_cancel(*, actor: User | None, line: PaymentLine, request: HttpRequest | None = None) -> PaymentLine:
    """An expense recorded by mistake. (Payments for time follow the register: untick the person there.)"""
    line = _locked(line)
    if not line.is_expense:
        raise ValidationError(_("A payment for time follows the register: untick them there if they did not come"))
    if line.status != PaymentLine.Status.DUE:
        raise ValidationError(_("Only an expense still to pay can be cancelled"))
    line.status = PaymentLine.Status.CANCELLED
    line.save(update_fields=["status", "updated_at"])
    _audit(line, actor=actor, request=request, summary="Cancelled an expense", fields=["status"])
    return line
