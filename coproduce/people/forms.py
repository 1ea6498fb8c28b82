"""Forms for a person's details, their access needs, their household and its children, and merging duplicates.
The rules themselves live in services.py, so the import and the API apply the same ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.core.fields import DateField
from coproduce.core.forms_util import apply_validation_error
from coproduce.organisations.models import Hub, Organisation
from coproduce.people import services
from coproduce.people.models import (
    ACCESS_NEEDS,
    UNAVAILABLE_TIMES,
    AccessNeeds,
    AgeBand,
    Child,
    Household,
    HouseholdRole,
    Person,
    TakesPartAs,
)
from coproduce.stakeholders.models import StakeholderGroup

# The contact_by_* booleans, as one group of checkboxes.
CHANNELS = [
    ("email", _("Email")),
    ("text", _("Text message")),
    ("phone", _("Phone call")),
    ("post", _("Post")),
]


class PersonForm(forms.ModelForm):
    """A person's details. On create (`check_duplicates=True`) people who may be the same person are found and
    listed in `self.duplicates`; the user must then tick ‘This is a different person’ to save."""

    different_person = forms.BooleanField(
        label=_("This is a different person"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("Tick this only if you have checked the people listed above and none of them is this person."),
    )
    channels = forms.MultipleChoiceField(
        label=_("How do they like to be contacted?"),
        choices=CHANNELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )
    date_of_birth = DateField(
        label=_("Date of birth"),
        help_text=_(
            "Only for children and young people, so we ask for consent in the right way. For example, 27/3/2012"
        ),
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "preferred_name",
            "pronunciation",
            "pronouns",
            "email",
            "phone",
            "address",
            "postcode",
            "languages",
            "takes_part_as",
            "hubs",
            "stakeholder_groups",
        ]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "preferred_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "pronunciation": forms.TextInput(attrs={"spellcheck": "false"}),
            "pronouns": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-10"}),
            "takes_part_as": forms.RadioSelect,
            "hubs": forms.CheckboxSelectMultiple,
            "stakeholder_groups": forms.CheckboxSelectMultiple,
        }
        labels = {
            "full_name": _("Full name"),
            "preferred_name": _("What they like to be called (optional)"),
            "pronunciation": _("How to say their name (optional)"),
            "pronouns": _("Pronouns (optional)"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "address": _("Postal address"),
            "postcode": _("Postcode"),
            "languages": _("Languages they speak"),
            "takes_part_as": _("How do they take part?"),
            "hubs": _("Hubs they use"),
            "stakeholder_groups": _("Stakeholder groups they belong to"),
        }
        help_texts = {
            "preferred_name": _("If it is not their full name, for example Mo for Mohammed."),
            "pronouns": _("For example she/her, he/him, they/them."),
            "phone": _("A UK number, for example 07700 900 982"),
            "postcode": _("For example, NB1 2AB"),
            "takes_part_as": _(
                "Someone with lived experience and someone who represents a group bring different, equally valid views."
            ),
        }
        error_messages = {
            "full_name": {"required": _("Enter their full name")},
            "email": {"invalid": _("Enter an email address in the correct format, like name@example.com")},
            "phone": {"max_length": _("Enter a UK phone number, like 01632 960 001 or 07700 900 982")},
            "postcode": {"max_length": _("Enter a real UK postcode, like NB1 2AB")},
        }

    field_order = [
        "different_person",
        "full_name",
        "preferred_name",
        "pronunciation",
        "pronouns",
        "channels",
        "email",
        "phone",
        "address",
        "postcode",
        "languages",
        "date_of_birth",
        "takes_part_as",
        "hubs",
        "stakeholder_groups",
    ]

    def __init__(self, *args, organisation: Organisation, check_duplicates: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.check_duplicates = check_duplicates
        self.duplicates: list[Person] = []
        if not check_duplicates:
            del self.fields["different_person"]
        self.fields["hubs"].queryset = Hub.objects.for_organisation(organisation).only("id", "name")
        groups = StakeholderGroup.objects.for_organisation(organisation).select_related("parent")
        self.fields["stakeholder_groups"].queryset = groups
        self.fields["stakeholder_groups"].label_from_instance = lambda g: (
            f"{g.parent.name} – {g.name}" if g.parent_id else g.name
        )
        for name in ("hubs", "stakeholder_groups"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose only from your own organisation's list")
        self.fields["takes_part_as"].choices = [("", _("Not recorded yet")), *TakesPartAs.choices]
        self.fields["takes_part_as"].error_messages["invalid_choice"] = _("Choose how they take part")
        limit_messages(self)
        if self.instance.pk and not self.is_bound:
            self.initial["channels"] = self.instance.channels

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        values = self.service_fields(cleaned)
        try:
            normalised = services.check_person_fields(values)
        except ValidationError as error:
            # A field that failed its own check (say, an email address in the wrong format) shows that error only.
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, messages)
            return cleaned
        for name in ("phone", "postcode", "email", "languages"):
            if name in normalised:
                cleaned[name] = normalised[name]
        if self.check_duplicates and not self.errors:
            self.duplicates = list(services.possible_duplicates(organisation=self.organisation, fields=normalised)[:10])
            if self.duplicates and not cleaned.get("different_person"):
                self.fields["different_person"].widget = forms.CheckboxInput()
                self.add_error(
                    "different_person",
                    _(
                        "Check the people we already have. If this is a different person, tick ‘This is a different "
                        "person’"
                    ),
                )
        return cleaned

    def _post_clean(self) -> None:
        # The service, not the model instance, applies the details (so the instance shown stays as it was).
        pass

    def service_fields(self, cleaned: dict[str, Any] | None = None) -> dict[str, Any]:
        """What the services take: the model fields plus the contact_by_* booleans from `channels`."""
        cleaned = self.cleaned_data if cleaned is None else cleaned
        fields = {name: cleaned[name] for name in (*services.PERSON_FIELDS, *services.PERSON_M2M) if name in cleaned}
        channels = cleaned.get("channels") or []
        for code, _label in CHANNELS:
            fields[f"contact_by_{code}"] = code in channels
        return fields


def limit_messages(form: forms.BaseForm) -> None:
    """‘Full name must be 150 characters or fewer’ rather than Django's ‘Ensure this value has at most…’."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if limit and "max_length" not in field.error_messages:  # not given its own message
            field.error_messages["max_length"] = _("%(label)s must be %(limit)s characters or fewer") % {
                "label": str(field.label).replace(" (optional)", ""),
                "limit": limit,
            }


