"""Who co-produces: the eight stakeholder groups the brief names (seeded for every organisation, which can add
sub-groups), and the partner organisations through which groups take part."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet


class StakeholderGroupQuerySet(TenantQuerySet):
    def top_level(self) -> StakeholderGroupQuerySet:
        return self.filter(parent__isnull=True)


class StakeholderGroup(TenantModel):
    """One of the brief's eight groups (key set, no parent) or an organisation's own sub-group of one."""

    key = models.SlugField(max_length=40, blank=True, help_text=_("Set for the eight groups of the brief."))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("who this is"), blank=True)
    outreach_prompt = models.TextField(
        _("what to do when nobody from this group is involved"),
        blank=True,
        help_text=_("Shown on projects that have nobody from this group."),
    )
    order = models.PositiveSmallIntegerField(default=100)

    objects = StakeholderGroupQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="stakeholdergroup_unique_name"),
            models.UniqueConstraint(
                fields=["organisation", "key"], condition=~models.Q(key=""), name="stakeholdergroup_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def top_level_id(self):
        return self.parent_id or self.pk


class Partner(TenantModel):
    """An outside organisation that takes part: a forum, charity, faith group, school, health trust or service."""

    class Kind(models.TextChoices):
        PARENT_CARER_FORUM = "parent_carer_forum", _("Parent carer forum or panel")
        CHARITY = "charity", _("Charity")
        FAITH_COMMUNITY = "faith_community", _("Faith or community group")
        EDUCATION = "education", _("School, college or early years setting")
        HEALTH = "health", _("Health service")
        COMMISSIONED = "commissioned", _("Commissioned service")
        FUTURE_COMMISSIONED = "future_commissioned", _("Possible future commissioned service")
        STRATEGIC = "strategic", _("Strategic body or partnership")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type of organisation"), max_length=30, choices=Kind.choices)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partners",
        verbose_name=_("stakeholder group"),
    )
    contact_name = models.CharField(_("main contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email address"), blank=True)
    contact_phone = models.CharField(_("contact phone number"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("still working with us"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="partner_unique_name")]

    def __str__(self) -> str:
        return self.name
