"""A project is a piece of co-production work with a charter (goal, scope, time frame, budget, lead, sponsor,
the part of the family's journey it touches), the stakeholders involved, and its stages."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from coproduce.analysis.coverage import InvolvementKind, InvolvementMethod
from coproduce.analysis.participation import FAMILY_INVOLVEMENT_LABELS, FamilyInvolvement, degree_choices
from coproduce.core.models import TenantModel, TenantQuerySet

DEGREE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class JourneyArea(TenantModel):
    """A part of the family's journey through the system (maternity, health visiting, SEND…): the organisation's
    own editable list."""

    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="journeyarea_unique_name")]

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(TenantQuerySet):
    def with_stakeholder_gap(self, organisation_group_count: int) -> ProjectQuerySet:
        """Projects where at least one of the organisation's top-level stakeholder groups has nobody involved."""
        return self.annotate(
            groups_involved=Count(Coalesce("stakeholders__group__parent_id", "stakeholders__group_id"), distinct=True)
        ).filter(groups_involved__lt=organisation_group_count)


class Project(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), help_text=_("What will be different for families when this work is done?"))
    scope_in = models.TextField(_("in scope"), blank=True, help_text=_("What this work will look at and may change."))
    scope_out = models.TextField(_("out of scope"), blank=True, help_text=_("What it will not look at or change."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_ongoing = models.BooleanField(_("ongoing, with no end date"), default=False)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    budget_total = models.DecimalField(
        _("total budget (£)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_involvement = models.DecimalField(
        _("budget for involving families (£)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Payments for people's time, childcare, travel, venues, interpreters."),
    )
    lead = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
        verbose_name=_("co-production lead"),
    )
    senior_sponsor = models.CharField(
        _("senior sponsor"),
        max_length=200,
        blank=True,
        help_text=_("Name and role of the senior leader who backs this work, for example a director."),
    )
    hubs = models.ManyToManyField("organisations.Hub", blank=True, related_name="projects", verbose_name=_("hubs"))
    journey_areas = models.ManyToManyField(
        JourneyArea, blank=True, related_name="projects", verbose_name=_("parts of the family's journey")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    what_changed = models.TextField(
        _("what changed for families"), blank=True, help_text=_("Written when the project closes.")
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The project list: one organisation's projects, newest first, a page at a time.
            models.Index(fields=["organisation", "-created_at"], name="project_org_created"),
            # The same list filtered by status.
            models.Index(fields=["organisation", "status", "-created_at"], name="project_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(budget_total__isnull=True) | Q(budget_total__gte=0), name="project_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(budget_involvement__isnull=True) | Q(budget_involvement__gte=0),
                name="project_involvement_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectStatusChange(TenantModel):
    """Who moved a project between draft, active, paused and closed, and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Project.Status.choices)
    to_status = models.CharField(max_length=10, choices=Project.Status.choices)
    reason = models.TextField(_("why"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]


class ProjectStakeholder(TenantModel):
    """A stakeholder group's involvement in a project: through a partner organisation or a person, with lived
    experience or as a representative, taking part in co-production or only answering a questionnaire."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.PROTECT,
        related_name="involvements",
        verbose_name=_("stakeholder group"),
    )
    partner = models.ForeignKey(
        "stakeholders.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
        verbose_name=_("through a partner organisation"),
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_involvements",
        verbose_name=_("through a person"),
    )
    kind = models.CharField(
        _("how they take part"),
        max_length=20,
        choices=[
            (InvolvementKind.LIVED_EXPERIENCE.value, _("With lived experience")),
            (InvolvementKind.REPRESENTATIVE.value, _("As a representative of a group or organisation")),
        ],
    )
    method = models.CharField(
        _("what they do"),
        max_length=20,
        default=InvolvementMethod.CO_PRODUCTION.value,
        choices=[
            (InvolvementMethod.CO_PRODUCTION.value, _("Take part in co-production: workshops, panels, meetings")),
            (InvolvementMethod.QUESTIONNAIRE.value, _("Answer a questionnaire or survey only (data collection)")),
        ],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["group__order", "group__name", "created_at"]


class Stage(TenantModel):
    """A step of a project (discover, define, design, deliver, review…) with its target and achieved degree of
    participation on Treseder's five degrees."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    target_degree = models.PositiveSmallIntegerField(
        _("target degree of participation"),
        null=True,
        blank=True,
        choices=degree_choices(),
        validators=DEGREE_VALIDATORS,
    )
    achieved_degree = models.PositiveSmallIntegerField(
        _("achieved degree of participation"),
        null=True,
        blank=True,
        choices=degree_choices(),
        validators=DEGREE_VALIDATORS,
    )
    family_involvement = models.CharField(
        _("how families were involved"),
        max_length=20,
        choices=[(kind.value, label) for kind, label in FAMILY_INVOLVEMENT_LABELS.items()],
        default=FamilyInvolvement.NONE.value,
    )
    who_was_involved = models.TextField(_("who was involved"), blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("What shows the degree was achieved: notes, outputs, decisions.")
    )

    class Meta:
        ordering = ["order", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_degree__isnull=True) | Q(target_degree__range=(1, 5)),
                name="stage_target_degree_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(achieved_degree__isnull=True) | Q(achieved_degree__range=(1, 5)),
                name="stage_achieved_degree_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name
