"""Contributions: what people said or made — notes, ideas, quotes, drawings, photos, stories of lived experience —
at an activity or gathered elsewhere (a stay-and-play, a home visit, a phone call), with where it came from.

Photos of people are kept only where the person has consent for photos recorded; every image has alt text.
Files are private: served only to signed-in members of the organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


class Theme(TenantModel):
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="theme_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"Theme {self.name}"


class Contribution(TenantModel):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        IDEA = "idea", _("Idea")
        QUOTE = "quote", _("Quote (their own words)")
        DRAWING = "drawing", _("Drawing")
        PHOTO = "photo", _("Photo")
        STORY = "story", _("Story of lived experience")
        GRAPHIC_RECORD = "graphic_record", _("Graphic record of a session")

    class Gathered(models.TextChoices):
        ACTIVITY = "activity", _("At the activity")
        STAY_AND_PLAY = "stay_and_play", _("At a stay-and-play or group")
        HOME_VISIT = "home_visit", _("On a home visit")
        PHONE = "phone", _("On the phone")
        ONLINE = "online", _("Online or by email")
        PAPER = "paper", _("On paper or a comment card")
        OTHER = "other", _("Somewhere else")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="contributions")
    activity = models.ForeignKey(
        "engagement.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    stage = models.ForeignKey(
        "projects.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        help_text=_("Who it came from, if known."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("what they said"), blank=True)
    file = models.FileField(_("file"), upload_to="contributions/%Y/%m/", blank=True)
    alt_text = models.CharField(
        _("description of the image"),
        max_length=500,
        blank=True,
        help_text=_("For people who cannot see it: what it shows, in a sentence or two."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("For a graphic record: what it shows, in words."))
    content_note = models.CharField(
        _("content note"),
        max_length=300,
        blank=True,
        help_text=_("Tell readers what the story is about before they read it, for example 'mentions baby loss'."),
    )
    support_info = models.TextField(
        _("where to get support"),
        blank=True,
        help_text=_("Shown with the story, to the reader and to the person who told it."),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    gathered = models.CharField(_("how it was gathered"), max_length=20, choices=Gathered.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_by_person = models.BooleanField(_("the person checked it says what they meant"), default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="contributions", verbose_name=_("themes"))

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["project", "-created_at"], name="contribution_project")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({str(self.pk)[-8:]})"

    @property
    def audit_label(self) -> str:
        return f"Contribution {str(self.pk)[-8:]}"
