"""Learning: the organisation's courses, their sessions and who completed them (families, peer supporters and staff),
the induction checklist for new co-producers, the private reflection journal of staff with its prompts, and the
organisation's guidance (linked from the decision form's "assumptions and biases checked" prompt).

A trainee is either a person (a family member or a peer supporter, `people.Person`) or a member of staff (a user
account): exactly one of the two, held by a database constraint. Reflection entries are private to their author
(`ReflectionEntryQuerySet.visible_to`): no role, not even an administrator, reads another member's entry unless
the author shared it with the team.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet
from coproduce.organisations.models import Membership


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st becomes the last day of a shorter month (31 Jan + 1 = 28 or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Exactly one of a person or a user account: the trainee of a completion, or whoever an induction item is done for.
ONE_TRAINEE = (Q(person__isnull=False) & Q(user__isnull=True)) | (Q(person__isnull=True) & Q(user__isnull=False))


class Audience(models.TextChoices):
    FAMILIES = "families", _("Families and peer supporters")
    STAFF = "staff", _("Staff")
    BOTH = "both", _("Everyone")


# --- courses --------------------------------------------------------------------------------------------------


class CourseQuerySet(TenantQuerySet):
    def current(self) -> CourseQuerySet:
        return self.filter(retired_at__isnull=True)


class Course(TenantModel):
    """A course the organisation offers or expects, such as safeguarding or co-production basics."""

    name = models.CharField(_("name"), max_length=150)
    covers = models.TextField(_("what it covers"), blank=True)
    audience = models.CharField(_("who it is for"), max_length=20, choices=Audience.choices, default=Audience.BOTH)
    who_for_notes = models.CharField(
        _("more about who it is for"),
        max_length=300,
        blank=True,
        help_text=_("For example ‘everyone who runs sessions with families’."),
    )
    # None: it never expires.
    valid_for_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)
    delivered_by = models.CharField(
        _("delivered by"),
        max_length=200,
        blank=True,
        help_text=_("The trainer or organisation, for example ‘Northby Safeguarding Partnership’."),
    )
    co_trainers = models.ManyToManyField(
        "peers.PeerSupporter", blank=True, related_name="courses_co_delivered", verbose_name=_("co-trainers")
    )
    suggested_key = models.CharField(max_length=40, blank=True, editable=False)  # a suggested course's code
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="course_unique_name_per_org"),
            models.CheckConstraint(
                condition=Q(valid_for_months__isnull=True) | Q(valid_for_months__gte=1), name="course_valid_months"
            ),
            models.CheckConstraint(condition=Q(audience__in=Audience.values), name="course_audience_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def expiry_for(self, completed_on: dt.date) -> dt.date | None:
        """When a completion on `completed_on` runs out (None: never)."""
        return add_months(completed_on, self.valid_for_months) if self.valid_for_months else None


class CourseSession(TenantModel):
    """One time a course is run: when and where, optionally as an engagement activity (so families can be invited
    and their barriers removed as for any other activity)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("where"), max_length=200, blank=True, help_text=_("A place, or leave it empty."))
    online = models.BooleanField(_("online"), default=False)
    activity = models.ForeignKey(
        "engagement.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_sessions",
        verbose_name=_("activity"),
    )
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [
            # A course's sessions, newest first.
            models.Index(fields=["course", "-held_on"], name="coursesession_course_held"),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.held_on:%-d %b %Y})"


class CompletionQuerySet(TenantQuerySet):
    def expiring_before(self, day: dt.date) -> CompletionQuerySet:
        return self.filter(expires_on__isnull=False, expires_on__lt=day)


