"""Forms for decisions and promises: recording a decision with its evidence and who was there, filtering the
decision log and the promise list, making a promise (with the prompt that asks whether it is realistic) and changing
a promise's status. The record and promise forms ask the services for every rule, so all problems show at once."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.participation import DEGREES
from coproduce.core.fields import DateField
from coproduce.decisions import services
from coproduce.decisions.models import Decision, Promise, PromiseStatus

NOT_RECORDED = "none"

# The prompt the brief asks for before deciding (the same questions as the model's help text).
ASSUMPTION_QUESTIONS = (
    _("What are we assuming about families?"),
    _("Whose voices are missing?"),
    _("Would we decide the same if the families most affected were in the room?"),
)

# The realism prompt shown when a promise is made: (field name, question, what to say when the answer is not yes).
REALISM_QUESTIONS = (
    (
        "has_resources",
        _("Do you have the money, time and people to do this?"),
        _("You are not sure there is the money, time or people to do this."),
    ),
    (
        "owner_has_authority",
        _("Does the owner have the authority to make it happen?"),
        _("You are not sure the owner has the authority to make it happen."),
    ),
    (
        "date_realistic",
        _("Is the due date realistic?"),
        _("You are not sure the due date is realistic."),
    ),
)
REALISM_ANSWERS = [("yes", _("Yes")), ("not_sure", _("Not sure")), ("no", _("No"))]


def _pick(objects: dict, chosen) -> list:
    return [objects[pk] for pk in chosen if pk in objects]


def _choices(objects, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((str(obj.pk), str(obj)) for obj in objects)]


def degree_field_setup(field: forms.ChoiceField, *, empty: str) -> None:
    """Treseder's five degrees as radios, each with its explanation under it."""
    field.choices = [("", empty), *((str(int(degree)), info.label) for degree, info in DEGREES.items())]
    field.option_hints = {str(int(degree)): info.explanation for degree, info in DEGREES.items()}


class DecisionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=_("A few words to find it by, for example ‘Move the feeding group to 10:30’."),
        required=False,
        max_length=services.TITLE_MAX,
    )
    what_was_decided = forms.CharField(
        label=_("What was decided"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decided_on = DateField(label=_("Date of the decision"), required=True)
    decided_by = forms.CharField(
        label=_("Who decided (optional)"),
        help_text=Decision._meta.get_field("decided_by").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stage = forms.ChoiceField(label=_("Stage of the project (optional)"), required=False)
    degree_of_participation = forms.ChoiceField(
        label=_("Degree of participation achieved"),
        help_text=_(
            "How far families shared in this decision, on Treseder's five degrees. If you choose a stage above, a "
            "higher degree here raises the degree the stage has achieved (it never lowers it)."
        ),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the five degrees of participation")},
    )
    options_considered = forms.CharField(
        label=_("Options considered (optional)"),
        help_text=_("What else could have been decided, and why it was not."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    assumptions_checked = forms.CharField(
        label=_("Assumptions and biases checked (optional)"),
        help_text=_("What you asked yourselves before deciding, and what you found."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    review_date = DateField(
        label=_("Review date (optional)"),
        help_text=_("When to look again at whether it worked. You will get a reminder. For example, 27/3/2027"),
    )
    contributions = forms.MultipleChoiceField(
        label=_("What people said that informed it"),
        help_text=_("Choose the contributions this decision answers."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from this project's contributions")},
    )
    activities = forms.MultipleChoiceField(
        label=_("Activities that informed it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from this project's activities")},
    )
    stakeholder_groups_present = forms.MultipleChoiceField(
        label=_("Groups present"),
        help_text=_("The stakeholder groups that were part of the decision."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose groups from your organisation's list")},
    )
    members_present = forms.MultipleChoiceField(
        label=_("Staff present"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose staff who are members of your organisation")},
    )
    people_present = forms.MultipleChoiceField(
        label=_("People present"),
        help_text=_(
            "Parents, carers and others taking part: people invited to or at this project's activities, or "
            "involved in the project. Families are named in public only if they agreed to it."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the people involved in this project")},
    )

    def __init__(
        self,
        *args,
        project,
        decision: Decision | None = None,
        stages=(),
        contributions=(),
        contribution_labels: dict | None = None,
        activities=(),
        groups=(),
        members=(),
        people=(),
        can_choose_people: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.decision = decision
        self.can_choose_people = can_choose_people
        self._stages = {str(s.pk): s for s in stages}
        self._contributions = {str(c.pk): c for c in contributions}
        self._activities = {str(a.pk): a for a in activities}
        self._groups = {str(g.pk): g for g in groups}
        self._members = {str(u.pk): u for u in members}
        self._people = {str(p.pk): p for p in people}
        self.fields["stage"].choices = _choices(stages, _("Not linked to a stage"))
        degree_field_setup(self.fields["degree_of_participation"], empty=_("Not recorded"))
        labels = contribution_labels or {}
        self.fields["contributions"].choices = [(pk, labels.get(pk, str(c))) for pk, c in self._contributions.items()]
        self.fields["activities"].choices = [(pk, a.title) for pk, a in self._activities.items()]
        self.fields["activities"].option_hints = {
            pk: timezone.localdate(a.starts_at).strftime("%d/%m/%Y")
            for pk, a in self._activities.items()
            if a.starts_at
        }
        self.fields["stakeholder_groups_present"].choices = [(pk, g.name) for pk, g in self._groups.items()]
        self.fields["members_present"].choices = [(pk, str(u)) for pk, u in self._members.items()]
        self.fields["people_present"].choices = [(pk, p.display_name) for pk, p in self._people.items()]
        if not contributions:
            self.fields["contributions"].help_text = _("No contributions have been recorded for this project yet.")
        if not activities:
            self.fields["activities"].help_text = _("This project has no activities yet.")
        if not self._people:
            self.fields["people_present"].help_text = _(
                "Nobody has been invited to this project's activities or involved in it yet. Families are named in "
                "public only if they agreed to it."
            )
        if not can_choose_people:
            # Members who may not see people's details keep the people already recorded, unseen.
            del self.fields["people_present"]

    def clean(self) -> dict:
        cleaned = super().clean()
        degree = cleaned.get("degree_of_participation") or ""
        people = (
            _pick(self._people, cleaned.get("people_present", []))
            if self.can_choose_people
            else list(self.decision.people_present.all())
            if self.decision is not None
            else []
        )
        self.details = services.DecisionDetails(
            title=cleaned.get("title", ""),
            what_was_decided=cleaned.get("what_was_decided", ""),
            decided_on=cleaned.get("decided_on"),
            decided_by=cleaned.get("decided_by", ""),
            stage=self._stages.get(cleaned.get("stage") or ""),
            options_considered=cleaned.get("options_considered", ""),
            assumptions_checked=cleaned.get("assumptions_checked", ""),
            degree_of_participation=int(degree) if degree.isdigit() else None,
            review_date=cleaned.get("review_date"),
            members_present=_pick(self._members, cleaned.get("members_present", [])),
            people_present=people,
            stakeholder_groups_present=_pick(self._groups, cleaned.get("stakeholder_groups_present", [])),
            contributions=_pick(self._contributions, cleaned.get("contributions", [])),
            activities=_pick(self._activities, cleaned.get("activities", [])),
        )
        # Every problem at once. A field the form already found wrong (such as "Enter a real date") keeps its own
        # message rather than getting the service's on top.
        errors = services.decision_problems(project=self.project, details=self.details, existing=self.decision)
        for field, message in errors.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
            elif field not in self.fields:
                self.add_error(None, message)
        return cleaned

    @classmethod
    def initial_for(cls, decision: Decision) -> dict:
        return {
            "title": decision.title,
            "what_was_decided": decision.what_was_decided,
            "decided_on": decision.decided_on,
            "decided_by": decision.decided_by,
            "stage": str(decision.stage_id or ""),
            "degree_of_participation": str(decision.degree_of_participation or ""),
            "options_considered": decision.options_considered,
            "assumptions_checked": decision.assumptions_checked,
            "review_date": decision.review_date,
            **{
                name: [str(pk) for pk in getattr(decision, name).values_list("pk", flat=True)]
                for name in services.DECISION_LINKS
            },
        }


class DecisionFilterForm(forms.Form):
    """The decision log's search and filters, as a GET form that works without JavaScript."""

    q = forms.CharField(
        label=_("Search"),
        help_text=_("Words in the title or in what was decided"),
        required=False,
        max_length=100,
    )
    project = forms.ChoiceField(label=_("Project"), required=False)
    degree = forms.ChoiceField(label=_("Degree of participation"), required=False)
    review_due = forms.BooleanField(label=_("Only decisions due for review"), required=False)

    def __init__(self, *args, projects=(), with_project: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = _choices(projects, _("All projects"))
        self.fields["degree"].choices = [
            ("", _("Any degree")),
            *((str(int(degree)), info.label) for degree, info in DEGREES.items()),
            (NOT_RECORDED, _("Not recorded")),
        ]
        if not with_project:
            del self.fields["project"]

    def values(self) -> dict:
        """The chosen search and filters (an invalid form chooses nothing)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class PromiseForm(forms.Form):
    text = forms.CharField(
        label=_("We will…"),
        help_text=_(
            "What you will do, in words families will understand, for example ‘We will move the group to 10:30’."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.ChoiceField(
        label=_("Owner"),
        help_text=_("The member of staff who makes sure it is kept. They get reminders when it is overdue."),
        required=False,
    )
    due_date = DateField(label=_("Due date (optional)"))
    project = forms.ChoiceField(label=_("Project (optional)"), required=False)
    decisions = forms.MultipleChoiceField(
        label=_("Decisions it answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose decisions from your own organisation")},
    )
    contributions = forms.MultipleChoiceField(
        label=_("What people said that it answers"),
        help_text=_("People whose contributions led to the promise hear when it is kept or changed, if they agreed."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the project's contributions")},
    )
    public_explanation = forms.CharField(
        label=_("Explanation for families (optional)"),
        help_text=Promise._meta.get_field("public_explanation").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    has_resources = forms.ChoiceField(
        label=REALISM_QUESTIONS[0][1],
        choices=REALISM_ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you have the money, time and people to do this")},
    )
    owner_has_authority = forms.ChoiceField(
        label=REALISM_QUESTIONS[1][1],
        choices=REALISM_ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the owner has the authority to make it happen")},
    )
    date_realistic = forms.ChoiceField(
        label=REALISM_QUESTIONS[2][1],
        choices=REALISM_ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the due date is realistic")},
    )
    anyway = forms.BooleanField(label=_("Make the promise anyway"), required=False)

    REALISM_FIELDS = tuple(name for name, _question, _concern in REALISM_QUESTIONS)

    def __init__(
        self,
        *args,
        organisation,
        members=(),
        projects=(),
        decisions=(),
        contributions=(),
        contribution_labels: dict | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self._members = {str(u.pk): u for u in members}
        self._projects = {str(p.pk): p for p in projects}
        self._decisions = {str(d.pk): d for d in decisions}
        self._contributions = {str(c.pk): c for c in contributions}
        self.fields["owner"].choices = [("", _("Choose the owner")), *((pk, str(u)) for pk, u in self._members.items())]
        self.fields["project"].choices = _choices(projects, _("Not about one project"))
        self.fields["decisions"].choices = [(pk, d.title) for pk, d in self._decisions.items()]
        self.fields["decisions"].option_hints = {
            pk: f"{d.project.title}, {d.decided_on:%d/%m/%Y}" for pk, d in self._decisions.items()
        }
        labels = contribution_labels or {}
        self.fields["contributions"].choices = [(pk, labels.get(pk, str(c))) for pk, c in self._contributions.items()]
        if not decisions:
            del self.fields["decisions"]
        if not contributions:
            del self.fields["contributions"]

    def clean(self) -> dict:
        cleaned = super().clean()
        self.arguments = {
            "text": cleaned.get("text", ""),
            "owner": self._members.get(cleaned.get("owner") or ""),
            "due_date": cleaned.get("due_date"),
            "project": self._projects.get(cleaned.get("project") or ""),
            "decisions": _pick(self._decisions, cleaned.get("decisions", [])),
            "contributions": _pick(self._contributions, cleaned.get("contributions", [])),
        }
        errors = services.promise_problems(organisation=self.organisation, **self.arguments)
        for field, message in errors.items():
            if field == "due_date" and "due_date" in self.errors:
                continue
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    def service_arguments(self) -> dict:
        return {**self.arguments, "public_explanation": self.cleaned_data.get("public_explanation", "")}

    def concerns(self) -> list[str]:
        """What the answers to the realism questions say is not certain (empty when every answer is yes)."""
        return [
            str(concern)
            for name, _question, concern in REALISM_QUESTIONS
            if self.cleaned_data.get(name) and self.cleaned_data[name] != "yes"
        ]

    def posted_values(self) -> list[tuple[str, list[str]]]:
        """What was posted, field by field, to carry through the confirmation page as hidden inputs."""
        return [(name, self.data.getlist(name)) for name in self.fields if name != "anyway"]


class PromiseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue promises"), required=False)

    MINE = "mine"

    def __init__(self, *args, members=(), projects=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *PromiseStatus.choices]
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            (self.MINE, _("Me")),
            *((str(u.pk), str(u)) for u in members),
        ]
        self.fields["project"].choices = _choices(projects, _("All projects"))

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class PromiseStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the promise's new status"),
            "invalid_choice": _("Choose the promise's new status"),
        },
    )
    explanation = forms.CharField(
        label=_("Explanation for families"),
        help_text=_(
            "Needed when the promise changed or is not possible: what happened and why, in words families will "
            "understand. It is shown in public with the status."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    kept_on = DateField(
        label=_("Date it was kept (optional)"),
        help_text=_("Only for a kept promise. Leave it empty for today. For example, 27/3/2027"),
    )

    STATUS_HINTS = {
        PromiseStatus.PLANNED: _("Agreed, but work has not started."),
        PromiseStatus.IN_PROGRESS: _("Work has started."),
        PromiseStatus.KEPT: _("Done, as promised."),
        PromiseStatus.CHANGED: _("It will be done differently, or later: explain how and why."),
        PromiseStatus.NOT_POSSIBLE: _("It cannot be done: explain why."),
    }

    def __init__(self, *args, promise: Promise, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        field.choices = [(value, label) for value, label in PromiseStatus.choices if value != promise.status]
        field.option_hints = {str(k): str(v) for k, v in self.STATUS_HINTS.items()}
