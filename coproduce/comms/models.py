"""The outbox: every email and text message to a person is a `Message` row, written in the same transaction as
the change that causes it and sent afterwards by the worker (see outbox.py). Addresses that bounce are recorded
as `ContactProblem`s so staff can fix them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class Kind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    CONFIRMATION = "confirmation", _("Confirmation")
    REMINDER = "reminder", _("Reminder")
    CHANGE = "change", _("Change to an activity")
    CANCELLATION = "cancellation", _("Cancellation")
    OWN_LINK = "own_link", _("The person's own link")
    PROMISE_UPDATE = "promise_update", _("News of a promise")
    NEWSLETTER_CONFIRMATION = "newsletter_confirmation", _("Newsletter: confirm the sign-up")
    NEWSLETTER = "newsletter", _("Newsletter")
    OTHER = "other", _("Other")


class MessageQuerySet(TenantQuerySet):
    def due(self, now=None) -> MessageQuerySet:
        """Messages the worker should (re)send now: queued ones whose time has come, and ones left "sending" by a
        worker whose lease ran out (it crashed, or was killed, between sending and marking)."""
        return self.filter(status__in=Message.PENDING, next_attempt_at__lte=now or timezone.now())


class Message(TenantModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED_PERMANENTLY = "failed_permanently", _("Could not be delivered")
        CANCELLED = "cancelled", _("Not sent (no longer allowed, or too late)")

    PENDING = (Status.QUEUED, Status.SENDING)

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Chosen by the caller from what causes the message ("invitation:<activity id>:<person id>"): queueing the
    # same key again returns the first message instead of writing a second.
    idempotency_key = models.CharField(max_length=200)
    # Where a one-click "stop these messages" goes (List-Unsubscribe for email; Notify's one_click_unsubscribe_url).
    unsubscribe_url = models.URLField(max_length=500, blank=True)
    # An iCalendar (.ics) file for the activity the message is about. Django's mailer attaches it; GOV.UK Notify
    # cannot attach one, so the body also carries an "add to calendar" link.
    calendar = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a queued message is next due; while "sending", when the worker's lease runs out.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A message about a time (a reminder) is no use once that time has come: the worker cancels it instead of
    # sending it late (after an outage, say). Empty: no limit.
    send_before = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The provider's status code and error type only: never the address or the message.
    last_error = models.CharField(max_length=200, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "idempotency_key"], name="message_org_idempotency_key"),
        ]
        indexes = [
            # The worker: pending messages whose time (or lease) has come, oldest first. Partial, so it stays
            # small however many messages have been sent.
            models.Index(fields=["next_attempt_at"], condition=Q(status__in=["queued", "sending"]), name="message_due"),
            # Status polling: sent messages not yet known to be delivered, recent first.
            models.Index(fields=["sent_at"], condition=Q(status="sent"), name="message_awaiting_delivery"),
            # A person's messages (their record, subject access export, erasure).
            models.Index(fields=["person", "-created_at"], name="message_person"),
            # A text message reply: the texts sent to that number, newest first (engagement/services/polls.py).
            models.Index(fields=["to", "-created_at"], condition=Q(channel="sms"), name="message_sms_to"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.get_channel_display()} ({self.get_status_display()})"

    @property
    def audit_label(self) -> str:
        return f"Message {str(self.pk)[-8:]}"

    @property
    def reference(self) -> str:
        """What the provider is told (Notify's `reference`): the message id, which stands for the idempotency key
        (one message per key) and, unlike the key, is unique across organisations sharing a Notify service."""
        return str(self.pk)


class ContactProblem(TenantModel):
    """An address or number a message could not be delivered to, so staff can check it with the person."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contact_problems")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    reason = models.CharField(max_length=200)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The person page: their open problems.
            models.Index(fields=["person", "-created_at"], name="contact_problem_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} problem for {self.person.audit_label}"

    @property
    def audit_label(self) -> str:
        return f"Contact problem {str(self.pk)[-8:]}"


class ShortLink(TenantModel):
    """A short address in a text message (`/s/<code>`) for a long signed link of coproduce's own: every 153
    characters of a text is another message to pay for, and a signed link is about 200. The code only leads to the
    signed link, which still checks itself (expiry, cancelled links, erasure) when it is opened."""

    code = models.CharField(max_length=16, unique=True)
    path = models.CharField(max_length=1000)  # the signed link's path on this site, e.g. /r/<token>/
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="short_links"
    )
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="short_link_expires")]

    def __str__(self) -> str:
        return f"Short link {self.code[:4]}…"

    @property
    def audit_label(self) -> str:
        return f"Short link {str(self.pk)[-8:]}"
