"""Forms for inviting people to an activity: who (the people list's search and filters, plus household
circumstances and "never involved before"), then which of them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.engagement.segments import CIRCUMSTANCES, never_involved, with_circumstances
from coproduce.people.filters import FILTER_FIELDS, PersonFilterForm
from coproduce.people.models import Person

INVITE_FILTER_FIELDS = (*FILTER_FIELDS, "circumstance", "never_involved")


class InviteFilterForm(PersonFilterForm):
    """Who to invite. Bound to GET (the preview) or POST (the same filters, sent back with the invite button)."""

    circumstance = forms.MultipleChoiceField(
        label=_("Household circumstances"),
        required=False,
        choices=CIRCUMSTANCES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People whose household has every one you tick."),
    )
    never_involved = forms.BooleanField(
        label=_("Only people never involved before"),
        required=False,
        help_text=_("Nobody who has come to an activity or is involved in a project."),
    )

    def __init__(self, data: Any = None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["q"].label = _("Search by name, email address, phone number or postcode")
        self.fields["circumstance"].error_messages["invalid_choice"] = _("Choose household circumstances from the list")

    def filters(self) -> dict[str, Any]:
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in INVITE_FILTER_FIELDS if cleaned.get(name) not in (None, "", [], False)}

    def apply(self, queryset: QuerySet[Person]) -> QuerySet[Person]:
        people = super().apply(queryset)
        chosen = self.filters()
        if chosen.get("circumstance"):
            people = with_circumstances(people, chosen["circumstance"], today=timezone.localdate())
        if chosen.get("never_involved"):
            people = never_involved(people)
        return people

    def hidden_items(self) -> list[tuple[str, str]]:
        """The chosen filters as (name, value) pairs, to send back as hidden inputs with the invite button."""
        items = []
        for name, value in self.filters().items():
            if isinstance(value, list):
                items += [(name, str(item)) for item in value]
            elif isinstance(value, bool):
                items.append((name, "on"))
            else:
                items.append((name, str(getattr(value, "pk", value))))
        return items


class InviteForm(forms.Form):
    """The invite button's own choices. When the list was short enough to show in full (`choose_each`), the people
    ticked; otherwise everyone who matches, and whether to add people who cannot get a message so staff ask them."""

    person = forms.MultipleChoiceField(required=False, choices=[], widget=forms.CheckboxSelectMultiple)
    include_uncontactable = forms.BooleanField(required=False)

    def __init__(self, *args, candidate_ids: list[str], choose_each: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choose_each = choose_each
        if choose_each:
            del self.fields["include_uncontactable"]
            self.fields["person"].choices = [(pk, pk) for pk in candidate_ids]
            self.fields["person"].error_messages["invalid_choice"] = _(
                "The list of people changed while you were choosing. Check the list and try again."
            )
        else:
            del self.fields["person"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.choose_each and not cleaned.get("person") and "person" not in self.errors:
            raise forms.ValidationError(_("Tick at least one person to invite"))
        return cleaned
