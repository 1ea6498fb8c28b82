"""Forms for raising a safeguarding concern, handling it, and the organisation's safeguarding arrangements."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coproduce.safeguarding.models import ConcernStatus, SafeguardingArrangements, SafeguardingConcern
from coproduce.safeguarding.services import TRANSITIONS

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ConcernForm(forms.Form):
    what_happened = forms.CharField(
        label=_("What happened, or what did you see or hear?"),
        help_text=_(
            "Write down what you saw or heard, using the words people used. Say when and where it happened and who "
            "was there. Do not investigate or ask leading questions: that is for the safeguarding lead."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Say what happened, or what you saw or heard")},
    )
    immediate_danger = forms.TypedChoiceField(
        label=_("Is someone in immediate danger?"),
        help_text=_("If yes, call 999 now if you have not already."),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether someone is in immediate danger")},
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the new status")},
    )
    referred_to = forms.CharField(
        label=_("If you referred it: who to?"),
        help_text=_("For example children's social care, the police or the local authority designated officer."),
        required=False,
        max_length=200,
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What you did and why. Needed when you close a concern."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, concern: SafeguardingConcern, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, ConcernStatus(status).label) for status in TRANSITIONS[ConcernStatus(concern.status)]
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        # The same rules the service applies, shown next to their fields before anything is sent.
        if cleaned.get("to_status") == ConcernStatus.REFERRED and not cleaned.get("referred_to", "").strip():
            self.add_error("referred_to", _("Say who the concern was referred to, for example children's social care"))
        if cleaned.get("to_status") == ConcernStatus.CLOSED and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the concern is being closed"))
        return cleaned


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        help_text=_("What you did, who you spoke to and what you decided."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note")},
    )

    def __init__(self, *args, further_information: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if further_information:
            field = self.fields["text"]
            field.label = _("What else have you seen, heard or remembered?")
            field.help_text = _("The safeguarding lead will read it.")
            field.error_messages = {**field.error_messages, "required": _("Write the further information")}


def clean_uk_phone(value: str) -> str:
    """A UK phone number as written, or a ValidationError saying what is wrong."""
    value = value.strip()
    if not value:
        return value
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        number = None
    # Ofcom's numbers for drama and examples (07700 900…, 01632 960…) are not "valid" to phonenumbers, but they
    # have the right shape, and the demo and tests use them.
    if (
        number is None
        or number.country_code != 44
        or not (
            phonenumbers.is_valid_number(number)
            or (
                phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
                and len(str(number.national_number)) >= 9
            )
        )
    ):
        raise ValidationError(_("Enter a UK phone number, like 01632 960 001 or 0300 123 4567"))
    return value


class ArrangementsForm(forms.ModelForm):
    class Meta:
        model = SafeguardingArrangements
        fields = ["contact_name", "contact_phone", "contact_email", "out_of_hours", "procedure", "procedure_url"]
        widgets = {
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "procedure": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {
            "contact_name": _("Designated safeguarding contact"),
            "contact_phone": _("Their phone number"),
            "contact_email": _("Their email address (optional)"),
            "out_of_hours": _("Out of hours (optional)"),
            "procedure": _("What staff and volunteers should do"),
            "procedure_url": _("Link to the full safeguarding procedure (optional)"),
        }
        help_texts = {
            "contact_name": _("The name or job title people should ask for, for example ‘Duty safeguarding lead’."),
            "out_of_hours": _("For example the council's emergency duty team: 0300 123 4567."),
            "procedure": _("The steps to follow, in plain English. Shown when anyone raises a concern."),
        }
        error_messages = {
            "contact_name": {"required": _("Enter the name or job title of the safeguarding contact")},
            "contact_phone": {"required": _("Enter the safeguarding contact's phone number")},
            "contact_email": {"invalid": _("Enter an email address in the correct format, like name@example.org")},
            "procedure": {"required": _("Say what staff and volunteers should do")},
            "procedure_url": {"invalid": _("Enter a web address in the correct format, like https://example.org")},
        }

    def clean_contact_phone(self) -> str:
        return clean_uk_phone(self.cleaned_data["contact_phone"])
