"""What an organisation publishes for families on its public site: wins (easy wins celebrated), its glossary of
terms, published offers (pages it co-produces and keeps current, with versions), and the public site's settings.

Text families read can carry translations (see coproduce.core.translations).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet
from coproduce.core.translations import Translatable


class PublicSite(TenantModel):
    """The settings of an organisation's public site at /o/<slug>/ (one per organisation; created on first use)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="public_site"
    )
    get_involved = models.TextField(
        _("how to get involved"),
        blank=True,
        help_text=_("Written for families: who can take part, and what you do to help them come."),
    )
    contact_email = models.EmailField(_("email address for families"), blank=True)
    contact_phone = models.CharField(_("phone number for families"), max_length=30, blank=True)
    contact_text_number = models.CharField(_("number families can text"), max_length=30, blank=True)
    languages = models.JSONField(
        _("languages families read"),
        default=list,
        blank=True,
        help_text=_("Content can be translated into these languages, and readers can switch to them."),
    )
    accessibility_contact = models.CharField(
        _("who to contact about accessibility"),
        max_length=200,
        blank=True,
        help_text=_("For the accessibility statement: a person, team or email address."),
    )
    privacy_notice_url = models.URLField(_("link to your privacy notice"), blank=True)

    def __str__(self) -> str:
        return f"Public site of {self.organisation_id}"

    @property
    def audit_label(self) -> str:
        return "Public site settings"


class WinQuerySet(TenantQuerySet):
    def published(self) -> WinQuerySet:
        return self.filter(published_at__isnull=False)


class Win(Translatable, TenantModel):
    """An easy win celebrated with families: something that changed because of what they said."""

    TRANSLATED_FIELDS = ("title", "story")

    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="wins"
    )
    promise = models.ForeignKey(
        "decisions.Promise", null=True, blank=True, on_delete=models.SET_NULL, related_name="wins"
    )
    title = models.CharField(_("title"), max_length=150)
    story = models.TextField(
        _("what changed"), help_text=_("Written for families: what changed, and who made it happen.")
    )
    happened_on = models.DateField(_("when it happened"))
    photo = models.FileField(_("photo"), upload_to="wins/%Y/%m/", blank=True)
    photo_alt = models.CharField(
        _("what the photo shows"), max_length=300, blank=True, help_text=_("Described for people who cannot see it.")
    )
    people_pictured = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="wins_pictured_in",
        verbose_name=_("people in the photo"),
        help_text=_("The photo is shown in public only while everyone in it agrees to photos."),
    )
    # A photo with nobody listed in it is shown in public only when staff confirm no one can be identified in it.
    no_one_identifiable = models.BooleanField(
        _("No one can be identified in this photo"),
        default=False,
        help_text=_(
            "For example a photo of a room, or of hands or drawings. Otherwise, add everyone in it under ‘people in "
            "the photo’."
        ),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WinQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        indexes = [
            # The public wins page: an organisation's published wins, newest first.
            models.Index(fields=["organisation", "-happened_on"], name="win_org_happened"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Win {str(self.pk)[-8:]}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class GlossaryTerm(Translatable, TenantModel):
    """A term or acronym families meet, with a plain explanation. The plain-English checker treats a glossary term
    as explained, and the public glossary page lists them."""

    TRANSLATED_FIELDS = ("explanation",)

    term = models.CharField(_("term"), max_length=80, help_text=_("For example SEND, or Start for Life."))
    stands_for = models.CharField(
        _("what it stands for"), max_length=200, blank=True, help_text=_("For an acronym: the words in full.")
    )
    explanation = models.TextField(_("plain explanation"))

    class Meta:
        ordering = [Lower("term")]
        constraints = [
            models.UniqueConstraint(Lower("term"), "organisation", name="glossary_term_unique_per_org"),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def audit_label(self) -> str:
        return f"Glossary term {self.term}"


class OfferQuerySet(TenantQuerySet):
    def with_version_summary(self) -> OfferQuerySet:
        """Each offer with `versions_count`, `published_number` (its latest published version's number, or None),
        `draft_number` (a version newer than that, not yet published) and `last_reviewed` (of that published version):
        what the list shows, in one query."""
        published = models.Q(versions__published_at__isnull=False)
        latest = OfferVersion.objects.filter(offer=models.OuterRef("pk"), published_at__isnull=False).order_by(
            "-number"
        )
        return self.annotate(
            versions_count=models.Count("versions"),
            published_number=models.Max("versions__number", filter=published),
            draft_number=models.Max("versions__number", filter=models.Q(versions__published_at__isnull=True)),
            last_reviewed=models.Subquery(latest.values("reviewed_on")[:1]),
        )


class Offer(TenantModel):
    """A page the organisation co-produces and keeps current, such as its Start for Life offer. Its text lives in
    versions; the public page shows the latest published one."""

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("web address"), max_length=80, help_text=_("The last part of the page's address."))
    summary = models.CharField(_("summary"), max_length=300, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="offer_slug_unique_per_org"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Offer {self.slug}"


class OfferVersionQuerySet(TenantQuerySet):
    def published(self) -> OfferVersionQuerySet:
        return self.filter(published_at__isnull=False)


class OfferVersion(Translatable, TenantModel):
    """One version of an offer's text. Published versions are never changed: a change is a new version."""

    TRANSLATED_FIELDS = ("body",)

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(
        _("text"),
        help_text=_(
            "Start a line with ## for a heading, and with - for a list item. Leave a blank line between paragraphs."
        ),
    )
    co_produced_with = models.TextField(
        _("who co-produced it"), blank=True, help_text=_("For example: 12 parents from the Northby parent forum.")
    )
    reviewed_on = models.DateField(_("last reviewed"), default=timezone.localdate)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OfferVersionQuerySet.as_manager()

    class Meta:
        ordering = ["offer", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="offer_version_number_unique"),
        ]
        indexes = [
            # An offer's latest published version.
            models.Index(
                fields=["offer", "-number"], name="offerversion_latest", condition=Q(published_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} v{self.number}"

    @property
    def audit_label(self) -> str:
        return f"Offer version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def save(self, *args, **kwargs) -> None:
        """A published version's text is never changed (a change is a new version): refused here as well as by
        the services, so no path can rewrite what families were shown."""
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (
            update_fields is None or {"body", "co_produced_with", "offer", "number"} & set(update_fields)
        ):
            stored = (
                OfferVersion.objects.filter(pk=self.pk)
                .values("body", "co_produced_with", "published_at", "offer_id", "number")
                .first()
            )
            if (
                stored is not None
                and stored["published_at"] is not None
                and (
                    stored["body"] != self.body
                    or stored["co_produced_with"] != self.co_produced_with
                    or stored["offer_id"] != self.offer_id
                    or stored["number"] != self.number
                )
            ):
                raise PermissionError("A published version of an offer is never changed: make a new version.")
        super().save(*args, **kwargs)
