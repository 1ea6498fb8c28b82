"""Fixtures of the publishing area, on top of the shared cast (tests/cast.py): a lead, a project and a promise,
people (one who agreed to photos), a public site with Arabic and Polish, and helpers to write wins."""

from __future__ import annotations

import datetime as dt

import pytest

from coproduce.consent import services as consent_services
from coproduce.consent.models import Purpose

# Images made in code, shared with the contributions tests (no Pillow).
from coproduce.contributions.tests.conftest import JPEG_BYTES, PDF_BYTES, png_bytes, upload  # noqa: F401
from coproduce.decisions.models import Promise
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import Project
from coproduce.publishing import services
from coproduce.publishing.models import PublicSite, Win
from tests.cast import client_for, make_member

WHEN = dt.date(2026, 3, 4)


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def lead_client(lead):
    return client_for(lead)


@pytest.fixture
def staff_client(colleague):
    return client_for(colleague)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


@pytest.fixture
def partner(org):
    return make_member(org, "partner@example.org", Role.PARTNER, "Pat Partner")


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Feeding support that fits")


@pytest.fixture
def promise(org, admin) -> Promise:
    return Promise.objects.create(organisation=org, text="Move the Tuesday feeding group to 10:30", owner=admin)


@pytest.fixture
def photographed(org, admin) -> Person:
    """A person who agreed to photos of them."""
    person = Person.objects.create(organisation=org, full_name="Precious Quartey")
    consent_services.consent_give(person=person, purpose=Purpose.PHOTOS, method="online", actor=admin)
    return person


@pytest.fixture
def shy(org) -> Person:
    """A person who never agreed to photos."""
    return Person.objects.create(organisation=org, full_name="Siobhan Walsh", postcode="NB1 2CD")


@pytest.fixture
def site(org) -> PublicSite:
    return PublicSite.objects.create(organisation=org, languages=["ar", "pl"])


def write_win(actor, organisation, *, photo: bytes | None = None, people=None, **fields) -> Win:
    details = services.WinDetails(
        **{
            "title": "The feeding group now starts at 10:30",
            "story": "You told us 9:30 clashed with the school run. The group now starts at 10:30.",
            "happened_on": WHEN,
            "photo_alt": "Parents and babies at the feeding group" if photo else "",
            "people_pictured": people,
            **fields,
        }
    )
    return services.win_create(
        actor=actor, organisation=organisation, details=details, upload=upload(photo) if photo else None
    )
