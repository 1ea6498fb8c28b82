"""Data rights requests (subject access, erasure, rectification, objection) and retention periods.

Erasure anonymises (see services.py) and needs no model of its own: the person row keeps its opaque id and
`erased_at`, and the audit log records who erased it and when."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


def one_month_after(day: dt.date) -> dt.date:
    """The ICO's deadline: the same day next month, or the last day of next month if that day does not exist."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class DataRightsRequest(TenantModel):
    """A request from a person to exercise a right under UK GDPR, logged with its one-month due date."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("A copy of their information (subject access)")
        ERASURE = "erasure", _("Delete their information (erasure)")
        RECTIFICATION = "rectification", _("Correct their information (rectification)")
        OBJECTION = "objection", _("Stop using their information (objection)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETED = "completed", _("Completed")

    class MadeBy(models.TextChoices):
        PERSON = "person", _("The person, from their own link")
        STAFF = "staff", _("Received by staff (letter, email, phone or in person)")
        ON_BEHALF = "on_behalf", _("Someone acting on their behalf")

    person = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="access_requests")
    kind = models.CharField(_("what they asked for"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("date received"))
    due_on = models.DateField(_("due date"))
    made_by = models.CharField(_("who asked"), max_length=20, choices=MadeBy.choices)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["status", "due_on"]
        indexes = [
            # The requests register: one organisation's open (or completed) requests, soonest due first.
            models.Index(fields=["organisation", "status", "due_on"], name="rightsrequest_org_status_due"),
        ]

    def __str__(self) -> str:
        return f"Data rights request {str(self.pk)[-8:].upper()}"

    def save(self, *args, **kwargs) -> None:
        if self.received_on and not self.due_on:
            self.due_on = one_month_after(self.received_on)
        super().save(*args, **kwargs)


class RecordKind(models.TextChoices):
    """What retention applies to, and what happens at the end of the period."""

    INACTIVE_PEOPLE = "inactive_people", _("People who have not taken part or been in touch (anonymised)")
    CLOSED_CONCERNS = "closed_concerns", _("Closed safeguarding concerns (deleted)")
    COMPLETED_REQUESTS = "completed_requests", _("Completed data rights requests (deleted)")
    WITHDRAWN_CONSENTS = "withdrawn_consents", _("Withdrawn or refused consents (deleted)")
    DATA_SHARES = "data_shares", _("Records of sharing with partners (deleted)")
    PEOPLE_IMPORTS = "people_imports", _("Uploaded spreadsheets of people (deleted)")
    CLOSED_SELF_REFERRALS = (
        "closed_self_referrals",
        _("Self-referrals for peer support closed without ever being linked to a person (deleted)"),
    )


# Months, until the organisation sets its own. Safeguarding records follow common local authority practice.
DEFAULT_RETENTION_MONTHS = {
    RecordKind.INACTIVE_PEOPLE: 36,
    RecordKind.CLOSED_CONCERNS: 72,
    RecordKind.COMPLETED_REQUESTS: 24,
    RecordKind.WITHDRAWN_CONSENTS: 24,
    RecordKind.DATA_SHARES: 72,
    RecordKind.PEOPLE_IMPORTS: 1,
    # Only contact details and what they asked for, of someone who never became part of the service.
    RecordKind.CLOSED_SELF_REFERRALS: 12,
}


class RetentionPeriod(TenantModel):
    kind = models.CharField(_("kind of record"), max_length=40, choices=RecordKind.choices)
    months = models.PositiveSmallIntegerField(_("months to keep"))

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="retention_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.months} months"
