"""Fixtures for the consent tests: people of different ages, a partner with a current agreement, a notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from coproduce.consent.models import DataSharingAgreement, PrivacyNotice
from coproduce.people.models import Person
from coproduce.stakeholders.models import Partner


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and the per-person link limit live in the cache.
    cache.clear()
    yield
    cache.clear()


def born_years_ago(years: int, extra_days: int = 30) -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=round(years * 365.25) + extra_days)


@pytest.fixture
def notice(org) -> PrivacyNotice:
    return PrivacyNotice.objects.create(
        organisation=org,
        version="1.0",
        published_on=timezone.localdate() - dt.timedelta(days=10),
        summary="We keep your contact details to invite you to take part.",
    )


@pytest.fixture
def person(org) -> Person:
    return Person.objects.create(
        organisation=org,
        full_name="Aisha Rahman",
        preferred_name="Ash",
        email="aisha.rahman@example.com",
        phone="07700 900123",
        postcode="NB1 2AB",
    )


@pytest.fixture
def child(org) -> Person:
    return Person.objects.create(
        organisation=org, full_name="Mia Bell", email="mia.family@example.com", date_of_birth=born_years_ago(10)
    )


@pytest.fixture
def young(org) -> Person:
    return Person.objects.create(
        organisation=org, full_name="Kieran Doyle", email="kieran@example.com", date_of_birth=born_years_ago(14)
    )


@pytest.fixture
def other_person(other_org) -> Person:
    return Person.objects.create(organisation=other_org, full_name="Sam Southby", email="sam@example.com")


@pytest.fixture
def partner(org) -> Partner:
    return Partner.objects.create(
        organisation=org,
        name="Home-Start Northby",
        kind="charity",
        contact_name="Ruth",
        contact_email="ruth@example.org",
    )


@pytest.fixture
def agreement(org, partner) -> DataSharingAgreement:
    today = timezone.localdate()
    return DataSharingAgreement.objects.create(
        organisation=org,
        partner=partner,
        purpose="Referrals for home visits",
        data_shared="Name and phone number",
        starts_on=today - dt.timedelta(days=100),
        review_on=today + dt.timedelta(days=100),
    )
