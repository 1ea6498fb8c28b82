"""Erasure: anonymising a person everywhere, irreversibly.

The person's row stays (with its opaque id and `erased_at`) so that their contributions, involvement counts and
equality aggregates stay correct; everything that identifies them is blanked or deleted. ERASURE_RULES says
what happens to each model that points at Person; `tests/test_erasure.py` fails if a model points at Person and
has no rule here. A rule may also be for a model that points at no one but may copy what was written about the
person (the newsletter's archive keeps a copy of wins and promises).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.consent.links import links_revoke
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.datarights.models import DataRightsRequest
from coproduce.people.models import Household, HouseholdRole, Person
from coproduce.safeguarding.models import ConcernNote, ConcernStatus, SafeguardingConcern

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User

ERASED = "[erased]"

# Person fields erasure leaves alone: identifiers, timestamps, the link key (replaced by links_revoke) and the
# name (replaced by the attribution). Every other field is blanked, including fields added later.
KEEP_ON_PERSON = {
    "id",
    "organisation",
    "created_at",
    "updated_at",
    "last_active_at",
    "access_key",
    "erased_at",
    "full_name",
}


def attribution(person: Person, *, keep_attribution: bool) -> str:
    """The name an erased person's contributions are shown under."""
    if keep_attribution:
        if person.household_role == HouseholdRole.CARER:
            return str(_("A carer"))
        if person.household_role == HouseholdRole.YOUNG_PERSON:
            return str(_("A young person"))
        return str(_("A parent"))
    return str(_("Someone who took part"))


# What to replace -------------------------------------------------------------------------------------------------


def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    gap = r"[\s\-().]*"
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits.startswith("0"):
        national = gap.join(re.escape(d) for d in digits[1:])
        return rf"(?:0|\+?44{gap}(?:\(0\))?){gap}{national}"
    return gap.join(re.escape(d) for d in digits)


def _postcode_pattern(postcode: str) -> str | None:
    compact = re.sub(r"\s", "", postcode).upper()
    if len(compact) < 5:
        return None
    return rf"{re.escape(compact[:-3])}\s*{re.escape(compact[-3:])}"


def identifying_pattern(person: Person, *, also: list[str] | None = None) -> re.Pattern[str] | None:
    """Matches the person's names (whole and each part), email, phone, postcode and address lines, and the
    whole phrases in `also` (their household's name and its children's names, when the household goes with them)."""
    names = [person.full_name, person.preferred_name]
    parts = {part for name in names for part in re.split(r"[\s\-]+", name) if len(part) >= 2}
    literals = [value.strip() for value in [*names, *parts, person.email, *(also or [])] if value and value.strip()]
    literals += [line.strip(" ,") for line in person.address.splitlines() if len(line.strip(" ,")) >= 4]
    alternatives = [re.escape(value) for value in sorted(set(literals), key=len, reverse=True)]
    alternatives += [p for p in (_phone_pattern(person.phone), _postcode_pattern(person.postcode)) if p]
    if not alternatives:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def scrub(obj: models.Model, pattern: re.Pattern[str]) -> list[str]:
    """Replace the person's identifiers in every free-text field of `obj`; returns the fields changed (unsaved)."""
    changed = []
    for field in _text_fields(obj._meta.model):
        value = getattr(obj, field.attname)
        if value:
            new = pattern.sub(ERASED, value)
            if new != value:
                setattr(obj, field.attname, new)
                changed.append(field.name)
    return changed


# What happens to each model that points at Person ----------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    what: str
    apply: Callable[[Person, re.Pattern[str] | None], None]
    # Applied only when the person's information is erased, not when retention anonymises someone inactive.
    erasure_only: bool = False


def _delete(label: str, field: str = "person") -> Callable[[Person, re.Pattern[str] | None], None]:
    def apply(person: Person, pattern: re.Pattern[str] | None) -> None:
        from django.apps import apps

        apps.get_model(label)._default_manager.filter(**{field: person}).delete()

    return apply


