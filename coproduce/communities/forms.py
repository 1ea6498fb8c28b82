"""Forms for communities of practice. Each asks the services for their rules in `clean`, so every problem shows next
to its field at once; the services check again when saving."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.communities import services
from coproduce.communities.models import CommunityMember, CommunityOfPractice, CommunityTheme
from coproduce.core.fields import DateField

NOT_CHOSEN = ""


def _by_id(objects) -> dict[str, object]:
    return {str(obj.pk): obj for obj in objects}


class CommunityForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=services.NAME_MAX,
        required=False,
        help_text=_("For example, Reaching dads."),
    )
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        help_text=CommunityOfPractice._meta.get_field("goal").help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scope_in = forms.CharField(
        label=_("In scope (optional)"),
        required=False,
        help_text=CommunityOfPractice._meta.get_field("scope_in").help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scope_out = forms.CharField(
        label=_("Out of scope (optional)"),
        required=False,
        help_text=CommunityOfPractice._meta.get_field("scope_out").help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    facilitator = forms.ChoiceField(
        label=_("Facilitator"),
        required=False,
        help_text=_("Who brings the community together and keeps it going. They can run it as you can."),
        error_messages={"invalid_choice": _("Choose a member of your organisation or of the community")},
    )
    senior_sponsor = forms.CharField(
        label=_("Senior sponsor (optional)"),
        max_length=200,
        required=False,
        help_text=CommunityOfPractice._meta.get_field("senior_sponsor").help_text,
    )
    started_on = DateField(label=_("Start date"), required=True)
    ends_on = DateField(
        label=_("End date (optional)"),
        help_text=_(
            "Many communities of practice meet for a set time, then end. Leave empty if it has no end date. "
            "For example, 27/3/2027"
        ),
    )
    review_on = DateField(
        label=_("Review date (optional)"),
        help_text=_("When to look at whether the community should carry on. For example, 27/3/2027"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CommunityOfPractice.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the community is active or has ended"),
            "invalid_choice": _("Choose whether the community is active or has ended"),
        },
    )

    def __init__(self, *args, organisation, people, community: CommunityOfPractice | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.community = community
        self.people = _by_id(people)
        self.fields["facilitator"].choices = [
            (NOT_CHOSEN, _("Not chosen yet")),
            *((pk, str(user)) for pk, user in self.people.items()),
        ]
        if community is None:
            del self.fields["status"]

    @classmethod
    def initial_for(cls, community: CommunityOfPractice) -> dict:
        initial = {name: getattr(community, name) for name in services.COMMUNITY_FIELDS}
        initial["facilitator"] = str(community.facilitator_id or "")
        initial["status"] = community.status
        return initial

    def clean(self) -> dict:
        data = super().clean()
        data["facilitator"] = self.people.get(data.get("facilitator") or "")
        fields = {name: data.get(name) for name in services.COMMUNITY_FIELDS}
        problems = services.community_problems(
            organisation=self.organisation,
            fields=fields,
            facilitator=data["facilitator"],
            existing=self.community,
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "The address they sign in to coproduce with. They can belong to your organisation or to any other "
            "organisation on coproduce. They will see this community's records, and nothing else of yours."
        ),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    expertise = forms.CharField(
        label=_("Their areas of expertise (optional)"),
        required=False,
        help_text=CommunityMember._meta.get_field("expertise").help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    role = forms.ChoiceField(
        label=_("Role in the community"),
        choices=CommunityMember.Role.choices,
        initial=CommunityMember.Role.MEMBER,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose member or facilitator"),
            "invalid_choice": _("Choose member or facilitator"),
        },
    )


class MemberForm(forms.Form):
    expertise = forms.CharField(
        label=_("Areas of expertise (optional)"),
        required=False,
        help_text=CommunityMember._meta.get_field("expertise").help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    role = forms.ChoiceField(
        label=_("Role in the community"),
        choices=CommunityMember.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose member or facilitator"),
            "invalid_choice": _("Choose member or facilitator"),
        },
    )


class ThemeForm(forms.Form):
    title = forms.CharField(
        label=_("Theme"),
        max_length=200,
        help_text=_("For example, dads don't feel welcome at baby groups."),
        error_messages={"required": _("Enter a title for the theme")},
    )
    kind = forms.ChoiceField(
        label=_("Is it about solving a problem or capturing an opportunity?"),
        choices=CommunityTheme.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the theme is about solving a problem or capturing an opportunity"),
            "invalid_choice": _("Choose whether the theme is about solving a problem or capturing an opportunity"),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CommunityTheme.Status.choices,
        initial=CommunityTheme.Status.OPEN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the theme's status"), "invalid_choice": _("Choose the theme's status")},
    )


class LogEntryForm(forms.Form):
    happened_on = DateField(label=_("Date"), required=True, help_text=_("When it was tried. For example, 27/3/2026"))
    tried = forms.CharField(
        label=_("What was tried"),
        required=False,
        help_text=_("Describe what you did, not the families you did it with: do not name anyone."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    learnt = forms.CharField(label=_("What was learnt"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    changed = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        help_text=_("What is done differently now because of it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    changed_in = forms.CharField(
        label=_("In whose organisation (optional)"),
        max_length=200,
        required=False,
        help_text=_("Where it changed, for example Southby Family Hubs or a school."),
    )
    theme = forms.ChoiceField(
        label=_("Theme (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of this community's themes")},
    )

    def __init__(self, *args, community: CommunityOfPractice, themes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        self.themes = _by_id(themes)
        self.fields["theme"].choices = [
            (NOT_CHOSEN, _("Not about one theme")),
            *((pk, str(theme)) for pk, theme in self.themes.items()),
        ]

    @classmethod
    def initial_for(cls, entry) -> dict:
        return {
            "happened_on": entry.happened_on,
            "tried": entry.tried,
            "learnt": entry.learnt,
            "changed": entry.changed,
            "changed_in": entry.changed_in,
            "theme": str(entry.theme_id or ""),
        }

    def clean(self) -> dict:
        data = super().clean()
        data["theme"] = self.themes.get(data.get("theme") or "")
        problems = services.log_entry_problems(
            community=self.community,
            happened_on=data.get("happened_on"),
            tried=data.get("tried") or "",
            learnt=data.get("learnt") or "",
            theme=data["theme"],
            today=timezone.localdate(),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")})
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Where the document or page is, for example https://www.example.org/guide. Give a link, a short "
            "text, or both."
        ),
        error_messages={"invalid": _("Enter a link in the correct format, like https://www.example.org/guide")},
    )
    text = forms.CharField(
        label=_("Short text"),
        required=False,
        help_text=_("For example, a tip or a phone number to share."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if "url" not in self.errors and not data.get("url") and not (data.get("text") or "").strip():
            self.add_error("url", _("Give a link or write a short text"))
        return data


class MeetingForm(forms.Form):
    activity = forms.ChoiceField(
        label=_("Activity"),
        help_text=_("One of your organisation's activities, for example a workshop or a meeting."),
        error_messages={
            "required": _("Choose an activity"),
            "invalid_choice": _("Choose one of your organisation's activities"),
        },
    )

    def __init__(self, *args, activities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activities = _by_id(activities)
        self.fields["activity"].choices = [
            (NOT_CHOSEN, _("Choose an activity")),
            *((pk, _activity_label(activity)) for pk, activity in self.activities.items()),
        ]

    def clean_activity(self):
        return self.activities[self.cleaned_data["activity"]]


def _activity_label(activity) -> str:
    when = timezone.localtime(activity.starts_at).strftime("%-d %b %Y, %H:%M") if activity.starts_at else ""
    return f"{activity.title} ({when})" if when else activity.title
