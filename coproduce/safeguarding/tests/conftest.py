"""Fixtures of the safeguarding area, on top of the shared cast (tests/cast.py)."""

from __future__ import annotations

import pytest

from coproduce.organisations.models import Role
from coproduce.people.models import Household, Person
from coproduce.safeguarding import services
from coproduce.safeguarding.models import SafeguardingConcern
from tests.cast import make_member

WHAT_HAPPENED = "Maya told me her dad hit her brother with a belt last night."


@pytest.fixture
def sg_lead(org):
    return make_member(org, "dsl@example.org", Role.SAFEGUARDING_LEAD, "Dee Lead")


@pytest.fixture
def second_lead(org):
    return make_member(org, "dsl2@example.org", Role.SAFEGUARDING_LEAD, "Dan Deputy")


@pytest.fixture
def peer(org):
    return make_member(org, "peer@example.org", Role.PEER_SUPPORTER, "Pat Peer")


@pytest.fixture
def household(org) -> Household:
    return Household.objects.create(organisation=org, name="Walsh family")


@pytest.fixture
def person(org, household) -> Person:
    return Person.objects.create(organisation=org, full_name="Siobhan Walsh", household=household)


@pytest.fixture
def other_person(other_org) -> Person:
    return Person.objects.create(organisation=other_org, full_name="Southby Person")


@pytest.fixture
def concern(org, colleague, person, sg_lead) -> SafeguardingConcern:
    """A concern raised by the colleague (hub staff) about the person, with a safeguarding lead to handle it."""
    return services.concern_raise(
        actor=colleague, organisation=org, person=person, what_happened=WHAT_HAPPENED, immediate_danger=False
    )
