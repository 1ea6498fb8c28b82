"""A co-production lead at work on projects: starting one from its charter, choosing the lead, moving it through its
statuses, mapping who is involved, recording stages and degrees of participation, and finding projects in the list;
and what a viewer may and may not do."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    check_page,
    expect_console_error,
    expect_errors,
    expect_field_error,
    expect_success,
    go_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

PRIYA_EMAIL = "priya.shah@example.org"
VIEWER_EMAIL = "george.whitaker@example.org"
INFANT_FEEDING = "Redesign the 0–2 infant feeding offer"
SEND_OFFER = "SEND local offer refresh"
DADS = "Dads' voices in early years"
OPENING_HOURS = "Family hub opening hours"
NEW_TITLE = "Healthy Start vitamins take-up"
STAGES = ["Discover", "Define", "Design", "Deliver", "Review"]
NO_LEAD_WARNING = "This project has no co-production lead."


def project_count() -> int:
    from coproduce.projects.models import Project

    return Project.objects.count()


def open_project(page: Page, title: str) -> None:
    """Straight to a project's page (the list's links are followed in other tests)."""
    from coproduce.projects.models import Project

    page.goto(f"/projects/{Project.objects.get(title=title).pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def charter_row(page: Page, key: str) -> Locator:
    """The value beside `key` in the charter's summary list (the first on the page: the budget section has its own)."""
    charter = page.locator(".govuk-summary-list").first
    row = charter.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text=re.compile(f"^{key}$")))
    return row.locator("dd")


def coverage_row(page: Page, group: str) -> Locator:
    """The group's row in the project's table of who is involved."""
    table = page.get_by_role("table", name="Stakeholder groups and their involvement")
    return table.locator("tbody tr").filter(has=page.get_by_role("cell", name=group, exact=True))


def stage_row(page: Page, stage: str) -> Locator:
    """The stage's row in the project's table of stages."""
    table = page.get_by_role("table", name="Stages", exact=True)
    return table.locator("tbody tr").filter(has=page.get_by_role("cell", name=stage, exact=True))


def listed_titles(page: Page) -> list[str]:
    return page.locator("main tbody tr td:first-child a").all_inner_texts()


def fill_charter_errors(page: Page) -> None:
    """The charter with four mistakes over two tries, each shown in the summary and beside its field."""
    page.get_by_label("Title", exact=True).fill(NEW_TITLE)
    page.get_by_label("Goal", exact=True).fill("More families with young children get free Healthy Start vitamins.")
    # The end before the start, a negative budget and a date that does not exist.
    page.get_by_label("Start date", exact=True).fill("1/4/2027")
    page.get_by_label("End date", exact=True).fill("1/3/2027")
    page.get_by_label("Review date", exact=True).fill("31/2/2027")
    page.get_by_label("Total budget (£)").fill("-500")
    page.get_by_role("button", name="Save the charter").click()
    expect_errors(page, 3)
    expect_field_error(
        page,
        "The end date must be the same as or after the start date",
        href="#id_end_date",
        error_id="id_end_date-error",
    )
    expect_field_error(
        page,
        "Enter review date as a real date, for example 27/3/2027",
        href="#id_review_date",
        error_id="id_review_date-error",
    )
    expect_field_error(
        page, "Total budget (£) cannot be negative", href="#id_budget_total", error_id="id_budget_total-error"
    )
    # What was typed is kept, so it can be corrected.
    expect(page.get_by_label("Title", exact=True)).to_have_value(NEW_TITLE)
    expect(page.get_by_label("Review date", exact=True)).to_have_value("31/2/2027")
    check_page(page)

    # Those put right; now more for involving families than the whole budget.
    page.get_by_label("End date", exact=True).fill("31/3/2028")
    page.get_by_label("Review date", exact=True).fill("1/10/2027")
    page.get_by_label("Total budget (£)").fill("£12,500")
    page.get_by_label("Budget for involving families (£)").fill("20000")
    page.get_by_role("button", name="Save the charter").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "The budget for involving families cannot be more than the total budget",
        href="#id_budget_involvement",
        error_id="id_budget_involvement-error",
    )
    check_page(page)


