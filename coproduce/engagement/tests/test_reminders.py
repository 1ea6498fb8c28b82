"""Reminders go 2 days and 2 hours before (by default) to people with a place, once each, late rather than never,
and never once the activity has started. Time is frozen by passing `now`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from coproduce.comms.models import Channel, Kind, Message
from coproduce.comms.outbox import send_due
from coproduce.consent.models import Consent, ConsentStatus
from coproduce.engagement.messages import activity_cancellation_messages_queue, activity_change_messages_queue
from coproduce.engagement.models import Activity, Reply
from coproduce.engagement.reminders import due_reminder, reminder_offsets, reminders_queue
from coproduce.engagement.tasks import queue_reminders
from coproduce.engagement.tests.test_messages import invite, make_activity, make_parent

START = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
TWO_DAYS, TWO_HOURS = 2 * 24 * 60, 2 * 60


def key(invitation, minutes: int, start: dt.datetime = START) -> str:
    return f"reminder:{invitation.pk}:{int(start.timestamp())}:{minutes}"


def at(**before) -> dt.datetime:
    """A moment before the start: at(days=2), at(hours=2, minutes=-1) …"""
    return START - dt.timedelta(**before)


@pytest.fixture
def activity(org) -> Activity:
    return make_activity(org, starts_at=START)


@pytest.fixture
def people(org, activity):
    """Replies given a week before: a place by email, a place by text, the waiting list, a maybe, a no."""
    week_before = at(days=7)
    found = {}
    for name, email, phone, reply, waiting in [
        ("Gina Place", "gina@example.com", "", Reply.YES, False),
        ("Tom Text", "", "07700 900222", Reply.YES, False),
        ("Hal Waiting", "hal@example.com", "", Reply.YES, True),
        ("Ivy Maybe", "ivy@example.com", "", Reply.MAYBE, False),
        ("Jo No", "jo@example.com", "", Reply.NO, False),
    ]:
        invitation = invite(activity, make_parent(org, name, email=email, phone=phone), reply=reply, waiting=waiting)
        invitation.replied_at = week_before
        invitation.save()
        found[name.split()[0].lower()] = invitation
    return found


def reminders() -> list[Message]:
    return list(Message.objects.filter(kind=Kind.REMINDER).order_by("to"))


def test_the_default_is_two_days_and_two_hours(activity):
    assert reminder_offsets(activity) == [TWO_DAYS, TWO_HOURS]
    activity.reminder_minutes = []  # an explicit empty list means the default too
    assert reminder_offsets(activity) == [TWO_DAYS, TWO_HOURS]
    activity.reminder_minutes = [30, 24 * 60, "nonsense", -5]
    assert reminder_offsets(activity) == [24 * 60, 30]


def test_nothing_is_due_before_the_first_reminder(activity, people):
    assert reminders_queue(now=at(days=2, minutes=1)).queued == 0
    assert reminders() == []


def test_two_days_before_people_with_a_place_get_one(activity, people):
    report = reminders_queue(now=at(days=2))
    assert (report.activities, report.queued) == (1, 2)
    email, text = sorted(reminders(), key=lambda m: m.channel)
    assert email.to == "gina@example.com"
    assert email.idempotency_key == key(people["gina"], TWO_DAYS)
    assert email.send_before == START  # not sent at all once the activity has started
    assert email.subject == "Reminder: Breakfast club workshop, Thu 3 Dec, 10am"
    assert "is on Thursday 3 December 2026, 10am to midday." in email.body
    assert "meet.example/secret-room" in email.body  # they have a place
    assert text.channel == Channel.SMS
    words = text.body.split("\n\n", 1)[0]
    assert words.startswith("Hi Tom, reminder: Breakfast club workshop is on Thu 3 Dec, 10am. ")
    assert len(words.split("http", 1)[0]) <= 120  # the words, then one link
    # Two signed links (the reply link, and the own link every message carries) take most of it: 4 texts at most.
    assert len(text.body) <= 4 * 153
    # The run 5 minutes later sends nothing more.
    assert reminders_queue(now=at(days=2, minutes=-5)).queued == 0
    assert len(reminders()) == 2


def test_two_hours_before_the_second_one_goes(activity, people):
    reminders_queue(now=at(days=2))
    assert reminders_queue(now=at(hours=2)).queued == 2
    keys = {m.idempotency_key for m in reminders()}
    assert key(people["gina"], TWO_HOURS) in keys
    [latest] = [m for m in reminders() if m.idempotency_key.endswith(f":{TWO_HOURS}") and m.channel == Channel.EMAIL]
    assert "is today at 10am." in latest.body


def test_a_late_run_still_sends_but_only_the_nearest(activity, people):
    # The worker was down from 3 days before until 1 hour before: only the 2-hour reminder goes.
    assert reminders_queue(now=at(hours=1)).queued == 2
    assert {m.idempotency_key.rsplit(":", 1)[1] for m in reminders()} == {str(TWO_HOURS)}


def test_nothing_once_the_activity_has_started(activity, people):
    assert reminders_queue(now=START).queued == 0
    assert reminders_queue(now=at(minutes=-30)).queued == 0
    assert reminders() == []


def test_a_cancelled_activity_gets_no_reminders(activity, people):
    activity.status = Activity.Status.CANCELLED
    activity.save()
    assert reminders_queue(now=at(hours=2)).queued == 0


def test_someone_confirmed_after_the_reminder_time_gets_no_copy(org, activity, people):
    late = invite(activity, make_parent(org, "Lou Late", email="lou@example.com"), reply=Reply.YES)
    late.replied_at = at(days=1)
    late.save()
    reminders_queue(now=at(days=1))
    assert "lou@example.com" not in {m.to for m in reminders()}
    reminders_queue(now=at(hours=2))
    assert "lou@example.com" in {m.to for m in reminders()}


def test_withdrawn_consent_means_no_reminder(activity, people):
    Consent.objects.filter(person=people["gina"].person).update(
        status=ConsentStatus.WITHDRAWN, withdrawn_at=timezone.now()
    )
    assert reminders_queue(now=at(days=2)).queued == 1
    assert [m.to for m in reminders()] == ["07700 900222"]


def test_a_custom_reminder_time(org):
    activity = make_activity(org, starts_at=START, reminder_minutes=[30])
    invitation = invite(activity, make_parent(org, "Gina Place", email="gina@example.com"), reply=Reply.YES)
    invitation.replied_at = at(days=7)
    invitation.save()
    assert due_reminder(activity, at(hours=2)) is None
    assert reminders_queue(now=at(minutes=30)).queued == 1


def test_the_command_and_the_task(activity, people, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(days=2))
    call_command("queue_reminders")
    assert len(reminders()) == 2
    assert queue_reminders.call() == 0  # already queued


def test_queries_do_not_grow_with_the_number_of_people(org, activity, django_assert_max_num_queries):
    for number in range(15):
        invitation = invite(
            activity, make_parent(org, f"P{number} Test", email=f"p{number}@example.com"), reply=Reply.YES
        )
        invitation.replied_at = at(days=7)
        invitation.save()
    reminders_queue(now=at(days=2))
    with django_assert_max_num_queries(8):  # already sent: a handful of queries, none per person
        assert reminders_queue(now=at(days=2, minutes=-5)).queued == 0


def test_a_moved_activity_gets_its_reminders_again_for_the_new_time(activity, people):
    assert reminders_queue(now=at(days=2)).queued == 2
    later = START + dt.timedelta(days=7)
    activity.starts_at, activity.ends_at = later, later + dt.timedelta(hours=2)
    activity.save()
    assert reminders_queue(now=later - dt.timedelta(days=2)).queued == 2
    assert key(people["gina"], TWO_DAYS, later) in {m.idempotency_key for m in reminders()}
    assert len(reminders()) == 4


def test_a_reminder_waiting_to_go_for_the_old_time_is_cancelled_when_the_activity_moves(activity, people):
    reminders_queue(now=at(days=2))
    later = START + dt.timedelta(days=7)
    activity.starts_at, activity.ends_at = later, later + dt.timedelta(hours=2)
    activity.save()
    activity_change_messages_queue(activity, changes=["The date is now a week later"])
    old = reminders()
    assert {(m.status, m.last_error) for m in old} == {
        (Message.Status.CANCELLED, "The activity's time changed, or it was cancelled")
    }
    # The new time's reminders still go, and are left alone by a further change.
    reminders_queue(now=later - dt.timedelta(days=2))
    activity.title = "Breakfast club planning"
    activity.save()
    activity_change_messages_queue(activity, changes=["It has a new name"])
    fresh = [m for m in reminders() if m.idempotency_key == key(people["gina"], TWO_DAYS, later)]
    assert [m.status for m in fresh] == [Message.Status.QUEUED]


def test_a_reminder_waiting_to_go_is_cancelled_with_the_activity(activity, people):
    reminders_queue(now=at(days=2))
    activity.status = Activity.Status.CANCELLED
    activity.save()
    activity_cancellation_messages_queue(activity)
    assert {m.status for m in reminders()} == {Message.Status.CANCELLED}


def test_a_reminder_still_waiting_when_the_activity_starts_is_not_sent(activity, people, monkeypatch):
    """After an outage, a 2-hour reminder retried after the start would be worse than none."""
    from django.core import mail

    reminders_queue(now=at(hours=2))
    monkeypatch.setattr(timezone, "now", lambda: START + dt.timedelta(minutes=1))
    report = send_due()
    assert (report.sent, report.cancelled) == (0, 2)
    assert {(m.status, m.last_error) for m in reminders()} == {(Message.Status.CANCELLED, "Too late to send")}
    assert mail.outbox == []
