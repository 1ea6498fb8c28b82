"""Read-only admin views of the consent records, for platform administrators. Consent lists show opaque person
references only (the audit label), never names."""

from django.contrib import admin

from coproduce.consent.models import Consent, DataShare, DataSharingAgreement, PrivacyNotice
from coproduce.core.admin_mixins import ReadOnlyAdmin


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "version", "published_on"]
    list_filter = ["organisation"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "purpose", "status", "lawful_basis", "method", "answered_at"]
    list_filter = ["organisation", "purpose", "status", "lawful_basis"]
    exclude = ["given_by_name", "gillick_assessed_by", "told_to"]


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(ReadOnlyAdmin):
    list_display = ["partner", "organisation", "starts_on", "review_on", "ends_on"]
    list_filter = ["organisation"]


@admin.register(DataShare)
class DataShareAdmin(ReadOnlyAdmin):
    list_display = ["partner", "organisation", "created_at"]
    list_filter = ["organisation"]
    exclude = ["person", "reason"]