def start_project(page: Page) -> None:
    """Priya, on the project list, starts a project: bad input first, then good, leaving the lead empty."""
    before = project_count()
    page.get_by_role("button", name="Start a project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a project")
    expect(page.get_by_label("Co-production lead")).to_have_value("")
    check_page(page)

    fill_charter_errors(page)
    assert project_count() == before, "a charter with errors was saved"

    page.get_by_label("Budget for involving families (£)").fill("1500")
    page.get_by_label("In scope").fill("Leaflets, health visitor contacts and how hubs hand out vitamins.")
    page.get_by_label("Out of scope").fill("Who is eligible (set nationally).")
    page.get_by_label("Senior sponsor").fill("Head of Public Health")
    page.get_by_role("group", name="Hubs").get_by_label("Riverside Library Spoke").check()
    page.get_by_role("group", name="Parts of the family's journey").get_by_label("Maternity").check()
    page.get_by_role("button", name="Save the charter").click()

    expect_success(page, f"The project ‘{NEW_TITLE}’ has been started as a draft.")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    assert project_count() == before + 1
    main = page.locator("main")
    expect(main.locator(".govuk-caption-l .govuk-tag")).to_have_text("Draft")
    expect(main.locator(".govuk-warning-text")).to_contain_text(NO_LEAD_WARNING)
    expect(charter_row(page, "Goal")).to_contain_text("More families with young children get free Healthy Start")
    expect(charter_row(page, "In scope")).to_contain_text("Leaflets, health visitor contacts")
    expect(charter_row(page, "Out of scope")).to_contain_text("Who is eligible (set nationally).")
    expect(charter_row(page, "Time frame")).to_contain_text("From 1 April 2027 to 31 March 2028")
    expect(charter_row(page, "Time frame")).to_contain_text("Review on 1 October 2027")
    expect(charter_row(page, "Budget")).to_contain_text("£12,500.00")
    expect(charter_row(page, "Budget")).to_contain_text("£1,500.00 for involving families")
    expect(charter_row(page, "Co-production lead")).to_have_text("Not chosen")
    expect(charter_row(page, "Senior sponsor")).to_contain_text("Head of Public Health")
    expect(charter_row(page, "Hubs")).to_have_text("Riverside Library Spoke")
    expect(charter_row(page, "Parts of the family's journey")).to_have_text("Maternity")
    stages = page.get_by_role("table", name="Stages").locator("tbody tr td:first-child")
    expect(stages).to_have_text(STAGES)
    # Nobody is involved yet: every one of the eight groups says so.
    coverage = page.get_by_role("table", name="Stakeholder groups and their involvement").locator("tbody tr")
    expect(coverage).to_have_count(8)
    expect(coverage.locator(".govuk-tag")).to_have_text(["Nobody involved"] * 8)
    check_page(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_start_a_project(new_page, demo, viewport: dict) -> None:
    """Journey 1, on a computer and on a phone: the charter's errors, then a draft project with no lead."""
    page = new_page(viewport=viewport)
    sign_in(page, PRIYA_EMAIL, check=False)
    go_to(page, "Projects")
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-production projects")
    expect(page.get_by_role("status")).to_have_text("4 projects")
    check_page(page)
    start_project(page)


def test_charter_takes_several_hubs_and_journey_areas(page: Page, demo) -> None:
    sign_in(page, PRIYA_EMAIL, check=False)
    page.goto("/projects/new")
    hubs = page.get_by_role("group", name="Hubs")
    hubs.get_by_label("Eastfield Family Hub").check()
    hubs.get_by_label("Riverside Library Spoke").check()
    areas = page.get_by_role("group", name="Parts of the family's journey")
    areas.get_by_label("Maternity").check()
    areas.get_by_label("Health visiting").check()
    assert hubs.get_by_role("checkbox").count() == 5
    assert hubs.get_by_label("Eastfield Family Hub").is_checked()
    assert areas.get_by_label("Maternity").is_checked()


def test_choose_the_lead_start_and_close_a_project(page: Page, demo) -> None:
    """Journeys 2 and 3: the lead chosen in the charter, the project made active, its history, and closing it."""
    from coproduce.accounts.models import User
    from coproduce.projects import services

    project = services.project_create(
        actor=User.objects.get(email=PRIYA_EMAIL),
        organisation=demo,
        title=NEW_TITLE,
        goal="More families with young children get free Healthy Start vitamins.",
        senior_sponsor="Head of Public Health",
    )
    sign_in(page, PRIYA_EMAIL, check=False)
    page.goto(f"/projects/{project.pk}/")
    main = page.locator("main")
    tag = main.locator(".govuk-caption-l .govuk-tag")
    warning = main.locator(".govuk-warning-text")
    expect(warning).to_contain_text(NO_LEAD_WARNING)
    expect(tag).to_have_text("Draft")
    check_page(page)

    # The lead, chosen in the charter: the warning goes.
    page.get_by_role("button", name="Change the charter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the charter")
    expect(main.locator(".govuk-caption-l")).to_have_text(NEW_TITLE)
    expect(page.get_by_label("Title", exact=True)).to_have_value(NEW_TITLE)
    check_page(page)
    page.get_by_label("Co-production lead").select_option(label="Priya Shah (Co-production lead)")
    page.get_by_role("button", name="Save the charter").click()
    expect_success(page, "The charter has been saved.")
    expect(charter_row(page, "Co-production lead")).to_have_text("Priya Shah")
    expect(warning).to_have_count(0)
    check_page(page)

    # Active, with a reason; first without one.
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the status")
    expect(main).to_contain_text("The project is now: Draft.")
    choices = page.get_by_role("group", name="New status").locator("label")
    expect(choices).to_have_text(["Active", "Closed"])
    check_page(page)
    page.locator("main form").get_by_role("button", name="Change the status").click()
    expect_errors(page, 2)
    expect_field_error(page, "Choose the new status", href="#id_to_status_0", error_id="id_to_status-error")
    expect_field_error(page, "Say why the status is changing", href="#id_reason", error_id="id_reason-error")
    check_page(page)
    page.get_by_label("Active").check()
    page.get_by_label("Why is the status changing?").fill("Charter agreed with the Head of Public Health")
    page.locator("main form").get_by_role("button", name="Change the status").click()
    expect_success(page, "The project's status has been changed.")
    expect(tag).to_have_text("Active")
    check_page(page)

    # The history: the status change with its reason, and the charter change.
    page.get_by_role("link", name="History of changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of changes")
    status_changes = main.locator("h2:has-text('Status') + ul > li")
    expect(status_changes).to_have_count(1)
    expect(status_changes.first).to_contain_text("Draft → Active, by Priya Shah: Charter agreed with the Head of")
    events = main.locator("h2:has-text('Every change') + ul > li")
    expect(events).to_have_count(3)
    expect(events.nth(0)).to_contain_text(
        f"Moved {NEW_TITLE} from Draft to Active: Charter agreed with the Head of Public Health ({PRIYA_EMAIL})"
    )
    expect(events.nth(1)).to_contain_text(f"Changed the charter of {NEW_TITLE} ({PRIYA_EMAIL})")
    expect(events.nth(1)).to_contain_text("“–” → “Priya Shah")
    expect(events.nth(2)).to_contain_text(f"Started the project {NEW_TITLE} ({PRIYA_EMAIL})")
    check_page(page)

    # Closing needs what changed for families.
    page.get_by_role("link", name="Back to the project").click()
    page.get_by_role("button", name="Change the status").click()
    expect(main).to_contain_text("The project is now: Active.")
    expect(choices).to_have_text(["Paused", "Closed"])
    check_page(page)
    page.get_by_label("Closed").check()
    page.get_by_label("Why is the status changing?").fill("The vitamins are now handed out at every hub")
    page.locator("main form").get_by_role("button", name="Change the status").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "Say what changed for families before closing the project",
        href="#id_what_changed",
        error_id="id_what_changed-error",
    )
    expect(main).to_contain_text("The project is now: Active.")
    expect(page.get_by_label("Closed")).to_be_checked()
    check_page(page)
    page.get_by_label("If you are closing the project: what changed for families?").fill(
        "Parents can pick up vitamins at any hub, without an appointment."
    )
    page.locator("main form").get_by_role("button", name="Change the status").click()
    expect_success(page, "The project's status has been changed.")
    expect(tag).to_have_text("Closed")
    expect(charter_row(page, "What changed for families")).to_have_text(
        "Parents can pick up vitamins at any hub, without an appointment."
    )
    check_page(page)


