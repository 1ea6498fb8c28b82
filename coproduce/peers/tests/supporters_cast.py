"""The cast of the peer supporter tests (on top of tests/cast.py): a supporter (Sam), one who can be matched today
(`ready`), members with the roles that must not see supporters, and helpers that go through the services.

Test modules take the fixtures with `from coproduce.peers.tests.supporters_cast import *`.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.peers.models import (
    PeerSupporter,
    Referral,
    ReferralSource,
    ReferralStatus,
    SupportEpisode,
    SupporterCheck,
)
from coproduce.peers.services import supporters as services
from coproduce.people.models import Person
from tests.cast import client_for, make_member

__all__ = [
    "DAY",
    "all_checks",
    "detail_url",
    "edit_url",
    "give_family",
    "make_supporter",
    "partner_user",
    "peer_user",
    "ready",
    "staff_client",
    "supporter",
    "today",
]

DAY = dt.timedelta(days=1)


def detail_url(supporter) -> str:
    return reverse("peers:supporter_detail", kwargs={"supporter_id": supporter.pk})


def edit_url(supporter) -> str:
    return reverse("peers:supporter_edit", kwargs={"supporter_id": supporter.pk})


def make_supporter(actor, org, name: str = "Sam Supporter", **fields) -> PeerSupporter:
    person = Person.objects.create(organisation=org, full_name=name, email=f"{name.split()[0].lower()}@example.org")
    fields.setdefault("capacity", 3)
    return services.supporter_create(actor=actor, organisation=org, person=person, **fields)


def all_checks(actor, supporter, *, today: dt.date | None = None, expires_in: int = 365, due_in: int = 60) -> None:
    """Every check in date (expiring `expires_in` days from today) and supervision due in `due_in` days."""
    today = today or timezone.localdate()
    for kind in SupporterCheck.Kind.values:
        services.check_add(
            actor=actor,
            supporter=supporter,
            kind=kind,
            issued_on=today - 30 * DAY,
            expires_on=today + expires_in * DAY,
        )
    services.supervision_record(
        actor=actor, supporter=supporter, held_on=today - 10 * DAY, next_due_on=today + due_in * DAY
    )


def give_family(org, supporter, name: str = "Fran Family") -> SupportEpisode:
    family = Person.objects.create(organisation=org, full_name=name)
    referral = Referral.objects.create(
        organisation=org,
        person=family,
        source=ReferralSource.STAFF,
        help_with="Settling in",
        consent=True,
        status=ReferralStatus.MATCHED,
    )
    return SupportEpisode.objects.create(organisation=org, referral=referral, supporter=supporter, person=family)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def staff_client(colleague):
    return client_for(colleague)


@pytest.fixture
def peer_user(org):
    return make_member(org, "peer@example.org", Role.PEER_SUPPORTER, "Pat Peer")


@pytest.fixture
def partner_user(org):
    return make_member(org, "partner@example.org", Role.PARTNER, "Parveen Partner")


@pytest.fixture
def supporter(colleague, org) -> PeerSupporter:
    return make_supporter(colleague, org)


@pytest.fixture
def ready(colleague, supporter) -> PeerSupporter:
    """A supporter who can be matched today."""
    all_checks(colleague, supporter)
    return supporter
