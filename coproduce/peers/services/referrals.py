"""Writes about referrals for peer support: a family referred (by staff, a partner, a peer supporter or themselves
through the public form), a coordinator confirming a match with a supporter, and closing a referral without one.

Emails never carry anything about the family: only that a referral is waiting, or that a match was made, and a link
to sign in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.analysis import matching
from coproduce.core import ratelimit
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.core.tasks import send_email
from coproduce.organisations.models import Hub, Membership, Role
from coproduce.peers.matching import referral_record, supporter_record, supporters_with_checks
from coproduce.peers.models import (
    PeerSupporter,
    Referral,
    ReferralSource,
    ReferralStatus,
    SupportEpisode,
    SupporterStatus,
)
from coproduce.people import services as people_services
from coproduce.people.models import Person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

NO_CONSENT = gettext_lazy("The family must agree to be referred before you can send this")
NO_CONSENT_SELF = gettext_lazy("You need to agree before you can send this")
ONLINE_ONLY_IN_PERSON = gettext_lazy(
    "Online support only needs at least one way of support that is not in person: phone, text message, email, "
    "video call or a social media group"
)


@dataclass
class ReferralDetails:
    """What a referral form (or the API) gives: either a person or contact details, and the family's wishes."""

    help_with: str
    consent: bool
    person: Person | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    postcode: str = ""
    hub: Hub | None = None
    wanted_experiences: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    ways: list[str] = field(default_factory=list)
    available: list[str] = field(default_factory=list)
    online_only: bool = False
    preferences: str = ""
    consent_how: str = ""
    referrer_organisation: str = ""


