"""Forms for recording consent, the privacy notices, the data sharing register and sharing with a partner (staff),
and the person-facing forms of a person's own pages (their details, their needs, asking for their link)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.consent.models import (
    ChildBasis,
    ConsentMethod,
    ConsentStatus,
    DataSharingAgreement,
    LawfulBasis,
    PrivacyNotice,
    Purpose,
)
from coproduce.consent.services import SHAREABLE_DETAILS, age_group, check_agreement_dates
from coproduce.core.fields import DateField
from coproduce.core.forms_util import apply_validation_error
from coproduce.people.models import Person
from coproduce.stakeholders.models import Partner

UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()-]+$")


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return obj.name


class NoticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PrivacyNotice) -> str:
        return _("Version %(version)s, published %(date)s") % {
            "version": obj.version,
            "date": obj.published_on.strftime("%d/%m/%Y"),
        }


# Staff: recording consent


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("What is the consent for?"),
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the consent is for")},
    )
    partner = PartnerChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        label=_("Partner"),
        help_text=_("Only for sharing their details with a named partner."),
        empty_label=_("Not sharing with a partner"),
        error_messages={"invalid_choice": _("Choose one of your organisation's partners")},
    )
    status = forms.ChoiceField(
        label=_("Their answer"),
        choices=[(ConsentStatus.GIVEN, _("They agreed")), (ConsentStatus.REFUSED, _("They said no"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether they agreed or said no")},
    )
    method = forms.ChoiceField(
        label=_("How did they give their answer?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they gave their answer")},
    )
    told_to = forms.CharField(
        label=_("If verbally: who did they tell?"),
        required=False,
        max_length=150,
        help_text=_("The name of the member of staff."),
    )
    answered_on = DateField(
        label=_("Date of their answer"),
        help_text=_("Leave empty for today. For example, 27/3/2027"),
    )
    privacy_notice = NoticeChoiceField(
        queryset=PrivacyNotice.objects.none(),
        required=False,
        label=_("Privacy notice they were shown"),
        help_text=_("Leave as it is for the current notice."),
        empty_label=_("The current notice"),
        error_messages={"invalid_choice": _("Choose one of your organisation's privacy notices")},
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=LawfulBasis.choices,
        initial=LawfulBasis.CONSENT,
        widget=forms.RadioSelect,
        help_text=_(
            "Usually consent. Where another basis applies (for example public task), the person can object "
            "instead of withdrawing."
        ),
        error_messages={"required": _("Choose the lawful basis")},
    )
    child_basis = forms.ChoiceField(
        label=_("How was consent given for this child or young person?"),
        choices=ChildBasis.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    given_by_name = forms.CharField(
        label=_("Name of the person with parental responsibility"),
        required=False,
        max_length=150,
        help_text=_("If someone with parental responsibility gave consent."),
    )
    gillick_assessed_by = forms.CharField(
        label=_("Practitioner who assessed Gillick competence"),
        required=False,
        max_length=150,
        help_text=_("If the young person was assessed as able to decide for themselves."),
    )
    gillick_assessed_on = DateField(label=_("Date of the assessment"))

    def __init__(self, *args, person: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisation = person.organisation
        self.fields["partner"].queryset = Partner.objects.for_organisation(organisation).filter(is_active=True)
        self.fields["privacy_notice"].queryset = PrivacyNotice.objects.for_organisation(organisation)
        self.fields["lawful_basis"].option_hints = {
            LawfulBasis.CONSENT: _("They can withdraw at any time."),
            LawfulBasis.PUBLIC_TASK: _("Needed for the council's public functions. They can object."),
        }
        self.fields["child_basis"].option_hints = {
            ChildBasis.SELF_13_PLUS: _("Only from 13, and only online."),
            ChildBasis.GILLICK: _("A named practitioner decided they understand enough to decide for themselves."),
        }
        self.group = age_group(person)
        if self.group == "adult":
            for name in ("child_basis", "given_by_name", "gillick_assessed_by", "gillick_assessed_on"):
                del self.fields[name]

    def clean_answered_on(self) -> dt.date | None:
        day = self.cleaned_data.get("answered_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date of their answer must be today or in the past"))
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("purpose") != Purpose.SHARE_WITH_PARTNER:
            cleaned["partner"] = None
        elif cleaned.get("partner") is None and "partner" not in self.errors:
            self.add_error("partner", _("Choose the partner their details would be shared with"))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        day = data.pop("answered_on", None)
        if day and day != timezone.localdate():
            # A past answer (a paper form brought in later): midday that day, in local time.
            data["answered_at"] = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        for name in ("child_basis", "given_by_name", "gillick_assessed_by"):
            data.setdefault(name, "")
        data.setdefault("gillick_assessed_on", None)
        return data


# Staff: privacy notices, the data sharing register and sharing with a partner


class PrivacyNoticeForm(forms.ModelForm):
    published_on = DateField(label=_("Date published"), required=True)

    class Meta:
        model = PrivacyNotice
        fields = ["version", "published_on", "url", "summary"]
        widgets = {
            "version": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "version": {"required": _("Enter the version number, for example 2.1")},
            "summary": {"required": _("Enter a summary of the notice in plain English")},
            "url": {"invalid": _("Enter a web address in the correct format, like https://www.example.org/privacy")},
        }


class AgreementForm(forms.ModelForm):
    starts_on = DateField(label=_("Start date"), required=True)
    review_on = DateField(
        label=_("Review date"),
        required=True,
        help_text=_("Sharing stops if the agreement is not reviewed by then. For example, 27/3/2027"),
    )
    ends_on = DateField(label=_("End date"), help_text=_("Leave empty if there is no end date. For example, 31/3/2028"))

    class Meta:
        model = DataSharingAgreement
        fields = ["partner", "purpose", "data_shared", "starts_on", "review_on", "ends_on", "document_url"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "data_shared": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "partner": {
                "required": _("Choose the partner"),
                "invalid_choice": _("Choose one of your organisation's partners"),
            },
            "purpose": {"required": _("Say why you share people's details with this partner")},
            "data_shared": {"required": _("Say which details you share")},
            "document_url": {
                "invalid": _("Enter a web address in the correct format, like https://www.example.org/agreement")
            },
        }

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"] = PartnerChoiceField(
            queryset=Partner.objects.for_organisation(organisation),
            label=_("Partner"),
            error_messages=self._meta.error_messages["partner"],
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            check_agreement_dates(cleaned)
        except ValidationError as error:
            apply_validation_error(self, error)
        return cleaned


class ShareForm(forms.Form):
    partner = PartnerChoiceField(
        queryset=Partner.objects.none(),
        label=_("Which partner?"),
        empty_label=_("Choose a partner"),
        error_messages={
            "required": _("Choose the partner to share their details with"),
            "invalid_choice": _("Choose one of your organisation's partners"),
        },
    )
    reason = forms.CharField(
        label=_("Why are you sharing their details?"),
        max_length=200,
        help_text=_("The partner will see this. For example: referral to the peer support group they asked about."),
        error_messages={"required": _("Say why you are sharing their details")},
    )
    details = forms.MultipleChoiceField(
        label=_("Which details?"),
        choices=SHAREABLE_DETAILS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Share only what the partner needs. Select all that apply."),
        error_messages={"required": _("Choose which details to share")},
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_organisation(organisation).filter(is_active=True)


# The person's own pages (person-facing wording: "you")


CHANNELS = [
    ("contact_by_email", _("Email")),
    ("contact_by_text", _("Text message")),
    ("contact_by_phone", _("Phone call")),
    ("contact_by_post", _("Post")),
]


class SelfDetailsForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("How can we contact you?"),
        choices=CHANNELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )

    class Meta:
        model = Person
        fields = ["preferred_name", "pronunciation", "pronouns", "email", "phone", "address", "postcode", "languages"]
        labels = {
            "preferred_name": _("What would you like us to call you?"),
            "pronunciation": _("How do you say your name?"),
            "pronouns": _("Your pronouns (optional)"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "address": _("Address"),
            "postcode": _("Postcode"),
            "languages": _("Which languages do you speak?"),
        }
        help_texts = {
            "preferred_name": _("Leave empty to use your full name."),
            "pronunciation": _("So we say it right. For example ‘SHIV-on’ for Siobhan."),
            "pronouns": _("For example she/her, he/him, they/them."),
            "email": "",
            "phone": _("For text messages and calls, if you want them."),
            "address": _("Only if you want letters by post."),
            "postcode": "",
            "languages": _("For example ‘English, Polish’."),
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
            "pronouns": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }
        error_messages = {
            "email": {"invalid": _("Enter an email address in the correct format, like name@example.com")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["channels"] = [name for name, _label in CHANNELS if getattr(self.instance, name)]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE_CHARACTERS.match(phone) or not 10 <= len(digits) <= 13):
            raise ValidationError(_("Enter a phone number, like 07700 900 982 or 01632 960 001"))
        return phone

    def clean_postcode(self) -> str:
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if postcode and not UK_POSTCODE.match(postcode):
            raise ValidationError(_("Enter a real postcode, like NB1 2AB"))
        return postcode

    def clean(self) -> dict:
        cleaned = super().clean()
        channels = cleaned.get("channels") or []
        if "contact_by_email" in channels and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter your email address, or untick email"))
        if (
            ("contact_by_text" in channels or "contact_by_phone" in channels)
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", _("Enter your phone number, or untick text message and phone call"))
        if "contact_by_post" in channels and not cleaned.get("address") and "address" not in self.errors:
            self.add_error("address", _("Enter your address, or untick post"))
        return cleaned

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        channels = self.cleaned_data.get("channels") or []
        data.update({name: name in channels for name, _label in CHANNELS})
        return data


# "You" wording for the person's own needs page (the staff page uses ACCESS_NEEDS).
SELF_NEEDS = [
    ("childcare", _("Childcare, like a crèche or someone to look after your children")),
    ("step_free", _("Step-free access, with no stairs or steps")),
    ("accessible_toilet", _("An accessible toilet")),
    ("hearing_loop", _("A hearing loop")),
    ("bsl", _("A British Sign Language (BSL) interpreter")),
    ("interpreter", _("An interpreter for another language")),
    ("easy_read", _("Easy read information")),
    ("large_print", _("Large print")),
    ("quiet_space", _("A quiet space")),
    ("travel_costs", _("Help with travel costs")),
    ("online_only", _("You can only take part online")),
    ("device_or_data", _("A phone, tablet, laptop or mobile data to join online")),
    ("rural_or_remote", _("You live somewhere rural or far from a hub")),
]
SELF_TIMES = [
    ("not_school_run", _("School run times")),
    ("not_working_hours", _("Working hours")),
    ("not_evenings", _("Evenings")),
    ("not_weekends", _("Weekends")),
]


class SelfNeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("What do you need to take part?"),
        choices=SELF_NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )
    interpreter_language = forms.CharField(
        label=_("If you need an interpreter: which language?"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    unavailable = forms.MultipleChoiceField(
        label=_("Which times do not work for you?"),
        choices=SELF_TIMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )
    other_needs = forms.CharField(
        label=_("Is there anything else that would help you take part?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_from(cls, needs) -> dict:
        if needs is None:
            return {}
        return {
            "needs": [code for code, _label in SELF_NEEDS if getattr(needs, code)],
            "unavailable": [code for code, _label in SELF_TIMES if getattr(needs, code)],
            "interpreter_language": needs.interpreter_language,
            "other_needs": needs.other_needs,
        }

    def service_arguments(self) -> dict:
        needs, times = self.cleaned_data["needs"], self.cleaned_data["unavailable"]
        data = {code: code in needs for code, _label in SELF_NEEDS}
        data.update({code: code in times for code, _label in SELF_TIMES})
        data["interpreter_language"] = self.cleaned_data["interpreter_language"].strip()
        data["other_needs"] = self.cleaned_data["other_needs"].strip()
        return data


def _is_mobile(text: str) -> bool:
    """A UK mobile number (07…, in any common format), or a number another country says is a mobile."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code == 44:
        return phonenumbers.is_possible_number(number) and str(number.national_number).startswith("7")
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


class RequestLinkForm(forms.Form):
    """An email address or a mobile phone number: families who gave us only a mobile can get their link by text."""

    contact = forms.CharField(
        label=_("Email address or mobile phone number"),
        help_text=_("The email address or mobile phone number you gave us."),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your email address or mobile phone number")},
    )

    def clean_contact(self) -> str:
        from django.core.validators import validate_email

        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(
                    _("Enter an email address in the correct format, like name@example.com")
                ) from None
            return value
        if not _is_mobile(value):
            raise ValidationError(
                _("Enter an email address like name@example.com, or a mobile phone number like 07700 900 982")
            )
        return value

    @property
    def by_text(self) -> bool:
        return "@" not in self.cleaned_data.get("contact", "")
