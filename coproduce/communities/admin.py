"""Communities of practice in the Django admin, read only: changes go through the product's pages and services,
which check who may make them and write the audit log."""

from django.contrib import admin

from coproduce.communities.models import CommunityMember, CommunityOfPractice
from coproduce.core.admin_mixins import ReadOnlyAdmin


@admin.register(CommunityOfPractice)
class CommunityOfPracticeAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "status", "started_on", "ends_on", "review_on"]
    list_filter = ["organisation", "status"]
    fields = ["organisation", "name", "facilitator", "status", "started_on", "ends_on", "review_on", "created_at"]
    readonly_fields = fields


@admin.register(CommunityMember)
class CommunityMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "community", "home_organisation", "role"]
    list_filter = ["organisation", "role"]
    fields = ["organisation", "community", "user", "home_organisation", "role", "added_by", "created_at"]
    readonly_fields = fields
