"""Learning in the Django admin, read only: changes go through the product's services (checked and audited).
Reflection entries are deliberately not here: only their author ever reads them."""

from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.learning.models import Completion, Course, CourseSession, InductionItem, OrganisationGuidance


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "audience", "valid_for_months", "retired_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "name", "audience", "valid_for_months", "delivered_by", "retired_at", "created_at"]
    readonly_fields = fields


@admin.register(CourseSession)
class CourseSessionAdmin(ReadOnlyAdmin):
    list_display = ["course", "organisation", "held_on", "online"]
    list_filter = ["organisation"]
    fields = ["organisation", "course", "held_on", "venue", "online", "activity", "created_at"]
    readonly_fields = fields


@admin.register(Completion)
class CompletionAdmin(ReadOnlyAdmin):
    # No names: a completion is listed by its opaque reference.
    list_display = ["audit_label", "organisation", "course", "completed_on", "expires_on"]
    list_filter = ["organisation"]
    fields = ["organisation", "course", "session", "completed_on", "expires_on", "created_at"]
    readonly_fields = fields


@admin.register(InductionItem)
class InductionItemAdmin(ReadOnlyAdmin):
    list_display = ["text", "organisation", "audience", "order", "retired_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "text", "audience", "order", "retired_at", "created_at"]
    readonly_fields = fields


@admin.register(OrganisationGuidance)
class OrganisationGuidanceAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "url"]
    list_filter = ["organisation"]
    fields = ["organisation", "title", "url", "text", "created_at"]
    readonly_fields = fields
