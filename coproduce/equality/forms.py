"""The equality monitoring questions, worded as the ONS Census 2021 for England asks them (in plain English), and
the summary's filters. Every question is optional and offers "Prefer not to say"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.fields import DateField
from coproduce.equality.models import ETHNIC_GROUPS, PREFER_NOT, EqualityProfile
from coproduce.equality.services import ADULT_ONLY_FIELDS, UNDER_16
from coproduce.organisations.models import Hub
from coproduce.projects.models import Project

RADIOS_TEMPLATE = "equality/_radios_field.html"

# (field, question, hint). The answers are the model's choices, which follow the census categories.
QUESTIONS: list[tuple[str, str, str]] = [
    ("age_band", _("What is your age?"), ""),
    ("sex", _("What is your sex?"), ""),
    (
        "gender_same_as_sex",
        _("Is the gender you identify with the same as your sex registered at birth?"),
        "",
    ),
    ("sexual_orientation", _("Which of the following best describes your sexual orientation?"), ""),
    (
        "ethnic_group",
        _("What is your ethnic group?"),
        _("Choose the one option that best describes your ethnic group or background."),
    ),
    ("religion", _("What is your religion?"), ""),
    (
        "disability",
        _(
            "Do you have any physical or mental health conditions or illnesses lasting or expected to last "
            "12 months or more?"
        ),
        _("If you do, tell us whether it reduces your ability to do day-to-day activities."),
    ),
    (
        "main_language",
        _("What is your main language?"),
        _("For example, English, Polish, Urdu or British Sign Language."),
    ),
    ("english_proficiency", _("How well can you speak English?"), ""),
    ("lone_parent", _("Are you bringing up your children on your own (a lone parent)?"), ""),
    ("young_parent", _("Are you a young parent (a parent aged under 25)?"), ""),
    (
        "care_experienced",
        _("Have you ever been in care?"),
        _("For example, you lived with foster carers, in a children's home, or with family under a care order."),
    ),
    (
        "send_in_family",
        _("Does anyone in your family have special educational needs or disabilities (SEND)?"),
        "",
    ),
    ("migration", _("Are you a refugee or an asylum seeker, or did you move to the UK in the last 5 years?"), ""),
    ("first_time", _("Is this the first time you have used family services?"), ""),
]
ONLY_16_PLUS_HINT = _("Only answer this if you are 16 or over.")


class AnswersForm(forms.Form):
    """The questions for the person (from their own link) or the data protection officer.

    `adult_questions` is "ask" (the person is 16 or over), "hint" (age unknown: asked, with a hint to answer only
    at 16 or over) or "omit" (under 16: not asked at all).
    """

    def __init__(self, *args, adult_questions: str = "hint", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.adult_answers_discarded = False
        for name, question, hint in QUESTIONS:
            if name in ADULT_ONLY_FIELDS and adult_questions == "omit":
                continue
            if name in ADULT_ONLY_FIELDS and adult_questions == "hint":
                hint = ONLY_16_PLUS_HINT
            model_field = EqualityProfile._meta.get_field(name)
            if model_field.choices:
                field = forms.ChoiceField(
                    label=question,
                    help_text=hint,
                    required=False,
                    choices=list(model_field.flatchoices),
                    widget=forms.RadioSelect,
                    template_name=RADIOS_TEMPLATE,
                )
                if name == "ethnic_group":
                    field.option_sections = [
                        (str(group), [code for code, _label in options]) for group, options in ETHNIC_GROUPS
                    ]
                    # Under each heading, the option reads as the census prints it, without the group's name.
                    field.choices = [
                        *((code, label) for _group, options in ETHNIC_GROUPS for code, label in options),
                        PREFER_NOT,
                    ]
            else:
                field = forms.CharField(
                    label=question,
                    help_text=_("%(hint)s Leave it empty if you prefer not to say.") % {"hint": hint},
                    required=False,
                    max_length=model_field.max_length,
                    widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half", "autocomplete": "off"}),
                )
            self.fields[name] = field

    def clean(self) -> dict:
        data = super().clean()
        if data.get("age_band") == UNDER_16 and any(data.get(name) for name in ADULT_ONLY_FIELDS):
            for name in ADULT_ONLY_FIELDS:
                data[name] = ""
            self.adult_answers_discarded = True
        return data


class ObjectionForm(forms.Form):
    """Which of the two objection buttons was pressed."""

    objection = forms.ChoiceField(choices=[("record", "record"), ("clear", "clear")], widget=forms.HiddenInput)


class SummaryFilterForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("Hub"), required=False, queryset=Hub.objects.none(), empty_label=_("All hubs"))
    project = forms.ModelChoiceField(
        label=_("Project"),
        required=False,
        queryset=Project.objects.none(),
        empty_label=_("All people, not one project"),
        help_text=_("Count the people involved in one project, with their answers as they were when they joined."),
    )
    since = DateField(
        label=_("Took part from"),
        help_text=_("Count people who took part from this date, for example 1/4/2026."),
    )
    until = DateField(label=_("Took part until"), help_text=_("For example, 31/3/2027."))

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation)
        self.fields["project"].queryset = (
            Project.objects.for_organisation(organisation).only("id", "title").order_by("title", "id")
        )

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the time window must be the same as or after its start"))
        return data
