"""Forms for planning an activity, cancelling it, and filtering the list of activities; with the GOV.UK date input
(day, month and year boxes) and a time field that reads times as people write them (10am, 2:30pm, 14:30)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import User
from coproduce.core.forms_util import apply_validation_error
from coproduce.engagement.models import Activity, ActivityKind, JoinWay, Venue
from coproduce.engagement.services import activities as services
from coproduce.organisations.models import Hub
from coproduce.projects.models import Project, Stage
from coproduce.stakeholders.models import StakeholderGroup

DATA_COLLECTION_HINT = _(
    "Data collection: a questionnaire on its own is not co-production. Use it alongside ways for families to shape "
    "decisions with you."
)
KIND_HINTS = {
    ActivityKind.QUESTIONNAIRE.value: DATA_COLLECTION_HINT,
    ActivityKind.CO_DESIGN.value: _("Families and staff design something together, as equals."),
    ActivityKind.DROP_IN.value: _("People come when they can, within the opening times."),
    ActivityKind.PANEL_MEETING.value: _("A meeting of a standing group, such as the parent carer panel."),
}
PROVISION_CHOICES = [(name, Activity._meta.get_field(name).verbose_name) for name in Activity.PROVISIONS]
WAY_HINTS = {
    JoinWay.IN_PERSON.value: _("Choose the venue below."),
    JoinWay.ONLINE.value: _("Give the link below. Only people with a place are sent it."),
    JoinWay.PHONE.value: _("Say how to join below, for example the number to call."),
    JoinWay.POST.value: _("For example a paper form sent out with a stamped addressed envelope."),
    JoinWay.ASYNC.value: _("For example a questionnaire or an ideas board open for a few weeks."),
}
TWO_DAYS, TWO_HOURS = Activity.DEFAULT_REMINDER_MINUTES
REMINDER_CHOICES = [(str(TWO_DAYS), _("2 days before")), (str(TWO_HOURS), _("2 hours before"))]
AT_TIME, WINDOW = "at_time", "window"


# --- fields ------------------------------------------------------------------------------------------------------


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year in three boxes (GOV.UK date input)."""

    template_name = "engagement/activity_date_widget.html"
    use_fieldset = True

    def __init__(self, attrs: dict | None = None) -> None:
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value) -> list:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        has_error = (attrs or {}).get("aria-invalid") == "true"
        for label, part in zip((_("Day"), _("Month"), _("Year")), context["widget"]["subwidgets"], strict=True):
            part["label"] = label
            part["width"] = 4 if label == _("Year") else 2
            part["has_error"] = has_error
            part["attrs"].pop("aria-invalid", None)
            part["attrs"].pop("required", None)
        return context


