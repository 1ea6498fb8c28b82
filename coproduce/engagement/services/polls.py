"""The "When suits you?" poll: proposing times for an activity, asking everyone invited (by the way they chose to be
contacted, the same rule as invitations), recording answers (from their own link, a text-message reply, or staff
after a phone call), scoring the times (coproduce/analysis/scheduling.py) and choosing one, which sets the
activity's time.

Audit lines name people only by `audit_label` and list field names only, never answers or contact details.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coproduce.analysis import scheduling
from coproduce.comms.models import Channel, Kind, Message
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.engagement.inbound_sms import normalise_number, number_forms, parse_reply
from coproduce.engagement.messages import preferred_route
from coproduce.engagement.models import Activity, Attendance, Invitation, Poll, PollAnswer, PollSlot
from coproduce.people.models import Person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User

logger = logging.getLogger(__name__)

MIN_SLOTS, MAX_SLOTS = 2, 10
LINK_SALT = "engagement.poll"
# A poll's link works for this long after it was sent (the poll's closing date also stops answers).
LINK_LIFETIME = dt.timedelta(days=60)
# A stakeholder group the activity is for, with fewer people than this involved in the organisation's projects,
# is a group we hear from least.
SMALL_GROUP = 5
UNDER_HEARD_RULE = gettext_lazy(
    "Someone counts as from a group we hear from least if they have never taken part before, or if they belong to "
    "a group this activity is for that has fewer than %(count)s people involved in your projects."
)
KEY_PREFIX = "poll:"


def idempotency_key(poll: Poll, person: Person) -> str:
    return f"{KEY_PREFIX}{poll.pk}:{person.pk}"


# Saying times the GOV.UK way: "Thursday 3 December 2026, 10am to 11:30am".


def time_words(moment: dt.datetime | dt.time) -> str:
    if moment.hour == 12 and moment.minute == 0:
        return _("midday")
    if moment.hour == 0 and moment.minute == 0:
        return _("midnight")
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def when_words(starts_at: dt.datetime, ends_at: dt.datetime | None = None, *, short: bool = False) -> str:
    """ "Thursday 3 December 2026, 10am to midday" (short: "Thu 3 Dec, 10am to midday", for text messages)."""
    start = timezone.localtime(starts_at)
    day = f"{start:%a} {start.day} {start:%b}" if short else f"{start:%A} {start.day} {start:%B %Y}"
    text = f"{day}, {time_words(start)}"
    if ends_at is not None:
        text += f" {_('to')} {time_words(timezone.localtime(ends_at))}"
    return text


def slot_words(slot: PollSlot, *, short: bool = False) -> str:
    return when_words(slot.starts_at, slot.ends_at, short=short)


# The person's link to answer: signed, expiring, and cancelled with all their links when their access key changes.


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=LINK_SALT)


def make_token(poll: Poll, person: Person) -> str:
    return _signer().sign_object({"poll": str(poll.pk), "p": str(person.pk), "k": person.access_key[:12]})


def poll_and_person_from_token(token: str, *, max_age: dt.timedelta = LINK_LIFETIME) -> tuple[Poll, Person] | None:
    """The poll and person a link is for, or None when it is forged, expired, cancelled, or either is gone."""
    try:
        data = _signer().unsign_object(token, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        person = Person.objects.filter(pk=data.get("p"), erased_at__isnull=True).select_related("organisation").first()
        poll = (
            Poll.objects.filter(pk=data.get("poll"), organisation_id=person.organisation_id)
            .select_related("activity", "chosen_slot")
            .first()
            if person is not None
            else None
        )
    except (ValidationError, ValueError):
        return None
    if person is None or poll is None or person.access_key[:12] != data.get("k"):
        return None
    return poll, person


def answer_url(poll: Poll, person: Person) -> str:
    return settings.SITE_URL + reverse("engagement:poll_answer", kwargs={"link": make_token(poll, person)})


def accepts_answers(poll: Poll, today: dt.date | None = None) -> bool:
    """Whether people can still answer: the poll is open and its closing date has not passed."""
    today = today or timezone.localdate()
    return poll.status == Poll.Status.OPEN and (poll.closes_on is None or today <= poll.closes_on)


def ordered_slots(poll: Poll) -> list[PollSlot]:
    """The poll's slots in the order people see them (and text messages number them)."""
    return list(poll.slots.order_by("starts_at", "ends_at", "pk"))


