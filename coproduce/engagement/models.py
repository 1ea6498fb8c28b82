"""Engagement: the activities families take part in, where they happen (venues), who is invited and how they
replied, the barrier check's to-do list, "When suits you?" polls, the attendance register, and the private
calendar feed each person can subscribe to.

The matching of needs against provisions lives in coproduce/analysis/barriers.py, the choice of a poll slot in
coproduce/analysis/scheduling.py, the timing warnings in coproduce/analysis/activity_warnings.py.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet
from coproduce.core.translations import Translatable


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class Venue(TenantModel):
    """A place activities happen, with what it offers for access. Kept by the organisation and reused."""

    name = models.CharField(_("name"), max_length=150)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    hub = models.ForeignKey(
        "organisations.Hub",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
        verbose_name=_("hub"),
        help_text=_("If the venue is a family hub or part of one."),
    )
    how_to_get_there = models.TextField(_("how to get there"), blank=True)
    step_free = models.BooleanField(_("Step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("Accessible toilet"), default=False)
    hearing_loop = models.BooleanField(_("Hearing loop"), default=False)
    baby_change = models.BooleanField(_("Baby changing"), default=False)
    breastfeeding_space = models.BooleanField(_("A space to breastfeed"), default=False)
    quiet_room = models.BooleanField(_("Quiet room"), default=False)
    parking = models.BooleanField(_("Parking"), default=False)
    public_transport = models.BooleanField(_("Near public transport"), default=False)
    creche = models.BooleanField(_("Crèche"), default=False)
    access_notes = models.TextField(_("anything else about access"), blank=True)
    is_archived = models.BooleanField(_("no longer used"), default=False)

    FACILITIES = (
        "step_free",
        "accessible_toilet",
        "hearing_loop",
        "baby_change",
        "breastfeeding_space",
        "quiet_room",
        "parking",
        "public_transport",
        "creche",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="venue_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"Venue {self.name}"


class SchoolHoliday(TenantModel):
    """A school holiday (or a training day) in the organisation's area: activities then get a warning. Bank
    holidays come from the govuk-bank-holidays package and need no entry here."""

    name = models.CharField(_("name"), max_length=100, help_text=_("For example, October half term."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="schoolholiday_in_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"School holiday {self.name}"


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    CO_DESIGN = "co_design", _("Co-design session")
    FOCUS_GROUP = "focus_group", _("Focus group")
    DROP_IN = "drop_in", _("Drop-in")
    PEER_SUPPORT = "peer_support", _("Peer support group")
    PANEL_MEETING = "panel_meeting", _("Panel meeting")
    TRAINING = "training", _("Training")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire (data collection)")
    ONE_TO_ONE = "one_to_one", _("One-to-one conversation")
    HOME_VISIT = "home_visit", _("Home visit conversation")


class JoinWay(models.TextChoices):
    """The ways to join, with the same codes as coproduce.analysis.barriers.Join."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")
    POST = "post", _("By post or on paper")
    ASYNC = "async", _("In their own time")


class ActivityQuerySet(TenantQuerySet):
    def upcoming(self, now) -> ActivityQuerySet:
        return self.filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True, window_closes_on__gte=now.date()))


class Activity(Translatable, TenantModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSLATED_FIELDS = ("description",)

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="activities")
    stage = models.ForeignKey(
        "projects.Stage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("stage"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of activity"), max_length=20, choices=ActivityKind.choices)
    description = models.TextField(
        _("what will happen"), blank=True, help_text=_("Written for families: what it is for, what they will do.")
    )
    # On the organisation's public site: open to anyone, with its access information (no names, no links to join).
    is_public = models.BooleanField(
        _("show on the public site"),
        default=False,
        help_text=_("Anyone can see it on your public site and ask to come. Names and links to join are never shown."),
    )
    # A date and time, or an open window (questionnaires and other things done in people's own time).
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    window_opens_on = models.DateField(_("opens"), null=True, blank=True)
    window_closes_on = models.DateField(_("closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty if there is no limit. When it is full, people who say yes join a waiting list."),
    )
    hubs = models.ManyToManyField("organisations.Hub", blank=True, related_name="activities", verbose_name=_("hubs"))
    stakeholder_groups = models.ManyToManyField(
        "stakeholders.StakeholderGroup", blank=True, related_name="activities", verbose_name=_("who it is for")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_activities", verbose_name=_("facilitators")
    )
    # Ways to join.
    join_in_person = models.BooleanField(_("In person"), default=False)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="activities", verbose_name=_("venue")
    )
    join_online = models.BooleanField(_("Online"), default=False)
    online_link = models.URLField(
        _("link to join online"), blank=True, help_text=_("Shared only with people who have said they are coming.")
    )
    join_phone = models.BooleanField(_("By phone"), default=False)
    phone_details = models.CharField(
        _("how to join by phone"),
        max_length=200,
        blank=True,
        help_text=_("Shared only with people who have said they are coming."),
    )
    join_post = models.BooleanField(_("By post or on paper"), default=False)
    join_async = models.BooleanField(_("In their own time"), default=False)
    # What the activity itself provides, on top of the venue.
    childcare = models.BooleanField(_("Childcare"), default=False)
    interpreter_languages = models.CharField(
        _("interpreters booked"), max_length=200, blank=True, help_text=_("Languages, separated by commas.")
    )
    bsl = models.BooleanField(_("British Sign Language (BSL) interpreter"), default=False)
    easy_read = models.BooleanField(_("Easy read materials"), default=False)
    large_print = models.BooleanField(_("Large print materials"), default=False)
    travel_costs_paid = models.BooleanField(_("Travel costs paid"), default=False)
    food = models.BooleanField(_("Food and drink"), default=False)
    devices_or_data = models.BooleanField(_("Devices or data to join online"), default=False)
    # Safeguarding on the day.
    lead_on_duty = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("safeguarding lead on duty"),
    )
    children_present = models.BooleanField(_("children will be there"), default=False)
    ratio_adults = models.PositiveSmallIntegerField(_("adults"), null=True, blank=True)
    ratio_children = models.PositiveSmallIntegerField(_("children"), null=True, blank=True)
    is_recorded = models.BooleanField(
        _("the online session will be recorded"),
        default=False,
        help_text=_("Only with everyone's consent, asked at the start."),
    )
    # Reminders, in minutes before the start (default 2 days and 2 hours).
    reminder_minutes = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    PROVISIONS = (
        "childcare",
        "bsl",
        "easy_read",
        "large_print",
        "travel_costs_paid",
        "food",
        "devices_or_data",
    )
    JOIN_FIELDS = {
        JoinWay.IN_PERSON: "join_in_person",
        JoinWay.ONLINE: "join_online",
        JoinWay.PHONE: "join_phone",
        JoinWay.POST: "join_post",
        JoinWay.ASYNC: "join_async",
    }
    DEFAULT_REMINDER_MINUTES = (2 * 24 * 60, 2 * 60)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "window_opens_on", "title"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["organisation", "starts_at"], name="activity_org_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Activity {self.title}"

    @property
    def is_data_collection(self) -> bool:
        return self.kind == ActivityKind.QUESTIONNAIRE

    @property
    def ways_to_join(self) -> list[str]:
        return [way for way, field in self.JOIN_FIELDS.items() if getattr(self, field)]

    @property
    def languages(self) -> list[str]:
        return [part.strip() for part in self.interpreter_languages.split(",") if part.strip()]


