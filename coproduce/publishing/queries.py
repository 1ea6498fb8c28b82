"""Reading what an organisation publishes, and the one rule for a win's photo: it may be shown in public only while
everyone pictured in it has a current consent for photos (and has not been erased), or, with nobody listed in it,
when staff confirmed no one can be identified in it (`Win.no_one_identifiable`). The answer is read from consent
every time, so a withdrawal hides the photo at once on every page, the public site included.

`wins_with_public_photos(wins)` answers for many wins in two queries; `win_photo_status(win)` says why not, for
the staff page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from coproduce.consent.checks import allows
from coproduce.consent.models import Consent, Purpose
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.publishing.models import Win

Pictured = Win.people_pictured.through


def wins_for(organisation: Organisation) -> QuerySet[Win]:
    """The organisation's wins with what a list row shows (project, promise), without a query per row."""
    return Win.objects.for_organisation(organisation).select_related("project", "promise")


def _pictured_without_consent(wins: list[Win]) -> tuple[set, dict]:
    """For those of `wins` that have a photo: the ids of the wins with anyone listed in it, and {win id: [ids of
    people pictured in it who do not (or no longer) agree to photos, or were erased]}. Two queries at most, none
    without photos."""
    with_photo = [win.pk for win in wins if win.photo]
    if not with_photo:
        return set(), {}
    pictured = list(
        Pictured.objects.filter(win_id__in=with_photo).values_list("win_id", "person_id", "person__erased_at")
    )
    if not pictured:
        return set(), {}
    consents = Consent.objects.filter(
        person_id__in={person_id for _win, person_id, _erased in pictured},
        purpose=Purpose.PHOTOS,
        partner__isnull=True,
    )
    agreed = {consent.person_id for consent in consents if allows(consent)}
    missing: dict = defaultdict(list)
    for win_id, person_id, erased_at in pictured:
        if erased_at is not None or person_id not in agreed:
            missing[win_id].append(person_id)
    return {win_id for win_id, _person, _erased in pictured}, dict(missing)


def _photo_allowed(win: Win, with_people: set, missing: dict) -> bool:
    if not win.photo:
        return False
    if win.pk in with_people:
        return win.pk not in missing
    return win.no_one_identifiable


def wins_with_public_photos(wins: Iterable[Win]) -> set:
    """The ids of those of `wins` whose photo may be shown in public: they have a photo, and everyone pictured in
    it agrees to photos now, or nobody is listed in it and staff confirmed no one can be identified in it.
    (Whether a win itself is published is the caller's question.)"""
    wins = list(wins)
    with_people, missing = _pictured_without_consent(wins)
    return {win.pk for win in wins if _photo_allowed(win, with_people, missing)}


def win_photo_allowed(win: Win) -> bool:
    """Whether this win's photo may be shown in public (see wins_with_public_photos)."""
    return win.pk in wins_with_public_photos([win])


@dataclass(frozen=True)
class PhotoStatus:
    """Whether a win's photo will show in public, and if not, who stops it."""

    has_photo: bool
    allowed: bool
    without_consent: list[Person] = field(default_factory=list)  # pictured people without a current consent
    nobody_listed: bool = False  # nobody is listed in the photo (then only `no_one_identifiable` lets it show)


def win_photo_status(win: Win) -> PhotoStatus:
    if not win.photo:
        return PhotoStatus(has_photo=False, allowed=False)
    with_people, missing = _pictured_without_consent([win])
    ids = missing.get(win.pk, [])
    people = list(Person.objects.filter(pk__in=ids).order_by("full_name", "id")) if ids else []
    return PhotoStatus(
        has_photo=True,
        allowed=_photo_allowed(win, with_people, missing),
        without_consent=people,
        nobody_listed=win.pk not in with_people,
    )


def pictured_people(win: Win) -> list[Person]:
    return list(win.people_pictured.order_by("full_name", "id"))
