"""Writes about the shared definition, the commitment and its signatures, and strategies. Each runs in one
transaction with its audit line; reminder emails are queued only once the transaction has committed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.commitments.models import (
    Commitment,
    DefinitionCommunication,
    DefinitionVersion,
    Method,
    ParagraphComment,
    Signature,
    Strategy,
    StrategyRefresh,
)
from coproduce.core.audit import audit_record, changed_fields
from coproduce.core.models import AuditEvent
from coproduce.core.tasks import send_email

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Membership, Organisation
    from coproduce.stakeholders.models import Partner, StakeholderGroup

# How many days ahead an owner is reminded that a sustaining strategy's refresh is due.
REMINDER_DAYS_AHEAD = 14

STRATEGY_FIELDS = (
    "title",
    "description",
    "area",
    "owner",
    "start_date",
    "end_date",
    "status",
    "is_sustaining",
    "refresh_every_months",
    "last_refreshed_on",
)

Version = DefinitionVersion.Status


def _today() -> dt.date:
    return timezone.localdate()


def check_not_future(value: dt.date | None, field: str, what: str, today: dt.date | None = None) -> None:
    if value is not None and value > (today or _today()):
        raise ValidationError({field: _("%(what)s must be today or in the past") % {"what": what}})


def check_definition_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter the definition of co-production")})
    return text


# The shared definition


@transaction.atomic
def definition_version_start(
    *, actor: User, organisation: Organisation, text: str, request: HttpRequest | None = None
) -> DefinitionVersion:
    """Start the next numbered version (the form starts it as a copy of the latest). One draft at a time."""
    text = check_definition_text(text)
    if DefinitionVersion.objects.for_organisation(organisation).drafts().exists():
        raise ValidationError(_("There is already a draft: change that one, or adopt it first"))
    latest = DefinitionVersion.objects.for_organisation(organisation).aggregate(n=Max("number"))["n"] or 0
    version = DefinitionVersion.objects.create(
        organisation=organisation, number=latest + 1, text=text, created_by=actor
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=version,
        changes={"text": text},
        summary=f"Started version {version.number} of the definition of co-production",
        request=request,
    )
    return version


@transaction.atomic
def definition_version_update(
    *, actor: User, version: DefinitionVersion, text: str, request: HttpRequest | None = None
) -> DefinitionVersion:
    text = check_definition_text(text)
    version = DefinitionVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise ValidationError(_("Only a draft can be changed: start a new version instead"))
    if text == version.text:
        return version
    old = version.text
    version.text = text
    version.save(update_fields=["text", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=version.organisation,
        obj=version,
        changes={"text": [old, text]},
        summary=f"Changed the draft of version {version.number} of the definition of co-production",
        request=request,
    )
    return version


@transaction.atomic
def definition_adopt(
    *,
    actor: User,
    version: DefinitionVersion,
    adopted_on: dt.date,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> DefinitionVersion:
    """Adopt a draft. The version adopted before it is kept, marked as replaced on the same date."""
    check_not_future(adopted_on, "adopted_on", _("The date adopted"), today)
    version = DefinitionVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise ValidationError(_("Only a draft can be adopted"))
    organisation = version.organisation
    previous = DefinitionVersion.objects.select_for_update().for_organisation(organisation).adopted().first()
    if previous is not None:
        if adopted_on < previous.adopted_on:
            raise ValidationError(
                {
                    "adopted_on": _("Version %(number)d was adopted on %(date)s: enter that date or a later one")
                    % {"number": previous.number, "date": previous.adopted_on.strftime("%d/%m/%Y")}
                }
            )
        previous.status = Version.SUPERSEDED
        previous.superseded_on = adopted_on
        previous.save(update_fields=["status", "superseded_on", "updated_at"])
    version.status = Version.ADOPTED
    version.adopted_on = adopted_on
    version.adopted_by = actor
    version.save(update_fields=["status", "adopted_on", "adopted_by", "updated_at"])
    replaced = f", replacing version {previous.number}" if previous else ""
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=organisation,
        obj=version,
        changes={"status": ["draft", "adopted"], "adopted_on": ["", adopted_on.isoformat()]},
        summary=f"Adopted version {version.number} of the definition of co-production on {adopted_on}{replaced}",
        request=request,
    )
    return version


@transaction.atomic
def definition_comment_add(
    *,
    actor: User,
    version: DefinitionVersion,
    paragraph_number: int,
    text: str,
    request: HttpRequest | None = None,
) -> ParagraphComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter your comment")})
    if not version.is_draft:
        raise ValidationError(_("Comments are closed: this version is no longer a draft"))
    paragraphs = version.paragraphs
    if not 1 <= paragraph_number <= len(paragraphs):
        raise ValidationError(_("That paragraph is not in this version"))
    comment = ParagraphComment.objects.create(
        organisation=version.organisation,
        version=version,
        paragraph_number=paragraph_number,
        paragraph_text=paragraphs[paragraph_number - 1],
        text=text,
        author=actor,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=version.organisation,
        obj=version,
        summary=f"Commented on paragraph {paragraph_number} of version {version.number} of the definition",
        request=request,
    )
    return comment


@transaction.atomic
def definition_communication_record(
    *,
    actor: User,
    version: DefinitionVersion,
    groups: list[StakeholderGroup],
    communicated_on: dt.date,
    method: str,
    note: str = "",
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> list[DefinitionCommunication]:
    """Record that the adopted definition was shared with some of the eight stakeholder groups: one row each."""
    organisation = version.organisation
    if version.status != Version.ADOPTED:
        raise ValidationError(_("Only the adopted version can be recorded as communicated"))
    if not groups:
        raise ValidationError({"groups": _("Choose at least one stakeholder group")})
    if any(g.organisation_id != organisation.pk or g.parent_id is not None for g in groups):
        raise ValidationError({"groups": _("Choose from your organisation's stakeholder groups")})
    if method not in Method.values:
        raise ValidationError({"method": _("Choose how it was communicated")})
    check_not_future(communicated_on, "communicated_on", _("The date"), today)
    if communicated_on < version.adopted_on:
        raise ValidationError({"communicated_on": _("Enter a date on or after the date the definition was adopted")})
    rows = DefinitionCommunication.objects.bulk_create(
        [
            DefinitionCommunication(
                organisation=organisation,
                version=version,
                group=group,
                communicated_on=communicated_on,
                method=method,
                note=note.strip(),
                recorded_by=actor,
            )
            for group in groups
        ]
    )
    names = ", ".join(g.name for g in groups)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=version,
        changes={"groups": names, "communicated_on": communicated_on.isoformat(), "method": method},
        summary=f"Recorded that version {version.number} of the definition was shared with {names} ({method})",
        request=request,
    )
    return rows


# The commitment and its signatures


@transaction.atomic
def commitment_save(
    *, actor: User, organisation: Organisation, text: str, request: HttpRequest | None = None
) -> Commitment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter the commitment")})
    commitment = Commitment.objects.select_for_update().for_organisation(organisation).first()
    if commitment is None:
        commitment = Commitment.objects.create(organisation=organisation, text=text, updated_by=actor)
        audit_record(
            action=AuditEvent.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=commitment,
            changes={"text": text},
            summary="Wrote the commitment to co-produce",
            request=request,
        )
        return commitment
    if commitment.text == text:
        return commitment
    old = commitment.text
    commitment.text = text
    commitment.updated_by = actor
    commitment.save(update_fields=["text", "updated_by", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=organisation,
        obj=commitment,
        changes={"text": [old, text]},
        summary="Changed the commitment to co-produce",
        request=request,
    )
    return commitment


def _commitment_of(organisation: Organisation) -> Commitment:
    commitment = Commitment.objects.for_organisation(organisation).first()
    if commitment is None:
        raise ValidationError(_("The commitment has not been written yet, so it cannot be signed"))
    return commitment


def _create_signature(*, actor: User, commitment: Commitment, request: HttpRequest | None, **fields) -> Signature:
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                organisation=commitment.organisation, commitment=commitment, recorded_by=actor, **fields
            )
    except IntegrityError:
        # Two clicks at once: the database's one-active-signature rule caught the second.
        raise ValidationError(_("%(name)s has already signed") % {"name": fields["name"]}) from None
    shown = "shown publicly" if signature.show_publicly else "not shown publicly"
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=commitment.organisation,
        obj=signature,
        changes={
            "kind": signature.kind,
            "signed_on": signature.signed_on.isoformat(),
            "public": signature.show_publicly,
        },
        summary=f"Recorded the signature of {signature.name} on the commitment ({shown})",
        request=request,
    )
    return signature


@transaction.atomic
def commitment_sign(
    *, actor: User, membership: Membership, show_publicly: bool, request: HttpRequest | None = None
) -> Signature:
    """A member signs the commitment as themselves, today."""
    commitment = _commitment_of(membership.organisation)
    if commitment.signatures.active().filter(member=membership).exists():
        raise ValidationError(_("You have already signed the commitment"))
    return _create_signature(
        actor=actor,
        commitment=commitment,
        request=request,
        kind=Signature.Kind.MEMBER,
        member=membership,
        name=str(membership.user)[:150],
        role_or_organisation=str(membership.get_role_display()),
        show_publicly=show_publicly,
        signed_on=_today(),
    )


@transaction.atomic
def signature_record_partner(
    *,
    actor: User,
    organisation: Organisation,
    partner: Partner,
    signed_by: str = "",
    signed_on: dt.date,
    show_publicly: bool = False,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Signature:
    """A lead records that a partner organisation signed on (for example, its chair signed at a meeting)."""
    if partner.organisation_id != organisation.pk:
        raise ValidationError({"partner": _("Choose one of your organisation's partners")})
    check_not_future(signed_on, "signed_on", _("The date signed"), today)
    commitment = _commitment_of(organisation)
    if commitment.signatures.active().filter(partner=partner).exists():
        raise ValidationError({"partner": _("%(name)s has already signed") % {"name": partner.name}})
    return _create_signature(
        actor=actor,
        commitment=commitment,
        request=request,
        kind=Signature.Kind.PARTNER,
        partner=partner,
        name=partner.name,
        role_or_organisation=signed_by.strip(),
        show_publicly=show_publicly,
        signed_on=signed_on,
    )


@transaction.atomic
def signature_record_person(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    role_or_organisation: str = "",
    signed_on: dt.date,
    show_publicly: bool = False,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Signature:
    """A lead records that a named person signed (for example, a parent on paper at a stay-and-play session)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the name of the person who signed")})
    check_not_future(signed_on, "signed_on", _("The date signed"), today)
    commitment = _commitment_of(organisation)
    return _create_signature(
        actor=actor,
        commitment=commitment,
        request=request,
        kind=Signature.Kind.PERSON,
        name=name,
        role_or_organisation=role_or_organisation.strip(),
        show_publicly=show_publicly,
        signed_on=signed_on,
    )


