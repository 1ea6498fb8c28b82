"""Communities of practice: the lead writes in the learning log and shares a resource; a member from another
organisation sees that community's own records and nothing else of its host. Every page goes through axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, check_page, expect_console_error, go_to, sign_in

pytestmark = pytest.mark.e2e

LEAD = "priya.shah@example.org"
SOUTHBY_MEMBER = "sam.okoro@example.org"  # Southby's administrator, a member of Northby's "Reaching dads"
COMMUNITY = "Reaching dads"


def test_a_lead_writes_in_the_learning_log_and_shares_a_resource(page: Page, demo) -> None:
    sign_in(page, LEAD)
    go_to(page, "Learning")
    check_page(page)
    page.get_by_role("link", name="Communities of practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communities of practice")
    check_page(page)

    page.get_by_role("link", name=COMMUNITY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMUNITY)
    main = page.locator("main")
    expect(main).to_contain_text("Sam Okoro")
    expect(main).to_contain_text("Southby Family Hubs")
    check_page(page)
    community_url = page.url

    page.get_by_role("button", name="Write in the learning log").click()
    expect(page).to_have_url(re.compile(r"/log/new$"))
    check_page(page)
    page.get_by_label("Date", exact=True).fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("What was tried").fill("A dads' breakfast before the Saturday stay and play.")
    page.get_by_label("What was learnt").fill("Twelve dads came; most had never been to the hub before.")
    page.get_by_label("What changed (optional)").fill("The breakfast is now monthly.")
    page.get_by_label("In whose organisation (optional)").fill("Northby Family Hubs")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning log")
    expect(main).to_contain_text("A dads' breakfast before the Saturday stay and play.")
    expect(main).to_contain_text("Twelve dads came")
    check_page(page)
    page.goto(community_url)

    page.get_by_role("link", name="Share a resource").click()
    expect(page).to_have_url(re.compile(r"/resources/new$"))
    check_page(page)
    page.get_by_label("Title").fill("Breakfast shopping list")
    page.get_by_role("button", name="Share").click()
    # Neither a link nor a text: the form says what is missing and shares nothing.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a link or write a short text")
    check_page(page)
    page.get_by_label("Short text").fill("Bacon rolls, a veggie option, tea and coffee; about £30 for 12 dads.")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMUNITY)
    expect(main).to_contain_text("Breakfast shopping list")
    check_page(page)


def test_a_member_from_another_organisation_sees_only_that_community(new_page, demo) -> None:
    from coproduce.accounts.models import User
    from coproduce.communities import services
    from coproduce.communities.models import CommunityOfPractice
    from coproduce.engagement.models import Activity

    # Another of Northby's communities, which Sam is not a member of.
    lead = User.objects.get(email=LEAD)
    hidden = services.community_create(
        actor=lead,
        organisation=demo,
        facilitator=lead,
        name="Welcoming families new to the country",
        goal="Families who are new to the country find the hubs and feel welcome.",
        started_on=dt.date.today(),
    )
    reaching_dads = CommunityOfPractice.objects.get(organisation=demo, name=COMMUNITY)
    northby_activity = Activity.objects.for_organisation(demo).first()

    page = new_page(viewport=PHONE)
    sign_in(page, SOUTHBY_MEMBER)
    go_to(page, "Learning")
    page.get_by_role("link", name="Communities of practice").click()
    main = page.locator("main")
    expect(page.get_by_role("heading", name="In other organisations")).to_be_visible()
    expect(main.get_by_role("link", name=COMMUNITY)).to_be_visible()
    expect(main).not_to_contain_text("Welcoming families new to the country")
    check_page(page)

    main.get_by_role("link", name=COMMUNITY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMUNITY)
    expect(main).to_contain_text("Visited Southby's Saturday dads' group")
    # A member may add to the log, but not change the community or its members.
    expect(page.get_by_role("button", name="Write in the learning log")).to_be_visible()
    expect(page.get_by_role("link", name="Change the community")).to_have_count(0)
    check_page(page)

    # Nothing else of Northby's: its other community and its activities are not found.
    expect_console_error(page, r"status of 404")
    response = page.goto(f"/communities/{hidden.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page)
    if northby_activity is not None:
        response = page.goto(f"/activities/{northby_activity.pk}/")
        assert response is not None and response.status == 404
    assert reaching_dads.organisation_id == demo.pk
