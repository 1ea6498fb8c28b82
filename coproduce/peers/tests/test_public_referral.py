"""The public self-referral form: no sign-in, never cached, CSRF-protected, 404 for an unknown organisation, consent
required with the privacy notice beside it, a honeypot that saves nothing and shows the same thanks page, a rate
limit per connection with a clear message, and an email to the coordinators that says nothing of the family."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from coproduce.peers.models import Referral, ReferralSource
from coproduce.publishing.models import PublicSite

URL = "/o/northby/peer-support/"
THANKS = "/o/northby/peer-support/thanks"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def answers(**fields) -> dict:
    data = {
        "contact_name": "Fran Family",
        "contact_phone": "07700 900123",
        "help_with": "I feel alone since the baby came",
        "wanted_experiences": ["new_to_country"],
        "languages": "Polish",
        "ways": ["phone", "text"],
        "online_only": "on",
        "consent": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_is_never_cached_and_carries_a_csrf_token(org, client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert "csrfmiddlewaretoken" in page and "Get support from another parent" in page
    assert "Another dad" in page and "Someone who is also new to the country" in page


def test_it_links_the_organisations_own_privacy_notice(org, client) -> None:
    PublicSite.objects.create(organisation=org, privacy_notice_url="https://northby.example/privacy")
    assert 'href="https://northby.example/privacy"' in client.get(URL).content.decode()


def test_an_unknown_organisation_is_not_found(db, client) -> None:
    assert Client().get("/o/nowhere/peer-support/").status_code == 404


def test_a_post_without_a_csrf_token_is_refused(org) -> None:
    response = Client(enforce_csrf_checks=True).post(URL, answers())
    assert response.status_code == 403
    assert not Referral.objects.exists()


def test_without_consent_nothing_is_saved(org, client) -> None:
    response = client.post(URL, answers(consent=None))
    assert response.status_code == 200
    assert "You need to agree before you can send this" in response.content.decode()
    assert not Referral.objects.exists()


def test_missing_details_are_named_in_plain_words(org, client) -> None:
    page = client.post(URL, answers(contact_name="", contact_phone="", help_with="")).content.decode()
    assert "Enter your name" in page
    assert "Enter a phone number or an email address, so we can get in touch" in page
    assert "Tell us what you would like help with" in page
    assert not Referral.objects.exists()


def test_a_family_refers_themselves_and_the_coordinators_are_told(
    org, admin, client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, answers())
    assert response.status_code == 302 and response["Location"] == THANKS
    referral = Referral.objects.get()
    assert referral.source == ReferralSource.SELF and referral.referred_by is None
    assert referral.contact_name == "Fran Family" and referral.online_only and referral.languages == ["Polish"]
    assert referral.consent and referral.consent_how == "Online, by the family"
    (message,) = mail.outbox
    assert message.to == ["admin@example.org"] and "waiting" in message.subject
    assert "Fran" not in message.body and "alone" not in message.body and str(referral.pk) in message.body
    thanks = client.get(THANKS)
    assert thanks["Cache-Control"] == "private, no-store" and "Thank you" in thanks.content.decode()


def test_a_filled_honeypot_saves_nothing_and_looks_the_same(org, admin, client) -> None:
    response = client.post(URL, answers(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == THANKS
    assert not Referral.objects.exists() and mail.outbox == []


def test_too_many_sends_from_one_connection_get_a_clear_message(org, client) -> None:
    for _mistake in range(6):  # corrections do not count
        assert client.post(URL, answers(help_with="")).status_code == 200
    for number in range(5):
        client.post(URL, answers(contact_phone=f"07700 90012{number}"))
    assert Referral.objects.count() == 5
    response = client.post(URL, answers())
    assert response.status_code == 429
    assert "You have sent this form too many times" in response.content.decode()
    assert Referral.objects.count() == 5
    other_connection = client.post(URL, answers(), REMOTE_ADDR="203.0.113.9")
    assert other_connection.status_code == 302 and Referral.objects.count() == 6


def test_the_get_involved_page_links_to_the_form(org, client) -> None:
    assert URL in client.get("/o/northby/get-involved").content.decode()
