"""Themes and contributions in the Django admin, read only: changes go through the contributions pages, which check
consent for photos and write the audit log. Contributions show no words, names or files here: only what kind they
are and where they came from."""

from django.contrib import admin

from coproduce.contributions.models import Contribution, Theme
from coproduce.core.admin_mixins import ReadOnlyAdmin


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["audit_label", "organisation", "kind", "gathered", "is_anonymous", "created_at"]
    list_filter = ["organisation", "kind", "gathered"]
    fields = ["organisation", "kind", "gathered", "is_anonymous", "checked_by_person", "created_at", "updated_at"]
    readonly_fields = fields
