"""Messages in the Django admin, read-only and without their content: enough to see why a message is stuck."""

from django.contrib import admin

from coproduce.comms.models import ContactProblem, Message
from coproduce.core.admin_mixins import ReadOnlyAdmin


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organisation", "kind", "channel", "status", "attempts", "last_error"]
    list_filter = ["status", "channel", "kind", "organisation"]
    fields = [
        "organisation",
        "kind",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "provider_id",
        "sent_at",
        "delivered_at",
        "created_at",
    ]
    readonly_fields = fields


@admin.register(ContactProblem)
class ContactProblemAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organisation", "channel", "reason", "resolved_at"]
    list_filter = ["channel", "organisation"]
    fields = ["organisation", "channel", "reason", "created_at", "resolved_at"]
    readonly_fields = fields
