"""Forms render as GOV.UK Design System components from one place: this renderer and its two templates
(`forms/govuk_form.html`, `forms/govuk_field.html`). Views and templates never wire fields by hand."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