# Creating a poll and asking people.


def _validate_slots(slots: list[tuple[dt.datetime, dt.datetime]], now: dt.datetime) -> None:
    if not slots:
        raise ValidationError({"slots": _("Add at least %(count)s times for people to choose from") % {"count": 2}})
    if len(slots) < MIN_SLOTS:
        raise ValidationError({"slots": _("Add at least one more time, so people have a choice")})
    if len(slots) > MAX_SLOTS:
        raise ValidationError({"slots": _("Offer no more than %(count)s times") % {"count": MAX_SLOTS}})
    for number, (starts_at, ends_at) in enumerate(slots, start=1):
        if starts_at <= now:
            raise ValidationError({"slots": _("Time %(number)s has already passed") % {"number": number}})
        if ends_at <= starts_at:
            raise ValidationError(
                {"slots": _("Time %(number)s must end after it starts") % {"number": number}},
            )
    if len(set(slots)) != len(slots):
        raise ValidationError({"slots": _("Each time can be offered only once")})


@transaction.atomic
def poll_create(
    *,
    actor: User,
    activity: Activity,
    question: str,
    closes_on: dt.date,
    slots: list[tuple[dt.datetime, dt.datetime]],
    request: HttpRequest | None = None,
    send: bool = True,
) -> Poll:
    """Propose 2 to 10 times for an activity and (with `send`) ask everyone invited to it. Nothing is saved unless
    every time is valid."""
    now = timezone.now()
    question = (question or "").strip() or _("When suits you?")
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity has been cancelled, so there is no time to choose"))
    if Poll.objects.filter(activity=activity, status=Poll.Status.OPEN).exists():
        raise ValidationError(_("This activity already has an open poll. Choose a time in that poll first"))
    _validate_slots(slots, now)
    if closes_on is None:
        raise ValidationError({"closes_on": _("Enter the date the poll closes")})
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The date the poll closes must be today or in the future")})
    first_day = timezone.localtime(min(start for start, _end in slots)).date()
    if closes_on > first_day:
        raise ValidationError(
            {
                "closes_on": _("The poll must close on or before the first time you offer (%(day)s)")
                % {"day": f"{first_day.day} {first_day:%B %Y}"}
            }
        )
    poll = Poll.objects.create(
        organisation=activity.organisation, activity=activity, question=question[:200], closes_on=closes_on
    )
    PollSlot.objects.bulk_create(
        PollSlot(organisation=activity.organisation, poll=poll, starts_at=starts_at, ends_at=ends_at)
        for starts_at, ends_at in sorted(slots)
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=activity.organisation,
        obj=poll,
        summary=f"Poll created for {activity.audit_label} with {len(slots)} times",
        changes={"fields": ["question", "closes_on", "slots"]},
        request=request,
    )
    if send:
        poll_send(actor=actor, poll=poll, request=request)
    return poll


@dataclass
class SendReport:
    email: int = 0
    sms: int = 0
    already: int = 0
    no_consent: list[Person] = field(default_factory=list)
    no_address: list[Person] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return self.email + self.sms


def preferred_channel(person: Person) -> str | None:
    """The same rule as invitations (messages.preferred_route): email if they chose email and have an address, else
    a text message if they chose texts and have a mobile number. Anyone else (phone calls or post only, or no way
    chosen) gets nothing: staff ask them and enter their answers."""
    route = preferred_route(person)
    return route[0] if route else None


def _email_body(poll: Poll, person: Person, slots: list[PollSlot], url: str) -> str:
    lines = [
        _("Hello %(name)s,") % {"name": person.display_name},
        "",
        _("We are planning %(activity)s and we want to find a time that suits you.")
        % {"activity": poll.activity.title},
        "",
        _("These are the times we could do:"),
        *[f"- {slot_words(slot)}" for slot in slots],
        "",
        _("Tell us which times suit you. It takes a minute, and you can change your answers later:"),
        url,
    ]
    if poll.closes_on:
        lines += [
            "",
            _("Please answer by %(day)s.") % {"day": f"{poll.closes_on:%A} {poll.closes_on.day} {poll.closes_on:%B}"},
        ]
    lines += ["", poll.organisation.name]
    return "\n".join(lines)


