"""Reminders about peer supporters' checks and supervision: to the coordinator (else the leads, else the
administrators), 30 and 7 days before a check expires and once when it has, 14 days before supervision is due and
once when it is overdue; once per date; nothing for a supporter who left; the command and the task run the same
code."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coproduce.comms.models import Kind, Message
from coproduce.organisations.models import Membership, Role
from coproduce.peers.models import PeerSupporter, Supervision, SupporterCheck, SupporterStatus
from coproduce.peers.reminders import reminders_send
from coproduce.peers.tasks import send_peer_reminders
from coproduce.people.models import Person
from tests.cast import make_member

DAY = dt.timedelta(days=1)
EXPIRES = dt.date(2027, 5, 3)
FAR = dt.date(2029, 1, 1)


def sent() -> list[tuple[str, str]]:
    return sorted(Message.objects.filter(kind=Kind.REMINDER).values_list("to", "subject"))


def bodies() -> list[str]:
    return list(Message.objects.filter(kind=Kind.REMINDER).order_by("created_at").values_list("body", flat=True))


def make_supporter(org, *, coordinator=None, dbs=FAR, supervision=FAR, status=SupporterStatus.ACTIVE):
    person = Person.objects.create(organisation=org, full_name="Sam Supporter")
    supporter = PeerSupporter.objects.create(
        organisation=org, person=person, coordinator=coordinator, status=status, capacity=2
    )
    for kind, expires in (
        (SupporterCheck.Kind.DBS, dbs),
        (SupporterCheck.Kind.SAFEGUARDING_TRAINING, FAR),
        (SupporterCheck.Kind.PEER_TRAINING, FAR),
    ):
        SupporterCheck.objects.create(
            organisation=org, supporter=supporter, kind=kind, issued_on=dt.date(2026, 1, 1), expires_on=expires
        )
    Supervision.objects.create(
        organisation=org, supporter=supporter, held_on=dt.date(2026, 1, 1), next_due_on=supervision
    )
    return supporter


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Lee Lead")


class TestChecks:
    def test_the_coordinator_hears_30_and_7_days_before_and_once_when_it_has_expired(
        self, org, colleague, lead
    ) -> None:
        make_supporter(org, coordinator=colleague, dbs=EXPIRES)
        assert reminders_send(today=EXPIRES - 31 * DAY).sent == 0
        report = reminders_send(today=EXPIRES - 30 * DAY)
        assert (report.due_soon, report.expired) == (1, 0)
        assert sent() == [("colleague@example.org", "DBS check expires on 3 May 2027: Sam Supporter")]
        body = bodies()[0]
        assert (
            "Sam Supporter's DBS check expires on 3 May 2027. Until it is renewed they cannot be matched with "
            "families." in body
        )
        assert "You get this because you coordinate their peer support." in body
        assert "(DBS is the Disclosure and Barring Service.)" in body
        assert "/peer-support/supporters/" in body
        # Once per date: the same day again, and the days until the next step, send nothing.
        assert reminders_send(today=EXPIRES - 30 * DAY).sent == 0
        assert reminders_send(today=EXPIRES - 8 * DAY).sent == 0
        assert reminders_send(today=EXPIRES - 7 * DAY).due_soon == 1
        assert reminders_send(today=EXPIRES).sent == 0  # valid on its last day
        report = reminders_send(today=EXPIRES + DAY)
        assert (report.due_soon, report.expired) == (0, 1)
        assert "Sam Supporter's DBS check expired on 3 May 2027. Until it is renewed" in bodies()[-1]
        assert reminders_send(today=EXPIRES + 10 * DAY).sent == 0
        assert [to for to, _subject in sent()] == ["colleague@example.org"] * 3

    def test_a_check_first_seen_inside_7_days_gets_one_reminder_not_two(self, org, colleague) -> None:
        make_supporter(org, coordinator=colleague, dbs=EXPIRES)
        assert reminders_send(today=EXPIRES - 5 * DAY).sent == 1
        assert reminders_send(today=EXPIRES - 4 * DAY).sent == 0

    def test_a_renewed_check_is_reminded_about_again_near_its_new_date(self, org, colleague) -> None:
        supporter = make_supporter(org, coordinator=colleague, dbs=EXPIRES)
        reminders_send(today=EXPIRES - 7 * DAY)
        renewed = EXPIRES + 365 * DAY
        SupporterCheck.objects.create(
            organisation=org, supporter=supporter, kind="dbs", issued_on=EXPIRES - 6 * DAY, expires_on=renewed
        )
        assert reminders_send(today=EXPIRES + DAY).sent == 0  # the new certificate counts
        assert reminders_send(today=renewed - 7 * DAY).sent == 1


class TestSupervision:
    def test_14_days_before_and_once_when_overdue(self, org, colleague) -> None:
        due = dt.date(2027, 3, 10)
        make_supporter(org, coordinator=colleague, supervision=due)
        assert reminders_send(today=due - 15 * DAY).sent == 0
        assert reminders_send(today=due - 14 * DAY).due_soon == 1
        assert "Sam Supporter's next supervision is due on 10 March 2027." in bodies()[-1]
        assert reminders_send(today=due - 3 * DAY).sent == 0
        assert reminders_send(today=due + DAY).expired == 1
        assert (
            "Sam Supporter's supervision is overdue: it was due on 10 March 2027. Until it happens they cannot be "
            "matched with families." in bodies()[-1]
        )
        assert sent()[-1] == ("colleague@example.org", "Supervision overdue: Sam Supporter")
        assert reminders_send(today=due + 5 * DAY).sent == 0


class TestWhoHears:
    def test_the_leads_hear_when_there_is_no_coordinator(self, org, colleague, lead) -> None:
        second = make_member(org, "lead2@example.org", Role.LEAD, "Lou Lead")
        make_supporter(org, dbs=EXPIRES)
        reminders_send(today=EXPIRES - 7 * DAY)
        assert sorted(to for to, _subject in sent()) == sorted([lead.email, second.email])
        assert "They have no coordinator." in bodies()[0]

    def test_the_leads_hear_when_the_coordinator_has_left(self, org, colleague, lead) -> None:
        make_supporter(org, coordinator=colleague, dbs=EXPIRES)
        Membership.objects.filter(user=colleague).delete()
        reminders_send(today=EXPIRES - 7 * DAY)
        assert [to for to, _subject in sent()] == [lead.email]
        assert "Their coordinator is no longer a member" in bodies()[0]

    def test_the_administrators_hear_when_there_are_no_leads(self, org, admin) -> None:
        make_supporter(org, dbs=EXPIRES)
        reminders_send(today=EXPIRES - 7 * DAY)
        assert [to for to, _subject in sent()] == [admin.email]

    def test_nothing_for_a_supporter_who_left(self, org, colleague) -> None:
        make_supporter(org, coordinator=colleague, dbs=EXPIRES, status=SupporterStatus.LEFT)
        assert reminders_send(today=EXPIRES + DAY).sent == 0
        assert reminders_send(today=EXPIRES - 7 * DAY).sent == 0
        assert sent() == []

    def test_another_organisations_supporter_is_told_to_its_own_staff(self, org, other_org, colleague) -> None:
        other_coordinator = make_member(other_org, "coord@example.com", Role.STAFF, "Cora Coordinator")
        make_supporter(other_org, coordinator=other_coordinator, dbs=EXPIRES)
        make_supporter(org, coordinator=colleague, dbs=EXPIRES)
        reminders_send(today=EXPIRES - 7 * DAY)
        by_org = dict(Message.objects.values_list("to", "organisation_id"))
        assert by_org == {"coord@example.com": other_org.pk, "colleague@example.org": org.pk}


class TestCommandAndTask:
    def test_the_command_sends_and_says_how_many(self, org, colleague) -> None:
        make_supporter(org, coordinator=colleague, dbs=EXPIRES, supervision=EXPIRES - 40 * DAY)
        out = StringIO()
        call_command("send_peer_reminders", f"--today={(EXPIRES - 7 * DAY).isoformat()}", stdout=out)
        assert "Queued 2 reminder(s): 1 about checks or supervision due soon, 1 about checks expired" in out.getvalue()

    def test_a_bad_date_is_refused(self, org) -> None:
        with pytest.raises(CommandError, match="--today must be a date"):
            call_command("send_peer_reminders", "--today=3 May")

    def test_the_task_runs_the_same_reminders(self, org, colleague) -> None:
        make_supporter(org, coordinator=colleague, dbs=EXPIRES)
        assert send_peer_reminders.call(today=(EXPIRES - 30 * DAY).isoformat()) == 1
        assert send_peer_reminders.call(today=(EXPIRES - 30 * DAY).isoformat()) == 0