class Reply(models.TextChoices):
    INVITED = "invited", _("Not replied yet")
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class InvitationQuerySet(TenantQuerySet):
    def coming(self) -> InvitationQuerySet:
        """People with a place: yes, and not on the waiting list."""
        return self.filter(reply=Reply.YES, on_waiting_list=False)


class Invitation(TenantModel):
    """A person invited to an activity, and their reply (one per person per activity)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="activity_invitations")
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, default=Reply.INVITED)
    joining = models.CharField(_("how they will join"), max_length=10, choices=JoinWay.choices, blank=True)
    on_waiting_list = models.BooleanField(_("on the waiting list"), default=False)
    replied_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How the invitation went: email, sms, or "staff" when staff asked the person themselves.
    channel = models.CharField(max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="invitation_once_per_activity"),
        ]
        indexes = [models.Index(fields=["activity", "reply", "on_waiting_list"], name="invitation_activity_reply")]

    def __str__(self) -> str:
        return f"{self.person} to {self.activity}"

    @property
    def audit_label(self) -> str:
        return f"Invitation {str(self.pk)[-8:]}"


class BarrierToDo(TenantModel):
    """A line of an activity's barrier to-do list that the organiser has ticked off ("book a Polish
    interpreter"). The list itself is computed each time by coproduce.analysis.barriers; `key` is its ToDo.key."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="barrier_todos")
    key = models.CharField(max_length=100)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("what was arranged"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "key"], name="barriertodo_once")]

    @property
    def audit_label(self) -> str:
        return f"Barrier to-do {self.key}"


class Poll(TenantModel):
    """A "When suits you?" poll: the organiser proposes slots for an activity, people mark each one."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("question"), max_length=200, default="When suits you?")
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    chosen_slot = models.ForeignKey("PollSlot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    @property
    def audit_label(self) -> str:
        return f"Poll {str(self.pk)[-8:]}"


class PollSlot(TenantModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]


class PollAnswer(TenantModel):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "if_need_be", _("If need be")
        NO = "no", _("No")

    class Via(models.TextChoices):
        LINK = "link", _("Their link")
        TEXT = "text", _("Text message reply")
        STAFF = "staff", _("Entered by staff")

    slot = models.ForeignKey(PollSlot, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="poll_answers")
    answer = models.CharField(max_length=12, choices=Answer.choices)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.LINK)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "person"], name="pollanswer_once")]


class HeardAbout(models.TextChoices):
    """How a walk-in heard about the activity (asked on the register), to see which ways of reaching families work."""

    HUB = "hub", _("At the family hub, or from staff")
    FRIEND = "friend", _("From a friend or family member")
    SCHOOL_OR_HEALTH = "school_or_health", _("From a school, nursery, health visitor or GP")
    SOCIAL_MEDIA = "social_media", _("Social media or a website")
    POSTER = "poster", _("A poster or leaflet")
    PASSING = "passing", _("They were passing or already here")
    OTHER = "other", _("Another way")


class Attendance(TenantModel):
    """A line of the attendance register: someone registered (from their invitation) or a walk-in."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="attendance")
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    attended = models.BooleanField(_("came"), default=False)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    heard_about = models.CharField(_("how they heard about it"), max_length=20, choices=HeardAbout.choices, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2, null=True, blank=True)
    # Need code -> whether it was provided on the day, e.g. {"childcare": true, "interpreter": false}.
    needs_provided = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="attendance_once")]

    @property
    def audit_label(self) -> str:
        return f"Attendance {str(self.pk)[-8:]}"


class CalendarFeed(TenantModel):
    """A person's private calendar feed (iCalendar) of the activities they are coming to. The key is the secret
    in the feed's address; a new key cancels the old address."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="calendar_feed")
    key = models.CharField(max_length=40, unique=True, default=new_feed_key)

    @property
    def audit_label(self) -> str:
        return f"Calendar feed {str(self.pk)[-8:]}"