def _sms_body(poll: Poll, slots: list[PollSlot], url: str) -> str:
    numbered = " ".join(f"{number}) {slot_words(slot, short=True)}." for number, slot in enumerate(slots, start=1))
    return _(
        "%(organisation)s: when suits you for %(activity)s? %(slots)s Reply with the numbers that suit you, e.g. 1 3. "
        "Put ? after a number if it would only work if need be. Or answer here: %(url)s"
    ) % {"organisation": poll.organisation.name, "activity": poll.activity.title, "slots": numbered, "url": url}


@transaction.atomic
def poll_send(*, actor: User | None, poll: Poll, request: HttpRequest | None = None) -> SendReport:
    """Ask everyone invited to the activity who has not been asked yet, by email (or a text message if they have no
    email), when they may be contacted. The messages are queued in this transaction (coproduce.comms.outbox)."""
    from coproduce.comms.outbox import contact_allowed, message_queue

    report = SendReport()
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll is closed"))
    slots = ordered_slots(poll)
    invitations = Invitation.objects.filter(activity=poll.activity).select_related("person", "person__organisation")
    people = [inv.person for inv in invitations if not inv.person.is_erased]
    keys = {idempotency_key(poll, person): person for person in people}
    sent = set(
        Message.objects.filter(organisation=poll.organisation, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    allowed = contact_allowed({person.pk for person in people})
    for key, person in keys.items():
        if key in sent:
            report.already += 1
            continue
        if person.pk not in allowed:
            report.no_consent.append(person)
            continue
        channel = preferred_channel(person)
        if channel is None:
            report.no_address.append(person)
            continue
        url = answer_url(poll, person)
        if channel == Channel.EMAIL:
            message_queue(
                organisation=poll.organisation,
                person=person,
                channel=Channel.EMAIL,
                to=person.email,
                subject=f"{poll.question} {poll.activity.title}",
                body=_email_body(poll, person, slots, url),
                kind=Kind.OTHER,
                idempotency_key=key,
            )
            report.email += 1
        else:
            message_queue(
                organisation=poll.organisation,
                person=person,
                channel=Channel.SMS,
                to=normalise_number(person.phone),
                body=_sms_body(poll, slots, url),
                kind=Kind.OTHER,
                idempotency_key=key,
            )
            report.sms += 1
    if report.queued:
        audit_record(
            action=AuditEvent.Action.INVITE,
            actor=actor,
            organisation=poll.organisation,
            obj=poll,
            summary=f"Poll sent to {report.queued} people ({report.email} by email, {report.sms} by text message)",
            request=request,
        )
    return report


def how_asked(poll: Poll, people: Iterable[Person]) -> dict:
    """Person id → the outbox message that asked them (None if they were not asked)."""
    keys = {idempotency_key(poll, person): person.pk for person in people}
    messages = Message.objects.filter(organisation=poll.organisation, idempotency_key__in=keys).only(
        "idempotency_key", "channel", "status"
    )
    return {keys[message.idempotency_key]: message for message in messages}


# Answers.


@transaction.atomic
def poll_answers_save(
    *,
    poll: Poll,
    person: Person,
    answers: Mapping[object, str],
    via: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> list[PollAnswer]:
    """Record (or change) a person's answer for every slot of the poll: slot id → "yes", "if_need_be" or "no"."""
    if person.organisation_id != poll.organisation_id:
        raise ValueError("The person belongs to another organisation.")
    if via not in PollAnswer.Via.values:
        raise ValueError(f"Unknown way of answering {via!r}")
    if person.is_erased:
        raise ValidationError(_("This person's information has been erased"))
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll has closed, so answers cannot be changed"))
    if via != PollAnswer.Via.STAFF and not accepts_answers(poll):
        raise ValidationError(_("This poll has closed, so answers cannot be changed"))
    slots = {str(slot.pk): slot for slot in poll.slots.all()}
    given = {str(slot_id): answer for slot_id, answer in answers.items()}
    if set(given) != set(slots):
        raise ValidationError(_("Answer for every time"))
    if any(answer not in PollAnswer.Answer.values for answer in given.values()):
        raise ValidationError(_("Choose yes, if need be or no for every time"))
    existing = {str(a.slot_id): a for a in PollAnswer.objects.filter(slot__poll=poll, person=person)}
    saved, changed = [], False
    entered_by = actor if via == PollAnswer.Via.STAFF else None
    for slot_id, answer in given.items():
        row = existing.get(slot_id)
        if row is None:
            row = PollAnswer.objects.create(
                organisation=poll.organisation,
                slot=slots[slot_id],
                person=person,
                answer=answer,
                via=via,
                entered_by=entered_by,
            )
            changed = True
        elif (row.answer, row.via, row.entered_by_id) != (answer, via, getattr(entered_by, "pk", None)):
            row.answer, row.via, row.entered_by = answer, via, entered_by
            row.save(update_fields=["answer", "via", "entered_by", "updated_at"])
            changed = True
        saved.append(row)
    if changed:
        audit_record(
            action=AuditEvent.Action.UPDATE if existing else AuditEvent.Action.CREATE,
            actor=actor,
            organisation=poll.organisation,
            obj=poll,
            summary=f"Poll answers {'changed' if existing else 'given'} for {person.audit_label} "
            f"({PollAnswer.Via(via).label.lower()})",
            changes={"fields": ["answer", "via"] + (["entered_by"] if entered_by else [])},
            request=request,
        )
    if via != PollAnswer.Via.STAFF:
        Person.objects.filter(pk=person.pk).update(last_active_at=timezone.now())
    return saved


@dataclass(frozen=True)
class TextReplyOutcome:
    recorded: bool
    reason: str  # "recorded", "unknown_number", "not_a_poll_reply", "not_understood", "closed"
    poll: Poll | None = None
    person: Person | None = None


def _newest_text_to(number: str) -> Message | None:
    """The newest text message (of any kind) sent, or waiting to go, to this number (E.164)."""
    return (
        Message.objects.filter(channel=Channel.SMS, to__in=number_forms(number))
        .exclude(status__in=[Message.Status.CANCELLED, Message.Status.FAILED_PERMANENTLY])
        .order_by("-created_at")
        .only("organisation_id", "idempotency_key", "person_id", "created_at")
        .first()
    )


def poll_text_reply_record(*, source_number: str, content: str) -> TextReplyOutcome:
    """A text message came in: if the newest text we sent to that number asked about a poll, and the poll still
    takes answers, record what it says (when we can understand it) for that person. If our newest text was
    something else (an invitation asking them to tell us yes, no or maybe on a link, say), a reply is not about the
    poll and nothing is recorded. Log lines never carry what the text said."""
    number = normalise_number(source_number)
    if number is None:
        return TextReplyOutcome(False, "unknown_number")
    message = _newest_text_to(number)
    if message is None:
        logger.info("A text message came in from a number we have not texted; nothing was recorded.")
        return TextReplyOutcome(False, "unknown_number")
    if not message.idempotency_key.startswith(KEY_PREFIX):
        logger.info(
            "A text message came in, but the last text sent to that number (message %s) was not a poll; "
            "nothing was recorded.",
            message.pk,
        )
        return TextReplyOutcome(False, "not_a_poll_reply")
    try:
        _prefix, poll_id, person_id = message.idempotency_key.split(":")
        poll = (
            Poll.objects.filter(pk=poll_id, organisation_id=message.organisation_id)
            .select_related("organisation", "activity")
            .first()
        )
        person = Person.objects.filter(pk=person_id, organisation_id=message.organisation_id).first()
    except (ValueError, ValidationError):
        poll = person = None
    if poll is None or person is None or person.is_erased or not accepts_answers(poll):
        logger.info("A text-message reply came in for a poll that no longer takes answers; nothing was recorded.")
        return TextReplyOutcome(False, "closed", poll, person)
    slots = ordered_slots(poll)
    parsed = parse_reply(content, len(slots))
    if parsed is None:
        logger.info("A text-message reply to poll %s could not be understood; nothing was recorded.", poll.pk)
        return TextReplyOutcome(False, "not_understood", poll, person)
    answers = {slots[slot_number - 1].pk: answer for slot_number, answer in parsed.items()}
    poll_answers_save(poll=poll, person=person, answers=answers, via=PollAnswer.Via.TEXT)
    return TextReplyOutcome(True, "recorded", poll, person)


# Results.


def under_heard_people(activity: Activity, person_ids: Iterable) -> set:
    """Of these people, those from a group we hear from least (see UNDER_HEARD_RULE). A fixed number of queries."""
    from coproduce.projects.models import ProjectStakeholder

    ids = set(person_ids)
    if not ids:
        return set()
    organisation = activity.organisation_id
    involved = set(
        ProjectStakeholder.objects.filter(organisation_id=organisation, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    attended = set(
        Attendance.objects.filter(organisation_id=organisation, person_id__in=ids, attended=True).values_list(
            "person_id", flat=True
        )
    )
    found = ids - involved - attended
    groups = [group.pk for group in activity.stakeholder_groups.all()]
    if groups:
        counts = dict(
            ProjectStakeholder.objects.filter(organisation_id=organisation, group_id__in=groups, person__isnull=False)
            .values_list("group_id")
            .annotate(people=Count("person_id", distinct=True))
        )
        small = [group for group in groups if counts.get(group, 0) < SMALL_GROUP]
        if small:
            membership = Person.stakeholder_groups.through.objects.filter(
                person_id__in=ids, stakeholdergroup_id__in=small
            )
            found |= set(membership.values_list("person_id", flat=True))
    return found


@dataclass
class SlotRow:
    slot: PollSlot
    number: int
    words: str
    people: dict[str, list[Person]]  # answer -> people who gave it
    score: scheduling.SlotScore | None = None
    suggested: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return {answer: len(people) for answer, people in self.people.items()}


@dataclass
class PollResults:
    poll: Poll
    rows: list[SlotRow]
    result: scheduling.PollResult
    respondents: list[Person]
    under_heard: set
    invited: list[Person]
    not_answered: list[Person]
    suggested: SlotRow | None

    @property
    def headline(self) -> str:
        if self.suggested is None:
            return self.result.reasoning[0] if self.result.reasoning else ""
        return self.suggested.score.summary if self.suggested.score else self.suggested.words

    @property
    def under_heard_count(self) -> int:
        return len(self.under_heard)


def _suggest(
    poll: Poll, slots: list[PollSlot], by_person: dict[object, dict[object, str]]
) -> tuple[set, scheduling.PollResult]:
    """Who of those who answered is under-heard, and the scored times with the suggestion. `by_person` is
    {person id: {slot id: answer}} in the order the respondents are listed (name, then id)."""
    under_heard = under_heard_people(poll.activity, by_person)
    result = scheduling.suggest_slot(
        [scheduling.Slot(slot.pk, slot_words(slot)) for slot in slots],
        [scheduling.Respondent(person_id, theirs, person_id in under_heard) for person_id, theirs in by_person.items()],
    )
    return under_heard, result


def poll_results(poll: Poll) -> PollResults:
    """Everything the results page and the activity page show, in a fixed number of queries however many answered."""
    slots = ordered_slots(poll)
    answers = list(
        PollAnswer.objects.filter(slot__poll=poll).select_related("person").order_by("person__full_name", "person_id")
    )
    people: dict[object, Person] = {}
    by_person: dict[object, dict[object, str]] = defaultdict(dict)
    for answer in answers:
        people[answer.person_id] = answer.person
        by_person[answer.person_id][answer.slot_id] = answer.answer
    under_heard, result = _suggest(poll, slots, by_person)
    scores = {score.slot.slot_id: score for score in result.ranking}
    rows = []
    for number, slot in enumerate(slots, start=1):
        grouped: dict[str, list[Person]] = {answer: [] for answer in PollAnswer.Answer.values}
        for person_id, theirs in by_person.items():
            if slot.pk in theirs:
                grouped[theirs[slot.pk]].append(people[person_id])
        suggested = result.suggestion is not None and result.suggestion.slot.slot_id == slot.pk
        rows.append(SlotRow(slot, number, slot_words(slot), grouped, scores.get(slot.pk), suggested))
    invited = [
        inv.person
        for inv in Invitation.objects.filter(activity=poll.activity)
        .select_related("person")
        .order_by("person__full_name", "person_id")
        if not inv.person.is_erased
    ]
    return PollResults(
        poll=poll,
        rows=rows,
        result=result,
        respondents=list(people.values()),
        under_heard=under_heard,
        invited=invited,
        not_answered=[person for person in invited if person.pk not in people],
        suggested=next((row for row in rows if row.suggested), None),
    )


@dataclass(frozen=True)
class PollSummary:
    """What the activity page shows of a poll: how many answered and were invited, and the suggestion."""

    answered: int
    invited: int
    suggested_words: str  # "" when there is no time to suggest
    headline: str


def poll_summary(poll: Poll) -> PollSummary:
    """The activity page's part of poll_results (the same counts, suggestion and headline) from the answers' ids
    alone, without loading everyone who answered or was invited. A fixed number of queries."""
    slots = ordered_slots(poll)
    by_person: dict[object, dict[object, str]] = defaultdict(dict)
    # In the order poll_results gives the respondents, so that the suggestion is worked out from the same list.
    answers = (
        PollAnswer.objects.filter(slot__poll=poll)
        .order_by("person__full_name", "person_id")
        .values_list("person_id", "slot_id", "answer")
    )
    for person_id, slot_id, answer in answers:
        by_person[person_id][slot_id] = answer
    _under_heard, result = _suggest(poll, slots, by_person)
    invited = Invitation.objects.filter(activity=poll.activity, person__erased_at__isnull=True).count()
    if result.suggestion is None:
        return PollSummary(len(by_person), invited, "", result.reasoning[0] if result.reasoning else "")
    return PollSummary(len(by_person), invited, result.suggestion.slot.label, result.suggestion.summary)


def answers_count(poll: Poll) -> int:
    return PollAnswer.objects.filter(slot__poll=poll).values("person_id").distinct().count()


# Choosing a time.


@transaction.atomic
def poll_choose(*, actor: User, poll: Poll, slot: PollSlot, request: HttpRequest | None = None) -> Poll:
    """Set the activity's time to the chosen slot (in place of any open window) and close the poll. When that sets or
    changes the activity's time, everyone who said yes or maybe is told. A time that has passed cannot be chosen."""
    poll = Poll.objects.select_for_update().select_related("activity").get(pk=poll.pk)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll is already closed"))
    if slot.poll_id != poll.pk:
        raise ValidationError({"slot": _("Choose one of the times in this poll")})
    if slot.starts_at <= timezone.now():
        raise ValidationError({"slot": _("That time has already passed. Choose a time that is still to come")})
    activity = Activity.objects.select_for_update().get(pk=poll.activity_id)
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity has been cancelled"))
    moved = (activity.starts_at, activity.ends_at) != (slot.starts_at, slot.ends_at)
    had_window = activity.window_opens_on is not None or activity.window_closes_on is not None
    activity.starts_at, activity.ends_at = slot.starts_at, slot.ends_at
    activity.window_opens_on = activity.window_closes_on = None  # a set time replaces "any time from … to …"
    activity.save(update_fields=["starts_at", "ends_at", "window_opens_on", "window_closes_on", "updated_at"])
    poll.status, poll.chosen_slot = Poll.Status.CLOSED, slot
    poll.save(update_fields=["status", "chosen_slot", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=poll.organisation,
        obj=poll,
        summary="Time chosen from the poll; poll closed",
        changes={"fields": ["status", "chosen_slot"]},
        request=request,
    )
    if moved or had_window:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=activity.organisation,
            obj=activity,
            summary="Time set from a poll",
            changes={
                "fields": ["starts_at", "ends_at"] + (["window_opens_on", "window_closes_on"] if had_window else [])
            },
            request=request,
        )
    if moved:
        from coproduce.engagement.messages import activity_change_messages_queue

        # Also for an activity that had no time (an open window, or "to be agreed"): yes and maybe need the time.
        activity_change_messages_queue(activity, changes=[_("It is now %(when)s.") % {"when": slot_words(slot)}])
    poll.activity = activity
    return poll


def send_summary(report: SendReport) -> str:
    """What to tell staff after asking people."""
    parts = []
    if report.email:
        parts.append(ngettext("%(count)s email", "%(count)s emails", report.email) % {"count": report.email})
    if report.sms:
        parts.append(ngettext("%(count)s text message", "%(count)s text messages", report.sms) % {"count": report.sms})
    return " and ".join(parts)