def referral_problems(
    organisation: Organisation, details: ReferralDetails, *, self_referral: bool
) -> dict[str, list[str]]:
    """Every problem with the details, by field (the forms check the same first, to show them next to fields)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not details.consent:
        add("consent", str(NO_CONSENT_SELF if self_referral else NO_CONSENT))
    if not details.help_with.strip():
        add("help_with", _("Say what they would like help with"))
    if details.person is not None:
        if details.person.organisation_id != organisation.pk or details.person.is_erased:
            add("person", _("Choose a person from your own organisation"))
    else:
        if not details.contact_name.strip():
            add("contact_name", _("Enter your name") if self_referral else _("Enter the name of the person referred"))
        if not details.contact_email.strip() and not details.contact_phone.strip():
            add(
                "contact_phone",
                _("Enter a phone number or an email address, so we can get in touch")
                if self_referral
                else _("Enter their phone number or email address"),
            )
    for name, check in (("contact_phone", people_services.uk_phone), ("postcode", people_services.uk_postcode)):
        try:
            setattr(details, name, check(getattr(details, name)))
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    if details.hub is not None and details.hub.organisation_id != organisation.pk:
        add("hub", _("Choose one of your organisation's family hubs"))
    if details.online_only and details.ways and not set(details.ways) & matching.REMOTE_WAYS:
        add("ways", str(ONLINE_ONLY_IN_PERSON))
    if not all(isinstance(code, str) and matching.CODE_PATTERN.fullmatch(code) for code in details.wanted_experiences):
        add("wanted_experiences", _("Choose from the options listed"))
    for name, known in (("ways", matching.KNOWN_WAYS), ("available", matching.KNOWN_SLOTS)):
        if not set(getattr(details, name)) <= known:
            add(name, _("Choose from the options listed"))
    details.languages = [language.strip() for language in details.languages if language and language.strip()]
    # The forms limit lengths themselves; the API gives whatever it is sent, so the same limits are checked here.
    for name, limit in LENGTHS.items():
        if len(getattr(details, name) or "") > limit:
            add(name, _("This must be %(limit)s characters or fewer") % {"limit": limit})
    if details.contact_email.strip():
        try:
            validate_email(details.contact_email.strip())
        except ValidationError:
            add("contact_email", _("Enter an email address in the correct format, like name@example.com"))
    if not self_referral and details.consent and not details.consent_how.strip():
        add("consent_how", _("Say how the family agreed, for example ‘verbally to me’"))
    return errors


# The longest text each field takes: the model's own limits, and a page for the two free-text answers.
TEXT_LIMIT = 2000
LENGTHS = {
    name: Referral._meta.get_field(name).max_length or TEXT_LIMIT
    for name in (
        "help_with",
        "contact_name",
        "contact_email",
        "contact_phone",
        "postcode",
        "preferences",
        "consent_how",
        "referrer_organisation",
    )
}


def _coordinators(organisation: Organisation) -> list[str]:
    """Who to tell that a referral is waiting: the coordinators named on the organisation's active supporters, or,
    when none is named, its administrators and co-production leads (not every member of hub staff)."""
    named = set(
        PeerSupporter.objects.for_organisation(organisation)
        .filter(status=SupporterStatus.ACTIVE, coordinator__isnull=False)
        .values_list("coordinator_id", flat=True)
    )
    memberships = Membership.objects.for_organisation(organisation).filter(user__is_active=True)
    if named:
        memberships = memberships.filter(
            user_id__in=named, role__in=[Role.ADMIN, Role.LEAD, Role.STAFF]
        )  # still a coordinator here
    else:
        memberships = memberships.filter(role__in=[Role.ADMIN, Role.LEAD])
    return sorted({email for email in memberships.values_list("user__email", flat=True) if email})


# However many referrals arrive (a busy day, or someone filling the public form from many addresses), coordinators
# get at most this many emails an hour; the referrals themselves are all kept and listed.
EMAILS_PER_HOUR = 10


def _tell_coordinators(referral: Referral) -> None:
    organisation = referral.organisation
    recipients = _coordinators(organisation)
    if not recipients:
        return
    if not ratelimit.allow_key("peer-referral-emails", str(organisation.pk), limit=EMAILS_PER_HOUR, seconds=3600):
        return
    link = settings.SITE_URL + reverse("peers:referral_detail", kwargs={"referral_id": referral.pk})
    subject = _("A new referral for peer support is waiting")
    text = _(
        "A new referral for peer support (reference %(reference)s) is waiting for a match in %(organisation)s.\n\n"
        "Sign in to see it:\n%(link)s\n\nFor privacy, this email does not say anything about the family."
    ) % {"reference": referral.audit_label.removeprefix("Referral "), "organisation": organisation.name, "link": link}
    transaction.on_commit(lambda: send_email.enqueue(to=recipients, subject=subject, text=text))


def _source(actor: User | None, organisation: Organisation) -> str:
    if actor is None:
        return ReferralSource.SELF
    if actor.has_perm("peers.view_referrals", organisation):
        return ReferralSource.STAFF
    if _role(actor, organisation) == Role.PARTNER:
        return ReferralSource.PARTNER
    if _role(actor, organisation) == Role.PEER_SUPPORTER:
        return ReferralSource.PEER_SUPPORTER
    return ReferralSource.STAFF


def _role(actor: User, organisation: Organisation) -> str | None:
    roles = getattr(actor, "_coproduce_roles", None)
    if roles is not None and organisation.pk in roles:
        return roles[organisation.pk]
    return Membership.objects.filter(user=actor, organisation=organisation).values_list("role", flat=True).first()


@transaction.atomic
def referral_create(
    *,
    actor: User | None,
    organisation: Organisation,
    details: ReferralDetails,
    request: HttpRequest | None = None,
) -> Referral:
    """Record a referral. `actor` None is a family referring themselves through the public form. Nothing is saved
    without the family's consent. The coordinators are told when someone who cannot see referrals made it."""
    self_referral = actor is None
    errors = referral_problems(organisation, details, self_referral=self_referral)
    if errors:
        raise ValidationError(errors)
    source = _source(actor, organisation)
    has_person = details.person is not None
    referral = Referral.objects.create(
        organisation=organisation,
        person=details.person,
        source=source,
        referred_by=actor,
        referrer_name=(actor.full_name if actor is not None else "")[:150],
        referrer_organisation=details.referrer_organisation.strip()[:200],
        contact_name="" if has_person else details.contact_name.strip(),
        contact_email="" if has_person else details.contact_email.strip(),
        contact_phone="" if has_person else details.contact_phone,
        postcode=details.postcode,
        hub=details.hub,
        help_with=details.help_with.strip(),
        wanted_experiences=sorted(set(details.wanted_experiences)),
        languages=details.languages,
        ways=sorted(set(details.ways)),
        available=sorted(set(details.available)),
        online_only=details.online_only,
        preferences=details.preferences.strip(),
        consent=True,
        consent_given_at=timezone.now(),
        consent_how=(details.consent_how or (_("Online, by the family") if self_referral else "")).strip()[:200],
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=referral,
        summary="A family referred themselves for peer support"
        if self_referral
        else "Referred a family for peer support",
        changes={"source": source, "with_person": has_person},
        request=request,
    )
    if self_referral or not actor.has_perm("peers.view_referrals", organisation):
        _tell_coordinators(referral)
    return referral


def referral_view_record(*, actor: User, referral: Referral, request: HttpRequest | None = None) -> None:
    """What a family asked for is personal: every reading of a referral is in the audit log."""
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=actor,
        organisation=referral.organisation,
        obj=referral,
        summary="Read a referral for peer support",
        request=request,
    )


def referral_list_read_record(
    *, actor: User, organisation: Organisation, status: str | None, request: HttpRequest | None = None
) -> None:
    """Reading referrals in bulk (the API gives what each family asked for): the filter, never the contents."""
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=actor,
        organisation=organisation,
        object_type=Referral._meta.label,
        summary="Read the list of referrals for peer support through the API",
        changes={"status": status or "any"},
        request=request,
    )


