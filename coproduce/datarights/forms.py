"""Forms of the data rights area: logging and completing requests, choosing the request an export answers,
confirming an erasure and setting retention periods."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.fields import DateField
from coproduce.datarights.models import DEFAULT_RETENTION_MONTHS, DataRightsRequest, RecordKind

NEW = "new"


def _request_label(rights_request: DataRightsRequest) -> str:
    return str(
        _("Received %(received)s, due %(due)s")
        % {
            "received": formats.date_format(rights_request.received_on, "j F Y"),
            "due": formats.date_format(rights_request.due_on, "j F Y"),
        }
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are they asking for?"),
        choices=DataRightsRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what they are asking for")},
    )
    made_by = forms.ChoiceField(
        label=_("Who asked?"),
        choices=DataRightsRequest.MadeBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who asked")},
    )
    received_on = DateField(
        label=_("Date received"),
        required=True,
        help_text=_("The one-month deadline counts from this date. For example, 27/3/2027"),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example how the request arrived and how you checked who they are. Do not copy the request itself."
        ),
    )


class CompleteForm(forms.Form):
    completed_on = DateField(label=_("Date completed"), required=True)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the person"),
        required=False,
        help_text=_("Name, email address, phone number or postcode"),
    )


class ExportRequestForm(forms.Form):
    """Which open subject access request this export answers, or a new one received today."""

    rights_request = forms.ChoiceField(
        label=_("Which request does this answer?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the request this copy answers")},
    )

    def __init__(self, *args, open_requests: list[DataRightsRequest], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(r.pk), _request_label(r)) for r in open_requests]
        choices.append((NEW, _("A new request, received today")))
        self.fields["rights_request"].choices = choices
        self.open_requests = {str(r.pk): r for r in open_requests}

    def chosen(self) -> DataRightsRequest | None:
        """The open request chosen, or None for a new one."""
        return self.open_requests.get(self.cleaned_data["rights_request"])


class EraseForm(forms.Form):
    attribution = forms.ChoiceField(
        label=_("Did they agree that what they said or made can stay, shown as from “a parent”?"),
        choices=[
            ("keep", _("Yes, show their contributions as from “a parent”, “a carer” or “a young person”")),
            ("remove", _("No, show their contributions as from “someone who took part”")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether they agreed to be shown as a parent, carer or young person")},
    )
    rights_request = forms.ChoiceField(
        label=_("Which erasure request does this answer?"),
        required=False,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        error_messages={"required": _("Confirm that you understand this cannot be undone")},
    )

    def __init__(self, *args, open_requests: list[DataRightsRequest], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.open_requests = {str(r.pk): r for r in open_requests}
        if open_requests:
            choices = [(str(r.pk), _request_label(r)) for r in open_requests]
            choices.append(("", _("None of these")))
            self.fields["rights_request"].choices = choices
            self.fields["rights_request"].help_text = _("The request is marked as completed today.")
        else:
            del self.fields["rights_request"]

    def chosen(self) -> DataRightsRequest | None:
        return self.open_requests.get(self.cleaned_data.get("rights_request") or "")


class RetentionForm(forms.Form):
    """Months to keep each kind of record."""

    def __init__(self, *args, months: dict[str, int], **kwargs) -> None:
        super().__init__(*args, initial=months, **kwargs)
        for kind in RecordKind:
            self.fields[kind.value] = forms.IntegerField(
                label=kind.label,
                min_value=1,
                max_value=1200,
                help_text=_("Months. Unless you change it: %(months)s") % {"months": DEFAULT_RETENTION_MONTHS[kind]},
                widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
                error_messages={
                    "required": _("Enter how many months to keep %(what)s") % {"what": kind.label.lower()},
                    "invalid": _("Enter a whole number of months"),
                    "min_value": _("Keep records for at least 1 month"),
                    "max_value": _("Enter 1200 months (100 years) or fewer"),
                },
            )


def today_text() -> str:
    """Today as the date inputs show it (27/3/2027), for initial values."""
    today = timezone.localdate()
    return f"{today.day}/{today.month}/{today.year}"
