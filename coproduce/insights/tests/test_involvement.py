"""The involvement records follow the real write paths: the register (saving, un-ticking, saving twice), walk-ins,
and project stakeholders (a person makes one, a partner none); the snapshot is kept only with consent and answers;
a rebuild gives the same rows; and keeping them in step costs the same queries however many are on the register."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.engagement.models import Attendance, Invitation, JoinWay, Reply
from coproduce.engagement.services.register import register_save, walk_in_add
from coproduce.equality import services as equality_services
from coproduce.equality.models import EqualitySnapshot
from coproduce.equality.tests.conftest import give_consent
from coproduce.insights import involvement
from coproduce.insights.models import Involvement
from coproduce.people.models import Person
from coproduce.projects.services import stakeholder_add, stakeholder_remove
from coproduce.stakeholders.models import Partner, StakeholderGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def families(org) -> StakeholderGroup:
    return StakeholderGroup.objects.create(organisation=org, key="families", name="Families", order=1)


@pytest.fixture
def forums(org) -> StakeholderGroup:
    return StakeholderGroup.objects.create(
        organisation=org, key="parent_carer_forums", name="Parent carer forums and panels", order=2
    )


def invited(activity, name: str, *, joining: str = "", consent: bool = False, answers: dict | None = None) -> Person:
    person = Person.objects.create(organisation=activity.organisation, full_name=name)
    if consent:
        give_consent(person)
    if answers:
        equality_services.answers_save(person=person, data=answers)
    Invitation.objects.create(
        organisation=activity.organisation, activity=activity, person=person, reply=Reply.YES, joining=joining
    )
    return person


def test_marking_someone_as_came_makes_one_involvement_and_unticking_removes_it(
    org, admin, activity, hub, families
) -> None:
    activity.hubs.add(hub)
    aisha = invited(activity, "Aisha", joining=JoinWay.ONLINE)
    aisha.stakeholder_groups.add(families)
    ben = invited(activity, "Ben")

    register_save(actor=admin, activity=activity, changes={aisha.pk: {"attended": True}, ben.pk: {}})
    [record] = Involvement.objects.all()
    line = Attendance.objects.get(person=aisha)
    assert record.person_id == aisha.pk and record.kind == Involvement.Kind.ATTENDED
    assert record.source_id == line.pk and record.activity_id == activity.pk
    assert record.project_id == activity.project_id and record.hub_id == hub.pk
    assert record.stakeholder_group_id == families.pk
    assert record.join_way == JoinWay.ONLINE
    assert record.occurred_on == timezone.localdate(activity.starts_at)

    # Saving again (same ticks) makes no duplicate; ticking Ben adds his.
    register_save(actor=admin, activity=activity, changes={aisha.pk: {"attended": True}, ben.pk: {"attended": True}})
    assert sorted(Involvement.objects.values_list("person__full_name", flat=True)) == ["Aisha", "Ben"]

    # Un-ticking Aisha removes hers, and only hers.
    register_save(actor=admin, activity=activity, changes={aisha.pk: {"attended": False}})
    assert list(Involvement.objects.values_list("person__full_name", flat=True)) == ["Ben"]


def test_only_needs_changed_keeps_the_one_involvement(org, admin, activity) -> None:
    aisha = invited(activity, "Aisha")
    register_save(actor=admin, activity=activity, changes={aisha.pk: {"attended": True}})
    first = Involvement.objects.get()
    register_save(actor=admin, activity=activity, changes={aisha.pk: {"hours": "1.5"}})
    assert list(Involvement.objects.values_list("pk", flat=True)) == [first.pk]


def test_a_walk_in_makes_one_involvement(org, admin, activity) -> None:
    person = Person.objects.create(organisation=org, full_name="Walk In")
    walk_in_add(actor=admin, activity=activity, person=person)
    walk_in_add(actor=admin, activity=activity, person=person)  # added twice at the door: still one
    [record] = Involvement.objects.all()
    assert record.person_id == person.pk
    assert record.source_id == Attendance.objects.get(person=person).pk
    assert record.join_way == ""  # no invitation, so no way of joining recorded


def test_a_new_walk_in_makes_one_involvement(org, admin, activity) -> None:
    walk_in_add(
        actor=admin,
        activity=activity,
        full_name="New Person",
        contact=False,
        photos=False,
        consent_method="verbal",
    )
    [record] = Involvement.objects.all()
    assert record.person.full_name == "New Person"


def test_a_person_as_project_stakeholder_makes_one_and_removing_them_removes_it(
    org, admin, project, hub, families, forums
) -> None:
    project.hubs.add(hub)
    person = Person.objects.create(organisation=org, full_name="Forum Member")
    member = stakeholder_add(actor=admin, project=project, group=forums, person=person, kind="lived_experience")
    [record] = Involvement.objects.all()
    assert record.kind == Involvement.Kind.JOINED_PROJECT
    assert record.person_id == person.pk and record.project_id == project.pk
    assert record.stakeholder_group_id == forums.pk and record.source_id == member.pk
    assert record.hub_id == hub.pk and record.activity_id is None

    stakeholder_remove(actor=admin, involvement=member)
    assert not Involvement.objects.exists()


def test_a_partner_as_project_stakeholder_makes_none(org, admin, project, families) -> None:
    partner = Partner.objects.create(organisation=org, name="Northby Mosque", kind=Partner.Kind.FAITH_COMMUNITY)
    member = stakeholder_add(actor=admin, project=project, group=families, partner=partner, kind="representative")
    assert not Involvement.objects.exists()
    stakeholder_remove(actor=admin, involvement=member)
    assert not Involvement.objects.exists()


def test_the_project_group_wins_over_the_persons_own_group(org, admin, activity, project, families, forums) -> None:
    person = invited(activity, "Both")
    person.stakeholder_groups.add(families)
    stakeholder_add(actor=admin, project=project, group=forums, person=person, kind="lived_experience")
    register_save(actor=admin, activity=activity, changes={person.pk: {"attended": True}})
    attended = Involvement.objects.get(kind=Involvement.Kind.ATTENDED)
    assert attended.stakeholder_group_id == forums.pk


class TestSnapshot:
    def test_kept_with_consent_and_answers(self, org, admin, activity) -> None:
        person = invited(activity, "Yes", consent=True, answers={"sex": "female"})
        register_save(actor=admin, activity=activity, changes={person.pk: {"attended": True}})
        record = Involvement.objects.get()
        assert record.snapshot is not None
        assert record.snapshot.answers.get("sex") == "female"
        assert record.snapshot.person_id == person.pk

    def test_none_without_consent(self, org, admin, activity) -> None:
        person = invited(activity, "No consent", consent=False, answers={"sex": "female"})
        register_save(actor=admin, activity=activity, changes={person.pk: {"attended": True}})
        assert Involvement.objects.get().snapshot_id is None
        assert not EqualitySnapshot.objects.exists()

    def test_none_without_answers(self, org, admin, activity) -> None:
        person = invited(activity, "No answers", consent=True)
        register_save(actor=admin, activity=activity, changes={person.pk: {"attended": True}})
        assert Involvement.objects.get().snapshot_id is None

    def test_none_after_an_objection(self, org, admin, activity) -> None:
        from django.utils import timezone

        from coproduce.equality.models import EqualityProfile

        person = invited(activity, "Objected", consent=True, answers={"sex": "female"})
        EqualityProfile.objects.filter(person=person).update(objected_at=timezone.now())
        register_save(actor=admin, activity=activity, changes={person.pk: {"attended": True}})
        assert Involvement.objects.get().snapshot_id is None

    def test_project_stakeholder_snapshot_with_consent_only(self, org, admin, project, families) -> None:
        allowed = Person.objects.create(organisation=org, full_name="Allowed")
        give_consent(allowed)
        equality_services.answers_save(person=allowed, data={"sex": "male"})
        refused = Person.objects.create(organisation=org, full_name="Refused")
        equality_services.answers_save(person=refused, data={"sex": "male"})
        stakeholder_add(actor=admin, project=project, group=families, person=allowed, kind="lived_experience")
        stakeholder_add(actor=admin, project=project, group=families, person=refused, kind="lived_experience")
        snaps = dict(Involvement.objects.values_list("person__full_name", "snapshot__answers__sex"))
        assert snaps == {"Allowed": "male", "Refused": None}


def _rows(org) -> set[tuple]:
    return set(
        Involvement.objects.filter(organisation=org).values_list(
            "person_id",
            "kind",
            "occurred_on",
            "project_id",
            "activity_id",
            "hub_id",
            "stakeholder_group_id",
            "join_way",
            "source_id",
            "snapshot_id",
        )
    )


def test_rebuild_gives_the_same_rows(org, other_org, admin, activity, project, hub, families, forums) -> None:
    activity.hubs.add(hub)
    people = [
        invited(activity, f"P{i}", joining=JoinWay.IN_PERSON if i % 2 else "", consent=i < 3, answers={"sex": "male"})
        for i in range(5)
    ]
    people[0].stakeholder_groups.add(families)
    # Joined the project first: the register then counts P1 through the project's group, as a rebuild does.
    stakeholder_add(actor=admin, project=project, group=forums, person=people[1], kind="lived_experience")
    register_save(
        actor=admin,
        activity=activity,
        changes={p.pk: {"attended": i != 4} for i, p in enumerate(people)},
    )
    before = _rows(org)
    assert len(before) == 5  # four came, one joined the project
    snapshots = EqualitySnapshot.objects.count()

    Involvement.objects.filter(organisation=org).delete()
    assert involvement.involvements_rebuild(org) == 5
    assert _rows(org) == before
    assert EqualitySnapshot.objects.count() == snapshots  # reused, not taken again


def _involvement_queries(captured) -> int:
    tables = (Involvement._meta.db_table, EqualitySnapshot._meta.db_table)
    return sum(1 for query in captured if any(table in query["sql"] for table in tables))


@pytest.mark.parametrize("path", ["sync", "register"])
def test_keeping_involvements_in_step_costs_the_same_queries_for_5_or_25_people(
    org, admin, project, families, path
) -> None:
    import datetime as dt

    from django.utils import timezone

    from coproduce.engagement.models import Activity

    def run(size: int) -> int:
        activity = Activity.objects.create(
            organisation=org,
            project=project,
            title=f"Session of {size}",
            kind="workshop",
            starts_at=timezone.now() - dt.timedelta(days=2),
        )
        people = [
            invited(activity, f"S{size}-{i}", joining=JoinWay.PHONE, consent=True, answers={"sex": "female"})
            for i in range(size)
        ]
        for person in people:
            person.stakeholder_groups.add(families)
        if path == "sync":
            lines = [
                Attendance.objects.create(organisation=org, activity=activity, person=p, attended=True) for p in people
            ]
            with CaptureQueriesContext(connection) as queries:
                involvement.attendance_sync(activity, lines)
            count = len(queries)
        else:
            with CaptureQueriesContext(connection) as queries:
                register_save(actor=admin, activity=activity, changes={p.pk: {"attended": True} for p in people})
            count = _involvement_queries(queries.captured_queries)
        assert Involvement.objects.filter(activity=activity).count() == size
        assert Involvement.objects.filter(activity=activity, snapshot__isnull=False).count() == size
        return count

    small, large = run(5), run(25)
    assert small == large
