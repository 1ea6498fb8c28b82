from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.organisations.models import Hub, Invitation, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]


@admin.register(Hub)
class HubAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "kind", "is_open"]
    list_filter = ["organisation", "kind"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]
