"""Forms for peer supporters (the list's filters, finding the person to add, the profile, a check, a supervision,
an activity they help to run) and for the services directory. The services check every rule again; these forms
give the quick, field-by-field messages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.matching import EXPERIENCE_LABELS, SLOT_LABELS, WAY_LABELS, experience_label
from coproduce.engagement.forms.activities import GovukDateField
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Hub, Membership, Role
from coproduce.peers.models import (
    FacilitationRole,
    PeerSupporter,
    ServiceDirectoryEntry,
    SupporterCheck,
    SupporterStatus,
)
from coproduce.peers.services.supporters import (
    COORDINATOR_ROLES,
    EXPIRY_BEFORE_ISSUE,
    MAX_CAPACITY,
    SUPERVISION_EVERY,
    areas_normalise,
    languages_normalise,
)
from coproduce.people.models import Person

ACTIVITIES_OFFERED = 200
CAN, CANNOT, EXPIRING = "can", "cannot", "expiring"
MATCHABLE_CHOICES = [
    ("", _("Everyone")),
    (CAN, _("Can be matched")),
    (CANNOT, _("Cannot be matched")),
    (EXPIRING, _("Something expires or falls due in the next 30 days")),
]
# Times, grouped as people think of them: the boxes of a group share one fieldset.
MORNINGS = [(slot, label) for slot, label in SLOT_LABELS.items() if slot.endswith("_am")]
AFTERNOONS = [(slot, label) for slot, label in SLOT_LABELS.items() if slot.endswith("_pm")]
OTHER_TIMES = [(slot, label) for slot, label in SLOT_LABELS.items() if not slot.endswith(("_am", "_pm"))]
TIME_GROUPS = {"available_mornings": MORNINGS, "available_afternoons": AFTERNOONS, "available_other": OTHER_TIMES}


def _day_name(label: str) -> str:
    """'on Monday mornings' → 'Monday'."""
    return label.removeprefix("on ").split(" ")[0]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def _user_label(user) -> str:
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


def members_with_roles(organisation, roles):
    from coproduce.accounts.models import User

    member_ids = Membership.objects.for_organisation(organisation).filter(role__in=roles).values("user_id")
    return User.objects.filter(pk__in=member_ids, is_active=True).order_by("full_name", "email")


# --- the list ---------------------------------------------------------------------------------------------------


class SupporterFilterForm(forms.Form):
    matchable = forms.ChoiceField(label=_("Show"), required=False, choices=MATCHABLE_CHOICES)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *SupporterStatus.choices]
    )
    hub = forms.ModelChoiceField(label=_("Hub"), required=False, queryset=Hub.objects.none(), empty_label=_("Any hub"))

    def __init__(self, data=None, *, organisation, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation).only("id", "name").order_by("name")
        self.fields["hub"].error_messages["invalid_choice"] = _("Choose a hub from the list")
        self.fields["matchable"].error_messages["invalid_choice"] = _("Choose who to show from the list")
        self.fields["status"].error_messages["invalid_choice"] = _("Choose a status from the list")

    def values(self) -> dict:
        """The valid, non-empty filters (a filter that is not valid is ignored and shows its error)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


# --- adding a supporter -----------------------------------------------------------------------------------------


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for the person by name or email address"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        help_text=_("They must already be on your list of people. If they are not, add them to it first."),
    )


class _AccountFields(forms.Form):
    """Their account and their coordinator, chosen from the organisation's members."""

    user = forms.ModelChoiceField(
        label=_("Their account (optional)"),
        required=False,
        queryset=Membership.objects.none(),
        empty_label=_("They do not have an account"),
        help_text=_(
            "Members of your organisation whose role is peer supporter. With an account they see, and record the "
            "support of, their own families."
        ),
    )
    coordinator = forms.ModelChoiceField(
        label=_("Their coordinator (optional)"),
        required=False,
        queryset=Membership.objects.none(),
        empty_label=_("No coordinator yet"),
        help_text=_("The member of staff who looks after them, and is told before a check expires."),
    )

    def _set_members(self, organisation) -> None:
        for name, roles, message in (
            ("user", [Role.PEER_SUPPORTER], _("Choose a member of your organisation whose role is peer supporter")),
            ("coordinator", COORDINATOR_ROLES, _("Choose a member of staff, a co-production lead or an administrator")),
        ):
            field = self.fields[name]
            field.queryset = members_with_roles(organisation, roles)
            field.label_from_instance = _user_label
            field.error_messages["invalid_choice"] = message


