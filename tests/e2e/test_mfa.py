"""The staff second factor: setting up an authenticator app when it is required, then signing in with a code."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from tests.e2e.conftest import HOME_URL, check_page, sign_in

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "tom.gallagher@example.org"
# allauth's wording, or ours (the templates are being made GOV.UK-style)
ACTIVATE = re.compile(r"^(Activate|Turn on)$", re.I)
SIGN_IN = re.compile(r"^(Sign in|Continue)$", re.I)
PERIOD = 30  # allauth's default TOTP period, with no tolerance for the previous or next one


def totp_code(secret: str) -> str:
    """The authenticator app's current code, computed with allauth's own HOTP function (RFC 6238)."""
    if time.time() % PERIOD > PERIOD - 5:  # too close to the next period: the server could see the next one
        time.sleep(PERIOD - time.time() % PERIOD + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD))


def wrong_code(secret: str) -> str:
    right = {format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD + step)) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def test_staff_set_up_and_use_an_authenticator_app(page: Page, demo, settings) -> None:
    settings.REQUIRE_STAFF_MFA = True
    sign_in(page, STAFF_EMAIL, check=False)

    # Straight after signing in, they are not asked for their password again (the adapter counts the sign-in).
    expect(page).not_to_have_url(re.compile(r"/accounts/reauthenticate/"))

    # Then to setting up an authenticator app: nothing else is open to them yet.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("authenticator app", re.I))
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    check_page(page)
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/?\?next=%2Fpeople%2F$"))

    secret_input = page.locator("#authenticator_secret")
    expect(secret_input).to_have_attribute("readonly", "")
    secret = secret_input.input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret

    # A wrong code is refused, with the error shown the GOV.UK way.
    page.get_by_label("Authenticator code").fill(wrong_code(secret))
    page.locator("main").get_by_role("button", name=ACTIVATE).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_attribute("href", "#id_code")
    check_page(page)
    # The secret is kept in the session, so the app set up from the first page still works.
    expect(page.locator("#authenticator_secret")).to_have_value(secret)

    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.locator("main").get_by_role("button", name=ACTIVATE).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    check_page(page)

    # Now the service opens.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tom")
    expect(page.locator("main")).to_contain_text("Your role here: Hub staff or family practitioner.")
    check_page(page)
    page.goto("/accounts/me/")
    expect(page.locator("main")).to_contain_text("Set up: you enter a code from the app when you sign in")

    # Sign out, and in again: the code is asked for after the password.
    page.locator("main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link")).to_have_text(["Sign in"])
    sign_in(page, STAFF_EMAIL, check=False)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"two-factor|authenticat|code", re.I))
    check_page(page)

    page.locator("#id_code").fill(wrong_code(secret))
    page.locator("main").get_by_role("button", name=SIGN_IN).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)

    page.locator("#id_code").fill(totp_code(secret))
    page.locator("main").get_by_role("button", name=SIGN_IN).click()
    expect(page).to_have_url(HOME_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tom")
    check_page(page)
