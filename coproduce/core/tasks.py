"""Background tasks shared by every area. Run by the worker (`manage.py db_worker`)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(*, to: list[str], subject: str, text: str, html: str = "") -> int:
    """Send one email through the configured backend (console, file, SMTP…). Returns how many were sent."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
