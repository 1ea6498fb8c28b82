"""Peer support: peer supporters with their checks and supervision, referrals of families, the support episode a
confirmed match starts (strengths, needs and goals, sessions, navigation to local services, outcomes), and the
organisation's directory of local services.

Who may be matched and how suggestions are ranked is worked out in `coproduce/analysis/matching.py`; these models
hold what it is fed (`peers.matching` turns rows into its dataclasses). A peer supporter with an account sees only
the families of their own support episodes (`SupportEpisodeQuerySet.visible_to`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.matching import WAY_LABELS, CheckKind
from coproduce.core.models import TenantModel, TenantQuerySet


class SupporterStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Taking a break")
    LEFT = "left", _("No longer a peer supporter")


class PeerSupporterQuerySet(TenantQuerySet):
    def active(self) -> PeerSupporterQuerySet:
        return self.filter(status=SupporterStatus.ACTIVE)

    def with_current_families(self) -> PeerSupporterQuerySet:
        """Annotates `current_families`: open support episodes, the families they support now."""
        return self.annotate(
            current_families=models.Count("episodes", filter=Q(episodes__closed_on__isnull=True), distinct=True)
        )


class PeerSupporter(TenantModel):
    """A person (often a parent or carer with lived experience) who supports other families."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="peer_supporter")
    # Their account, when they have one (role: peer supporter): they then see their own families' support.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="peer_supporter_roles"
    )
    # The member of staff who looks after them: told before a check expires or supervision falls due.
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=SupporterStatus.choices, default=SupporterStatus.ACTIVE)
    # Codes from analysis.matching.Experience (or the organisation's own, lower case with underscores).
    experiences = models.JSONField(_("experiences they can draw on"), default=list, blank=True)
    experience_notes = models.TextField(_("more about their experience"), blank=True)
    communities = models.CharField(
        _("communities"),
        max_length=300,
        blank=True,
        help_text=_("Communities they belong to or know well, for example ‘Polish community’ or ‘dads’ groups’."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    hubs = models.ManyToManyField("organisations.Hub", blank=True, related_name="peer_supporters")
    # Postcode districts they cover, e.g. "NB1", as well as their hubs.
    areas = models.JSONField(_("areas"), default=list, blank=True)
    travels = models.BooleanField(_("willing to travel to other areas"), default=False)
    ways = models.JSONField(_("ways they offer support"), default=list, blank=True)  # analysis.matching.Way
    available = models.JSONField(_("when they are available"), default=list, blank=True)  # SLOT_LABELS keys
    capacity = models.PositiveSmallIntegerField(_("families at once"), default=2)
    co_delivers_training = models.BooleanField(_("co-delivers training"), default=False)
    started_on = models.DateField(_("started on"), default=timezone.localdate)

    objects = PeerSupporterQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name", "id"]
        indexes = [
            # Matching: one organisation's active supporters.
            models.Index(fields=["organisation", "status"], name="supporter_org_status"),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def audit_label(self) -> str:
        return f"Peer supporter {self.person.audit_label}"


class SupporterCheck(TenantModel):
    """A DBS check or a piece of training a supporter needs before they can be matched. The newest of each kind
    counts. Supervision is its own record (`Supervision`)."""

    class Kind(models.TextChoices):
        DBS = CheckKind.DBS.value, _("Enhanced DBS (Disclosure and Barring Service) check")
        SAFEGUARDING_TRAINING = CheckKind.SAFEGUARDING_TRAINING.value, _("Safeguarding training")
        PEER_TRAINING = CheckKind.PEER_TRAINING.value, _("Peer support training")

    supporter = models.ForeignKey(PeerSupporter, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    issued_on = models.DateField(_("date issued or completed"))
    expires_on = models.DateField(_("date it expires or must be renewed"))
    # DBS only: signed up to the update service, so the certificate can be checked online at any time.
    update_service = models.BooleanField(_("on the DBS update service"), default=False)
    # A certificate number or course reference; never the content of a DBS certificate.
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-issued_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=F("issued_on")), name="supportercheck_expires_after_issue"
            ),
        ]
        indexes = [
            # The latest check of each kind for a supporter.
            models.Index(fields=["supporter", "kind", "-issued_on"], name="check_supporter_kind"),
            # Reminders: checks expiring in the next weeks, across an organisation.
            models.Index(fields=["organisation", "expires_on"], name="check_org_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.supporter_id}"

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} check"


class Supervision(TenantModel):
    """A supervision session with a supporter: when it was held and when the next one is due."""

    supporter = models.ForeignKey(PeerSupporter, on_delete=models.CASCADE, related_name="supervisions")
    held_on = models.DateField(_("date held"))
    next_due_on = models.DateField(_("next supervision due"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Brief: what was discussed and agreed."))

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(next_due_on__gt=F("held_on")), name="supervision_next_after_held"),
        ]
        indexes = [
            # The latest supervision of a supporter.
            models.Index(fields=["supporter", "-held_on"], name="supervision_supporter_held"),
        ]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on}"

    @property
    def audit_label(self) -> str:
        return f"Supervision on {self.held_on:%d %B %Y}"


class ReferralSource(models.TextChoices):
    STAFF = "staff", _("A member of staff")
    PARTNER = "partner", _("A partner organisation")
    PEER_SUPPORTER = "peer_supporter", _("A peer supporter")
    SELF = "self", _("The family themselves")


class ReferralStatus(models.TextChoices):
    NEW = "new", _("Waiting for a match")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed without a match")


class ReferralQuerySet(TenantQuerySet):
    def waiting(self) -> ReferralQuerySet:
        return self.filter(status=ReferralStatus.NEW)


class Referral(TenantModel):
    """A family referred for peer support, with what they would like help with and their preferences.

    A self-referral from the public form has no person yet: its contact details are kept here, and confirming a
    match links the referral to a person (a new one; for a referral made by staff, an existing one with the same
    email address or phone number). Consent is required (a database constraint as well as the forms): nobody is
    referred without agreeing.
    """

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="peer_referrals"
    )
    source = models.CharField(_("referred by"), max_length=20, choices=ReferralSource.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referrer_name = models.CharField(_("name of the person referring"), max_length=150, blank=True)
    referrer_organisation = models.CharField(_("their organisation"), max_length=200, blank=True)
    # Contact details when there is no person record yet (self-referrals); cleared once linked to a person.
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email address"), blank=True)
    contact_phone = models.CharField(_("phone number"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    hub = models.ForeignKey(
        "organisations.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="peer_referrals"
    )
    help_with = models.TextField(_("what they would like help with"))
    wanted_experiences = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    ways = models.JSONField(default=list, blank=True)
    available = models.JSONField(default=list, blank=True)
    online_only = models.BooleanField(_("online support only"), default=False)
    preferences = models.TextField(
        _("anything else about who would suit them"), blank=True, help_text=_("For example ‘another dad’.")
    )
    consent = models.BooleanField(_("agrees to be referred"), default=False)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    # How consent was given when not online by the family: e.g. "verbally to Priya Shah".
    consent_how = models.CharField(_("how they agreed"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.NEW)
    closed_reason = models.CharField(_("why it was closed"), max_length=300, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="referral_needs_consent"),
        ]
        indexes = [
            # The referrals waiting for a match, oldest first.
            models.Index(fields=["organisation", "status", "created_at"], name="referral_org_status"),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Referral {str(self.pk)[-8:].upper()}"

    @property
    def family_name(self) -> str:
        return self.person.display_name if self.person_id else self.contact_name


class SupportEpisodeQuerySet(TenantQuerySet):
    def open(self) -> SupportEpisodeQuerySet:
        return self.filter(closed_on__isnull=True)

    def visible_to(self, user, organisation) -> SupportEpisodeQuerySet:
        """Everyone who coordinates peer support sees every episode; a peer supporter only their own, while they are
        a peer supporter."""
        if user.has_perm("peers.view_all_support", organisation):
            return self
        # A supporter who has left no longer sees the families they supported (a break keeps them: they come back).
        return self.filter(supporter__user=user).exclude(supporter__status=SupporterStatus.LEFT)


class SupportEpisode(TenantModel):
    """The support a family gets from a supporter, from the confirmed match to its close."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="episode")
    supporter = models.ForeignKey(PeerSupporter, on_delete=models.PROTECT, related_name="episodes")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="peer_support_episodes")
    # The suggestion the coordinator confirmed: its score (0 to 1) and the reasons, as shown then.
    match_score = models.FloatField(null=True, blank=True)
    match_explanation = models.TextField(blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(default=timezone.localdate)
    # Written with the family, in their words.
    strengths = models.TextField(_("what is going well, and the family's strengths"), blank=True)
    needs = models.TextField(_("what the family needs"), blank=True)
    plan_reviewed_on = models.DateField(_("last reviewed with the family"), null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcomes = models.TextField(_("what changed, in the family's own words"), blank=True)

    objects = SupportEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="episode_closes_after_start",
            ),
        ]
        indexes = [
            # A supporter's open families (capacity, and the supporter's own list).
            models.Index(fields=["supporter", "closed_on"], name="episode_supporter_open"),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Peer support {str(self.pk)[-8:].upper()}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class GoalStatus(models.TextChoices):
    WORKING_ON = "working_on", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    CHANGED = "changed", _("Changed or no longer wanted")


class SupportGoal(TenantModel):
    """A goal the family set, in their words."""

    episode = models.ForeignKey(SupportEpisode, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    status = models.CharField(max_length=20, choices=GoalStatus.choices, default=GoalStatus.WORKING_ON)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def audit_label(self) -> str:
        # The family's own words stay out of the audit log, which erasure cannot change.
        return f"Goal {str(self.pk)[-8:].upper()}"


class SessionKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One to one")
    GROUP = "group", _("Group")
    DIGITAL = "digital", _("Digital (phone, text, email, video or social media)")


class SupportSession(TenantModel):
    episode = models.ForeignKey(SupportEpisode, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of session"), max_length=20, choices=SessionKind.choices)
    way = models.CharField(
        _("how"), max_length=20, choices=[(str(way), label) for way, label in WAY_LABELS.items()], blank=True
    )
    minutes = models.PositiveSmallIntegerField(_("how long, in minutes"), null=True, blank=True)
    notes = models.TextField(_("brief notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [
            # An episode's sessions, newest first.
            models.Index(fields=["episode", "-held_on"], name="session_episode_held"),
        ]

    def __str__(self) -> str:
        return f"Session on {self.held_on}"

    @property
    def audit_label(self) -> str:
        return f"Peer support session on {self.held_on:%d %B %Y}"


class WellbeingMoment(models.TextChoices):
    START = "start", _("At the start")
    CLOSE = "close", _("At the close")


class WellbeingScore(TenantModel):
    """The optional short wellbeing measure: the Office for National Statistics' four personal wellbeing
    questions, each 0 to 10, answered by the family at the start and at the close. Any may be left out."""

    episode = models.ForeignKey(SupportEpisode, on_delete=models.CASCADE, related_name="wellbeing")
    moment = models.CharField(max_length=10, choices=WellbeingMoment.choices)
    life_satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    worthwhile = models.PositiveSmallIntegerField(null=True, blank=True)
    happiness = models.PositiveSmallIntegerField(null=True, blank=True)
    anxiety = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["episode", "moment"], name="wellbeing_once_per_moment"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lte": 10}),
                    name=f"wellbeing_{name}_0_to_10",
                )
                for name in ("life_satisfaction", "worthwhile", "happiness", "anxiety")
            ),
        ]

    def __str__(self) -> str:
        return f"Wellbeing {self.moment}"

    @property
    def audit_label(self) -> str:
        return f"Wellbeing answers ({self.moment}) {str(self.pk)[-8:].upper()}"


class ServiceDirectoryEntry(TenantModel):
    """A local service families can be helped to reach, kept by the organisation."""

    name = models.CharField(_("name"), max_length=200)
    offers = models.TextField(_("what it offers"))
    who_for = models.CharField(_("who it is for"), max_length=300)
    how_to_get_there = models.TextField(_("how to get there"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("still running"), default=True)
    last_checked_on = models.DateField(_("details last checked"), default=timezone.localdate)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "service directory entries"
        constraints = [
            models.UniqueConstraint(
                "organisation", models.functions.Lower("name"), name="directory_unique_name_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NavigationOutcome(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REACHED = "reached", _("Got there")
    NOT_REACHED = "not_reached", _("Did not get there")
    NOT_NEEDED = "not_needed", _("No longer needed")


class Navigation(TenantModel):
    """A service the family was helped to reach, and whether they got there."""

    episode = models.ForeignKey(SupportEpisode, on_delete=models.CASCADE, related_name="navigations")
    service = models.ForeignKey(ServiceDirectoryEntry, on_delete=models.PROTECT, related_name="navigations")
    outcome = models.CharField(max_length=20, choices=NavigationOutcome.choices, default=NavigationOutcome.PLANNED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.service} ({self.outcome})"

    @property
    def audit_label(self) -> str:
        return f"Service reached {str(self.pk)[-8:].upper()}"


class FacilitationRole(models.TextChoices):
    CO_FACILITATOR = "co_facilitator", _("Co-facilitator")
    CO_TRAINER = "co_trainer", _("Co-trainer")


class ActivitySupporter(TenantModel):
    """A peer supporter co-facilitating a peer group or co-delivering a training session (an activity)."""

    activity = models.ForeignKey("engagement.Activity", on_delete=models.CASCADE, related_name="peer_supporters")
    supporter = models.ForeignKey(PeerSupporter, on_delete=models.CASCADE, related_name="activities")
    role = models.CharField(max_length=20, choices=FacilitationRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "supporter"], name="activity_supporter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} ({self.role})"

    @property
    def audit_label(self) -> str:
        return f"{self.get_role_display()} {str(self.pk)[-8:].upper()}"
