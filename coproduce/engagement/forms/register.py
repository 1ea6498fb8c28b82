"""Forms for the register on the day: the register itself (a row of fields per person) and adding a walk-in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.consent.models import ConsentMethod
from coproduce.engagement.models import HeardAbout
from coproduce.engagement.services.register import MAX_HOURS, RegisterRow

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool:
    return value == "yes"


class RegisterForm(forms.Form):
    """One row per person on the register: came (tick), hours, and which of their needs were there on the day.

    Every field carries its starting value in a hidden input (`show_hidden_initial`, or `needswas_` for the needs),
    so saving writes only what was changed on this screen: two tablets taking the same register do not undo each
    other's ticks."""

    def __init__(self, *args, rows: list[RegisterRow], default_hours: Decimal | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.register_rows = rows
        self.default_hours = default_hours
        # Translated once, not once per person: the register can have hundreds of rows.
        came_label = str(_("%(name)s came"))
        hours_label = _("Hours")
        too_many = str(_("The hours %(name)s took part must be no more than 24"))
        hours_errors = {
            "invalid": str(_("Enter the hours %(name)s took part as a number, like 1.5")),
            "min_value": str(_("The hours %(name)s took part must be more than 0")),
            "max_value": too_many,
            "max_digits": too_many,
            "max_whole_digits": too_many,
            "max_decimal_places": str(_("Enter the hours %(name)s took part to 2 decimal places, like 1.25")),
        }
        needs_label = str(_("What %(name)s needed: tick what was there for them"))
        for row in rows:
            key = row.person.pk.hex
            name = row.person.display_name
            attendance = row.attendance
            self.fields[f"came_{key}"] = forms.BooleanField(
                label=came_label % {"name": name},
                required=False,
                initial=row.attended,
                show_hidden_initial=True,
            )
            hours = attendance.hours if attendance is not None and attendance.hours is not None else default_hours
            self.fields[f"hours_{key}"] = forms.DecimalField(
                label=hours_label,
                required=False,
                initial=hours,
                max_digits=4,
                decimal_places=2,
                min_value=Decimal("0.01"),
                max_value=MAX_HOURS,
                show_hidden_initial=True,
                widget=forms.TextInput(
                    attrs={"class": "govuk-input--width-4", "inputmode": "decimal", "autocomplete": "off"}
                ),
                error_messages={code: message % {"name": name} for code, message in hours_errors.items()},
            )
            if row.needs:
                provided = [need.code for need in row.needs if need.provided]
                self.fields[f"needs_{key}"] = forms.MultipleChoiceField(
                    label=needs_label % {"name": name},
                    required=False,
                    choices=[(need.code, need.label) for need in row.needs],
                    initial=provided,
                    widget=forms.CheckboxSelectMultiple,
                )
                # Django's hidden starting value is lost for a group of checkboxes that started empty (nothing is
                # sent for it) once the form comes back with an error; one hidden input of its own always is.
                self.fields[f"needswas_{key}"] = forms.CharField(
                    required=False, initial=",".join(provided), widget=forms.HiddenInput
                )

    def rows(self) -> list[dict[str, Any]]:
        """Each row with its bound fields, for the template."""
        out = []
        for row in self.register_rows:
            key = row.person.pk.hex
            out.append(
                {
                    "row": row,
                    "key": key,
                    "came": self[f"came_{key}"],
                    "hours": self[f"hours_{key}"],
                    "needs": self[f"needs_{key}"] if f"needs_{key}" in self.fields else None,
                    "needs_was": self[f"needswas_{key}"] if f"needswas_{key}" in self.fields else None,
                }
            )
        return out

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.default_hours is None:
            for row in self.register_rows:
                key = row.person.pk.hex
                if (
                    cleaned.get(f"came_{key}")
                    and cleaned.get(f"hours_{key}") is None
                    and not self.errors.get(f"hours_{key}")
                ):
                    self.add_error(
                        f"hours_{key}",
                        _("Enter how many hours %(name)s took part, like 1.5") % {"name": row.person.display_name},
                    )
        return cleaned

    def changes(self) -> dict:
        """What to save: for every person shown, the fields changed on this screen (after is_valid())."""
        changed = set(self.changed_data)
        out: dict = {}
        for row in self.register_rows:
            key = row.person.pk.hex
            fields: dict[str, Any] = {}
            if f"came_{key}" in changed:
                fields["attended"] = self.cleaned_data[f"came_{key}"]
            if f"hours_{key}" in changed:
                fields["hours"] = self.cleaned_data[f"hours_{key}"]
            if f"needs_{key}" in self.fields:
                ticked = set(self.cleaned_data[f"needs_{key}"])
                was = {code for code in self.cleaned_data[f"needswas_{key}"].split(",") if code}
                if ticked != was:
                    fields["needs_provided"] = {need.code: need.code in ticked for need in row.needs}
            out[row.person.pk] = fields
        return out


class WalkInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Their name or phone number"),
        help_text=_("Check whether they are already on record, so that nobody is added twice."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "type": "search"}),
    )


class WalkInForm(forms.Form):
    """The least we need to add someone new at the door, and their answers about contact and photos."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter their full name")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    preferred_name = forms.CharField(
        label=_("What they like to be called (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    heard_about = forms.ChoiceField(
        label=_("How did they hear about it? (optional)"),
        choices=HeardAbout.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    contact = forms.TypedChoiceField(
        label=_("Are they happy for us to contact them about taking part?"),
        help_text=_("For example, to invite them to other sessions. They can change their mind at any time."),
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether they are happy for us to contact them about taking part")},
    )
    photos = forms.TypedChoiceField(
        label=_("Are they happy to be in photos?"),
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether they are happy to be in photos")},
    )
    consent_method = forms.ChoiceField(
        label=_("How did they give these answers?"),
        choices=[(ConsentMethod.VERBAL, _("They told me")), (ConsentMethod.PAPER, _("On a paper form"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how they gave their answers")},
    )
    different_person = forms.BooleanField(
        label=_("None of these people is them: add them as someone new"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list = []

    def ask_about_duplicates(self, duplicates: list) -> None:
        """Show the people who may be the same person, and the tick to say none of them is."""
        self.duplicates = duplicates
        self.fields["different_person"].widget = forms.CheckboxInput()

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "preferred_name": data["preferred_name"],
            "phone": data["phone"],
            "email": data["email"],
            "heard_about": data["heard_about"],
            "contact": data["contact"],
            "photos": data["photos"],
            "consent_method": data["consent_method"],
        }
