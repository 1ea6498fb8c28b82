"""Whose voices are missing, as a co-production lead reads it: the insights page on a phone and a desk, the one-page
summary for board papers (on screen and printed), the population figures set-up pages, and the CSV export."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    check_page,
    expect_errors,
    expect_field_error,
    expect_success,
    go_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

LEAD = "priya.shah@example.org"  # co-production lead of Northby: may see insights and set up population figures
# A folder for screenshots to look at by eye (E2E_SHOTS=/tmp/shots), when set.
SHOTS = os.environ.get("E2E_SHOTS", "")
# One side of A4 at 96 dots per inch (210 × 297 mm).
A4_WIDTH = 794
A4_HEIGHT = 1123
SMALL_PHONE = {"width": 360, "height": 740}

# Each chart is an <svg role="img">, named by its <title>, and followed at once by the table of its figures.
CHARTS_AND_TABLES = """() => Array.from(document.querySelectorAll('main svg[role="img"]')).map(svg => ({
  id: svg.id,
  title: (svg.querySelector(':scope > title') || {}).textContent || '',
  labelledby: (svg.getAttribute('aria-labelledby') || '').split(' ')[0],
  next: svg.nextElementSibling ? svg.nextElementSibling.tagName.toLowerCase() : null,
}))"""


@pytest.fixture
def demo(live_server) -> object:
    """The shared demo data (see conftest), with the Census and deprivation reference data loaded first, so that the
    demo organisation gets its area (Oldham) and its people's postcodes get deprivation deciles."""
    from coproduce.core.demo import seed_small
    from coproduce.insights.reference_data import load_reference_data

    load_reference_data()
    organisation, _created = seed_small(people=60)
    return organisation


def _overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 or less when it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _showing(page: Page):
    return page.get_by_role("status").filter(has_text="Showing:")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_lead_reads_whose_voices_are_missing(new_page: Callable[..., Page], demo, viewport: dict) -> None:
    page = new_page(viewport=viewport)
    sign_in(page, LEAD)
    go_to(page, "Insights")
    expect(page.get_by_role("heading", level=1)).to_have_text("Whose voices are missing")
    check_page(page)

    # The story in words comes first, with at least one sentence from the demo's 15 months of activities.
    summary = page.locator(".govuk-inset-text").filter(has=page.get_by_role("heading", name="What the numbers tell us"))
    expect(summary).to_have_count(1)
    sentences = summary.locator("p.govuk-body")
    expect(sentences.first).to_be_visible()
    assert sentences.count() >= 1
    expect(summary).not_to_contain_text("Nobody has taken part")
    assert len(sentences.first.inner_text().strip()) > 20
    # The area is set and the postcode lookup is there, so there is no warning about missing figures.
    expect(page.locator(".govuk-warning-text")).to_have_count(0)

    # Every chart is an image with a name, and its figures are in a table straight after it.
    charts = page.evaluate(CHARTS_AND_TABLES)
    assert len(charts) >= 2, charts  # at least one representation chart and the degrees of participation chart
    for chart in charts:
        assert chart["title"].strip(), chart
        assert chart["labelledby"], chart
        assert chart["next"] == "table", chart
        svg = page.locator(f"svg#{chart['id']}")
        expect(svg).to_have_accessible_name(re.compile(re.escape(chart["title"].strip())))
        expect(svg).to_be_visible()
    assert any(chart["id"] == "chart-degrees" for chart in charts)
    # Nothing runs off the side of the screen (the charts scale; the tables stack), even on a small 360 px phone.
    assert _overflow(page) <= 0, f"the page is {_overflow(page)} px wider than the screen"
    if viewport == PHONE:
        page.set_viewport_size(SMALL_PHONE)
        assert _overflow(page) <= 0, f"the page is {_overflow(page)} px wider than a 360 px screen"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=Path(SHOTS) / "e2e-insights-phone.png", full_page=True)
        page.set_viewport_size(viewport)

    # The contents links jump to their sections.
    contents = page.get_by_role("navigation", name="Contents")
    for name, anchor in [
        ("Depth: how much say people had", "depth"),
        ("Follow-through: promises and feedback", "follow-through"),
        ("Who took part, against the population", "representation"),
    ]:
        contents.get_by_role("link", name=name).click()
        expect(page).to_have_url(re.compile(f"#{anchor}$"))
        expect(page.locator(f"h2#{anchor}")).to_be_in_viewport()
    page.goto("/insights/")

    # The filter is a plain form sent with GET: a new period and hub give the page a new address and a new "Showing:".
    expect(_showing(page)).to_contain_text("The last 12 months.")
    page.get_by_text("Change the period, hub, project or group").click()
    page.get_by_label("Period").select_option(label="All time")
    page.get_by_label("Hub").select_option(label="Eastfield Family Hub")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["period"] == ["all"]
    assert query["hub"] and query["hub"][0]
    expect(_showing(page)).to_have_text("Showing: All time, Eastfield Family Hub.")
    # The filter stays open on a filtered page, showing what was chosen.
    expect(page.locator("details.govuk-details")).to_have_attribute("open", "")
    expect(page.get_by_label("Period")).to_have_value("all")
    check_page(page)

    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/insights/$"))
    expect(_showing(page)).to_have_text("Showing: The last 12 months.")


