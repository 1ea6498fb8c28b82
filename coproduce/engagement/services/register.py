"""The register on the day: who has a place (from their replies) and who came, for how long, whether what they
need to take part was there, their photo consent, and walk-ins added at the door with their consent.

Saving the register writes one Attendance row per person in one transaction, with one audit line (field names
only), and brings the payment lines for their time up to date (coproduce/payments/services.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.analysis.payments import hours_between, quantize_hours
from coproduce.consent.checks import allows
from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
from coproduce.consent.services import consent_give
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, Attendance, HeardAbout, Invitation, JoinWay, Reply
from coproduce.engagement.services.invitations import lock_activity
from coproduce.insights import involvement
from coproduce.payments.services import honoraria_sync
from coproduce.people import services as people_services
from coproduce.people.models import AccessNeeds, Person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User

MAX_HOURS = Decimal(24)
WALK_IN_MATCHES = 10
ADULT_AGE = 18
# Ways a walk-in's consent can be recorded at the door.
WALK_IN_METHODS = (ConsentMethod.VERBAL, ConsentMethod.PAPER)


@dataclass
class Need:
    code: str
    label: str
    provided: bool | None  # None: not recorded yet


@dataclass
class RegisterRow:
    person: Person
    invitation: Invitation | None
    attendance: Attendance | None
    needs: list[Need] = field(default_factory=list)
    other_needs: str = ""
    photos_allowed: bool = False
    photos_answered: bool = False

    @property
    def attended(self) -> bool:
        return bool(self.attendance and self.attendance.attended)

    @property
    def walk_in(self) -> bool:
        return bool(self.attendance and self.attendance.walk_in)

    @property
    def joining_label(self) -> str:
        joining = self.invitation.joining if self.invitation else ""
        return JoinWay(joining).label if joining in JoinWay.values else ""

    @property
    def is_adult(self) -> bool:
        age = self.person.age()
        return age is None or age >= ADULT_AGE


def activity_length(activity: Activity) -> Decimal | None:
    """The activity's length in hours (2 decimal places), or None when it has no start and end times."""
    if activity.starts_at is None or activity.ends_at is None:
        return None
    return hours_between(int((activity.ends_at - activity.starts_at).total_seconds() // 60))


def activity_day(activity: Activity) -> dt.date | None:
    if activity.starts_at is not None:
        return timezone.localdate(activity.starts_at)
    return activity.window_opens_on


def register_problem(activity: Activity) -> str:
    """Why the register cannot be taken now, or "" when it can: from the day of the activity, not if cancelled."""
    if activity.status == Activity.Status.CANCELLED:
        return _("This activity was cancelled, so there is no register to take.")
    day = activity_day(activity)
    if day is not None and day > timezone.localdate():
        return _("You can take the register from the day of the activity.")
    return ""


def _check_open(activity: Activity) -> None:
    problem = register_problem(activity)
    if problem:
        raise ValidationError(problem)


def need_label(code: str, needs: AccessNeeds) -> str:
    """A short tag for a need: the field's own short name ("Step-free access"), with the interpreter's language."""
    label = str(AccessNeeds._meta.get_field(code).verbose_name)
    if code == "interpreter" and needs.interpreter_language:
        label = _("Interpreter (%(language)s)") % {"language": needs.interpreter_language}
    return label


def _needs(person: Person, attendance: Attendance | None) -> tuple[list[Need], str]:
    needs = getattr(person, "access_needs", None)
    if needs is None:
        return [], ""
    provided = attendance.needs_provided if attendance is not None else {}
    return (
        [Need(code, need_label(code, needs), provided.get(code)) for code in needs.needs()],
        needs.other_needs,
    )


def register_rows(activity: Activity) -> list[RegisterRow]:
    """Everyone with a place (replied yes, not on the waiting list) and everyone already on the register, in name
    order. Four queries, however many people."""
    invitations = (
        Invitation.objects.filter(activity=activity, person__erased_at__isnull=True)
        .coming()
        .select_related("person__access_needs")
    )
    attendance = Attendance.objects.filter(activity=activity, person__erased_at__isnull=True).select_related(
        "person__access_needs"
    )
    rows: dict[Any, RegisterRow] = {}
    for invitation in invitations:
        rows[invitation.person_id] = RegisterRow(person=invitation.person, invitation=invitation, attendance=None)
    for line in attendance:
        row = rows.get(line.person_id)
        if row is None:
            rows[line.person_id] = RegisterRow(person=line.person, invitation=None, attendance=line)
        else:
            row.attendance = line
    consents = Consent.objects.filter(person_id__in=list(rows), purpose=Purpose.PHOTOS, partner__isnull=True)
    for consent in consents:
        rows[consent.person_id].photos_allowed = allows(consent)
        rows[consent.person_id].photos_answered = True
    for row in rows.values():
        row.needs, row.other_needs = _needs(row.person, row.attendance)
    return sorted(rows.values(), key=lambda row: (row.person.display_name.casefold(), str(row.person.pk)))


@dataclass(frozen=True)
class RegisterSummary:
    on_register: int
    came: int
    walk_ins: int
    adults_came: int
    no_photos: int


def register_summary(rows: list[RegisterRow]) -> RegisterSummary:
    return RegisterSummary(
        on_register=len(rows),
        came=sum(1 for row in rows if row.attended),
        walk_ins=sum(1 for row in rows if row.walk_in),
        adults_came=sum(1 for row in rows if row.attended and row.is_adult),
        no_photos=sum(1 for row in rows if not row.photos_allowed),
    )


def _check_hours(hours: Decimal | None, person: Person) -> None:
    if hours is not None and not (Decimal(0) < hours <= MAX_HOURS):
        raise ValidationError(
            _("The hours %(name)s took part must be more than 0 and no more than 24") % {"name": person.display_name}
        )


def _touch(people_ids: list) -> None:
    """Taking part keeps a person active: retention counts from now."""
    if people_ids:
        Person.objects.filter(pk__in=people_ids).update(last_active_at=timezone.now())


@transaction.atomic
def register_save(
    *,
    actor: User | None,
    activity: Activity,
    changes: dict[Any, dict[str, Any]],
    request: HttpRequest | None = None,
) -> list[Attendance]:
    """Save the register. `changes` maps each person shown on the register to the fields changed for them
    (`attended`, `hours`, `needs_provided`); a person without a row yet gets one even when nothing changed (so
    those who did not come are recorded too). Only the fields changed are written, so two tablets taking the
    same register do not undo each other's ticks. Someone who came without hours gets the activity's length.
    Payments for time are worked out again only for people whose coming or hours changed: a line already made
    keeps its amount when only the needs provided change, even if the policy has changed since."""
    # Locked first, so that two first saves at once do not both make the same rows (the second waits, then finds
    # the rows the first made).
    activity = lock_activity(activity.pk)
    _check_open(activity)
    rows = {row.person.pk: row for row in register_rows(activity)}
    unknown = [key for key in changes if key not in rows]
    if unknown:
        raise ValidationError(_("Someone on the register is no longer on it: open the register again"))
    existing = {line.person_id: line for line in Attendance.objects.select_for_update().filter(activity=activity)}
    default_hours = activity_length(activity)
    recorded_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    saved: list[Attendance] = []
    to_pay: list[Attendance] = []  # lines whose coming or hours changed
    changed_names: set[str] = set()
    created = 0
    for person_id, fields in changes.items():
        row = rows[person_id]
        line = existing.get(person_id)
        if line is None:
            line = Attendance(
                organisation_id=activity.organisation_id,
                activity=activity,
                person=row.person,
                invitation=row.invitation,
            )
            created += 1
        elif not fields:
            continue
        before = (line.attended, line.hours)
        if "attended" in fields:
            line.attended = bool(fields["attended"])
        if "hours" in fields:
            line.hours = quantize_hours(fields["hours"]) if fields["hours"] is not None else None
        if "needs_provided" in fields:
            codes = {need.code for need in row.needs}
            line.needs_provided = {
                code: bool(value) for code, value in fields["needs_provided"].items() if code in codes
            }
        if line.attended and line.hours is None:
            line.hours = default_hours
        if not line.attended:
            line.hours = None
        _check_hours(line.hours, row.person)
        line.recorded_by = recorded_by
        line.save()
        changed_names.update(fields)
        saved.append(line)
        if (line.attended, line.hours) != before:
            to_pay.append(line)
    if saved:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=activity.organisation,
            obj=activity,
            summary="Took the register",
            changes={"fields": sorted(changed_names | ({"attended"} if created else set())), "rows": len(saved)},
            request=request,
        )
        _touch([line.person_id for line in saved if line.attended])
        involvement.attendance_sync(activity, saved)
        honoraria_sync(activity=activity, attendances=to_pay, actor=actor, request=request)
    return saved


# ---------------------------------------------------------------------------------------------------------------
# Walk-ins


def walk_in_search(activity: Activity, text: str) -> QuerySet[Person]:
    """People of the organisation matching a name or phone number typed at the door (at most WALK_IN_MATCHES)."""
    text = (text or "").strip()[:100]
    if not text:
        return Person.objects.none()
    return (
        Person.objects.for_organisation(activity.organisation)
        .not_erased()
        .search(text)
        .only("id", "full_name", "preferred_name", "pronunciation", "phone", "postcode")
        .order_by(Lower("full_name"), "id")[:WALK_IN_MATCHES]
    )


def walk_in_duplicates(activity: Activity, *, full_name: str, phone: str, email: str) -> list[Person]:
    """People who may already be on record: the same email or phone number, or the same full name."""
    fields = {"full_name": full_name, "email": email}
    try:
        fields["phone"] = people_services.uk_phone(phone)
    except ValidationError:
        fields["phone"] = ""
    matches = people_services.possible_duplicates(organisation=activity.organisation, fields=fields)
    same_name = Q(full_name__iexact=(full_name or "").strip()) | Q(preferred_name__iexact=(full_name or "").strip())
    named = Person.objects.for_organisation(activity.organisation).not_erased().filter(same_name)
    found = {person.pk: person for person in [*matches[:WALK_IN_MATCHES], *named[:WALK_IN_MATCHES]]}
    return sorted(found.values(), key=lambda person: (person.full_name.casefold(), str(person.pk)))


def _can_text(phone: str) -> bool:
    try:
        phone = people_services.uk_phone(phone)
    except ValidationError:
        return False
    return bool(phone) and not people_services.is_landline(phone)


def _record_consent(
    *, person: Person, purpose: str, given: bool, method: str, actor: User | None, request: HttpRequest | None
) -> None:
    told_to = (actor.get_full_name() if actor is not None and actor.is_authenticated else "") or _("Register")
    consent_give(
        person=person,
        purpose=purpose,
        status=ConsentStatus.GIVEN if given else ConsentStatus.REFUSED,
        method=method,
        told_to=told_to if method == ConsentMethod.VERBAL else "",
        actor=actor,
        request=request,
        via="register",
    )


@transaction.atomic
def walk_in_add(
    *,
    actor: User | None,
    activity: Activity,
    person: Person | None = None,
    full_name: str = "",
    preferred_name: str = "",
    phone: str = "",
    email: str = "",
    heard_about: str = "",
    contact: bool | None = None,
    photos: bool | None = None,
    consent_method: str = "",
    request: HttpRequest | None = None,
) -> Attendance:
    """Put someone who came without a place on the register, as having come. With `person` they are already on
    record; otherwise a person is made from the few details given, with their answers about being contacted and
    photographed recorded as they gave them (verbally or on paper). All or nothing."""
    activity = lock_activity(activity.pk)  # two staff adding the same person at once: the second finds the row
    _check_open(activity)
    errors: dict[str, str] = {}
    if heard_about and heard_about not in HeardAbout.values:
        errors["heard_about"] = _("Choose how they heard about it")
    if person is None:
        if contact is None:
            errors["contact"] = _("Say whether they are happy for us to contact them about taking part")
        if photos is None:
            errors["photos"] = _("Say whether they are happy to be in photos")
        if consent_method not in WALK_IN_METHODS:
            errors["consent_method"] = _("Say how they gave their answers")
    if errors:
        raise ValidationError(errors)
    if person is None:
        person = people_services.person_create(
            actor=actor,
            organisation=activity.organisation,
            request=request,
            full_name=full_name,
            preferred_name=preferred_name,
            phone=phone,
            email=email,
            contact_by_email=bool(contact and (email or "").strip()),
            contact_by_text=bool(contact and _can_text(phone)),
        )
        for purpose, given in ((Purpose.CONTACT, contact), (Purpose.PHOTOS, photos)):
            _record_consent(
                person=person, purpose=purpose, given=given, method=consent_method, actor=actor, request=request
            )
    elif person.organisation_id != activity.organisation_id or person.is_erased:
        raise ValidationError(_("Choose someone from your organisation's people"))
    line = Attendance.objects.select_for_update().filter(activity=activity, person=person).first()
    action = AuditEvent.Action.UPDATE
    if line is None:
        invitation = Invitation.objects.filter(activity=activity, person=person).first()
        line = Attendance(
            organisation_id=activity.organisation_id,
            activity=activity,
            person=person,
            invitation=invitation,
            walk_in=invitation is None or not (invitation.reply == Reply.YES and not invitation.on_waiting_list),
        )
        action = AuditEvent.Action.CREATE
    before = (line.attended, line.hours)
    line.attended = True
    line.hours = line.hours or activity_length(activity)
    if heard_about:
        line.heard_about = heard_about
    line.recorded_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    line.save()
    audit_record(
        action=action,
        actor=actor,
        organisation=activity.organisation,
        obj=line,
        summary=f"Added {person.audit_label} to the register of {activity.audit_label}",
        changes={"fields": ["attended", "hours", "walk_in", *(["heard_about"] if heard_about else [])]},
        request=request,
    )
    _touch([person.pk])
    involvement.attendance_sync(activity, [line])
    if (line.attended, line.hours) != before:
        honoraria_sync(activity=activity, attendances=[line], actor=actor, request=request)
    return line
