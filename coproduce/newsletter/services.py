"""Writes of the newsletter: signing up (double opt-in), confirming, unsubscribing, cleaning up sign-ups never
confirmed, composing issues and sending them through the outbox. Each runs in one transaction with its audit line.

Nothing is ever queued for a pending or unsubscribed address: recipients are chosen among confirmed subscribers,
locked while their messages are queued, and unsubscribing cancels, in its own transaction, every newsletter
message still waiting for that subscriber. (The outbox re-checks consent for people; subscribers are not people,
so the cancellation gives the same guarantee.)
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.comms.models import Channel, Kind, Message
from coproduce.comms.outbox import message_queue
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.newsletter import content
from coproduce.newsletter.models import (
    Block,
    BlockKind,
    Issue,
    Subscriber,
    Topic,
    email_hash,
    email_normalise,
    token_hash,
)
from coproduce.organisations.models import Organisation

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Hub

# A confirmation email is sent again for the same address at most this often.
RESEND_AFTER = dt.timedelta(hours=1)
# A confirmation link works for this long.
CONFIRMATION_LIFETIME = dt.timedelta(days=7)
# Sign-ups never confirmed are deleted after this long.
PENDING_KEPT_FOR = dt.timedelta(days=30)
# Subscribers queued per transaction when an issue is sent.
SEND_BATCH = 500


def _now() -> dt.datetime:
    return timezone.now()


# --- Subscribers ---------------------------------------------------------------------------------------------------


def _confirm_url(organisation: Organisation, token: str) -> str:
    path = reverse("newsletter:confirm", kwargs={"organisation_slug": organisation.slug, "token": token})
    return settings.SITE_URL + path


def unsubscribe_url(subscriber: Subscriber, organisation: Organisation) -> str:
    path = reverse(
        "newsletter:unsubscribe", kwargs={"organisation_slug": organisation.slug, "key": subscriber.unsubscribe_key}
    )
    return settings.SITE_URL + path


def _choices(hubs: list[Hub], topics: list[str]) -> dict:
    return {"hubs": sorted(str(h.pk) for h in hubs), "topics": sorted(t for t in topics if t in Topic.values)}


def _confirmation_queue(subscriber: Subscriber, organisation: Organisation, *, changes: bool) -> None:
    """A new secret for the link (the last email's link stops working) and the email with it."""
    token = secrets.token_urlsafe(32)
    subscriber.confirmation_token_hash = token_hash(token)
    subscriber.confirmation_sent_at = _now()
    subscriber.save(update_fields=["confirmation_token_hash", "confirmation_sent_at", "updated_at"])
    context = {"organisation": organisation, "link": _confirm_url(organisation, token), "changes": changes}
    subject = (
        _("Confirm the changes to your newsletter from %(name)s")
        if changes
        else _("Confirm you want the newsletter from %(name)s")
    ) % {"name": organisation.name}
    message_queue(
        organisation=organisation,
        channel=Channel.EMAIL,
        to=subscriber.email,
        subject=subject,
        body=render_to_string("newsletter/email/confirm.txt", context),
        kind=Kind.NEWSLETTER_CONFIRMATION,
        idempotency_key=f"newsletter-confirm:{subscriber.pk}:{subscriber.confirmation_token_hash[:16]}",
    )


def _resend_due(subscriber: Subscriber) -> bool:
    sent = subscriber.confirmation_sent_at
    return sent is None or _now() - sent >= RESEND_AFTER


def _subscriber_locked(organisation: Organisation, key: str) -> Subscriber | None:
    return Subscriber.objects.select_for_update().filter(organisation=organisation, email_hash=key).first()


@transaction.atomic
def subscription_request(*, organisation: Organisation, email: str, hubs: list[Hub], topics: list[str]) -> None:
    """Someone asked for the newsletter. Whatever the address's state, the caller shows the same page, so nothing
    here may tell whether the address was known: a new address gets a confirmation email; a pending one its email
    again (at most once an hour); an unsubscribed one starts again from pending; a confirmed one keeps what it gets
    until a link emailed to it confirms the new choices. Nothing is sent to the newsletter before confirmation."""
    email = email_normalise(email)
    hubs = [hub for hub in hubs if hub.organisation_id == organisation.pk]
    choices = _choices(hubs, topics)
    key = email_hash(organisation.pk, email)
    subscriber = _subscriber_locked(organisation, key)
    if subscriber is None:
        try:
            with transaction.atomic():  # a savepoint: the insert may lose a race, and this transaction goes on
                subscriber = Subscriber.objects.create(
                    organisation=organisation, email=email, email_hash=key, topics=choices["topics"]
                )
                subscriber.hubs.set(hubs)
        except IntegrityError:
            # Two sign-ups for the same new address at once (a double click): the other one inserted it first, so
            # this one goes on as for a known address (same page, no duplicate, no second email within the hour).
            subscriber = _subscriber_locked(organisation, key)
            if subscriber is None:
                raise
        else:
            _confirmation_queue(subscriber, organisation, changes=False)
            return
    if subscriber.status == Subscriber.Status.CONFIRMED:
        subscriber.pending_choices = choices
        subscriber.save(update_fields=["pending_choices", "updated_at"])
        if _resend_due(subscriber):
            _confirmation_queue(subscriber, organisation, changes=True)
        return
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.email = email
        subscriber.confirmation_sent_at = None  # a new start: the email goes now
    subscriber.topics = choices["topics"]
    subscriber.save(update_fields=["status", "email", "topics", "confirmation_sent_at", "updated_at"])
    subscriber.hubs.set(hubs)
    if _resend_due(subscriber):
        _confirmation_queue(subscriber, organisation, changes=False)


def subscriber_for_token(organisation: Organisation, token: str) -> Subscriber | None:
    """The subscriber whose confirmation link this is, or None if it is unknown, replaced or too old."""
    if not token or len(token) > 100:
        return None
    subscriber = (
        Subscriber.objects.for_organisation(organisation)
        .filter(confirmation_token_hash=token_hash(token))
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .first()
    )
    if subscriber is None or subscriber.confirmation_sent_at is None:
        return None
    if _now() - subscriber.confirmation_sent_at > CONFIRMATION_LIFETIME:
        return None
    return subscriber


@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber, request: HttpRequest | None = None) -> Subscriber:
    """The address's owner followed the link: they now get the newsletter (or their new choices apply)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    changes: dict = {}
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = _now()
        changes["status"] = ["pending", "confirmed"]
    elif subscriber.pending_choices:
        hub_ids = subscriber.pending_choices.get("hubs", [])
        subscriber.hubs.set(subscriber.organisation.hubs.filter(pk__in=hub_ids))
        subscriber.topics = subscriber.pending_choices.get("topics", [])
        changes["choices"] = "changed"
    subscriber.pending_choices = {}
    subscriber.confirmation_token_hash = ""
    subscriber.save()
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=None,
        organisation=subscriber.organisation,
        obj=subscriber,
        changes=changes,
        summary="Newsletter sign-up confirmed by its address's owner (double opt-in)",
        request=request,
    )
    return subscriber


def _cancel_waiting_messages(subscriber: Subscriber) -> int:
    """Cancel the newsletter messages still waiting in the outbox for this subscriber (not those a worker is
    already sending)."""
    suffix = f":{subscriber.pk}"
    return (
        Message.objects.for_organisation(subscriber.organisation)
        .filter(
            Q(kind=Kind.NEWSLETTER, idempotency_key__endswith=suffix)
            | Q(kind=Kind.NEWSLETTER_CONFIRMATION, idempotency_key__startswith=f"newsletter-confirm:{subscriber.pk}:"),
            status=Message.Status.QUEUED,
        )
        .update(status=Message.Status.CANCELLED, last_error="Unsubscribed from the newsletter", updated_at=_now())
    )


@transaction.atomic
def subscription_cancel(*, subscriber: Subscriber, request: HttpRequest | None = None) -> Subscriber:
    """Unsubscribe, at once: waiting issues are cancelled, and only the hash of the address is kept, so that it is
    never written to again unless its owner signs up and confirms once more."""
    subscriber = Subscriber.objects.select_for_update().select_related("organisation").get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return subscriber
    cancelled = _cancel_waiting_messages(subscriber)
    before = subscriber.status
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = _now()
    subscriber.email = ""
    subscriber.topics = []
    subscriber.pending_choices = {}
    subscriber.confirmation_token_hash = ""
    subscriber.save()
    subscriber.hubs.clear()
    audit_record(
        action=AuditEvent.Action.WITHDRAW,
        actor=None,
        organisation=subscriber.organisation,
        obj=subscriber,
        changes={"status": [before, "unsubscribed"], "messages_cancelled": cancelled},
        summary="Unsubscribed from the newsletter; the address was removed",
        request=request,
    )
    return subscriber


def pending_cleanup(*, now: dt.datetime | None = None) -> int:
    """Delete sign-ups never confirmed within PENDING_KEPT_FOR of their last confirmation email (one audit line per
    organisation). Returns how many were deleted."""
    cutoff = (now or _now()) - PENDING_KEPT_FOR
    stale = Subscriber.objects.filter(status=Subscriber.Status.PENDING).filter(
        Q(confirmation_sent_at__lt=cutoff) | Q(confirmation_sent_at__isnull=True, created_at__lt=cutoff)
    )
    deleted = 0
    for organisation in Organisation.objects.filter(pk__in=stale.values("organisation_id")):
        with transaction.atomic():
            _total, by_model = stale.filter(organisation=organisation).delete()
            count = by_model.get(Subscriber._meta.label, 0)
            audit_record(
                action=AuditEvent.Action.DELETE,
                actor=None,
                organisation=organisation,
                object_type=Subscriber._meta.label,
                summary=f"Deleted {count} newsletter sign-ups never confirmed within 30 days",
                changes={"deleted": count},
            )
            deleted += count
    return deleted


# --- Issues --------------------------------------------------------------------------------------------------------

ISSUE_FIELDS = ("subject", "intro", "topics")


def _draft_only(issue: Issue) -> None:
    if issue.is_sent:
        raise ValidationError(_("This issue has been sent, so it can no longer be changed"))


@transaction.atomic
def issue_create(
    *,
    actor: User,
    organisation: Organisation,
    subject: str,
    intro: str = "",
    hubs: list[Hub] | None = None,
    topics: list[str] | None = None,
    request: HttpRequest | None = None,
) -> Issue:
    issue = Issue.objects.create(
        organisation=organisation,
        subject=subject.strip(),
        intro=intro.strip(),
        topics=sorted(set(topics or []) & set(Topic.values)),
        created_by=actor,
    )
    issue.hubs.set([h for h in hubs or [] if h.organisation_id == organisation.pk])
    audit_record(action=AuditEvent.Action.CREATE, actor=actor, organisation=organisation, obj=issue, request=request)
    return issue


@transaction.atomic
def issue_update(
    *,
    actor: User,
    issue: Issue,
    subject: str,
    intro: str = "",
    hubs: list[Hub] | None = None,
    topics: list[str] | None = None,
    request: HttpRequest | None = None,
) -> Issue:
    _draft_only(issue)
    issue.subject = subject.strip()
    issue.intro = intro.strip()
    issue.topics = sorted(set(topics or []) & set(Topic.values))
    issue.save()
    issue.hubs.set([h for h in hubs or [] if h.organisation_id == issue.organisation_id])
    audit_record(
        action=AuditEvent.Action.UPDATE, actor=actor, organisation=issue.organisation, obj=issue, request=request
    )
    return issue


def _check_block(kind: str, text: str, chosen: list) -> None:
    if kind not in BlockKind.values:
        raise ValidationError(_("Choose a kind of block"))
    if kind == BlockKind.TEXT and not text.strip():
        raise ValidationError({"text": _("Enter the text")})
    if kind != BlockKind.TEXT and not chosen and not text.strip():
        raise ValidationError({"picked": _("Choose at least one item, or write some text")})


@transaction.atomic
def block_save(
    *,
    actor: User,
    issue: Issue,
    kind: str,
    heading: str = "",
    text: str = "",
    items: list | None = None,
    block: Block | None = None,
    request: HttpRequest | None = None,
) -> Block:
    """Add a block at the end of the issue, or change `block`. `items` are the wins, promises or activities
    picked (model instances)."""
    _draft_only(issue)
    chosen = [str(item.pk) for item in items or []]
    _check_block(kind, text, chosen)
    if block is None:
        last = issue.blocks.aggregate(last=Max("order"))["last"]
        block = Block(organisation_id=issue.organisation_id, issue=issue, kind=kind, order=(last or 0) + 1)
    block.heading = heading.strip()
    block.text = text.strip()
    block.chosen = chosen if kind != BlockKind.TEXT else []
    created = block._state.adding
    block.save()
    audit_record(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=issue.organisation,
        obj=block,
        summary=f"{block.get_kind_display()} block in {issue.audit_label}",
        request=request,
    )
    return block


@transaction.atomic
def block_delete(*, actor: User, block: Block, request: HttpRequest | None = None) -> None:
    _draft_only(block.issue)
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=block.issue.organisation,
        obj=block,
        summary=f"Removed a block from {block.issue.audit_label}",
        request=request,
    )
    block.delete()


def _matches(choice: list, wanted: set) -> bool:
    """A subscriber who chose nothing gets everything; an issue for no one in particular goes to everyone."""
    return not wanted or not choice or bool(set(choice) & wanted)


def recipients(issue: Issue) -> list[tuple[object, str, str]]:
    """(subscriber id, email, unsubscribe key) of the confirmed subscribers the issue is for, in two queries. Once
    the issue is sent, only those confirmed by then: the number counted when it was sent is the number it goes to."""
    found = Subscriber.objects.for_organisation(issue.organisation).confirmed()
    if issue.sent_at is not None:
        found = found.filter(confirmed_at__lte=issue.sent_at)
    hub_ids = set(issue.hubs.values_list("pk", flat=True))
    if hub_ids:
        found = found.filter(Q(hubs__isnull=True) | Q(hubs__in=hub_ids)).distinct()
    wanted_topics = set(issue.topics)
    return [
        (pk, email, key)
        for pk, email, key, topics in found.order_by("pk").values_list("pk", "email", "unsubscribe_key", "topics")
        if _matches(topics, wanted_topics)
    ]


def issue_test_send(*, actor: User, issue: Issue, request: HttpRequest | None = None) -> Message:
    """The issue as subscribers will get it, to the member's own address (marked as a test)."""
    if not actor.email:
        raise ValidationError(_("Your account has no email address to send the test to"))
    body = content.email_text(issue, test=True).replace(
        content.UNSUBSCRIBE_PLACEHOLDER, _("(the subscriber's own unsubscribe link)")
    )
    with transaction.atomic():
        message = message_queue(
            organisation=issue.organisation,
            channel=Channel.EMAIL,
            to=actor.email,
            subject=_("[Test] %(subject)s") % {"subject": issue.subject},
            body=body,
            kind=Kind.NEWSLETTER,
            idempotency_key=f"newsletter-test:{issue.pk}:{uuid.uuid4()}",
        )
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=issue.organisation,
            obj=issue,
            summary="Sent a test of the newsletter issue to the member's own address",
            request=request,
        )
    return message


