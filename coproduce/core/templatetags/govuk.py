"""Template helpers that turn Django form fields into GOV.UK Frontend markup."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_INPUT_WIDTH = {"email": "", "password": "", "number": "govuk-input--width-5", "date": "govuk-input--width-10"}


def field_kind(field: BoundField) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.filter
def govuk_kind(field: BoundField) -> str:
    return field_kind(field)


def error_target_id(field: BoundField) -> str:
    """Where the error summary link should take focus: the first option of a group, else the control."""
    if field_kind(field) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def govuk_option_hint(field: BoundField, value: object) -> str:
    """The hint under one radio or checkbox option, from the form field's `option_hints` {value: text}."""
    hints = getattr(field.field, "option_hints", None) or {}
    return hints.get(str(value), "")


@register.filter
def govuk_skip_option(field: BoundField, value: object) -> bool:
    """A required radio group shows no empty "choose one" option (GOV.UK radios start with none selected)."""
    return field.field.required and value in ("", None)


@register.simple_tag
def govuk_described_by(field: BoundField) -> str:
    return described_by(field)


@register.simple_tag
def govuk_control(field: BoundField) -> SafeString:
    """The field's own control (input, select, textarea) with GOV.UK classes and ARIA links to hint and error."""
    return field.as_widget(attrs=control_attrs(field))


def control_attrs(field: BoundField) -> dict[str, str]:
    """The attributes govuk_control adds to the field's widget (for pages that render many controls their own
    faster way, like the register: see engagement_register.register_control)."""
    kind = field_kind(field)
    widget = field.field.widget
    base = {
        "input": "govuk-input",
        "select": "govuk-select",
        "textarea": "govuk-textarea",
        "file": "govuk-file-upload",
        "checkbox": "govuk-checkboxes__input",
    }[kind]
    classes = [base]
    input_type = getattr(widget, "input_type", "")
    if kind == "input" and _INPUT_WIDTH.get(input_type):
        classes.append(_INPUT_WIDTH[input_type])
    if field.errors and kind != "checkbox":
        classes.append(f"{base}--error")
    extra = widget.attrs.get("class")
    if extra:
        classes.append(extra)
    # GOV.UK asks for no placeholder text: it vanishes as people type and is often too faint to read.
    widget.attrs.pop("placeholder", None)
    attrs = {"class": " ".join(classes)}
    if kind == "input" and input_type in ("text", "email", "tel", "url", "password"):
        attrs["spellcheck"] = (
            "false" if input_type in ("email", "password", "url") else widget.attrs.get("spellcheck", "true")
        )
    aria = described_by(field)
    if aria:
        attrs["aria-describedby"] = aria
    return attrs


@register.inclusion_tag("forms/error_summary.html")
def govuk_error_summary(*forms_to_check: forms.BaseForm | None) -> dict:
    """The GOV.UK error summary for one or more forms, each message linking to its field."""
    items = []
    for form in forms_to_check:
        if form is None or not getattr(form, "is_bound", False) or not form.errors:
            continue
        visible = list(form.visible_fields())
        first_target = f"#{error_target_id(visible[0])}" if visible else "#main-content"
        for message in form.non_field_errors():
            items.append({"text": message, "href": first_target})
        for field in visible:
            for message in field.errors:
                items.append({"text": message, "href": f"#{error_target_id(field)}"})
    return {"error_items": items}


@register.simple_tag(takes_context=True)
def page_title(context: template.Context, title: str) -> str:
    """The <title>: 'Error: ' first when a form on the page has errors, as the GOV.UK pattern asks."""
    has_error = any(
        getattr(value, "errors", None) and getattr(value, "is_bound", False)
        for value in context.flatten().values()
        if isinstance(value, forms.BaseForm)
    )
    return f"Error: {title}" if has_error else title
