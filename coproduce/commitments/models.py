"""What an organisation agrees about co-production: its shared definition (drafted in numbered versions that
stakeholders comment on, then adopted and communicated), the commitment people and partners sign, and the
strategies that put co-production into the hubs' processes and keep it going."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: the parts between blank lines, trimmed, empty ones left out."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in _BLANK_LINE.split(normalised) if part.strip()]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when that month is shorter (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The shared definition of co-production (deliverable 2)


class DefinitionVersionQuerySet(TenantQuerySet):
    def adopted(self) -> DefinitionVersionQuerySet:
        return self.filter(status=DefinitionVersion.Status.ADOPTED)

    def drafts(self) -> DefinitionVersionQuerySet:
        return self.filter(status=DefinitionVersion.Status.DRAFT)


class DefinitionVersion(TenantModel):
    """One numbered version of the organisation's definition of co-production. A new version is a new row; a
    draft is changed in place while stakeholders comment on it, then adopted. Adopting one supersedes the last."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Replaced by a later version")

    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("definition"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("date adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_on = models.DateField(_("date replaced"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = DefinitionVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            # Also the index for the version list, newest first.
            models.UniqueConstraint(fields=["organisation", "number"], name="definitionversion_unique_number"),
            # Also the index for the public page and the deliverables page: the organisation's adopted version.
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(status="adopted"), name="definitionversion_one_adopted"
            ),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(status="draft"), name="definitionversion_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_on__isnull=False), name="definitionversion_adopted_has_date"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="definitionversion_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "adopted", "superseded"]), name="definitionversion_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Definition of co-production, version {self.number}"

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.text)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ParagraphComment(TenantModel):
    """A stakeholder's comment on one paragraph of a draft. The paragraph's words are kept with the comment, so
    that it still makes sense once the draft has changed."""

    version = models.ForeignKey(DefinitionVersion, on_delete=models.CASCADE, related_name="comments")
    paragraph_number = models.PositiveSmallIntegerField(_("paragraph"))
    paragraph_text = models.TextField(_("the paragraph as it was"))
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["paragraph_number", "created_at"]
        indexes = [
            # The version page: a version's comments, paragraph by paragraph, oldest first.
            models.Index(fields=["version", "paragraph_number", "created_at"], name="comment_version_paragraph"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(paragraph_number__gte=1), name="comment_paragraph_positive"),
        ]

    def __str__(self) -> str:
        return f"Comment on paragraph {self.paragraph_number} of version {self.version.number}"


class Method(models.TextChoices):
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("Meeting or event")
    NEWSLETTER = "newsletter", _("Newsletter")
    WEBSITE = "website", _("Website")
    PRINTED = "printed", _("Printed, for example a leaflet or poster")
    OTHER = "other", _("Another way")


class DefinitionCommunication(TenantModel):
    """That an adopted definition was shared with one of the eight stakeholder groups, when and how."""

    version = models.ForeignKey(DefinitionVersion, on_delete=models.CASCADE, related_name="communications")
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.PROTECT,
        related_name="definition_communications",
        verbose_name=_("stakeholder group"),
    )
    communicated_on = models.DateField(_("date"))
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-communicated_on", "-created_at"]
        indexes = [
            # The deliverables page: how many groups the adopted version has reached (distinct groups).
            models.Index(fields=["version", "group"], name="communication_version_group"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(method__in=Method.values), name="communication_method_valid"),
        ]

    def __str__(self) -> str:
        return f"Version {self.version.number} communicated to {self.group} on {self.communicated_on}"


# The commitment (deliverable 1)


class Commitment(TenantModel):
    """The organisation's one current commitment to co-produce, which people and partners sign. Earlier wordings
    are in the audit log."""

    text = models.TextField(_("commitment"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="commitment_one_per_organisation"),
        ]

    def __str__(self) -> str:
        return "Commitment to co-produce"


class SignatureQuerySet(TenantQuerySet):
    def active(self) -> SignatureQuerySet:
        return self.filter(withdrawn_on__isnull=True)

    def public(self) -> SignatureQuerySet:
        return self.active().filter(show_publicly=True)