def test_stakeholder_map(page: Page, demo) -> None:
    """Journey 4: the gaps in who is involved, filled and emptied again."""
    sign_in(page, PRIYA_EMAIL, check=False)
    open_project(page, INFANT_FEEDING)
    charities = coverage_row(page, "National and local charities")
    expect(charities.locator(".govuk-tag")).to_have_text("Nobody involved")
    expect(charities).to_contain_text("Ask national and local charities, particularly those working with")
    faith = coverage_row(page, "Faith and community groups")
    expect(faith.locator(".govuk-tag")).to_have_text("Questionnaire only")
    expect(faith).to_contain_text("This group has only answered a questionnaire.")
    expect(faith).to_contain_text(
        "Al-Noor Community Centre – as a representative of a group or organisation, questionnaire only"
    )
    forums = coverage_row(page, "Parent carer forums and panels")
    expect(forums.locator(".govuk-tag")).to_have_text("Representatives only")
    expect(forums).to_contain_text("Involve people with lived experience too")
    expect(coverage_row(page, "Families").locator(".govuk-tag")).to_have_text("Involved")
    check_page(page)

    # Add Home-Start for the charities: first forgetting how they take part.
    charities.get_by_role("link", name="Add someone from National and local charities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add who is involved")
    group = page.get_by_label("Stakeholder group")
    expect(group.locator("option:checked")).to_have_text("National and local charities")
    check_page(page)
    page.get_by_label("Through a partner organisation").select_option(label="Home-Start Northby")
    page.locator("main form").get_by_role("button", name="Add").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "Say whether they take part with lived experience or as a representative",
        href="#id_kind_0",
        error_id="id_kind-error",
    )
    check_page(page)
    page.get_by_label("As a representative of a group or organisation").check()
    expect(page.get_by_label(re.compile(r"^Take part in co-production"))).to_be_checked()
    page.locator("main form").get_by_role("button", name="Add").click()
    expect_success(page, "National and local charities has been added to the project.")
    expect(charities.locator(".govuk-tag")).to_have_text("Involved")
    expect(charities).not_to_contain_text("Ask national and local charities")  # no prompt once covered
    expect(charities).to_contain_text("Home-Start Northby – as a representative of a group or organisation")
    check_page(page)

    # Remove it again.
    remove = re.compile(r"^Remove National and local charities: Home-Start Northby")
    charities.get_by_role("button", name=remove).click()
    expect_success(page, "Removed from the project.")
    expect(charities.locator(".govuk-tag")).to_have_text("Nobody involved")
    expect(charities).not_to_contain_text("Home-Start Northby")
    check_page(page)