@transaction.atomic
def signature_withdraw(
    *, actor: User, signature: Signature, reason: str = "", request: HttpRequest | None = None
) -> Signature:
    """Withdraw a signature: it stays in the history but no longer counts and is no longer shown publicly."""
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    if signature.withdrawn_on is not None:
        raise ValidationError(_("This signature has already been withdrawn"))
    signature.withdrawn_on = max(_today(), signature.signed_on)
    signature.withdrawn_by = actor
    signature.withdrawal_reason = reason.strip()[:300]
    signature.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit_record(
        action=AuditEvent.Action.REVOKE,
        actor=actor,
        organisation=signature.organisation,
        obj=signature,
        changes={"withdrawn_on": signature.withdrawn_on.isoformat(), "reason": signature.withdrawal_reason},
        summary=f"Withdrew the signature of {signature.name} from the commitment",
        request=request,
    )
    return signature


# Strategies


def check_strategy(fields: dict, today: dt.date | None = None) -> None:
    """The rules a strategy's fields must meet, shown next to the field they are about."""
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date must be the same as or after the start date")})
    cadence = fields.get("refresh_every_months")
    if cadence is not None and cadence < 1:
        raise ValidationError({"refresh_every_months": _("Enter a number of months of 1 or more")})
    if fields.get("is_sustaining") and cadence is None:
        raise ValidationError(
            {"refresh_every_months": _("Enter how often involvement is refreshed, in months, for example 12")}
        )
    check_not_future(fields.get("last_refreshed_on"), "last_refreshed_on", _("The date last refreshed"), today)