@transaction.atomic
def issue_send(*, actor: User, issue: Issue, request: HttpRequest | None = None) -> Issue:
    """Send the issue, once: it gets the next number, its blocks keep a snapshot of their items, and the messages
    are queued in the background (see issue_messages_queue) once this commits."""
    issue = Issue.objects.select_for_update().select_related("organisation").get(pk=issue.pk)
    _draft_only(issue)
    sections = content.issue_sections(issue)
    if not issue.intro and not sections:
        raise ValidationError(_("Add an introduction or at least one block before you send the issue"))
    for section in sections:
        section["block"].snapshot = section["items"]
        section["block"].save(update_fields=["snapshot", "updated_at"])
    # Two drafts sent at once would both read the same last number: the organisation's row, locked, makes them
    # take turns.
    Organisation.objects.select_for_update().filter(pk=issue.organisation_id).values_list("pk").get()
    last = Issue.objects.for_organisation(issue.organisation).aggregate(last=Max("number"))["last"]
    issue.number = (last or 0) + 1
    issue.status = Issue.Status.SENT
    issue.sent_at = _now()
    issue.sent_by = actor
    issue.recipient_count = len(recipients(issue))
    issue.save()
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=issue.organisation,
        obj=issue,
        changes={"status": ["draft", "sent"], "number": issue.number, "recipients": issue.recipient_count},
        summary=f"Sent newsletter issue {issue.number} to {issue.recipient_count} subscribers",
        request=request,
    )
    issue_id = str(issue.pk)
    transaction.on_commit(lambda: _enqueue_queueing(issue_id), robust=True)
    return issue


