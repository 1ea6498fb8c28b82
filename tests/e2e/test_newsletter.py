"""The newsletter: a parent on a phone signs up, confirms the link emailed to them and later stops it; anyone reads
the archive; a lead composes an issue from blocks, previews it, sends a test and sends it; hub staff compose but
may not send (newsletter/rules.py: sending is for administrators and co-production leads)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    check_page,
    expect_console_error,
    expect_errors,
    expect_field_error,
    expect_success,
    go_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

LEAD = "priya.shah@example.org"
STAFF = "tom.gallagher@example.org"
SLUG = "northby-family-hubs"
SIGNUP = f"/o/{SLUG}/newsletter/"
PARENT = "zara.parent@example.com"
DEMO_ISSUE = "What changed this autumn because of you"
CONFIRMED_IN_DEMO = 22


def emailed_link(live_server, to: str, kind: str) -> str:
    """The link in the one outbox message of `kind` to `to`, pointed at the live server instead of SITE_URL."""
    from coproduce.comms.models import Message

    sent = list(Message.objects.filter(to=to, kind=kind))
    assert len(sent) == 1, f"expected one {kind} message to {to}, found {len(sent)}"
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", sent[0].body)
    assert match, f"no link in:\n{sent[0].body}"
    return live_server.url + match.group(1)


def sign_up(page: Page, email: str) -> None:
    page.goto(SIGNUP)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")


def test_a_parent_signs_up_confirms_and_stops_the_newsletter(new_page, live_server, demo) -> None:
    from coproduce.comms.models import Kind
    from coproduce.newsletter.models import Subscriber, Topic

    page = new_page(viewport=PHONE)
    page.goto(SIGNUP)
    expect(page.get_by_role("heading", level=1)).to_have_text("Get our newsletter")
    check_page(page)

    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Sign up").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "Enter an email address in the correct format, like name@example.com",
        href="#id_email",
        error_id="id_email-error",
    )
    check_page(page)

    page.get_by_label("Email address").fill(PARENT)
    hubs = page.get_by_role("group", name=re.compile("Which family hubs"))
    hub_name = hubs.locator("label").first.inner_text().strip()
    hubs.get_by_role("checkbox").first.check()
    page.get_by_label("Activities you can come to").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page(page)
    subscriber = Subscriber.objects.get(organisation=demo, email=PARENT)
    assert subscriber.status == Subscriber.Status.PENDING

    # The link in the email shows a button and changes nothing until it is pressed (mail scanners open links).
    link = emailed_link(live_server, PARENT, Kind.NEWSLETTER_CONFIRMATION)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm you want our newsletter")
    check_page(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You will get our newsletter")
    check_page(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.topics == [Topic.ACTIVITIES]
    assert [hub.name for hub in subscriber.hubs.all()] == [hub_name]

    # The same link again no longer works.
    expect_console_error(page, r"status of 404")
    response = page.goto(link)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    check_page(page)

    # Every newsletter has the subscriber's own link to stop it.
    from coproduce.newsletter.services import unsubscribe_url

    page.goto(unsubscribe_url(subscriber, demo).replace(settings.SITE_URL, live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop the newsletter")
    check_page(page)
    page.get_by_role("button", name="Stop the newsletter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You will not get our newsletter")
    check_page(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.email == ""


def test_an_old_or_made_up_confirmation_link_does_not_work(new_page, live_server, demo) -> None:
    from django.utils import timezone

    from coproduce.comms.models import Kind
    from coproduce.newsletter.models import Subscriber

    page = new_page(viewport=PHONE)
    sign_up(page, PARENT)
    link = emailed_link(live_server, PARENT, Kind.NEWSLETTER_CONFIRMATION)
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    Subscriber.objects.filter(email=PARENT).update(confirmation_sent_at=eight_days_ago)

    expect_console_error(page, r"status of 404")
    for broken in (link, f"{SIGNUP}confirm/made-up-token"):
        response = page.goto(broken)
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
        expect(page.get_by_role("button", name="Confirm")).to_have_count(0)
        check_page(page)
    assert Subscriber.objects.get(email=PARENT).status == Subscriber.Status.PENDING


def test_anyone_reads_the_archive(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    page.goto(f"{SIGNUP}archive/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Past newsletters")
    check_page(page)
    page.get_by_role("link", name=DEMO_ISSUE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_ISSUE)
    expect(page.locator("main")).to_contain_text("Come and help plan the feeding cafe")
    check_page(page)


def test_a_lead_composes_tests_and_sends_an_issue(page: Page, live_server, demo) -> None:
    from django.utils import timezone

    from coproduce.comms.models import Kind, Message
    from coproduce.publishing.models import Win

    win = Win.objects.filter(organisation=demo, published_at__isnull=True).first()
    assert win is not None, "the demo has an unpublished win"
    Win.objects.filter(pk=win.pk).update(published_at=timezone.now())  # new since the last issue

    sign_in(page, LEAD, check=False)
    go_to(page, "Public site")
    page.locator("main").get_by_role("link", name="Newsletter", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletter")
    expect(page.locator("main")).to_contain_text(DEMO_ISSUE)
    check_page(page)
    page.get_by_role("link", name="See subscribers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletter subscribers")
    expect(page.get_by_role("status")).to_have_text(f"{CONFIRMED_IN_DEMO + 2} subscribers")
    expect(page.locator("tbody tr")).to_have_count(CONFIRMED_IN_DEMO + 2)
    check_page(page)

    page.goto("/newsletter/")
    page.get_by_role("button", name="Start a new issue").click()
    check_page(page)
    page.get_by_role("button", name="Start the issue").click()
    expect_field_error(page, "Enter the subject", href="#id_subject", error_id="id_subject-error")
    check_page(page)
    page.get_by_label("Subject").fill("What we did in spring")
    page.get_by_label("Introduction (optional)").fill("Here is what changed because of what you told us.")
    page.get_by_role("button", name="Start the issue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What we did in spring")
    expect_success(page, "The draft issue has been started.")
    check_page(page)

    page.get_by_role("link", name="Free text").click()
    check_page(page)
    page.get_by_role("button", name="Add the block").click()
    expect_field_error(page, "Enter the text", href="#id_text", error_id="id_text-error")
    check_page(page)
    page.get_by_label("Heading (optional)").fill("Come to the dads' group")
    page.get_by_label("Text", exact=True).fill("Dads asked for a Saturday group. It starts next month.")
    page.get_by_role("button", name="Add the block").click()
    expect_success(page, "The block has been added.")

    page.get_by_role("link", name="New wins").click()
    check_page(page)
    page.get_by_role("group", name="Which wins?").get_by_label(re.compile(re.escape(win.title))).check()
    page.get_by_role("button", name="Add the block").click()
    expect_success(page, "The block has been added.")
    expect(page.locator(".govuk-summary-card")).to_have_count(2)
    check_page(page)

    page.get_by_role("button", name="Preview the email").click()
    expect(page.locator("#email-body")).to_contain_text("Dads asked for a Saturday group")
    expect(page.locator("#email-body")).to_contain_text(win.title)
    check_page(page)
    page.get_by_role("button", name=f"Send a test to {LEAD}").click()
    expect_success(page, f"A test has been sent to {LEAD}.")
    check_page(page)
    test_message = Message.objects.get(to=LEAD, kind=Kind.NEWSLETTER)
    assert test_message.subject == "[Test] What we did in spring"

    page.get_by_role("link", name="Back to the issue").click()
    page.get_by_role("button", name="Send to subscribers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Send this issue to {CONFIRMED_IN_DEMO} subscribers?")
    check_page(page)
    page.get_by_role("button", name="Send it now").click()
    expect_success(page, f"Issue 2 is being sent to {CONFIRMED_IN_DEMO} subscribers.")
    check_page(page)
    sent = Message.objects.filter(kind=Kind.NEWSLETTER, subject="What we did in spring")
    assert sent.count() == CONFIRMED_IN_DEMO
    assert all(f"/o/{SLUG}/newsletter/unsubscribe/" in m.unsubscribe_url for m in sent)
    expect(page.get_by_role("button", name="Send to subscribers")).to_have_count(0)

    page.get_by_role("link", name="See it in the public archive").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What we did in spring")
    expect(page.locator("main")).to_contain_text(win.title)
    check_page(page)
    page.get_by_role("link", name="All past newsletters").click()
    expect(page.get_by_role("listitem").filter(has_text="Issue 2")).to_contain_text("What we did in spring")


def test_hub_staff_compose_but_cannot_send(page: Page, demo) -> None:
    sign_in(page, STAFF, check=False)
    page.goto("/newsletter/")
    check_page(page)
    page.get_by_role("button", name="Start a new issue").click()
    page.get_by_label("Subject").fill("News from the Eastfield hub")
    page.get_by_role("button", name="Start the issue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("News from the Eastfield hub")
    expect(page.get_by_role("link", name="Free text")).to_be_visible()
    expect(page.get_by_role("button", name="Send to subscribers")).to_have_count(0)
    check_page(page)

    expect_console_error(page, r"status of 403")
    response = page.goto(page.url + "send")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")
    check_page(page)
