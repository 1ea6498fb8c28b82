from django.contrib import admin

from coproduce.commitments.models import (
    Commitment,
    DefinitionCommunication,
    DefinitionVersion,
    ParagraphComment,
    Signature,
    Strategy,
    StrategyRefresh,
)
from coproduce.core.admin_mixins import ReadOnlyAdmin


@admin.register(DefinitionVersion)
class DefinitionVersionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "number", "status", "adopted_on"]
    list_filter = ["organisation", "status"]


@admin.register(ParagraphComment)
class ParagraphCommentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "version", "paragraph_number", "author", "created_at"]
    list_filter = ["organisation"]


@admin.register(DefinitionCommunication)
class DefinitionCommunicationAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "version", "group", "communicated_on", "method"]
    list_filter = ["organisation", "method"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "updated_at"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "name", "kind", "signed_on", "show_publicly", "withdrawn_on"]
    list_filter = ["organisation", "kind", "show_publicly"]


@admin.register(Strategy)
class StrategyAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "title", "area", "status", "is_sustaining", "next_refresh_due"]
    list_filter = ["organisation", "area", "status", "is_sustaining"]


@admin.register(StrategyRefresh)
class StrategyRefreshAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "strategy", "refreshed_on"]
    list_filter = ["organisation"]
