"""Reminders to staff: a decision's review date (to whoever recorded it, else the leads), overdue promises (owner
and co-production leads), promises due within 7 days (owner). Each person hears once per review or due date; only
open promises are overdue; the command and the task run the same code."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coproduce.comms.models import Kind, Message
from coproduce.decisions import reminders
from coproduce.decisions.models import Decision, Promise
from coproduce.decisions.reminders import reminders_send
from coproduce.decisions.tests.conftest import promise, record
from coproduce.organisations.models import Membership, Role
from tests.cast import make_member

DAY = dt.timedelta(days=1)


def sent() -> list[tuple[str, str]]:
    """(to, subject) of every reminder in the outbox, sorted."""
    return sorted(Message.objects.filter(kind=Kind.REMINDER).values_list("to", "subject"))


def due(actor, org, owner, on: dt.date, text="We will move the group to 10:30") -> Promise:
    """A promise due `on` (made as if on a date before it: the service refuses past due dates)."""
    made = promise(actor, org, owner=owner, text=text, due_date=timezone.localdate() + DAY)
    Promise.objects.filter(pk=made.pk).update(due_date=on)
    made.refresh_from_db()
    return made


class TestDecisionReviews:
    def test_whoever_recorded_it_hears_once_per_review_date(self, colleague, lead, project, today) -> None:
        decision = record(colleague, project, review_date=today + 10 * DAY)
        record(colleague, project, title="No review date")
        assert reminders_send(today=today + 9 * DAY).decisions_to_review == 0
        report = reminders_send(today=today + 10 * DAY)
        assert report.decisions_to_review == 1
        assert sent() == [("colleague@example.org", "Review the decision: Move the group to 10:30")]
        body = Message.objects.get(kind=Kind.REMINDER).body
        assert "You recorded this decision." in body
        assert f"http://testserver/decisions/{decision.pk}/" in body
        assert "That date has passed." not in body
        assert reminders_send(today=today + 11 * DAY).decisions_to_review == 0  # not again
        # A new review date is a new reminder.
        Decision.objects.filter(pk=decision.pk).update(review_date=today + 40 * DAY)
        assert reminders_send(today=today + 41 * DAY).decisions_to_review == 1
        assert "That date has passed." in Message.objects.filter(kind=Kind.REMINDER).first().body

    def test_the_leads_hear_when_the_recorder_has_left(self, colleague, lead, org, project, today) -> None:
        second_lead = make_member(org, "lead2@example.org", Role.LEAD, "Lee Lead")
        record(colleague, project, review_date=today)
        Membership.objects.filter(user=colleague).delete()
        reminders_send(today=today)
        assert sorted(to for to, _subject in sent()) == sorted([lead.email, second_lead.email])
        assert "no longer a member" in Message.objects.filter(kind=Kind.REMINDER).first().body

    def test_the_administrators_hear_when_there_are_no_leads(self, colleague, admin, project, today) -> None:
        record(colleague, project, review_date=today)
        Membership.objects.filter(user=colleague).delete()
        reminders_send(today=today)
        assert [to for to, _subject in sent()] == [admin.email]


class TestOverduePromises:
    def test_the_owner_and_the_leads_hear_once_per_due_date(self, colleague, lead, admin, org, today) -> None:
        late = due(colleague, org, colleague, today - 3 * DAY)
        report = reminders_send(today=today)
        assert report.promises_overdue == 2 and report.promises_due_soon == 0
        subject = "Overdue promise: We will move the group to 10:30"
        assert sent() == [("colleague@example.org", subject), ("lead@example.org", subject)]
        messages = {m.to: m.body for m in Message.objects.filter(kind=Kind.REMINDER)}
        assert "You own this promise." in messages["colleague@example.org"]
        assert "It is owned by Colin Colleague." in messages["lead@example.org"]
        assert all(f"http://testserver/promises/{late.pk}/" in body for body in messages.values())
        assert all(message.person_id is None for message in Message.objects.filter(kind=Kind.REMINDER))
        assert reminders_send(today=today).sent == 0
        assert reminders_send(today=today + 5 * DAY).sent == 0  # same due date, still overdue: no more
        assert len(sent()) == 2

    def test_a_new_due_date_is_reminded_again(self, colleague, lead, org, today) -> None:
        late = due(colleague, org, colleague, today - 3 * DAY)
        reminders_send(today=today)
        Promise.objects.filter(pk=late.pk).update(due_date=today - DAY)
        assert reminders_send(today=today).promises_overdue == 2

    def test_only_open_promises_are_overdue(self, colleague, lead, org, today) -> None:
        for status, fields in (
            ("kept", {"kept_on": today}),
            ("changed", {"public_explanation": "We moved it to 11"}),
            ("not_possible", {"public_explanation": "The hall closed"}),
        ):
            made = due(colleague, org, colleague, today - 3 * DAY, text=f"We will {status}")
            Promise.objects.filter(pk=made.pk).update(status=status, **fields)
        in_progress = due(colleague, org, colleague, today - 3 * DAY, text="We will be working on it")
        Promise.objects.filter(pk=in_progress.pk).update(status="in_progress")
        due(colleague, org, colleague, today, text="We will do it today")  # due today: not yet overdue
        report = reminders_send(today=today)
        assert report.promises_overdue == 2
        assert {subject for _to, subject in sent() if subject.startswith("Overdue")} == {
            "Overdue promise: We will be working on it"
        }

    def test_an_owner_who_is_also_a_lead_hears_once(self, lead, org, today) -> None:
        due(lead, org, lead, today - DAY)
        assert reminders_send(today=today).promises_overdue == 1

    def test_an_owner_who_left_is_not_emailed_but_the_leads_are(self, colleague, lead, org, today) -> None:
        due(colleague, org, colleague, today - DAY)
        Membership.objects.filter(user=colleague).delete()
        reminders_send(today=today)
        assert [to for to, _subject in sent()] == [lead.email]
        assert "no longer a member" in Message.objects.get(kind=Kind.REMINDER).body

    def test_each_organisation_hears_only_of_its_own(self, colleague, lead, org, other_org, stranger, today) -> None:
        due(colleague, org, colleague, today - DAY)
        southby_lead = make_member(other_org, "south-lead@example.org", Role.LEAD)
        due(stranger, other_org, stranger, today - DAY, text="We will open on Saturdays")
        reminders_send(today=today)
        by_org = {(m.organisation_id, m.to) for m in Message.objects.filter(kind=Kind.REMINDER)}
        assert by_org == {
            (org.pk, colleague.email),
            (org.pk, lead.email),
            (other_org.pk, stranger.email),
            (other_org.pk, southby_lead.email),
        }


class TestDueSoon:
    def test_the_owner_gets_a_heads_up_once_within_7_days(self, colleague, lead, org, today) -> None:
        soon = due(colleague, org, colleague, today + 7 * DAY)
        due(colleague, org, colleague, today + 8 * DAY, text="We will do it later")
        report = reminders_send(today=today)
        assert (report.promises_due_soon, report.promises_overdue) == (1, 0)
        assert sent() == [("colleague@example.org", "Promise due soon: We will move the group to 10:30")]
        assert f"/promises/{soon.pk}/" in Message.objects.get(kind=Kind.REMINDER).body
        # The next day only the promise that has come within 7 days is new.
        assert reminders_send(today=today + DAY).promises_due_soon == 1
        assert ("colleague@example.org", "Promise due soon: We will do it later") in sent()
        assert reminders_send(today=today + 2 * DAY).promises_due_soon == 0

    def test_a_kept_promise_gets_no_heads_up(self, colleague, org, today) -> None:
        made = due(colleague, org, colleague, today + 2 * DAY)
        Promise.objects.filter(pk=made.pk).update(status="kept", kept_on=today)
        assert reminders_send(today=today).sent == 0


class TestRunning:
    def test_the_email_reaches_the_mailbox_through_the_outbox(
        self, colleague, org, today, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:
        due(colleague, org, colleague, today + DAY)
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send(today=today)
        assert [(m.to, m.subject) for m in mailoutbox] == [
            (["colleague@example.org"], "Promise due soon: We will move the group to 10:30")
        ]

    def test_the_command_reports_and_can_act_as_another_day(self, colleague, lead, org, today) -> None:
        due(colleague, org, colleague, today + 20 * DAY)
        out = StringIO()
        call_command("send_decision_reminders", stdout=out)
        assert "Queued 0 reminder(s)" in out.getvalue()
        call_command("send_decision_reminders", f"--today={(today + 21 * DAY).isoformat()}", stdout=out)
        assert "Queued 2 reminder(s): 0 about decisions to review, 2 about overdue promises" in out.getvalue()
        with pytest.raises(CommandError):
            call_command("send_decision_reminders", "--today=soon")

    def test_the_command_can_enqueue_the_task(self, colleague, org, today) -> None:
        due(colleague, org, colleague, today + 3 * DAY)
        out = StringIO()
        call_command("send_decision_reminders", "--enqueue", stdout=out)
        assert "Queued the decision and promise reminders" in out.getvalue()
        assert len(sent()) == 1  # the test settings run tasks at once

    def test_long_promises_are_shortened_in_the_subject(self, colleague, org, today) -> None:
        due(colleague, org, colleague, today + DAY, text="We will " + "really " * 30 + "do it")
        reminders_send(today=today)
        [(_to, subject)] = sent()
        assert subject.endswith("…") and len(subject) < 120

    def test_the_task_returns_how_many(self, colleague, org, today) -> None:
        from coproduce.decisions.tasks import send_decision_reminders

        due(colleague, org, colleague, today + DAY)
        assert send_decision_reminders.call() == 1
        assert reminders.DUE_SOON_DAYS == 7
