"""People taking part in co-production. A person may never have an account: most families don't.

This is the foundation's minimal record (name, contact, hubs); households, consent, access needs and
equality monitoring build on it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet


class PersonQuerySet(TenantQuerySet):
    def search(self, text: str) -> PersonQuerySet:
        text = text.strip()
        if not text:
            return self
        compact = text.replace(" ", "").upper()
        return self.filter(
            Q(full_name__icontains=text)
            | Q(preferred_name__icontains=text)
            | Q(email__icontains=text)
            | Q(phone__icontains=text.replace(" ", ""))
            | Q(postcode_compact__startswith=compact)
        )


class Person(TenantModel):
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_name = models.CharField(
        _("preferred name"), max_length=100, blank=True, help_text=_("What they like to be called.")
    )
    pronunciation = models.CharField(
        _("how to say their name"),
        max_length=100,
        blank=True,
        help_text=_("Ask respectfully if you are not sure, for example ‘SHIV-on’ for Siobhan."),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    # Upper case without spaces, so "nb1 2ab" and "NB12AB" find the same person.
    postcode_compact = models.CharField(max_length=10, blank=True, editable=False)
    hubs = models.ManyToManyField("organisations.Hub", blank=True, related_name="people", verbose_name=_("hubs used"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [
            # The people list: one organisation's people in name order, a page at a time.
            models.Index("organisation", Lower("full_name"), "id", name="person_org_name"),
            # Finding a person by postcode within an organisation.
            models.Index(fields=["organisation", "postcode_compact"], name="person_org_postcode"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name

    def save(self, *args, **kwargs) -> None:
        self.postcode_compact = self.postcode.replace(" ", "").upper()
        super().save(*args, **kwargs)
