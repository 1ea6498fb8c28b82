"""Forms of the newsletter: the public sign-up, composing an issue and its blocks, and finding subscribers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.newsletter import content
from coproduce.newsletter.models import BlockKind, Subscriber, Topic
from coproduce.organisations.models import Hub

# The honeypot's name: a field bots fill in and people never see.
HONEYPOT = "website"


def _hubs_field(label, help_text) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Hub.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={
            "invalid_choice": _("Choose from the family hubs listed"),
            "invalid_pk_value": _("Choose from the family hubs listed"),
        },
    )


def _topics_field(label, help_text) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": _("Choose from the topics listed")},
    )


def _open_hubs(organisation):
    return Hub.objects.for_organisation(organisation).filter(is_open=True).order_by("name")


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We will send you an email to check it is yours."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    hubs = _hubs_field(
        _("Which family hubs do you want to hear about?"),
        _("Select all that apply. Leave them all empty to hear about every hub."),
    )
    topics = _topics_field(
        _("What do you want to hear about?"),
        _("Select all that apply. Leave them all empty to hear about everything."),
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hubs"].queryset = _open_hubs(organisation)


class IssueForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        help_text=_("What people see in their inbox. For example: What changed in May because of you"),
        error_messages={
            "required": _("Enter the subject"),
            "max_length": _("The subject must be 150 characters or fewer"),
        },
    )
    intro = forms.CharField(
        label=_("Introduction (optional)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences at the top. Write for families: short sentences and everyday words."),
        error_messages={"max_length": _("The introduction must be 5,000 characters or fewer")},
    )
    hubs = _hubs_field(
        _("Which hubs is it about? (optional)"),
        _("It goes to subscribers who chose these hubs, and to those who chose none. Leave empty for everyone."),
    )
    topics = _topics_field(
        _("Which topics does it cover? (optional)"),
        _(
            "It goes to subscribers who chose one of these topics, and to those who chose none. Leave empty for "
            "everyone."
        ),
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hubs"].queryset = Hub.objects.for_organisation(organisation).order_by("name")


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        item = {
            "Win": content.win_item,
            "Promise": content.promise_item,
            "Activity": content.activity_item,
        }[type(obj).__name__](obj)
        return f"{item['title']} ({item['meta']})" if item["meta"] else item["title"]


class BlockForm(forms.Form):
    heading = forms.CharField(
        label=_("Heading (optional)"),
        required=False,
        max_length=150,
        error_messages={"max_length": _("The heading must be 150 characters or fewer")},
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("The text must be 10,000 characters or fewer")},
    )

    ITEM_LABELS = {
        BlockKind.WINS: (_("Which wins?"), _("Wins published since the last issue.")),
        BlockKind.PROMISES: (_("Which promises?"), _("Promises whose status changed since the last issue.")),
        BlockKind.ACTIVITIES: (_("Which activities?"), _("Activities on your public site that are coming up.")),
    }

    def __init__(self, *args, organisation, kind: str, chosen: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == BlockKind.TEXT:
            self.fields["text"].label = _("Text")
            self.fields["text"].help_text = _("Write for families: short sentences and everyday words.")
            return
        self.fields["text"].label = _("Text before the list (optional)")
        label, hint = self.ITEM_LABELS[kind]
        self.fields["picked"] = ItemChoiceField(
            label=label,
            queryset=content.candidates(organisation, kind, chosen=chosen),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=hint,
            error_messages={
                "invalid_choice": _("Choose from the items listed"),
                "invalid_pk_value": _("Choose from the items listed"),
            },
        )


class SubscriberSearchForm(forms.Form):
    q = forms.CharField(label=_("Email address contains"), required=False, max_length=254)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Subscriber.Status.choices],
        error_messages={"invalid_choice": _("Choose a status from the list")},
    )
