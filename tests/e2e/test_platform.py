"""A platform administrator creates an organisation and invites its first administrator."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.conftest import check_page, expect_success, sign_in

pytestmark = pytest.mark.e2e

PLATFORM_ADMIN_EMAIL = "platform.admin@example.org"
FIRST_ADMIN = "first.admin@westby.example.org"


def expect_summary_links(page: Page, links: dict[str, str]) -> None:
    """The error summary lists exactly these messages, each linking to its field."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(list(links))
    for message, href in links.items():
        expect(summary.get_by_role("link", name=message)).to_have_attribute("href", href)
        expect(page.locator(f"{href}-error")).to_contain_text(message)


def test_create_an_organisation(page: Page, demo) -> None:
    mail.outbox.clear()  # the demo's own emails (its safeguarding concerns notify the safeguarding lead)
    sign_in(page, PLATFORM_ADMIN_EMAIL, check=False)
    # With no organisation of their own, the platform administrator starts at the list of organisations.
    expect(page).to_have_url(re.compile(r"/platform/organisations/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    listed = page.locator("main tbody tr")
    expect(listed).to_have_count(2)
    expect(listed.nth(0)).to_contain_text("Northby Family Hubs")
    expect(listed.nth(1)).to_contain_text("Southby Family Hubs")
    check_page(page)

    page.get_by_role("button", name="Create an organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an organisation")
    check_page(page)

    # Nothing filled in: three errors, in the order of the fields.
    page.get_by_role("button", name="Create organisation").click()
    expect(page).to_have_title(re.compile(r"^Error: Create an organisation"))
    expect_summary_links(
        page,
        {
            "Enter the name of the organisation": "#id_name",
            "Enter a short web name, such as northby-family-hubs": "#id_slug",
            "Enter the email address of the first administrator": "#id_first_admin_email",
        },
    )
    check_page(page)

    # A web name that is not a slug, and a web name already in use.
    page.get_by_label("Name of the family hubs partnership").fill("Westby Family Hubs")
    page.get_by_label("Short web name").fill("Westby Hubs!")
    page.get_by_label("Email address of the organisation's first administrator").fill(FIRST_ADMIN)
    page.get_by_role("button", name="Create organisation").click()
    expect_summary_links(page, {"Use only lower-case letters, numbers and hyphens in the web name": "#id_slug"})
    check_page(page)
    page.get_by_label("Short web name").fill("southby-family-hubs")
    page.get_by_role("button", name="Create organisation").click()
    expect_summary_links(page, {"Another organisation already uses this web name": "#id_slug"})

    # Valid.
    page.get_by_label("Short web name").fill("westby-family-hubs")
    page.get_by_role("button", name="Create organisation").click()
    expect(page).to_have_url(re.compile(r"/platform/organisations/[0-9a-f-]{36}/$"))
    expect_success(page, "Westby Family Hubs has been created and its first administrator invited.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Westby Family Hubs")
    main = page.locator("main")
    expect(main.locator(".govuk-summary-list")).to_contain_text("westby-family-hubs")
    invitations = main.locator("h2:has-text('Invitations waiting to be accepted') + ul li")
    expect(invitations).to_have_count(1)
    expect(invitations.first).to_contain_text(f"{FIRST_ADMIN} – Administrator")
    expect(main.locator("h2:has-text('Members') + ul li")).to_have_text(["Nobody has joined yet."])
    check_page(page)
    assert [message.to for message in mail.outbox] == [[FIRST_ADMIN]]

    # The new organisation is in the list.
    page.get_by_role("link", name="All organisations").click()
    expect(listed).to_have_count(3)
    expect(page.locator("main")).to_contain_text("Westby Family Hubs")
