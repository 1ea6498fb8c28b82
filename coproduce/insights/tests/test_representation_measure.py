"""Representation measured from the database against hand-counted figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.equality import services as equality_services
from coproduce.insights.models import Benchmark, BenchmarkValue, Involvement
from coproduce.insights.representation import representation_tables
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came

pytestmark = pytest.mark.django_db


def tables(scope: Scope) -> dict:
    return {table.key: table for table in representation_tables(scope)}


def row(table, category):
    return next(r for r in table.table.rows if r.category == category)


def test_ethnic_group_against_the_census(org, area, activity) -> None:
    for index in range(12):
        came(activity, name=f"W{index}", answers={"ethnic_group": "white_british"})
    for index in range(6):
        came(activity, name=f"P{index}", answers={"ethnic_group": "asian_pakistani"})
    for index in range(2):
        came(activity, name=f"N{index}", answers={"ethnic_group": "prefer_not"})
    came(activity, name="No consent", answers={"ethnic_group": "black_african"}, consent=False)

    table = tables(Scope(org))["ethnic_group"]
    assert table.people == 21
    # Known answers: 12 + 6 = 18 (prefer not to say, and no consent, are not known).
    assert row(table, "white_british").participants == 12
    assert row(table, "asian_pakistani").participants == 6
    assert row(table, "white_british").share == pytest.approx(12 / 18)
    assert row(table, "asian_pakistani").population_share == pytest.approx(150 / 1000)
    assert row(table, "black_african").participants == 0
    # 3 people not known: under 5, so hidden.
    assert table.not_known is None
    assert "Census 2021" in table.population_source and "Hartlepool" in table.population_source


def test_each_person_counts_once_with_the_answers_kept_when_they_took_part(org, area, activity, project) -> None:
    from coproduce.engagement.models import Activity, Attendance
    from coproduce.insights import involvement

    people = [came(activity, name=f"A{i}", answers={"sex": "female"}) for i in range(12)]
    # They change their answer afterwards and come again: the later snapshot is the one that counts.
    later = Activity.objects.create(
        organisation=org, project=project, title="Second", kind="workshop", starts_at=timezone.now()
    )
    for person in people[:7]:
        equality_services.answers_save(person=person, data={"sex": "male"})
        line = Attendance.objects.create(organisation=org, activity=later, person=person, attended=True)
        involvement.attendance_sync(later, [line])
    table = tables(Scope(org))["sex"]
    assert table.people == 12
    assert row(table, "male").participants == 7
    assert row(table, "female").participants == 5
    # Only the first activity: everyone was female then.
    first_only = tables(Scope(org, today=timezone.localdate() - dt.timedelta(days=5)))["sex"]
    assert row(first_only, "female").participants == 12


def test_deprivation_from_postcodes_against_the_lookup(org, area, activity) -> None:
    for index in range(8):
        came(activity, name=f"D1-{index}", decile=1 + index % 2)  # quintile 1
    for index in range(6):
        came(activity, name=f"D10-{index}", decile=10)  # quintile 5
    came(activity, name="No postcode")
    table = tables(Scope(org))["imd_quintile"]
    assert row(table, "1").participants == 8
    assert row(table, "5").participants == 6
    # The lookup's ten neighbourhoods: two in each quintile.
    assert row(table, "1").population_share == pytest.approx(0.2)
    assert table.people == 15


def test_youngest_child_and_an_uploaded_benchmark(org, area, activity) -> None:
    today = timezone.localdate()
    for index in range(5):
        came(activity, name=f"Baby{index}", youngest_born=today - dt.timedelta(days=100))
    for index in range(5):
        came(activity, name=f"School{index}", youngest_born=today - dt.timedelta(days=365 * 7))
    benchmark = Benchmark.objects.create(organisation=org, characteristic="child_age", source="Northby JSNA 2025")
    BenchmarkValue.objects.bulk_create(
        [
            BenchmarkValue(organisation=org, benchmark=benchmark, category="0-1", count=100),
            BenchmarkValue(organisation=org, benchmark=benchmark, category="5-10", count=300),
        ]
    )
    table = tables(Scope(org))["child_age"]
    assert row(table, "0-1").participants == 5
    assert row(table, "5-10").participants == 5
    assert row(table, "0-1").population_share == pytest.approx(0.25)
    assert "Northby JSNA 2025" in table.population_source
    # No upload for disability: shares with nothing to compare.
    disability = tables(Scope(org))["disability"]
    assert disability.population_source == ""


def test_filters_and_other_organisations(org, other_org, area, activity, project) -> None:
    for index in range(5):
        came(activity, name=f"P{index}", answers={"lone_parent": "yes"})
    assert tables(Scope(org, project=project))["lone_parent"].people == 5
    assert Involvement.objects.filter(organisation=other_org).count() == 0
    assert tables(Scope(other_org))["lone_parent"].people == 0
    assert tables(Scope(org, period="3m", today=timezone.localdate() + dt.timedelta(days=200)))["sex"].people == 0


def test_one_query_per_part_however_many_people(org, area, activity, django_assert_max_num_queries) -> None:
    for index in range(5):
        came(activity, name=f"P{index}", answers={"lone_parent": "yes"}, decile=3)
    with django_assert_max_num_queries(40) as few:
        representation_tables(Scope(org))
    for index in range(20):
        came(activity, name=f"Q{index}", answers={"lone_parent": "no"}, decile=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        representation_tables(Scope(org))


def test_youngest_child_from_recorded_bands_and_grown_up_children(org, area, activity) -> None:
    from coproduce.people.models import Child, Household, Person

    today = timezone.localdate()
    for index in range(5):
        person = came(activity, name=f"Bands{index}")
        household = Household.objects.create(organisation=org, name=f"B{index}")
        for band in ("5-10", "0-1", "11-15"):
            Child.objects.create(organisation=org, household=household, age_band=band)
        Person.objects.filter(pk=person.pk).update(household=household)
    for index in range(5):
        came(activity, name=f"Grown{index}", youngest_born=today - dt.timedelta(days=365 * 30))
    table = tables(Scope(org))["child_age"]
    assert row(table, "0-1").participants == 5
    assert row(table, "5-10").participants == 0
    assert table.not_known == 5  # grown-up children: not counted in any band


def test_the_answers_of_the_latest_involvement_count_even_when_registered_late(org, area, activity, project) -> None:
    from coproduce.engagement.models import Activity, Attendance
    from coproduce.insights import involvement

    people = [came(activity, name=f"A{i}", answers={"sex": "female"}) for i in range(6)]
    # Later their answers change, and only then is the register of an older activity taken. Its snapshot is newer,
    # but its involvement is older: the answers kept for the latest involvement (10 days ago) are the ones counted.
    older = Activity.objects.create(
        organisation=org,
        project=project,
        title="Older",
        kind="workshop",
        starts_at=timezone.now() - dt.timedelta(days=40),
    )
    for person in people:
        equality_services.answers_save(person=person, data={"sex": "male"})
        line = Attendance.objects.create(organisation=org, activity=older, person=person, attended=True)
        involvement.attendance_sync(older, [line])
    table = tables(Scope(org))["sex"]
    assert row(table, "female").participants == 6
    assert row(table, "male").participants == 0


def test_a_language_in_the_population_figures_is_not_folded_into_other_languages(org, area, activity) -> None:
    for index in range(20):
        came(activity, name=f"E{index}", answers={"main_language": "English"})
    for index in range(3):
        came(activity, name=f"P{index}", answers={"main_language": "polish"})
    for index in range(2):
        came(activity, name=f"S{index}", answers={"main_language": "Somali"})
    benchmark = Benchmark.objects.create(organisation=org, characteristic="main_language", source="JSNA")
    BenchmarkValue.objects.bulk_create(
        [
            BenchmarkValue(organisation=org, benchmark=benchmark, category="English", count=900),
            BenchmarkValue(organisation=org, benchmark=benchmark, category="Polish", count=100),
        ]
    )
    table = tables(Scope(org))["main_language"]
    # Polish (3) is its own row, hidden as a small number, not counted as 0 against its population share.
    assert row(table, "Polish").suppressed
    assert row(table, "Polish").flag == ""
    assert row(table, "English").participants == 20
