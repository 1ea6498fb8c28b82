"""Strategies across hub processes, sustaining strategies and their refreshes, and the reminder emails."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from coproduce.commitments import services
from coproduce.commitments.models import Strategy, StrategyRefresh
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership, Role
from tests.cast import make_member


def url(name: str, **kwargs) -> str:
    return reverse(f"commitments:{name}", kwargs=kwargs)


def form(**overrides) -> dict:
    data = {
        "title": "Parent panel",
        "description": "Parents and carers advise on every new service.",
        "area": "governance",
        "start_date": "1/9/2026",
        "end_date": "31/8/2028",
        "status": "in_place",
        "is_sustaining": "on",
        "refresh_every_months": "12",
        "last_refreshed_on": "1/9/2026",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class TestSaving:
    def test_a_lead_adds_a_sustaining_strategy(self, lead_client, lead_membership, seeded) -> None:
        response = lead_client.post(url("strategy_create"), form(owner=str(lead_membership.pk)))
        strategy = Strategy.objects.get()
        assert response["Location"] == url("strategy_detail", strategy_id=strategy.pk)
        assert strategy.owner == lead_membership
        assert (strategy.refresh_every_months, strategy.next_refresh_due) == (12, dt.date(2027, 9, 1))
        assert AuditEvent.objects.filter(object_id=str(strategy.pk), action="create").exists()

    def test_the_start_date_counts_when_it_was_never_refreshed(self, lead_client, seeded) -> None:
        lead_client.post(url("strategy_create"), form(last_refreshed_on="", refresh_every_months="6"))
        assert Strategy.objects.get().next_refresh_due == dt.date(2027, 3, 1)

    def test_a_strategy_that_is_not_sustaining_keeps_no_cadence(self, lead_client, seeded) -> None:
        lead_client.post(url("strategy_create"), form(is_sustaining=None, refresh_every_months="0"))
        strategy = Strategy.objects.get()
        assert (strategy.is_sustaining, strategy.refresh_every_months, strategy.next_refresh_due) == (False, None, None)

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"title": ""}, "title", "Enter a title for the strategy"),
            ({"area": ""}, "area", "Choose the hub process"),
            ({"end_date": "1/1/2026"}, "end_date", "The end date must be the same as or after the start date"),
            ({"refresh_every_months": "0"}, "refresh_every_months", "Enter a number of months of 1 or more"),
            ({"refresh_every_months": "-3"}, "refresh_every_months", "Enter a number of months of 1 or more"),
            ({"refresh_every_months": "often"}, "refresh_every_months", "Enter a whole number of months"),
            ({"refresh_every_months": ""}, "refresh_every_months", "Enter how often involvement is refreshed"),
            ({"last_refreshed_on": "1/1/2999"}, "last_refreshed_on", "The date last refreshed must be today or"),
            ({"start_date": "31/2/2027"}, "start_date", "Enter start date as a real date"),
        ],
    )
    def test_bad_input_is_refused_next_to_the_field(self, lead_client, seeded, overrides, field, message) -> None:
        html = lead_client.post(url("strategy_create"), form(**overrides)).content.decode()
        assert message in html
        assert f'href="#id_{field}' in html
        assert not Strategy.objects.exists()

    def test_an_owner_from_another_organisation_is_refused(self, lead_client, seeded, stranger) -> None:
        theirs = Membership.objects.get(user=stranger)
        html = lead_client.post(url("strategy_create"), form(owner=str(theirs.pk))).content.decode()
        assert "Choose an owner from your own organisation" in html
        assert not Strategy.objects.exists()

    def test_the_service_refuses_the_same_things(self, lead, seeded, stranger) -> None:
        base = {"title": "T", "area": "planning", "status": "planned"}
        with pytest.raises(ValidationError) as error:
            services.strategy_save(actor=lead, organisation=seeded, owner=Membership.objects.get(user=stranger), **base)
        assert "owner" in error.value.error_dict
        with pytest.raises(ValidationError) as error:
            services.strategy_save(
                actor=lead, organisation=seeded, start_date=dt.date(2027, 1, 2), end_date=dt.date(2027, 1, 1), **base
            )
        assert "end_date" in error.value.error_dict
        with pytest.raises(ValidationError) as error:
            services.strategy_save(actor=lead, organisation=seeded, is_sustaining=True, refresh_every_months=0, **base)
        assert "refresh_every_months" in error.value.error_dict
        assert not Strategy.objects.exists()

    @pytest.mark.parametrize(
        "values",
        [
            {"start_date": dt.date(2027, 1, 2), "end_date": dt.date(2027, 1, 1)},
            {"refresh_every_months": 0},
            {"is_sustaining": True, "refresh_every_months": None},
        ],
    )
    def test_the_database_refuses_them_too(self, seeded, values) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Strategy.objects.create(organisation=seeded, title="T", area="planning", **values)

    def test_editing_records_what_changed(self, lead_client, lead, seeded) -> None:
        strategy = services.strategy_save(
            actor=lead, organisation=seeded, title="Panel", area="planning", status="planned"
        )
        lead_client.post(url("strategy_edit", strategy_id=strategy.pk), form(title="Parent panel", is_sustaining=None))
        strategy.refresh_from_db()
        assert (strategy.title, strategy.area) == ("Parent panel", "governance")
        event = AuditEvent.objects.filter(object_id=str(strategy.pk), action="update").get()
        assert event.changes["title"] == ["Panel", "Parent panel"]


class TestRefreshing:
    def test_refresh_due_and_recording_a_refresh(self, lead_client, lead, seeded, today) -> None:
        strategy = services.strategy_save(
            actor=lead,
            organisation=seeded,
            title="Parent panel",
            area="governance",
            status="in_place",
            is_sustaining=True,
            refresh_every_months=12,
            last_refreshed_on=today - dt.timedelta(days=400),
        )
        assert strategy.refresh_is_due(today)
        html = lead_client.get(url("strategy_list")).content.decode()
        assert "Refresh due" in html
        assert (
            "A refresh was due on" in lead_client.get(url("strategy_detail", strategy_id=strategy.pk)).content.decode()
        )

        html = lead_client.post(url("strategy_refresh", strategy_id=strategy.pk), {"note": ""}).content.decode()
        assert "Say what was refreshed" in html and 'href="#id_note"' in html
        assert not StrategyRefresh.objects.exists()

        lead_client.post(url("strategy_refresh", strategy_id=strategy.pk), {"note": "Four new parents joined"})
        strategy.refresh_from_db()
        assert strategy.last_refreshed_on == today
        assert strategy.next_refresh_due > today and not strategy.refresh_is_due(today)
        assert StrategyRefresh.objects.get().note == "Four new parents joined"
        event = AuditEvent.objects.filter(object_id=str(strategy.pk), summary__contains="was refreshed").get()
        assert event.changes["last_refreshed_on"][1] == today.isoformat()
        assert (
            "Four new parents joined"
            in lead_client.get(url("strategy_detail", strategy_id=strategy.pk)).content.decode()
        )

    def test_only_sustaining_strategies_are_refreshed(self, lead_client, lead, seeded) -> None:
        strategy = services.strategy_save(actor=lead, organisation=seeded, title="T", area="planning", status="planned")
        assert lead_client.get(url("strategy_refresh", strategy_id=strategy.pk)).status_code == 302
        with pytest.raises(ValidationError):
            services.strategy_refresh(actor=lead, strategy=strategy, note="x")

    def test_the_list_filters_sustaining_strategies(self, lead_client, lead, seeded) -> None:
        services.strategy_save(actor=lead, organisation=seeded, title="Plain one", area="planning", status="planned")
        services.strategy_save(
            actor=lead,
            organisation=seeded,
            title="Panel",
            area="governance",
            status="planned",
            is_sustaining=True,
            refresh_every_months=6,
        )
        html = lead_client.get(url("strategy_list"), {"sustaining": "1"}).content.decode()
        assert "Panel" in html and "Plain one" not in html


@pytest.fixture
def owner(org):
    return make_member(org, "owner@example.org", Role.STAFF, "Olu Owner")


class TestReminders:
    def test_owners_are_emailed_once_per_due_date(
        self, org, owner, today, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:
        overdue = _strategy(org, owner, "Overdue panel", today - dt.timedelta(days=3))
        _strategy(org, owner, "Soon panel", today + dt.timedelta(days=14))
        _strategy(org, owner, "Later panel", today + dt.timedelta(days=15))
        _strategy(org, owner, "Stopped panel", today - dt.timedelta(days=1), status="stopped")
        with django_capture_on_commit_callbacks(execute=True):
            assert services.strategy_reminders_send(today=today) == 2
        assert sorted(m.subject for m in mailoutbox) == [
            "Coming up: refresh Soon panel",
            "Overdue: refresh Overdue panel",
        ]
        assert all(m.to == ["owner@example.org"] for m in mailoutbox)
        body = next(m.body for m in mailoutbox if "Overdue panel" in m.subject)
        assert f"http://testserver/commitment/strategies/{overdue.pk}/" in body and "That date has passed." in body
        # Run again: nobody hears twice about the same due date.
        with django_capture_on_commit_callbacks(execute=True):
            assert services.strategy_reminders_send(today=today) == 0
        assert len(mailoutbox) == 2
        overdue.refresh_from_db()
        assert overdue.reminder_sent_for == overdue.next_refresh_due
        assert AuditEvent.objects.filter(object_id=str(overdue.pk), summary__startswith="Reminded").count() == 1

    def test_a_new_due_date_gets_a_new_reminder(
        self, org, owner, lead, today, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:
        strategy = _strategy(org, owner, "Panel", today)
        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_reminders_send(today=today)
        services.strategy_refresh(actor=lead, strategy=strategy, note="Refreshed", today=today)
        later = today + dt.timedelta(days=366)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.strategy_reminders_send(today=later) == 1
        assert len(mailoutbox) == 2

    def test_the_command_runs_the_task(self, org, owner, today, mailoutbox, django_capture_on_commit_callbacks) -> None:
        _strategy(org, owner, "Panel", today)
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_strategy_reminders", stdout=out)
        assert "Sent 1 strategy reminder(s)." in out.getvalue()
        assert len(mailoutbox) == 1
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_strategy_reminders", stdout=out)
        assert len(mailoutbox) == 1

    def test_the_command_can_enqueue_and_act_as_another_day(
        self, org, owner, today, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:
        _strategy(org, owner, "Panel", today + dt.timedelta(days=60))
        out = StringIO()
        later = (today + dt.timedelta(days=50)).isoformat()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_strategy_reminders", "--enqueue", f"--today={later}", stdout=out)
        assert "Queued the strategy reminders" in out.getvalue()
        assert len(mailoutbox) == 1  # the test settings run tasks at once
        with pytest.raises(CommandError):
            call_command("send_strategy_reminders", "--today=soon")

    def test_strategies_without_an_owner_are_skipped(self, org, owner, today, mailoutbox) -> None:
        strategy = _strategy(org, owner, "Panel", today)
        Strategy.objects.filter(pk=strategy.pk).update(owner=None)
        assert services.strategy_reminders_send(today=today) == 0


def _strategy(org, owner, title: str, due: dt.date, status: str = "in_place") -> Strategy:
    return Strategy.objects.create(
        organisation=org,
        title=title,
        area="governance",
        status=status,
        owner=Membership.objects.get(user=owner),
        is_sustaining=True,
        refresh_every_months=12,
        next_refresh_due=due,
    )
