"""The insights filters (period, hub, project, stakeholder group): a GET form that works without JavaScript, shared
by the pages, the exports and the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.insights.scope import DEFAULT_PERIOD, PERIODS, Scope
from coproduce.organisations.models import Hub
from coproduce.projects.models import Project
from coproduce.stakeholders.models import StakeholderGroup


class ScopeForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(code, label) for code, (label, _words, _days) in PERIODS.items()],
        required=False,
        initial=DEFAULT_PERIOD,
    )
    hub = forms.ModelChoiceField(label=_("Hub"), required=False, queryset=Hub.objects.none(), empty_label=_("All hubs"))
    project = forms.ModelChoiceField(
        label=_("Project"), required=False, queryset=Project.objects.none(), empty_label=_("All projects")
    )
    group = forms.ModelChoiceField(
        label=_("Stakeholder group"),
        required=False,
        queryset=StakeholderGroup.objects.none(),
        empty_label=_("All groups"),
        help_text=_("People who took part as part of this group."),
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation).order_by("name")
        self.fields["project"].queryset = (
            Project.objects.for_organisation(organisation).only("id", "title").order_by("title", "id")
        )
        self.fields["group"].queryset = StakeholderGroup.objects.for_organisation(organisation).order_by(
            "order", "name"
        )

    def scope(self) -> Scope:
        """The scope chosen; the whole organisation over the default period when the form is not valid."""
        if not self.is_bound or not self.is_valid():
            return Scope(self.organisation)
        data = self.cleaned_data
        return Scope(
            self.organisation,
            period=data.get("period") or DEFAULT_PERIOD,
            hub=data.get("hub"),
            project=data.get("project"),
            group=data.get("group"),
        )


def scope_from(request) -> tuple[ScopeForm, Scope]:
    form = ScopeForm(request.GET or None, organisation=request.organisation)
    return form, form.scope()
