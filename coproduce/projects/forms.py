"""Forms for a project's charter, status, stakeholders and stages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.participation import DEGREES
from coproduce.core.fields import DateField, MoneyField
from coproduce.core.forms_util import apply_validation_error
from coproduce.organisations.models import Hub, Membership
from coproduce.people.models import Person
from coproduce.projects.models import JourneyArea, Project, ProjectStakeholder, Stage
from coproduce.projects.services import TRANSITIONS, check_charter_figures
from coproduce.stakeholders.models import Partner, StakeholderGroup


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} ({obj.get_role_display()})"


class CharterForm(forms.ModelForm):
    start_date = DateField(label=_("Start date"))
    end_date = DateField(label=_("End date"), help_text=_("Leave empty if the work is ongoing. For example, 31/3/2028"))
    review_date = DateField(
        label=_("Review date"),
        help_text=_("When you will look again at whether this work is right. For example, 1/9/2027"),
    )
    budget_total = MoneyField(label=_("Total budget (£)"))
    budget_involvement = MoneyField(
        label=_("Budget for involving families (£)"),
        help_text=_("The part set aside for paying people for their time, childcare, travel, venues and interpreters."),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "goal",
            "scope_in",
            "scope_out",
            "start_date",
            "end_date",
            "is_ongoing",
            "review_date",
            "budget_total",
            "budget_involvement",
            "lead",
            "senior_sponsor",
            "hubs",
            "journey_areas",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "scope_in": forms.Textarea(attrs={"rows": 3}),
            "scope_out": forms.Textarea(attrs={"rows": 3}),
            "hubs": forms.CheckboxSelectMultiple,
            "journey_areas": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "lead": _(
                "The person who develops, organises and delivers this work and looks after the people "
                "involved. Needed before the project can start."
            ),
            "journey_areas": _(
                "Co-production looks at the family's journey through the system, not one service "
                "alone: choose every part this work touches."
            ),
        }
        error_messages = {
            "title": {"required": _("Enter a title for the project")},
            "goal": {"required": _("Say what will be different for families")},
        }

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"] = MemberChoiceField(
            queryset=Membership.objects.for_organisation(organisation).select_related("user"),
            required=False,
            label=_("Co-production lead"),
            help_text=self.fields["lead"].help_text,
            empty_label=_("Not chosen yet"),
            error_messages={"invalid_choice": _("Choose a co-production lead from your own organisation")},
        )
        self.fields["hubs"].queryset = Hub.objects.for_organisation(organisation)
        self.fields["journey_areas"].queryset = JourneyArea.objects.for_organisation(organisation)
        for name in ("hubs", "journey_areas"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from your own organisation's list")

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            check_charter_figures(cleaned)  # the same rules the service applies, shown next to their fields
        except ValidationError as error:
            apply_validation_error(self, error)
        return cleaned


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"), widget=forms.RadioSelect, error_messages={"required": _("Choose the new status")}
    )
    reason = forms.CharField(
        label=_("Why is the status changing?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the status is changing")},
    )
    what_changed = forms.CharField(
        label=_("If you are closing the project: what changed for families?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Families will read this. Say what is different now because of what they said and did."),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, s.label) for s in TRANSITIONS[Project.Status(project.status)]]


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = ProjectStakeholder
        fields = ["group", "partner", "person", "kind", "method", "note"]
        widgets = {"kind": forms.RadioSelect, "method": forms.RadioSelect}
        error_messages = {
            "group": {"required": _("Choose the stakeholder group")},
            "kind": {"required": _("Say whether they take part with lived experience or as a representative")},
        }

    def __init__(self, *args, organisation, can_see_people: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.for_organisation(organisation).select_related("parent")
        self.fields["group"].label_from_instance = lambda g: f"{g.parent.name} – {g.name}" if g.parent_id else g.name
        self.fields["partner"].queryset = Partner.objects.for_organisation(organisation).filter(is_active=True)
        if can_see_people:
            self.fields["person"].queryset = Person.objects.for_organisation(organisation).order_by("full_name")
        else:
            del self.fields["person"]
        for name in ("group", "partner", "person"):
            if name in self.fields:
                self.fields[name].error_messages["invalid_choice"] = _("Choose from your own organisation's list")


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = [
            "name",
            "order",
            "target_degree",
            "achieved_degree",
            "family_involvement",
            "who_was_involved",
            "evidence",
        ]
        widgets = {
            "target_degree": forms.RadioSelect,
            "achieved_degree": forms.RadioSelect,
            "family_involvement": forms.RadioSelect,
            "who_was_involved": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "order": forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        }
        help_texts = {"order": _("Stages are shown from the lowest number to the highest.")}
        error_messages = {
            "name": {"required": _("Enter the name of the stage")},
            "target_degree": {"invalid_choice": _("Choose one of the five degrees of participation")},
            "achieved_degree": {"invalid_choice": _("Choose one of the five degrees of participation")},
            "order": {"invalid": _("Enter the order as a whole number, like 10")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("target_degree", "achieved_degree"):
            field = self.fields[name]
            field.choices = [("", _("Not set yet")), *((int(degree), info.label) for degree, info in DEGREES.items())]
            field.option_hints = {str(int(degree)): info.explanation for degree, info in DEGREES.items()}
            field.required = False


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *list(Project.Status.choices)]
    )
    hub = forms.ModelChoiceField(label=_("Hub"), required=False, queryset=Hub.objects.none(), empty_label=_("Any hub"))
    lead = forms.ModelChoiceField(
        label=_("Co-production lead"), required=False, queryset=Membership.objects.none(), empty_label=_("Anyone")
    )
    gap = forms.BooleanField(label=_("Only projects with a stakeholder group nobody is involved from"), required=False)

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation)
        self.fields["lead"].queryset = (
            Membership.objects.for_organisation(organisation)
            .filter(led_projects__isnull=False)
            .distinct()
            .select_related("user")
        )
        self.fields["lead"].label_from_instance = lambda m: str(m.user)
