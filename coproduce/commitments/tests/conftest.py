"""Fixtures of the commitment area, on top of the shared cast (tests/cast.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.commitments import services
from coproduce.commitments.models import DefinitionVersion
from coproduce.organisations.models import Membership, Role
from coproduce.organisations.services import organisation_seed_defaults
from tests.cast import client_for, make_member

DEFINITION = (
    "Co-production happens when all voices are listened to from the start.\n\n"
    "We respect each other's views. We are open and honest with each other.\n\n"
    "We keep learning together, so that families get better outcomes."
)


@pytest.fixture
def seeded(org, other_org):
    """Northby and Southby with the eight stakeholder groups each."""
    organisation_seed_defaults(organisation=org)
    organisation_seed_defaults(organisation=other_org)
    return org


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def lead_membership(lead) -> Membership:
    return Membership.objects.get(user=lead)


@pytest.fixture
def lead_client(lead) -> Client:
    return client_for(lead)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def draft(seeded, lead) -> DefinitionVersion:
    return services.definition_version_start(actor=lead, organisation=seeded, text=DEFINITION)


@pytest.fixture
def adopted(draft, lead, today) -> DefinitionVersion:
    return services.definition_adopt(actor=lead, version=draft, adopted_on=today - dt.timedelta(days=10))


@pytest.fixture
def commitment(seeded, lead):
    return services.commitment_save(
        actor=lead, organisation=seeded, text="We will involve families from the start and tell them what changed."
    )
