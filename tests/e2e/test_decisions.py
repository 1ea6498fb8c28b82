"""Closing the loop, as a busy co-production lead does it: record a decision on the evidence of what parents said,
make a promise in answer (the realism prompt asks first), and report honestly when it changes."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, check_page, go_to, sign_in

pytestmark = pytest.mark.e2e

LEAD = "priya.shah@example.org"


def test_a_lead_records_a_decision_and_makes_a_promise(page: Page, demo) -> None:
    sign_in(page, LEAD)
    go_to(page, "Projects")
    page.get_by_role("link", name="Redesign the 0–2 infant feeding offer").click()
    page.locator("a", has_text="Record a decision").click()
    check_page(page)

    # Nothing filled in: each problem is named next to its field.
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a short title for the decision")
    check_page(page)

    page.get_by_label("Title").fill("Feeding cafe on Tuesday and Thursday")
    page.get_by_label("What was decided").fill("The feeding cafe opens on Tuesdays and Thursdays at 10:30.")
    page.get_by_label("Date of the decision").fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Assumptions and biases checked (optional)").fill("We asked dads as well as mums.")
    page.get_by_role("group", name="Degree of participation achieved").get_by_text(
        "Service-initiated, shared decisions with families"
    ).click()
    page.get_by_role("group", name="What people said that informed it").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feeding cafe on Tuesday and Thursday")
    check_page(page)

    # A promise in answer: not sure about the money, so the prompt asks to confirm.
    page.locator("a", has_text="Make a promise").first.click()
    check_page(page)
    page.get_by_label("We will…").fill("We will open the feeding cafe on Thursdays from January.")
    page.get_by_label("Due date (optional)").fill((dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y"))
    groups = page.locator("fieldset").filter(has=page.get_by_role("radio", name="Not sure"))
    groups.nth(0).get_by_role("radio", name="Not sure").check()
    groups.nth(1).get_by_role("radio", name="Yes").check()
    groups.nth(2).get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Continue").click()
    check_page(page)
    page.get_by_label("Make the promise anyway").check()
    page.get_by_role("button", name="Make the promise").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("We will open the feeding cafe on Thursdays")
    check_page(page)

    # It changed: families must be told why, so an empty explanation is refused.
    page.locator("a", has_text="Change the status").first.click()
    page.get_by_role("radio", name="Changed").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain to families how the promise has changed")
    check_page(page)
    page.get_by_role("radio", name="Changed").check()
    page.get_by_label("Explanation for families").fill("The cafe opens on Fridays instead: the room is free then.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("The cafe opens on Fridays instead")
    check_page(page)


def test_the_promises_list_on_a_phone_shows_overdue_first(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, LEAD)
    page.goto("/promises/")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Overdue")
    check_page(page)
    page.goto("/decisions/")
    check_page(page)
    page.get_by_role("link", name="Move the feeding group to 10:30").click()
    check_page(page)
