"""The page checks themselves: each must fail when its problem is there, or a green run would prove nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import FONT_PATH, check_accessibility, check_page, check_page_basics

pytestmark = pytest.mark.e2e


def failure(check, page: Page) -> str:
    with pytest.raises(pytest.fail.Exception) as caught:
        check(page)
    return str(caught.value)


def test_checks_pass_on_a_good_page(page: Page, live_server) -> None:
    page.goto("/")
    check_page(page)


def test_axe_violations_are_reported(page: Page, live_server) -> None:
    page.goto("/")
    page.evaluate(
        "() => document.querySelector('main').append(Object.assign(document.createElement('img'), {src: '/x'}))"
    )
    message = failure(check_accessibility, page)
    assert "image-alt" in message
    assert "main > img" in message or "img" in message


def test_csp_violations_are_reported(page: Page, live_server) -> None:
    page.goto("/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_timeout(100)
    assert "Content Security Policy" in failure(check_page_basics, page)


def test_console_errors_and_headings_are_reported(page: Page, live_server) -> None:
    page.goto("/")
    page.evaluate("() => console.error('something broke')")
    page.evaluate("() => document.querySelector('main').append(document.createElement('h1'))")
    message = failure(check_page_basics, page)
    assert "something broke" in message
    assert "exactly one <h1>, found 2" in message


def test_missing_font_is_reported(page: Page, live_server) -> None:
    page.route(f"**{FONT_PATH}**", lambda route: route.fulfill(status=404))
    page.goto("/")
    message = failure(check_page_basics, page)
    assert "font requests failed" in message
    assert "GDS Transport font did not load" in message
