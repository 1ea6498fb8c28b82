"""Contributions: hub staff record an idea at an activity (chosen for them) and a story of lived experience from a
parent found by the people search (with its content note and where to get support), add a drawing with its
description, and see the project's list; the co-production lead keeps the themes. axe runs on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, check_page, expect_errors, expect_field_error, expect_success, sign_in

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "tom.gallagher@example.org"
LEAD_EMAIL = "priya.shah@example.org"
IDEA = "The 10am slot clashes with nursery pick-up for the little ones. Could it start at 1pm?"
STORY = "After my son was born I couldn't leave the flat for weeks. The first time I came to the hub I cried."
CONTENT_NOTE = "Mentions feeling low after a birth"
SUPPORT = "Talk to your family hub worker, or call Samaritans free on 116 123, any time."


def _activity(organisation):
    from django.utils import timezone

    from coproduce.engagement.models import Activity
    from coproduce.projects.models import Project

    project = Project.objects.for_organisation(organisation).get(title="Redesign the 0–2 infant feeding offer")
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    return Activity.objects.create(
        organisation=organisation,
        project=project,
        title="Feeding cafe tasting morning",
        kind="co_design",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        join_in_person=True,
    )


def choose(page: Page, group: str, option: str) -> None:
    page.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def test_record_an_idea_and_a_story_and_see_the_list(new_page, demo) -> None:
    from coproduce.contributions.models import Contribution
    from coproduce.people.models import Person

    activity = _activity(demo)
    project = activity.project
    Person.objects.create(organisation=demo, full_name="Joanna Kowalska", preferred_name="Asia")

    page = new_page()
    sign_in(page, STAFF_EMAIL, check=False)
    page.goto(f"/activities/{activity.pk}/")
    section = page.get_by_role("region", name="What people said and made")
    expect(section).to_contain_text("Nothing recorded yet.")
    check_page(page)
    section.get_by_role("button", name="Record a contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contribution")
    expect(page.get_by_label("Activity", exact=True)).to_have_value(str(activity.pk))
    expect(page.get_by_role("group", name="How was it gathered?").get_by_label("At the activity")).to_be_checked()
    check_page(page)

    # Nothing filled in: each problem beside its field.
    page.get_by_role("button", name="Save the contribution").click()
    expect_errors(page, 2)
    expect_field_error(page, "Choose what kind of contribution it is", href="#id_kind_0", error_id="id_kind-error")
    check_page(page)

    choose(page, "What kind of contribution is it?", "Idea")
    page.get_by_label("What they said").fill(IDEA)
    choose(page, "Has the person checked that it says what they meant?", "Yes")
    page.get_by_role("group", name="Themes (optional)").get_by_label("Timing").check()
    page.get_by_role("button", name="Save the contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contribution recorded")
    check_page(page)
    idea = Contribution.objects.get(text=IDEA)
    assert idea.activity == activity and idea.gathered == "activity"

    page.get_by_role("link", name="See the contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idea")
    expect(page.locator("#provenance")).to_contain_text("Recorded by Tom Gallagher on ")
    expect(page.locator("#provenance")).to_contain_text("gathered at the activity, checked by the person: yes.")
    check_page(page)

    # The activity page now shows it.
    page.goto(f"/activities/{activity.pk}/")
    expect(page.get_by_role("region", name="What people said and made")).to_contain_text(
        "1 contribution recorded at this activity."
    )

    # A story from a parent, found by the people search, on a phone.
    phone = new_page(viewport=PHONE)
    sign_in(phone, STAFF_EMAIL, check=False)
    phone.goto(f"/projects/{project.pk}/contributions/new")
    phone.get_by_label("Find the person it came from").fill("Kowalska")
    phone.get_by_role("button", name="Search").click()
    phone.get_by_role("link", name="It came from Asia").click()
    expect(phone.locator("main .govuk-summary-list")).to_contain_text("Asia")
    check_page(phone)
    choose(phone, "What kind of contribution is it?", "Story of lived experience")
    phone.get_by_label("What they said").fill(STORY)
    choose(phone, "How was it gathered?", "On a home visit")
    choose(phone, "Has the person checked that it says what they meant?", "Yes")
    phone.get_by_role("button", name="Save the contribution").click()
    expect_errors(phone, 2)
    expect_field_error(
        phone,
        "Write a content note, so readers know what the story is about before reading",
        href="#id_content_note",
        error_id="id_content_note-error",
    )
    check_page(phone)
    phone.get_by_label("Content note").fill(CONTENT_NOTE)
    phone.get_by_label("Where to get support").fill(SUPPORT)
    phone.get_by_role("button", name="Save the contribution").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Contribution recorded")
    expect(phone.locator("#support-for-the-teller")).to_have_text(SUPPORT)
    check_page(phone)

    phone.get_by_role("link", name="See the contribution").click()
    warning = phone.locator("main .govuk-warning-text")
    expect(warning).to_contain_text(f"Content note: {CONTENT_NOTE}")
    expect(phone.locator("main")).to_contain_text(SUPPORT)
    expect(phone.get_by_text(STORY)).not_to_be_visible()  # behind "Read the story"
    phone.get_by_text("Read the story").click()
    expect(phone.get_by_text(STORY)).to_be_visible()
    check_page(phone)

    # A drawing, with its description.
    page.goto(f"/projects/{project.pk}/contributions/new")
    choose(page, "What kind of contribution is it?", "Drawing")
    choose(page, "How was it gathered?", "On paper or a comment card")
    choose(page, "Has the person checked that it says what they meant?", "No")
    page.get_by_label("Upload the drawing, photo or graphic record").set_input_files(
        {"name": "drawing.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_label("Describe the image").fill("A child's drawing of a sunny room with a slide")
    page.get_by_role("button", name="Save the contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contribution recorded")
    page.get_by_role("link", name="See the contribution").click()
    image = page.get_by_role("img", name="A child's drawing of a sunny room with a slide")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 2  # served through the private file view
    check_page(page)

    # The project's list, filtered.
    page.goto(f"/projects/{project.pk}/")
    section = page.get_by_role("region", name="What people said and made")
    section.get_by_role("link", name="See all").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contributions")
    expect(page.locator("main tbody")).to_contain_text(IDEA)
    expect(page.locator("main tbody")).to_contain_text(f"Story (content note: {CONTENT_NOTE})")
    expect(page.locator("main tbody")).not_to_contain_text(STORY)
    check_page(page)
    page.get_by_label("Kind", exact=True).select_option("story")
    page.get_by_role("button", name="Show").click()
    stories = Contribution.objects.filter(project=project, kind="story").count()  # the demo has one too
    expect(page.locator("main tbody tr")).to_have_count(stories)
    expect(page.locator("main [role=status]")).to_have_text(f"{stories} contribution{'' if stories == 1 else 's'}")
    expect(page.locator("main tbody")).to_contain_text(CONTENT_NOTE)
    check_page(page)

    # Changing and deleting.
    page.get_by_role("link", name=f"Story (content note: {CONTENT_NOTE})").click()
    page.get_by_role("button", name="Change the contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a contribution")
    check_page(page)
    page.get_by_label("Content note").fill("Mentions feeling low after a baby is born")
    page.get_by_role("button", name="Save the changes").click()
    expect_success(page, "Your changes to the contribution have been saved.")
    page.get_by_role("button", name="Delete the contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the contribution?")
    check_page(page)
    page.get_by_role("button", name="Delete the contribution").click()
    expect_success(page, "The contribution has been deleted.")
    assert not Contribution.objects.filter(text=STORY).exists()


def test_the_lead_keeps_the_themes(page, demo) -> None:
    sign_in(page, LEAD_EMAIL, check=False)
    page.goto("/contributions/themes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes")
    check_page(page)
    page.get_by_label("Name of the theme").fill("timing")
    page.get_by_role("button", name="Add the theme").click()
    expect_errors(page, 1)
    check_page(page)
    page.get_by_label("Name of the theme").fill("Travel")
    page.get_by_role("button", name="Add the theme").click()
    expect_success(page, "Travel has been added.")
    page.get_by_role("link", name="Rename Travel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rename a theme")
    check_page(page)
    page.get_by_label("Name of the theme").fill("Getting there")
    page.get_by_role("button", name="Save the name").click()
    expect_success(page, "The theme has been renamed to Getting there.")
    page.get_by_role("link", name="Remove Getting there").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Getting there?")
    check_page(page)
    page.get_by_role("button", name="Remove the theme").click()
    expect_success(page, "Getting there has been removed.")
    # A theme the demo's contributions use cannot be removed.
    page.goto("/contributions/themes/")
    expect(page.get_by_role("link", name="Remove Timing")).to_have_count(0)


def _png() -> bytes:
    from coproduce.contributions.tests.conftest import png_bytes

    return png_bytes()
