"""Forms for a family's support: their plan, goals, sessions, navigation to a local service, the wellbeing
questions and closing the support. The services check every rule again (and the API uses them alone)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.matching import WAY_LABELS
from coproduce.core.fields import DateField
from coproduce.peers.models import GoalStatus, NavigationOutcome, ServiceDirectoryEntry, SessionKind
from coproduce.peers.services.support import GOAL_MAX, NAVIGATION_RESULTS, NOTE_MAX

PREFER_NOT = "prefer_not"

# The Office for National Statistics' four personal wellbeing questions (ONS4), in its own words.
WELLBEING_QUESTIONS = {
    "life_satisfaction": _("Overall, how satisfied are you with your life nowadays?"),
    "worthwhile": _("Overall, to what extent do you feel that the things you do in your life are worthwhile?"),
    "happiness": _("Overall, how happy did you feel yesterday?"),
    "anxiety": _("Overall, how anxious did you feel yesterday?"),
}
WELLBEING_SHORT = {
    "life_satisfaction": _("Life satisfaction"),
    "worthwhile": _("Things they do are worthwhile"),
    "happiness": _("Happy yesterday"),
    "anxiety": _("Anxious yesterday"),
}
WELLBEING_HINTS = {
    "life_satisfaction": _("0 is ‘not at all’ and 10 is ‘completely’."),
    "worthwhile": _("0 is ‘not at all’ and 10 is ‘completely’."),
    "happiness": _("0 is ‘not at all’ and 10 is ‘completely’."),
    "anxiety": _("0 is ‘not at all anxious’ and 10 is ‘completely anxious’."),
}
WELLBEING_CHOICES = [*((str(n), str(n)) for n in range(11)), (PREFER_NOT, _("Prefer not to answer"))]


class PlanForm(forms.Form):
    strengths = forms.CharField(
        label=_("What is going well, and the family's strengths"),
        help_text=_("Write it with the family, in their words."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    needs = forms.CharField(
        label=_("What the family needs"),
        help_text=_("Write it with the family, in their words."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reviewed_on = DateField(
        label=_("Reviewed with the family on (optional)"),
        help_text=_(
            "The day you went through this with the family. Leave it empty if you have not yet. For example, 27/3/2027"
        ),
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Goal"),
        help_text=_("In the family's words, for example ‘Find a playgroup we like’."),
        max_length=GOAL_MAX,
        error_messages={
            "required": _("Write the goal, in the family's words"),
            "max_length": _("The goal must be %(limit_value)s characters or fewer"),
        },
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How is the goal going?"),
        choices=GoalStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the goal is going"),
            "invalid_choice": _("Choose how the goal is going"),
        },
    )


class SessionForm(forms.Form):
    held_on = DateField(label=_("Date of the session"), required=True)
    kind = forms.ChoiceField(
        label=_("Kind of session"),
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of session it was"),
            "invalid_choice": _("Choose what kind of session it was"),
        },
    )
    way = forms.ChoiceField(
        label=_("How (optional)"),
        choices=[("", _("Not recorded")), *((code, label.capitalize()) for code, label in WAY_LABELS.items())],
        required=False,
        error_messages={"invalid_choice": _("Choose how the session was held")},
    )
    minutes = forms.IntegerField(
        label=_("How long, in minutes (optional)"),
        required=False,
        # The range is the service's rule (session_problems), shown next to this field.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"invalid": _("Enter how long it was as a whole number of minutes, like 45")},
    )
    notes = forms.CharField(
        label=_("Brief notes (optional)"),
        help_text=_(
            "Keep notes brief and factual: what you did together and anything agreed, no more than needed. The "
            "family can ask to see them. If you are worried about someone's safety, raise a safeguarding concern "
            "instead of writing it here."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NavigationForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"),
        help_text=_("From your organisation's directory of local services."),
        error_messages={
            "required": _("Choose a service from your organisation's directory"),
            "invalid_choice": _("Choose a service from your organisation's directory"),
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For example, what the family would like from it, or who to ask for."),
        required=False,
        max_length=NOTE_MAX,
        error_messages={"max_length": _("The note must be %(limit_value)s characters or fewer")},
    )

    def __init__(self, *args, services: list[ServiceDirectoryEntry], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.services = {str(service.pk): service for service in services}
        self.fields["service"].choices = [
            ("", _("Choose a service")),
            *((pk, service.name) for pk, service in self.services.items()),
        ]

    @property
    def chosen_service(self) -> ServiceDirectoryEntry | None:
        return self.services.get(self.cleaned_data.get("service", ""))


class NavigationOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did the family get there?"),
        choices=[(value, label) for value, label in NavigationOutcome.choices if value in NAVIGATION_RESULTS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the family got there"),
            "invalid_choice": _("Choose whether the family got there"),
        },
    )
    outcome_on = DateField(label=_("Date"), required=True)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"outcome_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


def _wellbeing_field(name: str, *, required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=WELLBEING_QUESTIONS[name],
        help_text=WELLBEING_HINTS[name],
        choices=WELLBEING_CHOICES,
        widget=forms.RadioSelect,
        required=required,
        error_messages={
            "required": _("Choose a number from 0 to 10, or ‘Prefer not to answer’"),
            "invalid_choice": _("Choose a number from 0 to 10, or ‘Prefer not to answer’"),
        },
    )


class WellbeingMixin:
    """The four questions, as 0 to 10 or "Prefer not to answer"; `scores` gives them as the services take them."""

    def scores(self) -> dict[str, int | None]:
        values = {}
        for name in WELLBEING_QUESTIONS:
            answer = self.cleaned_data.get(name) or PREFER_NOT
            values[name] = None if answer == PREFER_NOT else int(answer)
        return values

    def answered(self) -> bool:
        """Whether any question was asked at all (a choice of "Prefer not to answer" counts)."""
        return any(self.cleaned_data.get(name) for name in WELLBEING_QUESTIONS)


class WellbeingForm(WellbeingMixin, forms.Form):
    """At the start of the support: each question needs an answer, which may be "Prefer not to answer"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in WELLBEING_QUESTIONS:
            self.fields[name] = _wellbeing_field(name, required=True)


class CloseForm(WellbeingMixin, forms.Form):
    outcomes = forms.CharField(
        label=_("What changed, in the family's own words"),
        help_text=_("Ask the family what is different now, and write down what they say."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what changed for the family, in their own words")},
    )
    closed_on = DateField(
        label=_("Date the support ended (optional)"), help_text=_("Today if left empty. For example, 27/3/2027")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in WELLBEING_QUESTIONS:
            self.fields[name] = _wellbeing_field(name, required=False)
