"""The organisation's public site at /o/<slug>/, as a parent on a phone and on a desktop sees it: every page passes
axe, works without JavaScript, fits a 320-pixel screen, and weighs under 100 KB without images."""

from __future__ import annotations

import gzip

import pytest
from playwright.sync_api import Response, expect

from tests.e2e.conftest import DESKTOP, FONT_PATH, PHONE, check_page

pytestmark = pytest.mark.e2e

SLUG = "northby-family-hubs"
PAGES = [
    ("", "Northby Family Hubs"),
    ("get-involved", None),
    ("activities", None),
    ("you-said-we-did", "You said, we did"),
    ("wins", None),
    ("offers", None),
    ("offers/start-for-life", "Our Start for Life offer"),
    ("glossary", None),
    ("accessibility", None),
    ("co-production", "How we work with families"),
    ("newsletter/", None),
    ("newsletter/archive/", None),
]
WEIGHT_LIMIT = 100_000  # bytes, without images and fonts (fonts are cached after the first page)


def _url(path: str) -> str:
    return f"/o/{SLUG}/{path}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_public_page_passes_axe(new_page, demo, viewport) -> None:
    page = new_page(viewport=viewport)
    for path, heading in PAGES:
        response = page.goto(_url(path))
        assert response is not None and response.status == 200, path
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        check_page(page)
        # Nothing scrolls sideways on a phone.
        if viewport is PHONE:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


def _transferred(response: Response) -> int:
    """Bytes this response costs in production: static files are served compressed there (whitenoise's
    CompressedManifestStaticFilesStorage keeps a gzip copy of each), so an uncompressed one is counted gzipped."""
    sizes = response.request.sizes()
    encoded = response.headers.get("content-encoding")
    if "/static/" in response.url and not encoded:
        return len(gzip.compress(response.body(), compresslevel=9)) + sizes["responseHeadersSize"]
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


@pytest.mark.parametrize("path", ["", "you-said-we-did", "activities", "offers/start-for-life"])
def test_a_public_page_weighs_under_100_kb(new_page, demo, path: str) -> None:
    page = new_page(viewport=PHONE)
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(_url(path))
    page.wait_for_load_state("networkidle")
    counted = [r for r in responses if FONT_PATH not in r.url and r.request.resource_type != "image"]
    total = sum(_transferred(r) for r in counted)
    assert total < WEIGHT_LIMIT, f"{path or 'home'} weighs {total} bytes: " + ", ".join(
        f"{r.url.rsplit('/', 1)[-1] or 'page'}={_transferred(r)}" for r in counted
    )


def test_the_public_site_works_without_javascript(browser, live_server, demo) -> None:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(_url(""))
    # Switch the language: the activity's description shows in Arabic, right to left.
    page.goto(_url("activities"))
    page.get_by_role("link", name="العربية").first.click()
    arabic = page.locator('[lang="ar"][dir="rtl"]').first
    expect(arabic).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # The newsletter sign-up works without JavaScript.
    page.goto(_url("newsletter/"))
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    context.close()
