"""Safeguarding concerns. A concern is seen only by the organisation's designated safeguarding lead(s) and the
person who raised it; it never appears in search, exports or the API for anyone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


class ConcernStatus(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


class SafeguardingConcern(TenantModel):
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    # Where it was raised from when not a person or household, e.g. an activity (engagement issue).
    context_type = models.CharField(max_length=100, blank=True)
    context_id = models.CharField(max_length=64, blank=True)
    context_label = models.CharField(max_length=200, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what_happened = models.TextField(_("what happened, or what you saw or heard"))
    immediate_danger = models.BooleanField(_("someone is in immediate danger"), default=False)
    status = models.CharField(max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.NEW)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"], name="concern_org_status")]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Safeguarding concern {str(self.pk)[-8:].upper()}"


class ConcernNote(TenantModel):
    concern = models.ForeignKey(SafeguardingConcern, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note on {self.concern.audit_label}"


class SafeguardingArrangements(TenantModel):
    """Who to contact about safeguarding and the procedure: shown on the raise-a-concern page and event pages."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="safeguarding_arrangements"
    )
    contact_name = models.CharField(_("safeguarding contact"), max_length=150)
    contact_phone = models.CharField(_("phone number"), max_length=30)
    contact_email = models.EmailField(_("email address"), blank=True)
    out_of_hours = models.CharField(
        _("out of hours"),
        max_length=200,
        blank=True,
        help_text=_("For example the council's emergency duty team number."),
    )
    procedure = models.TextField(_("what to do"), help_text=_("The steps staff and volunteers follow."))
    procedure_url = models.URLField(_("link to the full procedure"), blank=True)

    class Meta:
        verbose_name_plural = "safeguarding arrangements"

    def __str__(self) -> str:
        return f"Safeguarding arrangements of {self.organisation}"
