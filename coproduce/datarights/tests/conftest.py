"""Fixtures of the data rights area, on top of the shared cast (tests/cast.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.datarights.models import DataRightsRequest
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from tests.cast import client_for, make_member


@pytest.fixture
def dpo(org):
    return make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER, "Dana Protector")


@pytest.fixture
def dpo_client(dpo) -> Client:
    return client_for(dpo)


@pytest.fixture
def sg_lead(org):
    return make_member(org, "dsl@example.org", Role.SAFEGUARDING_LEAD, "Dee Lead")


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def person(org) -> Person:
    return Person.objects.create(
        organisation=org, full_name="Ngozi Adebayo", email="ngozi@example.net", household_role="parent"
    )


@pytest.fixture
def other_person(other_org) -> Person:
    return Person.objects.create(organisation=other_org, full_name="Southby Person")


@pytest.fixture
def access_request(org, person, dpo, today) -> DataRightsRequest:
    return DataRightsRequest.objects.create(
        organisation=org,
        person=person,
        kind="access",
        made_by="staff",
        received_on=today - dt.timedelta(days=3),
        logged_by=dpo,
    )
