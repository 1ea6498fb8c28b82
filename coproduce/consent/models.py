"""Consent per purpose, the privacy notices people were shown, and the register of data sharing agreements.

One Consent row per person, purpose (and partner, for sharing) holds the current answer; every change to it
is in the audit log. `coproduce/consent/rules.py` answers "may we?" for the rest of the product.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet


class Purpose(models.TextChoices):
    CONTACT = "contact", _("Contact about co-production")
    SHARE_WITH_PARTNER = "share_with_partner", _("Sharing their details with a named partner")
    QUOTE_ANONYMOUSLY = "quote_anonymously", _("Using their words in public reports, without their name")
    QUOTE_BY_NAME = "quote_by_name", _("Using their words in public reports, with their name")
    PHOTOS = "photos", _("Photos of them")
    EQUALITY_MONITORING = "equality_monitoring", _("Equality monitoring questions")
    PANEL = "panel", _("Joining a panel")


class LawfulBasis(models.TextChoices):
    """UK GDPR Article 6 bases. Where the basis is not consent, 'withdrawing' is an objection."""

    CONSENT = "consent", _("Consent")
    PUBLIC_TASK = "public_task", _("Public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTERESTS = "vital_interests", _("Vital interests")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentMethod(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On a paper form")
    VERBAL = "verbal", _("Verbally, to a member of staff")


class ChildBasis(models.TextChoices):
    """How consent was given for a child or young person (blank for adults)."""

    PARENTAL_RESPONSIBILITY = "parental_responsibility", _("Given by someone with parental responsibility")
    SELF_13_PLUS = "self_13_plus", _("Given by the young person (13 or over) for the online service")
    GILLICK = "gillick", _("Given by the young person, assessed as Gillick competent by a practitioner")


class PrivacyNotice(TenantModel):
    """A version of the organisation's privacy notice. Every consent records the version the person saw."""

    version = models.CharField(_("version"), max_length=20, help_text=_("For example 2.1"))
    published_on = models.DateField(_("date published"))
    url = models.URLField(_("web address of the notice"), blank=True)
    summary = models.TextField(
        _("summary in plain English"),
        help_text=_("What we collect, why, who we share it with, how long we keep it and people's rights."),
    )

    class Meta:
        ordering = ["-published_on", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "version"], name="privacynotice_unique_version")]

    def __str__(self) -> str:
        return f"Privacy notice {self.version}"


class ConsentQuerySet(TenantQuerySet):
    def given(self) -> ConsentQuerySet:
        return self.filter(status=ConsentStatus.GIVEN)


class Consent(TenantModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    partner = models.ForeignKey(
        "stakeholders.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("partner"),
        help_text=_("Only for sharing details with a named partner."),
    )
    status = models.CharField(_("answer"), max_length=20, choices=ConsentStatus.choices)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=30, choices=LawfulBasis.choices, default=LawfulBasis.CONSENT
    )
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    told_to = models.CharField(
        _("who they told"), max_length=150, blank=True, help_text=_("If given verbally: the member of staff.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    privacy_notice = models.ForeignKey(
        PrivacyNotice,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("privacy notice shown"),
    )
    child_basis = models.CharField(_("basis for a child"), max_length=30, choices=ChildBasis.choices, blank=True)
    given_by_name = models.CharField(_("name of the person with parental responsibility"), max_length=150, blank=True)
    gillick_assessed_by = models.CharField(_("practitioner who assessed competence"), max_length=150, blank=True)
    gillick_assessed_on = models.DateField(_("date of the assessment"), null=True, blank=True)
    answered_at = models.DateTimeField(_("when"), default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_via = models.CharField(max_length=30, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["purpose", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"], condition=Q(partner__isnull=True), name="consent_one_per_purpose"
            ),
            models.UniqueConstraint(
                fields=["person", "purpose", "partner"],
                condition=Q(partner__isnull=False),
                name="consent_one_per_partner",
            ),
            models.CheckConstraint(
                condition=Q(purpose="share_with_partner", partner__isnull=False)
                | (~Q(purpose="share_with_partner") & Q(partner__isnull=True)),
                name="consent_partner_only_for_sharing",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "purpose", "status"], name="consent_org_purpose")]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Consent ({self.purpose}) of person {str(self.person_id)[-8:].upper()}"

    @property
    def is_given(self) -> bool:
        return self.status == ConsentStatus.GIVEN


class DataSharingAgreementQuerySet(TenantQuerySet):
    def current(self, on: dt.date | None = None) -> DataSharingAgreementQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, review_on__gte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class DataSharingAgreement(TenantModel):
    """The register of agreements to share people's details with partner organisations."""

    partner = models.ForeignKey(
        "stakeholders.Partner", on_delete=models.PROTECT, related_name="sharing_agreements", verbose_name=_("partner")
    )
    purpose = models.TextField(_("why we share"))
    data_shared = models.TextField(_("what we share"), help_text=_("For example: name, phone number, postcode."))
    starts_on = models.DateField(_("start date"))
    review_on = models.DateField(_("review date"), help_text=_("Sharing stops if the agreement is not reviewed."))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    document_url = models.URLField(_("link to the signed agreement"), blank=True)

    objects = DataSharingAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["review_on"]

    def __str__(self) -> str:
        return f"Data sharing agreement with {self.partner}"

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on <= self.review_on and (self.ends_on is None or on <= self.ends_on)


class DataShare(TenantModel):
    """One time a person's details were shared with a partner, under an agreement and with their consent."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey("stakeholders.Partner", on_delete=models.PROTECT, related_name="shares")
    agreement = models.ForeignKey(DataSharingAgreement, on_delete=models.PROTECT, related_name="shares")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    details_shared = models.TextField(_("what was shared"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Share with {self.partner}"
