"""Activities in a browser: a co-production lead plans one from a project page (with the GOV.UK date input and its
error messages) and sees the warnings on the activity page; the list with its filters, venues and school holidays
pass axe, on a desktop and on a phone."""

from __future__ import annotations

import datetime as dt
import random

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

PRIYA_EMAIL = "priya.shah@example.org"
INFANT_FEEDING = "Redesign the 0–2 infant feeding offer"


@pytest.fixture
def activities(demo):
    from coproduce.engagement.demo_activities import seed_demo_activities

    seed_demo_activities(demo, rng=random.Random(2029))
    return demo


def school_day() -> dt.date:
    """A Tuesday about three weeks ahead that is a school day in the demo's term dates."""
    from coproduce.engagement.demo_activities import SCHOOL_HOLIDAYS_2026_27, _school_day_on_or_after

    return _school_day_on_or_after(dt.date.today() + dt.timedelta(days=21), 1, SCHOOL_HOLIDAYS_2026_27)


def activity_url(title: str) -> str:
    from coproduce.engagement.models import Activity

    return f"/activities/{Activity.objects.get(title=title).pk}/"


def test_a_lead_plans_an_activity_and_sees_the_warnings(page: Page, activities) -> None:
    from coproduce.projects.models import Project

    sign_in(page, PRIYA_EMAIL, check=False)
    page.goto(f"/projects/{Project.objects.get(title=INFANT_FEEDING).pk}/")
    section = page.locator("#activities")
    expect(section).to_have_text("Activities")
    expect(page.get_by_role("table", name="Coming up")).to_contain_text("Design the feeding cafe together")
    page.get_by_role("button", name="Add an activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an activity")
    expect(page.locator("main")).to_contain_text("Questionnaire (data collection)")
    check_page(page)

    page.get_by_label("Day", exact=True).first.fill("31")
    page.get_by_label("Month", exact=True).first.fill("2")
    page.get_by_label("Year", exact=True).first.fill("2027")
    page.get_by_role("button", name="Add the activity").click()
    expect_errors(page, 6)
    expect_field_error(page, "Choose what kind of activity it is", href="#id_kind_0", error_id="id_kind-error")
    expect_field_error(page, "Date must be a real date", href="#id_date", error_id="id_date-error")
    expect_field_error(
        page, "Choose at least one way to join", href="#id_ways_to_join_0", error_id="id_ways_to_join-error"
    )
    check_page(page)

    day = school_day()
    page.get_by_role("group", name="What kind of activity is it?").get_by_label("Workshop").check()
    page.get_by_label("Title").fill("Weaning workshop")
    page.get_by_label("Day", exact=True).first.fill(str(day.day))
    page.get_by_label("Month", exact=True).first.fill(str(day.month))
    page.get_by_label("Year", exact=True).first.fill(str(day.year))
    page.get_by_label("Start time").fill("9am")
    page.get_by_label("End time").fill("11:30am")
    page.get_by_role("group", name="How can people take part?").get_by_label("In person").check()
    page.get_by_label("Venue (for people coming in person)").select_option(label="St Mary's Church Hall")
    page.get_by_role("group", name="Send reminders to people with a place").get_by_label("2 hours before").uncheck()
    page.get_by_role("button", name="Add the activity").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Weaning workshop")
    expect_success(page, "‘Weaning workshop’ has been planned.")
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("The only way to join is in person.")
    expect(warnings).to_contain_text("It clashes with the school run (8:15am to 9:15am)")
    expect(warnings).to_contain_text("What to do:")
    expect(page.locator("main")).to_contain_text("Three steps up to the front door")
    expect(page.locator("main")).to_contain_text("People with a place are reminded 2 days before.")
    check_page(page)

    page.get_by_role("button", name="Cancel the activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the activity")
    check_page(page)
    page.get_by_role("button", name="Cancel the activity").click()
    expect_errors(page, 1)
    page.get_by_label("Why is it cancelled?").fill("The hall is booked for a funeral.")
    page.get_by_role("button", name="Cancel the activity").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("This activity is cancelled.")
    check_page(page)


def test_the_list_venues_and_holidays_pass_axe(new_page, activities) -> None:
    page = new_page()
    sign_in(page, PRIYA_EMAIL, check=False)
    go_to(page, "Activities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming activities")
    expect(page.locator("main")).to_contain_text("Data collection")
    check_page(page)
    page.locator(".govuk-details__summary").click()
    page.get_by_role("group", name="When").get_by_label("Past").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Past activities")
    expect(page.locator("main")).to_contain_text("Opening hours workshop")
    check_page(page)

    page.goto(activity_url("Breastfeeding peer support group"))
    expect(page.locator("#warnings")).to_contain_text("It clashes with the school run")
    check_page(page)
    page.goto(activity_url("Feeding support: tell us what works"))
    expect(page.locator("main")).to_contain_text("On its own, a questionnaire is not co-production.")
    check_page(page)

    page.goto("/venues/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Venues")
    check_page(page)
    page.get_by_role("link", name="Riverside Library").click()
    expect(page.locator("main")).to_contain_text("There is no hearing loop in the meeting room.")
    check_page(page)
    page.get_by_role("button", name="Change the venue").click()
    check_page(page)
    page.goto("/venues/new")
    page.get_by_role("button", name="Save the venue").click()
    expect_errors(page, 1)
    check_page(page)

    page.goto("/school-holidays/")
    expect(page.get_by_role("heading", level=1)).to_have_text("School holidays")
    expect(page.locator("main")).to_contain_text("Christmas holidays")
    check_page(page)
    page.get_by_role("button", name="Add a school holiday").click()
    page.get_by_label("Name").fill("Training day")
    page.get_by_role("button", name="Save").click()
    expect_errors(page, 2)
    check_page(page)

    phone = new_page(viewport=PHONE)
    sign_in(phone, PRIYA_EMAIL, check=False)
    go_to(phone, "Activities")
    check_page(phone)
    phone.goto(activity_url("Design the feeding cafe together"))
    expect(phone.locator("main")).to_contain_text("Safeguarding on the day")
    check_page(phone)
