"""The transactional outbox for email and text messages.

`message_queue` writes a message in the caller's transaction and nothing else: if the transaction rolls back,
there is no message. After commit a task runs `send_due`, which claims due messages, hands each to the backend
and records the outcome. Retries back off exponentially; a message left "sending" by a worker that died is taken
up again once its lease runs out and, before any retry, looked up at the provider by its reference so that
nothing is sent twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from coproduce.comms.backends import Backend, DeliveryStatus, PermanentFailure, TransientFailure, get_backend
from coproduce.comms.models import Channel, ContactProblem, Kind, Message
from coproduce.comms.short_links import shorten_links
from coproduce.people.models import Person

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# How long a worker may hold a claimed message before another worker may take it up again.
LEASE = dt.timedelta(minutes=10)
# A worker does not start a send this close to the end of its lease (the send itself may take this long).
LEASE_MARGIN = dt.timedelta(minutes=1)
# Notify keeps a message's status for 7 days.
STATUS_POLL_WINDOW = dt.timedelta(days=7)
# Kinds the person asked for themselves: sent even without consent to contact them about co-production.
KINDS_WITHOUT_CONTACT_CONSENT = {Kind.OWN_LINK}
# Why a message whose `send_before` has passed was not sent.
TOO_LATE = "Too late to send"


def _now() -> dt.datetime:
    return timezone.now()


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th … failed attempt."""
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


def message_queue(
    *,
    organisation,
    person: Person | None = None,
    channel: str,
    to: str,
    subject: str = "",
    body: str,
    kind: str,
    idempotency_key: str,
    unsubscribe_url: str = "",
    calendar: str = "",
    send_before: dt.datetime | None = None,
) -> Message:
    """Queue one message, in the caller's transaction, to be sent after it commits.

    The caller checks consent first (see the module docs of coproduce.comms). For a person, the body gets their
    own-link footer, and an email gets a one-click unsubscribe address unless the caller gives one.
    `calendar` is an iCalendar file to attach (where the backend can). In a text message, links to this site are
    made short (short_links.py). `send_before`: the message is cancelled rather than sent from then on (for a
    message about a time, such as a reminder). The same `idempotency_key` again (in the organisation) returns the
    first message unchanged.
    """
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}")
    if kind not in Kind.values:
        raise ValueError(f"Unknown kind of message {kind!r}")
    if not to.strip() or not idempotency_key:
        raise ValueError("A message needs an address (or number) and an idempotency key.")
    if person is not None:
        if person.organisation_id != organisation.pk:
            raise ValueError("The person belongs to another organisation.")
        if person.is_erased:
            raise ValueError("The person's information has been erased.")
    existing = Message.objects.filter(organisation=organisation, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if person is not None:
        body = f"{body.rstrip()}\n\n{_footer(person, channel)}\n"
        if channel == Channel.EMAIL and not unsubscribe_url:
            from coproduce.comms.unsubscribe import unsubscribe_url as person_unsubscribe_url

            unsubscribe_url = person_unsubscribe_url(person)
    try:
        with transaction.atomic():  # a savepoint: a clash below must not break the caller's transaction
            if channel == Channel.SMS:
                body = shorten_links(body, organisation=organisation, person=person)
            message = Message.objects.create(
                organisation=organisation,
                person=person,
                channel=channel,
                to=to.strip(),
                subject=subject,
                body=body,
                kind=kind,
                idempotency_key=idempotency_key,
                unsubscribe_url=unsubscribe_url,
                calendar=calendar,
                send_before=send_before,
                next_attempt_at=_now(),
            )
    except IntegrityError:
        # Another transaction queued the same key at the same moment.
        return Message.objects.get(organisation=organisation, idempotency_key=idempotency_key)
    _schedule_send()
    return message


def _footer(person: Person, channel: str) -> str:
    """The person's own link. A text message gets a short version: every 160 characters is another message."""
    from coproduce.consent.links import person_url
    from coproduce.consent.messages import footer

    if channel == Channel.SMS:
        return f"Your information, or stop messages: {person_url(person)}"
    return f"--\n{footer(person)}"


def _enqueue_send() -> None:
    from coproduce.comms.tasks import send_messages

    send_messages.enqueue()


def _schedule_send() -> None:
    """Start the sending task once the transaction commits: once per transaction, however many messages."""
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(func is _enqueue_send for _sids, func, _robust in conn.run_on_commit):
        return
    # robust: if the task can't be queued, the caller's change still stands; the `send_messages` loop sends it.
    transaction.on_commit(_enqueue_send, robust=True)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    skipped: int = 0

    @property
    def claimed(self) -> int:
        return self.sent + self.retrying + self.failed + self.cancelled + self.skipped


def _claim(limit: int) -> list:
    """Take up to `limit` due messages for this worker: mark them "sending", with a lease, and count the attempt."""
    now = _now()
    claim = {"status": Message.Status.SENDING, "claimed_at": now, "next_attempt_at": now + LEASE}
    due = Message.objects.due(now).order_by("next_attempt_at")
    if connection.features.has_select_for_update_skip_locked:
        # PostgreSQL: workers skip each other's rows instead of queueing behind them.
        with transaction.atomic():
            ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            Message.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, **claim)
        return ids
    # SQLite (one writer at a time): compare-and-set each row, so two workers never claim the same message.
    ids = []
    for pk, status, next_attempt_at in due.values_list("pk", "status", "next_attempt_at")[:limit]:
        taken = Message.objects.filter(pk=pk, status=status, next_attempt_at=next_attempt_at).update(
            attempts=F("attempts") + 1, **claim
        )
        if taken:
            ids.append(pk)
    return ids


