"""Involvement records follow what they come from: an activity moved to another day or hub, a register line or
project stakeholder deleted (for example by a merge), and changes to the population figures show at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.engagement.models import Attendance
from coproduce.engagement.services.activities import activity_update
from coproduce.insights import cache as insights_cache
from coproduce.insights.models import Involvement, OrganisationArea
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came
from coproduce.organisations.models import Role
from tests.cast import make_member

pytestmark = pytest.mark.django_db


def test_moving_an_activity_moves_its_involvements(org, area, activity, hub) -> None:
    came(activity, name="P")
    activity.join_online = True
    activity.online_link = "https://meet.example.org/design-day"
    activity.save()
    lead = make_member(org, "lead@example.org", Role.LEAD, "Lee Lead")
    new_start = timezone.now() - dt.timedelta(days=3)
    activity_update(
        actor=lead,
        activity=activity,
        starts_at=new_start,
        ends_at=new_start + dt.timedelta(hours=1),
        hubs=[hub],
    )
    record = Involvement.objects.get(activity=activity)
    assert record.occurred_on == timezone.localdate(new_start)
    assert record.hub_id == hub.pk


def test_a_deleted_register_line_takes_its_involvement(org, area, activity) -> None:
    person = came(activity, name="P")
    assert Involvement.objects.filter(person=person).count() == 1
    Attendance.objects.filter(person=person).delete()
    assert Involvement.objects.filter(person=person).count() == 0


def test_choosing_no_area_shows_at_once(org, area, activity) -> None:
    for index in range(6):
        came(activity, name=f"P{index}", answers={"sex": "female"})
    assert insights_cache.report_for(Scope(org)).table("sex").has_population
    OrganisationArea.objects.filter(organisation=org).delete()
    assert not insights_cache.report_for(Scope(org)).table("sex").has_population
