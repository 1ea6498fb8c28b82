"""Decisions and promises in the Django admin, read only: changes go through the product's services, which check
who is present belongs to the organisation and write the audit log. No one present is listed here."""

from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.decisions.models import Decision, Promise, PromiseUpdate


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["audit_label", "organisation", "decided_on", "degree_of_participation", "review_date"]
    list_filter = ["organisation"]
    fields = ["organisation", "project", "stage", "decided_on", "degree_of_participation", "review_date", "created_at"]
    readonly_fields = fields


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ["audit_label", "organisation", "status", "due_date", "kept_on"]
    list_filter = ["organisation", "status"]
    fields = ["organisation", "project", "owner", "status", "due_date", "kept_on", "status_changed_at", "created_at"]
    readonly_fields = fields


@admin.register(PromiseUpdate)
class PromiseUpdateAdmin(ReadOnlyAdmin):
    list_display = ["promise", "organisation", "from_status", "to_status", "created_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "promise", "from_status", "to_status", "changed_by", "created_at"]
    readonly_fields = fields
