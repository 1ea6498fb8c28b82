"""The form for a school holiday (or a training day) in the organisation's area."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms_util import apply_validation_error
from coproduce.engagement.forms.activities import GovukDateField
from coproduce.engagement.services.holidays import check_holiday


class HolidayForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("For example, October half term, or Training day."),
        error_messages={"required": _("Enter a name for the holiday, for example October half term")},
    )
    starts_on = GovukDateField(label=_("First day"), required=True, help_text=_("For example, 26 10 2026"))
    ends_on = GovukDateField(
        label=_("Last day"),
        required=True,
        help_text=_("The last day children are off school. For example, 30 10 2026"),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            try:
                check_holiday(cleaned)  # the same rules the service applies, shown next to their fields
            except ValidationError as error:
                apply_validation_error(self, error)
        return cleaned
