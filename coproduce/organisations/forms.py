"""Forms for hubs, members, invitations and (for platform administrators) organisations."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import ROLE_DESCRIPTIONS, Hub, Organisation, Role


def role_choices() -> list[tuple[str, str]]:
    return [(value, f"{label} – {ROLE_DESCRIPTIONS[value]}") for value, label in Role.choices]


class HubForm(forms.ModelForm):
    class Meta:
        model = Hub
        fields = ["name", "kind", "address", "postcode", "is_open"]
        widgets = {
            "kind": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
        }
        help_texts = {"is_open": _("Untick if the site has closed. Its history is kept.")}
        error_messages = {
            "name": {"required": _("Enter the name of the hub")},
            "kind": {"required": _("Select the type of site")},
        }

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will email an invitation link to this address. It works for %(days)s days."),
        error_messages={
            "required": _("Enter the email address of the person to invite"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        choices=role_choices,
        error_messages={"required": _("Select the role this person will have")},
    )

    def __init__(self, *args, valid_days: int = 14, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.fields["email"].help_text % {"days": valid_days}


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        choices=role_choices,
        error_messages={"required": _("Select a role")},
    )


class OrganisationCreateForm(forms.ModelForm):
    first_admin_email = forms.EmailField(
        label=_("Email address of the organisation's first administrator"),
        help_text=_("They will be invited to set up hubs and invite their colleagues."),
        error_messages={
            "required": _("Enter the email address of the first administrator"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )

    class Meta:
        model = Organisation
        fields = ["name", "slug"]
        labels = {"name": _("Name of the family hubs partnership")}
        help_texts = {"name": _("For example, Northby Family Hubs")}
        error_messages = {
            "name": {
                "required": _("Enter the name of the organisation"),
                "unique": _("An organisation with this name already exists"),
            },
            "slug": {
                "required": _("Enter a short web name, such as northby-family-hubs"),
                "invalid": _("Use only lower-case letters, numbers and hyphens in the web name"),
                "unique": _("Another organisation already uses this web name"),
            },
        }

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug != slugify(slug):
            raise forms.ValidationError(_("Use only lower-case letters, numbers and hyphens in the web name"))
        return slug
