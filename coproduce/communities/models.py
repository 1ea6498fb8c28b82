"""Communities of practice: time-limited learning groups hosted by one organisation, with a goal, a scope, a
facilitator and a senior sponsor; their members (who may belong to other organisations), the themes they work on
("solving a problem" or "capturing an opportunity"), a learning log, shared resources, and meetings (the host's
engagement activities).

Every record belongs to the host organisation (`organisation`). A member from another organisation sees only the
records of the communities they belong to: `CommunityQuerySet.visible_to` and `coproduce.communities.access`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coproduce.core.models import TenantModel, TenantQuerySet

VIEW_COMMUNITIES = "communities.view_communities"


@dataclass(frozen=True)
class TimeLimit:
    """Where a community stands against its natural time limit, for a tag: words and a GOV.UK tag colour."""

    words: str
    colour: str
    ended: bool = False
    review_due: bool = False


class CommunityQuerySet(TenantQuerySet):
    def visible_to(self, user, organisation) -> CommunityQuerySet:
        """The communities `user` may see while working in `organisation`: the organisation's own (if their role
        there allows it) and those elsewhere that they were explicitly made a member of."""
        if user is None or not user.is_authenticated:
            return self.none()
        # An explicit membership counts while they still belong to the organisation they take part from: someone
        # who leaves it (or is removed) loses the community with it.
        memberships = CommunityMember.objects.filter(user=user, home_organisation__memberships__user=user)
        condition = Q(pk__in=memberships.values("community_id"))
        if organisation is not None and user.has_perm(VIEW_COMMUNITIES, organisation):
            condition |= Q(organisation=organisation)
        return self.filter(condition)


class CommunityOfPractice(TenantModel):
    class Status(models.TextChoices):
        ACTIVE = "active", gettext_lazy("Active")
        ENDED = "ended", gettext_lazy("Ended")

    name = models.CharField(gettext_lazy("name"), max_length=150)
    goal = models.TextField(
        gettext_lazy("goal"), help_text=gettext_lazy("What the community wants to learn or change together.")
    )
    scope_in = models.TextField(
        gettext_lazy("in scope"), blank=True, help_text=gettext_lazy("What the community will look at.")
    )
    scope_out = models.TextField(
        gettext_lazy("out of scope"), blank=True, help_text=gettext_lazy("What it will leave to others.")
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("facilitator"),
    )
    senior_sponsor = models.CharField(
        gettext_lazy("senior sponsor"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Name and role of the senior leader who backs the community, for example a director."),
    )
    started_on = models.DateField(gettext_lazy("start date"))
    ends_on = models.DateField(gettext_lazy("end date"), null=True, blank=True)
    review_on = models.DateField(gettext_lazy("review date"), null=True, blank=True)
    status = models.CharField(gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("community of practice")
        verbose_name_plural = gettext_lazy("communities of practice")
        indexes = [
            # The list page: an organisation's communities by name.
            models.Index(fields=["organisation", "name"], name="community_org_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("started_on")), name="community_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gte=F("started_on")),
                name="community_review_after_start",
            ),
            models.CheckConstraint(condition=Q(status__in=["active", "ended"]), name="community_status_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def time_limit(self, today: dt.date) -> TimeLimit:
        """'Ended', 'Review due', 'Ends in N weeks' or 'Active': the brief notes communities of practice may have a
        natural time limit, so the page says where this one stands."""
        if self.status == self.Status.ENDED or (self.ends_on is not None and self.ends_on < today):
            return TimeLimit(_("Ended"), "grey", ended=True)
        if self.review_on is not None and self.review_on <= today:
            return TimeLimit(_("Review due"), "orange", review_due=True)
        if self.ends_on is not None:
            days = (self.ends_on - today).days
            if days == 0:
                return TimeLimit(_("Ends today"), "yellow")
            if days < 14:
                return TimeLimit(ngettext("Ends in %(n)s day", "Ends in %(n)s days", days) % {"n": days}, "yellow")
            weeks = days // 7
            colour = "yellow" if weeks <= 4 else "blue"
            return TimeLimit(ngettext("Ends in %(n)s week", "Ends in %(n)s weeks", weeks) % {"n": weeks}, colour)
        return TimeLimit(_("Active"), "green")


class CommunityMember(TenantModel):
    """A person in a community: a member of the host organisation, or a member of another organisation on the
    platform who was added explicitly. Being a member here shows them this community's own records only."""

    class Role(models.TextChoices):
        MEMBER = "member", gettext_lazy("Member")
        FACILITATOR = "facilitator", gettext_lazy("Facilitator")

    community = models.ForeignKey(CommunityOfPractice, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships")
    # Which organisation they take part from, recorded when they were added (kept if they later leave it).
    home_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("their organisation"),
    )
    expertise = models.TextField(
        gettext_lazy("areas of expertise"),
        blank=True,
        help_text=gettext_lazy("What they know about and can share, for example infant feeding or working with dads."),
    )
    role = models.CharField(gettext_lazy("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["user__full_name", "user__email"]
        indexes = [
            # "Communities I am a member of", on every community page and the list.
            models.Index(fields=["user", "community"], name="community_member_user"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_member_once"),
            models.CheckConstraint(condition=Q(role__in=["member", "facilitator"]), name="community_member_role"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def audit_label(self) -> str:
        # Members may be parents (peer supporters, forum members): audit lines name them by an opaque reference.
        return f"Community member {str(self.pk)[-8:].upper()}"


class CommunityTheme(TenantModel):
    """Something the community works on. The brief asks for a balance of solving problems and capturing
    opportunities, so each theme is one or the other."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", gettext_lazy("Solving a problem")
        OPPORTUNITY = "opportunity", gettext_lazy("Capturing an opportunity")

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Being worked on")
        DONE = "done", gettext_lazy("Done")
        PARKED = "parked", gettext_lazy("Parked for now")

    community = models.ForeignKey(CommunityOfPractice, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(gettext_lazy("title"), max_length=200)
    kind = models.CharField(gettext_lazy("kind of theme"), max_length=12, choices=Kind.choices)
    status = models.CharField(gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["problem", "opportunity"]), name="community_theme_kind"),
            models.CheckConstraint(condition=Q(status__in=["open", "done", "parked"]), name="community_theme_status"),
        ]

    def __str__(self) -> str:
        return self.title


class LearningLogEntry(TenantModel):
    """What a member tried, what they learnt, and what changed in whose organisation."""

    community = models.ForeignKey(CommunityOfPractice, on_delete=models.CASCADE, related_name="log_entries")
    theme = models.ForeignKey(
        CommunityTheme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="log_entries",
        verbose_name=gettext_lazy("theme"),
    )
    happened_on = models.DateField(gettext_lazy("date"))
    tried = models.TextField(gettext_lazy("what was tried"))
    learnt = models.TextField(gettext_lazy("what was learnt"))
    changed = models.TextField(gettext_lazy("what changed"), blank=True)
    changed_in = models.CharField(
        gettext_lazy("in whose organisation"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("The organisation where it changed, for example Southby Family Hubs or a school."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        verbose_name_plural = "learning log entries"
        indexes = [
            # A community's log, newest first.
            models.Index(fields=["community", "-happened_on", "-created_at"], name="community_log_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y}: {self.tried[:60]}"

    @property
    def audit_label(self) -> str:
        # The audit log names an entry without its words, which belong to the community.
        return f"Learning log entry {str(self.pk)[-8:]}"


class SharedResource(TenantModel):
    """A link or a short note the community shares (no files: a link to where the document lives)."""

    community = models.ForeignKey(CommunityOfPractice, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(gettext_lazy("title"), max_length=200)
    url = models.URLField(gettext_lazy("link"), max_length=500, blank=True)
    text = models.TextField(gettext_lazy("short text"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(text=""), name="community_resource_link_or_text"),
        ]

    def __str__(self) -> str:
        return self.title


class CommunityMeeting(TenantModel):
    """One of the host's engagement activities, held as a meeting of the community."""

    community = models.ForeignKey(CommunityOfPractice, on_delete=models.CASCADE, related_name="meetings")
    activity = models.ForeignKey("engagement.Activity", on_delete=models.CASCADE, related_name="community_meetings")

    class Meta:
        ordering = ["activity__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["community", "activity"], name="community_meeting_once"),
        ]

    def __str__(self) -> str:
        return str(self.activity)
