"""The commitment area in a browser: a lead drafts the definition (with an error first) and sees its readability,
a colleague comments on a paragraph, the lead adopts it and records who it was shared with, writes and signs the
commitment, adds a sustaining strategy, and the deliverables page shows what that adds up to; the public page
shows the definition to anyone. axe checks every page, on a desktop screen and on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, check_page, expect_success, sign_in

pytestmark = pytest.mark.e2e

LEAD_EMAIL = "priya.lead@example.org"
COLLEAGUE_EMAIL = "colin.colleague@example.org"
SLUG = "northby-e2e"
DEFINITION = (
    "Co-production happens when all voices are listened to from the start of planning.\n\n"
    "We respect each other's views. We are open and honest with each other.\n\n"
    "We keep learning together, so that families get good results."
)


@pytest.fixture
def northby(live_server):
    """An organisation with the eight stakeholder groups, a co-production lead and a member of hub staff."""
    from coproduce.organisations.models import Organisation, Role
    from coproduce.organisations.services import organisation_seed_defaults
    from tests.cast import make_member

    organisation = Organisation.objects.create(name="Northby Family Hubs", slug=SLUG)
    organisation_seed_defaults(organisation=organisation)
    make_member(organisation, LEAD_EMAIL, Role.LEAD, "Priya Lead")
    make_member(organisation, COLLEAGUE_EMAIL, Role.STAFF, "Colin Colleague")
    return organisation


def log_in(page: Page, email: str) -> None:
    from tests.cast import PASSWORD

    sign_in(page, email, PASSWORD)


def follow(page: Page, name: str, *, exact: bool = True) -> None:
    """Follow a link (or a link styled as a button) in the main content, then check the page it opens."""
    main = page.locator("main")
    target = main.get_by_role("link", name=name, exact=exact).or_(main.get_by_role("button", name=name, exact=exact))
    with page.expect_navigation():
        target.first.click()
    check_page(page)


def press(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name, exact=True).click()
    check_page(page)


def deliverable(page: Page, number: int):
    return page.locator(f"#deliverable-{number}")


def d_m_y(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def test_lead_and_colleague_agree_commit_and_plan(new_page, northby) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    lead = new_page()
    log_in(lead, LEAD_EMAIL)

    # The deliverables page, from the service navigation: nothing started yet, but there is a lead.
    with lead.expect_navigation():
        lead.get_by_role("navigation", name="Menu").get_by_role("link", name="Commitment", exact=True).click()
    check_page(lead)
    expect(lead.get_by_role("heading", level=1)).to_have_text("Commitment to co-production")
    for number in range(1, 5):
        expect(deliverable(lead, number).locator(".govuk-tag")).to_have_text("Not started")
    expect(deliverable(lead, 5).locator(".govuk-tag")).to_have_text("In place")

    # Draft the definition: an empty one is refused, then the readability score shows before and after saving.
    follow(lead, "See the definition")
    follow(lead, "Draft the definition")
    press(lead, "Save the draft")
    summary = lead.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter the definition of co-production")).to_have_attribute(
        "href", "#id_text"
    )
    expect(lead).to_have_title(re.compile(r"^Error: "))
    lead.get_by_label("Definition of co-production").fill(DEFINITION)
    press(lead, "Check readability")
    readability = lead.locator("#readability")
    expect(readability).to_contain_text("Reading ease score")
    expect(readability).to_contain_text("Reading age")
    expect(readability).to_contain_text("out of 100")
    press(lead, "Save the draft")
    expect_success(lead, "Version 1 has been saved as a draft.")
    expect(lead.locator("#readability")).to_contain_text("Reading ease score")

    # A colleague comments on the second paragraph (an empty comment first).
    colleague = new_page()
    log_in(colleague, COLLEAGUE_EMAIL)
    colleague.goto("/commitment/definition/")
    check_page(colleague)
    follow(colleague, "Read and comment on version 1")
    expect(colleague.locator("main")).to_contain_text("Families without an account cannot comment yet")
    follow(colleague, "Comment on paragraph 2")
    press(colleague, "Add your comment")
    expect(colleague.locator(".govuk-error-summary")).to_contain_text("Enter your comment")
    colleague.get_by_label("Your comment").fill("Could we say ‘honest and kind’?")
    press(colleague, "Add your comment")
    expect_success(colleague, "Thank you. Your comment has been added.")
    paragraph = colleague.locator("#paragraph-2")
    expect(paragraph).to_contain_text("Could we say ‘honest and kind’?")
    expect(paragraph).to_contain_text("Colin Colleague")

    # The lead adopts version 1 (a date in the future is refused first) and records who it was shared with.
    lead.goto("/commitment/definition/")
    check_page(lead)
    follow(lead, "Adopt version 1")
    lead.get_by_label("Date adopted").fill(d_m_y(today + dt.timedelta(days=2)))
    press(lead, "Adopt this version")
    expect(lead.locator(".govuk-error-summary")).to_contain_text("The date adopted must be today or in the past")
    lead.get_by_label("Date adopted").fill(d_m_y(today))
    press(lead, "Adopt this version")
    expect_success(lead, "Version 1 is now the adopted definition.")
    follow(lead, "Record who it was shared with")
    lead.get_by_label("Families", exact=True).check()
    lead.get_by_label("Parent carer forums and panels", exact=True).check()
    lead.get_by_label("Date it was shared").fill(d_m_y(today))
    lead.get_by_label("Meeting or event").check()
    press(lead, "Save")
    expect_success(lead, "Recorded that the definition was shared with Families, Parent carer forums and panels.")
    expect(lead.locator("main")).to_contain_text("Version 1 has been shared with 2 of 8 stakeholder groups.")

    # The commitment: write it, then sign it as yourself, named on the public page.
    lead.goto("/commitment/")
    check_page(lead)
    follow(lead, "See the commitment and who has signed it")
    follow(lead, "Write the commitment")
    lead.get_by_label("Commitment to co-produce").fill("We will involve families from the start, as equals.")
    press(lead, "Save the commitment")
    expect_success(lead, "The commitment has been saved.")
    follow(lead, "Sign the commitment")
    lead.get_by_label("Show my name on the public co-production page").check()
    press(lead, "Sign the commitment")
    expect_success(lead, "Thank you for signing the commitment.")
    expect(lead.locator("#signatures ~ table")).to_contain_text("Priya Lead")

    # A sustaining strategy: refreshing the parent panel every 12 months.
    lead.goto("/commitment/")
    follow(lead, "See the strategies")
    follow(lead, "Add a strategy")
    lead.get_by_label("Title").fill("Refresh the parent panel every year")
    lead.get_by_label("Governance", exact=True).check()
    lead.get_by_label("Owner").select_option(label="Priya Lead (Co-production lead)")
    lead.get_by_label("Start date").fill(d_m_y(today - dt.timedelta(days=30)))
    lead.get_by_label("End date").fill(d_m_y(today + dt.timedelta(days=700)))
    lead.get_by_label("In place", exact=True).check()
    lead.get_by_label("This strategy keeps co-production going by refreshing who is involved").check()
    lead.get_by_label("Refresh every (months)").fill("0")
    press(lead, "Save the strategy")
    expect(lead.locator(".govuk-error-summary")).to_contain_text("Enter a number of months of 1 or more")
    lead.get_by_label("Refresh every (months)").fill("12")
    press(lead, "Save the strategy")
    expect_success(lead, "The strategy ‘Refresh the parent panel every year’ has been added.")

    # The deliverables page adds it all up.
    lead.goto("/commitment/")
    check_page(lead)
    expected = {
        1: ("In progress", "Commitment signed by 1 person and 0 partner organisations (1 shown publicly)."),
        2: ("In progress", "communicated to 2 of 8 stakeholder groups."),
        3: ("In place", "1 strategy across 1 hub process, 1 in place; time frames set for 1."),
        4: ("In place", "1 sustaining strategy, none overdue; next refresh due"),
        5: ("In place", "1 co-production lead: Priya Lead."),
    }
    for number, (status, sentence) in expected.items():
        expect(deliverable(lead, number).locator(".govuk-tag")).to_have_text(status)
        expect(deliverable(lead, number)).to_contain_text(sentence)

    # Anyone can read the public page, without signing in.
    visitor = new_page()
    response = visitor.goto(f"/o/{SLUG}/co-production")
    assert response is not None and response.status == 200
    check_page(visitor)
    main = visitor.locator("main")
    expect(main).to_contain_text("We respect each other's views.")
    expect(main).to_contain_text("We will involve families from the start, as equals.")
    expect(main).to_contain_text("Priya Lead")
    # It is part of the organisation's public site: its menu is for families, and staff sign in from the footer.
    expect(visitor.get_by_role("navigation", name="Menu").get_by_role("link", name="You said, we did")).to_be_visible()
    expect(visitor.locator("footer").get_by_role("link", name="Sign in for staff")).to_be_visible()


def test_pages_on_a_phone(new_page, northby) -> None:
    """Every page of the area, filled with records, on a phone-sized screen."""
    from django.utils import timezone

    from coproduce.accounts.models import User
    from coproduce.commitments import services
    from coproduce.commitments.models import Strategy
    from coproduce.organisations.models import Membership
    from coproduce.stakeholders.models import Partner, StakeholderGroup

    today = timezone.localdate()
    lead = User.objects.get(email=LEAD_EMAIL)
    membership = Membership.objects.get(user=lead)
    draft = services.definition_version_start(actor=lead, organisation=northby, text=DEFINITION)
    services.definition_comment_add(actor=lead, version=draft, paragraph_number=1, text="Shorter, please.")
    adopted = services.definition_adopt(actor=lead, version=draft, adopted_on=today)
    services.definition_communication_record(
        actor=lead,
        version=adopted,
        groups=list(StakeholderGroup.objects.for_organisation(northby).top_level()[:3]),
        communicated_on=today,
        method="newsletter",
    )
    services.commitment_save(actor=lead, organisation=northby, text="We will involve families from the start.")
    services.commitment_sign(actor=lead, membership=membership, show_publicly=True)
    partner = Partner.objects.create(organisation=northby, name="Northby Parent Carer Forum", kind="parent_carer_forum")
    services.signature_record_partner(
        actor=lead, organisation=northby, partner=partner, signed_on=today, show_publicly=True
    )
    strategy = services.strategy_save(
        actor=lead,
        organisation=northby,
        title="Refresh the parent panel every year",
        area=Strategy.Area.GOVERNANCE,
        status=Strategy.Status.IN_PLACE,
        owner=membership,
        start_date=today - dt.timedelta(days=400),
        is_sustaining=True,
        refresh_every_months=12,
    )

    page = new_page(viewport=PHONE)
    log_in(page, LEAD_EMAIL)
    for path in [
        "/commitment/",
        "/commitment/definition/",
        f"/commitment/definition/{adopted.pk}/",
        "/commitment/definition/new",
        f"/commitment/definition/{adopted.pk}/communications/new",
        "/commitment/statement/",
        "/commitment/statement/signatures/partner",
        "/commitment/statement/signatures/person",
        "/commitment/strategies/",
        f"/commitment/strategies/{strategy.pk}/",
        f"/commitment/strategies/{strategy.pk}/edit",
        f"/commitment/strategies/{strategy.pk}/refresh",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        check_page(page)
    page.goto(f"/commitment/strategies/{strategy.pk}/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("A refresh was due on")

    visitor = new_page(viewport=PHONE)
    visitor.goto(f"/o/{SLUG}/co-production")
    check_page(visitor)
    expect(visitor.locator("main")).to_contain_text("Northby Parent Carer Forum")
