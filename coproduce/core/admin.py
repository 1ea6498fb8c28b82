from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log cannot be changed or deleted, here or anywhere."""

    list_display = ["created_at", "organisation", "actor_label", "action", "object_type", "object_label"]
    list_filter = ["action", "organisation"]
    search_fields = ["actor_label", "object_label", "object_id"]
