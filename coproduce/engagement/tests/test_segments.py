"""Segments of people to invite: household circumstances, never involved before, and the people list's own filters
(hub, stakeholder group and its sub-groups, language) through the invite form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.engagement.forms.invitations import InviteFilterForm
from coproduce.engagement.models import Attendance, Reply
from coproduce.engagement.segments import never_involved, with_circumstances, years_before
from coproduce.engagement.tests.test_invitations import make_activity, make_invitation, make_person
from coproduce.organisations.models import Hub
from coproduce.people.models import Child, Household, Person
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.stakeholders.models import StakeholderGroup

TODAY = dt.date(2026, 11, 27)


def names(people) -> set[str]:
    return set(people.values_list("full_name", flat=True))


def family(org, name: str, **household) -> Person:
    return make_person(org, name, household=Household.objects.create(organisation=org, name=name, **household))


def test_years_before_handles_29_february() -> None:
    assert years_before(dt.date(2028, 2, 29), 5) == dt.date(2023, 2, 28)
    assert years_before(TODAY, 5) == dt.date(2021, 11, 27)


def test_children_under_5_by_date_of_birth_or_age_band(org) -> None:
    baby = family(org, "Baby family")
    Child.objects.create(organisation=org, household=baby.household, date_of_birth=TODAY - dt.timedelta(days=200))
    four = family(org, "Nearly five")
    Child.objects.create(organisation=org, household=four.household, date_of_birth=dt.date(2021, 11, 28))
    five = family(org, "Five today")
    Child.objects.create(organisation=org, household=five.household, date_of_birth=dt.date(2021, 11, 27))
    band = family(org, "Band only")
    Child.objects.create(organisation=org, household=band.household, age_band="2-4")
    older_band = family(org, "Older band")
    Child.objects.create(organisation=org, household=older_band.household, age_band="5-10")
    make_person(org, "No household")
    people = Person.objects.for_organisation(org)
    assert names(with_circumstances(people, ["under_5"], today=TODAY)) == {"Baby family", "Nearly five", "Band only"}


def test_send_expecting_and_household_flags(org) -> None:
    send = family(org, "Send family")
    Child.objects.create(organisation=org, household=send.household, has_send=True)
    family(org, "Due soon", expected_due_date=TODAY + dt.timedelta(days=60))
    family(org, "Was due", expected_due_date=TODAY - dt.timedelta(days=60))
    family(org, "Forces", armed_forces=True, young_carer=True)
    family(org, "Carer", young_carer=True)
    family(org, "Home ed", home_educated=True)
    family(org, "Care leaver", care_experienced=True)
    people = Person.objects.for_organisation(org)
    assert names(with_circumstances(people, ["send"], today=TODAY)) == {"Send family"}
    assert names(with_circumstances(people, ["expecting"], today=TODAY)) == {"Due soon"}
    assert names(with_circumstances(people, ["young_carer"], today=TODAY)) == {"Forces", "Carer"}
    assert names(with_circumstances(people, ["young_carer", "armed_forces"], today=TODAY)) == {"Forces"}
    assert names(with_circumstances(people, ["home_educated"], today=TODAY)) == {"Home ed"}
    assert names(with_circumstances(people, ["care_experienced"], today=TODAY)) == {"Care leaver"}
    with pytest.raises(ValueError, match="Unknown household circumstance"):
        with_circumstances(people, ["wizards"], today=TODAY)


def test_never_involved_leaves_out_people_who_came_or_are_in_a_project(org) -> None:
    activity = make_activity(org)
    came = make_person(org, "Came once")
    Attendance.objects.create(organisation=org, activity=activity, person=came, attended=True)
    registered = make_person(org, "Registered, did not come")
    Attendance.objects.create(organisation=org, activity=activity, person=registered, attended=False)
    invited = make_person(org, "Only invited")
    make_invitation(activity, invited, reply=Reply.NO)
    involved = make_person(org, "In a project")
    ProjectStakeholder.objects.create(
        organisation=org,
        project=Project.objects.for_organisation(org).first(),
        group=StakeholderGroup.objects.create(organisation=org, name="Families"),
        person=involved,
        kind="lived_experience",
    )
    make_person(org, "Brand new")
    assert names(never_involved(Person.objects.for_organisation(org))) == {
        "Registered, did not come",
        "Only invited",
        "Brand new",
    }


def test_the_invite_form_combines_the_people_filters_with_segments(org, other_org) -> None:
    hub = Hub.objects.create(organisation=org, name="Eastfield")
    forums = StakeholderGroup.objects.create(organisation=org, name="Parent carer forums")
    send_panel = StakeholderGroup.objects.create(organisation=org, name="SEND panel", parent=forums)
    polish = make_person(org, "Polish at Eastfield", languages="English, Polish")
    polish.hubs.add(hub)
    polish.stakeholder_groups.add(send_panel)
    make_person(org, "Polish elsewhere", languages="Polish")
    erased = make_person(org, "Erased Polish", languages="Polish", erased_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    erased.hubs.add(hub)
    make_person(other_org, "Southby Polish", languages="Polish")

    def run(data) -> set[str]:
        form = InviteFilterForm(data, organisation=org)
        return names(form.apply(Person.objects.all()))

    assert run({"language": "polish"}) == {"Polish at Eastfield", "Polish elsewhere"}
    assert run({"language": "Polish", "hub": str(hub.pk)}) == {"Polish at Eastfield"}
    assert run({"group": str(forums.pk)}) == {"Polish at Eastfield"}  # sub-groups count
    assert run({"language": "Polish", "never_involved": "on"}) == {"Polish at Eastfield", "Polish elsewhere"}
    form = InviteFilterForm({"language": "Polish", "circumstance": ["under_5", "send"]}, organisation=org)
    assert form.hidden_items() == [("language", "Polish"), ("circumstance", "under_5"), ("circumstance", "send")]


def test_a_segment_is_one_query(org) -> None:
    for n in range(5):
        person = family(org, f"Family {n}", young_carer=True)
        Child.objects.create(organisation=org, household=person.household, age_band="0-1")
    form = InviteFilterForm(
        {"circumstance": ["under_5", "young_carer"], "never_involved": "on", "language": ""}, organisation=org
    )
    people = form.apply(Person.objects.all())
    with CaptureQueriesContext(connection) as queries:
        assert len(list(people)) == 5
    assert len(queries) == 1