def _person_for(referral: Referral, actor: User, request: HttpRequest | None) -> Person:
    """The person the referral is about: its own; for a referral made by staff, an existing person of the
    organisation with the same email address or phone number; otherwise a new one made from the contact details.

    A self-referral or a partner's is never linked to an existing record by its contact details alone: anyone can
    type a known family's phone number into the public form, and linking would hand that family's record to the
    supporter. A new person it is; the duplicate finder on the people pages shows it beside the other, for staff to
    merge once they have checked."""
    if referral.person_id:
        return referral.person
    if referral.source == ReferralSource.STAFF:
        fields = {"email": referral.contact_email, "phone": referral.contact_phone}
        existing = people_services.possible_duplicates(organisation=referral.organisation, fields=fields).first()
        if existing is not None:
            return existing
    try:
        return people_services.person_create(
            actor=actor,
            organisation=referral.organisation,
            request=request,
            full_name=referral.contact_name or _("Family referred for peer support"),
            email=referral.contact_email,
            phone=referral.contact_phone,
            postcode=referral.postcode,
        )
    except ValidationError as error:
        raise ValidationError(
            _("The family's contact details could not be saved as a person: %(problems)s")
            % {"problems": " ".join(error.messages)}
        ) from None


@transaction.atomic
def match_confirm(
    *, actor: User, referral: Referral, supporter: PeerSupporter, request: HttpRequest | None = None
) -> SupportEpisode:
    """Match the family with the supporter: checked again now, with the supporter's row locked, as someone else may
    have taken their last place (or a check may have run out) since the suggestions were shown."""
    organisation = referral.organisation
    if supporter.organisation_id != organisation.pk:
        raise ValidationError(_("Choose a peer supporter from your own organisation"))
    referral = (
        Referral.objects.select_for_update(of=("self",)).select_related("person", "organisation").get(pk=referral.pk)
    )
    if referral.status != ReferralStatus.NEW:
        raise ValidationError(_("This referral is no longer waiting for a match"))
    # Lock the supporter first, then read their families and checks: a second match waits here until this commits.
    locked = PeerSupporter.objects.select_for_update().get(pk=supporter.pk)
    if locked.status != SupporterStatus.ACTIVE:
        raise ValidationError(
            _("%(name)s cannot be matched: they are not an active peer supporter at the moment")
            % {"name": supporter.person.display_name}
        )
    annotated = supporters_with_checks(PeerSupporter.objects.filter(pk=locked.pk)).get()
    record = supporter_record(annotated)
    today = timezone.localdate()
    standing = matching.eligibility(record, today)
    if not standing.eligible:
        raise ValidationError(
            _("%(name)s can no longer be matched. %(reasons)s Nothing has been saved: choose someone else.")
            % {"name": annotated.person.display_name, "reasons": " ".join(standing.reasons)}
        )
    wanted = referral_record(referral)
    if wanted.online_only and not record.ways & matching.REMOTE_WAYS:
        raise ValidationError(
            _("%(name)s cannot be matched: the family wants online support only, and they do not offer it")
            % {"name": annotated.person.display_name}
        )
    scored = matching.score(wanted, record)
    person = _person_for(referral, actor, request)
    linked_now = not referral.person_id
    referral.person = person
    referral.status = ReferralStatus.MATCHED
    if linked_now:
        referral.contact_name = referral.contact_email = referral.contact_phone = ""
    referral.save(update_fields=["person", "status", "contact_name", "contact_email", "contact_phone", "updated_at"])
    episode = SupportEpisode.objects.create(
        organisation=organisation,
        referral=referral,
        supporter=locked,
        person=person,
        match_score=scored.score,
        match_explanation=scored.explanation,
        matched_by=actor,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=episode,
        summary="Matched a family with a peer supporter",
        changes={
            "referral": str(referral.pk),
            "supporter": str(locked.pk),
            "score": round(scored.score, 3),
            "person_linked": linked_now,
        },
        request=request,
    )
    _tell_supporter(locked, episode)
    return episode


def _tell_supporter(supporter: PeerSupporter, episode: SupportEpisode) -> None:
    organisation = episode.organisation
    if supporter.user_id is None:
        return
    user = supporter.user
    if not user.is_active or not user.email:
        return
    email = user.email
    link = settings.SITE_URL + reverse("peers:episode_detail", kwargs={"episode_id": episode.pk})
    subject = _("You have been matched with a family")
    text = _(
        "You have been matched with a family for peer support in %(organisation)s.\n\n"
        "Sign in to see who they are and what they would like help with:\n%(link)s\n\n"
        "For privacy, this email does not say anything about the family."
    ) % {"organisation": organisation.name, "link": link}
    transaction.on_commit(lambda: send_email.enqueue(to=[email], subject=subject, text=text))


@transaction.atomic
def referral_close(*, actor: User, referral: Referral, reason: str, request: HttpRequest | None = None) -> Referral:
    """Close a referral without a match (the family no longer wants support, could not be reached, …)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the referral is being closed")})
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.NEW:
        raise ValidationError(_("Only a referral waiting for a match can be closed"))
    referral.status = ReferralStatus.CLOSED
    referral.closed_reason = reason[:300]
    referral.save(update_fields=["status", "closed_reason", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=referral.organisation,
        obj=referral,
        summary="Closed a referral for peer support without a match",
        changes={"status": [ReferralStatus.NEW, ReferralStatus.CLOSED]},
        request=request,
    )
    return referral