def contact_allowed(person_ids: set) -> set:
    """Of these people, those who may be contacted about co-production now (one query for a whole batch)."""
    if not person_ids:
        return set()
    from coproduce.consent.checks import allows
    from coproduce.consent.models import Consent, Purpose

    consents = Consent.objects.filter(
        person_id__in=person_ids, purpose=Purpose.CONTACT, partner=None, person__erased_at__isnull=True
    )
    return {consent.person_id for consent in consents if allows(consent)}


def send_due(limit: int = 100, *, backend: Backend | None = None) -> SendReport:
    """Send the messages that are due (call it outside any transaction: sends can't be rolled back)."""
    report = SendReport()
    ids = _claim(limit)
    if not ids:
        return report
    backend = backend or get_backend()
    messages = list(Message.objects.filter(pk__in=ids).select_related("person").order_by("next_attempt_at"))
    allowed = contact_allowed(
        {m.person_id for m in messages if m.person_id and m.kind not in KINDS_WITHOUT_CONTACT_CONSENT}
    )
    for message in messages:
        outcome = _send_one(message, backend, allowed)
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _mark(message: Message, *, without_waiting_for_disk: bool = False, **fields) -> bool:
    """Record an outcome, unless another worker has taken the message up since (its lease ran out).

    `without_waiting_for_disk` (PostgreSQL, outside a transaction): commit without waiting for the write to reach
    the disk (synchronous_commit off, for this transaction only). Only for "sent" with a backend that can look a
    message up: if the database crashed in the next moment and lost the mark, the message would be "sending"
    again and, once its lease ran out, found at the provider instead of sent twice. Waiting for the disk on every
    message is most of a worker's time on ordinary disks (see bench/messages.py)."""
    update = Message.objects.filter(pk=message.pk, status=Message.Status.SENDING, claimed_at=message.claimed_at)
    if without_waiting_for_disk and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return bool(update.update(**fields))
    return bool(update.update(**fields))