class AccessNeedsForm(forms.Form):
    """What a person needs to take part, and times that do not work. Also suitable for the person's own page."""

    needs = forms.MultipleChoiceField(
        label=_("What do they need to take part?"),
        choices=ACCESS_NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. We use this for every activity, so they only tell us once."),
    )
    interpreter_language = forms.CharField(
        label=_("Language for the interpreter"),
        required=False,
        max_length=60,
        help_text=_("If they need an interpreter for another language, for example Tigrinya"),
    )
    unavailable = forms.MultipleChoiceField(
        label=_("Times that do not work for them"),
        choices=UNAVAILABLE_TIMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )
    other_needs = forms.CharField(
        label=_("Anything else that would help them take part (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, instance: AccessNeeds | None = None, **kwargs) -> None:
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "needs": instance.needs(),
                "unavailable": instance.unavailable(),
                "interpreter_language": instance.interpreter_language,
                "other_needs": instance.other_needs,
            }
        super().__init__(*args, **kwargs)
        limit_messages(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            services.check_access_needs(self.service_data(cleaned))
        except ValidationError as error:
            apply_validation_error(self, error)
        return cleaned

    def service_data(self, cleaned: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` that services.access_needs_save takes."""
        cleaned = self.cleaned_data if cleaned is None else cleaned
        needs, unavailable = set(cleaned.get("needs") or ()), set(cleaned.get("unavailable") or ())
        data: dict[str, Any] = {code: code in needs for code, _label in ACCESS_NEEDS}
        data.update({code: code in unavailable for code, _label in UNAVAILABLE_TIMES})
        data["interpreter_language"] = cleaned.get("interpreter_language", "")
        data["other_needs"] = cleaned.get("other_needs", "")
        return data


class HouseholdForm(forms.ModelForm):
    expected_due_date = DateField(
        label=_("Expected due date (optional)"),
        help_text=_("If someone in the family is expecting a baby. For example, 27/3/2027"),
    )

    class Meta:
        model = Household
        fields = list(services.HOUSEHOLD_FIELDS)
        labels = {
            "name": _("Name for the household (optional)"),
            "young_carer": _("A child or young person is a young carer"),
            "care_experienced": _("Someone in the family is care-experienced"),
            "armed_forces": _("Armed forces family"),
            "home_educated": _("Children are electively home educated"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_messages(self)

    def _post_clean(self) -> None:
        pass

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            services.check_household_fields(cleaned)
        except ValidationError as error:
            apply_validation_error(self, error)
        return cleaned


ROLE_FIELD_KWARGS = {
    "label": _("Their role in the household"),
    "choices": HouseholdRole.choices,
    "widget": forms.RadioSelect,
    "error_messages": {"required": _("Choose their role in the household")},
}


class NewHouseholdForm(forms.Form):
    name = forms.CharField(
        label=_("Name for the household (optional)"),
        required=False,
        max_length=100,
        help_text=_("How staff refer to the family, for example ‘Mensah family’."),
    )
    role = forms.ChoiceField(**ROLE_FIELD_KWARGS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_messages(self)


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, household: Household) -> str:
        names = ", ".join(member.display_name for member in household.members.all())
        title = household.name or str(_("Household without a name"))
        return f"{title} ({names})" if names else title


def household_search(organisation: Organisation, text: str) -> QuerySet[Household]:
    """Households of the organisation whose name, or a member's name, contains `text`."""
    text = text.strip()
    households = Household.objects.for_organisation(organisation)
    if not text:
        return households.none()
    member_named = Person.objects.filter(household=OuterRef("pk"), erased_at__isnull=True).filter(
        Q(full_name__icontains=text) | Q(preferred_name__icontains=text)
    )
    return households.filter(Q(name__icontains=text) | Exists(member_named))


def with_members(households: QuerySet[Household]) -> QuerySet[Household]:
    members = Person.objects.filter(erased_at__isnull=True).only("id", "full_name", "preferred_name", "household_id")
    return households.prefetch_related(Prefetch("members", queryset=members))


class JoinHouseholdForm(forms.Form):
    """Choosing one of the households a search found (`q` travels with the form, so the choice is checked against
    the same search)."""

    q = forms.CharField(widget=forms.HiddenInput, required=False)
    household = HouseholdChoiceField(
        label=_("Choose the household"),
        queryset=Household.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the household"),
            "invalid_choice": _("Choose one of the households found"),
        },
    )
    role = forms.ChoiceField(**ROLE_FIELD_KWARGS)

    MAX_FOUND = 20

    def __init__(self, *args, organisation: Organisation, query: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].initial = query
        searched = household_search(organisation, query).order_by("name", "id")
        found = list(searched.values_list("pk", flat=True)[: self.MAX_FOUND])
        self.fields["household"].queryset = with_members(
            Household.objects.for_organisation(organisation).filter(pk__in=found).order_by("name", "id")
        )
        self.found_count = len(found)


class ChildForm(forms.ModelForm):
    date_of_birth = DateField(label=_("Date of birth"), help_text=_("For example, 27/3/2019"))

    class Meta:
        model = Child
        fields = list(services.CHILD_FIELDS)
        widgets = {
            "age_band": forms.RadioSelect,
            "send_details": forms.TextInput,
            "first_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }
        labels = {
            "first_name": _("First name (optional)"),
            "age_band": _("If you do not know their date of birth: how old are they?"),
            "has_send": _("They have special educational needs or disabilities (SEND)"),
            "send_details": _("About their needs (optional)"),
        }
        help_texts = {"first_name": ""}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No "none" option: a date of birth, when given, replaces the band (see services.check_child_fields).
        self.fields["age_band"].choices = AgeBand.choices
        self.fields["age_band"].help_text = ""
        limit_messages(self)

    def _post_clean(self) -> None:
        pass

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "date_of_birth" in self.errors:
            return cleaned
        try:
            services.check_child_fields(cleaned)
        except ValidationError as error:
            apply_validation_error(self, error)
        return cleaned


class ConfirmForm(forms.Form):
    """The confirmation step of a POST-only removal: the first POST shows the question, the second does it."""

    confirm = forms.CharField(widget=forms.HiddenInput, required=False)

    @property
    def confirmed(self) -> bool:
        return self.is_valid() and self.cleaned_data["confirm"] == "yes"


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label=_("Which record should be kept?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which record to keep"),
            "invalid_choice": _("Choose which record to keep"),
        },
        help_text=_("The other record is deleted once everything linked to it has moved to the one you keep."),
    )

    def __init__(self, *args, first: Person, second: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(first.pk): first, str(second.pk): second}
        self.fields["keep"].choices = [
            (str(person.pk), _("Record %(ref)s: %(name)s") % {"ref": person.reference, "name": person.full_name})
            for person in (first, second)
        ]

    def chosen(self) -> tuple[Person, Person]:
        """(keep, other)."""
        keep_id = self.cleaned_data["keep"]
        other = next(person for pk, person in self.people.items() if pk != keep_id)
        return self.people[keep_id], other
