"""Read-only admin views for platform administrators. Households and access needs are listed by their opaque
reference only; children are left out (their details are for the organisation's own staff)."""

from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.people.models import AccessNeeds, Household, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "organisation", "postcode"]
    list_filter = ["organisation"]
    search_fields = ["full_name", "email"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ["audit_label", "organisation", "created_at"]
    list_filter = ["organisation"]
    exclude = ["name"]


@admin.register(AccessNeeds)
class AccessNeedsAdmin(ReadOnlyAdmin):
    list_display = ["audit_label", "organisation", "confirmed_by_person_at", "updated_at"]
    list_select_related = ["person", "organisation"]
    list_filter = ["organisation"]
    exclude = ["person", "other_needs"]
