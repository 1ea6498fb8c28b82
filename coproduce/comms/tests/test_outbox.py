"""The outbox: written in the caller's transaction, sent once, retried with backoff, bounces flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from coproduce.comms.backends import NotifyBackend
from coproduce.comms.models import Channel, ContactProblem, Kind, Message
from coproduce.comms.outbox import (
    LEASE,
    MAX_ATTEMPTS,
    _claim,
    delivery_statuses_poll,
    message_queue,
    retry_delay,
    send_due,
)
from coproduce.comms.tests.conftest import contactable, make_due
from coproduce.consent.models import Consent, ConsentStatus, Purpose


def queue(org, person=None, *, key="invitation:1", channel=Channel.EMAIL, to="aisha@example.com", kind=Kind.INVITATION):
    return message_queue(
        organisation=org,
        person=person,
        channel=channel,
        to=to,
        subject="You're invited",
        body="Come to the workshop on Tuesday.",
        kind=kind,
        idempotency_key=key,
    )


class AnError(Exception):
    pass


# --- queueing ------------------------------------------------------------------------------------------------


def test_a_rolled_back_transaction_leaves_no_message_and_sends_nothing(org, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(AnError), transaction.atomic():
        queue(org, person)
        raise AnError
    assert Message.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_a_committed_message_is_sent_after_commit(org, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = queue(org, person)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aisha@example.com"]
    assert mail.outbox[0].extra_headers["X-Coproduce-Reference"] == str(message.pk)


def test_many_messages_in_one_transaction_start_one_task(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for number in range(5):
            queue(org, key=f"reminder:{number}", to=f"parent{number}@example.com", kind=Kind.REMINDER)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 5


def test_the_same_idempotency_key_twice_gives_one_message(org, other_org, person):
    first = queue(org, person, key="invitation:abc")
    again = queue(org, person, key="invitation:abc")
    assert again.pk == first.pk
    assert Message.objects.filter(organisation=org).count() == 1
    # Keys are per organisation.
    queue(other_org, key="invitation:abc", to="someone@example.com")
    assert Message.objects.count() == 2


def test_a_message_to_a_person_carries_their_own_link(org, person):
    message = queue(org, person)
    assert message.body.startswith("Come to the workshop on Tuesday.\n\n--\n")
    assert "http://testserver/my/" in message.body
    assert message.person == person


def test_a_message_without_a_person_has_no_footer(org):
    message = queue(org, to="staff@example.org")
    assert message.body == "Come to the workshop on Tuesday."


def test_it_refuses_a_person_of_another_organisation(other_org, person):
    with pytest.raises(ValueError, match="another organisation"):
        queue(other_org, person)


def test_it_refuses_an_unknown_channel(org):
    with pytest.raises(ValueError, match="Unknown channel"):
        queue(org, channel="pigeon")


# --- sending through Django's mailer (development, tests) ----------------------------------------------------


def test_text_messages_print_to_the_console_in_development(org, person, capsys):
    message = queue(org, person, channel=Channel.SMS, to="07700 900123")
    report = send_due()
    assert report.sent == 1
    assert "Text message to 07700 900123" in capsys.readouterr().out
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_withdrawn_consent_stops_a_queued_message(org, person):
    message = queue(org, person)
    Consent.objects.filter(person=person, purpose=Purpose.CONTACT).update(
        status=ConsentStatus.WITHDRAWN, withdrawn_at=timezone.now()
    )
    report = send_due()
    assert report.cancelled == 1
    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert mail.outbox == []


def test_a_persons_own_link_is_sent_without_contact_consent(org):
    person = contactable(org, "Ben Okafor", email="ben@example.com")
    Consent.objects.filter(person=person).delete()
    queue(org, person, kind=Kind.OWN_LINK, to="ben@example.com")
    assert send_due().sent == 1
    assert len(mail.outbox) == 1


def test_two_workers_never_claim_the_same_message(org):
    queue(org)
    assert len(_claim(10)) == 1
    assert _claim(10) == []


def test_the_command_sends_what_is_due_once(org):
    queue(org)
    call_command("send_messages", "--once")
    assert len(mail.outbox) == 1
    assert Message.objects.get().status == Message.Status.SENT


# --- GOV.UK Notify (a local fake) -----------------------------------------------------------------------------


def test_it_sends_through_notify_with_the_message_id_as_reference(org, person, notify):
    message = queue(org, person)
    assert send_due().sent == 1
    message.refresh_from_db()
    [sent] = notify.sent()
    assert sent["reference"] == str(message.pk)
    assert sent["email_address"] == "aisha@example.com"
    assert sent["subject"] == "You're invited"
    assert sent["body"].startswith("Come to the workshop")
    assert message.provider_id == sent["id"]
    assert message.status == Message.Status.SENT


def test_a_notify_server_error_is_retried_with_backoff_then_sent(org, person, notify):
    message = queue(org, person)
    notify.fail_next(1, 500)
    report = send_due()
    assert report.retrying == 1
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert message.attempts == 1
    assert message.last_error.startswith("Notify 500")
    wait = message.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(minutes=1)
    assert send_due().claimed == 0  # not before its time

    make_due(message)
    notify.fail_next(1, 503)  # the look-up at Notify before the retry fails: not knowing, it does not send
    send_due()
    message.refresh_from_db()
    assert message.attempts == 2
    assert dt.timedelta(seconds=110) < message.next_attempt_at - timezone.now() <= dt.timedelta(minutes=2)

    make_due(message)
    assert send_due().sent == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.last_error == ""
    assert len(notify.sent()) == 1


def test_rate_limiting_is_retried(org, person, notify):
    message = queue(org, person)
    notify.fail_next(1, 429)
    assert send_due().retrying == 1
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert ContactProblem.objects.count() == 0


def test_the_backoff_doubles():
    assert [retry_delay(n).total_seconds() / 60 for n in range(1, 6)] == [1, 2, 4, 8, 16]


def test_it_gives_up_after_the_last_attempt(org, person, notify):
    message = queue(org, person)
    notify.fail_next(3 * MAX_ATTEMPTS, 502)
    for _attempt in range(MAX_ATTEMPTS):
        make_due(message)
        send_due()
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS
    assert message.status == Message.Status.FAILED_PERMANENTLY
    assert notify.sent() == []
    assert ContactProblem.objects.count() == 0  # not the address's fault


def test_a_bad_number_fails_at_once_and_is_flagged_on_the_person(org, notify):
    person = contactable(org, "Chen Wei", phone="0123")
    message = queue(org, person, channel=Channel.SMS, to="0123")
    report = send_due()
    assert report.failed == 1
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED_PERMANENTLY
    assert message.attempts == 1
    assert "Not a UK mobile number" in message.last_error
    assert "0123" not in message.last_error
    problem = ContactProblem.objects.get()
    assert (problem.person, problem.channel, problem.address) == (person, Channel.SMS, "0123")
    assert problem.organisation == org
    make_due(message)
    assert send_due().claimed == 0  # never tried again


def test_a_wrong_api_key_is_kept_for_later_and_blames_no_one(org, person, notify, settings):
    settings.NOTIFY_API_KEY = f"fake_key-{notify.service_id}-{'0' * 36}"
    message = queue(org, person)
    assert send_due().retrying == 1
    message.refresh_from_db()
    assert message.last_error.startswith("Notify 403 AuthError")
    assert ContactProblem.objects.count() == 0
    assert notify.sent() == []


def test_one_bouncing_address_does_not_block_the_others(org, notify):
    people = [
        contactable(org, "Dee", email="dee@example.com"),
        contactable(org, "Eve", email="not-an-address"),
        contactable(org, "Fin", email="fin@example.com"),
    ]
    for person in people:
        queue(org, person, key=f"invitation:{person.pk}", to=person.email)
    report = send_due()
    assert (report.sent, report.failed) == (2, 1)
    assert sorted(n["email_address"] for n in notify.sent()) == ["dee@example.com", "fin@example.com"]
    assert ContactProblem.objects.get().person == people[1]


def test_a_worker_killed_between_sending_and_marking_sends_nothing_twice(org, person, notify):
    message = queue(org, person)
    # The worker claims the message, Notify accepts it, and the worker dies before recording that.
    claimed_long_ago = timezone.now() - LEASE - dt.timedelta(minutes=1)
    NotifyBackend().send(message)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, attempts=1, claimed_at=claimed_long_ago, next_attempt_at=claimed_long_ago + LEASE
    )
    assert len(notify.sent()) == 1

    report = send_due()
    assert report.sent == 1
    [sent] = notify.sent()  # exactly one, not two
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.provider_id == sent["id"]
    assert ("GET", "/v2/notifications") in notify.requests


def test_a_message_still_within_its_lease_is_left_alone(org, person, notify):
    message = queue(org, person)
    assert len(_claim(10)) == 1  # another worker holds it
    assert send_due().claimed == 0
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING
    assert notify.sent() == []


def test_a_worker_killed_before_notify_had_it_sends_it_once(org, person, notify):
    message = queue(org, person)
    claimed_long_ago = timezone.now() - LEASE - dt.timedelta(minutes=1)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, attempts=1, claimed_at=claimed_long_ago, next_attempt_at=claimed_long_ago + LEASE
    )
    assert send_due().sent == 1
    assert len(notify.sent(reference=str(message.pk))) == 1


def test_text_messages_go_through_the_sms_template(org, person, notify):
    queue(org, person, channel=Channel.SMS, to="07700 900123")
    send_due()
    [sent] = notify.sent()
    assert sent["type"] == "sms"
    assert sent["phone_number"] == "07700 900123"
    assert sent["template"]["id"] == notify_settings_sms_template()


def notify_settings_sms_template() -> str:
    from django.conf import settings

    return settings.NOTIFY_TEMPLATES["sms"]


# --- delivery status ---------------------------------------------------------------------------------------------


def test_status_polling_marks_delivered(org, person, notify):
    message = queue(org, person)
    send_due()
    message.refresh_from_db()
    assert delivery_statuses_poll() == 0  # still on its way
    notify.set_status(message.provider_id, "delivered")
    call_command("update_message_status")
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
    assert message.delivered_at is not None


def test_a_permanent_bounce_reported_later_flags_the_address(org, person, notify):
    message = queue(org, person)
    send_due()
    message.refresh_from_db()
    notify.set_status(message.provider_id, "permanent-failure")
    assert delivery_statuses_poll() == 1
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED_PERMANENTLY
    assert ContactProblem.objects.get().address == "aisha@example.com"


def test_a_temporary_failure_is_recorded_without_blaming_the_address(org, person, notify):
    message = queue(org, person)
    send_due()
    message.refresh_from_db()
    notify.set_status(message.provider_id, "temporary-failure")
    delivery_statuses_poll()
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED_PERMANENTLY
    assert ContactProblem.objects.count() == 0


def test_messages_are_scoped_to_their_organisation(org, other_org, person):
    queue(org, person)
    assert Message.objects.for_organisation(other_org).count() == 0
    assert Message.objects.for_organisation(org).count() == 1


def test_merging_people_moves_their_messages_and_contact_problems(org, admin, person):
    from coproduce.people.models import Person
    from coproduce.people.services import person_merge

    keep = Person.objects.create(organisation=org, full_name="Aisha R")
    message = queue(org, person)
    problem = ContactProblem.objects.create(
        organisation=org, person=person, channel=Channel.EMAIL, address="old@example.com", reason="r", message=message
    )
    person_merge(keep=keep, other=person, actor=admin)
    assert Message.objects.get(pk=message.pk).person == keep
    assert ContactProblem.objects.get(pk=problem.pk).person == keep


def test_nothing_is_sent_to_an_erased_person_even_their_own_link(org, person):
    message = queue(org, person, kind=Kind.OWN_LINK)
    person.erased_at = timezone.now()
    person.save()
    assert send_due().cancelled == 1
    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert mail.outbox == []


# --- a calendar file with the message ------------------------------------------------------------------------------

CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"


def test_the_django_mailer_attaches_the_calendar(org, person):
    message_queue(
        organisation=org,
        person=person,
        channel=Channel.EMAIL,
        to=person.email,
        subject="You have a place",
        body="See you there.",
        kind=Kind.CONFIRMATION,
        idempotency_key="confirmation:1",
        calendar=CALENDAR,
    )
    assert send_due().sent == 1
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert (name, content) == ("activity.ics", CALENDAR)
    assert mimetype == "text/calendar; method=PUBLISH"


def test_an_email_without_a_calendar_has_no_attachment(org, person):
    queue(org, person)
    send_due()
    assert mail.outbox[0].attachments == []


def test_notify_sends_the_message_without_the_calendar(org, person, notify):
    message_queue(
        organisation=org,
        person=person,
        channel=Channel.EMAIL,
        to=person.email,
        subject="You have a place",
        body="See you there.",
        kind=Kind.CONFIRMATION,
        idempotency_key="confirmation:1",
        calendar=CALENDAR,
    )
    assert send_due().sent == 1
    [sent] = notify.sent()
    assert "VCALENDAR" not in sent["body"]


def test_a_notify_client_error_fails_at_once_without_blaming_the_address(org, person, notify):
    message = queue(org, person)
    notify.fail_next(1, 400)
    report = send_due()
    assert report.failed == 1
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED_PERMANENTLY
    assert message.attempts == 1
    assert ContactProblem.objects.count() == 0
    make_due(message)
    assert send_due().claimed == 0
    assert notify.sent() == []


# --- messages about a time ----------------------------------------------------------------------------------------


def test_a_message_is_not_sent_once_its_send_before_has_passed(org, person):
    late = message_queue(
        organisation=org,
        person=person,
        channel=Channel.EMAIL,
        to="aisha@example.com",
        subject="Reminder",
        body="The workshop is at 10am.",
        kind=Kind.REMINDER,
        idempotency_key="reminder:late",
        send_before=timezone.now() - dt.timedelta(seconds=1),
    )
    in_time = message_queue(
        organisation=org,
        person=person,
        channel=Channel.EMAIL,
        to="aisha@example.com",
        subject="Reminder",
        body="The workshop is at 10am.",
        kind=Kind.REMINDER,
        idempotency_key="reminder:in-time",
        send_before=timezone.now() + dt.timedelta(hours=2),
    )
    no_limit = queue(org, person)
    report = send_due()
    assert (report.sent, report.cancelled) == (2, 1)
    late.refresh_from_db()
    assert (late.status, late.last_error, late.sent_at) == (Message.Status.CANCELLED, "Too late to send", None)
    in_time.refresh_from_db()
    no_limit.refresh_from_db()
    assert in_time.status == no_limit.status == Message.Status.SENT
    assert no_limit.send_before is None
    assert len(mail.outbox) == 2


def test_a_retry_after_send_before_is_cancelled_not_sent(org, person, notify):
    message = message_queue(
        organisation=org,
        person=person,
        channel=Channel.EMAIL,
        to="aisha@example.com",
        subject="Reminder",
        body="The workshop is at 10am.",
        kind=Kind.REMINDER,
        idempotency_key="reminder:retry",
        send_before=timezone.now() + dt.timedelta(minutes=30),
    )
    Message.objects.filter(pk=message.pk).update(
        attempts=3, last_error="503 ServiceUnavailable", send_before=timezone.now() - dt.timedelta(minutes=1)
    )
    assert send_due().cancelled == 1
    message.refresh_from_db()
    assert (message.status, message.last_error) == (Message.Status.CANCELLED, "Too late to send")
    assert notify.sent() == []
