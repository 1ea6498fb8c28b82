"""Browser tests: Chromium (Debian's, driven by Playwright) against pytest-django's live server.

One browser per session, a fresh context per test. Every page a test visits goes through `check_page`, which
runs axe-core and checks the basics: exactly one <h1>, a real <title>, no console errors, no Content Security
Policy violations, and the GOV.UK Transport font loaded from our own static files.
"""

from __future__ import annotations

import re
import shutil
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# axe is served from the live server's own origin (by a Playwright route, never by Django): an inline
# <script> would break the pages' Content Security Policy (script-src 'self'), which these tests enforce.
AXE_URL_PATH = "/__e2e__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_RUN = (
    "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
    ".map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,"
    " nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary}))}))"
)
FONT_PATH = "/static/govuk/assets/fonts/"
FONT_LOADED = """async () => {
  await document.fonts.ready;
  return Array.from(document.fonts)
    .some(f => f.family.replace(/["']/g, '') === 'GDS Transport' && f.status === 'loaded');
}"""

# The home page's address, whatever port the live server has.
HOME_URL = re.compile(r"^https?://[^/]+/$")
# A rule near the end of govuk-frontend.min.css: proves the whole stylesheet arrived and applies. Every page has a
# visually hidden heading in its footer, except print layouts (no footer), where the heading's font is checked.
CSS_APPLIED = """() => {
  const hidden = document.querySelector('footer .govuk-visually-hidden');
  if (hidden === null && document.querySelector('footer') === null) {
    const heading = document.querySelector('h1');
    return heading !== null && getComputedStyle(heading).fontFamily.includes('GDS Transport');
  }
  return hidden !== null && getComputedStyle(hidden).position === 'absolute';
}"""

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class PageLog:
    """What a page reported while a test drove it."""

    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    font_responses: dict[str, int] = field(default_factory=dict)
    # Console errors a test expects (for example Chromium's note about a page answered with 404).
    expected: list[re.Pattern[str]] = field(default_factory=list)


_LOGS: weakref.WeakKeyDictionary[Page, PageLog] = weakref.WeakKeyDictionary()


def _watch(page: Page) -> PageLog:
    log = PageLog()
    _LOGS[page] = log

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            log.csp_violations.append(text)
        elif message.type == "error":
            log.console_errors.append(f"{text} ({message.location.get('url', '')})")

    def on_response(response: Response) -> None:
        if FONT_PATH in response.url:
            log.font_responses[response.url] = response.status

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("response", on_response)
    # Belt and braces: the DOM event catches violations even when Chromium's console wording changes.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));"
    )
    return log


def expect_console_error(page: Page, pattern: str) -> None:
    """Allow one kind of console error on this page (a regular expression), for deliberate error pages."""
    _LOGS[page].expected.append(re.compile(pattern))


def check_accessibility(page: Page) -> None:
    """axe-core finds nothing (WCAG 2.2 A/AA and best practice) on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL_PATH)
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    if violations:
        lines = [f"axe found {len(violations)} accessibility problem(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                lines.append(f"    at {node['target']}: {node['html'][:200]}")
                if node["summary"]:
                    lines.append("      " + node["summary"].replace("\n", "\n      "))
        pytest.fail("\n".join(lines), pytrace=False)


def check_page_basics(page: Page) -> None:
    """One <h1>, a real <title>, no console errors or CSP violations, and the GOV.UK font loaded."""
    page.wait_for_load_state("load")  # a URL can change (and an expectation pass) before the page has loaded
    log = _LOGS[page]
    problems = []
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"expected exactly one <h1>, found {h1_count}")
    title = " ".join(page.title().split())
    if not title or title.startswith("–"):
        problems.append(f"the <title> has no page name: {title!r}")
    if log.csp_violations:
        problems.append("Content Security Policy violations:\n  " + "\n  ".join(log.csp_violations))
    unexpected = [e for e in log.console_errors if not any(p.search(e) for p in log.expected)]
    if unexpected:
        problems.append("console errors:\n  " + "\n  ".join(unexpected))
    if log.page_errors:
        problems.append("uncaught JavaScript errors:\n  " + "\n  ".join(log.page_errors))
    failed_fonts = {url: status for url, status in log.font_responses.items() if status >= 400}
    if failed_fonts:
        problems.append(f"font requests failed: {failed_fonts}")
    if not page.evaluate(CSS_APPLIED):
        problems.append(
            "GOV.UK Frontend's stylesheet did not apply in full (the footer's visually hidden heading shows): "
            "was build/static rebuilt by scripts/build-assets while the tests ran?"
        )
    if not page.evaluate(FONT_LOADED):
        problems.append(f"the GDS Transport font did not load (font responses seen: {log.font_responses})")
    if problems:
        pytest.fail(f"{page.url} ({title}):\n- " + "\n- ".join(problems), pytrace=False)


def check_page(page: Page) -> None:
    """Everything every page must pass: the basics, then axe."""
    check_page_basics(page)
    check_accessibility(page)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "The browser tests need Debian's chromium on PATH. Run 'make browser' (or 'sudo apt-get install -y "
            "chromium'). Do not run 'playwright install'.",
            pytrace=False,
        )
    if not AXE_PATH.is_file():
        pytest.fail(f"axe-core is missing at {AXE_PATH}: run 'npm ci'.", pytrace=False)
    # Playwright's sync API keeps an event loop running in this thread for as long as the browser is open, and
    # Django refuses the ORM (the tests' own, and the live server's set-up) where a loop runs unless told it is
    # safe: it is, as nothing here is async. Set only while the browser is open, so other tests keep the check.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh browser context (its own cookies): `new_page()` or `new_page(viewport=PHONE)`."""
    contexts = []

    def open_page(viewport: dict | None = None) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport or DESKTOP, locale="en-GB")
        context.set_default_timeout(10_000)
        context.route(
            f"{live_server.url}{AXE_URL_PATH}",
            lambda route: route.fulfill(path=AXE_PATH, content_type="text/javascript"),
        )
        contexts.append(context)
        page = context.new_page()
        _watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Sign-in rate limits and used authenticator codes live in the (per-process) cache: start each test clean."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(live_server) -> object:
    """The demo data: Northby (5 hubs, 8 staff, 60 people: two pages), Southby, and a platform administrator."""
    from coproduce.core.demo import seed_small

    organisation, _created = seed_small(people=60)
    return organisation


def sign_in(page: Page, email: str, password: str | None = None, *, check: bool = True) -> None:
    """Sign in through the real form (the demo password unless another is given)."""
    from coproduce.core.demo import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password or DEMO_PASSWORD)
    if check:
        check_page(page)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()


def go_to(page: Page, section: str) -> None:
    """Follow a link in the service navigation, opening the "Menu" first on a small screen."""
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=section, exact=True).click()


def expect_field_error(page: Page, message: str, *, href: str, error_id: str) -> None:
    """The error summary links `message` to the field, and the same message shows beside it."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", href)
    expect(page.locator(f"#{error_id}")).to_contain_text(message)


def expect_errors(page: Page, count: int) -> None:
    """The page is the form again, with `count` errors in its summary and 'Error:' in its title."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary__list li")).to_have_count(count)


def expect_success(page: Page, text: str) -> None:
    """A green notification banner saying `text` (there may be others, such as allauth's "signed in")."""
    banner = page.locator(".govuk-notification-banner--success").filter(has_text=text)
    expect(banner).to_have_count(1)
    expect(banner.get_by_role("heading")).to_have_text("Success")
