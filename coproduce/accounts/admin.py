from allauth.account.models import EmailAddress
from django.contrib import admin

from coproduce.accounts.models import ApiToken, User
from coproduce.core.admin_mixins import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "full_name", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "membership", "key_hint", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]


# django-allauth's email addresses decide where password-reset emails go: look, don't touch.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyAdmin):
    list_display = ["email", "user", "primary", "verified"]
    search_fields = ["email"]
