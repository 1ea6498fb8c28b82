"""Finding people: the search box and filters of the people list, shared with the export (which exports exactly
the people the list shows)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import Hub, Organisation
from coproduce.people.models import ACCESS_NEEDS, AccessNeeds, Person
from coproduce.stakeholders.models import StakeholderGroup

FILTER_FIELDS = ("q", "hub", "group", "need", "language")


class PersonFilterForm(forms.Form):
    """GET form for the people list and the export. Always build it bound (`PersonFilterForm(request.GET,
    organisation=...)`), then `form.apply(queryset)`: fields that are not valid are ignored (and show an error)."""

    q = forms.CharField(
        label=_("Search by name, email address, phone number or postcode"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    hub = forms.ModelChoiceField(
        label=_("Hub they use"), required=False, queryset=Hub.objects.none(), empty_label=_("Any hub")
    )
    group = forms.ModelChoiceField(
        label=_("Stakeholder group"),
        required=False,
        queryset=StakeholderGroup.objects.none(),
        empty_label=_("Any group"),
        help_text=_("Includes the group's own sub-groups."),
    )
    need = forms.ChoiceField(label=_("Access need"), required=False, choices=[("", _("Any or none")), *ACCESS_NEEDS])
    language = forms.CharField(
        label=_("Language they speak"),
        required=False,
        max_length=60,
        help_text=_("For example, Polish"),
    )

    def __init__(self, data: Any = None, *, organisation: Organisation, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.organisation = organisation
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation).only("id", "name")
        self.fields["hub"].error_messages["invalid_choice"] = _("Choose a hub from the list")
        groups = StakeholderGroup.objects.for_organisation(organisation).select_related("parent")
        self.fields["group"].queryset = groups
        self.fields["group"].label_from_instance = lambda g: f"{g.parent.name} – {g.name}" if g.parent_id else g.name
        self.fields["group"].error_messages["invalid_choice"] = _("Choose a stakeholder group from the list")
        self.fields["need"].error_messages["invalid_choice"] = _("Choose an access need from the list")

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters."""
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in FILTER_FIELDS if cleaned.get(name) not in (None, "")}

    @property
    def is_filtered(self) -> bool:
        return bool(self.filters())

    def apply(self, queryset: QuerySet[Person]) -> QuerySet[Person]:
        """Narrow `queryset` to this organisation's people (never erased ones) that match every filter. Many-to-many
        filters are EXISTS subqueries, so each person appears once without a DISTINCT over the whole table."""
        people = queryset.filter(organisation=self.organisation, erased_at__isnull=True)
        chosen = self.filters()
        if text := chosen.get("q", "").strip():
            people = people.search(text)
        if hub := chosen.get("hub"):
            links = Person.hubs.through.objects.filter(person_id=OuterRef("pk"), hub_id=hub.pk)
            people = people.filter(Exists(links))
        if group := chosen.get("group"):
            links = Person.stakeholder_groups.through.objects.filter(person_id=OuterRef("pk")).filter(
                Q(stakeholdergroup_id=group.pk) | Q(stakeholdergroup__parent_id=group.pk)
            )
            people = people.filter(Exists(links))
        if need := chosen.get("need"):
            people = people.filter(Exists(AccessNeeds.objects.filter(person_id=OuterRef("pk"), **{need: True})))
        if language := chosen.get("language", "").strip():
            people = people.filter(languages__icontains=language)
        return people
