"""Writes about safeguarding concerns: raising one (and telling the designated safeguarding leads at once),
changing its status, adding notes, recording who read it, and keeping the organisation's arrangements.

Audit lines and emails never carry what a concern says: only that it exists, its reference and its status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.core.tasks import send_email
from coproduce.organisations.models import Membership, Role
from coproduce.safeguarding.models import ConcernNote, ConcernStatus, SafeguardingArrangements, SafeguardingConcern

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Household, Person

Status = ConcernStatus
# Where a concern can go from each status. A lead may close a concern at any point (with a note saying why);
# a closed concern stays closed, though notes can still be added to it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.ACKNOWLEDGED, Status.REFERRED, Status.CLOSED),
    Status.ACKNOWLEDGED: (Status.REFERRED, Status.CLOSED),
    Status.REFERRED: (Status.CLOSED,),
    Status.CLOSED: (),
}
ARRANGEMENT_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_email",
    "out_of_hours",
    "procedure",
    "procedure_url",
)


def concern_reference(concern: SafeguardingConcern) -> str:
    """The short reference staff quote when they phone about a concern (the end of its id, as in the audit log)."""
    return str(concern.pk)[-8:].upper()


def safeguarding_leads(organisation: Organisation) -> list[User]:
    """The organisation's designated safeguarding leads with an active account."""
    return [
        m.user
        for m in Membership.objects.for_organisation(organisation)
        .filter(role=Role.SAFEGUARDING_LEAD, user__is_active=True)
        .select_related("user")
    ]


def _admins(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in Membership.objects.for_organisation(organisation)
        .filter(role=Role.ADMIN, user__is_active=True)
        .select_related("user")
    ]


def may_read_concern(user: User, concern: SafeguardingConcern) -> bool:
    """Only the organisation's safeguarding leads and the person who raised it may read a concern."""
    return concern.raised_by_id == user.pk or user.has_perm("safeguarding.handle_concerns", concern)


def _notify(organisation: Organisation, concern: SafeguardingConcern) -> bool:
    """Email every safeguarding lead (or, if there are none, every administrator) that a concern is waiting,
    once the concern is saved. The email says nothing of what the concern is about. Returns whether the
    organisation has a safeguarding lead to handle it."""
    leads = safeguarding_leads(organisation)
    if concern.immediate_danger:
        subject = _("Urgent: new safeguarding concern – someone may be in immediate danger")
    else:
        subject = _("New safeguarding concern")
    danger = (
        _("The person who raised it said someone is in immediate danger. Read it now.\n\n")
        if concern.immediate_danger
        else ""
    )
    if leads:
        link = settings.SITE_URL + reverse("safeguarding:concern_detail", kwargs={"concern_id": concern.pk})
        text = _(
            "A new safeguarding concern (reference %(reference)s) has been raised in %(organisation)s and is "
            "waiting for a designated safeguarding lead.\n\n%(danger)sSign in to read it:\n%(link)s\n\n"
            "For safety, this email does not say what the concern is about."
        ) % {"reference": concern_reference(concern), "organisation": organisation.name, "danger": danger, "link": link}
        recipients = leads
    else:
        link = settings.SITE_URL + reverse("organisations:member_list")
        text = _(
            "A new safeguarding concern (reference %(reference)s) has been raised in %(organisation)s, but the "
            "organisation has no designated safeguarding lead in coproduce, so nobody can read or handle it here."
            "\n\n%(danger)sGive the safeguarding lead role to the right person now:\n%(link)s\n\n"
            "The person who raised it has been asked to phone your safeguarding contact. For safety, this email "
            "does not say what the concern is about."
        ) % {"reference": concern_reference(concern), "organisation": organisation.name, "danger": danger, "link": link}
        recipients = _admins(organisation)
    for user in recipients:
        email = user.email
        transaction.on_commit(lambda email=email: send_email.enqueue(to=[email], subject=subject, text=text))
    return bool(leads)


