"""Forms for learning: a course, a session and its attendance, a completion, an induction item, a reflection (one
box per prompt), a reflection prompt, a piece of guidance, and the training matrix's filters. Choices of people are
bounded lists the view gives; a trainee is chosen as "user:<id>" (a member of staff) or "person:<id>"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.fields import DateField
from coproduce.learning.matrix import DUE_WINDOWS
from coproduce.learning.models import Audience

AUDIENCE_HINTS = {
    Audience.FAMILIES: _("Parents, carers and young people who take part, and peer supporters."),
    Audience.STAFF: _("Hub staff, practitioners and anyone else with an account who works with families."),
    Audience.BOTH: _("Families, peer supporters and staff."),
}


def _audience_field(label) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=label,
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who it is for"), "invalid_choice": _("Choose who it is for")},
    )
    field.option_hints = {str(key): value for key, value in AUDIENCE_HINTS.items()}
    return field


class CourseForm(forms.Form):
    name = forms.CharField(label=_("Name of the course"), max_length=150, required=False)
    covers = forms.CharField(
        label=_("What it covers (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience = _audience_field(_("Who it is for"))
    who_for_notes = forms.CharField(
        label=_("More about who it is for (optional)"),
        help_text=_("For example ‘everyone who runs sessions with families’."),
        max_length=300,
        required=False,
    )
    valid_for_months = forms.IntegerField(
        label=_("How many months it is valid for (optional)"),
        help_text=_("Leave this empty if it never expires. For example, safeguarding training is often 24 months."),
        required=False,
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the number of months as a whole number, like 24"),
            "min_value": _("Enter a number of months from 1 to 120, or leave it empty if it never expires"),
            "max_value": _("Enter a number of months from 1 to 120, or leave it empty if it never expires"),
        },
    )
    delivered_by = forms.CharField(
        label=_("Delivered by (optional)"),
        help_text=_("The trainer or organisation, for example ‘Northby Safeguarding Partnership’."),
        max_length=200,
        required=False,
    )
    co_trainers = forms.MultipleChoiceField(
        label=_("Peer supporters who co-deliver it (optional)"),
        help_text=_("Peer supporters who co-deliver training."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from your peer supporters who co-deliver training")},
    )

    def __init__(self, *args, supporters=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.supporters = {str(s.pk): s for s in supporters}
        self.fields["co_trainers"].choices = [(pk, str(s)) for pk, s in self.supporters.items()]
        if not self.supporters:
            del self.fields["co_trainers"]

    def course_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if "co_trainers" in data:
            data["co_trainers"] = [self.supporters[pk] for pk in data["co_trainers"]]
        return data


class SessionForm(forms.Form):
    held_on = DateField(label=_("Date of the session"), required=True)
    venue = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    activity = forms.ChoiceField(
        label=_("Activity (optional)"),
        help_text=_("If the session is also an activity, families can be invited and their access needs met."),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your own organisation's activities")},
    )
    trainer = forms.CharField(label=_("Trainer (optional)"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, activities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activities = {str(a.pk): a for a in activities}
        self.fields["activity"].choices = [("", _("Not an activity"))] + [
            (pk, str(a)) for pk, a in self.activities.items()
        ]

    def session_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["activity"] = self.activities.get(data.get("activity") or "")
        return data


def _trainee_choices(members, people) -> list[tuple[str, str]]:
    return [(f"user:{user.pk}", f"{user} ({_('staff')})") for user in members] + [
        (f"person:{person.pk}", label) for person, label in people
    ]


class _Trainees:
    def _set_trainees(self, members, people) -> None:
        self.trainees = {f"user:{u.pk}": ("user", u) for u in members} | {
            f"person:{p.pk}": ("person", p) for p, _label in people
        }


class AttendanceForm(_Trainees, forms.Form):
    attendees = forms.MultipleChoiceField(
        label=_("Who attended"),
        help_text=_("Each person ticked has completed the course on the date of the session."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the people listed")},
    )

    def __init__(self, *args, members=(), people=(), **kwargs) -> None:
        """`people`: (person, label) pairs."""
        super().__init__(*args, **kwargs)
        self._set_trainees(members, people)
        self.fields["attendees"].choices = _trainee_choices(members, people)

    def clean_attendees(self):
        chosen = self.cleaned_data["attendees"]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one person who attended"))
        return chosen

    def chosen(self) -> tuple[list, list]:
        picked = [self.trainees[key] for key in self.cleaned_data["attendees"]]
        return [obj for kind, obj in picked if kind == "person"], [obj for kind, obj in picked if kind == "user"]


class CompletionForm(_Trainees, forms.Form):
    trainee = forms.ChoiceField(
        label=_("Who completed it"),
        error_messages={"required": _("Choose who completed the course"), "invalid_choice": _("Choose from the list")},
    )
    completed_on = DateField(label=_("Date completed"), required=True)
    expires_on = DateField(
        label=_("Date it expires (optional)"),
        help_text=_("Leave this empty to work it out from how long the course is valid for. For example, 27/3/2029"),
    )
    never_expires = forms.BooleanField(label=_("It never expires"), required=False)

    def __init__(self, *args, members=(), people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_trainees(members, people)
        self.fields["trainee"].choices = [("", _("Choose someone")), *_trainee_choices(members, people)]

    def clean(self):
        data = super().clean()
        if data.get("never_expires") and data.get("expires_on"):
            self.add_error("expires_on", _("Leave the expiry date empty if it never expires"))
        return data

    def trainee_kwargs(self) -> dict:
        kind, obj = self.trainees[self.cleaned_data["trainee"]]
        return {kind: obj}


class CompletionEditForm(forms.Form):
    completed_on = DateField(label=_("Date completed"), required=True)
    expires_on = DateField(
        label=_("Date it expires (optional)"),
        help_text=_("Leave this empty if it never expires. For example, 27/3/2029"),
    )


class InductionItemForm(forms.Form):
    text = forms.CharField(
        label=_("What to cover"),
        help_text=_("For example ‘How we pay expenses and remove barriers to taking part’."),
        max_length=300,
        required=False,
    )
    audience = _audience_field(_("Who it is for"))


class PromptForm(forms.Form):
    text = forms.CharField(label=_("Prompt"), max_length=300, required=False)
    hint = forms.CharField(
        label=_("Hint (optional)"), help_text=_("A question to help people think."), max_length=300, required=False
    )


class GuidanceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Link (optional)"),
        help_text=_("The address of a page, starting with https://"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter the link as a web address, like https://www.example.org/page")},
    )
    text = forms.CharField(
        label=_("Or write the guidance here (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReflectionForm(forms.Form):
    """A box for each prompt (the brief's six questions and the organisation's own). `prompts` are (key, question,
    hint) triples; an entry being changed keeps answers to prompts since retired."""

    title = forms.CharField(label=_("Title (optional)"), max_length=150, required=False)
    written_on = DateField(label=_("Date"), required=True)

    def __init__(self, *args, prompts=(), with_share: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.prompts = list(prompts)
        for key, question, hint in self.prompts:
            self.fields[f"answer_{key}"] = forms.CharField(
                label=question, help_text=hint, required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        self.fields["notes"] = forms.CharField(
            label=_("Anything else (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        )
        if with_share:
            self.fields["share"] = forms.BooleanField(
                label=_("Share this reflection with the team"),
                help_text=_(
                    "Colleagues who keep a journal can then read it, with your name. You can stop sharing at any time."
                ),
                required=False,
            )

    def prompt_fields(self) -> list:
        return [self[f"answer_{key}"] for key, _question, _hint in self.prompts]

    def answers(self) -> list[dict]:
        return [
            {"key": key, "question": str(question), "answer": self.cleaned_data.get(f"answer_{key}", "")}
            for key, question, _hint in self.prompts
        ]


class MatrixFilterForm(forms.Form):
    due = forms.ChoiceField(label=_("Due for renewal"), required=False)
    course = forms.ChoiceField(label=_("Course"), required=False)

    def __init__(self, *args, courses=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due"].choices = [("", _("Everyone"))] + [
            (str(days), _("Expired or due in the next %(days)s days") % {"days": days}) for days in DUE_WINDOWS
        ]
        self.courses = {str(c.pk): c for c in courses}
        self.fields["course"].choices = [("", _("All courses"))] + [(pk, c.name) for pk, c in self.courses.items()]

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "due_within": int(data["due"]) if data.get("due") else None,
            "course": self.courses.get(data.get("course") or ""),
        }


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name"), max_length=100, required=False)
