from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.stakeholders.models import Partner, StakeholderGroup


class SubgroupForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Which group is it part of?"),
        queryset=StakeholderGroup.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the group it is part of"),
            "invalid_choice": _("Choose one of the eight stakeholder groups"),
        },
    )
    name = forms.CharField(
        label=_("Name of the sub-group"),
        max_length=120,
        help_text=_("For example: dads, adoptive families, pregnancy to age 2 panel."),
        error_messages={"required": _("Enter the name of the sub-group")},
    )
    description = forms.CharField(
        label=_("Who this is (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = StakeholderGroup.objects.for_organisation(organisation).top_level()


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "stakeholder_group",
            "contact_name",
            "contact_email",
            "contact_phone",
            "notes",
            "is_active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "contact_phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "inputmode": "tel"}),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the partner organisation")},
            "kind": {"required": _("Choose the type of organisation")},
            "contact_email": {"invalid": _("Enter an email address in the correct format, like name@example.org")},
        }

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholder_group"].queryset = StakeholderGroup.objects.for_organisation(organisation)
        self.fields["stakeholder_group"].empty_label = _("Not one group")
        self.fields["stakeholder_group"].error_messages["invalid_choice"] = _(
            "Choose one of your organisation's stakeholder groups"
        )


class JourneyAreaForm(forms.Form):
    name = forms.CharField(
        label=_("Add a part of the family's journey"),
        max_length=100,
        help_text=_("For example: youth services, libraries, adult learning."),
        error_messages={"required": _("Enter a name")},
    )