class SupporterNewForm(_AccountFields):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), widget=forms.HiddenInput)

    def __init__(self, data=None, *, organisation, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["person"].queryset = Person.objects.for_organisation(organisation).not_erased()
        self.fields["person"].error_messages = {
            "required": _("Search for the person and choose them"),
            "invalid_choice": _("Search for the person and choose them"),
        }
        self._set_members(organisation)

    def clean(self):
        cleaned = super().clean()
        # The person field is hidden: its error is shown at the top of the form.
        if "person" in self.errors:
            self.add_error(None, self.errors.pop("person"))
        return cleaned


# --- the profile ------------------------------------------------------------------------------------------------


class SupporterProfileForm(_AccountFields):
    status = forms.ChoiceField(label=_("Status"), choices=SupporterStatus.choices, widget=forms.RadioSelect)
    experiences = forms.MultipleChoiceField(
        label=_("Experiences they can draw on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their own lived experience, which families may ask for. Tick all that apply."),
    )
    experience_notes = forms.CharField(
        label=_("Other experiences, or more about their experience (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example ‘a child with diabetes’ or ‘a parent in the armed forces’."),
    )
    communities = forms.CharField(
        label=_("Communities (optional)"),
        required=False,
        max_length=300,
        help_text=PeerSupporter._meta.get_field("communities").help_text,
    )
    languages = forms.CharField(
        label=_("Languages they can support families in (optional)"),
        required=False,
        max_length=500,
        help_text=_("Separate languages with commas, for example English, Urdu, British Sign Language"),
    )
    hubs = forms.ModelMultipleChoiceField(
        label=_("Hubs they cover (optional)"),
        required=False,
        queryset=Hub.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.CharField(
        label=_("Postcode districts they cover (optional)"),
        required=False,
        max_length=300,
        help_text=_("The first part of a postcode, separated by commas, for example NB1, NB2"),
    )
    travels = forms.BooleanField(label=_("They are willing to travel to other areas"), required=False)
    ways = forms.MultipleChoiceField(
        label=_("Ways they offer support"),
        required=False,
        choices=[(way, _capitalised(label)) for way, label in WAY_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    available_mornings = forms.MultipleChoiceField(
        label=_("Weekday mornings they are available"),
        required=False,
        choices=[(slot, _day_name(label)) for slot, label in MORNINGS],
        widget=forms.CheckboxSelectMultiple,
    )
    available_afternoons = forms.MultipleChoiceField(
        label=_("Weekday afternoons they are available"),
        required=False,
        choices=[(slot, _day_name(label)) for slot, label in AFTERNOONS],
        widget=forms.CheckboxSelectMultiple,
    )
    available_other = forms.MultipleChoiceField(
        label=_("Evenings and weekends"),
        required=False,
        choices=[(slot, _capitalised(label)) for slot, label in OTHER_TIMES],
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("How many families they can support at once"),
        min_value=0,
        max_value=MAX_CAPACITY,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        help_text=_("From 0 to %(most)s. 0 means they are not taking on families at the moment.")
        % {"most": MAX_CAPACITY},
        error_messages={
            "required": _("Enter how many families they can support at once, from 0 to %(most)s")
            % {"most": MAX_CAPACITY},
            "invalid": _("Enter how many families they can support at once as a whole number, like 2"),
            "min_value": _("The number of families cannot be negative"),
            "max_value": _("The number of families must be %(most)s or fewer") % {"most": MAX_CAPACITY},
        },
    )
    co_delivers_training = forms.BooleanField(label=_("They co-deliver training"), required=False)

    def __init__(self, data=None, *, organisation, supporter: PeerSupporter, **kwargs) -> None:
        kwargs.setdefault("initial", self.initial_for(supporter))
        super().__init__(data, **kwargs)
        self.supporter = supporter
        self._set_members(organisation)
        # An organisation's own experience codes already on the profile stay offered, so saving keeps them.
        codes = list(EXPERIENCE_LABELS) + [code for code in supporter.experiences if code not in EXPERIENCE_LABELS]
        self.fields["experiences"].choices = [(code, _capitalised(experience_label(code))) for code in codes]
        self.fields["hubs"].queryset = Hub.objects.for_organisation(organisation).order_by("name")
        self.fields["hubs"].error_messages["invalid_choice"] = _("Choose your own organisation's hubs")
        self.fields["status"].error_messages["required"] = _(
            "Choose whether they are active, taking a break or no longer a peer supporter"
        )
        for name in ("experiences", "ways", *TIME_GROUPS):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list")

    @staticmethod
    def initial_for(supporter: PeerSupporter) -> dict:
        available = set(supporter.available)
        initial = {
            "user": supporter.user_id,
            "coordinator": supporter.coordinator_id,
            "status": supporter.status,
            "experiences": list(supporter.experiences),
            "experience_notes": supporter.experience_notes,
            "communities": supporter.communities,
            "languages": ", ".join(supporter.languages),
            "hubs": [hub.pk for hub in supporter.hubs.all()] if supporter.pk else [],
            "areas": ", ".join(supporter.areas),
            "travels": supporter.travels,
            "ways": list(supporter.ways),
            "capacity": supporter.capacity,
            "co_delivers_training": supporter.co_delivers_training,
        }
        for name, slots in TIME_GROUPS.items():
            initial[name] = [slot for slot, _label in slots if slot in available]
        return initial

    def clean_languages(self) -> list[str]:
        return languages_normalise(_split(self.cleaned_data["languages"]))

    def clean_areas(self) -> list[str]:
        return areas_normalise(_split(self.cleaned_data["areas"]))

    def profile(self) -> dict:
        """The cleaned form as supporter_update takes it."""
        data = dict(self.cleaned_data)
        data["available"] = [slot for name in TIME_GROUPS for slot in data.pop(name, [])]
        return data


# --- checks and supervision -------------------------------------------------------------------------------------


class CheckForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which check or training is it?"),
        choices=SupporterCheck.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which check or training this is")},
    )
    issued_on = GovukDateField(label=_("Date it was issued or completed"), required=True)
    expires_on = GovukDateField(
        label=_("Date it expires or must be renewed"),
        required=True,
        help_text=_(
            "Your organisation's policy decides this, for example 3 years after a DBS check. For example, 27 3 2029"
        ),
    )
    update_service = forms.BooleanField(
        label=_("They are on the DBS update service"),
        required=False,
        help_text=_("DBS checks only: the certificate can then be checked online at any time."),
    )
    reference = forms.CharField(
        label=_("Certificate number or course reference (optional)"),
        required=False,
        max_length=50,
        help_text=_("Never write down what a DBS certificate says."),
        error_messages={"max_length": _("The reference must be 50 characters or fewer")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].error_messages["required"] = _("Enter the date it was issued or completed")
        self.fields["expires_on"].error_messages["required"] = _("Enter the date it expires or must be renewed")

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and issued > timezone.localdate():
            self.add_error("issued_on", _("The date it was issued must be today or in the past"))
        if issued and expires and expires < issued:
            self.add_error("expires_on", EXPIRY_BEFORE_ISSUE)
        if cleaned.get("update_service") and cleaned.get("kind") not in (None, SupporterCheck.Kind.DBS):
            self.add_error("update_service", _("Only a DBS check can be on the DBS update service"))
        return cleaned


class SupervisionForm(forms.Form):
    held_on = GovukDateField(label=_("Date it was held"), required=True)
    next_due_on = GovukDateField(
        label=_("When the next supervision is due"),
        required=False,
        help_text=_("Usually 8 weeks later. If you leave this blank, it will be 8 weeks after the date it was held."),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Brief: what was discussed and agreed."),
    )

    def __init__(self, data=None, **kwargs) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"held_on": today, "next_due_on": today + SUPERVISION_EVERY})
        super().__init__(data, **kwargs)
        self.fields["held_on"].error_messages["required"] = _("Enter the date the supervision was held")

    def clean(self):
        cleaned = super().clean()
        held, due = cleaned.get("held_on"), cleaned.get("next_due_on")
        if held and held > timezone.localdate():
            self.add_error("held_on", _("The date it was held must be today or in the past"))
        if held and due and due <= held:
            self.add_error("next_due_on", _("The next supervision must be due after the date this one was held"))
        return cleaned


# --- activities they help to run --------------------------------------------------------------------------------


def upcoming_activities(organisation, *, now: dt.datetime | None = None):
    """The organisation's activities still to come (not cancelled), soonest first; bounded."""
    now = now or timezone.now()
    return (
        Activity.objects.for_organisation(organisation)
        .upcoming(now)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("starts_at", "window_opens_on", "title", "id")[:ACTIVITIES_OFFERED]
    )


class _ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, activity: Activity) -> str:
        if activity.starts_at:
            when = timezone.localtime(activity.starts_at).strftime("%-d %B %Y")
            return f"{activity.title} ({activity.get_kind_display()}, {when})"
        return f"{activity.title} ({activity.get_kind_display()})"


class ActivitySupporterForm(forms.Form):
    activity = _ActivityChoice(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        empty_label=_("Choose an activity"),
        help_text=_("Activities still to come, such as peer groups and training sessions."),
        error_messages={
            "required": _("Choose an activity"),
            "invalid_choice": _("Choose one of your organisation's activities still to come"),
        },
    )
    role = forms.ChoiceField(
        label=_("What they will do"),
        choices=FacilitationRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether they co-facilitate or co-train")},
    )

    def __init__(self, data=None, *, organisation, **kwargs) -> None:
        kwargs.setdefault("auto_id", "activity_%s")
        super().__init__(data, **kwargs)
        ids = list(upcoming_activities(organisation).values_list("pk", flat=True))
        self.fields["activity"].queryset = Activity.objects.filter(pk__in=ids).order_by(
            "starts_at", "window_opens_on", "title", "id"
        )


# --- the services directory -------------------------------------------------------------------------------------


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, what it offers or who it is for"),
        required=False,
        max_length=100,
    )
    stopped = forms.BooleanField(label=_("Include services that are no longer running"), required=False)