def _blank(label: str, *names: str) -> Callable[[Person, re.Pattern[str] | None], None]:
    def apply(person: Person, pattern: re.Pattern[str] | None) -> None:
        from django.apps import apps

        apps.get_model(label)._default_manager.filter(person=person).update(
            **dict.fromkeys(names, ""), updated_at=timezone.now()
        )

    return apply


def _messages(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Messages still waiting are never sent; every message loses its address and what it said."""
    from coproduce.comms.models import Message

    Message.objects.filter(person=person, status__in=Message.PENDING).update(
        status=Message.Status.CANCELLED, last_error="The person's information was erased"
    )
    _blank("comms.Message", "to", "subject", "body", "unsubscribe_url", "calendar")(person, pattern)


def _attendance(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Attendance stays, so who took part still adds up, without what the person needed on the day."""
    from coproduce.engagement.models import Attendance

    Attendance.objects.filter(person=person).update(needs_provided={}, heard_about="", updated_at=timezone.now())


def _invitations(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Invitations lose the note. Replies to activities that have started or are past stay, so the numbers stay
    right; at activities still to come the person gives up their place (see invitations_give_up)."""
    from coproduce.engagement.services.invitations import invitations_give_up

    _blank("engagement.Invitation", "note")(person, pattern)
    invitations_give_up(person=person)


def _contributions(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Their words and drawings stay, anonymous, with their identifiers replaced; photos (of them, or taken with
    their consent) are deleted with their files."""
    from coproduce.contributions.models import Contribution

    contributions = Contribution.objects.filter(person=person)
    for photo in contributions.filter(kind=Contribution.Kind.PHOTO):
        photo.file.delete(save=False)
        photo.delete()
    for contribution in contributions:
        changed = scrub(contribution, pattern) if pattern is not None else []
        contribution.is_anonymous = True
        contribution.save(update_fields=[*changed, "is_anonymous", "updated_at"])


def _decisions(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Decisions stay (they are the organisation's record); the person is no longer listed as present, and their
    identifiers in the notes of the decisions they were at are replaced."""
    from coproduce.decisions.models import Decision

    through = Decision.people_present.through
    decisions = list(Decision.objects.filter(people_present=person))
    if pattern is not None:
        for decision in decisions:
            changed = scrub(decision, pattern)
            if changed:
                decision.save(update_fields=[*changed, "updated_at"])
    through.objects.filter(person=person).delete()


def _wins(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Wins stay (they are the organisation's story), but a photo the person is in is removed: they can no longer
    agree or withdraw, so it must not be shown again. Their name is replaced in every win of their organisation
    (a story can name someone who is not in its photo), translations included."""
    from coproduce.publishing.models import Win

    pictured = set(Win.objects.filter(people_pictured=person).values_list("pk", flat=True))
    for win in Win.objects.filter(organisation_id=person.organisation_id):
        changed = scrub(win, pattern) if pattern is not None else []
        if pattern is not None:
            translations = _scrub_json(win.translations, pattern)
            if translations != win.translations:
                win.translations = translations
                changed.append("translations")
        if win.pk in pictured and win.photo:
            win.photo.delete(save=False)
            win.photo_alt = ""
            changed += ["photo", "photo_alt"]
        if changed:
            win.save(update_fields=[*changed, "updated_at"])
    Win.people_pictured.through.objects.filter(person=person).delete()


def _scrub_json(value: object, pattern: re.Pattern[str]) -> object:
    """`value` (decoded JSON) with the person's identifiers replaced in every string in it."""
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub_json(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_json(item, pattern) for key, item in value.items()}
    return value


def _newsletter(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Newsletter issues point at no one, but a sent issue keeps a copy of its wins, promises and activities (the
    block's snapshot) in the public archive, so their identifiers are replaced there too, and in the issues' own
    text, in every issue of their organisation."""
    from coproduce.newsletter.models import Block, Issue

    if pattern is None:
        return
    for issue in Issue.objects.filter(organisation_id=person.organisation_id):
        changed = scrub(issue, pattern)
        if changed:
            issue.save(update_fields=[*changed, "updated_at"])
    for block in Block.objects.filter(organisation_id=person.organisation_id):
        changed = scrub(block, pattern)
        snapshot = _scrub_json(block.snapshot, pattern)
        if snapshot != block.snapshot:
            block.snapshot = snapshot
            changed.append("snapshot")
        if changed:
            block.save(update_fields=[*changed, "updated_at"])


def _newsletter_subscription(person: Person, pattern: re.Pattern[str] | None) -> None:
    """A subscriber is not a person record and the two are never joined, but if the organisation's newsletter goes
    to the person's email address, that address is their personal data too: it is unsubscribed, as its owner can
    do themselves (the address and choices deleted, only its keyed hash kept, so it is never written to again)."""
    from coproduce.newsletter.models import Subscriber, email_hash
    from coproduce.newsletter.services import subscription_cancel

    if not person.email:
        return
    key = email_hash(person.organisation_id, person.email)
    for subscriber in Subscriber.objects.filter(organisation_id=person.organisation_id, email_hash=key):
        subscription_cancel(subscriber=subscriber)


def _concern_filter(person: Person) -> Q:
    about = Q(person=person)
    if person.household_id:
        about |= Q(household_id=person.household_id)
    return about


def _scrub_concerns(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Closed concerns about the person or their household (open ones stop the erasure) and their notes."""
    if pattern is None:
        return
    concerns = list(SafeguardingConcern.objects.filter(_concern_filter(person)))
    for concern in concerns:
        changed = scrub(concern, pattern)
        if changed:
            concern.save(update_fields=[*changed, "updated_at"])
    for note in ConcernNote.objects.filter(concern__in=concerns):
        changed = scrub(note, pattern)
        if changed:
            note.save(update_fields=[*changed, "updated_at"])


def _snapshots(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Equality snapshots stay, anonymous, so figures about who took part stay right — but only if the person
    was allowing their use (consent, not objecting). Free-text answers (main language) are blanked."""
    from coproduce.consent.checks import has_consent
    from coproduce.consent.models import Purpose
    from coproduce.equality.models import EqualityProfile, EqualitySnapshot

    snapshots = EqualitySnapshot.objects.filter(person=person)
    objected = EqualityProfile.objects.filter(person=person, objected_at__isnull=False).exists()
    if objected or not has_consent(person, Purpose.EQUALITY_MONITORING):
        snapshots.delete()
        return
    for snapshot in snapshots:
        if snapshot.answers.pop("main_language", None) is not None:
            snapshot.save(update_fields=["answers", "updated_at"])


def _scrub_rows(rows: Iterable[models.Model], pattern: re.Pattern[str] | None) -> None:
    if pattern is None:
        return
    for row in rows:
        changed = scrub(row, pattern)
        if changed:
            row.save(update_fields=[*changed, "updated_at"])


def _peer_referrals(person: Person, pattern: re.Pattern[str] | None) -> None:
    """Referrals made for the person (and self-referrals not yet linked to anyone that give their email address or
    phone number) stay, so the numbers referred, matched and closed stay right, without their contact details, what
    they wanted help with, their preferences and the languages they asked for."""
    from coproduce.peers.models import Referral

    theirs = Q(person=person)
    if person.email:
        theirs |= Q(person__isnull=True, contact_email__iexact=person.email)
    if person.phone:
        theirs |= Q(person__isnull=True, contact_phone=person.phone)
    Referral.objects.filter(theirs, organisation_id=person.organisation_id).update(
        contact_name="",
        contact_email="",
        contact_phone="",
        postcode="",
        help_with=ERASED,
        preferences="",
        consent_how="",
        closed_reason="",
        languages=[],
        updated_at=timezone.now(),
    )


def _peer_episodes(person: Person, pattern: re.Pattern[str] | None) -> None:
    """The support they had stays as dates, session lengths and kinds, goal and navigation outcomes and wellbeing
    scores (numbers), so the organisation's figures stay right; every text written about them goes: strengths,
    needs, outcomes, the match's explanation, goals, session notes and notes on the services they were helped to
    reach."""
    from coproduce.peers.models import Navigation, SupportEpisode, SupportGoal, SupportSession

    now = timezone.now()
    episodes = SupportEpisode.objects.filter(person=person)
    episodes.update(strengths="", needs="", outcomes="", match_explanation="", updated_at=now)
    SupportGoal.objects.filter(episode__in=episodes).update(text=ERASED, updated_at=now)
    SupportSession.objects.filter(episode__in=episodes).update(notes="", updated_at=now)
    Navigation.objects.filter(episode__in=episodes).update(note="", updated_at=now)


def _peer_supporter(person: Person, pattern: re.Pattern[str] | None) -> None:
    """A peer supporter's profile stays, marked as left (so they are never matched or reminded about again), with
    its free text and languages cleared and no account linked; their checks lose their references and their
    supervisions their notes. The support they gave stays with the families it belongs to, with the supporter's
    name and contact details replaced by [erased] in what was written."""
    from coproduce.peers.models import (
        Navigation,
        PeerSupporter,
        Supervision,
        SupportEpisode,
        SupporterCheck,
        SupporterStatus,
        SupportGoal,
        SupportSession,
    )

    profiles = PeerSupporter.objects.filter(person=person)
    if not profiles.exists():
        return
    now = timezone.now()
    profiles.update(
        status=SupporterStatus.LEFT,
        user=None,
        experience_notes="",
        communities="",
        languages=[],
        areas=[],
        updated_at=now,
    )
    SupporterCheck.objects.filter(supporter__in=profiles).update(reference="", updated_at=now)
    Supervision.objects.filter(supporter__in=profiles).update(notes="", updated_at=now)
    supported = SupportEpisode.objects.filter(supporter__in=profiles)
    _scrub_rows(supported, pattern)
    for model in (SupportGoal, SupportSession, Navigation):
        _scrub_rows(model.objects.filter(episode__in=supported), pattern)


# Applied in this order: snapshots first, while the consent and objection they depend on are still there.
ERASURE_RULES: dict[str, Rule] = {
    "equality.EqualitySnapshot": Rule(
        gettext_lazy(
            "kept without free-text answers if they allowed their use (they hold only category answers, and keep "
            "figures about who took part right); otherwise deleted"
        ),
        _snapshots,
    ),
    "insights.Involvement": Rule(
        gettext_lazy(
            "kept so figures about who took part stay right (a date and what they took part in; their equality "
            "answers from then stay only as the rule for those says)"
        ),
        lambda person, pattern: None,
    ),
    "people.AccessNeeds": Rule(gettext_lazy("deleted"), _delete("people.AccessNeeds")),
    "comms.Message": Rule(
        gettext_lazy("kept as a record that a message was sent, without the address or what it said"),
        _messages,
    ),
    "comms.ContactProblem": Rule(gettext_lazy("deleted"), _delete("comms.ContactProblem")),
    "comms.ShortLink": Rule(gettext_lazy("deleted"), _delete("comms.ShortLink")),
    "engagement.Invitation": Rule(
        gettext_lazy(
            "kept without the note. For activities that have not started yet (and are not cancelled) the reply "
            "becomes no and they come off the waiting list, so a place they had goes to the next person waiting; "
            "replies to activities that have started or are past stay, so the activity's numbers stay right"
        ),
        _invitations,
    ),
    "engagement.PollAnswer": Rule(
        gettext_lazy("kept (yes, no or if need be for each time offered)"), _blank("engagement.PollAnswer")
    ),
    "engagement.Attendance": Rule(
        gettext_lazy("kept so the activity's numbers stay right, without what they needed on the day"), _attendance
    ),
    "engagement.CalendarFeed": Rule(gettext_lazy("deleted"), _delete("engagement.CalendarFeed")),
    "payments.PaymentLine": Rule(
        gettext_lazy("kept for the accounts, without the description or receipt reference"),
        _blank("payments.PaymentLine", "description", "receipt_reference"),
    ),
    "contributions.Contribution": Rule(
        gettext_lazy("kept as anonymous, with their name and contact details replaced by [erased]; photos deleted"),
        _contributions,
    ),
    "consent.Consent": Rule(gettext_lazy("deleted"), _delete("consent.Consent")),
    "equality.EqualityProfile": Rule(gettext_lazy("deleted"), _delete("equality.EqualityProfile")),
    "consent.DataShare": Rule(
        gettext_lazy("kept as a record that sharing happened, without what was shared or why"),
        _blank("consent.DataShare", "details_shared", "reason"),
    ),
    "datarights.DataRightsRequest": Rule(
        gettext_lazy("kept for the register, without their notes"),
        _blank("datarights.DataRightsRequest", "notes"),
    ),
    "projects.ProjectStakeholder": Rule(
        gettext_lazy("kept so the project still counts their involvement, without the note"),
        _blank("projects.ProjectStakeholder", "note"),
    ),
    "decisions.Decision": Rule(
        gettext_lazy(
            "kept, without them among the people present, and with their name and contact details in the decision's "
            "notes replaced by [erased]"
        ),
        _decisions,
    ),
    "publishing.Win": Rule(
        gettext_lazy("kept, without any photo they are in, and with their name in the story replaced by [erased]"),
        _wins,
    ),
    # Points at no one: run for every erasure (see _newsletter).
    "newsletter.Block": Rule(
        gettext_lazy(
            "newsletter issues, sent or not, kept, with their name and contact details in the issue's text and in "
            "the copy of its wins, promises and activities kept for the public archive replaced by [erased]"
        ),
        _newsletter,
    ),
    # Points at no one: found by the person's email address (see _newsletter_subscription).
    "newsletter.Subscriber": Rule(
        gettext_lazy(
            "a newsletter subscription to their email address is ended: the address and choices are deleted and "
            "only a keyed hash of the address is kept, as when someone unsubscribes"
        ),
        _newsletter_subscription,
        # The newsletter is a separate choice with its own lifecycle: being inactive in co-production ends nothing.
        erasure_only=True,
    ),
    "safeguarding.SafeguardingConcern": Rule(
        gettext_lazy("kept (closed concerns only), with their names and contact details replaced by [erased]"),
        _scrub_concerns,
    ),
    "peers.Referral": Rule(
        gettext_lazy(
            "referrals for peer support kept so the numbers stay right, without contact details, what they wanted "
            "help with, preferences or languages; unlinked self-referrals with their email address or phone number "
            "too"
        ),
        _peer_referrals,
    ),
    "peers.SupportEpisode": Rule(
        gettext_lazy(
            "peer support they had kept as dates, numbers and outcomes (wellbeing scores, whether goals were met "
            "and services reached), without anything written about them: strengths, needs, outcomes, goals, "
            "session notes and notes on services"
        ),
        _peer_episodes,
    ),
    # Training and induction records hold no free text: a course or checklist item and dates. Kept, pointing at the
    # anonymised person, so the training matrix's counts stay right.
    "learning.Completion": Rule(
        gettext_lazy("kept as a course and its dates (no free text), so training figures stay right"),
        lambda person, pattern: None,
    ),
    "learning.InductionProgress": Rule(
        gettext_lazy("kept as a checklist item and a date (no free text)"), lambda person, pattern: None
    ),
    "peers.PeerSupporter": Rule(
        gettext_lazy(
            "a peer supporter's profile kept as no longer a peer supporter, without its free text, languages, "
            "areas or account; check references and supervision notes cleared; their name and contact details "
            "replaced by [erased] in the records of the families they supported"
        ),
        _peer_supporter,
    ),
}


# The service -----------------------------------------------------------------------------------------------------


def open_concerns(person: Person) -> models.QuerySet[SafeguardingConcern]:
    return SafeguardingConcern.objects.filter(_concern_filter(person)).exclude(status=ConcernStatus.CLOSED)


def _leave_household(person: Person, household: Household) -> None:
    """Delete the household and its children if nobody else is in it; keep it, unnamed, if a safeguarding record
    needs it."""
    if household.members.exclude(pk=person.pk).exists():
        return
    if not household.safeguarding_concerns.exists():
        try:
            household.delete()
            return
        except ProtectedError:  # a record added later that must outlive the household
            pass
    household.name = ""
    household.save(update_fields=["name", "updated_at"])
    household.children.update(first_name="", send_details="", updated_at=timezone.now())


@transaction.atomic
def person_erase(
    *,
    person: Person,
    actor: User | None,
    request: HttpRequest | None = None,
    keep_attribution: bool,
    rights_request: DataRightsRequest | None = None,
    by_retention: bool = False,
) -> Person:
    """Anonymise `person` everywhere, irreversibly (see the module docstring). Refused while a safeguarding concern
    about them or their household is open. Completes `rights_request` (their erasure request) if given. Retention
    (`by_retention`) skips the rules marked `erasure_only`."""
    person = Person.objects.select_for_update(of=("self",)).select_related("household").get(pk=person.pk)
    if person.is_erased:
        raise ValidationError(_("This person's information has already been erased."))
    if open_concerns(person).exists():
        raise ValidationError(
            _(
                "This person cannot be erased while a safeguarding concern about them or their household is open. "
                "Ask the designated safeguarding lead to close it first."
            )
        )
    # An open request of another kind (a copy of their information, a correction) must be answered first.
    if (
        DataRightsRequest.objects.filter(person=person, status=DataRightsRequest.Status.OPEN)
        .exclude(kind=DataRightsRequest.Kind.ERASURE)
        .exists()
    ):
        raise ValidationError(
            _(
                "This person cannot be erased while another data rights request from them is open "
                "(for example a request for a copy of their information). Complete or close that request first."
            )
        )
    household = person.household
    alone = household is not None and not household.members.exclude(pk=person.pk).exists()
    # When the household goes with them, its name and its children's names go from the safeguarding records too.
    also = [household.name, *household.children.values_list("first_name", flat=True)] if alone else []
    pattern = identifying_pattern(person, also=also)
    for rule in ERASURE_RULES.values():
        if not (by_retention and rule.erasure_only):
            rule.apply(person, pattern)

    new_name = attribution(person, keep_attribution=keep_attribution)
    for field in Person._meta.concrete_fields:
        if field.name not in KEEP_ON_PERSON:
            setattr(person, field.attname, None if field.null else field.get_default())
    person.full_name = new_name
    person.erased_at = timezone.now()
    person.save()
    for field in Person._meta.many_to_many:
        getattr(person, field.name).clear()
    if household is not None:
        _leave_household(person, household)
    links_revoke(person)

    if rights_request is not None and rights_request.status == DataRightsRequest.Status.OPEN:
        rights_request.status = DataRightsRequest.Status.COMPLETED
        rights_request.completed_on = timezone.localdate()
        rights_request.completed_by = actor if actor is not None and actor.is_authenticated else None
        rights_request.save(update_fields=["status", "completed_on", "completed_by", "updated_at"])

    audit_record(
        action=AuditEvent.Action.ERASE,
        actor=actor,
        organisation=person.organisation,
        obj=person,
        object_label=person.audit_label,
        summary=f"Erased {person.audit_label}: personal details removed, records anonymised",
        changes={
            "attribution_kept": keep_attribution,
            **({"rights_request": str(rights_request.pk)} if rights_request is not None else {}),
        },
        request=request,
    )
    return person
