"""Reading contributions: the lists (with what each row shows, in a fixed number of queries), counts by kind, and
whether a photo may still be shown.

A photo of a person is shown only while that person's consent for photos stands: the answer is read from their
current consent every time, so a withdrawal hides their photos at once, everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from coproduce.consent.checks import allows, has_consent
from coproduce.consent.models import Consent, Purpose
from coproduce.contributions.models import Contribution, Theme
from coproduce.organisations.models import Organisation


def for_organisation(organisation: Organisation) -> QuerySet[Contribution]:
    return Contribution.objects.for_organisation(organisation)


def with_rows(contributions: QuerySet[Contribution], *, themes: bool = True) -> QuerySet[Contribution]:
    """What a list row shows, without a query per row."""
    contributions = contributions.select_related("activity", "stage", "person", "recorded_by")
    if themes:
        contributions = contributions.prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    return contributions.order_by("-created_at", "-id")


def is_photo_of_someone(contribution: Contribution) -> bool:
    return contribution.kind == Contribution.Kind.PHOTO and contribution.person_id is not None


def photo_allowed(contribution: Contribution) -> bool:
    """Whether this contribution's file may be shown: always, unless it is a photo of a person whose consent for
    photos is not (or no longer) recorded."""
    if not is_photo_of_someone(contribution):
        return True
    return has_consent(contribution.person, Purpose.PHOTOS)


def hidden_photos(contributions: Iterable[Contribution]) -> set:
    """The ids of the photos among `contributions` that must not be shown (one query, none if there are no photos
    of people). The contributions' people must be loaded (select_related) for the erased check."""
    photos = [c for c in contributions if is_photo_of_someone(c)]
    if not photos:
        return set()
    consents = Consent.objects.filter(
        person_id__in={c.person_id for c in photos}, purpose=Purpose.PHOTOS, partner__isnull=True
    )
    allowed = {consent.person_id for consent in consents if allows(consent)}
    return {c.pk for c in photos if c.person_id not in allowed or c.person.is_erased}


def kind_counts(contributions: QuerySet[Contribution]) -> list[dict]:
    """[{"kind": "idea", "label": "Idea", "count": 3}, …] in the order of Contribution.Kind (one query)."""
    counts = dict(contributions.order_by().values_list("kind").annotate(n=Count("id")))
    return [
        {"kind": kind.value, "label": kind.label, "count": counts[kind.value]}
        for kind in Contribution.Kind
        if counts.get(kind.value)
    ]


def themes_for(organisation: Organisation) -> QuerySet[Theme]:
    return Theme.objects.for_organisation(organisation).order_by("name")
