"""The public sign-up: double opt-in, the honeypot, rate limits, duplicates that reveal nothing, bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import Kind, Message
from coproduce.core.models import AuditEvent
from coproduce.newsletter import services
from coproduce.newsletter.models import Subscriber, Topic, email_hash
from coproduce.newsletter.tests.conftest import newsletter_messages, subscriber
from coproduce.newsletter.views_public import ADDRESS_LIMIT, CLIENT_LIMIT
from coproduce.publishing.models import PublicSite

pytestmark = pytest.mark.django_db


def signup_url(org) -> str:
    return reverse("newsletter:signup", kwargs={"organisation_slug": org.slug})


def sign_up(client: Client, org, email: str = "Parent@Example.org", **extra):
    return client.post(signup_url(org), {"email": email, **extra}, follow=True)


def confirmation_link(message: Message) -> str:
    return re.search(r"http://testserver(/o/\S+/newsletter/confirm/\S+)", message.body).group(1)


def main_text(response) -> str:
    html = response.content.decode()
    return html[html.index('<main class="govuk-main-wrapper"') : html.index("</main>")]


def test_the_sign_up_page_offers_hubs_topics_a_hidden_honeypot_and_the_privacy_notice(client, org, hub) -> None:
    html = client.get(signup_url(org)).content.decode()
    assert hub.name in html
    assert str(Topic.WINS.label) in html
    assert 'name="website"' in html and 'autocomplete="off"' in html and 'tabindex="-1"' in html
    assert "Leave this box empty" in html
    assert 'href="/privacy"' in html


def test_the_privacy_link_is_the_organisations_own_when_it_has_one(client, org) -> None:
    PublicSite.objects.create(organisation=org, privacy_notice_url="https://northby.example.org/privacy")
    assert 'href="https://northby.example.org/privacy"' in client.get(signup_url(org)).content.decode()


def test_an_unknown_organisation_is_404(client, db) -> None:
    assert client.get(reverse("newsletter:signup", kwargs={"organisation_slug": "nowhere"})).status_code == 404
    assert client.post(reverse("newsletter:signup", kwargs={"organisation_slug": "nowhere"})).status_code == 404


def test_signing_up_sends_only_a_confirmation_until_the_link_is_followed(client, org, hub) -> None:
    response = sign_up(client, org, hubs=[hub.pk], topics=[Topic.WINS, Topic.ACTIVITIES])
    assert response.redirect_chain[-1][0].endswith("/newsletter/check-your-email")
    assert "Check your email" in response.content.decode()

    found = Subscriber.objects.get()
    assert found.email == "parent@example.org"  # normalised
    assert found.status == Subscriber.Status.PENDING
    assert list(found.hubs.all()) == [hub]
    assert sorted(found.topics) == ["activities", "wins"]
    confirmation = Message.objects.get()
    assert confirmation.kind == Kind.NEWSLETTER_CONFIRMATION
    assert confirmation.person is None
    assert confirmation.to == "parent@example.org"
    link = confirmation_link(confirmation)
    token = link.rsplit("/", 1)[1]
    assert token not in found.confirmation_token_hash  # only the hash is stored

    # Opening the link (as a mail scanner does) confirms nothing.
    page = client.get(link)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    found.refresh_from_db()
    assert found.status == Subscriber.Status.PENDING

    done = client.post(link)
    assert done.status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.CONFIRMED and found.confirmed_at is not None
    assert found.confirmation_token_hash == ""
    assert AuditEvent.objects.filter(object_id=str(found.pk), action=AuditEvent.Action.UPDATE).exists()
    # The link is used up.
    assert client.get(link).status_code == 404


def test_a_pending_address_gets_nothing_from_an_issue(org, admin) -> None:
    subscriber(org, "pending@example.org", status=Subscriber.Status.PENDING)
    issue = services.issue_create(actor=admin, organisation=org, subject="News", intro="Hello")
    assert services.recipients(issue) == []


def test_a_confirmation_link_stops_working_after_7_days(client, org) -> None:
    sign_up(client, org)
    link = confirmation_link(Message.objects.get())
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(days=8))
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_forged_or_other_organisations_link_is_404(client, org, other_org) -> None:
    sign_up(client, org)
    link = confirmation_link(Message.objects.get())
    assert client.get(link.replace(org.slug, other_org.slug)).status_code == 404
    assert client.get(link[:-3] + "abc").status_code == 404


def test_a_filled_honeypot_silently_drops_the_submission(client, org) -> None:
    person = sign_up(client, org, email="person@example.org")
    bot = sign_up(client, org, email="bot@example.org", website="https://spam.example.com")
    assert bot.redirect_chain == person.redirect_chain
    assert main_text(bot) == main_text(person)
    assert not Subscriber.objects.filter(email="bot@example.org").exists()
    assert not Message.objects.filter(to="bot@example.org").exists()


def test_an_invalid_email_gets_an_inline_message(client, org) -> None:
    response = client.post(signup_url(org), {"email": "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "govuk-error-message" in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert not Subscriber.objects.exists()
    empty = client.post(signup_url(org), {"email": ""}).content.decode()
    assert "Enter your email address" in empty


def test_a_second_sign_up_makes_no_duplicate_and_shows_the_same_page(client, org) -> None:
    first = sign_up(client, org, email="twice@example.org")
    second = sign_up(client, org, email="TWICE@example.org ")
    assert Subscriber.objects.count() == 1
    assert main_text(first) == main_text(second)
    # Within the hour, no second confirmation email.
    assert newsletter_messages(Kind.NEWSLETTER_CONFIRMATION).count() == 1


def test_the_same_page_for_new_pending_and_confirmed_addresses(client, org) -> None:
    subscriber(org, "confirmed@example.org")
    subscriber(org, "pending@example.org", status=Subscriber.Status.PENDING)
    pages = [main_text(sign_up(client, org, email=f"{who}@example.org")) for who in ("new", "pending", "confirmed")]
    assert pages[0] == pages[1] == pages[2]
    assert Subscriber.objects.count() == 3


def test_a_pending_address_gets_its_confirmation_again_at_most_once_an_hour(client, org) -> None:
    sign_up(client, org, email="slow@example.org")
    first_link = confirmation_link(Message.objects.get())
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(minutes=61))
    sign_up(client, org, email="slow@example.org")
    assert newsletter_messages(Kind.NEWSLETTER_CONFIRMATION).count() == 2
    newest = newsletter_messages(Kind.NEWSLETTER_CONFIRMATION).order_by("-created_at").first()
    assert client.get(confirmation_link(newest)).status_code == 200
    assert client.get(first_link).status_code == 404  # replaced by the newer email's link


def test_a_confirmed_address_keeps_its_choices_until_the_new_link_is_followed(client, org, hub) -> None:
    found = subscriber(org, "keen@example.org", topics=[Topic.WINS])
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(hours=2))
    sign_up(client, org, email="keen@example.org", topics=[Topic.OFFERS], hubs=[hub.pk])
    found.refresh_from_db()
    assert found.status == Subscriber.Status.CONFIRMED
    assert found.topics == [Topic.WINS]
    message = Message.objects.get()
    assert "change what you get" in message.body
    client.post(confirmation_link(message))
    found.refresh_from_db()
    assert found.topics == [Topic.OFFERS]
    assert list(found.hubs.all()) == [hub]


def test_an_unsubscribed_address_must_confirm_again(client, org) -> None:
    found = subscriber(org, "back@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    sign_up(client, org, email="back@example.org")
    found.refresh_from_db()
    assert found.status == Subscriber.Status.PENDING
    assert found.email == "back@example.org"
    assert Subscriber.objects.count() == 1
    assert newsletter_messages(Kind.NEWSLETTER_CONFIRMATION).count() == 1


def test_sign_ups_are_limited_per_address(client, org) -> None:
    for number in range(ADDRESS_LIMIT):
        # From different connections: the limit is on the address.
        response = client.post(signup_url(org), {"email": "target@example.org"}, REMOTE_ADDR=f"10.0.0.{number}")
        assert response.status_code == 302
    refused = client.post(signup_url(org), {"email": "target@example.org"}, REMOTE_ADDR="10.0.1.1")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert newsletter_messages(Kind.NEWSLETTER_CONFIRMATION).count() == 1


def test_sign_ups_are_limited_per_connection(client, org) -> None:
    for number in range(CLIENT_LIMIT):
        assert client.post(signup_url(org), {"email": f"p{number}@example.org"}).status_code == 302
    refused = client.post(signup_url(org), {"email": "one-more@example.org"})
    assert refused.status_code == 429
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_sign_ups_never_confirmed_are_deleted_after_30_days(org, other_org) -> None:
    old = subscriber(org, "old@example.org", status=Subscriber.Status.PENDING)
    subscriber(other_org, "old2@example.org", status=Subscriber.Status.PENDING)
    recent = subscriber(org, "recent@example.org", status=Subscriber.Status.PENDING)
    confirmed = subscriber(org, "confirmed@example.org")
    long_ago = timezone.now() - dt.timedelta(days=31)
    Subscriber.objects.exclude(pk=recent.pk).update(confirmation_sent_at=long_ago)

    assert services.pending_cleanup() == 2
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    line = AuditEvent.objects.filter(organisation=org, action=AuditEvent.Action.DELETE).get()
    assert line.changes == {"deleted": 1}


def test_the_cleanup_command_runs(org, capsys) -> None:
    from django.core.management import call_command

    call_command("newsletter_cleanup")
    assert "deleted: 0" in capsys.readouterr().out


def test_a_double_click_on_sign_up_makes_no_duplicate_and_no_error(client, org, monkeypatch) -> None:
    """Two sign-ups for the same new address at once: both look and find nothing, the first inserts, and the
    second's insert meets the unique constraint. Simulated by letting the other sign-up insert the row after this
    one looked."""
    found_by = services._subscriber_locked
    looks = []

    def lookup_racing(organisation, key):
        looks.append(key)
        if len(looks) == 1:  # this request looks first ...
            services.subscription_request(organisation=org, email="double@example.org", hubs=[], topics=[])
            return None  # ... and does not see the row the other one has just inserted
        return found_by(organisation, key)

    monkeypatch.setattr(services, "_subscriber_locked", lookup_racing)
    response = client.post(signup_url(org), {"email": "double@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("newsletter:check_email", kwargs={"organisation_slug": org.slug})
    assert Subscriber.objects.filter(organisation=org).count() == 1
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    # Only the first request's confirmation email: the second is within the hour.
    assert newsletter_messages(Kind.NEWSLETTER_CONFIRMATION).count() == 1


def test_the_check_your_email_page_is_private(client, org) -> None:
    page = client.get(reverse("newsletter:check_email", kwargs={"organisation_slug": org.slug}))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert client.post(reverse("newsletter:check_email", kwargs={"organisation_slug": org.slug})).status_code == 405


def test_the_hash_kept_of_an_address_is_keyed_with_the_server_secret(org, settings) -> None:
    plain = hashlib.sha256(f"{org.pk}:parent@example.org".encode()).hexdigest()
    kept = email_hash(org.pk, " Parent@Example.org")
    assert kept != plain and len(kept) == 64
    assert kept == email_hash(org.pk, "parent@example.org")  # still recognises the address when it comes back
    settings.SECRET_KEY = "another-secret-" + "x" * 50
    assert email_hash(org.pk, "parent@example.org") != kept  # useless without the server's secret
