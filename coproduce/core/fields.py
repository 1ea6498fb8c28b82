"""Form fields written the GOV.UK way, shared by every area."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"]


class DateField(forms.DateField):
    """A date typed as day, month and year (for example 27/3/2027)."""

    def __init__(self, *, label: str, required: bool = False, **kwargs) -> None:
        kwargs.setdefault("help_text", _("For example, 27/3/2027"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Enter %(label)s as a real date, for example 27/3/2027") % {"label": str(label).lower()},
                "required": _("Enter %(label)s") % {"label": str(label).lower()},
            },
        )
        super().__init__(
            label=label,
            required=required,
            input_formats=DATE_INPUT_FORMATS,
            widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
            **kwargs,
        )


class MoneyField(forms.DecimalField):
    """An amount in pounds, typed as text (GOV.UK advises against number inputs), never negative."""

    def __init__(self, *, label: str, required: bool = False, **kwargs) -> None:
        what = str(label).lower()
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Enter %(label)s as a number of pounds, like 12500 or 12500.50") % {"label": what},
                "min_value": _("%(label)s cannot be negative") % {"label": str(label)},
                "max_digits": _("%(label)s is too large") % {"label": str(label)},
                "max_decimal_places": _("Enter %(label)s to the nearest penny") % {"label": what},
                "max_whole_digits": _("%(label)s is too large") % {"label": str(label)},
                "required": _("Enter %(label)s") % {"label": what},
            },
        )
        super().__init__(
            label=label,
            required=required,
            min_value=0,
            max_digits=12,
            decimal_places=2,
            widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)