def test_the_filter_works_without_javascript(browser: Browser, live_server, demo) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, LEAD, check=False)
        page.goto("/insights/")
        page.get_by_text("Change the period, hub, project or group").click()
        page.get_by_label("Period").select_option("6m")
        page.get_by_label("Hub").select_option(label="Northby Central Family Hub")
        with page.expect_navigation():
            page.get_by_role("button", name="Show figures").click()
        assert parse_qs(urlsplit(page.url).query)["period"] == ["6m"]
        expect(_showing(page)).to_have_text("Showing: The last 6 months, Northby Central Family Hub.")
    finally:
        context.close()


def test_the_one_page_summary_prints_without_the_menus(new_page: Callable[..., Page], demo) -> None:
    page = new_page(viewport={"width": A4_WIDTH, "height": A4_HEIGHT})
    sign_in(page, LEAD)
    page.goto("/insights/?period=all")
    page.get_by_role("link", name="One-page summary for board papers").click()
    expect(page).to_have_url(re.compile(r"/insights/summary\?.*period=all"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Whose voices are missing")
    expect(page.locator("main")).to_contain_text("All time.")
    expect(page.get_by_role("heading", name="What the numbers tell us")).to_be_visible()
    check_page(page)

    page.emulate_media(media="print")
    for chrome in ("header.govuk-template__header", ".govuk-service-navigation", "footer.govuk-footer"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("link", name="Back to insights")).to_be_hidden()
    expect(page.get_by_role("heading", name="What the numbers tell us")).to_be_visible()
    # The height of the content itself: with a short window, the document is as high as what is printed.
    page.set_viewport_size({"width": A4_WIDTH, "height": 100})
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"\nPrinted summary: {height} px high at {A4_WIDTH} px wide (one side of A4 is {A4_HEIGHT} px).")
    if height > A4_HEIGHT:
        # Reported rather than failed: the page margins and the browser's print scaling decide the real fit.
        print(f"The printed summary is longer than one side of A4 by {height - A4_HEIGHT} px.")


GOOD_CSV = "characteristic,category,count,share\nlone_parent,Yes,,31%\nlone_parent,No,,69%\n"
BAD_CSV = "characteristic,category,count\nethnic_group,Pakistan,5\nsex,female,-1\n"


def _upload(page: Page, text: str, source: str) -> None:
    page.get_by_label("Upload a CSV file").set_input_files(
        {"name": "figures.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_label("Where do these figures come from?").fill(source)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload the figures").click()


def test_a_lead_sets_up_the_population_figures(page: Page, demo) -> None:
    sign_in(page, LEAD)
    page.goto("/insights/")
    page.get_by_role("link", name="Population figures: areas, your own figures and the postcode lookup").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Population figures")
    expect(page.locator("main")).to_contain_text("Oldham")
    check_page(page)

    # Areas: the demo has Oldham. Take it away, then find it again and add it back.
    page.get_by_role("link", name="Change your areas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your local authority areas")
    check_page(page)
    page.get_by_role("button", name="Remove Oldham").click()
    expect_success(page, "Oldham removed from your areas.")
    expect(page.locator("main")).to_contain_text("You have not chosen any areas yet")
    check_page(page)
    page.get_by_label("Search for a local authority").fill("Old")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status").filter(has_text="match")).to_contain_text("‘Old’")
    check_page(page)
    page.get_by_role("button", name="Add Oldham").click()
    expect_success(page, "Oldham added to your areas.")
    expect(page).to_have_url(re.compile(r"/insights/setup/areas\?q=Old$"))
    expect(page.get_by_role("table", name="Areas you have chosen")).to_contain_text("E08000004")
    expect(
        page.get_by_role("table", name="Matching areas").get_by_role("row").filter(has_text="Oldham")
    ).to_contain_text("Chosen")
    check_page(page)

    # Own figures: a file with mistakes is refused as a whole, each mistake named with its line.
    page.goto("/insights/setup/benchmarks/upload")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload your own figures")
    check_page(page)
    page.get_by_role("button", name="Upload the figures").click()
    expect_errors(page, 2)
    expect_field_error(page, "Select a CSV file", href="#id_file", error_id="id_file-error")
    expect_field_error(page, "Enter where these figures come from", href="#id_source", error_id="id_source-error")
    check_page(page)
    _upload(page, BAD_CSV, "Northby survey 2025")
    expect_errors(page, 2)
    expect_field_error(
        page, "Line 2: ‘Pakistan’ is not a category of ethnic group", href="#id_file", error_id="id_file-error"
    )
    expect(page.locator("#id_file-error")).to_contain_text("Line 3: the count ‘-1’ must be 0 or more")
    expect(page.locator("main")).to_contain_text("Nothing was saved from this file.")
    check_page(page)
    _upload(page, GOOD_CSV, "Northby survey 2025")
    expect_success(page, "Figures saved for: Lone parent.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Population figures")
    row = page.get_by_role("table", name="Your own figures").get_by_role("row").filter(has_text="Lone parent")
    expect(row).to_contain_text("Northby survey 2025")
    check_page(page)

    # Deleting figures asks first.
    row.get_by_role("link", name="Delete your figures for Lone parent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your figures for Lone parent?")
    check_page(page)
    page.get_by_role("button", name="Delete the figures").click()
    expect_success(page, "Your own figures for Lone parent were deleted.")
    expect(page.get_by_role("table", name="Your own figures")).not_to_contain_text("Lone parent")
    check_page(page)

    # The postcode lookup page says how many postcodes are held and how to get the file; no file is an error.
    page.get_by_role("link", name="Change the postcode lookup").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Postcode lookup")
    expect(page.locator("main")).to_contain_text("Oldham")
    check_page(page)
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    expect_errors(page, 1)
    expect_field_error(page, "Select the ONS Postcode Directory CSV file", href="#id_file", error_id="id_file-error")
    check_page(page)


def test_a_table_downloads_as_csv(page: Page, demo) -> None:
    sign_in(page, LEAD)
    page.goto("/insights/?period=all")
    with page.expect_download() as download_info:
        page.locator("a[href^='/insights/export/representation.csv']").click()
    download = download_info.value
    assert re.fullmatch(r"northby-family-hubs-representation-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    lines = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Characteristic,Category,People involved,Share of people involved,")
    assert lines[0].endswith(",Population figures from")
    assert len(lines) > 1
    assert any(line.startswith("Ethnic group,") or line.startswith("Sex,") for line in lines[1:]), lines[:5]
