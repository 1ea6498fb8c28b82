"""Forms of the population figures set-up pages: finding a local authority area, uploading the organisation's own
benchmark table and its postcode lookup."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.insights.models import Benchmark

CSV_ACCEPT = ".csv,text/csv"


class AreaSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for a local authority"),
        help_text=_("Type part of its name, or its ONS code, like E06000001."),
        required=False,
        max_length=100,
    )


class BenchmarkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a CSV file"),
        help_text=_("A CSV file of 1 MB or smaller, with up to 2,000 rows under a header row."),
        widget=forms.FileInput(attrs={"accept": CSV_ACCEPT}),
        error_messages={
            "required": _("Select a CSV file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a CSV file"),
        },
    )
    source = forms.CharField(
        label=_("Where do these figures come from?"),
        help_text=_("For example, Northby JSNA 2025. This is shown next to the figures."),
        max_length=Benchmark._meta.get_field("source").max_length,
        error_messages={"required": _("Enter where these figures come from")},
    )


class PostcodeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload the ONS Postcode Directory CSV file"),
        widget=forms.FileInput(attrs={"accept": CSV_ACCEPT}),
        error_messages={
            "required": _("Select the ONS Postcode Directory CSV file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select the ONS Postcode Directory CSV file"),
        },
    )
