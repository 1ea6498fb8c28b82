"""An administrator invites someone by email; they open the link, create their account and land in the
organisation."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import HOME_URL, check_page, expect_console_error, expect_success, sign_in

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "amara.okafor@example.org"
INVITEE = "new.person@example.org"
NORTHBY = "Northby Family Hubs"


def invitation_link(live_server, to: str) -> str:
    """The link in the invitation email sent to `to`, pointed at the live server instead of SITE_URL."""
    sent = [message for message in mail.outbox if message.to == [to]]
    assert len(sent) == 1, f"expected one email to {to}, found {[m.to for m in mail.outbox]}"
    message = sent[0]
    assert message.subject == f"You are invited to join {NORTHBY} on coproduce"
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/accounts/invitation/\S+/)", message.body)
    assert match, f"no invitation link in:\n{message.body}"
    return live_server.url + match.group(1)


def test_invited_person_creates_an_account(new_page, live_server, demo) -> None:
    admin = new_page()
    sign_in(admin, ADMIN_EMAIL, check=False)
    admin.goto("/members/invite")
    admin.get_by_label("Email address").fill(INVITEE)
    admin.get_by_label(re.compile(r"^Co-production lead")).check()
    admin.get_by_role("button", name="Send invitation").click()
    expect_success(admin, f"Invitation sent to {INVITEE}.")

    link = invitation_link(live_server, INVITEE)
    assert "Amara Okafor has invited you to join Northby Family Hubs on coproduce, as: Co-production lead." in (
        mail.outbox[-1].body
    )

    # The invited person, in a browser of their own.
    page = new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    main = page.locator("main")
    expect(main.locator(".govuk-caption-l")).to_have_text(NORTHBY)
    expect(main).to_contain_text(f"You will sign in as {INVITEE} and join as: Co-production lead.")
    check_page(page)

    # Passwords that do not match.
    page.get_by_label("Full name").fill("Nia Person")
    page.get_by_label("Create a password").fill("lantern-orchard-pebble-91")
    page.get_by_label("Type the password again").fill("lantern-orchard-pebble-19")
    page.get_by_role("button", name="Create account and join").click()
    expect(page).to_have_title(re.compile(r"^Error: Create your account"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="The passwords do not match")).to_have_attribute(
        "href", "#id_password_again"
    )
    expect(page.locator("#id_password_again-error")).to_contain_text("The passwords do not match")
    expect(page.get_by_label("Full name")).to_have_value("Nia Person")
    check_page(page)

    # A password that is too short.
    page.get_by_label("Create a password").fill("short")
    page.get_by_label("Type the password again").fill("short")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.locator("#id_password-error")).to_contain_text("at least 12 characters")
    check_page(page)

    # Valid details: signed in, on the organisation's home page.
    page.get_by_label("Create a password").fill("lantern-orchard-pebble-91")
    page.get_by_label("Type the password again").fill("lantern-orchard-pebble-91")
    page.get_by_role("button", name="Create account and join").click()
    expect(page).to_have_url(HOME_URL)
    expect_success(page, f"Welcome to {NORTHBY}. Your account is ready.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nia")
    expect(page.locator("main")).to_contain_text("Your role here: Co-production lead.")
    expect(page.locator(".govuk-service-navigation__service-name")).to_have_text(NORTHBY)
    check_page(page)

    # The administrator sees a new member and no invitation waiting.
    admin.goto("/members/")
    expect(admin.locator("main tbody").first).to_contain_text("Nia Person")
    expect(admin.locator("main")).to_contain_text("There are no invitations waiting.")

    # The link works only once.
    later = new_page()
    expect_console_error(later, r"status of 404")
    response = later.goto(link)
    assert response is not None
    assert response.status == 404
    expect(later.get_by_role("heading", level=1)).to_have_text("This invitation link does not work")
    expect(later.locator("main")).to_contain_text("It has already been used.")
    check_page(later)
