"""Training, induction and reflection, as the co-production lead uses them: record that a colleague completed a
course and see it in the training matrix, tick off induction, write a private reflection with the brief's six
questions and share it with the team, and find the organisation's guidance from the decision form. Every page goes
through axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from coproduce.learning.suggested import BRIEF_QUESTIONS
from tests.e2e.conftest import PHONE, check_page, go_to, sign_in

pytestmark = pytest.mark.e2e

LEAD = "priya.shah@example.org"
COLLEAGUE = "tom.gallagher@example.org"


def _today() -> str:
    return dt.date.today().strftime("%d/%m/%Y")


def test_a_lead_records_a_completion_and_sees_it_in_the_training_matrix(page: Page, demo) -> None:
    sign_in(page, LEAD)
    go_to(page, "Learning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning")
    check_page(page)

    page.get_by_role("link", name="Courses", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    check_page(page)
    page.get_by_role("link", name="Courageous conversations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courageous conversations")
    check_page(page)

    page.get_by_role("button", name="Record a completion").click()
    expect(page).to_have_url(re.compile(r"/completions/new$"))
    check_page(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who completed the course")
    check_page(page)
    who = page.get_by_label("Who completed it")
    tom = who.locator("option", has_text="Tom Gallagher")
    who.select_option(value=tom.get_attribute("value"))
    page.get_by_label("Date completed").fill(_today())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courageous conversations")
    expect(page.get_by_role("table", name="Completions, newest first")).to_contain_text("Tom Gallagher")
    check_page(page)

    page.goto("/learning/")
    page.get_by_role("link", name="Training matrix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training matrix")
    matrix = page.get_by_role("table", name="Training matrix: people against courses")
    headers = matrix.locator("thead th").all_inner_texts()
    column = [text.strip() for text in headers].index("Courageous conversations")
    tom_row = matrix.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Tom Gallagher"))
    expect(tom_row.locator("th, td").nth(column)).to_contain_text("Done")
    check_page(page)


def test_a_lead_ticks_off_her_induction(page: Page, demo) -> None:
    sign_in(page, LEAD, check=False)
    page.goto("/learning/")
    page.get_by_role("link", name="Induction", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your induction")
    check_page(page)
    unticked = page.locator("input[name=done]:not(:checked)").first
    item_id = unticked.get_attribute("id")
    unticked.check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator(f"#{item_id}")).to_be_checked()
    expect(page.locator(f"#{item_id}-hint")).to_contain_text("Done on")
    check_page(page)


def test_a_private_reflection_is_shared_with_the_team(new_page, demo) -> None:
    page = new_page()
    sign_in(page, LEAD, check=False)
    page.goto("/learning/")
    page.get_by_role("link", name="My reflection journal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My reflection journal")
    check_page(page)

    page.get_by_role("button", name="Write a reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a reflection")
    check_page(page)
    page.get_by_label("Title (optional)").fill("After the dads' breakfast")
    page.get_by_label("Date", exact=True).fill(_today())
    for number, (_key, question) in enumerate(BRIEF_QUESTIONS, start=1):
        page.get_by_label(question, exact=True).fill(f"My answer to question {number}.")
    page.get_by_role("button", name="Save the reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("After the dads' breakfast")
    main = page.locator("main")
    expect(main).to_contain_text("Only you can read this.")
    for number in range(1, 7):
        expect(main).to_contain_text(f"My answer to question {number}.")
    check_page(page)

    page.get_by_role("button", name="Share it with the team").click()
    expect(main).to_contain_text("Shared with the team")
    check_page(page)

    # A colleague reads it in the team's shared reflections, on a phone.
    colleague = new_page(viewport=PHONE)
    sign_in(colleague, COLLEAGUE, check=False)
    colleague.goto("/learning/")
    colleague.get_by_role("link", name="Shared reflections").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Shared reflections")
    expect(colleague.locator("main")).to_contain_text("After the dads' breakfast")
    check_page(colleague)


def test_the_decision_form_links_to_the_organisations_guidance(page: Page, demo) -> None:
    sign_in(page, LEAD, check=False)
    go_to(page, "Projects")
    page.get_by_role("link", name="Redesign the 0–2 infant feeding offer").click()
    page.locator("a", has_text="Record a decision").click()
    guidance = page.locator("#assumptions-prompt #organisation-guidance")
    link = guidance.get_by_role("link", name="Migrants, refugees and asylum seekers: what is the difference")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://www.unhcr.org/uk/about-unhcr/who-we-protect")
    check_page(page)

    # The lead keeps the guidance in Learning (the link goes elsewhere on the web, so it is not followed here).
    go_to(page, "Learning")
    page.get_by_role("link", name="Guidance", exact=True).click()
    expect(page.locator("main")).to_contain_text("Migrants, refugees and asylum seekers")
    check_page(page)
