"""Only the arrangements are in the Django admin. Concerns are left out on purpose: platform administrators are
not the organisation's safeguarding leads, and a concern is for its leads and the person who raised it only."""

from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.safeguarding.models import SafeguardingArrangements


@admin.register(SafeguardingArrangements)
class SafeguardingArrangementsAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "contact_name", "contact_phone", "updated_at"]
    list_filter = ["organisation"]
