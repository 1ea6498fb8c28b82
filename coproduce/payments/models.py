"""Involvement payments and expenses. The organisation sets its policy once; attendance generates payment lines;
finance gets an export. Every amount is a whole number of pence (never a float).

An honorarium (payment for someone's time) is kept apart from expenses (travel, childcare), because they are
treated differently for tax and benefits. A person may decline payment, and sees the note on benefits, with where
to get advice, before they accept one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


class PaymentMethod(models.TextChoices):
    VOUCHER = "voucher", _("Shopping voucher")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CASH = "cash", _("Cash")


class PaymentPolicy(TenantModel):
    """How the organisation pays people for their time and costs (one per organisation)."""

    class Basis(models.TextChoices):
        HOUR = "hour", _("Per hour")
        SESSION = "session", _("Per session")
        NONE = "none", _("We do not pay for time")

    basis = models.CharField(_("how time is paid"), max_length=10, choices=Basis.choices, default=Basis.HOUR)
    rate_pence = models.PositiveIntegerField(_("rate"), default=0, help_text=_("In pence."))
    offers_voucher = models.BooleanField(_("Shopping vouchers"), default=True)
    offers_bank_transfer = models.BooleanField(_("Bank transfer"), default=True)
    offers_cash = models.BooleanField(_("Cash"), default=False)
    pays_travel = models.BooleanField(_("We pay travel costs"), default=True)
    pays_childcare = models.BooleanField(_("We pay childcare costs"), default=True)
    receipts_needed = models.BooleanField(_("Receipts are needed for expenses"), default=True)
    benefits_note = models.TextField(
        _("how payments can affect benefits"),
        help_text=_("Shown to people before they accept a payment."),
    )
    advice_signposting = models.TextField(
        _("where to get advice"),
        help_text=_("For example, Citizens Advice, or the council's welfare rights team, with how to contact them."),
    )

    class Meta:
        verbose_name_plural = "payment policies"
        constraints = [models.UniqueConstraint(fields=["organisation"], name="paymentpolicy_one_per_organisation")]

    @property
    def audit_label(self) -> str:
        return "Payment policy"


class PaymentLine(TenantModel):
    class Kind(models.TextChoices):
        HONORARIUM = "honorarium", _("Payment for time (honorarium)")
        TRAVEL = "travel", _("Travel expenses")
        CHILDCARE = "childcare", _("Childcare expenses")
        OTHER_EXPENSE = "other_expense", _("Other expenses")

    class Status(models.TextChoices):
        DUE = "due", _("To pay")
        DECLINED = "declined", _("Declined by the person")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    EXPENSES = (Kind.TRAVEL, Kind.CHILDCARE, Kind.OTHER_EXPENSE)

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="payment_lines")
    activity = models.ForeignKey(
        "engagement.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="payment_lines"
    )
    attendance = models.ForeignKey(
        "engagement.Attendance", null=True, blank=True, on_delete=models.SET_NULL, related_name="payment_lines"
    )
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="payment_lines")
    kind = models.CharField(_("what for"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount_pence = models.PositiveIntegerField(_("amount"), help_text=_("In pence."))
    method = models.CharField(_("how it is paid"), max_length=20, choices=PaymentMethod.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE)
    # The person saw the benefits note and the advice before accepting (honoraria only).
    benefits_note_shown_at = models.DateTimeField(null=True, blank=True)
    receipt_received = models.BooleanField(_("receipt received"), default=False)
    receipt_reference = models.CharField(_("receipt reference"), max_length=100, blank=True)
    paid_on = models.DateField(_("date paid"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Attendance makes one honorarium line per person per activity, however often it is recorded.
            models.UniqueConstraint(
                fields=["attendance", "kind"],
                condition=Q(attendance__isnull=False, kind="honorarium"),
                name="paymentline_one_honorarium_per_attendance",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "-created_at"], name="paymentline_org_status")]

    @property
    def audit_label(self) -> str:
        return f"Payment line {str(self.pk)[-8:]}"

    @property
    def is_expense(self) -> bool:
        return self.kind in self.EXPENSES