def _strategy_snapshot(strategy: Strategy) -> dict[str, str]:
    return {
        name: str(getattr(strategy, name) if getattr(strategy, name) is not None else "") for name in STRATEGY_FIELDS
    }


@transaction.atomic
def strategy_save(
    *,
    actor: User,
    organisation: Organisation,
    strategy: Strategy | None = None,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
    **fields,
) -> Strategy:
    """Create a strategy (strategy=None) or change one, recording what changed."""
    owner = fields.get("owner")
    if owner is not None and owner.organisation_id != organisation.pk:
        raise ValidationError({"owner": _("Choose an owner from your own organisation")})
    merged = {**({name: getattr(strategy, name) for name in STRATEGY_FIELDS} if strategy else {}), **fields}
    if not merged.get("is_sustaining"):
        # Only a sustaining strategy is refreshed: drop what the form may still carry.
        for name in ("refresh_every_months", "last_refreshed_on"):
            if name in fields:
                fields[name] = None
        merged.update({k: fields[k] for k in ("refresh_every_months", "last_refreshed_on") if k in fields})
    check_strategy(merged, today)
    creating = strategy is None
    if creating:
        strategy = Strategy(organisation=organisation)
        before = {}
    else:
        strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
        before = _strategy_snapshot(strategy)
    for name in STRATEGY_FIELDS:
        if name in fields:
            setattr(strategy, name, fields[name])
    strategy.next_refresh_due = strategy.work_out_next_refresh()
    strategy.save()
    after = _strategy_snapshot(strategy)
    changes = changed_fields(before, after)
    if changes:
        audit_record(
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=strategy,
            changes=changes,
            summary=f"{'Added' if creating else 'Changed'} the strategy {strategy.title}",
            request=request,
        )
    return strategy