class Signature(TenantModel):
    """Someone signing on to the commitment: a member as themselves, or, recorded by a lead, a partner
    organisation or a named person (for example a parent who signed on paper). Withdrawn signatures are kept."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member of staff or partner, signed in")
        PARTNER = "partner", _("Partner organisation")
        PERSON = "person", _("Named person")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="signatures")
    kind = models.CharField(_("who signed"), max_length=10, choices=Kind.choices)
    # The name as it is shown, kept even if the member later leaves the organisation.
    name = models.CharField(_("name"), max_length=150)
    role_or_organisation = models.CharField(_("role or organisation"), max_length=200, blank=True)
    member = models.ForeignKey(
        "organisations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="signatures"
    )
    partner = models.ForeignKey(
        "stakeholders.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="signatures"
    )
    show_publicly = models.BooleanField(_("show the name on the public page"), default=False)
    signed_on = models.DateField(_("date signed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("date withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.CharField(_("why it was withdrawn"), max_length=300, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_on", "created_at"]
        indexes = [
            # The commitment and public pages and the deliverables count: a commitment's signatures still in force.
            models.Index(fields=["commitment", "withdrawn_on", "show_publicly"], name="signature_active"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="signature_has_name"),
            models.CheckConstraint(condition=Q(kind__in=["member", "partner", "person"]), name="signature_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="partner") | Q(partner__isnull=False), name="signature_partner_named"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("signed_on")),
                name="signature_withdrawn_after_signed",
            ),
            # A member or partner signs once; after withdrawing they may sign again.
            models.UniqueConstraint(
                fields=["commitment", "member"],
                condition=Q(withdrawn_on__isnull=True, member__isnull=False),
                name="signature_one_active_per_member",
            ),
            models.UniqueConstraint(
                fields=["commitment", "partner"],
                condition=Q(withdrawn_on__isnull=True, partner__isnull=False),
                name="signature_one_active_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature of {self.name}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


# Strategies (deliverables 3 and 4)


class StrategyQuerySet(TenantQuerySet):
    def current(self) -> StrategyQuerySet:
        """Strategies not stopped."""
        return self.exclude(status=Strategy.Status.STOPPED)

    def sustaining(self) -> StrategyQuerySet:
        return self.current().filter(is_sustaining=True)

    def reminder_due(self, today: dt.date, days_ahead: int) -> StrategyQuerySet:
        """Sustaining strategies whose refresh is due within `days_ahead` days (or overdue), with an owner to
        remind, who has not yet been reminded about this due date."""
        return (
            self.sustaining()
            .filter(next_refresh_due__lte=today + dt.timedelta(days=days_ahead), owner__isnull=False)
            .exclude(reminder_sent_for=F("next_refresh_due"), reminder_sent_for__isnull=False)
        )


class Strategy(TenantModel):
    """An agreed way of putting co-production into one of the hubs' processes, with an owner and a time frame.
    A sustaining strategy also keeps involvement fresh, every so many months (for example, refreshing the
    parent panel every 12 months)."""

    class Area(models.TextChoices):
        PLANNING = "planning", _("Planning")
        COMMISSIONING = "commissioning", _("Commissioning")
        RECRUITMENT = "recruitment", _("Recruitment")
        SERVICE_DESIGN = "service_design", _("Service design")
        EVALUATION = "evaluation", _("Evaluation")
        GOVERNANCE = "governance", _("Governance")
        TRAINING = "training", _("Training")
        COMMUNICATION = "communication", _("Communication")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        IN_PLACE = "in_place", _("In place")
        STOPPED = "stopped", _("Stopped")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it involves"), blank=True)
    area = models.CharField(_("hub process"), max_length=20, choices=Area.choices)
    owner = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_strategies",
        verbose_name=_("owner"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    is_sustaining = models.BooleanField(_("sustaining strategy"), default=False)
    refresh_every_months = models.PositiveSmallIntegerField(_("refresh every (months)"), null=True, blank=True)
    last_refreshed_on = models.DateField(_("last refreshed"), null=True, blank=True)
    # Worked out from the two dates above (or the start date) whenever they change, so reminders can query it.
    next_refresh_due = models.DateField(_("next refresh due"), null=True, blank=True)
    reminder_sent_for = models.DateField(null=True, blank=True, help_text="The due date the owner was reminded of.")

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["area", "title"]
        indexes = [
            # The strategies list and the deliverables page: one organisation's strategies by hub process.
            models.Index(fields=["organisation", "area", "status"], name="strategy_org_area"),
            # The reminder command: sustaining strategies due soon, across every organisation.
            models.Index(fields=["next_refresh_due"], condition=Q(is_sustaining=True), name="strategy_refresh_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="strategy_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(refresh_every_months__isnull=True) | Q(refresh_every_months__gte=1),
                name="strategy_cadence_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(is_sustaining=False) | Q(refresh_every_months__isnull=False),
                name="strategy_sustaining_has_cadence",
            ),
            models.CheckConstraint(
                condition=Q(
                    area__in=[
                        "planning",
                        "commissioning",
                        "recruitment",
                        "service_design",
                        "evaluation",
                        "governance",
                        "training",
                        "communication",
                        "other",
                    ]
                ),
                name="strategy_area_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "in_place", "stopped"]), name="strategy_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def work_out_next_refresh(self) -> dt.date | None:
        """Last refreshed (or, if never, the start date) plus the cadence; None if neither date is known."""
        if not self.is_sustaining or not self.refresh_every_months:
            return None
        base = self.last_refreshed_on or self.start_date
        return add_months(base, self.refresh_every_months) if base else None

    def refresh_is_due(self, today: dt.date) -> bool:
        return bool(
            self.is_sustaining
            and self.status != self.Status.STOPPED
            and self.next_refresh_due
            and self.next_refresh_due <= today
        )


class StrategyRefresh(TenantModel):
    """A record that a sustaining strategy's involvement was refreshed (for example, new panel members joined)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="refreshes")
    refreshed_on = models.DateField(_("date refreshed"))
    note = models.TextField(_("what was refreshed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-refreshed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.strategy} refreshed on {self.refreshed_on}"
