"""Forms for the payment policy, expenses, a line's next step (benefits note, receipt, paid) and the list's filters.
Amounts are typed in pounds ("15.00", "£15") and kept in pence; see coproduce/analysis/payments.py."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.payments import AmountError, parse_pounds, pence_to_pounds
from coproduce.core.fields import DateField
from coproduce.engagement.models import Activity
from coproduce.payments import services
from coproduce.payments.models import PaymentLine, PaymentMethod, PaymentPolicy
from coproduce.people.models import Person
from coproduce.projects.models import Project

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MONTHS_SHOWN = 24


class PoundsField(forms.Field):
    """An amount typed in pounds and pence, cleaned to whole pence (an int)."""

    def __init__(self, *, label: str, required: bool = True, **kwargs) -> None:
        self.what = str(label).lower()
        kwargs.setdefault("error_messages", {"required": _("Enter %(label)s, like 15.00") % {"label": self.what}})
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal", "autocomplete": "off"}),
        )
        super().__init__(label=label, required=required, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return pence_to_pounds(value)
        return value

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_pounds(text)
        except AmountError as error:
            messages = {
                "negative": _("%(label)s cannot be negative") % {"label": self.what.capitalize()},
                "decimals": _("Enter %(label)s to the nearest penny, like 15.00") % {"label": self.what},
                "too_large": _("%(label)s is too large") % {"label": self.what.capitalize()},
            }
            message = messages.get(
                error.code, _("Enter %(label)s as an amount in pounds and pence, like 15.00") % {"label": self.what}
            )
            raise forms.ValidationError(message, code=error.code) from None


class PolicyForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("How do you pay people for their time?"),
        choices=PaymentPolicy.Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how people are paid for their time")},
    )
    rate_pence = PoundsField(
        label=_("Rate in pounds"),
        required=False,
        help_text=_("For each hour or each session, for example 15.00. Leave empty if you do not pay for time."),
    )
    methods = forms.MultipleChoiceField(
        label=_("How do you pay people?"),
        help_text=_("Select all that apply. People choose from these."),
        choices=PaymentMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expenses = forms.MultipleChoiceField(
        label=_("Which costs do you pay back?"),
        help_text=_("Select all that apply. Other costs can always be recorded as other expenses."),
        choices=[("travel", _("Travel, such as bus fares, taxis or mileage")), ("childcare", _("Childcare"))],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    receipts_needed = forms.TypedChoiceField(
        label=_("Do people need to give a receipt for expenses?"),
        help_text=_("If yes, an expense cannot be marked as paid until its receipt is recorded."),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether people need to give a receipt for expenses")},
    )
    benefits_note = forms.CharField(
        label=_("How payments can affect benefits"),
        help_text=_("Shown to people, and read to them, before they accept a payment. Write it for families."),
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": _("Say how payments can affect benefits")},
    )
    advice_signposting = forms.CharField(
        label=_("Where people can get advice"),
        help_text=_("Who to contact and how, for example Citizens Advice and the council's welfare rights team."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say where people can get advice about benefits")},
    )

    @classmethod
    def initial_for(cls, policy: PaymentPolicy | None) -> dict:
        fields = (
            {name: getattr(policy, name) for name in services.POLICY_FIELDS}
            if policy
            else services.default_policy_fields()
        )
        return {
            "basis": fields["basis"],
            "rate_pence": fields["rate_pence"] or "",
            "methods": [method for method, name in services.METHOD_FIELDS.items() if fields[name]],
            "expenses": [kind for kind in ("travel", "childcare") if fields[f"pays_{kind}"]],
            "receipts_needed": "yes" if fields["receipts_needed"] else "no",
            "benefits_note": fields["benefits_note"],
            "advice_signposting": fields["advice_signposting"],
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        basis = cleaned.get("basis")
        paid_for_time = basis in (PaymentPolicy.Basis.HOUR, PaymentPolicy.Basis.SESSION)
        if paid_for_time and not cleaned.get("rate_pence") and "rate_pence" not in self.errors:
            self.add_error("rate_pence", _("Enter the rate in pounds and pence, like 15.00"))
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "basis": data["basis"],
            "rate_pence": data["rate_pence"] or 0,
            **{name: method in data["methods"] for method, name in services.METHOD_FIELDS.items()},
            "pays_travel": "travel" in data["expenses"],
            "pays_childcare": "childcare" in data["expenses"],
            "receipts_needed": data["receipts_needed"],
            "benefits_note": data["benefits_note"],
            "advice_signposting": data["advice_signposting"],
        }


class ExpenseForm(forms.Form):
    """An expense to pay back. From an activity the person is one of those who came; from a person the project
    (and, if it was for one, the activity) is chosen."""

    person = forms.ModelChoiceField(
        label=_("Who is it for?"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who the expense is for")},
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=None,
        error_messages={"required": _("Choose the project the expense is for")},
    )
    activity = forms.ModelChoiceField(
        label=_("Activity (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not for one activity"),
    )
    kind = forms.ChoiceField(
        label=_("What is it for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the expense is for")},
    )
    amount_pence = PoundsField(label=_("Amount in pounds"), help_text=_("For example, 4.60"))
    description = forms.CharField(
        label=_("Details (optional)"),
        help_text=_("For example, return bus fare from Moorland village."),
        max_length=200,
        required=False,
    )
    receipt_received = forms.BooleanField(label=_("We have the receipt"), required=False)
    receipt_reference = forms.CharField(
        label=_("Receipt reference (optional)"),
        help_text=_("Needed if you have the receipt: the number on it, or where it is filed."),
        max_length=100,
        required=False,
    )

    def __init__(
        self,
        *args,
        organisation,
        policy: PaymentPolicy | None,
        activity: Activity | None = None,
        person=None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_activity = activity
        self.fixed_person = person
        refused = set()
        if policy is not None and not policy.pays_travel:
            refused.add(PaymentLine.Kind.TRAVEL)
        if policy is not None and not policy.pays_childcare:
            refused.add(PaymentLine.Kind.CHILDCARE)
        kinds = [(kind.value, kind.label) for kind in PaymentLine.EXPENSES if kind not in refused]
        self.fields["kind"].choices = kinds
        if activity is not None:
            del self.fields["project"]
            del self.fields["activity"]
            self.fields["person"].queryset = Person.objects.filter(
                pk__in=activity.attendance.filter(attended=True).values("person_id"), erased_at__isnull=True
            ).order_by("full_name", "id")
            self.fields["person"].label_from_instance = lambda person: person.display_name
        else:
            del self.fields["person"]
            self.fields["project"].queryset = Project.objects.for_organisation(organisation).order_by("title")
            self.fields["activity"].queryset = (
                Activity.objects.for_organisation(organisation)
                .filter(attendance__person=person, attendance__attended=True)
                .select_related("project")
                .order_by("-starts_at", "title")
            )
            self.fields["activity"].label_from_instance = lambda activity: f"{activity.title} ({activity.project})"

    def clean(self) -> dict:
        cleaned = super().clean()
        activity = cleaned.get("activity")
        project = cleaned.get("project")
        if activity is not None and project is not None and activity.project_id != project.pk:
            self.add_error("activity", _("Choose an activity of the project you chose, or none"))
        if cleaned.get("receipt_received") and not (cleaned.get("receipt_reference") or "").strip():
            self.add_error("receipt_reference", _("Enter the receipt's reference, so finance can find it"))
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        activity = self.fixed_activity or data.get("activity")
        return {
            "person": self.fixed_person or data["person"],
            "project": activity.project if self.fixed_activity else data["project"],
            "activity": activity,
            "kind": data["kind"],
            "amount_pence": data["amount_pence"],
            "description": data["description"],
            "receipt_received": data["receipt_received"],
            "receipt_reference": data["receipt_reference"],
        }


class BenefitsForm(forms.Form):
    shown = forms.BooleanField(
        label=_("We showed them the note on benefits and where to get advice, and they accept the payment"),
        error_messages={
            "required": _("Confirm that you showed them the note on benefits and where to get advice"),
        },
    )


class ReceiptForm(forms.Form):
    receipt_received = forms.BooleanField(label=_("We have the receipt"), required=False)
    receipt_reference = forms.CharField(
        label=_("Receipt reference"),
        help_text=_("The number on it, or where it is filed."),
        max_length=100,
        required=False,
    )


class PaidForm(forms.Form):
    paid_on = DateField(label=_("Date paid"), required=True)
    method = forms.ChoiceField(
        label=_("How was it paid?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was paid")},
    )

    def __init__(self, *args, policy: PaymentPolicy | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = services.methods_offered(policy)
        self.fields["method"].choices = [(method, PaymentMethod(method).label) for method in offered]
        if len(offered) == 1:
            self.fields["method"].initial = offered[0]
        self.fields["paid_on"].initial = timezone.localdate().strftime("%d/%m/%Y")


def month_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    choices = [("", _("All months"))]
    year, month = today.year, today.month
    for _step in range(MONTHS_SHOWN):
        day = dt.date(year, month, 1)
        choices.append((day.strftime("%Y-%m"), date_format(day, "F Y")))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return choices


class LineFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *PaymentLine.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("What for"),
        required=False,
        choices=[
            ("", _("Payments for time and expenses")),
            (PaymentLine.Kind.HONORARIUM, _("Payments for time (honoraria) only")),
            ("expenses", _("All expenses")),
            *[(kind.value, kind.label) for kind in PaymentLine.EXPENSES],
        ],
    )
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False, empty_label=_("All projects"))
    month = forms.ChoiceField(label=_("Month"), required=False)
    activity = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_organisation(organisation).order_by("title")
        self.fields["activity"].queryset = Activity.objects.for_organisation(organisation)
        self.fields["month"].choices = month_choices()
        self.fields["month"].error_messages["invalid_choice"] = _("Choose a month from the list")

    def filters(self):
        from coproduce.payments.queries import LineFilters

        if not self.is_valid():
            return LineFilters()
        data = self.cleaned_data
        month = dt.datetime.strptime(data["month"], "%Y-%m").date() if data.get("month") else None
        return LineFilters(
            status=data.get("status") or "",
            project_id=data["project"].pk if data.get("project") else None,
            kind=data.get("kind") or "",
            month=month,
            activity_id=data["activity"].pk if data.get("activity") else None,
            person_id=data.get("person"),
        )
