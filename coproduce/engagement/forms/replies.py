"""Forms for replies: the person's own reply from their link (written for a parent on a phone), staff recording
a reply for someone (a phone call), and ticking off a line of the barrier to-do list."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coproduce.engagement.models import Activity, JoinWay, Reply
from coproduce.engagement.services.invitations import check_joining

# "You" wording for the ways to join.
JOIN_WAYS_FOR_FAMILIES = {
    JoinWay.IN_PERSON: _("In person"),
    JoinWay.ONLINE: _("Online, on a phone, tablet or computer"),
    JoinWay.PHONE: _("By phone call"),
    JoinWay.POST: _("By post or on paper"),
    JoinWay.ASYNC: _("In your own time"),
}


def _joining_choices(activity: Activity, wording: dict) -> list[tuple[str, str]]:
    return [(way, wording.get(way, JoinWay(way).label)) for way in activity.ways_to_join]


class _ReplyBase(forms.Form):
    JOINING_REQUIRED = _("Choose how they will take part")

    reply = forms.ChoiceField(widget=forms.RadioSelect)
    joining = forms.ChoiceField(required=False, widget=forms.RadioSelect)

    def __init__(self, *args, activity: Activity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        if len(activity.ways_to_join) < 2:
            # One way (or none recorded): nothing to choose.
            del self.fields["joining"]

    def clean(self) -> dict:
        cleaned = super().clean()
        reply = cleaned.get("reply")
        if reply:
            try:
                cleaned["joining"] = check_joining(self.activity, reply, cleaned.get("joining", ""))
            except ValidationError as error:
                if "joining" in self.fields and not cleaned.get("joining"):
                    self.add_error("joining", self.JOINING_REQUIRED)
                else:
                    self.add_error("joining" if "joining" in self.fields else None, error.message_dict["joining"])
        return cleaned


class ReplyForm(_ReplyBase):
    """The person's own reply. `invitation` is sent back with the form, so that a form opened from one person's
    link can never be saved as someone else's reply."""

    JOINING_REQUIRED = _("Choose how you will take part")

    invitation = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, activity: Activity, **kwargs) -> None:
        super().__init__(*args, activity=activity, **kwargs)
        self.fields["reply"].label = _("Can you come?")
        self.fields["reply"].choices = [
            (Reply.YES, _("Yes, I can come")),
            (Reply.NO, _("No, I cannot come")),
            (Reply.MAYBE, _("Maybe, I am not sure yet")),
        ]
        self.fields["reply"].error_messages["required"] = _("Choose yes, no or maybe")
        self.fields["reply"].error_messages["invalid_choice"] = _("Choose yes, no or maybe")
        if "joining" in self.fields:
            self.fields["joining"].label = _("How will you take part?")
            self.fields["joining"].help_text = _("Only if you said yes or maybe.")
            self.fields["joining"].choices = _joining_choices(activity, JOIN_WAYS_FOR_FAMILIES)
            self.fields["joining"].error_messages["invalid_choice"] = _("Choose one of the ways on the list")
        # The invitation field goes last in `fields` so the error summary's first link is the first question.
        self.order_fields(["reply", "joining", "invitation"])


class StaffReplyForm(_ReplyBase):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example: phoned on Tuesday, will bring her two children."),
    )

    def __init__(self, *args, activity: Activity, **kwargs) -> None:
        super().__init__(*args, activity=activity, **kwargs)
        self.fields["reply"].label = _("What did they say?")
        self.fields["reply"].choices = [
            (Reply.YES, _("Yes, they are coming")),
            (Reply.MAYBE, _("Maybe")),
            (Reply.NO, _("No, they cannot come")),
        ]
        self.fields["reply"].error_messages["required"] = _("Choose what they said")
        self.fields["reply"].error_messages["invalid_choice"] = _("Choose what they said")
        if "joining" in self.fields:
            self.fields["joining"].label = _("How will they take part?")
            self.fields["joining"].help_text = _("If they said yes or maybe.")
            self.fields["joining"].choices = _joining_choices(activity, {})
            self.fields["joining"].error_messages["invalid_choice"] = _("Choose one of the ways this activity offers")


class BarrierTickForm(forms.Form):
    key = forms.CharField(max_length=100, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What was arranged (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example, who you booked and for when."),
        error_messages={"max_length": _("What was arranged must be 300 characters or fewer")},
    )