def _enqueue_queueing(issue_id: str) -> None:
    from coproduce.newsletter.tasks import queue_issue_messages

    queue_issue_messages.enqueue(issue_id=issue_id)


def issue_messages_queue(*, issue: Issue) -> int:
    """Queue one outbox message per recipient of a sent issue, SEND_BATCH subscribers per transaction with their
    rows locked, so an unsubscribe either happens first (and they are not chosen) or waits and then cancels the
    message. Safe to run again: the idempotency key (issue, subscriber) never queues twice. Returns how many
    messages were queued or found already queued."""
    if not issue.is_sent:
        raise ValueError("Only a sent issue is queued")
    organisation = issue.organisation
    template = content.email_text(issue)
    ids = [pk for pk, _email, _key in recipients(issue)]
    queued = 0
    for start in range(0, len(ids), SEND_BATCH):
        with transaction.atomic():
            batch = (
                Subscriber.objects.select_for_update()
                .filter(pk__in=ids[start : start + SEND_BATCH], status=Subscriber.Status.CONFIRMED)
                .exclude(email="")
                .order_by("pk")
            )
            for subscriber in batch:
                link = unsubscribe_url(subscriber, organisation)
                message_queue(
                    organisation=organisation,
                    channel=Channel.EMAIL,
                    to=subscriber.email,
                    subject=issue.subject,
                    body=template.replace(content.UNSUBSCRIBE_PLACEHOLDER, link),
                    kind=Kind.NEWSLETTER,
                    idempotency_key=f"newsletter:{issue.pk}:{subscriber.pk}",
                    unsubscribe_url=link,
                )
                queued += 1
    return queued
