"""Forms for the shared definition, the commitment and its signatures, and strategies."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.commitments.models import Method, Strategy
from coproduce.commitments.services import check_strategy
from coproduce.core.fields import DateField
from coproduce.core.forms_util import apply_validation_error
from coproduce.organisations.models import Membership
from coproduce.stakeholders.models import Partner, StakeholderGroup


def _not_future(value, message: str):
    if value is not None and value > timezone.localdate():
        raise ValidationError(message)
    return value


class DefinitionForm(forms.Form):
    text = forms.CharField(
        label=_("Definition of co-production"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=10_000,
        help_text=_(
            "Leave a blank line between paragraphs: people comment on each paragraph. Write for families: "
            "short sentences and everyday words."
        ),
        error_messages={
            "required": _("Enter the definition of co-production"),
            "max_length": _("The definition must be 10,000 characters or fewer"),
        },
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2_000,
        help_text=_("What would you change, add or take out? Everyone who can see the draft can read your comment."),
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _("Your comment must be 2,000 characters or fewer"),
        },
    )


class AdoptForm(forms.Form):
    adopted_on = DateField(
        label=_("Date adopted"),
        required=True,
        help_text=_("The day it was agreed, for example at a partnership board meeting. For example, 27/3/2027"),
    )

    def clean_adopted_on(self):
        return _not_future(self.cleaned_data["adopted_on"], _("The date adopted must be today or in the past"))


class CommunicationForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Which stakeholder groups was it shared with?"),
        queryset=StakeholderGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
        error_messages={
            "required": _("Choose at least one stakeholder group"),
            "invalid_choice": _("Choose from your organisation's stakeholder groups"),
            "invalid_pk_value": _("Choose from your organisation's stakeholder groups"),
        },
    )
    communicated_on = DateField(label=_("Date it was shared"), required=True)
    method = forms.ChoiceField(
        label=_("How was it shared?"),
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was shared")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: the name of the meeting or newsletter."),
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = StakeholderGroup.objects.for_organisation(organisation).top_level()

    def clean_communicated_on(self):
        return _not_future(self.cleaned_data["communicated_on"], _("The date must be today or in the past"))


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("Commitment to co-produce"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5_000,
        help_text=_(
            "What everyone who signs promises, in plain words. For example: ‘We will involve families from the "
            "start, listen to every voice and tell families what changed because of what they said.’"
        ),
        error_messages={
            "required": _("Enter the commitment"),
            "max_length": _("The commitment must be 5,000 characters or fewer"),
        },
    )


PUBLIC_HINT = _(
    "Only if they have agreed. Their name will then appear on the organisation's public co-production page. "
    "If not, the signature still counts but the name stays private."
)


class SignForm(forms.Form):
    show_publicly = forms.BooleanField(
        label=_("Show my name on the public co-production page"),
        required=False,
        help_text=_("If you leave this unticked, your signature still counts but your name stays private."),
    )


class PartnerSignatureForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Partner.objects.none(),
        empty_label=_("Choose a partner organisation"),
        error_messages={
            "required": _("Choose the partner organisation that signed"),
            "invalid_choice": _("Choose one of your organisation's partners"),
        },
    )
    signed_by = forms.CharField(
        label=_("Who signed for them (optional)"),
        required=False,
        max_length=200,
        help_text=_("Name and role, for example Joanne Reid, chair."),
    )
    signed_on = DateField(label=_("Date signed"), required=True)
    show_publicly = forms.BooleanField(
        label=_("Show the organisation's name on the public page"), required=False, help_text=PUBLIC_HINT
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_organisation(organisation).filter(is_active=True)

    def clean_signed_on(self):
        return _not_future(self.cleaned_data["signed_on"], _("The date signed must be today or in the past"))


class PersonSignatureForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Enter the name of the person who signed")},
    )
    role_or_organisation = forms.CharField(
        label=_("Role or organisation (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: parent, Eastfield stay-and-play group."),
    )
    signed_on = DateField(label=_("Date signed"), required=True, help_text=_("For example, 27/3/2027"))
    show_publicly = forms.BooleanField(
        label=_("Show their name on the public page"), required=False, help_text=PUBLIC_HINT
    )

    def clean_signed_on(self):
        return _not_future(self.cleaned_data["signed_on"], _("The date signed must be today or in the past"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it being withdrawn? (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} ({obj.get_role_display()})"


class StrategyForm(forms.ModelForm):
    start_date = DateField(label=_("Start date"))
    end_date = DateField(
        label=_("End date"), help_text=_("Leave empty if there is no end date yet. For example, 31/3/2028")
    )
    last_refreshed_on = DateField(
        label=_("Last refreshed"),
        help_text=_(
            "Sustaining strategies only: when involvement was last refreshed. If it never has been, leave this "
            "empty and the start date is used. For example, 1/9/2026"
        ),
    )

    class Meta:
        model = Strategy
        fields = [
            "title",
            "description",
            "area",
            "owner",
            "start_date",
            "end_date",
            "status",
            "is_sustaining",
            "refresh_every_months",
            "last_refreshed_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "area": forms.RadioSelect,
            "status": forms.RadioSelect,
            "refresh_every_months": forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        }
        labels = {
            "area": _("Which hub process is it part of?"),
            "is_sustaining": _("This strategy keeps co-production going by refreshing who is involved"),
            "refresh_every_months": _("Refresh every (months)"),
        }
        help_texts = {
            "title": _("For example: Parents sit on every commissioning panel."),
            "is_sustaining": _("For example, new members join the parent panel every 12 months."),
            "refresh_every_months": _("Sustaining strategies only: a whole number of months, for example 12."),
        }
        error_messages = {
            "title": {"required": _("Enter a title for the strategy")},
            "area": {"required": _("Choose the hub process")},
            "status": {"required": _("Choose the status")},
            "refresh_every_months": {"invalid": _("Enter a whole number of months, for example 12")},
        }

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = MemberChoiceField(
            queryset=Membership.objects.for_organisation(organisation).select_related("user"),
            required=False,
            label=_("Owner"),
            help_text=_("The member who makes sure it happens. They get a reminder when a refresh is due."),
            empty_label=_("Not chosen yet"),
            error_messages={"invalid_choice": _("Choose an owner from your own organisation")},
        )
        # The model's positive-number check would say "Ensure this value is greater than or equal to 0".
        self.fields["refresh_every_months"].min_value = None
        self.fields["refresh_every_months"].validators = []

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("is_sustaining"):
            # Only a sustaining strategy is refreshed: what was typed in its two fields is not kept.
            for name in ("refresh_every_months", "last_refreshed_on"):
                cleaned[name] = None
                self.errors.pop(name, None)
        try:
            check_strategy(cleaned)  # the same rules the service applies, shown next to their fields
        except ValidationError as error:
            apply_validation_error(self, error)
        return cleaned


class RefreshForm(forms.Form):
    note = forms.CharField(
        label=_("What was refreshed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text=_("For example: four new parents joined the panel, chosen fairly from the pool."),
        error_messages={"required": _("Say what was refreshed, for example who joined the panel")},
    )


class StrategyFilterForm(forms.Form):
    sustaining = forms.BooleanField(label=_("Only sustaining strategies"), required=False)
