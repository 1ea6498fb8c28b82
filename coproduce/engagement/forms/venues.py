"""The form for a venue: where it is and what it offers for access."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.engagement.models import Venue
from coproduce.organisations.models import Hub

FACILITY_CHOICES = [(name, Venue._meta.get_field(name).verbose_name) for name in Venue.FACILITIES]
FACILITY_HINTS = {
    "step_free": _("No steps, or a ramp or lift, from the street to every room used."),
    "hearing_loop": _("An induction loop for people who use hearing aids."),
    "creche": _("Someone to look after young children while their parents take part."),
    "public_transport": _("A bus stop or station within a short walk."),
}


class VenueForm(forms.ModelForm):
    facilities = forms.MultipleChoiceField(
        label=_("What does the venue have?"),
        required=False,
        choices=FACILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everything it has. People's access needs are checked against these."),
    )

    class Meta:
        model = Venue
        fields = ["name", "address", "postcode", "hub", "how_to_get_there", "access_notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
            "how_to_get_there": forms.Textarea(attrs={"rows": 3}),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name": _("Name"),
            "address": _("Address (optional)"),
            "postcode": _("Postcode (optional)"),
            "hub": _("Hub (optional)"),
            "how_to_get_there": _("How to get there (optional)"),
            "access_notes": _("Anything else about access (optional)"),
        }
        help_texts = {
            "how_to_get_there": _("For example the bus routes, where to park and which door to use."),
            "access_notes": _("For example ‘the lift is small: one wheelchair at a time’."),
        }
        error_messages = {"name": {"required": _("Enter the name of the venue")}}

    def __init__(self, *args, organisation, **kwargs) -> None:
        instance = kwargs.get("instance")
        if instance is not None:
            kwargs.setdefault("initial", {})["facilities"] = [n for n in Venue.FACILITIES if getattr(instance, n)]
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation)
        self.fields["hub"].empty_label = _("Not part of a hub")
        self.fields["hub"].error_messages["invalid_choice"] = _("Choose one of your own organisation's hubs")
        self.fields["facilities"].option_hints = dict(FACILITY_HINTS)
        # The facilities come first: they are what the venue page is mostly for.
        self.order_fields(["name", "address", "postcode", "hub", "facilities", "how_to_get_there", "access_notes"])

    def venue_fields(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("facilities", []) or [])
        for name in Venue.FACILITIES:
            data[name] = name in chosen
        return data

    def _post_clean(self) -> None:
        # The service checks and saves (unique name included): the model's own validation would duplicate it.
        pass
