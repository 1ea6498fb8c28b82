"""Forms for referring a family for peer support (staff and partners, and the family themselves on the public site),
finding the person referred, confirming a match and closing a referral. The wishes are worded for families."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.matching import SLOT_LABELS, WAY_LABELS, Experience
from coproduce.organisations.models import Hub
from coproduce.peers.models import ReferralStatus
from coproduce.peers.services.referrals import NO_CONSENT, NO_CONSENT_SELF, ReferralDetails, referral_problems
from coproduce.people import services as people_services

# The honeypot's name on the public form: a field bots fill in and people never see.
HONEYPOT = "website"

# What a family might ask for, in their words (the codes are analysis.matching.Experience).
FAMILY_EXPERIENCE_LABELS: dict[str, str] = {
    Experience.DAD: _("Another dad"),
    Experience.SEND: _("Someone who knows about SEND (special educational needs and disabilities)"),
    Experience.CHILD_MENTAL_HEALTH: _("Someone whose child has had mental health difficulties"),
    Experience.ADOPTION: _("Someone who has adopted a child"),
    Experience.BEREAVEMENT: _("Someone who has lost someone close to them"),
    Experience.DOMESTIC_ABUSE: _("Someone who has lived through domestic abuse"),
    Experience.NEW_TO_COUNTRY: _("Someone who is also new to the country"),
}
WAY_CHOICES = [(str(code), capfirst(label)) for code, label in WAY_LABELS.items()]
SLOT_CHOICES = [(code, capfirst(label)) for code, label in SLOT_LABELS.items()]
CONSENT_WAYS = [
    ("online", _("Online or by email")),
    ("paper", _("On paper")),
    ("verbally", _("They told someone (in person or by phone)")),
]
PEOPLE_FOUND = 20


def consent_how_text(way: str, to_whom: str) -> str:
    """How the family agreed, as kept on the referral: "On paper", "Verbally to Priya Shah"."""
    if way == "verbally":
        return f"Verbally to {to_whom.strip()}"
    return {"online": "Online or by email", "paper": "On paper"}.get(way, "")


def _choices_field(label, choices, help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the options listed")},
    )


class ReferralForm(forms.Form):
    """Refer a family. Without a chosen person the name and a way to get in touch are needed. The public form
    (`self_referral=True`) speaks to the family and has no fields about who is referring."""

    contact_name = forms.CharField(label=_("Their name"), max_length=150, required=False)
    contact_phone = forms.CharField(
        label=_("Their phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    contact_email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    hub = forms.ModelChoiceField(
        label=_("Family hub nearest to them (optional)"),
        queryset=Hub.objects.none(),
        required=False,
        empty_label=_("Not sure"),
        error_messages={"invalid_choice": _("Choose one of the family hubs listed")},
    )
    postcode = forms.CharField(
        label=_("Their postcode (optional)"),
        help_text=_("So we can find someone nearby. The first part is enough, like NB1."),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-10"}),
    )
    help_with = forms.CharField(
        label=_("What would they like help with?"),
        help_text=_("In their words if you can."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": _("Say what they would like help with")},
    )
    wanted_experiences = _choices_field(
        _("Would they like someone who has been through something similar?"),
        list(FAMILY_EXPERIENCE_LABELS.items()),
        _("Select all that apply, or none."),
    )
    languages = forms.CharField(
        label=_("Someone who speaks …"),
        help_text=_("A language they would like to talk in, for example Urdu. Separate languages with commas."),
        max_length=200,
        required=False,
    )
    ways = _choices_field(_("Ways of support that would suit them"), WAY_CHOICES, _("Select all that apply."))
    available = _choices_field(_("Times that suit them"), SLOT_CHOICES, _("Select all that apply."))
    online_only = forms.BooleanField(
        label=_("Online support only (by phone, text message, email, video call or a social media group)"),
        required=False,
    )
    preferences = forms.CharField(
        label=_("Anything else about who would suit them (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("The family agrees to be referred for peer support"),
        help_text=_(
            "They agree that we keep what is on this form, that the peer support coordinators read it, and that the "
            "peer supporter they are matched with gets their name and contact details."
        ),
        error_messages={"required": NO_CONSENT},
    )
    consent_way = forms.ChoiceField(
        label=_("How did they agree?"),
        choices=CONSENT_WAYS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how the family agreed")},
    )
    consent_to = forms.CharField(
        label=_("If they told someone: who?"),
        help_text=_("For example ‘Priya Shah, family practitioner’."),
        max_length=150,
        required=False,
    )
    referrer_organisation = forms.CharField(label=_("Your organisation (optional)"), max_length=200, required=False)

    def __init__(self, *args, organisation, person=None, self_referral: bool = False, partner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.person = person
        self.self_referral = self_referral
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation).filter(is_open=True).order_by("name")
        if person is not None:
            for name in ("contact_name", "contact_phone", "contact_email"):
                del self.fields[name]
        if not partner or self_referral:
            del self.fields["referrer_organisation"]
        if self_referral:
            self._speak_to_the_family()

    def _speak_to_the_family(self) -> None:
        del self.fields["consent_way"], self.fields["consent_to"]
        fields = self.fields
        fields["contact_name"].label = _("Your name")
        fields["contact_phone"].label = _("Your phone number")
        fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        fields["contact_phone"].help_text = _("Give a phone number, an email address or both.")
        fields["contact_email"].label = _("Your email address")
        fields["contact_email"].widget.attrs["autocomplete"] = "email"
        fields["hub"].label = _("Which family hub is nearest to you? (optional)")
        fields["postcode"].label = _("Your postcode (optional)")
        fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        fields["postcode"].help_text = _("So we can find someone near you.")
        fields["help_with"].label = _("What would you like help with?")
        fields["help_with"].help_text = _("Write as much or as little as you like.")
        fields["help_with"].error_messages["required"] = _("Tell us what you would like help with")
        fields["wanted_experiences"].label = _("Would you like someone who has been through the same things as you?")
        fields["wanted_experiences"].help_text = _("Tick any that matter to you. You do not have to tick any.")
        fields["languages"].label = _("Would you like someone who speaks your language?")
        fields["languages"].help_text = _("Write the language, for example Urdu.")
        fields["ways"].label = _("How would you like to get support?")
        fields["ways"].help_text = _("Tick all that are OK for you.")
        fields["available"].label = _("When is a good time for you?")
        fields["available"].help_text = _("Tick all that are OK for you.")
        fields["online_only"].label = _("I only want support online, by phone or by message")
        fields["preferences"].label = _("Is there anything else we should know? (optional)")
        fields["consent"].label = _("I agree")
        fields["consent"].help_text = _(
            "We will keep what you write here. Our peer support team will read it. The peer supporter we find for "
            "you will get your name and how to contact you."
        )
        fields["consent"].error_messages["required"] = NO_CONSENT_SELF

    def clean_contact_phone(self) -> str:
        return people_services.uk_phone(self.cleaned_data["contact_phone"])

    def clean_postcode(self) -> str:
        return people_services.uk_postcode(self.cleaned_data["postcode"])

    def clean_languages(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["languages"].split(",") if part.strip()]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("consent_way") == "verbally" and not cleaned.get("consent_to", "").strip():
            self.add_error("consent_to", _("Say who they agreed with"))
        # The service's own rules, shown next to their fields with the form's (the service checks them again).
        problems = referral_problems(self.organisation, self.details(), self_referral=self.self_referral)
        for name, messages in problems.items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    def details(self) -> ReferralDetails:
        data = self.cleaned_data
        return ReferralDetails(
            help_with=data.get("help_with", ""),
            consent=bool(data.get("consent")),
            person=self.person,
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            postcode=data.get("postcode", ""),
            hub=data.get("hub"),
            wanted_experiences=list(data.get("wanted_experiences") or []),
            languages=list(data.get("languages") or []),
            ways=list(data.get("ways") or []),
            available=list(data.get("available") or []),
            online_only=bool(data.get("online_only")),
            preferences=data.get("preferences", ""),
            consent_how=consent_how_text(data.get("consent_way", ""), data.get("consent_to", "")),
            referrer_organisation=data.get("referrer_organisation", ""),
        )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the person you are referring"),
        help_text=_("Name, email address, phone number or postcode"),
        required=False,
        max_length=100,
    )


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All referrals")), *ReferralStatus.choices],
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you closing it without a match?"),
        help_text=_("For example ‘The family no longer wants support’ or ‘We could not reach them after 3 tries’."),
        max_length=300,
        error_messages={
            "required": _("Say why the referral is being closed"),
            "max_length": _("The reason must be 300 characters or fewer"),
        },
    )