def _send_one(message: Message, backend: Backend, allowed: set) -> str:
    now = _now()
    if now >= message.next_attempt_at - LEASE_MARGIN:
        # The batch took so long that the lease is nearly over: leave the message for the next pass.
        return "skipped"
    if message.person_id and (
        message.person.is_erased
        or (message.kind not in KINDS_WITHOUT_CONTACT_CONSENT and message.person_id not in allowed)
    ):
        _mark(message, status=Message.Status.CANCELLED, last_error="No consent to contact (withdrawn or erased)")
        return "cancelled"
    if message.send_before is not None and now >= message.send_before:
        # A reminder that would arrive after the session started (the worker or the provider was down).
        _mark(message, status=Message.Status.CANCELLED, last_error=TOO_LATE)
        return "cancelled"
    try:
        provider_id = None
        if message.attempts > 1 and backend.can_look_up:
            # An earlier attempt may have reached the provider before the worker died or the reply was lost.
            provider_id = backend.find_sent(message)
        if provider_id is None:
            provider_id = backend.send(message)
    except TransientFailure as failure:
        if message.attempts >= MAX_ATTEMPTS:
            _mark(message, status=Message.Status.FAILED_PERMANENTLY, last_error=failure.reason[:200])
            logger.warning("Message %s failed after %s attempts: %s", message.pk, message.attempts, failure.reason)
            return "failed"
        _mark(
            message,
            status=Message.Status.QUEUED,
            next_attempt_at=now + retry_delay(message.attempts),
            last_error=failure.reason[:200],
        )
        return "retrying"
    except PermanentFailure as failure:
        with transaction.atomic():
            marked = _mark(message, status=Message.Status.FAILED_PERMANENTLY, last_error=failure.reason[:200])
            if marked and failure.address_problem and message.person_id:
                _contact_problem_record(message, failure.reason)
        return "failed"
    _mark(
        message,
        without_waiting_for_disk=backend.can_look_up,
        status=Message.Status.SENT,
        provider_id=provider_id,
        sent_at=_now(),
        last_error="",
    )
    return "sent"


def _contact_problem_record(message: Message, reason: str) -> ContactProblem:
    return ContactProblem.objects.create(
        organisation_id=message.organisation_id,
        person_id=message.person_id,
        channel=message.channel,
        address=message.to,
        reason=reason[:200],
        message=message,
    )


def send_all_due(*, limit: int = 100, max_batches: int = 100, backend: Backend | None = None) -> SendReport:
    """Send batches until nothing is due (or `max_batches` have gone): what the task and the loop run."""
    total = SendReport()
    backend = backend or get_backend()
    for _batch in range(max_batches):
        report = send_due(limit, backend=backend)
        for field in ("sent", "retrying", "failed", "cancelled", "skipped"):
            setattr(total, field, getattr(total, field) + getattr(report, field))
        if report.claimed < limit:
            break
    return total


def delivery_status_update(*, message: Message, status: DeliveryStatus) -> Message:
    """Record what the provider says became of a sent message; a permanent bounce flags the address."""
    if message.status != Message.Status.SENT:
        return message
    with transaction.atomic():
        if status.delivered:
            message.status = Message.Status.DELIVERED
            message.delivered_at = _now()
            Message.objects.filter(pk=message.pk, status=Message.Status.SENT).update(
                status=message.status, delivered_at=message.delivered_at
            )
        elif status.failed:
            message.status = Message.Status.FAILED_PERMANENTLY
            message.last_error = status.reason[:200]
            updated = Message.objects.filter(pk=message.pk, status=Message.Status.SENT).update(
                status=message.status, last_error=message.last_error
            )
            if updated and status.address_problem and message.person_id:
                _contact_problem_record(message, status.reason)
    return message


def delivery_statuses_poll(*, limit: int = 500, backend: Backend | None = None) -> int:
    """Ask the provider about recently sent messages not yet known to be delivered. Returns how many changed."""
    backend = backend or get_backend()
    since = _now() - STATUS_POLL_WINDOW
    messages = (
        Message.objects.filter(status=Message.Status.SENT, sent_at__gte=since)
        .exclude(provider_id="")
        .order_by("sent_at")[:limit]
    )
    changed = 0
    for message in messages:
        status = backend.delivery_status(message)
        if status is not None and (status.delivered or status.failed):
            delivery_status_update(message=message, status=status)
            changed += 1
    return changed