def test_stages_and_degrees(page: Page, demo) -> None:
    """Journey 5: a stage recorded as 'present only' looks like non-participation, whatever degree is claimed."""
    sign_in(page, PRIYA_EMAIL, check=False)
    open_project(page, SEND_OFFER)
    design = stage_row(page, "Design")
    expect(design).not_to_contain_text("Looks like non-participation")
    warnings = page.locator("#warnings li")
    expect(warnings).to_have_count(1)  # families were not involved from the outset
    check_page(page)

    design.get_by_role("link", name="Design").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Design stage")
    # Each degree's radio is explained in plain English, in a hint read out with it.
    target = page.get_by_role("group", name="Target degree of participation")
    expect(target.get_by_role("radio")).to_have_count(6)  # not set yet, and the five degrees
    expect(target.get_by_label("Family-initiated, shared decisions with services", exact=True)).to_be_checked()
    expect(target.get_by_label("Consulted and informed", exact=True)).to_have_accessible_description(
        re.compile(r"asks families for their views, takes them seriously and tells them what difference they made")
    )
    check_page(page)
    page.get_by_text("How the five degrees compare with other ladders of participation").click()
    comparison = page.get_by_role("table", name=re.compile(r"^Treseder's degrees beside Hart's ladder"))
    expect(comparison).to_be_visible()
    expect(comparison.locator("tbody tr")).to_have_count(5)
    check_page(page)

    # No name: an error, and nothing saved.
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_role("button", name="Save the stage").click()
    expect_errors(page, 1)
    expect_field_error(page, "Enter the name of the stage", href="#id_name", error_id="id_name-error")
    check_page(page)

    page.get_by_label("Name", exact=True).fill("Design")
    target.get_by_label("Service-initiated, shared decisions with families", exact=True).check()
    achieved = page.get_by_role("group", name="Achieved degree of participation")
    achieved.get_by_label("Consulted and informed", exact=True).check()
    page.get_by_role("group", name="How families were involved").get_by_label(
        "There, photographed or quoted, but with no say"
    ).check()
    page.get_by_role("button", name="Save the stage").click()
    expect_success(page, "The Design stage has been saved.")
    expect(page).to_have_url(re.compile(r"#stages$"))
    expect(design).to_contain_text("Service-initiated, shared decisions with families")
    expect(design).to_contain_text("On Arnstein's ladder: consultation")
    expect(design).to_contain_text("Looks like non-participation")
    expect(design).to_contain_text("calls this ‘decoration’")
    expect(page.get_by_role("heading", name="Things to look at")).to_be_visible()
    expect(warnings).to_have_count(3)
    expect(warnings.nth(1)).to_contain_text("Design: Families were there – photographed, filmed or quoted")
    expect(warnings.nth(2)).to_contain_text("Design: You aimed for ‘Service-initiated, shared decisions with families’")
    check_page(page)


