"""An organisation's administrator at work: home, people, hubs, members and invitations, and the audit log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, HOME_URL, PHONE, check_page, expect_field_error, expect_success, go_to, sign_in

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "amara.okafor@example.org"
NORTHBY = "Northby Family Hubs"


def search_term() -> tuple[str, int]:
    """A surname from the demo people that finds some of them but not all, and how many it finds."""
    from coproduce.people.models import Person

    total = Person.objects.count()
    for name in Person.objects.order_by("full_name").values_list("full_name", flat=True):
        term = name.split()[-1][:4].lower()
        found = Person.objects.search(term).count()
        if 1 < found < total:
            return term, found
    raise AssertionError("no search term narrows the demo people")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_journey_home_people_hubs(new_page, demo, viewport: dict) -> None:
    page = new_page(viewport=viewport)
    sign_in(page, ADMIN_EMAIL)

    # Home: the organisation, the greeting and the role.
    expect(page).to_have_url(HOME_URL)
    main = page.locator("main")
    expect(main.locator(".govuk-caption-l")).to_have_text(NORTHBY)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Amara")
    expect(main).to_contain_text("Your role here: Administrator.")
    expect(main).to_contain_text("5 hubs and sites")
    expect(main).to_contain_text("78 people")
    expect(page.locator(".govuk-service-navigation__service-name")).to_have_text(NORTHBY)
    expect(page).to_have_title(re.compile(rf"^Home – {NORTHBY} – coproduce$"))
    check_page(page)

    # People: 78 people (60, a child and a young person with their consents, a walk-in at a session, and peer
    # support's 8 supporters and 7 families) over two pages of 50.
    go_to(page, "People")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    status = page.get_by_role("status")
    expect(status).to_have_text("78 people")
    rows = main.locator("tbody tr")
    expect(rows).to_have_count(50)
    expect(page.locator(".govuk-pagination__item--current")).to_have_text("Page 1 of 2")
    check_page(page)
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(rows).to_have_count(28)
    expect(page.locator(".govuk-pagination__item--current")).to_have_text("Page 2 of 2")
    expect(page.get_by_role("link", name="Previous page")).to_be_visible()
    check_page(page)

    # Searching by part of a surname narrows the list; every row found matches.
    term, found = search_term()
    page.get_by_label("Search by name, email address, phone number or postcode").fill(term)
    page.get_by_role("button", name="Search").click()
    people = "person" if found == 1 else "people"
    expect(status).to_have_text(f"{found} {people} found for ‘{term}’")
    expect(rows).to_have_count(min(found, 50))
    for row in rows.all():
        assert term in row.inner_text().lower()
    expect(page.get_by_label("Search by name, email address, phone number or postcode")).to_have_value(term)
    check_page(page)

    # One person's record.
    first = rows.first.get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("link", name="All people")).to_be_visible()
    check_page(page)

    # Hubs: Northby's five, none of Southby's.
    go_to(page, "Hubs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hubs and sites")
    hub_links = main.locator("tbody tr td:first-child a")
    expect(hub_links).to_have_count(5)
    expect(main).not_to_contain_text("Southby")
    check_page(page)

    go_to(page, "Your account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(main).to_contain_text(ADMIN_EMAIL)
    check_page(page)


def test_add_and_change_a_hub(page: Page, demo) -> None:
    sign_in(page, ADMIN_EMAIL, check=False)
    go_to(page, "Hubs")
    page.get_by_role("button", name="Add a hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a hub")
    check_page(page)

    # No name: the error summary and the inline error.
    page.get_by_role("button", name="Save").click()
    expect_field_error(page, "Enter the name of the hub", href="#id_name", error_id="id_name-error")
    expect(page.locator("#id_name")).to_have_class(re.compile(r"govuk-input--error"))
    expect(page.locator("#id_name")).to_have_attribute("aria-describedby", re.compile(r"id_name-error"))
    check_page(page)

    # A valid hub.
    page.get_by_label("Name").fill("Westgate Family Hub")
    page.get_by_label("Spoke site").check()
    page.get_by_label("Address").fill("3 Westgate\nNorthby")
    page.get_by_label("Postcode").fill("nb3  4wg")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Westgate Family Hub has been added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Westgate Family Hub")
    main = page.locator("main")
    expect(main.locator(".govuk-summary-list")).to_contain_text("Spoke site")
    expect(main.locator(".govuk-summary-list")).to_contain_text("NB3 4WG")  # tidied up
    check_page(page)

    # Change it: the change history on the detail page records both.
    page.get_by_role("button", name="Change hub details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Westgate Family Hub")
    expect(page.get_by_label("Postcode")).to_have_value("NB3 4WG")
    check_page(page)
    page.get_by_label("Postcode").fill("NB3 9ZZ")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Your changes to Westgate Family Hub have been saved.")
    expect(main.locator(".govuk-summary-list")).to_contain_text("NB3 9ZZ")
    history = main.locator("h2:has-text('Change history') + ul li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text(f"Changed hub Westgate Family Hub ({ADMIN_EMAIL})")
    expect(history.nth(1)).to_contain_text(f"Added hub Westgate Family Hub ({ADMIN_EMAIL})")
    check_page(page)

    # A second hub with the same name is refused, next to the name field.
    page.get_by_role("link", name="All hubs").click()
    page.get_by_role("button", name="Add a hub").click()
    page.get_by_label("Name").fill("westgate family hub")
    page.get_by_role("button", name="Save").click()
    expect_field_error(
        page, "There is already a hub called westgate family hub", href="#id_name", error_id="id_name-error"
    )
    check_page(page)


def test_invite_and_withdraw_a_member(page: Page, demo) -> None:
    sign_in(page, ADMIN_EMAIL, check=False)
    go_to(page, "Members")
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    main = page.locator("main")
    expect(main.locator("tbody").first.locator("tr")).to_have_count(8)
    expect(main).to_contain_text("There are no invitations waiting.")
    check_page(page)

    page.get_by_role("button", name="Invite someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invite someone to join {NORTHBY}")
    check_page(page)

    # A malformed address and no role: two errors, each linked to its field.
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Send invitation").click()
    expect(page).to_have_title(re.compile(r"^Error: Invite someone"))
    expect_field_error(
        page,
        "Enter an email address in the correct format, like name@example.org",
        href="#id_email",
        error_id="id_email-error",
    )
    expect_field_error(page, "Select the role this person will have", href="#id_role_0", error_id="id_role-error")
    check_page(page)

    # Someone who is already a member.
    page.get_by_label("Email address").fill("tom.gallagher@example.org")
    page.get_by_label(re.compile(r"^Viewer \(read only\)")).check()
    page.get_by_role("button", name="Send invitation").click()
    expect_field_error(
        page,
        f"tom.gallagher@example.org is already a member of {NORTHBY}",
        href="#id_email",
        error_id="id_email-error",
    )
    check_page(page)

    # A valid invitation.
    page.get_by_label("Email address").fill("Riley.Invitee@Example.org")
    page.get_by_label(re.compile(r"^Hub staff or family practitioner")).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    expect_success(page, "Invitation sent to riley.invitee@example.org.")
    pending = main.get_by_role("table", name="Invitations waiting to be accepted").locator("tbody tr")
    expect(pending).to_have_count(1)
    expect(pending.first).to_contain_text("riley.invitee@example.org")
    expect(pending.first).to_contain_text("Hub staff or family practitioner")
    check_page(page)

    # Withdraw it.
    pending.first.get_by_role("button", name="Withdraw the invitation for riley.invitee@example.org").click()
    expect_success(page, "The invitation for riley.invitee@example.org has been withdrawn.")
    expect(main).to_contain_text("There are no invitations waiting.")
    check_page(page)


def test_audit_log_lists_and_filters(page: Page, demo) -> None:
    from django.utils import timezone

    sign_in(page, ADMIN_EMAIL, check=False)
    # Do two things worth auditing: add a hub and invite someone.
    page.goto("/hubs/new")
    page.get_by_label("Name").fill("Audit Trail Hub")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Audit Trail Hub has been added.")
    page.goto("/members/invite")
    page.get_by_label("Email address").fill("audit.invitee@example.org")
    page.get_by_label(re.compile(r"^Viewer \(read only\)")).check()
    page.get_by_role("button", name="Send invitation").click()
    expect_success(page, "Invitation sent to audit.invitee@example.org.")

    go_to(page, "Data protection")
    check_page(page)
    page.locator("main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    main = page.locator("main")
    rows = main.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Invited audit.invitee@example.org as Viewer (read only)")
    expect(rows.nth(0)).to_contain_text(ADMIN_EMAIL)
    expect(rows.nth(1)).to_contain_text("Added hub Audit Trail Hub")
    status = main.get_by_role("status")
    total = int(status.inner_text().split()[0])
    assert total >= 3  # and the demo data's own line
    check_page(page)

    # "To" before "From": an error on the "To" field, and the filters stay open to correct it.
    today = timezone.localdate()
    page.get_by_text("Filter the log").click()
    page.get_by_label("From").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("To", exact=True).fill((today - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_title(re.compile(r"^Error: Audit log"))
    expect_field_error(
        page,
        "The ‘To’ date must be the same as or after the ‘From’ date",
        href="#id_date_to",
        error_id="id_date_to-error",
    )
    expect(main.locator("details")).to_have_attribute("open", "")
    check_page(page)

    # A valid filter narrows the list: only invitations, today.
    page.get_by_label("What happened").select_option(label="Invited")
    page.get_by_label("To", exact=True).fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(status).to_have_text("1 entry")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("audit.invitee@example.org")
    check_page(page)

    page.get_by_role("link", name="Clear filters").click()
    expect(status).to_have_text(f"{total} entries")
