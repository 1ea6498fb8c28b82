"""Writes about consent, privacy notices, data sharing and a person's own changes from their link. Each runs in
one transaction with its audit line, which names fields only: never a person's details or answers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.consent.checks import may_share
from coproduce.consent.links import links_revoke
from coproduce.consent.messages import send_to_person
from coproduce.consent.models import (
    ChildBasis,
    Consent,
    ConsentMethod,
    ConsentStatus,
    DataShare,
    DataSharingAgreement,
    LawfulBasis,
    PrivacyNotice,
    Purpose,
)
from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.core.tasks import send_email
from coproduce.people import services as people_services
from coproduce.people.models import ACCESS_NEEDS, UNAVAILABLE_TIMES, AccessNeeds, Person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation
    from coproduce.stakeholders.models import Partner

ADULT_AGE = 18
SELF_CONSENT_AGE = 13  # from 13 a young person may consent for themselves to an online service (UK GDPR Art. 8)
WITHDRAW_VIA = ("own link", "staff", "api")
CONSENT_FIELDS = (
    "status",
    "lawful_basis",
    "method",
    "told_to",
    "privacy_notice",
    "child_basis",
    "given_by_name",
    "gillick_assessed_by",
    "gillick_assessed_on",
)
# What a person may change about themselves from their own link.
SELF_DETAIL_FIELDS = (
    "preferred_name",
    "pronunciation",
    "pronouns",
    "email",
    "phone",
    "address",
    "postcode",
    "contact_by_email",
    "contact_by_text",
    "contact_by_phone",
    "contact_by_post",
    "languages",
)
NEEDS_FIELDS = (
    *(code for code, _label in ACCESS_NEEDS),
    "interpreter_language",
    *(code for code, _label in UNAVAILABLE_TIMES),
    "other_needs",
)
AGREEMENT_FIELDS = ("partner", "purpose", "data_shared", "starts_on", "review_on", "ends_on", "document_url")
# The details staff may choose to share with a partner, in the order the form and the email show them.
SHAREABLE_DETAILS: list[tuple[str, str]] = [
    ("name", gettext_lazy("Name")),
    ("email", gettext_lazy("Email address")),
    ("phone", gettext_lazy("Phone number")),
    ("address", gettext_lazy("Address and postcode")),
    ("access_needs", gettext_lazy("What they need to take part (access needs)")),
]
# Sending a person their own link: at most this many emails per person per window, however many clients ask.
LINK_SENDS_PER_PERSON = 3
LINK_SEND_WINDOW_SECONDS = 15 * 60


def current_notice(organisation: Organisation) -> PrivacyNotice | None:
    """The privacy notice in force today: the latest one published on or before today."""
    return (
        PrivacyNotice.objects.for_organisation(organisation)
        .filter(published_on__lte=timezone.localdate())
        .order_by("-published_on", "-created_at")
        .first()
    )


def _touch(person: Person) -> None:
    """The person took part or looked after their information: retention counts from now."""
    now = timezone.now()
    Person.objects.filter(pk=person.pk).update(last_active_at=now)
    person.last_active_at = now


def age_group(person: Person) -> str:
    """'child' (under 13), 'young' (13 to 17) or 'adult' (18 or over, or age not known)."""
    age = person.age()
    if age is None or age >= ADULT_AGE:
        return "adult"
    return "child" if age < SELF_CONSENT_AGE else "young"


def check_child_rules(
    person: Person,
    *,
    status: str,
    method: str,
    child_basis: str,
    given_by_name: str,
    gillick_assessed_by: str,
    gillick_assessed_on: dt.date | None,
) -> None:
    """Who may give consent for a child or young person.

    Under 13: someone with parental responsibility, or the child after a Gillick competence assessment. From 13
    to 17: also the young person themselves, for the online service. Adults (and people of unknown age): no basis.
    A refusal from a child needs no basis, since saying no never allows anything."""
    age = person.age()
    if age is None or age >= ADULT_AGE:
        if child_basis:
            message = (
                _(
                    "We do not know this person's age, so adult rules apply. If they are under 18, record their "
                    "date of birth first"
                )
                if age is None
                else _("Leave the basis for a child empty: this person is 18 or over")
            )
            raise ValidationError({"child_basis": message})
        return
    if child_basis and child_basis not in ChildBasis.values:
        raise ValidationError({"child_basis": _("Choose how consent was given for a child or young person")})
    if not child_basis:
        if status == ConsentStatus.REFUSED:
            return
        if age < SELF_CONSENT_AGE:
            raise ValidationError(
                {
                    "child_basis": _(
                        "This child is under 13: consent must be given by someone with parental responsibility, or "
                        "by the child after a practitioner assessed them as Gillick competent"
                    )
                }
            )
        raise ValidationError({"child_basis": _("This young person is under 18: say how consent was given")})
    errors: dict[str, str] = {}
    if child_basis == ChildBasis.SELF_13_PLUS:
        if age < SELF_CONSENT_AGE:
            errors["child_basis"] = _(
                "A child under 13 cannot consent for themselves: someone with parental responsibility must give "
                "consent, or a practitioner must assess them as Gillick competent"
            )
        elif method != ConsentMethod.ONLINE:
            errors["child_basis"] = _(
                "A young person can consent for themselves only online. On paper or verbally, record a Gillick "
                "competence assessment or consent from someone with parental responsibility"
            )
    elif child_basis == ChildBasis.PARENTAL_RESPONSIBILITY:
        if not given_by_name.strip():
            errors["given_by_name"] = _("Enter the name of the person with parental responsibility who gave consent")
    elif child_basis == ChildBasis.GILLICK:
        if not gillick_assessed_by.strip():
            errors["gillick_assessed_by"] = _("Enter the name of the practitioner who assessed Gillick competence")
        if gillick_assessed_on is None:
            errors["gillick_assessed_on"] = _("Enter the date of the Gillick competence assessment")
        elif gillick_assessed_on > timezone.localdate():
            errors["gillick_assessed_on"] = _("The date of the assessment must be today or in the past")
    if errors:
        raise ValidationError(errors)


def _check_consent(
    person: Person,
    *,
    purpose: str,
    partner: Partner | None,
    status: str,
    method: str,
    lawful_basis: str,
    told_to: str,
    privacy_notice: PrivacyNotice | None,
) -> None:
    errors: dict[str, str] = {}
    if purpose not in Purpose.values:
        errors["purpose"] = _("Choose what the consent is for")
    elif purpose == Purpose.SHARE_WITH_PARTNER:
        if partner is None:
            errors["partner"] = _("Choose the partner their details would be shared with")
        elif partner.organisation_id != person.organisation_id:
            errors["partner"] = _("Choose one of your organisation's partners")
    elif partner is not None:
        errors["partner"] = _("A partner is only needed for sharing details with a partner")
    if status not in (ConsentStatus.GIVEN, ConsentStatus.REFUSED):
        errors["status"] = _("Say whether they agreed or said no")
    elif status == ConsentStatus.REFUSED and lawful_basis != LawfulBasis.CONSENT:
        errors["status"] = _(
            "Where consent is not the lawful basis, there is nothing to refuse: record the basis, then withdraw it "
            "if they object"
        )
    if method not in ConsentMethod.values:
        errors["method"] = _("Choose how they gave their answer")
    elif method == ConsentMethod.VERBAL and not told_to.strip():
        errors["told_to"] = _("Enter the name of the member of staff they told")
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = _("Choose the lawful basis")
    if privacy_notice is not None and privacy_notice.organisation_id != person.organisation_id:
        errors["privacy_notice"] = _("Choose one of your organisation's privacy notices")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consent_give(
    *,
    person: Person,
    purpose: str,
    method: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
    via: str = "staff",
    partner: Partner | None = None,
    status: str = ConsentStatus.GIVEN,
    lawful_basis: str = LawfulBasis.CONSENT,
    child_basis: str = "",
    given_by_name: str = "",
    gillick_assessed_by: str = "",
    gillick_assessed_on: dt.date | None = None,
    told_to: str = "",
    privacy_notice: PrivacyNotice | None = None,
    answered_at: dt.datetime | None = None,
) -> Consent:
    """Record a person's answer for a purpose (and partner): the one row for it is created or replaced, and the
    audit log keeps each change. `status` is "given" or "refused"; the privacy notice defaults to the current one."""
    if person.is_erased:
        raise ValidationError(_("This person's information has been erased."))
    privacy_notice = privacy_notice or current_notice(person.organisation)
    _check_consent(
        person,
        purpose=purpose,
        partner=partner,
        status=status,
        method=method,
        lawful_basis=lawful_basis,
        told_to=told_to,
        privacy_notice=privacy_notice,
    )
    check_child_rules(
        person,
        # Where consent is not the basis, nobody gives consent: only a basis that was recorded is checked.
        status=status if lawful_basis == LawfulBasis.CONSENT or child_basis else ConsentStatus.REFUSED,
        method=method,
        child_basis=child_basis,
        given_by_name=given_by_name,
        gillick_assessed_by=gillick_assessed_by,
        gillick_assessed_on=gillick_assessed_on,
    )
    # Keep only what the chosen basis needs, so a name typed and then abandoned is not stored.
    fields = {
        "status": status,
        "lawful_basis": lawful_basis,
        "method": method,
        "told_to": told_to.strip() if method == ConsentMethod.VERBAL else "",
        "privacy_notice": privacy_notice,
        "child_basis": child_basis,
        "given_by_name": given_by_name.strip() if child_basis == ChildBasis.PARENTAL_RESPONSIBILITY else "",
        "gillick_assessed_by": gillick_assessed_by.strip() if child_basis == ChildBasis.GILLICK else "",
        "gillick_assessed_on": gillick_assessed_on if child_basis == ChildBasis.GILLICK else None,
    }
    recorded_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    consent = Consent.objects.select_for_update().filter(person=person, purpose=purpose, partner=partner).first()
    when = answered_at or timezone.now()
    if consent is None:
        consent = Consent.objects.create(
            organisation=person.organisation,
            person=person,
            purpose=purpose,
            partner=partner,
            recorded_by=recorded_by,
            answered_at=when,
            **fields,
        )
        action, names = AuditEvent.Action.CREATE, [name for name in CONSENT_FIELDS if fields[name] not in ("", None)]
        summary = f"Consent recorded ({via})"
    else:
        was_withdrawn = consent.withdrawn_at is not None
        changes = assign_and_diff(consent, fields, CONSENT_FIELDS)
        consent.recorded_by = recorded_by
        consent.answered_at = when
        consent.withdrawn_at = None
        consent.withdrawn_via = ""
        consent.save()
        action, names = AuditEvent.Action.UPDATE, sorted(changes) + (["withdrawn_at"] if was_withdrawn else [])
        summary = f"Consent recorded again ({via})"
    audit_record(
        action=action,
        actor=actor,
        organisation=person.organisation,
        obj=consent,
        summary=summary,
        changes={"fields": names},
        request=request,
    )
    _touch(person)
    return consent


@transaction.atomic
def consent_withdraw(
    *, consent: Consent, actor: User | None = None, request: HttpRequest | None = None, via: str
) -> Consent:
    """Withdraw consent (or, where consent is not the lawful basis, record an objection). Takes effect at once:
    every check in `consent/checks.py` reads the current row. Withdrawing twice changes nothing."""
    if via not in WITHDRAW_VIA:
        raise ValueError(f"via must be one of {WITHDRAW_VIA}")
    consent = Consent.objects.select_for_update().select_related("person__organisation").get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    if consent.lawful_basis == LawfulBasis.CONSENT and consent.status != ConsentStatus.GIVEN:
        return consent  # a "no" stays a "no": there is nothing to withdraw
    consent.status = ConsentStatus.WITHDRAWN
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_via = via
    consent.save(update_fields=["status", "withdrawn_at", "withdrawn_via", "updated_at"])
    audit_record(
        action=AuditEvent.Action.WITHDRAW,
        actor=actor,
        organisation=consent.organisation,
        obj=consent,
        summary=f"Consent withdrawn ({via})"
        if consent.lawful_basis == LawfulBasis.CONSENT
        else f"Objection recorded ({via})",
        changes={"fields": ["status", "withdrawn_at", "withdrawn_via"]},
        request=request,
    )
    if via == "own link":
        _touch(consent.person)
    return consent


# A person's own changes, from their link


@transaction.atomic
def person_self_update(*, person: Person, request: HttpRequest | None = None, **fields) -> Person:
    """The person corrects their own details (rectification). Only SELF_DETAIL_FIELDS may change."""
    unknown = set(fields) - set(SELF_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not changeable from a person's own link: {sorted(unknown)}")
    if "postcode" in fields:
        fields["postcode"] = " ".join(fields["postcode"].upper().split())
    changes = assign_and_diff(person, fields, SELF_DETAIL_FIELDS)
    if changes:
        person.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=None,
            organisation=person.organisation,
            obj=person,
            summary="The person changed their own details from their link",
            changes={"fields": sorted(changes)},
            request=request,
        )
    _touch(person)
    return person


@transaction.atomic
def access_needs_self_update(*, person: Person, request: HttpRequest | None = None, **fields) -> AccessNeeds:
    """The person says what they need to take part (and times that do not work), confirming them as theirs."""
    unknown = set(fields) - set(NEEDS_FIELDS)
    if unknown:
        raise ValueError(f"Not access needs: {sorted(unknown)}")
    return people_services.access_needs_save(person=person, data=fields, actor=None, request=request, by_person=True)


# Sending a person their own link


def _link_send_allowed(person: Person) -> bool:
    """However many people ask, a person gets at most a few link emails in a window (no mail bombing)."""
    key = f"consent:own-link-sent:{person.pk}"
    cache.add(key, 0, timeout=LINK_SEND_WINDOW_SECONDS)
    try:
        return cache.incr(key) <= LINK_SENDS_PER_PERSON
    except ValueError:
        cache.set(key, 1, timeout=LINK_SEND_WINDOW_SECONDS)
        return True


@transaction.atomic
def person_link_send(
    *,
    person: Person,
    actor: User | None = None,
    request: HttpRequest | None = None,
    via: str = "staff",
    channel: str = "email",
) -> bool:
    """Send the person their own link (they need no account), by email or, for someone who asked with their mobile
    number, by text message. Needs no contact consent: it is about their own information. Returns False when
    nothing was sent because of the per-person limit (only asked-for links)."""
    from coproduce.comms.models import Channel, Kind
    from coproduce.comms.outbox import message_queue
    from coproduce.core.models import uuid7

    if person.is_erased:
        raise ValidationError(_("This person's information has been erased."))
    if channel == Channel.EMAIL and not person.email:
        raise ValidationError(_("Add an email address for them first: the link is sent by email."))
    if channel == Channel.SMS and not person.phone.strip():
        raise ValidationError(_("Add a mobile phone number for them first: the link is sent by text message."))
    if via == "request" and not _link_send_allowed(person):
        return False
    organisation = person.organisation
    if channel == Channel.SMS:
        # Short: the own-link footer the outbox adds holds the link itself.
        message_queue(
            organisation=organisation,
            person=person,
            channel=Channel.SMS,
            to=person.phone.strip(),
            body=_("%(organisation)s: here is your own link to see and change your information and choices.")
            % {"organisation": organisation.name},
            kind=Kind.OWN_LINK,
            idempotency_key=f"person:{person.pk}:{uuid7()}",
        )
    else:
        text = _(
            "Hello %(name)s,\n\n"
            "Here is your own link to see the information %(organisation)s holds about you. You can change your "
            "details, tell us what you need to take part, and change your choices about how we use your "
            "information.\n\n"
            "You do not need an account or a password."
        ) % {"name": person.display_name, "organisation": organisation.name}
        send_to_person(
            person,
            subject=_("Your information at %(organisation)s") % {"organisation": organisation.name},
            text=text,
            needs_contact_consent=False,
        )
    how = "text message" if channel == Channel.SMS else "email"
    audit_record(
        action=AuditEvent.Action.INVITE,
        actor=actor,
        organisation=organisation,
        obj=person,
        summary=f"Own link sent by {how}"
        + (" (asked for on the public page)" if via == "request" else " by a member of staff"),
        request=request,
    )
    return True


# Privacy notices and the data sharing register


@transaction.atomic
def notice_create(
    *,
    actor: User,
    organisation: Organisation,
    version: str,
    published_on: dt.date,
    summary: str,
    url: str = "",
    request: HttpRequest | None = None,
) -> PrivacyNotice:
    """Add a version of the privacy notice. Versions are never changed: consents point at the one people saw."""
    version = version.strip()
    if PrivacyNotice.objects.for_organisation(organisation).filter(version__iexact=version).exists():
        raise ValidationError(
            {
                "version": _(
                    "Version %(version)s already exists. Versions are never changed: give the new one a new number"
                )
                % {"version": version}
            }
        )
    notice = PrivacyNotice.objects.create(
        organisation=organisation, version=version, published_on=published_on, summary=summary, url=url
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=notice,
        summary=f"Added privacy notice version {version}",
        request=request,
    )
    return notice


def check_agreement_dates(fields: dict) -> None:
    starts, review, ends = fields.get("starts_on"), fields.get("review_on"), fields.get("ends_on")
    errors = {}
    if starts and review and review <= starts:
        errors["review_on"] = _("The review date must be after the start date")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The end date must be the same as or after the start date")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_save(
    *,
    actor: User,
    organisation: Organisation,
    agreement: DataSharingAgreement | None = None,
    request: HttpRequest | None = None,
    **fields,
) -> DataSharingAgreement:
    """Add an agreement to the register (agreement=None) or change one, recording what changed."""
    partner = fields.get("partner")
    if partner is None or partner.organisation_id != organisation.pk:
        raise ValidationError({"partner": _("Choose one of your organisation's partners")})
    check_agreement_dates(fields)
    if agreement is None:
        agreement = DataSharingAgreement.objects.create(
            organisation=organisation, **{k: fields[k] for k in AGREEMENT_FIELDS if k in fields}
        )
        audit_record(
            action=AuditEvent.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=agreement,
            summary=f"Added a data sharing agreement with {partner.name}",
            request=request,
        )
        return agreement
    changes = assign_and_diff(agreement, fields, AGREEMENT_FIELDS)
    if changes:
        agreement.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=agreement,
            summary=f"Changed the data sharing agreement with {partner.name}",
            changes=changes,
            request=request,
        )
    return agreement


def _detail_lines(person: Person, details: list[str]) -> list[str]:
    lines = []
    for code, label in SHAREABLE_DETAILS:
        if code not in details:
            continue
        if code == "name":
            value = person.full_name + (
                f" (likes to be called {person.preferred_name})" if person.preferred_name else ""
            )
        elif code == "email":
            value = person.email
        elif code == "phone":
            value = person.phone
        elif code == "address":
            value = ", ".join(part for part in (person.address.replace("\n", ", "), person.postcode) if part)
        else:
            needs = AccessNeeds.objects.filter(person=person).first()
            value = _needs_text(needs)
        lines.append(f"{label}: {value or _('Not recorded')}")
    return lines


def _needs_text(needs: AccessNeeds | None) -> str:
    if needs is None:
        return ""
    parts = [str(label) for code, label in ACCESS_NEEDS if getattr(needs, code)]
    if needs.interpreter and needs.interpreter_language:
        parts.append(_("Interpreter language: %(language)s") % {"language": needs.interpreter_language})
    parts += [_("Not at: %(time)s") % {"time": label} for code, label in UNAVAILABLE_TIMES if getattr(needs, code)]
    if needs.other_needs:
        parts.append(needs.other_needs)
    return "; ".join(parts)


@transaction.atomic
def data_share_create(
    *,
    actor: User,
    person: Person,
    partner: Partner,
    reason: str,
    details: list[str],
    request: HttpRequest | None = None,
) -> DataShare:
    """Share chosen details of a person with a partner: only under a current agreement and with their consent
    (`consent.checks.may_share`), and only to the partner's contact email. The record names the kinds of detail
    shared, not the details themselves."""
    if partner.organisation_id != person.organisation_id:
        raise ValidationError({"partner": _("Choose one of your organisation's partners")})
    details = [code for code, _label in SHAREABLE_DETAILS if code in details]
    if not details:
        raise ValidationError({"details": _("Choose which details to share")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are sharing their details")})
    decision = may_share(person, partner)
    if not decision.allowed:
        raise ValidationError(decision.reason)
    if not partner.contact_email:
        raise ValidationError(
            {
                "partner": _(
                    "%(partner)s has no contact email address, so nothing can be sent. Add one on the partner's page "
                    "first."
                )
                % {"partner": partner.name}
            }
        )
    labels = [str(label) for code, label in SHAREABLE_DETAILS if code in details]
    share = DataShare.objects.create(
        organisation=person.organisation,
        person=person,
        partner=partner,
        agreement=decision.agreement,
        shared_by=actor,
        details_shared=", ".join(labels),
        reason=reason.strip()[:200],
    )
    audit_record(
        action=AuditEvent.Action.SHARE,
        actor=actor,
        organisation=person.organisation,
        obj=person,
        summary=f"Shared details with {partner.name}",
        changes={"fields": details, "partner": str(partner.pk)},
        request=request,
    )
    organisation = person.organisation
    text = "\n".join(
        [
            _("Hello %(contact)s,") % {"contact": partner.contact_name or partner.name},
            "",
            _(
                "%(sharer)s at %(organisation)s is sharing the details of someone who agreed to them being shared "
                "with %(partner)s."
            )
            % {"sharer": actor.full_name or actor.email, "organisation": organisation.name, "partner": partner.name},
            "",
            _("Why: %(reason)s") % {"reason": share.reason},
            "",
            *_detail_lines(person, details),
            "",
            _(
                "Please use these details only for this purpose and as your data sharing agreement with us says "
                "(next review: %(review)s)."
            )
            % {"review": date_format(decision.agreement.review_on, "j F Y")},
        ]
    )
    to = [partner.contact_email]
    subject = _("Details shared with you by %(organisation)s") % {"organisation": organisation.name}
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, text=text))
    return share


@transaction.atomic
def person_links_cancel(*, person: Person, actor: User, request: HttpRequest | None = None) -> None:
    """Stop every link already sent to the person from working (for example, one sent to an old address)."""
    links_revoke(person)
    audit_record(
        action=AuditEvent.Action.REVOKE,
        actor=actor,
        organisation=person.organisation,
        obj=person,
        summary="Every link sent to the person so far was cancelled",
        request=request,
    )
