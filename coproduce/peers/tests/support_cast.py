"""The cast of the support tests (on top of tests/cast.py): two peer supporters with accounts, Asha and Ben, each
supporting one family (made with the ORM, as a confirmed match would), a services directory entry, and helpers.

Test modules take the fixtures with `from coproduce.peers.tests.support_cast import *`.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.organisations.models import Organisation, Role
from coproduce.peers.models import (
    PeerSupporter,
    Referral,
    ReferralSource,
    ReferralStatus,
    ServiceDirectoryEntry,
    SupportEpisode,
)
from coproduce.people.models import Person
from tests.cast import make_member

__all__ = [
    "episode_a",
    "episode_b",
    "make_episode",
    "make_supporter",
    "other_service",
    "peer_a",
    "peer_b",
    "service",
    "supporter_a",
    "supporter_b",
]

DAY = dt.timedelta(days=1)


def make_supporter(org: Organisation, name: str, user=None) -> PeerSupporter:
    person = Person.objects.create(organisation=org, full_name=name)
    return PeerSupporter.objects.create(organisation=org, person=person, user=user, capacity=3)


def make_episode(
    org: Organisation, supporter: PeerSupporter, family_name: str, *, started_on: dt.date | None = None, **fields
) -> SupportEpisode:
    person = Person.objects.create(organisation=org, full_name=family_name, **fields.pop("person_fields", {}))
    referral = Referral.objects.create(
        organisation=org,
        person=person,
        source=ReferralSource.STAFF,
        help_with="Settling in after moving here",
        consent=True,
        status=ReferralStatus.MATCHED,
    )
    return SupportEpisode.objects.create(
        organisation=org,
        referral=referral,
        supporter=supporter,
        person=person,
        started_on=started_on or timezone.localdate() - 30 * DAY,
        match_explanation="Both are dads; both speak Urdu.",
        **fields,
    )


@pytest.fixture
def peer_a(org):
    return make_member(org, "asha@example.org", Role.PEER_SUPPORTER, "Asha Peer")


@pytest.fixture
def peer_b(org):
    return make_member(org, "ben@example.org", Role.PEER_SUPPORTER, "Ben Peer")


@pytest.fixture
def supporter_a(org, peer_a) -> PeerSupporter:
    return make_supporter(org, "Asha Peer", peer_a)


@pytest.fixture
def supporter_b(org, peer_b) -> PeerSupporter:
    return make_supporter(org, "Ben Peer", peer_b)


@pytest.fixture
def episode_a(org, supporter_a) -> SupportEpisode:
    return make_episode(
        org,
        supporter_a,
        "Farah Khan",
        person_fields={"preferred_name": "Farah", "pronunciation": "FAH-rah"},
    )


@pytest.fixture
def episode_b(org, supporter_b) -> SupportEpisode:
    return make_episode(org, supporter_b, "Bella Brown")


@pytest.fixture
def service(org) -> ServiceDirectoryEntry:
    return ServiceDirectoryEntry.objects.create(
        organisation=org, name="Northby Food Bank", offers="Food parcels", who_for="Anyone in need"
    )


@pytest.fixture
def other_service(other_org) -> ServiceDirectoryEntry:
    return ServiceDirectoryEntry.objects.create(
        organisation=other_org, name="Southby Food Bank", offers="Food parcels", who_for="Anyone in need"
    )
