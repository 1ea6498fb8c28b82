"""The newsletter: subscribers (email addresses that asked for it, with double opt-in; not people records), and
issues composed from blocks (free text, new wins, promise updates, upcoming activities) that are sent through the
outbox and kept in a public archive.

What a subscriber record holds, and for how long, is in docs/data-protection.md ("Newsletter subscribers").
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet


def email_normalise(email: str) -> str:
    return email.strip().lower()


# Changing this salt (or SECRET_KEY) makes every stored hash stop matching its address: that would need a data
# migration rehashing the addresses still held. It replaced a plain sha256 before there was any production data,
# so no migration rehashes older values.
EMAIL_HASH_SALT = "coproduce.newsletter.email_hash"


def email_hash(organisation_id: object, email: str) -> str:
    """What is kept of an address after its owner unsubscribes: enough to recognise it if it signs up again, never
    enough to write to it. Keyed with the server's secret (an HMAC), so a list of known addresses cannot be tested
    against a copy of the table."""
    value = f"{organisation_id}:{email_normalise(email)}"
    return salted_hmac(EMAIL_HASH_SALT, value, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_unsubscribe_key() -> str:
    return secrets.token_urlsafe(24)


class Topic(models.TextChoices):
    ACTIVITIES = "activities", _("Activities you can come to")
    PROMISES = "promises", _("News about what we promised")
    WINS = "wins", _("Things that changed because of what families said")
    OFFERS = "offers", _("Support and services for families")


class SubscriberQuerySet(TenantQuerySet):
    def confirmed(self) -> SubscriberQuerySet:
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(TenantModel):
    """An email address that asked for the organisation's newsletter. Not a person record: someone who also takes
    part has a Person as well, and the two are never joined."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the address to be confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    # Lower-case. Emptied on unsubscribe: only `email_hash` is kept, so the address is never written to again.
    email = models.EmailField(_("email address"), blank=True)
    email_hash = models.CharField(max_length=64)
    hubs = models.ManyToManyField(
        "organisations.Hub", blank=True, related_name="newsletter_subscribers", verbose_name=_("hubs")
    )
    # Topic values. Empty: everything.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # sha256 of the secret in the confirmation link (the secret itself is only in the email).
    confirmation_token_hash = models.CharField(max_length=64, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # A confirmed subscriber who signed up again with other choices: applied only once the link is followed.
    pending_choices = models.JSONField(default=dict, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # The secret in every issue's unsubscribe link. It can do nothing but unsubscribe.
    unsubscribe_key = models.CharField(max_length=64, unique=True, default=new_unsubscribe_key)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email_hash"], name="subscriber_unique_per_org"),
            models.UniqueConstraint(
                fields=["organisation", "email"], condition=~Q(email=""), name="subscriber_email_unique_per_org"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "unsubscribed"]), name="subscriber_status_valid"
            ),
            # Unsubscribed addresses are kept only as their hash.
            models.CheckConstraint(condition=~Q(status="unsubscribed") | Q(email=""), name="subscriber_unsub_no_email"),
        ]
        indexes = [
            # Staff counts and sending: an organisation's subscribers by status.
            models.Index(fields=["organisation", "status"], name="subscriber_org_status"),
            # Following a confirmation link.
            models.Index(
                fields=["confirmation_token_hash"], condition=~Q(confirmation_token_hash=""), name="subscriber_token"
            ),
            # The clean-up of sign-ups never confirmed (by their last confirmation email).
            models.Index(
                fields=["confirmation_sent_at"], condition=Q(status="pending"), name="subscriber_pending_sent"
            ),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Subscriber {str(self.pk)[-8:]}"

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class IssueQuerySet(TenantQuerySet):
    def sent(self) -> IssueQuerySet:
        return self.filter(status=Issue.Status.SENT)


class Issue(TenantModel):
    """One issue of the newsletter. Drafts are changed freely; a sent issue never changes (its blocks keep a
    snapshot of their items), and gets the next number of the organisation's archive."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=150)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A few sentences at the top. Write for families: short and warm.")
    )
    # Who it is for. Empty: everyone. A subscriber who chose no hubs (or no topics) gets every issue.
    hubs = models.ManyToManyField(
        "organisations.Hub", blank=True, related_name="newsletter_issues", verbose_name=_("hubs")
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField(_("issue number"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], condition=Q(number__isnull=False), name="issue_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True, sent_at__isnull=True)
                | Q(status="sent", number__isnull=False, sent_at__isnull=False),
                name="issue_sent_has_number",
            ),
        ]
        indexes = [
            # The public archive and "since the last issue": an organisation's sent issues by number.
            models.Index(fields=["organisation", "-number"], condition=Q(status="sent"), name="issue_org_sent_number"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def audit_label(self) -> str:
        return f"Newsletter issue {str(self.pk)[-8:]}"

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class BlockKind(models.TextChoices):
    TEXT = "text", _("Free text")
    WINS = "wins", _("New wins")
    PROMISES = "promises", _("Promise updates")
    ACTIVITIES = "activities", _("Upcoming activities")


class Block(TenantModel):
    """A part of an issue: a heading, some text and, for the automatic kinds, the items chosen when composing
    (ids in `chosen`). When the issue is sent, `snapshot` keeps the items as they were, so the archive never
    changes when a win or promise is edited later."""

    Kind = BlockKind

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=BlockKind.choices)
    heading = models.CharField(_("heading"), max_length=150, blank=True)
    text = models.TextField(_("text"), blank=True)
    chosen = models.JSONField(default=list, blank=True)
    # [{"kind", "id", "title", "text", "meta"}] as sent (issues sent before ids were kept lack "kind" and "id").
    # Empty until the issue is sent. Erasing a person replaces their identifiers in it (datarights/erasure.py).
    snapshot = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["issue", "order", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["text", "wins", "promises", "activities"]), name="block_kind_valid"
            ),
        ]
        indexes = [
            # An issue's blocks in order.
            models.Index(fields=["issue", "order"], name="block_issue_order"),
        ]

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()

    @property
    def audit_label(self) -> str:
        return f"Newsletter block {str(self.pk)[-8:]}"
