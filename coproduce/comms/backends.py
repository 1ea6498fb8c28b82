"""Where the outbox hands messages over: Django's mailer (SMTP, console, file…) or GOV.UK Notify.

A backend sends one message and says how it went: a provider id, or `TransientFailure` (try again later) or
`PermanentFailure` (never try again). Failure reasons carry status codes and error types only, never an address.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from coproduce.comms.models import Channel, Message

logger = logging.getLogger(__name__)


class TransientFailure(Exception):
    """Worth trying again later: the provider or the network is down, busy (429) or misconfigured."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PermanentFailure(Exception):
    """Trying again would fail the same way. `address_problem` when the address or number itself is at fault."""

    def __init__(self, reason: str, *, address_problem: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.address_problem = address_problem


@dataclass(frozen=True)
class DeliveryStatus:
    """What the provider knows about a sent message: delivered, still on its way (both False), or failed."""

    delivered: bool = False
    failed: bool = False
    address_problem: bool = False
    reason: str = ""


class Backend:
    # Whether the backend can tell if a message was already handed over (so a crashed send is not repeated).
    can_look_up = False

    def send(self, message: Message) -> str:
        """Hand the message over; return the provider's id for it ("" if it has none)."""
        raise NotImplementedError

    def find_sent(self, message: Message) -> str | None:
        """The provider id if the provider already has this message (looked up by its reference), else None."""
        return None

    def delivery_status(self, message: Message) -> DeliveryStatus | None:
        """The provider's latest news of a sent message, or None if it cannot tell."""
        return None


class DjangoEmailBackend(Backend):
    """Email through Django's mailer; text messages printed to the console (development and tests only)."""

    def send(self, message: Message) -> str:
        if message.channel == Channel.SMS:
            sys.stdout.write(f"Text message to {message.to} (reference {message.reference}):\n{message.body}\n\n")
            sys.stdout.flush()
            return ""
        headers = {"X-Coproduce-Reference": message.reference}
        if message.unsubscribe_url:
            # RFC 8058 one-click unsubscribe, as mail clients show it.
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email = EmailMessage(subject=message.subject, body=message.body, to=[message.to], headers=headers)
        if message.calendar:
            # text/calendar with METHOD:PUBLISH: mail programs offer "add to calendar" (not an invitation to answer).
            email.attach("activity.ics", message.calendar, "text/calendar; method=PUBLISH")
        try:
            email.send()
        except OSError as exc:  # SMTP errors and network failures are OSErrors
            raise TransientFailure(f"Email server: {type(exc).__name__}") from exc
        return ""


# Notify's delivery statuses (https://docs.notifications.service.gov.uk/python.html#status-email).
_NOTIFY_DELIVERED = {"delivered"}
_NOTIFY_FAILED = {
    "permanent-failure": ("Notify: the provider could not deliver to this address (permanent failure)", True),
    "temporary-failure": ("Notify: the inbox was full or the phone off for 72 hours (temporary failure)", False),
    "technical-failure": ("Notify: technical failure", False),
}


class NotifyBackend(Backend):
    """GOV.UK Notify: one template per channel (or per kind and channel) with ((subject)) and ((body))."""

    can_look_up = True

    def __init__(self) -> None:
        # One client per worker pass: the client keeps a connection pool and is not thread-safe.
        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=15)

    def template_id(self, message: Message) -> str:
        templates = settings.NOTIFY_TEMPLATES
        return templates.get(f"{message.kind}:{message.channel}") or templates[message.channel]

    def send(self, message: Message) -> str:
        personalisation = {"subject": message.subject, "body": message.body}
        try:
            if message.channel == Channel.SMS:
                response = self.client.send_sms_notification(
                    phone_number=message.to,
                    template_id=self.template_id(message),
                    personalisation=personalisation,
                    reference=message.reference,
                )
            else:
                response = self.client.send_email_notification(
                    email_address=message.to,
                    template_id=self.template_id(message),
                    personalisation=personalisation,
                    reference=message.reference,
                    one_click_unsubscribe_url=message.unsubscribe_url or None,
                )
        except APIError as exc:
            raise _failure(exc, message) from exc
        return str(response["id"])

    def find_sent(self, message: Message) -> str | None:
        try:
            found = self.client.get_all_notifications(reference=message.reference)
        except APIError as exc:
            failure = _failure(exc, message)
            # Not knowing is not the same as "not there": never risk sending twice.
            raise TransientFailure(failure.reason) from exc
        notifications = found.get("notifications") or []
        return str(notifications[0]["id"]) if notifications else None

    def delivery_status(self, message: Message) -> DeliveryStatus | None:
        if not message.provider_id:
            return None
        try:
            notification = self.client.get_notification_by_id(message.provider_id)
        except APIError as exc:
            logger.warning("Could not read a message's status from Notify: %s", _reason(exc, message))
            return None
        status = notification.get("status", "")
        if status in _NOTIFY_DELIVERED:
            return DeliveryStatus(delivered=True)
        if status in _NOTIFY_FAILED:
            reason, address_problem = _NOTIFY_FAILED[status]
            return DeliveryStatus(failed=True, address_problem=address_problem, reason=reason)
        return DeliveryStatus()


def _reason(exc: APIError, message: Message) -> str:
    """The status code, error type and Notify's message (which names fields, not values), minus the address."""
    error_type, detail = "", ""
    try:
        errors = exc.response.json().get("errors") or []  # type: ignore[union-attr]
        if errors:
            error_type, detail = str(errors[0].get("error", "")), str(errors[0].get("message", ""))
    except (AttributeError, ValueError, TypeError):
        pass
    text = f"Notify {exc.status_code} {error_type}: {detail}".strip().rstrip(":")
    if message.to:
        text = text.replace(message.to, "[address]")
    return text[:200]


def _failure(exc: APIError, message: Message) -> TransientFailure | PermanentFailure:
    status = exc.status_code  # a network error or timeout comes as 503
    reason = _reason(exc, message)
    if status >= 500 or status == 429:
        return TransientFailure(reason)
    if status in (401, 403):
        # A wrong or revoked API key is ours to fix, not the family's: keep the message until it is fixed.
        logger.error("Notify refused the API key: %s", reason)
        return TransientFailure(reason)
    field = "phone_number" if message.channel == Channel.SMS else "email_address"
    return PermanentFailure(reason, address_problem=status == 400 and field in reason)


def get_backend() -> Backend:
    if settings.MESSAGE_BACKEND == "notify":
        return NotifyBackend()
    return DjangoEmailBackend()
