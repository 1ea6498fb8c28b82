"""Unsubscribing in one click (RFC 8058), and nothing ever sent to an unsubscribed address."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from coproduce.comms.models import Message
from coproduce.comms.outbox import send_due
from coproduce.core.models import AuditEvent
from coproduce.newsletter import services, views_public
from coproduce.newsletter.models import Subscriber
from coproduce.newsletter.tests.conftest import newsletter_messages, subscriber

pytestmark = pytest.mark.django_db


def unsubscribe_url(org, found: Subscriber) -> str:
    return reverse("newsletter:unsubscribe", kwargs={"organisation_slug": org.slug, "key": found.unsubscribe_key})


def sent_issue(admin, org, django_capture_on_commit_callbacks, **fields):
    issue = services.issue_create(actor=admin, organisation=org, subject="Spring news", intro="Hello", **fields)
    with django_capture_on_commit_callbacks(execute=True):
        return services.issue_send(actor=admin, issue=issue)


def test_opening_the_link_changes_nothing(client, org) -> None:
    found = subscriber(org, "reader@example.org")
    response = client.get(unsubscribe_url(org, found))
    assert response.status_code == 200
    assert "Stop the newsletter" in response.content.decode()
    found.refresh_from_db()
    assert found.status == Subscriber.Status.CONFIRMED


def test_the_button_unsubscribes_and_keeps_only_a_hash(client, org, hub) -> None:
    found = subscriber(org, "reader@example.org", topics=["wins"])
    found.hubs.add(hub)
    response = client.post(unsubscribe_url(org, found))
    assert response.status_code == 200
    assert "You will not get our newsletter" in response.content.decode()
    found.refresh_from_db()
    assert found.status == Subscriber.Status.UNSUBSCRIBED
    assert found.email == "" and found.topics == [] and not found.hubs.exists()
    assert found.email_hash and found.unsubscribed_at is not None
    assert AuditEvent.objects.filter(object_id=str(found.pk), action=AuditEvent.Action.WITHDRAW).exists()
    # Again: still fine, and the page says so.
    assert "already stopped" in client.get(unsubscribe_url(org, found)).content.decode()
    assert client.post(unsubscribe_url(org, found)).status_code == 200


def test_one_click_post_works_without_a_csrf_token_or_cookies(org) -> None:
    found = subscriber(org, "reader@example.org")
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        unsubscribe_url(org, found), {"List-Unsubscribe": "One-Click"}, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.UNSUBSCRIBED


def test_an_unknown_key_or_another_organisations_key_is_404(client, org, other_org) -> None:
    found = subscriber(org, "reader@example.org")
    assert client.get(unsubscribe_url(other_org, found)).status_code == 404
    assert client.post(unsubscribe_url(other_org, found)).status_code == 404
    bad = reverse("newsletter:unsubscribe", kwargs={"organisation_slug": org.slug, "key": "nope"})
    assert client.post(bad).status_code == 404
    found.refresh_from_db()
    assert found.status == Subscriber.Status.CONFIRMED


def test_every_issue_email_carries_the_unsubscribe_link_and_headers(org, admin, django_capture_on_commit_callbacks):
    found = subscriber(org, "reader@example.org")
    sent_issue(admin, org, django_capture_on_commit_callbacks)
    message = newsletter_messages().get()
    link = "http://testserver" + unsubscribe_url(org, found)
    assert message.unsubscribe_url == link
    assert link in message.body
    assert message.person is None
    # The email itself (sent by the outbox's task once queued) has the RFC 8058 headers.
    email = next(m for m in mail.outbox if m.to == ["reader@example.org"])
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_to_unsubscribed_or_pending_addresses(org, admin, django_capture_on_commit_callbacks):
    subscriber(org, "yes@example.org")
    subscriber(org, "gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    subscriber(org, "pending@example.org", status=Subscriber.Status.PENDING)
    issue = sent_issue(admin, org, django_capture_on_commit_callbacks)
    assert issue.recipient_count == 1
    assert list(newsletter_messages().values_list("to", flat=True)) == ["yes@example.org"]
    assert [m.to for m in mail.outbox] == [["yes@example.org"]]


def test_unsubscribing_cancels_issues_still_waiting_in_the_outbox(client, org, admin) -> None:
    found = subscriber(org, "reader@example.org")
    other = subscriber(org, "other@example.org")
    issue = services.issue_create(actor=admin, organisation=org, subject="News", intro="Hello")
    issue = services.issue_send(actor=admin, issue=issue)  # the on-commit queueing is not run here…
    services.issue_messages_queue(issue=issue)  # …so queue by hand, and send nothing yet
    assert newsletter_messages().filter(status=Message.Status.QUEUED).count() == 2

    client.post(unsubscribe_url(org, found))

    mine = newsletter_messages().get(idempotency_key=f"newsletter:{issue.pk}:{found.pk}")
    assert mine.status == Message.Status.CANCELLED
    assert newsletter_messages().get(idempotency_key=f"newsletter:{issue.pk}:{other.pk}").status == "queued"
    send_due()
    assert [m.to for m in mail.outbox] == [["other@example.org"]]
    # Queueing again (a retried task) does not bring it back.
    services.issue_messages_queue(issue=issue)
    assert newsletter_messages().count() == 2


def test_one_click_posts_from_a_mail_providers_server_are_never_limited(org, monkeypatch) -> None:
    """RFC 8058 POSTs for many subscribers come from the same few servers: a working key is never refused."""
    monkeypatch.setattr(views_public, "LINK_LIMIT", 2)
    mail_provider = Client(enforce_csrf_checks=True)
    readers = [subscriber(org, f"reader{n}@example.org") for n in range(5)]
    for found in readers:
        assert mail_provider.post(unsubscribe_url(org, found), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert set(Subscriber.objects.values_list("status", flat=True)) == {Subscriber.Status.UNSUBSCRIBED}


def test_unknown_unsubscribe_keys_are_limited_per_connection(client, org, monkeypatch) -> None:
    monkeypatch.setattr(views_public, "LINK_LIMIT", 2)
    found = subscriber(org, "reader@example.org")
    bad = [reverse("newsletter:unsubscribe", kwargs={"organisation_slug": org.slug, "key": f"guess{n}"}) for n in "ab"]
    assert [client.post(url).status_code for url in bad] == [404, 404]
    third = reverse("newsletter:unsubscribe", kwargs={"organisation_slug": org.slug, "key": "guessc"})
    refused = client.get(third)
    assert refused.status_code == 429 and "Please wait an hour" in refused.content.decode()
    assert refused["Cache-Control"] == "private, no-store"
    # A working key still works from the same connection.
    assert client.post(unsubscribe_url(org, found)).status_code == 200
