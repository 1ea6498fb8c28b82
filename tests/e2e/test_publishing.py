"""Publishing, as a co-production lead does it: the public site overview, a win written, published and seen by
families (then translated into Arabic, right to left), the glossary kept, the Start for Life offer reviewed and its
next version published and printed, and the public site's settings. axe runs on every page, error states too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    check_page,
    expect_errors,
    expect_field_error,
    expect_success,
    go_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

LEAD = "priya.shah@example.org"
PUBLIC = "/o/northby-family-hubs"
WIN_TITLE = "Pram parking at Eastfield"
WIN_STORY = "You told us there was nowhere to leave a pram. Eastfield Family Hub now has a covered pram park."
NEW_OFFER_LINE = "Baby massage: Fridays 13:00 at Northby Central, for babies up to 6 months."
ARABIC_STORY = "أخبرتمونا أن الساعة 9:30 لا تناسبكم. المجموعة تبدأ الآن الساعة 10:30 كل يوم ثلاثاء."


def _today(format: str = "%-d %B %Y") -> str:
    from django.utils import timezone

    return timezone.localdate().strftime(format)


def test_a_lead_writes_a_win_publishes_it_and_families_see_it(page: Page, demo) -> None:
    sign_in(page, LEAD, check=False)
    go_to(page, "Public site")
    expect(page.get_by_role("heading", level=1)).to_have_text("Public site")
    expect(page.locator("main")).to_contain_text("Families can switch to: Polish, Arabic, Urdu.")
    check_page(page)

    page.locator("main").get_by_role("link", name="Wins (see and add)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wins")
    expect(page.locator("tbody")).to_contain_text("A Saturday group for dads")
    check_page(page)

    page.get_by_role("button", name="Write a win").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a win")
    check_page(page)

    # Nothing filled in: each problem beside its field.
    page.get_by_role("button", name="Save as a draft").click()
    expect_errors(page, 3)
    expect_field_error(page, "Enter a title for the win", href="#id_title", error_id="id_title-error")
    expect_field_error(page, "Say what changed, for families to read", href="#id_story", error_id="id_story-error")
    check_page(page)

    page.get_by_label("Title").fill(WIN_TITLE)
    page.get_by_label("What changed").fill(WIN_STORY)
    page.get_by_label("When it happened").fill(_today("%d/%m/%Y"))
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WIN_TITLE)
    expect_success(page, "The win has been saved as a draft")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Draft")
    expect(page.locator("#story")).to_have_text(WIN_STORY)
    check_page(page)

    page.get_by_role("button", name="Publish the win").click()
    expect_success(page, "The win is published on your public site.")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Published")
    expect(page.get_by_role("button", name="Take it off the public site")).to_be_visible()
    check_page(page)

    page.goto(f"{PUBLIC}/wins")
    win = page.locator("article").filter(has=page.get_by_role("heading", name=WIN_TITLE))
    expect(win).to_contain_text(WIN_STORY)
    expect(page.locator("main")).not_to_contain_text("Group times in Polish and Urdu")  # still a draft
    check_page(page)


def test_a_lead_keeps_the_glossary_on_a_phone(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, LEAD, check=False)
    go_to(page, "Public site")
    page.locator("main").get_by_role("link", name="Glossary (see and change)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary")
    expect(page.locator("main .govuk-summary-list")).to_contain_text("Education, health and care plan")
    check_page(page)

    # A term the glossary already explains is refused, whatever its case.
    page.get_by_label("Term", exact=True).fill("send")
    page.get_by_label("Plain explanation").fill("Extra help with learning.")
    page.get_by_role("button", name="Add the term").click()
    expect_errors(page, 1)
    expect_field_error(
        page, "Your glossary already explains SEND: change that one instead", href="#id_term", error_id="id_term-error"
    )
    check_page(page)

    page.get_by_label("Term", exact=True).fill("Portage")
    page.get_by_label("Plain explanation").fill("A home visiting service for young children with extra needs.")
    page.get_by_role("button", name="Add the term").click()
    expect_success(page, "Portage has been added to the glossary.")
    expect(page.locator("main .govuk-summary-list")).to_contain_text("A home visiting service")
    check_page(page)

    page.get_by_role("link", name="Change Portage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a glossary term")
    expect(page.get_by_label("Term", exact=True)).to_have_value("Portage")
    check_page(page)
    page.get_by_label("What it stands for (optional)").fill("Portage home learning")
    page.get_by_role("button", name="Save the changes").click()
    expect_success(page, "Your changes to Portage have been saved.")
    expect(page.locator("main .govuk-summary-list")).to_contain_text("Portage home learning")

    page.get_by_role("link", name="Remove Portage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Portage from the glossary?")
    check_page(page)
    page.get_by_role("button", name="Remove the term").click()
    expect_success(page, "Portage has been removed from the glossary.")
    expect(page.locator("main .govuk-summary-list")).not_to_contain_text("Portage")
    check_page(page)


def test_a_lead_reviews_the_offer_and_publishes_the_next_version(page: Page, demo) -> None:
    sign_in(page, LEAD, check=False)
    page.goto("/offers/")
    row = page.locator("tbody tr").filter(has_text="Our Start for Life offer")
    expect(row).to_contain_text("Version 1")
    expect(row).to_contain_text("Version 2 is a draft")
    check_page(page)

    row.get_by_role("link", name="Our Start for Life offer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our Start for Life offer")
    expect(page.locator("#last-reviewed")).not_to_have_text(_today())
    check_page(page)

    # Still right: marked as reviewed today.
    page.get_by_role("button", name="Mark as reviewed today").click()
    expect_success(page, "The offer is marked as reviewed today.")
    expect(page.locator("#last-reviewed")).to_have_text(_today())
    check_page(page)

    page.get_by_role("link", name="Back to the offer").click()
    page.locator("tbody").get_by_role("link", name="Version 2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 2")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(page.locator("#offer-body")).to_contain_text("Tuesdays 10:30 to 12:30")
    check_page(page)

    page.get_by_role("button", name="Change the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the draft of version 2")
    check_page(page)
    body = page.locator("#id_body")
    body.fill(body.input_value().replace("## Health visiting", f"- {NEW_OFFER_LINE}\n\n## Health visiting"))
    page.get_by_role("button", name="Save the draft").click()
    expect_success(page, "Your changes to the draft have been saved.")
    expect(page.locator("#offer-body")).to_contain_text(NEW_OFFER_LINE)

    page.get_by_role("button", name="Publish this version").click()
    expect_success(page, "This version is now the one families see.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Families see this")
    check_page(page)

    page.goto(f"{PUBLIC}/offers/start-for-life")
    main = page.locator("main")
    expect(main).to_contain_text(NEW_OFFER_LINE)
    expect(main).to_contain_text("Tuesdays 10:30 to 12:30")
    last_reviewed = main.locator(".govuk-summary-list__row").filter(has_text="Last reviewed")
    expect(last_reviewed).to_contain_text(_today())
    check_page(page)

    page.get_by_role("link", name="Print this page").click()
    expect(page).to_have_url(re.compile(r"\?print=1$"))
    expect(main).to_contain_text(NEW_OFFER_LINE)
    expect(page.get_by_role("link", name="Back to the full page")).to_be_visible()
    check_page(page)
    expect(page.locator("footer, .govuk-service-navigation, .govuk-header")).to_have_count(0)


def test_a_lead_fixes_the_settings_and_translates_a_win_into_arabic_on_a_phone(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, LEAD, check=False)
    page.goto("/public-site/")
    page.get_by_role("link", name="Change the public site's settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public site settings")
    expect(page.get_by_label("Arabic (العربية)")).to_be_checked()
    check_page(page)

    page.get_by_label("Email address for families").fill("getinvolved at northby")
    page.get_by_role("button", name="Save the settings").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "Enter an email address in the correct format, like name@example.org",
        href="#id_contact_email",
        error_id="id_contact_email-error",
    )
    check_page(page)
    page.get_by_label("Email address for families").fill("families@northby.example.org")
    page.get_by_role("button", name="Save the settings").click()
    expect_success(page, "The public site's settings have been saved.")
    expect(page.get_by_label("Email address for families")).to_have_value("families@northby.example.org")

    page.goto("/wins/")
    page.get_by_role("link", name="The feeding group now starts at 10:30").click()
    check_page(page)
    page.get_by_role("link", name="Translate into Arabic").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Translate into Arabic")
    story = page.locator("#id_story")
    expect(story).to_have_attribute("dir", "rtl")
    expect(story).to_have_attribute("lang", "ar")
    for textarea in page.locator("main textarea").all():
        expect(textarea).to_have_attribute("dir", "rtl")
    expect(page.locator("#id_title")).to_have_attribute("dir", "rtl")
    check_page(page)
    story.fill(ARABIC_STORY)
    page.get_by_role("button", name="Save the translation").click()
    expect_success(page, "The Arabic translation has been saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("The feeding group now starts at 10:30")
    check_page(page)

    page.goto(f"{PUBLIC}/wins?lang=ar")
    translated = page.locator('main [lang="ar"][dir="rtl"]').filter(has_text=ARABIC_STORY)
    expect(translated).to_have_count(1)
    check_page(page)


def test_families_see_a_public_activity_and_the_promises_kept(page: Page, demo) -> None:
    page.goto(f"{PUBLIC}/activities")
    check_page(page)
    link = page.locator("main h2 a").first
    title = link.inner_text()
    link.click()
    expect(page).to_have_url(re.compile(rf"{PUBLIC}/activities/[0-9a-f-]{{36}}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check_page(page)

    page.goto(f"{PUBLIC}/you-said-we-did?status=kept")
    expect(page.get_by_role("navigation", name="Show promises").locator('[aria-current="page"]')).to_have_text("Kept")
    expect(page.get_by_role("heading", name="We will move the Tuesday feeding group to 10:30")).to_be_visible()
    for tag in page.locator("main strong.govuk-tag").all():
        expect(tag).to_have_text("Kept")
    check_page(page)
