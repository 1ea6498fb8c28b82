"""Decisions and promises: what was decided, by whom and on what evidence, and what the organisation promised
families in answer ("we will …"), with each promise's status and its history until it is kept or honestly explained.

Families present at a decision are stored as people; public pages name them only where they have consent.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.follow_through import PromiseRecord
from coproduce.analysis.participation import degree_choices
from coproduce.core.models import TenantModel, TenantQuerySet
from coproduce.core.translations import Translatable
from coproduce.projects.models import DEGREE_VALIDATORS


class DecisionQuerySet(TenantQuerySet):
    def due_for_review(self, on: dt.date) -> DecisionQuerySet:
        """Decisions whose review date has come (for the review reminder)."""
        return self.filter(review_date__isnull=False, review_date__lte=on)

    def highest_degree_by_stage(self) -> dict:
        """{stage id: the highest degree of participation recorded by these decisions at that stage}."""
        rows = (
            self.filter(stage__isnull=False, degree_of_participation__isnull=False)
            .values("stage_id")
            .annotate(highest=Max("degree_of_participation"))
            .order_by()
        )
        return {row["stage_id"]: row["highest"] for row in rows}


class Decision(TenantModel):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="decisions")
    stage = models.ForeignKey(
        "projects.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    title = models.CharField(_("title"), max_length=200)
    what_was_decided = models.TextField(_("what was decided"))
    decided_on = models.DateField(_("date of the decision"))
    decided_by = models.TextField(
        _("who decided"),
        blank=True,
        help_text=_(
            "The meeting or group, and the roles of the people there, for example 'Hub steering group: 4 parents, "
            "the hub manager and a health visitor'. Add families under 'people present' rather than naming them "
            "here, so that they are named in public only if they agreed."
        ),
    )
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="decisions_present_at", verbose_name=_("staff present")
    )
    people_present = models.ManyToManyField(
        "people.Person", blank=True, related_name="decisions_present_at", verbose_name=_("people present")
    )
    stakeholder_groups_present = models.ManyToManyField(
        "stakeholders.StakeholderGroup", blank=True, related_name="decisions", verbose_name=_("groups present")
    )
    options_considered = models.TextField(_("options considered"), blank=True)
    assumptions_checked = models.TextField(
        _("assumptions and biases checked"),
        blank=True,
        help_text=_(
            "Before deciding: what are we assuming about families? Whose voices are missing? Would we decide the "
            "same if the families most affected were in the room?"
        ),
    )
    degree_of_participation = models.PositiveSmallIntegerField(
        _("degree of participation achieved"),
        null=True,
        blank=True,
        choices=degree_choices(),
        validators=DEGREE_VALIDATORS,
    )
    contributions = models.ManyToManyField(
        "contributions.Contribution", blank=True, related_name="decisions", verbose_name=_("contributions")
    )
    activities = models.ManyToManyField(
        "engagement.Activity", blank=True, related_name="decisions", verbose_name=_("activities")
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        indexes = [
            # The organisation's decision log, newest first.
            models.Index(fields=["organisation", "-decided_on"], name="decision_org_decided"),
            # A project's decision log, newest first.
            models.Index(fields=["project", "-decided_on"], name="decision_project_decided"),
            # The review reminder: decisions whose review date has come.
            models.Index(fields=["review_date"], name="decision_review", condition=Q(review_date__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(degree_of_participation__isnull=True) | Q(degree_of_participation__range=(1, 5)),
                name="decision_degree_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(review_date__isnull=True) | Q(review_date__gte=models.F("decided_on")),
                name="decision_review_after_decided",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Decision {str(self.pk)[-8:]}"


class PromiseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    KEPT = "kept", _("Kept")
    CHANGED = "changed", _("Changed")
    NOT_POSSIBLE = "not_possible", _("Not possible")


# Statuses that end a promise: it is no longer open, so it can no longer be overdue.
CLOSED_STATUSES = (PromiseStatus.KEPT, PromiseStatus.CHANGED, PromiseStatus.NOT_POSSIBLE)
# Statuses families must be given a reason for, in words they will understand.
EXPLAINED_STATUSES = (PromiseStatus.CHANGED, PromiseStatus.NOT_POSSIBLE)


class PromiseQuerySet(TenantQuerySet):
    def open(self) -> PromiseQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: dt.date) -> PromiseQuerySet:
        """Open promises whose due date has passed (the same rule as analysis.follow_through.is_overdue)."""
        return self.open().filter(due_date__isnull=False, due_date__lt=today)

    def owned_by(self, user) -> PromiseQuerySet:
        return self.filter(owner=user)

    def as_records(self) -> list[PromiseRecord]:
        """Plain records for analysis.follow_through, in one query."""
        return [
            PromiseRecord(due=due, status=status, kept_on=kept_on)
            for due, status, kept_on in self.order_by().values_list("due_date", "status", "kept_on")
        ]


class Promise(Translatable, TenantModel):
    """Something the organisation promised families ("we will …"), answering decisions and contributions."""

    TRANSLATED_FIELDS = ("text", "public_explanation")

    Status = PromiseStatus

    # Optional: some promises answer the organisation as a whole. A promise outlives its project's deletion.
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="promises"
    )
    text = models.CharField(_("we will…"), max_length=500)
    # PROTECT: accounts are anonymised, never deleted, so a promise always has someone answerable for it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="promises_owned", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PromiseStatus.choices, default=PromiseStatus.PLANNED)
    public_explanation = models.TextField(
        _("explanation for families"),
        blank=True,
        help_text=_("Shown in public with the status. Write it for families: what happened and why."),
    )
    decisions = models.ManyToManyField(Decision, blank=True, related_name="promises", verbose_name=_("decisions"))
    contributions = models.ManyToManyField(
        "contributions.Contribution", blank=True, related_name="promises", verbose_name=_("contributions")
    )
    kept_on = models.DateField(_("kept on"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [
            # Overdue and open promises of an organisation (public list, reminders), by due date.
            models.Index(fields=["organisation", "status", "due_date"], name="promise_org_status_due"),
            # "Your promises": an owner's promises by status.
            models.Index(fields=["owner", "status"], name="promise_owner_status"),
            # A project's promises.
            models.Index(fields=["project", "due_date"], name="promise_project_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PromiseStatus.values), name="promise_status_valid"),
            # Kept promises have the date they were kept; others have none.
            models.CheckConstraint(
                condition=Q(status=PromiseStatus.KEPT, kept_on__isnull=False)
                | (~Q(status=PromiseStatus.KEPT) & Q(kept_on__isnull=True)),
                name="promise_kept_on_iff_kept",
            ),
            # Families are always told why a promise changed or could not be kept.
            models.CheckConstraint(
                condition=~Q(status__in=EXPLAINED_STATUSES) | ~Q(public_explanation=""),
                name="promise_change_explained",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def audit_label(self) -> str:
        return f"Promise {str(self.pk)[-8:]}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status not in CLOSED_STATUSES and self.due_date is not None and self.due_date < today


class PromiseUpdate(TenantModel):
    """One change of a promise's status: from what, to what, why (as families were told), by whom and when."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="updates")
    from_status = models.CharField(max_length=20, choices=PromiseStatus.choices)
    to_status = models.CharField(max_length=20, choices=PromiseStatus.choices)
    explanation = models.TextField(_("explanation for families"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # A promise's history, newest first.
            models.Index(fields=["promise", "-created_at"], name="promiseupdate_promise"),
        ]