class GovukDateField(forms.MultiValueField):
    """A date typed in the GOV.UK date input, with the Design System's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, label: str, required: bool = False, **kwargs) -> None:
        self.what = str(label).lower()
        kwargs.setdefault("help_text", _("For example, 27 3 2027"))
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(
            fields,
            label=label,
            required=required,
            require_all_fields=False,
            template_name="engagement/activity_date_field.html",
            error_messages={"required": _("Enter %(what)s") % {"what": self.what}, "incomplete": ""},
            **kwargs,
        )

    def compress(self, data_list: list) -> dt.date | None:
        if not data_list or not any((part or "").strip() for part in data_list):
            return None
        day, month, year = ((part or "").strip() for part in data_list)
        missing = [name for name, part in ((_("a day"), day), (_("a month"), month), (_("a year"), year)) if not part]
        if missing:
            raise ValidationError(
                _("%(what)s must include %(missing)s")
                % {"what": self.what[0].upper() + self.what[1:], "missing": _(" and ").join(str(m) for m in missing)}
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(_("%(what)s must be a real date") % {"what": self.what[0].upper() + self.what[1:]})
        if len(year) != 4:
            raise ValidationError(_("Year must include 4 numbers"))
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                _("%(what)s must be a real date") % {"what": self.what[0].upper() + self.what[1:]}
            ) from None


TIME_PATTERN = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<suffix>am|pm|a\.m\.|p\.m\.)?$")


def parse_time(text: str) -> dt.time | None:
    """10am, 10:30am, 10.30 am, 14:30, 2pm, midday, noon, midnight; None if it cannot be read."""
    text = " ".join(text.strip().lower().split())
    if text in ("midday", "noon", "12 noon"):
        return dt.time(12, 0)
    if text == "midnight":
        return dt.time(0, 0)
    match = TIME_PATTERN.match(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    suffix = (match["suffix"] or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match["minute"] is None:
        return None  # "10" alone: morning or evening?
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


class TimeField(forms.Field):
    """A time typed as people write it (GOV.UK has no time pattern: a short text input with an example)."""

    widget = forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off", "spellcheck": "false"})

    def __init__(self, *, label: str, required: bool = False, **kwargs) -> None:
        what = str(label).lower()
        kwargs.setdefault("help_text", _("For example, 10am, 2:30pm or 14:30"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Enter %(what)s") % {"what": what},
                "invalid": _("Enter %(what)s like 10am, 2:30pm or 14:30") % {"what": what},
            },
        )
        super().__init__(label=label, required=required, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value) -> dt.time | None:
        if isinstance(value, dt.time):
            return value
        if value in (None, ""):
            return None
        parsed = parse_time(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


def members_of(organisation) -> forms.models.QuerySet:
    return User.objects.filter(memberships__organisation=organisation, is_active=True).order_by("full_name", "email")


def _hinted(field: forms.Field, hints: dict) -> forms.Field:
    field.option_hints = {str(key): value for key, value in hints.items()}
    return field


# --- the activity form -----------------------------------------------------------------------------------------

SECTIONS = [
    (_("What it is"), ["kind", "title", "description", "stage", "is_public"]),
    (
        _("When"),
        ["timing", "date", "start_time", "end_time", "window_opens_on", "window_closes_on", "capacity"],
    ),
    (_("Ways to join"), ["ways_to_join", "venue", "online_link", "phone_details"]),
    (_("What it provides"), ["provisions", "interpreter_languages"]),
    (_("Who it is for and who runs it"), ["stakeholder_groups", "hubs", "facilitators"]),
    (
        _("Safeguarding on the day"),
        ["lead_on_duty", "children_present", "ratio_adults", "ratio_children", "is_recorded"],
    ),
    (_("Reminders"), ["reminders"]),
]
# Where the service's errors (named by model field) show on this form.
ERROR_FIELDS = {
    "starts_at": "date",
    "ends_at": "end_time",
    "reminder_minutes": "reminders",
    **dict.fromkeys(Activity.JOIN_FIELDS.values(), "ways_to_join"),
}


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of activity is it?"),
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of activity it is")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Families will see it, so say what it is about: for example ‘Design the new baby feeding cafe’."),
        error_messages={"required": _("Enter a title for the activity")},
    )
    description = forms.CharField(
        label=_("What will happen (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written for families: what it is for and what they will do."),
    )
    is_public = forms.BooleanField(
        label=_("Show it on your public site"),
        required=False,
        help_text=_(
            "Anyone can then see it under ‘What’s on’ and ask for a place: its date, venue, access and what it "
            "provides. Names, the link to join online and phone joining details are never shown."
        ),
    )
    stage = forms.ModelChoiceField(
        label=_("Stage of the project (optional)"),
        queryset=Stage.objects.none(),
        required=False,
        empty_label=_("Not part of one stage"),
        error_messages={"invalid_choice": _("Choose one of this project's stages")},
    )
    timing = forms.ChoiceField(
        label=_("When does it happen?"),
        choices=[(AT_TIME, _("At a set date and time")), (WINDOW, _("Over some days, in people's own time"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether it is at a set time or over some days")},
    )
    date = GovukDateField(label=_("Date"))
    start_time = TimeField(label=_("Start time"))
    end_time = TimeField(label=_("End time"))
    window_opens_on = GovukDateField(label=_("First day it is open"))
    window_closes_on = GovukDateField(label=_("Last day it is open"))
    capacity = forms.IntegerField(
        label=_("Places (optional)"),
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        help_text=Activity._meta.get_field("capacity").help_text,
        error_messages={
            "invalid": _("Enter places as a whole number, like 20"),
            "min_value": _("Places must be 1 or more, or leave it empty for no limit"),
        },
    )
    ways_to_join = _hinted(
        forms.MultipleChoiceField(
            label=_("How can people take part?"),
            choices=JoinWay.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Offer more than one way, so people who cannot come one way can still take part."),
            error_messages={"required": _("Choose at least one way to join")},
        ),
        WAY_HINTS,
    )
    venue = forms.ModelChoiceField(
        label=_("Venue (for people coming in person)"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Choose a venue"),
        error_messages={"invalid_choice": _("Choose one of your own organisation's venues")},
    )
    online_link = forms.URLField(
        label=_("Link to join online"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Shared only with people who have a place."),
        error_messages={"invalid": _("Enter a web address in the correct format, like https://meet.example.org/abc")},
    )
    phone_details = forms.CharField(
        label=_("How to join by phone"),
        required=False,
        max_length=200,
        help_text=_("For example: call 01632 960 001 and enter code 1234. Shared only with people who have a place."),
    )
    provisions = forms.MultipleChoiceField(
        label=_("What does the activity provide?"),
        required=False,
        choices=PROVISION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("On top of what the venue has. People's needs are checked against these."),
    )
    interpreter_languages = forms.CharField(
        label=_("Interpreters booked (optional)"),
        required=False,
        max_length=200,
        help_text=_("Languages, separated by commas, for example Polish, Arabic."),
    )
    stakeholder_groups = forms.ModelMultipleChoiceField(
        label=_("Who is it for? (optional)"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from your own organisation's list")},
    )
    hubs = forms.ModelMultipleChoiceField(
        label=_("Hubs (optional)"),
        queryset=Hub.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from your own organisation's list")},
    )
    facilitators = PeopleChoiceField(
        label=_("Facilitators (optional)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose members of your own organisation")},
    )
    lead_on_duty = LeadChoiceField(
        label=_("Safeguarding lead on duty (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("The person at the activity whom others go to with a worry about a child or adult."),
        error_messages={"invalid_choice": _("Choose a member of your own organisation")},
    )
    children_present = forms.BooleanField(label=_("Children will be there"), required=False)
    ratio_adults = forms.IntegerField(
        label=_("Adult-to-child ratio: adults (optional)"),
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        help_text=_("For example 1 adult to 4 children under 3."),
        error_messages={"invalid": _("Enter the number of adults as a whole number, like 1")},
    )
    ratio_children = forms.IntegerField(
        label=_("Adult-to-child ratio: children (optional)"),
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter the number of children as a whole number, like 4")},
    )
    is_recorded = forms.BooleanField(
        label=_("The online session will be recorded"),
        required=False,
        help_text=_("Only with everyone's consent, asked at the start. People can turn their camera off."),
    )
    reminders = forms.MultipleChoiceField(
        label=_("Send reminders to people with a place"),
        required=False,
        choices=REMINDER_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a reminder you do not want sent."),
    )

    def __init__(
        self,
        *args,
        organisation,
        project: Project,
        activity: Activity | None = None,
        now: dt.datetime | None = None,
        **kwargs,
    ) -> None:
        self.organisation, self.project, self.activity, self.now = organisation, project, activity, now
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(activity)
        kwargs.setdefault("initial", {}).setdefault("reminders", [choice for choice, _label in REMINDER_CHOICES])
        kwargs["initial"].setdefault("timing", AT_TIME)
        super().__init__(*args, **kwargs)
        self.fields["kind"].option_hints = {str(k): v for k, v in KIND_HINTS.items()}
        self.fields["stage"].queryset = Stage.objects.filter(project=project).order_by("order", "created_at")
        venues = Venue.objects.for_organisation(organisation).filter(is_archived=False)
        if activity is not None and activity.venue_id:
            venues = Venue.objects.for_organisation(organisation).filter(
                pk__in=[*venues.values_list("pk", flat=True), activity.venue_id]
            )
        self.fields["venue"].queryset = venues.order_by("name")
        self.fields["stakeholder_groups"].queryset = StakeholderGroup.objects.for_organisation(organisation)
        self.fields["hubs"].queryset = Hub.objects.for_organisation(organisation)
        self.fields["facilitators"].queryset = members_of(organisation)
        self.fields["lead_on_duty"].queryset = members_of(organisation)

    @property
    def sections(self) -> list[tuple[str, list]]:
        return [(heading, [self[name] for name in names]) for heading, names in SECTIONS]

    def activity_fields(self) -> dict:
        """The cleaned values as the activity services take them (model field names)."""
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in (
                "kind",
                "title",
                "description",
                "stage",
                "capacity",
                "venue",
                "online_link",
                "phone_details",
                "interpreter_languages",
                "lead_on_duty",
                "children_present",
                "ratio_adults",
                "ratio_children",
                "is_recorded",
                "is_public",
            )
        }
        for name in ("description", "online_link", "phone_details", "interpreter_languages"):
            fields[name] = fields[name] or ""
        fields["kind"] = fields["kind"] or ""
        fields["title"] = fields["title"] or ""
        ways = set(data.get("ways_to_join") or [])
        for way, name in Activity.JOIN_FIELDS.items():
            fields[name] = way in ways
        provisions = set(data.get("provisions") or [])
        for name in Activity.PROVISIONS:
            fields[name] = name in provisions
        for name in ("stakeholder_groups", "hubs", "facilitators"):
            fields[name] = list(data.get(name) or [])
        fields["reminder_minutes"] = [int(value) for value in data.get("reminders") or []]
        if self.activity is not None:
            # Reminders set some other way (the API) and not offered here are kept.
            offered = {int(value) for value, _label in REMINDER_CHOICES}
            fields["reminder_minutes"] += [m for m in self.activity.reminder_minutes if m not in offered]
        fields["starts_at"] = fields["ends_at"] = fields["window_opens_on"] = fields["window_closes_on"] = None
        if data.get("timing") == AT_TIME:
            day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
            if day and start:
                fields["starts_at"] = timezone.make_aware(dt.datetime.combine(day, start))
            if day and end:
                fields["ends_at"] = timezone.make_aware(dt.datetime.combine(day, end))
        elif data.get("timing") == WINDOW:
            fields["window_opens_on"] = data.get("window_opens_on")
            fields["window_closes_on"] = data.get("window_closes_on")
        return fields

    def clean(self) -> dict:
        cleaned = super().clean()
        timing = cleaned.get("timing")
        if timing == AT_TIME:
            for name, message in (
                ("date", _("Enter the date")),
                ("start_time", _("Enter the start time")),
                ("end_time", _("Enter the end time")),
            ):
                if name not in self.errors and cleaned.get(name) is None:
                    self.add_error(name, message)
        elif timing == WINDOW:
            for name, message in (
                ("window_opens_on", _("Enter the first day it is open")),
                ("window_closes_on", _("Enter the last day it is open")),
            ):
                if name not in self.errors and cleaned.get(name) is None:
                    self.add_error(name, message)
        # The same rules the services apply, shown next to their fields (one place for the rules).
        fields = self.activity_fields()
        if self.activity is not None:
            fields = {**services.current_values(self.activity), **fields}
        try:
            services.activity_check(
                organisation=self.organisation,
                project=self.project,
                fields=fields,
                activity=self.activity,
                now=self.now,
            )
        except ValidationError as error:
            self._add_service_errors(error)
        return cleaned

    def _add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            apply_validation_error(self, error)
            return
        for name, errors in error.error_dict.items():
            target = ERROR_FIELDS.get(name, name)
            if name in ("starts_at", "ends_at") and self.cleaned_data.get("timing") != AT_TIME:
                target = "timing"
            if target not in self.fields:
                target = None
            if target is not None and target in self.errors:
                continue  # the field already says what is wrong
            self.add_error(target, errors)


def initial_from(activity: Activity) -> dict:
    initial: dict = {
        name: getattr(activity, name)
        for name in (
            "kind",
            "title",
            "description",
            "capacity",
            "online_link",
            "phone_details",
            "interpreter_languages",
            "children_present",
            "ratio_adults",
            "ratio_children",
            "is_recorded",
            "is_public",
        )
    }
    initial["stage"] = activity.stage_id
    initial["venue"] = activity.venue_id
    initial["lead_on_duty"] = activity.lead_on_duty_id
    initial["ways_to_join"] = [str(way) for way in activity.ways_to_join]
    initial["provisions"] = [name for name in Activity.PROVISIONS if getattr(activity, name)]
    initial["reminders"] = [str(m) for m in activity.reminder_minutes if str(m) in dict(REMINDER_CHOICES)]
    initial["stakeholder_groups"] = [g.pk for g in activity.stakeholder_groups.all()]
    initial["hubs"] = [h.pk for h in activity.hubs.all()]
    initial["facilitators"] = [u.pk for u in activity.facilitators.all()]
    if activity.starts_at is not None:
        start = timezone.localtime(activity.starts_at)
        initial.update(timing=AT_TIME, date=start.date(), start_time=start.time())
        if activity.ends_at is not None:
            initial["end_time"] = timezone.localtime(activity.ends_at).time()
    elif activity.window_opens_on or activity.window_closes_on:
        initial.update(
            timing=WINDOW, window_opens_on=activity.window_opens_on, window_closes_on=activity.window_closes_on
        )
    return initial


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("People who said yes or maybe, and anyone on the waiting list, are sent this."),
        error_messages={"required": _("Say why the activity is cancelled")},
    )


class ActivityFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
        initial="upcoming",
        widget=forms.RadioSelect,
    )
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False, empty_label=_("All projects")
    )
    hub = forms.ModelChoiceField(label=_("Hub"), queryset=Hub.objects.none(), required=False, empty_label=_("All hubs"))
    kind = forms.ChoiceField(
        label=_("Kind of activity"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices]
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_organisation(organisation).order_by("title")
        self.fields["hub"].queryset = Hub.objects.for_organisation(organisation)
        for name in ("project", "hub"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from your own organisation's list")