class Completion(TenantModel):
    """Someone finished a course (at a session or elsewhere). It runs out on `expires_on` (None: never), worked
    out from the course's validity when recorded and editable afterwards."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    session = models.ForeignKey(
        CourseSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="completions"
    )
    # A family member or peer supporter …
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="course_completions"
    )
    # … or a member of staff (their account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="course_completions"
    )
    completed_on = models.DateField(_("date completed"))
    expires_on = models.DateField(_("date it expires"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=ONE_TRAINEE, name="completion_person_or_user"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("completed_on")),
                name="completion_expires_after_completed",
            ),
            # Attendance at a session is recorded once per trainee.
            models.UniqueConstraint(
                fields=["session", "person"], condition=Q(session__isnull=False), name="completion_session_person"
            ),
            models.UniqueConstraint(
                fields=["session", "user"], condition=Q(session__isnull=False), name="completion_session_user"
            ),
        ]
        indexes = [
            # The training matrix and reminders: an organisation's completions by expiry.
            models.Index(fields=["organisation", "expires_on"], name="completion_org_expires"),
            # A course's completions.
            models.Index(fields=["course", "-completed_on"], name="completion_course"),
        ]

    def __str__(self) -> str:
        return f"{self.course} completed {self.completed_on}"

    @property
    def audit_label(self) -> str:
        return f"Course completion {str(self.pk)[-8:]}"

    @property
    def trainee(self):
        return self.person if self.person_id else self.user


# --- induction ------------------------------------------------------------------------------------------------


class InductionItemQuerySet(TenantQuerySet):
    def current(self) -> InductionItemQuerySet:
        return self.filter(retired_at__isnull=True)

    def for_audience(self, audience: str) -> InductionItemQuerySet:
        return self.filter(audience__in=[audience, Audience.BOTH])


class InductionItem(TenantModel):
    """One thing a new co-producer is introduced to. Retired items stay (with who had done them), unlisted."""

    text = models.CharField(_("what to cover"), max_length=300)
    audience = models.CharField(_("who it is for"), max_length=20, choices=Audience.choices, default=Audience.BOTH)
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)
    suggested_key = models.CharField(max_length=40, blank=True, editable=False)

    objects = InductionItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(audience__in=Audience.values), name="inductionitem_audience_valid"),
        ]
        indexes = [
            # The checklist: an organisation's current items in order.
            models.Index(fields=["organisation", "order"], name="inductionitem_org_order"),
        ]

    def __str__(self) -> str:
        return self.text


class InductionProgress(TenantModel):
    """An induction item done, by a member of staff (their account) or for a family member (a person)."""

    item = models.ForeignKey(InductionItem, on_delete=models.CASCADE, related_name="progress")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="induction_progress"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="induction_progress"
    )
    done_on = models.DateField(_("done on"))
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item__order", "created_at"]
        constraints = [
            models.CheckConstraint(condition=ONE_TRAINEE, name="inductionprogress_person_or_user"),
            models.UniqueConstraint(
                fields=["item", "person"], condition=Q(person__isnull=False), name="inductionprogress_once_person"
            ),
            models.UniqueConstraint(
                fields=["item", "user"], condition=Q(user__isnull=False), name="inductionprogress_once_user"
            ),
        ]

    @property
    def audit_label(self) -> str:
        return f"Induction progress {str(self.pk)[-8:]}"


# --- reflection -----------------------------------------------------------------------------------------------


class ReflectionPromptQuerySet(TenantQuerySet):
    def current(self) -> ReflectionPromptQuerySet:
        return self.filter(retired_at__isnull=True)


class ReflectionPrompt(TenantModel):
    """One of the organisation's own reflection prompts (the brief's six questions are always offered as well)."""

    text = models.CharField(_("prompt"), max_length=300)
    hint = models.CharField(_("hint"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)
    suggested_key = models.CharField(max_length=40, blank=True, editable=False)

    objects = ReflectionPromptQuerySet.as_manager()

    class Meta:
        ordering = ["order", "created_at"]

    def __str__(self) -> str:
        return self.text


class ReflectionEntryQuerySet(TenantQuerySet):
    def written_by(self, user) -> ReflectionEntryQuerySet:
        return self.filter(author=user)

    def shared(self) -> ReflectionEntryQuerySet:
        return self.filter(shared_at__isnull=False)

    def visible_to(self, user, organisation) -> ReflectionEntryQuerySet:
        """The entries `user` may read: their own, and those shared with the team if they may reflect. No role
        (and no platform administrator) reads anyone else's private entry."""
        mine = Q(author=user)
        if user.has_perm("learning.reflect", organisation):
            # Shared entries of colleagues still in the organisation: someone who leaves can no longer unshare.
            colleagues = Membership.objects.filter(organisation=organisation).values("user_id")
            mine |= Q(shared_at__isnull=False, author_id__in=colleagues)
        return self.for_organisation(organisation).filter(mine)


class ReflectionEntry(TenantModel):
    """A member of staff's private reflection. Personal data of its author only: it appears in no export or list
    but the author's own (and the team's shared view while they share it and still belong to the organisation).
    `answers` is a list of {"key", "question", "answer"}: the question's words are kept with the answer, so an entry
    still reads right after a prompt is changed or retired."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections")
    title = models.CharField(_("title"), max_length=150, blank=True)
    written_on = models.DateField(_("date"))
    answers = models.JSONField(default=list, blank=True)
    notes = models.TextField(_("anything else"), blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = ReflectionEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-created_at"]
        indexes = [
            # My journal, newest first.
            models.Index(fields=["author", "-written_on"], name="reflection_author_written"),
            # The team's shared reflections.
            models.Index(
                fields=["organisation", "-shared_at"],
                name="reflection_org_shared",
                condition=Q(shared_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Reflection of {self.written_on}"

    @property
    def audit_label(self) -> str:
        # Never the title or words: the audit log must not carry a private reflection.
        return f"Reflection {str(self.pk)[-8:]}"

    @property
    def answered(self) -> list[dict]:
        return [item for item in self.answers if str(item.get("answer", "")).strip()]


# --- guidance -------------------------------------------------------------------------------------------------


class OrganisationGuidance(TenantModel):
    """A piece of guidance the organisation points its staff to, such as the difference between migrants,
    refugees and asylum seekers. Listed on the decision form's "assumptions and biases checked" prompt."""

    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("guidance text"), blank=True)
    order = models.PositiveIntegerField(default=0)
    suggested_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["order", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(text=""), name="guidance_link_or_text"),
        ]

    def __str__(self) -> str:
        return self.title
