"""The account page: switching organisation, the profile form, API tokens, and signing out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import HOME_URL, check_page, expect_success, sign_in

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "amara.okafor@example.org"
PRIYA_EMAIL = "priya.shah@example.org"


def test_switch_organisation(page: Page, demo) -> None:
    sign_in(page, PRIYA_EMAIL, check=False)
    service_name = page.locator(".govuk-service-navigation__service-name")
    expect(service_name).to_have_text("Northby Family Hubs")
    expect(page.locator("main")).to_contain_text("Your role here: Co-production lead.")
    check_page(page)

    page.get_by_role("link", name="Switch organisation").click()
    expect(page).to_have_url(re.compile(r"/accounts/me/#organisations$"))
    group = page.get_by_role("group", name="Which organisation are you working in?")
    expect(group.get_by_role("radio")).to_have_count(2)
    expect(group.get_by_label(re.compile(r"^Northby Family Hubs"))).to_be_checked()
    check_page(page)

    group.get_by_label(re.compile(r"^Southby Family Hubs")).check()
    page.get_by_role("button", name="Switch organisation").click()
    expect(page).to_have_url(HOME_URL)
    expect_success(page, "You are now working in Southby Family Hubs.")
    expect(service_name).to_have_text("Southby Family Hubs")
    expect(page.locator("main .govuk-caption-l")).to_have_text("Southby Family Hubs")
    expect(page.locator("main")).to_contain_text("Your role here: Viewer (read only).")
    expect(page).to_have_title(re.compile(r"– Southby Family Hubs – coproduce$"))
    check_page(page)

    # Only Southby's hub; a viewer may not add one.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Hubs", exact=True).click()
    hubs = page.locator("main tbody tr")
    expect(hubs).to_have_count(1)
    expect(hubs.first).to_contain_text("Southby Town Family Hub")
    expect(page.get_by_role("button", name="Add a hub")).to_have_count(0)
    expect(service_name).to_have_text("Southby Family Hubs")
    check_page(page)


def test_profile_api_token_and_sign_out(page: Page, demo) -> None:
    sign_in(page, ADMIN_EMAIL, check=False)
    page.goto("/accounts/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_page(page)

    # The profile form: an empty name is an error; a new name is saved.
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save name").click()
    expect(page).to_have_title(re.compile(r"^Error: Your account"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter your full name")).to_have_attribute("href", "#id_full_name")
    check_page(page)
    page.get_by_label("Full name").fill("Amara N. Okafor")
    page.get_by_role("button", name="Save name").click()
    expect_success(page, "Your name has been saved.")
    expect(page.get_by_label("Full name")).to_have_value("Amara N. Okafor")

    # A token is shown once, on the next page only.
    page.get_by_label("Name of the token").fill("Reporting spreadsheet")
    page.get_by_role("button", name="Create token").click()
    new_token = page.locator("#new-token")
    expect(new_token).to_have_text(re.compile(r"^cpt_\S{20,}$"))
    raw = new_token.inner_text()
    expect(page.get_by_text("Copy it now. You will not be able to see it again.")).to_be_visible()
    tokens = page.get_by_role("table", name="Your API tokens").locator("tbody tr")
    expect(tokens).to_have_count(1)
    expect(tokens.first).to_contain_text("Reporting spreadsheet")
    expect(tokens.first).to_contain_text(raw[:8])
    expect(tokens.first).to_contain_text("Never")
    check_page(page)

    # The token opens the API, as Northby.
    bearer = {"Authorization": f"Bearer {raw}"}
    response = page.request.get("/api/v1/organisation", headers=bearer)
    assert response.status == 200
    assert response.json()["name"] == "Northby Family Hubs"

    page.reload()
    expect(new_token).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(raw)
    expect(tokens).to_have_count(1)
    expect(tokens.first).not_to_contain_text("Never")  # it has been used now

    # Revoke it.
    tokens.first.get_by_role("button", name="Revoke Reporting spreadsheet").click()
    expect_success(page, "The token ‘Reporting spreadsheet’ has been revoked. Programs using it can no longer sign in.")
    expect(page.get_by_role("table", name="Your API tokens")).to_have_count(0)
    check_page(page)

    # The token no longer opens the API.
    assert page.request.get("/api/v1/organisation", headers=bearer).status == 401

    # Sign out: back to the landing page, signed out.
    page.locator("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(HOME_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan and improve family hub services with families")
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link")).to_have_text(["Sign in"])
    check_page(page)
    page.goto("/accounts/me/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/me/$"))
