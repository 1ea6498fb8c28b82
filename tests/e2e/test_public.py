"""Pages anyone can see, signing in (and failing to), the lockout and sign-in by emailed code."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import check_page, expect_console_error, sign_in

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "amara.okafor@example.org"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Plan and improve family hub services with families"),
        ("/accessibility", None),
        ("/privacy", None),
        ("/cookies", None),
        ("/feedback", None),
        ("/accounts/login/", "Sign in"),
    ],
)
def test_public_pages(page: Page, live_server, path: str, heading: str | None) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200
    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    # Signed out, the service navigation offers only "Sign in"; the footer links to the statutory pages.
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link")).to_have_text(["Sign in"])
    footer = page.locator("footer")
    for link in ("Accessibility statement", "Privacy notice", "Cookies"):
        expect(footer.get_by_role("link", name=link)).to_be_visible()
    check_page(page)


def test_static_files_are_served(page: Page, live_server) -> None:
    response = page.goto("/static/govuk/govuk-frontend.min.css")
    assert response is not None
    assert response.status == 200
    assert "text/css" in response.headers["content-type"]
    # build-assets rewrote the absolute /assets/ URLs, so fonts and images load from under /static/govuk/.
    assert "url(/assets/" not in page.content()


def test_not_found_page(page: Page, live_server) -> None:
    expect_console_error(page, r"status of 404")
    response = page.goto("/no-such-page")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title(re.compile(r"^Page not found"))
    expect(page.get_by_role("link", name="Go to the coproduce home page")).to_have_attribute("href", "/")
    check_page(page)


def test_skip_link_is_first_focusable(page: Page, live_server) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#main-content")
    expect(focused).to_be_visible()  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    check_page(page)


def test_wrong_password_shows_error_summary(page: Page, demo) -> None:
    sign_in(page, ADMIN_EMAIL, "not-the-right-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link", name="The email address or password is not right")
    expect(link).to_have_attribute("href", "#id_login")
    expect(page.locator("#id_login")).to_have_value(ADMIN_EMAIL)
    check_page(page)
    # The summary's link takes focus to the field it is about.
    link.click()
    expect(page.locator("#id_login")).to_be_focused()
    # Still signed out.
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link")).to_have_text(["Sign in"])


def test_lockout_after_five_wrong_passwords(page: Page, demo) -> None:
    for attempt in range(5):
        sign_in(page, ADMIN_EMAIL, f"wrong-password-{attempt}", check=attempt == 0)
        expect(page.locator(".govuk-error-summary")).to_contain_text("The email address or password is not right")
    # The sixth attempt is refused even with the right password.
    sign_in(page, ADMIN_EMAIL, check=False)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("locked")
    expect(summary).to_contain_text("15 minutes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check_page(page)

    from coproduce.core.models import AuditEvent

    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, object_label=ADMIN_EMAIL).exists()


def test_sign_in_by_emailed_code(page: Page, demo) -> None:
    page.goto("/")
    page.get_by_role("link", name="Email me a sign-in code").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    check_page(page)
    # Submitting nothing asks for an email address.
    page.locator("main").get_by_role("button", name=re.compile("Request Code", re.IGNORECASE)).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)
    page.get_by_label("Email").fill("a.parent@example.com")
    page.locator("main").get_by_role("button", name=re.compile("Request Code", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/$"))
    expect(page.locator("main")).to_contain_text("a.parent@example.com")
    expect(page.locator("main").get_by_role("textbox")).to_be_visible()
    check_page(page)
