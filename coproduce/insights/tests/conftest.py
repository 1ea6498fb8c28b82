"""Fixtures for the insights tests: an organisation with a local authority area and Census figures, a project with
an activity, and a way to make people who came to it (with equality answers, a postcode and children)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.engagement.models import Activity, ActivityKind, Attendance
from coproduce.equality import services as equality_services
from coproduce.equality.tests.conftest import give_consent
from coproduce.insights import involvement
from coproduce.insights.models import (
    LocalAuthority,
    LsoaDeprivation,
    OrganisationArea,
    PopulationCount,
    PostcodeLsoa,
)
from coproduce.people.models import Child, Household, Person
from coproduce.projects.models import Project

# Ten neighbourhoods, one per IMD decile, and a postcode in each.
LSOAS = {decile: f"E0100{decile:04d}" for decile in range(1, 11)}
POSTCODES = {decile: f"NB{decile} 1AA" for decile in range(1, 11)}


@pytest.fixture
def area(org):
    la = LocalAuthority.objects.create(code="E06000001", name="Hartlepool", total_population=1000)
    PopulationCount.objects.bulk_create(
        [
            PopulationCount(local_authority=la, characteristic="ethnic_group", category=category, count=count)
            for category, count in (
                ("White: English, Welsh, Scottish, Northern Irish or British", 800),
                ("Asian, Asian British or Asian Welsh: Pakistani", 150),
                ("Black, Black British, Black Welsh, Caribbean or African: African", 50),
            )
        ]
        + [
            PopulationCount(local_authority=la, characteristic="sex_aged_16_64", category="Female", count=300),
            PopulationCount(local_authority=la, characteristic="sex_aged_16_64", category="Male", count=300),
        ]
    )
    OrganisationArea.objects.create(organisation=org, local_authority=la)
    LsoaDeprivation.objects.bulk_create(
        [LsoaDeprivation(lsoa11_code=code, imd_decile=decile) for decile, code in LSOAS.items()]
    )
    PostcodeLsoa.objects.bulk_create(
        [PostcodeLsoa(organisation=org, postcode=POSTCODES[d], lsoa11_code=LSOAS[d]) for d in LSOAS]
    )
    return la


@pytest.fixture
def project(org):
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Better support")


@pytest.fixture
def activity(org, project):
    return Activity.objects.create(
        organisation=org,
        project=project,
        title="Design day",
        kind=ActivityKind.CO_DESIGN,
        starts_at=timezone.now() - dt.timedelta(days=10),
        ends_at=timezone.now() - dt.timedelta(days=10) + dt.timedelta(hours=2),
    )


def came(
    activity,
    *,
    name: str = "Someone",
    answers: dict | None = None,
    consent: bool = True,
    decile: int | None = None,
    youngest_born: dt.date | None = None,
    groups=(),
) -> Person:
    """A person who came to the activity (an involvement written the way the register writes it)."""
    org = activity.organisation
    household = None
    if youngest_born is not None:
        household = Household.objects.create(organisation=org, name=name)
        Child.objects.create(organisation=org, household=household, date_of_birth=youngest_born)
    person = Person.objects.create(
        organisation=org,
        full_name=name,
        postcode=POSTCODES[decile] if decile else "",
        household=household,
    )
    if groups:
        person.stakeholder_groups.set(groups)
    if consent:
        give_consent(person)
    if answers:
        equality_services.answers_save(person=person, data=answers)
    line = Attendance.objects.create(organisation=org, activity=activity, person=person, attended=True)
    involvement.attendance_sync(activity, [line])
    return person
