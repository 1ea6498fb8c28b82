"""Fixtures of the learning area, on top of the shared cast (tests/cast.py): a lead, a course valid for 24 months,
a family member, and helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.learning.models import Course
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from tests.cast import client_for, make_member


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def lead_client(lead):
    return client_for(lead)


@pytest.fixture
def course(org) -> Course:
    return Course.objects.create(organisation=org, name="Safeguarding", valid_for_months=24)


@pytest.fixture
def parent(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Grace Obi")


def errors_of(response) -> dict:
    """The bound form's errors on a re-shown page."""
    return response.context["form"].errors
