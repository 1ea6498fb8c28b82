"""Fixtures for the equality tests: the data protection officer, a lead, and people with or without answers and
consent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, LawfulBasis, Purpose
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from tests.cast import make_member


@pytest.fixture
def dpo(org):
    return make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER, "Dana Protection")


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Lee Lead")


def make_person(org, name: str = "Rosa Reid", *, age: int | None = None, hubs=(), consent: bool = True) -> Person:
    # Born on 1 January `age` years ago: exactly `age` on any day of this year.
    dob = dt.date(timezone.localdate().year - age, 1, 1) if age is not None else None
    person = Person.objects.create(organisation=org, full_name=name, date_of_birth=dob)
    if hubs:
        person.hubs.set(hubs)
    if consent:
        give_consent(person)
    return person


def give_consent(person: Person, *, lawful_basis: str = LawfulBasis.CONSENT) -> Consent:
    return Consent.objects.update_or_create(
        person=person,
        purpose=Purpose.EQUALITY_MONITORING,
        partner=None,
        defaults={
            "organisation": person.organisation,
            "status": ConsentStatus.GIVEN,
            "method": ConsentMethod.ONLINE,
            "lawful_basis": lawful_basis,
        },
    )[0]


@pytest.fixture
def person(org):
    return make_person(org)