@transaction.atomic
def concern_raise(
    *,
    actor: User,
    organisation: Organisation,
    what_happened: str,
    immediate_danger: bool,
    person: Person | None = None,
    household: Household | None = None,
    context_type: str = "",
    context_id: str = "",
    context_label: str = "",
    request: HttpRequest | None = None,
) -> SafeguardingConcern:
    """Record a concern and tell the organisation's safeguarding leads at once. `context_*` name where it was
    raised from when that is not a person or household (for example an activity)."""
    what_happened = what_happened.strip()
    if not what_happened:
        raise ValidationError({"what_happened": _("Say what happened, or what you saw or heard")})
    for about in (person, household):
        if about is not None and about.organisation_id != organisation.pk:
            raise ValidationError(_("Choose a person or household from your own organisation"))
    concern = SafeguardingConcern.objects.create(
        organisation=organisation,
        person=person,
        household=household,
        context_type=context_type,
        context_id=str(context_id),
        context_label=context_label[:200],
        raised_by=actor,
        what_happened=what_happened,
        immediate_danger=immediate_danger,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=concern,
        summary="Raised a safeguarding concern" + (" (immediate danger)" if immediate_danger else ""),
        request=request,
    )
    _notify(organisation, concern)
    return concern


def concern_view_record(*, actor: User, concern: SafeguardingConcern, request: HttpRequest | None = None) -> None:
    """Every time anyone reads a concern, the audit log says who and when."""
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=actor,
        organisation=concern.organisation,
        obj=concern,
        summary="Read a safeguarding concern",
        request=request,
    )


@transaction.atomic
def concern_change_status(
    *,
    actor: User,
    concern: SafeguardingConcern,
    to_status: str,
    note: str = "",
    referred_to: str = "",
    request: HttpRequest | None = None,
) -> ConcernNote:
    """A safeguarding lead moves a concern on. Referring needs to say who to; closing needs a note saying why."""
    if not actor.has_perm("safeguarding.handle_concerns", concern):
        raise ValidationError(_("Only a designated safeguarding lead can change the status of a concern"))
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    from_status = concern.status
    if to_status not in TRANSITIONS.get(from_status, ()):
        raise ValidationError(
            {
                "to_status": _("A concern that is %(from)s cannot be marked as %(to)s")
                % {
                    "from": Status(from_status).label.lower(),
                    "to": Status(to_status).label.lower() if to_status in Status.values else to_status,
                }
            }
        )
    note, referred_to = note.strip(), referred_to.strip()
    errors = {}
    if to_status == Status.REFERRED and not referred_to:
        errors["referred_to"] = _("Say who the concern was referred to, for example children's social care")
    if to_status == Status.CLOSED and not note:
        errors["note"] = _("Say why the concern is being closed")
    if errors:
        raise ValidationError(errors)
    fields = {"status": to_status}
    if to_status == Status.REFERRED:
        fields["referred_to"] = referred_to
    assign_and_diff(concern, fields, ("status", "referred_to"))
    concern.save(update_fields=["status", "referred_to", "updated_at"])
    entry = ConcernNote.objects.create(
        organisation=concern.organisation,
        concern=concern,
        author=actor,
        text=note,
        status_from=from_status,
        status_to=to_status,
    )
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=concern.organisation,
        obj=concern,
        summary=f"Changed the status of a safeguarding concern to {to_status}",
        # Statuses are fixed words, not anything written about a family; referred_to and the note are free text.
        changes={"status": [from_status, to_status], "fields": sorted(fields) + (["note"] if note else [])},
        request=request,
    )
    return entry


@transaction.atomic
def concern_note_add(
    *, actor: User, concern: SafeguardingConcern, text: str, request: HttpRequest | None = None
) -> ConcernNote:
    """A safeguarding lead's note, or further information from the person who raised the concern."""
    if not may_read_concern(actor, concern):
        raise ValidationError(_("Only a safeguarding lead or the person who raised the concern can add to it"))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note")})
    entry = ConcernNote.objects.create(organisation=concern.organisation, concern=concern, author=actor, text=text)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=concern.organisation,
        obj=entry,
        object_label=concern.audit_label,
        summary="Added a note to a safeguarding concern",
        request=request,
    )
    return entry


@transaction.atomic
def arrangements_save(
    *, actor: User, organisation: Organisation, request: HttpRequest | None = None, **fields
) -> SafeguardingArrangements:
    """Create or change who to contact about safeguarding and what to do."""
    arrangements = SafeguardingArrangements.objects.filter(organisation=organisation).first()
    created = arrangements is None
    if created:
        arrangements = SafeguardingArrangements(organisation=organisation)
    changes = assign_and_diff(arrangements, fields, ARRANGEMENT_FIELDS)
    arrangements.full_clean()
    arrangements.save()
    if created or changes:
        audit_record(
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=arrangements,
            summary="Recorded the safeguarding arrangements" if created else "Changed the safeguarding arrangements",
            changes={"fields": sorted(changes)},
            request=request,
        )
    return arrangements
