from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.datarights.models import DataRightsRequest, RetentionPeriod


@admin.register(DataRightsRequest)
class DataRightsRequestAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "kind", "made_by", "received_on", "due_on", "status", "completed_on"]
    list_filter = ["organisation", "kind", "status"]
    # Notes may hold personal details: the register in the product shows them to the data protection officer.
    exclude = ["notes"]


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "kind", "months"]
    list_filter = ["organisation", "kind"]