def test_project_list_filters(page: Page, demo) -> None:
    """Journey 6: status, hub, lead and stakeholder gap each narrow the demo's four projects."""
    from coproduce.projects.models import Project, ProjectStakeholder
    from coproduce.stakeholders.models import StakeholderGroup

    # Someone from every one of the eight groups on the closed project, so that only three projects have a gap.
    closed = Project.objects.get(title=OPENING_HOURS)
    involved = {s.group.parent_id or s.group_id for s in closed.stakeholders.select_related("group")}
    for group in StakeholderGroup.objects.for_organisation(demo).top_level().exclude(pk__in=involved):
        ProjectStakeholder.objects.create(
            organisation=demo, project=closed, group=group, kind="representative", method="co_production"
        )

    sign_in(page, PRIYA_EMAIL, check=False)
    go_to(page, "Projects")
    status = page.get_by_role("status")
    expect(status).to_have_text("4 projects")
    assert sorted(listed_titles(page)) == sorted([INFANT_FEEDING, SEND_OFFER, DADS, OPENING_HOURS])
    expect(page.get_by_role("row").filter(has_text=SEND_OFFER)).to_contain_text("No lead")
    check_page(page)

    def apply(**choices: str) -> None:
        page.get_by_label("Status").select_option(label=choices.get("status", "Any status"))
        page.get_by_label("Hub").select_option(label=choices.get("hub", "Any hub"))
        page.get_by_label("Co-production lead").select_option(label=choices.get("lead", "Anyone"))
        page.get_by_label("Only projects with a stakeholder group nobody is involved from").set_checked(
            "gap" in choices
        )
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("details.govuk-details")).to_have_attribute("open", "")

    page.get_by_text("Filter projects").click()
    apply(status="Active")
    expect(status).to_have_text("1 project")
    assert listed_titles(page) == [INFANT_FEEDING]
    check_page(page)

    apply(hub="Moorland Villages Outreach")
    expect(status).to_have_text("2 projects")
    assert sorted(listed_titles(page)) == sorted([INFANT_FEEDING, SEND_OFFER])
    check_page(page)

    apply(lead="Priya Shah")
    expect(status).to_have_text("2 projects")
    assert sorted(listed_titles(page)) == sorted([INFANT_FEEDING, OPENING_HOURS])
    check_page(page)

    apply(gap="yes")
    expect(status).to_have_text("3 projects")
    assert sorted(listed_titles(page)) == sorted([INFANT_FEEDING, SEND_OFFER, DADS])
    check_page(page)

    apply(gap="yes", lead="Priya Shah")
    expect(status).to_have_text("1 project")
    assert listed_titles(page) == [INFANT_FEEDING]
    check_page(page)

    apply(status="Paused", lead="Priya Shah")
    expect(status).to_have_text("0 projects")
    expect(page.locator("main")).to_contain_text("No projects match.")
    check_page(page)

    page.get_by_role("link", name="Clear filters").click()
    expect(status).to_have_text("4 projects")


def test_viewer_sees_but_cannot_change(page: Page, demo) -> None:
    """Journey 7: George, a viewer, reads projects but changes nothing."""
    sign_in(page, VIEWER_EMAIL, check=False)
    go_to(page, "Projects")
    expect(page.get_by_role("status")).to_have_text("4 projects")
    expect(page.get_by_role("button", name="Start a project")).to_have_count(0)
    check_page(page)

    page.locator("main").get_by_role("link", name=INFANT_FEEDING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INFANT_FEEDING)
    expect(page.get_by_role("button", name="Change the charter")).to_have_count(0)
    expect(page.get_by_role("button", name="Change the status")).to_have_count(0)
    expect(page.get_by_role("button", name="Add a stage")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)  # no "Remove" buttons
    expect(stage_row(page, "Discover").get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("link", name="History of changes")).to_be_visible()
    # A viewer may not see people's names: involvements through a person stay anonymous.
    expect(coverage_row(page, "Families")).to_contain_text("a person – with lived experience")
    check_page(page)

    expect_console_error(page, r"status of 403")
    response = page.goto("/projects/new")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")
    check_page(page)
