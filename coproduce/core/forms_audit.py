"""The filter form on the audit log page."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import AuditEvent


class AuditFilterForm(forms.Form):
    LIST_FIELDS = ("created_at", "actor_label", "action", "object_type", "object_label", "summary", "ip_address")

    action = forms.ChoiceField(
        label=_("What happened"), required=False, choices=[("", _("Anything")), *list(AuditEvent.Action.choices)]
    )
    actor = forms.CharField(label=_("Who (email address, or part of it)"), required=False, max_length=254)
    record = forms.CharField(label=_("Record (type or name, or part of it)"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, help_text=_("For example, 27/3/2026"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    date_to = forms.DateField(
        label=_("To"), required=False, help_text=_("For example, 28/3/2026"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The ‘To’ date must be the same as or after the ‘From’ date"))
        return cleaned

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("actor"):
            events = events.filter(actor_label__icontains=data["actor"])
        if data.get("record"):
            events = events.filter(Q(object_type__icontains=data["record"]) | Q(object_label__icontains=data["record"]))
        if data.get("date_from"):
            events = events.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(created_at__date__lte=data["date_to"])
        return events