class DirectoryEntryForm(forms.ModelForm):
    last_checked_on = GovukDateField(
        label=_("Date the details were last checked"),
        required=False,
        help_text=_("If you leave this blank, it will be today. For example, 27 3 2026"),
    )

    class Meta:
        model = ServiceDirectoryEntry
        fields = [
            "name",
            "offers",
            "who_for",
            "how_to_get_there",
            "phone",
            "email",
            "website",
            "active",
            "last_checked_on",
        ]
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 3}),
            "how_to_get_there": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "website": forms.URLInput(attrs={"autocomplete": "off"}),
        }
        labels = {
            "name": _("Name of the service"),
            "offers": _("What it offers"),
            "who_for": _("Who it is for"),
            "how_to_get_there": _("How to get there (optional)"),
            "phone": _("Phone number (optional)"),
            "email": _("Email address (optional)"),
            "website": _("Website (optional)"),
            "active": _("It is still running"),
        }
        help_texts = {
            "who_for": _("For example ‘families with children under 5 in Northby’."),
            "how_to_get_there": _("For example the address, bus routes, or ‘call first for an appointment’."),
            "website": _("The full address, starting https://"),
            "active": _("Untick this when it closes. Families will no longer be helped to reach it."),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the service")},
            "offers": {"required": _("Enter what the service offers")},
            "who_for": {"required": _("Enter who the service is for")},
            "email": {"invalid": _("Enter an email address in the correct format, like name@example.com")},
            "website": {"invalid": _("Enter a website address in the correct format, like https://example.org")},
        }

    def _post_clean(self) -> None:
        # The service checks and saves (the unique name included): the model's own validation would duplicate it.
        pass
