"""Short links in text messages: each link to the site in a text becomes /s/<code>, which redirects to the signed
link it stands for; codes stop working when they expire, when the person's links are cancelled and on erasure."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from coproduce.comms.models import Channel, Kind, ShortLink
from coproduce.comms.outbox import message_queue
from coproduce.comms.short_links import SHORT_LINK_LIFETIME, expired_short_links_delete, shorten_links
from coproduce.consent.links import links_revoke, person_from_token, person_url

pytestmark = pytest.mark.urls("coproduce.comms.tests.urls")

SHORT = re.compile(r"http://testserver/s/([A-Za-z0-9_-]{12})(?=\s|$)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def text(org, person, body: str, *, key: str = "invitation:1", channel: str = Channel.SMS):
    return message_queue(
        organisation=org,
        person=person,
        channel=channel,
        to="07700 900123" if channel == Channel.SMS else "aisha@example.com",
        body=body,
        kind=Kind.INVITATION,
        idempotency_key=key,
    )


def test_a_text_carries_short_links_that_lead_to_the_signed_ones(org, person):
    reply = "http://testserver/r/" + "x" * 180 + "/"
    message = text(org, person, f"Hi Aisha, can you come on Tuesday? Reply: {reply}")
    codes = SHORT.findall(message.body)
    assert len(codes) == 2  # the reply link and the person's own link in the footer
    assert "/r/" not in message.body and "/my/" not in message.body
    assert len(message.body) < 160  # one text instead of three
    client = Client()
    first = client.get(f"/s/{codes[0]}")
    assert first.status_code == 302 and first["Location"] == reply.removeprefix("http://testserver")
    assert first["Cache-Control"] == "private, no-store"
    own = client.get(f"/s/{codes[1]}")
    assert person_from_token(own["Location"].strip("/").split("/")[-1]) == person


def test_an_email_keeps_its_full_links(org, person):
    message = text(org, person, "Reply: http://testserver/r/" + "y" * 180 + "/", channel=Channel.EMAIL)
    assert not SHORT.search(message.body) and "/r/yyy" in message.body
    assert not ShortLink.objects.exists()


def test_other_sites_and_already_short_links_are_left_alone(org):
    body = "See https://www.gov.uk/benefits-calculators and http://testserver/s/abcdefghijkl and http://testserver/"
    assert shorten_links(body, organisation=org) == body
    assert not ShortLink.objects.exists()


def test_the_same_message_queued_twice_makes_no_second_set_of_links(org, person):
    text(org, person, "Reply: http://testserver/r/" + "z" * 100 + "/")
    count = ShortLink.objects.count()
    text(org, person, "Reply: http://testserver/r/" + "z" * 100 + "/")
    assert ShortLink.objects.count() == count == 2


def test_unknown_expired_cancelled_and_erased_codes_do_not_work(org, person):
    message = text(org, person, f"Your page: {person_url(person)}")
    code = SHORT.findall(message.body)[0]
    client = Client()
    assert client.get("/s/nosuchcode12").status_code == 404
    page = client.get("/s/nosuchcode12").content.decode()
    assert "This link does not work" in page

    ShortLink.objects.filter(code=code).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(f"/s/{code}").status_code == 404
    assert expired_short_links_delete() >= 1
    assert not ShortLink.objects.filter(code=code).exists()

    message = text(org, person, f"Your page: {person_url(person)}", key="invitation:2")
    code = SHORT.findall(message.body)[0]
    links_revoke(person)
    assert client.get(f"/s/{code}").status_code == 404
    assert not ShortLink.objects.filter(person=person).exists()


def test_codes_last_longer_than_any_signed_link(org, person):
    text(org, person, "Reply: http://testserver/r/" + "q" * 100 + "/")
    link = ShortLink.objects.first()
    assert link.expires_at - link.created_at >= SHORT_LINK_LIFETIME - dt.timedelta(seconds=5)
    assert dt.timedelta(days=365) < SHORT_LINK_LIFETIME  # unsubscribe links, the longest-lived, last a year


def test_opening_many_codes_from_one_address_is_refused(org, person, settings):
    client = Client()
    from coproduce.comms import views

    for _ in range(views.SHORT_LINK_LIMIT):
        client.get("/s/nosuchcode12")
    response = client.get("/s/nosuchcode12")
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
