"""Reports kept in the cache: reused while nothing changes, worked out again when involvements, equality answers
or equality consent change; and the insights management commands."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from coproduce.consent.models import Consent, ConsentStatus, Purpose
from coproduce.equality import services as equality_services
from coproduce.insights import cache as insights_cache
from coproduce.insights.models import Involvement
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came

pytestmark = pytest.mark.django_db


def people_in(scope: Scope) -> int | None:
    return insights_cache.report_for(scope).reach.people


def test_a_kept_report_is_reused_until_something_changes(org, area, activity, django_assert_num_queries) -> None:
    for index in range(6):
        came(activity, name=f"P{index}", answers={"sex": "female"})
    scope = Scope(org)
    first = insights_cache.report_for(scope)
    with django_assert_num_queries(0):
        assert insights_cache.report_for(scope) is not None
    # A register taken: the next report counts the new person.
    came(activity, name="New", answers={"sex": "female"})
    assert people_in(scope) == first.reach.people + 1


def test_an_objection_or_withdrawn_consent_shows_at_once(org, area, activity) -> None:
    people = [came(activity, name=f"P{index}", answers={"sex": "male"}) for index in range(12)]
    scope = Scope(org)
    assert insights_cache.report_for(scope).table("sex").table.rows[1].participants == 12
    equality_services.objection_record(person=people[0], actor=None)
    assert insights_cache.report_for(scope).table("sex").table.rows[1].participants == 11
    consent = Consent.objects.get(person=people[1], purpose=Purpose.EQUALITY_MONITORING)
    consent.status = ConsentStatus.WITHDRAWN
    consent.save()
    assert insights_cache.report_for(scope).table("sex").table.rows[1].participants == 10


def test_rebuild_involvements_command(org, area, activity) -> None:
    for index in range(3):
        came(activity, name=f"P{index}")
    Involvement.objects.filter(organisation=org).delete()
    call_command("rebuild_involvements", org.slug)
    assert Involvement.objects.filter(organisation=org).count() == 3
    with pytest.raises(CommandError, match="slug"):
        call_command("rebuild_involvements")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("rebuild_involvements", "no-such-organisation")


def test_refresh_insights_keeps_a_report_for_each_period(org, area, activity, django_assert_num_queries) -> None:
    came(activity, name="P")
    call_command("refresh_insights", org.slug)
    for period in ("12m", "6m", "3m", "all"):
        with django_assert_num_queries(0):
            insights_cache.report_for(Scope(org, period=period))


def test_after_a_change_the_report_is_worked_out_in_the_background(
    org, area, activity, settings, django_capture_on_commit_callbacks, django_assert_num_queries
) -> None:
    settings.INSIGHTS_REFRESH_AFTER_CHANGE = True
    for index in range(5):
        came(activity, name=f"P{index}")
    with django_capture_on_commit_callbacks(execute=True):
        came(activity, name="New")  # the task runs at once in tests (ImmediateBackend)
    with django_assert_num_queries(0):
        report = insights_cache.report_for(Scope(org))
    assert report.reach.people == 6


def test_a_register_still_saves_when_the_cache_cannot_be_reached(org, area, activity, monkeypatch) -> None:
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for name in ("get", "set", "add", "incr"):
        monkeypatch.setattr(insights_cache.cache, name, down)
    came(activity, name="P")  # the involvement record is written; marking the insights as changed fails quietly
    assert Involvement.objects.filter(organisation=org).count() == 1
    assert insights_cache.report_for(Scope(org)).reach.people is None  # fewer than 5: hidden, but worked out
