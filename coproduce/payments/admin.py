"""Payment policies and lines in the Django admin, read only: changes go through the payments pages, which check
the policy's rules and write the audit log. Lines show no names (the person is a reference)."""

from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.payments.models import PaymentLine, PaymentPolicy


@admin.register(PaymentPolicy)
class PaymentPolicyAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "basis", "rate_pence", "receipts_needed", "updated_at"]
    list_filter = ["organisation"]


@admin.register(PaymentLine)
class PaymentLineAdmin(ReadOnlyAdmin):
    list_display = ["audit_label", "organisation", "kind", "amount_pence", "status", "created_at"]
    list_filter = ["organisation", "kind", "status"]
    fields = ["organisation", "kind", "amount_pence", "status", "method", "paid_on", "receipt_received", "created_at"]
    readonly_fields = fields