@transaction.atomic
def strategy_refresh(
    *,
    actor: User,
    strategy: Strategy,
    note: str,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Strategy:
    """Record that a sustaining strategy's involvement was refreshed today: the next refresh moves on."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what was refreshed, for example who joined the panel")})
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if not strategy.is_sustaining:
        raise ValidationError(_("Only a sustaining strategy is refreshed"))
    today = today or _today()
    old_last, old_due = strategy.last_refreshed_on, strategy.next_refresh_due
    strategy.last_refreshed_on = today
    strategy.next_refresh_due = strategy.work_out_next_refresh()
    strategy.save(update_fields=["last_refreshed_on", "next_refresh_due", "updated_at"])
    StrategyRefresh.objects.create(
        organisation=strategy.organisation, strategy=strategy, refreshed_on=today, note=note, recorded_by=actor
    )
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=strategy.organisation,
        obj=strategy,
        changes={
            "last_refreshed_on": [str(old_last or ""), today.isoformat()],
            "next_refresh_due": [str(old_due or ""), str(strategy.next_refresh_due or "")],
            "note": note,
        },
        summary=f"Recorded that {strategy.title} was refreshed on {today}",
        request=request,
    )
    return strategy


def strategy_reminders_send(*, today: dt.date | None = None, days_ahead: int = REMINDER_DAYS_AHEAD) -> int:
    """Email the owner of each sustaining strategy whose refresh is due within `days_ahead` days or overdue, once
    per due date. Returns how many reminders were queued. Each strategy is its own transaction, so one failure
    does not hold back the others, and its email is queued only once its reminder is recorded."""
    today = today or _today()
    due = (
        Strategy.objects.reminder_due(today, days_ahead)
        .select_related("owner__user", "organisation")
        .order_by("next_refresh_due")
    )
    sent = 0
    for strategy in due:
        if _strategy_remind(strategy, today=today):
            sent += 1
    return sent


@transaction.atomic
def _strategy_remind(strategy: Strategy, *, today: dt.date) -> bool:
    # Claim this due date first: a second run at the same moment updates nothing and sends nothing.
    claimed = (
        Strategy.objects.filter(pk=strategy.pk, next_refresh_due=strategy.next_refresh_due)
        .exclude(reminder_sent_for=strategy.next_refresh_due)
        .update(reminder_sent_for=strategy.next_refresh_due)
    )
    if not claimed:
        return False
    owner = strategy.owner.user
    link = settings.SITE_URL + reverse("commitments:strategy_detail", kwargs={"strategy_id": strategy.pk})
    overdue = strategy.next_refresh_due <= today
    context = {"strategy": strategy, "owner": owner, "link": link, "overdue": overdue}
    subject = (_("Overdue: refresh %(title)s") if overdue else _("Coming up: refresh %(title)s")) % {
        "title": strategy.title
    }
    text = render_to_string("commitments/email/strategy_reminder.txt", context)
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=None,
        organisation=strategy.organisation,
        obj=strategy,
        changes={"reminder_sent_for": strategy.next_refresh_due.isoformat()},
        summary=f"Reminded {owner.email} that {strategy.title} is due to be refreshed on {strategy.next_refresh_due}",
    )
    transaction.on_commit(lambda: send_email.enqueue(to=[owner.email], subject=subject, text=text))
    return True
