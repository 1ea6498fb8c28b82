"""Messages about activities: the preferred channel, consent, who gets the joining details, SMS length,
idempotency, and a new message when a reply changes."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coproduce.comms.models import Channel, Kind, Message
from coproduce.comms.outbox import send_due
from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
from coproduce.engagement.messages import (
    activity_cancellation_messages_queue,
    activity_change_messages_queue,
    confirmation_message_queue,
    invitation_message_queue,
    time_text,
    waiting_list_place_message_queue,
    when_text,
)
from coproduce.engagement.models import Activity, Invitation, JoinWay, Reply, Venue
from coproduce.people.models import Person
from coproduce.projects.models import Project

LONDON = dt.timezone(dt.timedelta(0))  # December: London is on GMT
REPLY_URL = "https://coproduce.example/r/abc123"
# One text message is 160 characters; Notify joins up to 3 for a message of up to 459 (and charges for each).
SMS_FRAGMENT = 160


# --- the cast (imported by test_calendar.py and test_reminders.py) -----------------------------------------------


def make_parent(
    org, name: str = "Aisha Rahman", *, email: str = "", phone: str = "", by_email=None, by_text=None, consent=True
) -> Person:
    person = Person.objects.create(
        organisation=org,
        full_name=name,
        preferred_name=name.split()[0],
        email=email,
        phone=phone,
        contact_by_email=bool(email) if by_email is None else by_email,
        contact_by_text=bool(phone) if by_text is None else by_text,
    )
    if consent:
        Consent.objects.create(
            organisation=org,
            person=person,
            purpose=Purpose.CONTACT,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.ONLINE,
        )
    return person


def make_activity(org, *, starts_at: dt.datetime | None = None, **fields) -> Activity:
    project = Project.objects.filter(organisation=org).first() or Project.objects.create(
        organisation=org, title="Better breakfasts", goal="Families shape the breakfast club."
    )
    venue = Venue.objects.filter(organisation=org).first() or Venue.objects.create(
        organisation=org,
        name="Northby Family Hub",
        address="12 High Street\nNorthby",
        postcode="NB1 2AB",
        how_to_get_there="Bus 14 stops outside.",
        step_free=True,
    )
    starts_at = starts_at or dt.datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)
    defaults = {
        "title": "Breakfast club workshop",
        "kind": "workshop",
        "description": "Help us plan the new breakfast club.",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=2),
        "join_in_person": True,
        "venue": venue,
        "join_online": True,
        "online_link": "https://meet.example/secret-room",
        "join_phone": True,
        "phone_details": "Call 0300 123 4567, code 998877",
        "childcare": True,
        "capacity": 10,
    }
    return Activity.objects.create(organisation=org, project=project, **(defaults | fields))


def invite(activity: Activity, person: Person, *, reply=Reply.INVITED, waiting=False, joining="") -> Invitation:
    return Invitation.objects.create(
        organisation=activity.organisation,
        activity=activity,
        person=person,
        reply=reply,
        on_waiting_list=waiting,
        joining=joining,
        replied_at=timezone.now() if reply != Reply.INVITED else None,
    )


@pytest.fixture
def activity(org) -> Activity:
    return make_activity(org)


@pytest.fixture
def parent(org) -> Person:
    return make_parent(org, email="aisha@example.com", phone="07700 900123")


# --- words -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "text"), [(10, 0, "10am"), (10, 30, "10:30am"), (12, 0, "midday"), (15, 15, "3:15pm")]
)
def test_times_are_written_the_gov_uk_way(hour, minute, text):
    assert time_text(dt.datetime(2026, 1, 1, hour, minute)) == text


def test_when_is_written_in_full_in_london_time(activity):
    assert when_text(activity) == "Thursday 3 December 2026, 10am to midday"
    summer = make_activity(activity.organisation, starts_at=dt.datetime(2026, 7, 2, 9, 0, tzinfo=dt.UTC))
    assert when_text(summer).startswith("Thursday 2 July 2026, 10am")  # BST


# --- the channel and consent --------------------------------------------------------------------------------------


def test_email_is_used_when_the_person_chose_it(activity, parent):
    message = invitation_message_queue(invite(activity, parent), reply_url=REPLY_URL)
    assert message.channel == Channel.EMAIL
    assert message.to == "aisha@example.com"
    assert message.kind == Kind.INVITATION
    assert message.subject == "You're invited: Breakfast club workshop"
    assert message.body.startswith("Hello Aisha,")  # preferred name
    assert REPLY_URL in message.body


def test_a_text_goes_to_someone_who_chose_text_only(org, activity):
    person = make_parent(org, "Ben Okafor", email="ben@example.com", phone="07700 900456", by_email=False)
    message = invitation_message_queue(invite(activity, person), reply_url=REPLY_URL)
    assert message.channel == Channel.SMS
    assert message.to == "07700 900456"
    assert message.subject == ""
    assert message.body.startswith(
        "Hi Ben, Northby Family Hubs invites you to Breakfast club workshop, Thu 3 Dec, 10am."
    )


def test_email_chosen_without_an_address_falls_back_to_text(org, activity):
    person = make_parent(org, "Cara Doyle", phone="07700 900789", by_email=True)
    assert invitation_message_queue(invite(activity, person), reply_url=REPLY_URL).channel == Channel.SMS


def test_no_text_goes_to_a_landline(org, activity):
    person = make_parent(org, "Lin Wu", phone="0113 496 0000")
    assert invitation_message_queue(invite(activity, person), reply_url=REPLY_URL) is None
    with_email = make_parent(org, "Max Roe", email="max@example.com", phone="0113 496 0001")
    assert invitation_message_queue(invite(activity, with_email), reply_url=REPLY_URL).channel == Channel.EMAIL


def test_nothing_is_queued_without_a_channel_the_person_chose(org, activity):
    person = make_parent(org, "Dev Patel", email="dev@example.com", by_email=False)
    assert invitation_message_queue(invite(activity, person), reply_url=REPLY_URL) is None
    assert Message.objects.count() == 0


def test_nothing_is_queued_without_consent_to_contact(org, activity):
    person = make_parent(org, "Eve Smith", email="eve@example.com", consent=False)
    assert invitation_message_queue(invite(activity, person), reply_url=REPLY_URL) is None
    withdrawn = make_parent(org, "Fay Jones", email="fay@example.com")
    Consent.objects.filter(person=withdrawn).update(status=ConsentStatus.WITHDRAWN, withdrawn_at=timezone.now())
    assert invitation_message_queue(invite(activity, withdrawn), reply_url=REPLY_URL) is None
    assert Message.objects.count() == 0


def test_consent_withdrawn_after_queueing_stops_the_message(activity, parent):
    message = invitation_message_queue(invite(activity, parent), reply_url=REPLY_URL)
    Consent.objects.filter(person=parent).update(status=ConsentStatus.WITHDRAWN, withdrawn_at=timezone.now())
    assert send_due().cancelled == 1
    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
    assert mail.outbox == []


def test_queueing_twice_gives_one_message(activity, parent):
    invitation = invite(activity, parent)
    first = invitation_message_queue(invitation, reply_url=REPLY_URL)
    again = invitation_message_queue(invitation, reply_url=REPLY_URL)
    assert again.pk == first.pk
    assert first.idempotency_key == f"invitation:{invitation.pk}"
    assert Message.objects.count() == 1


def test_a_rolled_back_invitation_leaves_no_message(activity, parent):
    with pytest.raises(RuntimeError), transaction.atomic():
        invitation_message_queue(invite(activity, parent), reply_url=REPLY_URL)
        raise RuntimeError
    assert Message.objects.count() == 0


# --- what the invitation says and hides ---------------------------------------------------------------------------


def test_the_invitation_does_not_give_the_online_link_or_phone_details(activity, parent):
    body = invitation_message_queue(invite(activity, parent), reply_url=REPLY_URL).body
    assert "meet.example" not in body
    assert "998877" not in body
    assert "12 High Street" not in body  # the full address comes with a place
    assert "In person at Northby Family Hub, NB1 2AB" in body
    assert "Childcare" in body
    assert "Step-free access" in body


def test_the_text_invitation_is_short(org, activity):
    person = make_parent(org, "Ben Okafor", phone="07700 900456")
    body = invitation_message_queue(invite(activity, person), reply_url=REPLY_URL).body
    text, footer = body.split("\n\n", 1)
    # A link to answer on, not an invitation to text back (a texted reply would not be read).
    assert "Tell us yes, no or maybe here: " + REPLY_URL in text and "Reply yes" not in text
    assert len(text) <= SMS_FRAGMENT
    assert footer.startswith("Your information, or stop messages: http")
    assert len(body) <= 3 * 153  # at most 3 joined texts


# --- confirmations ------------------------------------------------------------------------------------------------


def test_a_place_confirmation_has_the_details_and_a_calendar(activity, parent):
    invitation = invite(activity, parent, reply=Reply.YES, joining=JoinWay.ONLINE)
    message = confirmation_message_queue(invitation, reply_url=REPLY_URL)
    assert message.subject == "You have a place: Breakfast club workshop"
    assert "Join online: https://meet.example/secret-room" in message.body
    assert "998877" not in message.body  # they said they will join online
    assert "When: Thursday 3 December 2026, 10am to midday" in message.body
    calendar = icalendar.Calendar.from_ical(message.calendar)
    [event] = calendar.walk("VEVENT")
    assert "meet.example/secret-room" in str(event["DESCRIPTION"])


def test_a_place_confirmation_in_person_gives_the_address(activity, parent):
    invitation = invite(activity, parent, reply=Reply.YES, joining=JoinWay.IN_PERSON)
    body = confirmation_message_queue(invitation, reply_url=REPLY_URL).body
    assert "Where: Northby Family Hub, 12 High Street, Northby, NB1 2AB" in body
    assert "Bus 14" in body
    assert "meet.example" not in body


@pytest.mark.parametrize(
    ("reply", "waiting", "subject"),
    [
        (Reply.YES, True, "You're on the waiting list: Breakfast club workshop"),
        (Reply.MAYBE, False, "Thanks for your reply: Breakfast club workshop"),
        (Reply.NO, False, "Thanks for letting us know: Breakfast club workshop"),
    ],
)
def test_people_without_a_place_get_no_joining_details(activity, parent, reply, waiting, subject):
    message = confirmation_message_queue(invite(activity, parent, reply=reply, waiting=waiting), reply_url=REPLY_URL)
    assert message.subject == subject
    assert "meet.example" not in message.body
    assert "998877" not in message.body
    assert "12 High Street" not in message.body
    assert message.calendar == ""
    assert REPLY_URL in message.body


def test_no_confirmation_before_a_reply(activity, parent):
    assert confirmation_message_queue(invite(activity, parent), reply_url=REPLY_URL) is None


def test_a_changed_reply_gets_a_new_confirmation(activity, parent):
    invitation = invite(activity, parent, reply=Reply.YES)
    first = confirmation_message_queue(invitation, reply_url=REPLY_URL)
    assert confirmation_message_queue(invitation, reply_url=REPLY_URL).pk == first.pk  # same reply: same message
    invitation.reply = Reply.NO
    invitation.replied_at = timezone.now() + dt.timedelta(seconds=1)
    invitation.save()
    second = confirmation_message_queue(invitation, reply_url=REPLY_URL)
    assert second.pk != first.pk
    invitation.reply = Reply.YES
    invitation.replied_at = timezone.now() + dt.timedelta(seconds=2)
    invitation.save()
    third = confirmation_message_queue(invitation, reply_url=REPLY_URL)
    assert third.pk not in (first.pk, second.pk)  # yes again, later: a new message


def test_text_confirmations_are_short_and_give_a_link(org, activity):
    person = make_parent(org, "Ben Okafor", phone="07700 900456")
    for reply, waiting in [(Reply.YES, False), (Reply.YES, True), (Reply.MAYBE, False), (Reply.NO, False)]:
        Invitation.objects.filter(person=person).delete()
        message = confirmation_message_queue(
            invite(activity, person, reply=reply, waiting=waiting), reply_url=REPLY_URL
        )
        text = message.body.split("\n\n", 1)[0]
        assert len(text) <= SMS_FRAGMENT, text
        assert REPLY_URL in text
        assert "meet.example" not in message.body
        assert message.calendar == ""


def test_the_email_carries_the_calendar_as_an_attachment(activity, parent):
    confirmation_message_queue(invite(activity, parent, reply=Reply.YES), reply_url=REPLY_URL)
    assert send_due().sent == 1
    [email] = mail.outbox
    [(name, content, mimetype)] = email.attachments
    assert name == "activity.ics"
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content


def test_a_place_from_the_waiting_list(activity, parent):
    invitation = invite(activity, parent, reply=Reply.YES, waiting=True)
    invitation.on_waiting_list = False
    invitation.save()
    message = waiting_list_place_message_queue(invitation, reply_url=REPLY_URL)
    assert message.subject == "A place has come up for you: Breakfast club workshop"
    assert "meet.example/secret-room" in message.body
    assert message.calendar
    assert waiting_list_place_message_queue(invitation, reply_url=REPLY_URL).pk == message.pk


# --- changes and cancellations ------------------------------------------------------------------------------------


@pytest.fixture
def replies(org, activity) -> dict[str, Invitation]:
    def one(name, **kwargs):
        return invite(activity, make_parent(org, name, email=f"{name.split()[0].lower()}@example.com"), **kwargs)

    return {
        "place": one("Gina Place", reply=Reply.YES),
        "waiting": one("Hal Waiting", reply=Reply.YES, waiting=True),
        "maybe": one("Ivy Maybe", reply=Reply.MAYBE),
        "no": one("Jo No", reply=Reply.NO),
        "invited": one("Kai Invited"),
    }


def test_a_change_goes_to_yes_and_maybe_with_details_only_for_places(activity, replies):
    count = activity_change_messages_queue(activity, changes=["The start time is now 10am"])
    assert count == 3
    sent = {m.to: m for m in Message.objects.filter(kind=Kind.CHANGE)}
    assert set(sent) == {"gina@example.com", "hal@example.com", "ivy@example.com"}
    assert "meet.example/secret-room" in sent["gina@example.com"].body
    assert "meet.example" not in sent["ivy@example.com"].body
    assert "meet.example" not in sent["hal@example.com"].body
    assert "- The start time is now 10am" in sent["ivy@example.com"].body
    # Again for the same change: nothing new.
    activity_change_messages_queue(activity, changes=["The start time is now 10am"])
    assert Message.objects.filter(kind=Kind.CHANGE).count() == 3


def test_a_second_change_sends_again(activity, replies):
    activity_change_messages_queue(activity, changes=["The start time is now 10am"])
    activity.title = "Breakfast club planning"
    activity.save()
    activity_change_messages_queue(activity, changes=["It has a new name"])
    assert Message.objects.filter(kind=Kind.CHANGE).count() == 6


def test_a_cancellation_goes_to_yes_maybe_and_the_waiting_list(activity, replies):
    activity.status = Activity.Status.CANCELLED
    activity.cancelled_reason = "The hall is flooded."
    activity.save()
    assert activity_cancellation_messages_queue(activity) == 3
    messages = list(Message.objects.filter(kind=Kind.CANCELLATION))
    assert {m.to for m in messages} == {"gina@example.com", "hal@example.com", "ivy@example.com"}
    body = messages[0].body
    assert "is cancelled" in body
    assert "The hall is flooded." in body
    assert "STATUS:CANCELLED" in messages[0].calendar
    assert activity_cancellation_messages_queue(activity) == 3
    assert Message.objects.filter(kind=Kind.CANCELLATION).count() == 3


@pytest.mark.parametrize(
    ("timing", "email_line", "sms_words"),
    [
        (
            {},
            "We are sorry: Breakfast club workshop on Thursday 3 December 2026, 10am to midday is cancelled.",
            "Hi Ben, sorry: Breakfast club workshop on Thu 3 Dec, 10am is cancelled. You don't need to do anything.",
        ),
        (
            {"starts_at": None, "window_opens_on": dt.date(2026, 12, 1), "window_closes_on": dt.date(2026, 12, 14)},
            "We are sorry: Breakfast club workshop, which you could do any time from Tuesday 1 December 2026 to "
            "Monday 14 December 2026, is cancelled.",
            "Hi Ben, sorry: Breakfast club workshop is cancelled, so you don't need to do it.",
        ),
        (
            {"starts_at": None, "window_closes_on": dt.date(2026, 12, 14)},
            "We are sorry: Breakfast club workshop, which you could do any time until Monday 14 December 2026, "
            "is cancelled.",
            "Hi Ben, sorry: Breakfast club workshop is cancelled, so you don't need to do it.",
        ),
        (
            {"starts_at": None},
            "We are sorry: Breakfast club workshop is cancelled.",
            "Hi Ben, sorry: Breakfast club workshop is cancelled. You don't need to do anything.",
        ),
    ],
)
def test_a_cancellation_says_when_in_words_that_fit_the_activity(org, activity, timing, email_line, sms_words):
    for name, value in timing.items():
        setattr(activity, name, value)
    if activity.starts_at is None:
        activity.ends_at = None
    activity.status = Activity.Status.CANCELLED
    activity.save()
    invite(activity, make_parent(org, "Aisha Rahman", email="aisha@example.com"), reply=Reply.YES)
    invite(activity, make_parent(org, "Ben Okafor", phone="07700 900456"), reply=Reply.MAYBE)
    assert activity_cancellation_messages_queue(activity) == 2
    email = Message.objects.get(kind=Kind.CANCELLATION, channel=Channel.EMAIL)
    sms = Message.objects.get(kind=Kind.CANCELLATION, channel=Channel.SMS)
    assert email.body.split("\n\n")[1] == email_line
    assert sms.body.split("\n\n")[0] == sms_words
    assert " on Any time" not in email.body and " on by " not in sms.body


def test_changes_skip_people_who_withdrew_consent(activity, replies):
    Consent.objects.filter(person=replies["place"].person).update(
        status=ConsentStatus.WITHDRAWN, withdrawn_at=timezone.now()
    )
    assert activity_change_messages_queue(activity, changes=["New room"]) == 2
    assert not Message.objects.filter(to="gina@example.com").exists()


def test_change_messages_take_a_bounded_number_of_queries(org, activity, django_assert_max_num_queries):
    for number in range(20):
        invite(activity, make_parent(org, f"Parent{number} Test", email=f"p{number}@example.com"), reply=Reply.MAYBE)
    activity = Activity.objects.get(pk=activity.pk)
    # Per person: the idempotency look-up and the insert (and savepoint); a handful more for the batch.
    with django_assert_max_num_queries(20 * 4 + 10):
        assert activity_change_messages_queue(activity, changes=["New room"]) == 20


def test_a_place_message_carries_an_add_to_calendar_link(activity, parent, client):
    """GOV.UK Notify cannot attach the .ics, so the email also links to it (for this person)."""
    invitation = invite(activity, parent, reply=Reply.YES)
    body = confirmation_message_queue(invitation, reply_url=REPLY_URL).body
    [line] = [line for line in body.splitlines() if line.startswith("Add it to your calendar: ")]
    url = line.removeprefix("Add it to your calendar: ")
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert b"meet.example/secret-room" in response.content


@pytest.mark.urls("coproduce.comms.tests.urls")  # until coproduce/urls.py includes coproduce.comms.urls
def test_an_email_carries_one_click_unsubscribe(activity, parent):
    message = invitation_message_queue(invite(activity, parent), reply_url=REPLY_URL)
    assert message.unsubscribe_url.startswith("http://testserver/unsubscribe/")
