"""One-click unsubscribe: every email to a person carries it, and a POST to it stops messages at once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from coproduce.comms import views
from coproduce.comms.models import Channel, Kind, Message
from coproduce.comms.outbox import message_queue, send_due
from coproduce.comms.tests.conftest import contactable
from coproduce.comms.unsubscribe import make_unsubscribe_token, person_from_unsubscribe_token, unsubscribe_url
from coproduce.consent.links import links_revoke, make_token
from coproduce.consent.models import Consent, ConsentStatus, Purpose
from coproduce.core.models import AuditEvent

pytestmark = pytest.mark.urls("coproduce.comms.tests.urls")


def queue(org, person, *, key="invitation:1", channel=Channel.EMAIL, to="aisha@example.com", kind=Kind.INVITATION):
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


def test_an_email_to_a_person_carries_one_click_unsubscribe(org, person):
    message = queue(org, person)
    assert message.unsubscribe_url
    assert person_from_unsubscribe_token(message.unsubscribe_url.rsplit("/", 1)[1]) == person
    send_due()
    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_text_message_has_no_unsubscribe_header_but_a_short_own_link(org, person):
    message = queue(org, person, channel=Channel.SMS, to="07700 900123")
    assert message.unsubscribe_url == ""
    assert "\n\nYour information, or stop messages: http://testserver/s/" in message.body


def test_notify_gets_the_one_click_unsubscribe_url(org, person, notify):
    message = queue(org, person)
    send_due()
    [sent] = notify.sent()
    assert sent["one_click_unsubscribe_url"] == message.unsubscribe_url


def test_the_one_click_post_withdraws_contact_consent_and_stops_queued_messages(org, person):
    waiting = queue(org, person, key="reminder:1", kind=Kind.REMINDER)
    url = unsubscribe_url(person)
    # As a mail provider sends it: no cookies, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    consent = Consent.objects.get(person=person, purpose=Purpose.CONTACT)
    assert consent.status == ConsentStatus.WITHDRAWN
    assert consent.withdrawn_via == "own link"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WITHDRAW, organisation=org).count() == 1
    assert send_due().cancelled == 1
    waiting.refresh_from_db()
    assert waiting.status == Message.Status.CANCELLED
    assert mail.outbox == []
    # Twice is harmless.
    assert client.post(url).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WITHDRAW).count() == 1


def test_opening_the_address_changes_nothing_and_offers_a_button(org, person, client):
    response = client.get(unsubscribe_url(person))
    assert response.status_code == 200
    assert "Stop messages" in response.content.decode()
    assert Consent.objects.get(person=person, purpose=Purpose.CONTACT).status == ConsentStatus.GIVEN


def test_someone_who_never_answered_is_recorded_as_no(org, client):
    person = contactable(org, "Ben Okafor", email="ben@example.com")
    Consent.objects.filter(person=person).delete()
    client.post(unsubscribe_url(person))
    assert Consent.objects.get(person=person, purpose=Purpose.CONTACT).status == ConsentStatus.REFUSED


def test_a_forged_or_cancelled_link_is_404_and_changes_nothing(org, person, client):
    url = unsubscribe_url(person)
    assert client.post(url[:-3] + "abc").status_code == 404
    links_revoke(person)
    assert client.post(url).status_code == 404
    assert Consent.objects.get(person=person, purpose=Purpose.CONTACT).status == ConsentStatus.GIVEN


def test_the_persons_own_link_does_not_unsubscribe(org, person, client):
    """The two kinds of link are signed apart: one cannot be used as the other."""
    assert person_from_unsubscribe_token(make_token(person)) is None
    response = client.post(f"/unsubscribe/{make_token(person)}")
    assert response.status_code == 404
    assert make_unsubscribe_token(person) != make_token(person)


@pytest.fixture
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("_empty_cache")
def test_one_click_posts_with_a_working_link_are_never_limited(org, monkeypatch):
    """RFC 8058 POSTs for many people come from a mail provider's few servers: a signed link is never refused."""
    monkeypatch.setattr(views, "CLIENT_LIMIT", 2)
    people = [contactable(org, f"Parent {n}", email=f"parent{n}@example.com") for n in range(5)]
    mail_provider = Client(enforce_csrf_checks=True)
    for person in people:
        response = mail_provider.post(unsubscribe_url(person), {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
    statuses = Consent.objects.filter(person__in=people, purpose=Purpose.CONTACT).values_list("status", flat=True)
    assert set(statuses) == {ConsentStatus.WITHDRAWN}


@pytest.mark.usefixtures("_empty_cache")
def test_links_that_do_not_work_are_limited_per_connection(org, person, client, monkeypatch):
    monkeypatch.setattr(views, "CLIENT_LIMIT", 2)
    forged = unsubscribe_url(person)[:-3] + "abc"
    assert [client.post(forged).status_code for _ in range(2)] == [404, 404]
    refused = client.get(forged)
    assert refused.status_code == 429
    assert refused["Cache-Control"] == "private, no-store"
    # The person's own working link still works from the same connection.
    assert client.post(unsubscribe_url(person)).status_code == 200
    assert Consent.objects.get(person=person, purpose=Purpose.CONTACT).status == ConsentStatus.WITHDRAWN
