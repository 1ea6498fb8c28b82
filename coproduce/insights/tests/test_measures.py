"""Reach, depth, follow-through, panels and sessions with men, measured from crafted records with hand-counted
expectations; small counts hidden (None) and never derivable by subtraction."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.analysis.disclosure import THRESHOLD, suppress, table_total
from coproduce.consent.models import Consent, ConsentStatus
from coproduce.contributions.models import Contribution
from coproduce.decisions.models import Promise
from coproduce.engagement.models import Activity, ActivityKind, Attendance, Invitation
from coproduce.insights import measures
from coproduce.insights.models import Involvement
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came
from coproduce.people.models import ACCESS_NEEDS, Person
from coproduce.projects.models import Stage
from coproduce.stakeholders.models import StakeholderGroup

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)  # a fixed "today" for the scope: 12 months back is 30 June 2024


def day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def moment(days_ago: float) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12))) - dt.timedelta(days=days_ago)


def person(org, name: str, groups=()) -> Person:
    p = Person.objects.create(organisation=org, full_name=name)
    if groups:
        p.stakeholder_groups.set(groups)
    return p


def record(
    who: Person,
    project,
    days_ago: int,
    *,
    activity=None,
    group=None,
    join_way: str = "",
    source_id=None,
    kind: str = Involvement.Kind.ATTENDED,
    hub=None,
) -> Involvement:
    return Involvement.objects.create(
        organisation=who.organisation,
        person=who,
        kind=kind,
        occurred_on=day(days_ago),
        project=project,
        activity=activity,
        hub=hub,
        stakeholder_group=group,
        join_way=join_way,
        source_id=source_id or uuid.uuid4(),
    )


@pytest.fixture
def families(org) -> StakeholderGroup:
    return StakeholderGroup.objects.create(organisation=org, key="families", name="Families", order=1)


@pytest.fixture
def forums(org) -> StakeholderGroup:
    return StakeholderGroup.objects.create(
        organisation=org, key="parent_carer_forums", name="Parent carer forums and panels", order=2
    )


def scope(org, **kwargs) -> Scope:
    return Scope(org, today=TODAY, **kwargs)


# --- reach ------------------------------------------------------------------------------------------------------


class TestReach:
    def test_first_time_and_returning_across_the_period_boundary(self, org, project) -> None:
        # 6 new: 1 came on one day, 5 on two days.
        for i in range(6):
            p = person(org, f"New{i}")
            record(p, project, 100)
            if i:
                record(p, project, 20)
        # 7 returning: first before the period, once in it. One of them first came exactly on the boundary
        # (365 days ago, outside the 12 months), then the day after (inside).
        for i in range(6):
            p = person(org, f"Back{i}")
            record(p, project, 500)
            record(p, project, 50)
            record(p, project, 50)  # two things on the same day: still one day
        edge = person(org, "Edge")
        record(edge, project, 365)
        record(edge, project, 364)
        # Not in the period at all: only long ago, or after "today".
        record(person(org, "Long ago"), project, 600)
        record(person(org, "Future"), project, -3)

        reach = measures.reach(scope(org))
        assert reach.people == 13
        assert (reach.first_time, reach.returning) == (6, 7)
        assert (reach.once, reach.more_than_once) == (8, 5)

        # All time: nobody is "first time in the period"; everyone before today counts.
        everything = measures.reach(scope(org, period="all"))
        assert everything.people == 14  # + "Long ago"

    def test_small_counts_are_hidden_together(self, org, project) -> None:
        for i in range(3):
            record(person(org, f"New{i}"), project, 10)
        for i in range(7):
            p = person(org, f"Back{i}")
            record(p, project, 400)
            record(p, project, 10)
        reach = measures.reach(scope(org))
        assert reach.people == 10
        # 3 new is hidden, and so is 7 returning (else 10 - 7 gives 3 back).
        assert (reach.first_time, reach.returning) == (None, None)
        # Everyone came on one day in the period: 10 and 0 are both shown.
        assert (reach.once, reach.more_than_once) == (10, 0)

    def test_fewer_than_five_people_hides_the_total(self, org, project) -> None:
        for i in range(4):
            record(person(org, f"P{i}"), project, 10)
        reach = measures.reach(scope(org))
        assert reach.people is None
        assert {reach.first_time, reach.returning, reach.once, reach.more_than_once} == {None}

    def test_invited_but_never_came_by_group(self, org, project, families, forums) -> None:
        activity = Activity.objects.create(
            organisation=org, project=project, title="Session", kind="workshop", starts_at=moment(10)
        )
        old = Activity.objects.create(
            organisation=org, project=project, title="Old", kind="workshop", starts_at=moment(400)
        )

        def invite(p, act=activity):
            Invitation.objects.create(organisation=org, activity=act, person=p)

        # Families: 10 invited, 5 came (one of them only before the period: they still took part once).
        for i in range(10):
            p = person(org, f"F{i}", [families])
            invite(p)
            if i < 4:
                record(p, project, 10, group=families)
            elif i == 4:
                record(p, project, 300, group=families)
        # Forums: 3 invited, 1 never came: fewer than 5, all hidden.
        for i in range(3):
            p = person(org, f"C{i}", [forums])
            invite(p)
            if i:
                record(p, project, 10, group=forums)
        # No group: 6 invited, none came.
        for i in range(6):
            invite(person(org, f"N{i}"))
        # Invited only to an activity before the period: not counted.
        invite(person(org, "Old invite", [families]), old)

        rows = {row.label: row.counts for row in measures.reach(scope(org)).invited_never}
        assert rows["Families"] == {"invited": 10, "never": 5}
        assert rows["Parent carer forums and panels"] == {"invited": None, "never": None}
        assert rows["No group recorded"] == {"invited": 6, "never": 6}


# --- depth ------------------------------------------------------------------------------------------------------


class TestDepth:
    def test_degree_per_group_from_achieved_else_target(self, org, project, families, forums) -> None:
        achieved = Stage.objects.create(
            organisation=org, project=project, name="Design", target_degree=2, achieved_degree=3
        )
        target = Stage.objects.create(organisation=org, project=project, name="Deliver", target_degree=4)
        a3 = Activity.objects.create(organisation=org, project=project, title="A3", kind="workshop", stage=achieved)
        a4 = Activity.objects.create(organisation=org, project=project, title="A4", kind="workshop", stage=target)
        none = Activity.objects.create(organisation=org, project=project, title="No stage", kind="workshop")

        for i in range(6):
            record(person(org, f"F3-{i}"), project, 10, activity=a3, group=families)
        for i in range(5):
            record(person(org, f"F4-{i}"), project, 10, activity=a4, group=families)
        # The same person twice at degree 4 counts twice: this counts times taken part.
        twice = person(org, "Twice")
        record(twice, project, 10, activity=a4, group=families)
        record(twice, project, 20, activity=a4, group=families)
        # Forums: 5 at degree 3 and 2 not recorded: the 2 is hidden, and so is the 5.
        for i in range(5):
            record(person(org, f"C3-{i}"), project, 10, activity=a3, group=forums)
        for i in range(2):
            record(person(org, f"CN-{i}"), project, 10, activity=none, group=forums)
        # No group: 3 times, all hidden.
        for i in range(3):
            record(person(org, f"N-{i}"), project, 10, activity=a3)
        # A project join is not a time at an activity.
        record(person(org, "Joined"), project, 10, group=families, kind=Involvement.Kind.JOINED_PROJECT)

        depth = measures.depth(scope(org))
        assert [code for code, _label in depth.degree_columns] == ["1", "2", "3", "4", "5", "not_recorded"]
        rows = {row.label: row for row in depth.by_degree}
        assert rows["Families"].counts == {"1": 0, "2": 0, "3": 6, "4": 7, "5": 0, "not_recorded": 0}
        assert rows["Families"].total == 13
        assert rows["Parent carer forums and panels"].counts == {
            "1": 0,
            "2": 0,
            "3": None,
            "4": 0,
            "5": 0,
            "not_recorded": None,
        }
        assert rows["Parent carer forums and panels"].total == 7
        assert rows["No group recorded"].total is None
        assert set(rows["No group recorded"].counts.values()) == {None}

    def test_join_ways_count_people(self, org, project, families) -> None:
        activity = Activity.objects.create(organisation=org, project=project, title="A", kind="workshop")
        for i in range(5):
            p = person(org, f"On{i}")
            record(p, project, 10, activity=activity, group=families, join_way="online")
            record(p, project, 20, activity=activity, group=families, join_way="online")  # same person: once
        for i in range(6):
            record(person(org, f"In{i}"), project, 10, activity=activity, group=families, join_way="in_person")
        for i in range(2):
            record(person(org, f"NR{i}"), project, 10, activity=activity, group=families)
        [row] = measures.depth(scope(org)).by_way
        assert row.label == "Families"
        # 2 not recorded is hidden, so the smallest other (5 online) is hidden too.
        assert row.counts == {
            "in_person": 6,
            "online": None,
            "phone": 0,
            "post": 0,
            "async": 0,
            "not_recorded": None,
        }
        assert row.total is None

    def test_access_needs_needed_and_met_from_the_register(self, org, project) -> None:
        activity = Activity.objects.create(organisation=org, project=project, title="A", kind="workshop")
        outside = Activity.objects.create(organisation=org, project=project, title="Long ago", kind="workshop")

        def line(name, needs, days_ago=10, act=activity):
            p = person(org, name)
            attendance = Attendance.objects.create(
                organisation=org, activity=act, person=p, attended=True, needs_provided=needs
            )
            record(p, project, days_ago, activity=act, source_id=attendance.pk)

        for i in range(5):
            line(f"I-met{i}", {"interpreter": True})
        for i in range(5):
            line(f"I-not{i}", {"interpreter": False, "childcare": True})
        for i in range(2):
            line(f"C-met{i}", {"childcare": True})
        line("Nothing", {})
        line("Before the period", {"interpreter": False}, days_ago=500, act=outside)
        labels = {code: str(label) for code, label in ACCESS_NEEDS}
        needs = {row.label: row.counts for row in measures.depth(scope(org)).needs}
        assert needs[labels["interpreter"]] == {"needed": 10, "met": 5, "not_met": 5}
        # Childcare: needed 7, met 7, not met 0.
        assert needs[labels["childcare"]] == {"needed": 7, "met": 7, "not_met": 0}
        assert set(needs) == {labels["interpreter"], labels["childcare"]}

    def test_someone_who_came_often_counts_once(self, org, project) -> None:
        # One deaf parent at 8 sessions is one person: under 5, so hidden, not "needed 8".
        p = person(org, "Often")
        for index in range(8):
            activity = Activity.objects.create(organisation=org, project=project, title=f"S{index}", kind="workshop")
            attendance = Attendance.objects.create(
                organisation=org, activity=activity, person=p, attended=True, needs_provided={"bsl": index != 3}
            )
            record(p, project, 10, activity=activity, source_id=attendance.pk)
        [row] = measures.depth(scope(org)).needs
        assert row.counts == {"needed": None, "met": None, "not_met": None}

    def test_a_need_not_met_for_a_few_is_hidden_with_its_partner(self, org, project) -> None:
        activity = Activity.objects.create(organisation=org, project=project, title="A", kind="workshop")
        for i in range(7):
            p = person(org, f"S{i}")
            attendance = Attendance.objects.create(
                organisation=org, activity=activity, person=p, attended=True, needs_provided={"step_free": i < 5}
            )
            record(p, project, 10, activity=activity, source_id=attendance.pk)
        [row] = measures.depth(scope(org)).needs
        assert row.counts == {"needed": 7, "met": None, "not_met": None}


# --- follow-through ---------------------------------------------------------------------------------------------


def promise(org, project, owner, *, status="planned", due=None, kept_on=None, changed_days_ago=None, created=30):
    made = Promise.objects.create(
        organisation=org,
        project=project,
        owner=owner,
        text="We will do it",
        status=status,
        due_date=due,
        kept_on=kept_on,
        public_explanation="Because" if status in ("changed", "not_possible") else "",
    )
    fields = {"created_at": moment(created)}
    if changed_days_ago is not None:
        fields["status_changed_at"] = moment(changed_days_ago)
    Promise.objects.filter(pk=made.pk).update(**fields)
    made.refresh_from_db()
    return made


def contribution(org, project, who, days_ago: float) -> Contribution:
    made = Contribution.objects.create(organisation=org, project=project, person=who, kind="idea", text="An idea")
    Contribution.objects.filter(pk=made.pk).update(created_at=moment(days_ago))
    return made


class TestFollowThrough:
    def test_promises_kept_on_time_late_changed_overdue(self, org, project, admin) -> None:
        promise(org, project, admin, status="kept", due=day(5), kept_on=day(6))  # on time
        promise(org, project, admin, status="kept", due=day(5), kept_on=day(5))  # on the day: on time
        promise(org, project, admin, status="kept", due=day(10), kept_on=day(2))  # late
        promise(org, project, admin, status="changed", due=day(1))
        promise(org, project, admin, status="not_possible")
        promise(org, project, admin, status="in_progress", due=day(3))  # overdue
        promise(org, project, admin, status="planned", due=day(-10))  # not due yet
        promise(org, project, admin, status="kept", due=day(400), kept_on=day(401), created=400)  # before
        figures = measures.follow_through_figures(scope(org))
        p = figures.promises
        assert (p.total, p.kept_on_time, p.kept_late, p.changed, p.not_possible, p.open, p.overdue) == (
            7,
            2,
            1,
            1,
            1,
            2,
            1,
        )
        # So far: the 3 kept, the changed one, and the overdue one (dated, outcome known) = 5.
        assert p.so_far == 5
        assert p.share_kept_on_time == pytest.approx(2 / 5)

    def test_median_days_to_feedback_and_who_heard_back(self, org, project, admin) -> None:
        kept = promise(org, project, admin, status="kept", due=day(0), kept_on=day(1), changed_days_ago=1)
        changed = promise(org, project, admin, status="changed", changed_days_ago=10)
        still_open = promise(org, project, admin, status="in_progress")
        # Five people heard back: 2, 4, 6 and 8 days after contributing to the kept promise; the fifth's
        # contribution also answered the changed promise 1 day after it was made, so 1 day (the earliest).
        for index, days in enumerate((2, 4, 6, 8)):
            c = contribution(org, project, person(org, f"Heard{index}"), 1 + days)
            c.promises.add(kept, still_open)
        c = contribution(org, project, person(org, "Heard early"), 11)
        c.promises.add(kept, changed)
        # Five did not: an open promise only, or nothing at all.
        for index in range(5):
            c = contribution(org, project, person(org, f"Waiting{index}"), 3)
            if index % 2:
                c.promises.add(still_open)
        # Not counted: nobody named, or before the period.
        Contribution.objects.create(organisation=org, project=project, kind="idea", text="Anonymous card")
        contribution(org, project, person(org, "Long ago"), 500).promises.add(kept)

        figures = measures.follow_through_figures(scope(org))
        assert figures.contributions == 10
        assert figures.contributions_heard_back == 5
        assert figures.median_days_to_feedback == pytest.approx(4.0)  # 1, 2, 4, 6, 8
        assert figures.contributors == 10
        assert figures.contributors_heard_back == 5

    def test_few_contributors_are_hidden(self, org, project, admin) -> None:
        kept = promise(org, project, admin, status="kept", due=day(0), kept_on=day(1), changed_days_ago=1)
        for index in range(6):
            c = contribution(org, project, person(org, f"P{index}"), 5)
            if index < 2:
                c.promises.add(kept)
        figures = measures.follow_through_figures(scope(org))
        assert figures.contributors == 6
        assert figures.contributors_heard_back is None  # 2 heard back, 4 did not: both small


# --- panels -----------------------------------------------------------------------------------------------------


class TestPanels:
    def test_members_new_members_tenure_and_last_joined(self, org, project, families, forums) -> None:
        for i in range(5):  # staying: first long before the period
            p = person(org, f"Stay{i}")
            record(p, project, 400, group=forums)
            record(p, project, 10, group=forums)
        for i in range(5):  # new in the period, 60 days each
            p = person(org, f"New{i}")
            record(p, project, 100, group=forums)
            record(p, project, 40, group=forums)
        newest = person(org, "Newest")
        record(newest, project, 50, group=forums)
        record(person(org, "Left"), project, 500, group=forums)  # not active in the period
        record(person(org, "Family"), project, 5, group=families)  # another group
        record(person(org, "Later"), project, -5, group=forums)  # after "today"

        panels = measures.panels(scope(org))
        assert panels.group == forums
        assert panels.members == 11
        assert panels.new_members == 6
        # Tenures: 390 × 5, 60 × 5 and 0: the middle one is 60.
        assert panels.median_tenure_days == 60
        assert panels.last_joined == day(50)

    def test_no_panels_group(self, org, project, families) -> None:
        record(person(org, "F"), project, 5, group=families)
        panels = measures.panels(scope(org))
        assert (panels.members, panels.new_members, panels.median_tenure_days, panels.group) == (None, None, None, None)

    def test_few_new_members_are_hidden(self, org, project, forums) -> None:
        for i in range(7):
            p = person(org, f"Stay{i}")
            record(p, project, 400, group=forums)
            record(p, project, 10, group=forums)
        for i in range(2):
            record(person(org, f"New{i}"), project, 10, group=forums)
        panels = measures.panels(scope(org))
        assert panels.members == 9
        assert panels.new_members is None


# --- sessions with men ------------------------------------------------------------------------------------------


def test_sessions_with_men(org, project, activity) -> None:
    now = timezone.now()
    second = Activity.objects.create(
        organisation=org, project=project, title="Second", kind=ActivityKind.CO_DESIGN, starts_at=now
    )
    third = Activity.objects.create(
        organisation=org, project=project, title="Third", kind=ActivityKind.CO_DESIGN, starts_at=now
    )
    workshop = Activity.objects.create(
        organisation=org, project=project, title="Workshop", kind=ActivityKind.WORKSHOP, starts_at=now
    )
    dad = came(activity, name="Dad", answers={"sex": "male"})
    from coproduce.insights import involvement

    line = Attendance.objects.create(organisation=org, activity=second, person=dad, attended=True)
    involvement.attendance_sync(second, [line])
    came(second, name="Grandad", answers={"sex": "male"})
    came(third, name="Mum", answers={"sex": "female"})
    came(third, name="No consent", answers={"sex": "male"}, consent=False)
    withdrawn = came(third, name="Withdrew", answers={"sex": "male"})
    Consent.objects.filter(person=withdrawn).update(status=ConsentStatus.WITHDRAWN)
    came(workshop, name="Workshop man", answers={"sex": "male"})

    sessions = measures.sessions_with_men(Scope(org))
    assert (sessions.total, sessions.with_men, sessions.men) == (3, 2, 2)
    assert sessions.kind_label == "co-design"


# --- small counts are never derivable ---------------------------------------------------------------------------


def _recoverable(counts: dict[str, int]) -> list[str]:
    """The hidden cells whose value can be worked out from the shown cells, the shown total, and what anyone knows:
    a hidden cell is at least 1 (zeros are shown)."""
    shown = suppress(counts)
    total = table_total(counts)
    hidden = [key for key, value in shown.items() if value is None]
    if total is None or not hidden:
        return []
    rest = total - sum(value for value in shown.values() if value is not None)
    # Each hidden cell lies between 1 and rest - (hidden - 1): one value only when rest == len(hidden).
    return hidden if rest - (len(hidden) - 1) <= 1 else []


def test_a_single_small_cell_is_never_derivable_by_subtraction() -> None:
    for counts in ({"a": 3, "b": 10}, {"a": 1, "b": 5, "c": 7}, {"a": 0, "b": 4, "c": 9}):
        shown = suppress(counts)
        assert sum(1 for value in shown.values() if value is None) >= 2
        assert _recoverable(counts) == []


def test_two_hidden_ones_cannot_be_pinned_down() -> None:
    assert _recoverable({"a": 1, "b": 1, "c": 10}) == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=6))
def test_no_hidden_cell_can_be_recovered(values: list[int]) -> None:
    counts = {f"c{index}": value for index, value in enumerate(values)}
    assert _recoverable(counts) == []
    # And a shown total of under THRESHOLD never happens.
    total = table_total(counts)
    assert total is None or total == 0 or total >= THRESHOLD
