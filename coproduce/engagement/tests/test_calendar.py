"""iCalendar files and feeds: they parse back with the required properties, keep one UID per activity, grow their
SEQUENCE with changes, show cancellations, and give joining details only to people with a place."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from coproduce.engagement.calendar import (
    activity_ics,
    activity_sequence,
    feed_for,
    feed_ics,
    feed_url,
    google_calendar_url,
    invitation_ics_url,
    outlook_calendar_url,
)
from coproduce.engagement.models import Activity, CalendarFeed, JoinWay, Reply
from coproduce.engagement.tests.test_messages import invite, make_activity, make_parent
from tests.cast import client_for

REQUIRED_CALENDAR = ("VERSION", "PRODID")
REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART")


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    for name in REQUIRED_CALENDAR:
        assert name in calendar, f"{name} missing"
    assert str(calendar["VERSION"]) == "2.0"
    for event in calendar.walk("VEVENT"):
        for name in REQUIRED_EVENT:
            assert name in event, f"{name} missing from the event"
    return calendar


def only_event(data: bytes) -> icalendar.Event:
    [event] = parse(data).walk("VEVENT")
    return event


@pytest.fixture
def activity(org) -> Activity:
    return make_activity(org)


@pytest.fixture
def parent(org):
    return make_parent(org, email="aisha@example.com", phone="07700 900123")


# --- one activity ----------------------------------------------------------------------------------------------


def test_an_activity_validates_with_london_time_and_a_timezone(activity):
    data = activity_ics(activity)
    calendar = parse(data)
    event = only_event(data)
    assert event["SUMMARY"] == "Breakfast club workshop"
    assert event["STATUS"] == "CONFIRMED"
    start = event.decoded("DTSTART")
    assert start == activity.starts_at
    assert str(start.tzinfo) == "Europe/London"
    assert event.decoded("DTEND") - start == dt.timedelta(hours=2)
    assert b"DTSTART;TZID=Europe/London:20261203T100000" in data
    [tz] = calendar.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/London"


def test_the_uid_stays_and_the_sequence_grows_with_changes(activity):
    first = only_event(activity_ics(activity))
    activity.updated_at = activity.created_at + dt.timedelta(minutes=5)
    Activity.objects.filter(pk=activity.pk).update(updated_at=activity.updated_at, title="New name")
    activity.refresh_from_db()
    second = only_event(activity_ics(activity))
    assert second["UID"] == first["UID"]
    assert second["UID"].startswith(f"activity-{activity.pk}@")
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    assert int(second["SEQUENCE"]) == activity_sequence(activity) == 300
    assert second["SUMMARY"] == "New name"


def test_a_cancelled_activity_says_so(activity):
    activity.status = Activity.Status.CANCELLED
    activity.save()
    event = only_event(activity_ics(activity))
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"].startswith("Cancelled: ")
    assert "meet.example" not in str(event.get("DESCRIPTION", ""))


def test_details_only_for_a_person_with_a_place(activity, org, parent):
    staff = only_event(activity_ics(activity))
    assert "meet.example/secret-room" in str(staff["DESCRIPTION"])
    assert "12 High Street" in str(staff["LOCATION"])

    invite(activity, parent, reply=Reply.YES, joining=JoinWay.IN_PERSON)
    coming = only_event(activity_ics(activity, for_person=parent))
    assert "12 High Street" in str(coming["LOCATION"])
    assert "meet.example" not in coming.to_ical().decode()  # they chose in person

    for reply, waiting in [(Reply.YES, True), (Reply.MAYBE, False), (Reply.INVITED, False)]:
        other = make_parent(org, f"Other {reply}{waiting}", email=f"o{reply}{waiting}@example.com")
        invite(activity, other, reply=reply, waiting=waiting)
        event = only_event(activity_ics(activity, for_person=other))
        text = event.to_ical().decode()
        assert "meet.example" not in text
        assert "998877" not in text
        assert "12 High Street" not in text
        assert str(event["LOCATION"]) == "Northby Family Hub, NB1 2AB"


def test_an_email_attachment_is_published_not_an_invitation_to_answer(activity):
    calendar = parse(activity_ics(activity, method="PUBLISH"))
    assert calendar["METHOD"] == "PUBLISH"


def test_an_open_window_is_all_day(org):
    activity = make_activity(
        org,
        starts_at=None,
        ends_at=None,
        kind="questionnaire",
        window_opens_on=dt.date(2026, 12, 1),
        window_closes_on=dt.date(2026, 12, 14),
    )
    Activity.objects.filter(pk=activity.pk).update(starts_at=None, ends_at=None)
    activity.refresh_from_db()
    event = only_event(activity_ics(activity))
    assert event.decoded("DTSTART") == dt.date(2026, 12, 1)
    assert event.decoded("DTEND") == dt.date(2026, 12, 15)


def test_an_activity_without_a_date_has_no_event(org):
    activity = make_activity(org)
    Activity.objects.filter(pk=activity.pk).update(starts_at=None, ends_at=None)
    activity.refresh_from_db()
    assert parse(activity_ics(activity)).walk("VEVENT") == []


# --- add to calendar links ---------------------------------------------------------------------------------------


def test_google_and_outlook_links(activity):
    google = parse_qs(urlsplit(google_calendar_url(activity)).query)
    assert google["text"] == ["Breakfast club workshop"]
    assert google["dates"] == ["20261203T100000Z/20261203T120000Z"]
    assert google["location"] == ["Northby Family Hub, NB1 2AB"]
    assert "meet.example" not in google_calendar_url(activity)
    assert "meet.example" in google_calendar_url(activity, details=True)
    outlook = urlsplit(outlook_calendar_url(activity))
    assert outlook.netloc == "outlook.live.com"
    query = parse_qs(outlook.query)
    assert query["subject"] == ["Breakfast club workshop"]
    assert query["startdt"] == ["2026-12-03T10:00:00+00:00"]
    assert query["enddt"] == ["2026-12-03T12:00:00+00:00"]


def test_the_persons_ics_link_gives_details_only_with_a_place(activity, org, parent, client):
    invitation = invite(activity, parent, reply=Reply.MAYBE)
    url = invitation_ics_url(invitation)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    assert b"meet.example" not in response.content
    invitation.reply = Reply.YES
    invitation.save()
    assert b"meet.example/secret-room" in client.get(url).content
    assert client.get(url[:-8] + "abc.ics").status_code == 404


def test_the_add_to_calendar_partial(activity, parent):
    invitation = invite(activity, parent, reply=Reply.YES)
    html = Template('{% include "engagement/_add_to_calendar.html" %}').render(
        Context({"activity": activity, "invitation": invitation})
    )
    assert "Add to Google Calendar" in html
    assert "Add to Outlook" in html
    assert "/calendar/activity/" in html
    assert feed_for(parent).key in html  # their feed, as they have a place
    maybe = make_parent(activity.organisation, "Ben Maybe", email="ben@example.com")
    html = Template('{% include "engagement/_add_to_calendar.html" %}').render(
        Context({"activity": activity, "invitation": invite(activity, maybe, reply=Reply.MAYBE)})
    )
    assert "Add to Google Calendar" in html
    assert "webcal" not in html
    assert not CalendarFeed.objects.filter(person=maybe).exists()


def test_the_staff_partial(activity):
    html = Template('{% include "engagement/_activity_calendar.html" %}').render(Context({"activity": activity}))
    assert "2 days and 2 hours before" in html
    assert reverse("engagement:activity_ics", kwargs={"activity_id": activity.pk}) in html


# --- the staff download ------------------------------------------------------------------------------------------


def test_members_download_the_activity_with_the_joining_details_only_if_they_run_activities(
    activity, viewer, colleague
):
    url = reverse("engagement:activity_ics", kwargs={"activity_id": activity.pk})
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="breakfast-club-workshop.ics"'
    assert b"Breakfast club workshop" in response.content
    assert b"meet.example/secret-room" not in response.content
    assert b"meet.example/secret-room" in client_for(colleague).get(url).content


def test_another_organisation_gets_404(activity, stranger):
    response = client_for(stranger).get(reverse("engagement:activity_ics", kwargs={"activity_id": activity.pk}))
    assert response.status_code == 404


def test_signed_out_people_are_sent_to_sign_in(activity, client):
    response = client.get(reverse("engagement:activity_ics", kwargs={"activity_id": activity.pk}))
    assert response.status_code == 302


# --- the person's feed -------------------------------------------------------------------------------------------


def test_the_feed_lists_the_activities_with_a_place_from_three_months_ago(org, parent):
    now = timezone.now()
    coming = make_activity(org, title="Coming", starts_at=now + dt.timedelta(days=7))
    recent = make_activity(org, title="Recent", starts_at=now - dt.timedelta(days=30))
    old = make_activity(org, title="Old", starts_at=now - dt.timedelta(days=120))
    waiting = make_activity(org, title="Waiting", starts_at=now + dt.timedelta(days=8))
    maybe = make_activity(org, title="Maybe", starts_at=now + dt.timedelta(days=9))
    cancelled = make_activity(org, title="Cancelled one", starts_at=now + dt.timedelta(days=10))
    cancelled.status = Activity.Status.CANCELLED
    cancelled.save()
    for activity in (coming, recent, old, cancelled):
        invite(activity, parent, reply=Reply.YES)
    invite(waiting, parent, reply=Reply.YES, waiting=True)
    invite(maybe, parent, reply=Reply.MAYBE)
    someone_else = make_parent(org, "Ben Other", email="ben@example.com")
    invite(make_activity(org, title="Not theirs", starts_at=now + dt.timedelta(days=3)), someone_else, reply=Reply.YES)

    calendar = parse(feed_ics(parent, now=now))
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Recent", "Coming", "Cancelled: Cancelled one"]
    assert "meet.example/secret-room" in calendar.to_ical().decode()


def test_the_feed_address_works_and_unknown_keys_are_404(org, parent, client):
    invite(make_activity(org, starts_at=timezone.now() + dt.timedelta(days=2)), parent, reply=Reply.YES)
    url = feed_url(parent)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert len(parse(response.content).walk("VEVENT")) == 1
    assert client.get(reverse("engagement:calendar_feed", kwargs={"feed_key": "nope"})).status_code == 404


def test_cancelling_a_persons_links_stops_the_feed_address_and_a_new_one_works(org, parent, client):
    from coproduce.consent.links import links_revoke

    old = feed_url(parent)
    links_revoke(parent)
    assert client.get(old).status_code == 404
    new = feed_url(parent)
    assert new != old
    assert client.get(new).status_code == 200


def test_an_erased_persons_feed_is_404(org, parent, client):
    url = feed_url(parent)
    parent.erased_at = timezone.now()
    parent.save()
    assert client.get(url).status_code == 404


def test_the_feed_takes_a_fixed_number_of_queries(org, parent, client, django_assert_max_num_queries):
    url = feed_url(parent)
    for number in range(10):
        invite(
            make_activity(org, title=f"A{number}", starts_at=timezone.now() + dt.timedelta(days=number + 1)),
            parent,
            reply=Reply.YES,
        )
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(parse(response.content).walk("VEVENT")) == 10
