"""Forms of the "When suits you?" poll: proposing times (a row per time, with "Add another time" that works without
JavaScript), answering for every time, and choosing one. Dates use the GOV.UK date input and times the way people
write them, both shared with the activity form (coproduce/engagement/forms/activities.py)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.engagement.forms.activities import GovukDateField, parse_time
from coproduce.engagement.models import PollAnswer, PollSlot
from coproduce.engagement.services.polls import MAX_SLOTS, MIN_SLOTS, slot_words

SLOT_PREFIX = "slots"
DATE_PARTS = ("day", "month", "year")


def _date_field(label: str, what: str, *, required: bool = False, help_text: str = "") -> GovukDateField:
    """The GOV.UK date input, with messages that say which date is meant ("the date for time 2")."""
    field = GovukDateField(label=label, required=required, **({"help_text": help_text} if help_text else {}))
    field.what = what
    field.error_messages["required"] = _("Enter %(what)s") % {"what": what}
    return field


class TimeOfDayField(forms.CharField):
    def __init__(self, *, label: str, **kwargs) -> None:
        kwargs.setdefault("help_text", gettext_lazy("For example, 10am, 2:30pm or 14:30"))
        super().__init__(
            label=label,
            required=False,
            max_length=10,
            widget=forms.TextInput(
                attrs={"class": "govuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
            ),
            **kwargs,
        )

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class PollForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Question"),
        max_length=200,
        initial=gettext_lazy("When suits you?"),
        help_text=gettext_lazy("What people see first. Keep it short."),
        error_messages={"required": gettext_lazy("Enter the question")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closes_on"] = _date_field(
            _("Date the poll closes"),
            _("the date the poll closes"),
            required=True,
            help_text=_(
                "People can answer until the end of this day. It must be on or before the first time. "
                "For example, 27 3 2027"
            ),
        )

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise ValidationError(_("The date the poll closes must be today or in the future"))
        return closes_on


class SlotForm(forms.Form):
    """One proposed time. A row left completely empty is ignored."""

    def __init__(self, *args, number: int = 1, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        what = {"number": number}
        self.fields["date"] = _date_field(_("Date"), _("the date for time %(number)s") % what)
        self.fields["starts"] = TimeOfDayField(label=_("Starts"))
        self.fields["ends"] = TimeOfDayField(label=_("Ends"))
        for name, when in (("starts", _("start time")), ("ends", _("end time"))):
            self.fields[name].error_messages["invalid"] = _(
                "Enter the %(when)s for time %(number)s like 10am, 2:30pm or 14:30"
            ) % {"when": when, **what}

    @property
    def is_empty(self) -> bool:
        """Nothing typed in the row (Django then skips cleaning it, as an extra form of the formset)."""
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("date", "starts", "ends"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        date, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if date is None and starts is None and ends is None:
            return data
        what = {"number": self.number}
        if date is None:
            self.add_error("date", _("Enter the date for time %(number)s") % what)
        if starts is None:
            self.add_error("starts", _("Enter the start time for time %(number)s") % what)
        if ends is None:
            self.add_error("ends", _("Enter the end time for time %(number)s") % what)
        if self.errors:
            return data
        if date < timezone.localdate():
            self.add_error("date", _("The date for time %(number)s must be today or in the future") % what)
            return data
        data["starts_at"] = timezone.make_aware(dt.datetime.combine(date, starts))
        data["ends_at"] = timezone.make_aware(dt.datetime.combine(date, ends))
        if data["starts_at"] <= timezone.now():
            self.add_error("starts", _("The start time for time %(number)s has already passed") % what)
        elif data["ends_at"] <= data["starts_at"]:
            self.add_error("ends", _("The end time for time %(number)s must be after the start time") % what)
        return data


class BaseSlotFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": (index or 0) + 1}

    def clean(self):
        if any(form.errors for form in self.forms):
            return
        seen: dict[tuple, int] = {}
        filled = 0
        for form in self.forms:
            if form.is_empty:
                continue
            filled += 1
            key = (form.cleaned_data["starts_at"], form.cleaned_data["ends_at"])
            if key in seen:
                form.add_error(
                    "date",
                    _("Time %(number)s is the same as time %(first)s") % {"number": form.number, "first": seen[key]},
                )
            else:
                seen[key] = form.number
        if filled < MIN_SLOTS:
            raise ValidationError(_("Add at least %(count)s times for people to choose from") % {"count": MIN_SLOTS})
        if filled > MAX_SLOTS:
            raise ValidationError(_("Offer no more than %(count)s times") % {"count": MAX_SLOTS})

    @property
    def slots(self) -> list[tuple[dt.datetime, dt.datetime]]:
        return [(f.cleaned_data["starts_at"], f.cleaned_data["ends_at"]) for f in self.forms if not f.is_empty]


SlotFormSet = forms.formset_factory(
    SlotForm, formset=BaseSlotFormSet, extra=0, max_num=MAX_SLOTS, absolute_max=MAX_SLOTS
)


def slot_formset(data=None, *, rows: int = MIN_SLOTS) -> BaseSlotFormSet:
    """The slot rows: bound to `data`, or `rows` empty rows."""
    if data is not None:
        return SlotFormSet(data, prefix=SLOT_PREFIX)
    return SlotFormSet(prefix=SLOT_PREFIX, initial=[{}] * rows)


def _typed_date(data, name: str) -> list[str]:
    return [data.get(f"{name}_{part}", "") for part in DATE_PARTS]


def slot_formset_with_one_more(data) -> tuple[PollForm, BaseSlotFormSet]:
    """ "Add another time" pressed: the same form again, as typed and without errors, with one more empty row."""
    try:
        rows = int(data.get(f"{SLOT_PREFIX}-TOTAL_FORMS", MIN_SLOTS))
    except (TypeError, ValueError):
        rows = MIN_SLOTS
    rows = max(MIN_SLOTS, min(rows, MAX_SLOTS))
    typed = [
        {
            "date": _typed_date(data, f"{SLOT_PREFIX}-{index}-date"),
            "starts": data.get(f"{SLOT_PREFIX}-{index}-starts", ""),
            "ends": data.get(f"{SLOT_PREFIX}-{index}-ends", ""),
        }
        for index in range(rows)
    ]
    typed += [{}] * (1 if rows < MAX_SLOTS else 0)
    formset = SlotFormSet(prefix=SLOT_PREFIX, initial=typed)
    form = PollForm(initial={"question": data.get("question", ""), "closes_on": _typed_date(data, "closes_on")})
    return form, formset


ANSWER_HINTS = {
    "family": {PollAnswer.Answer.IF_NEED_BE: gettext_lazy("It is not easy, but I could come")},
    "staff": {PollAnswer.Answer.IF_NEED_BE: gettext_lazy("They could come, but it is not easy")},
}


class AnswerForm(forms.Form):
    """Yes, if need be or no for every time of the poll (a fieldset of radios each)."""

    def __init__(self, *args, slots: list[PollSlot], answers: dict | None = None, voice: str = "family", **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        answers = answers or {}
        for number, slot in enumerate(slots, start=1):
            words = slot_words(slot)
            field = forms.ChoiceField(
                label=words,
                choices=PollAnswer.Answer.choices,
                widget=forms.RadioSelect,
                initial=answers.get(slot.pk),
                error_messages={
                    "required": (
                        _("Say whether %(when)s suits you")
                        if voice == "family"
                        else _("Say whether %(when)s suits them")
                    )
                    % {"when": words}
                },
            )
            field.option_hints = {str(k): v for k, v in ANSWER_HINTS[voice].items()}
            self.fields[f"slot_{number}"] = field

    @property
    def answers(self) -> dict:
        return {slot.pk: self.cleaned_data[f"slot_{number}"] for number, slot in enumerate(self.slots, start=1)}


class ChooseForm(forms.Form):
    def __init__(self, *args, rows: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {str(row.slot.pk): row.slot for row in rows}
        field = forms.ChoiceField(
            label=_("Which time?"),
            choices=[(str(row.slot.pk), row.words) for row in rows],
            widget=forms.RadioSelect,
            initial=next((str(row.slot.pk) for row in rows if row.suggested), None),
            error_messages={"required": _("Choose a time"), "invalid_choice": _("Choose one of the times")},
            help_text=_("This becomes the activity's date and time, and the poll closes."),
        )
        field.option_hints = {str(row.slot.pk): row.score.summary.split(": ", 1)[-1] for row in rows if row.score}
        self.fields["slot"] = field

    @property
    def slot(self) -> PollSlot:
        return self.slots[self.cleaned_data["slot"]]
