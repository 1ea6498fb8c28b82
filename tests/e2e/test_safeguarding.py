"""Safeguarding: a member of hub staff raises a concern from a person's page; the designated safeguarding lead sees
it, acknowledges it, refers it, adds a note and closes it; and a concern is kept from staff who did not raise it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    check_page,
    expect_console_error,
    expect_errors,
    expect_field_error,
    expect_success,
    go_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "tom.gallagher@example.org"
LEAD_EMAIL = "david.mensah@example.org"
PEER_EMAIL = "kasia.nowak@example.org"
WHAT_HAPPENED = (
    "At the Riverside stay and play, Precious said her landlord let himself into the flat twice this week while "
    "she and the baby were asleep. She seemed scared to go home."
)
WARNING_999 = "If someone is in immediate danger, call 999 now."


def change_status(page: Page, status: str, *, referred_to: str = "", note: str = "") -> None:
    form = page.locator("form").filter(has=page.get_by_role("group", name="New status"))
    form.get_by_label(status, exact=True).check()
    form.get_by_label("If you referred it: who to?").fill(referred_to)
    form.get_by_label("Note", exact=True).fill(note)
    form.get_by_role("button", name="Change the status").click()


def test_a_concern_from_raising_to_closing(new_page, demo) -> None:
    from django.core import mail

    from coproduce.people.models import Person
    from coproduce.safeguarding.models import SafeguardingConcern

    person = Person.objects.create(organisation=demo, full_name="Precious Quartey", preferred_name="Precious")
    mail.outbox.clear()  # the demo's own emails

    # Tom, at the hub, raises a concern from Precious's page.
    staff = new_page()
    sign_in(staff, STAFF_EMAIL, check=False)
    staff.goto(f"/people/{person.pk}/")
    section = staff.get_by_role("region", name="Safeguarding")
    section.get_by_role("button", name="Raise a safeguarding concern").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding concern")
    main = staff.locator("main")
    expect(main.locator(".govuk-warning-text").first).to_contain_text(WARNING_999)
    expect(main).to_contain_text("This concern is about Precious.")
    expect(main).to_contain_text("David Mensah, designated safeguarding lead")  # the organisation's contact
    check_page(staff)

    staff.get_by_role("button", name="Send to the safeguarding lead").click()
    expect_errors(staff, 2)
    expect_field_error(
        staff,
        "Say what happened, or what you saw or heard",
        href="#id_what_happened",
        error_id="id_what_happened-error",
    )
    expect_field_error(
        staff,
        "Say whether someone is in immediate danger",
        href="#id_immediate_danger_0",
        error_id="id_immediate_danger-error",
    )
    check_page(staff)

    staff.get_by_label("What happened, or what did you see or hear?").fill(WHAT_HAPPENED)
    staff.get_by_role("group", name="Is someone in immediate danger?").get_by_label("No").check()
    staff.get_by_role("button", name="Send to the safeguarding lead").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Concern sent")
    concern = SafeguardingConcern.objects.get(person=person)
    reference = str(concern.pk)[-8:].upper()
    panel = staff.locator(".govuk-panel__body")
    expect(panel).to_contain_text("Your reference number")
    expect(panel.locator("strong")).to_have_text(reference)
    check_page(staff)
    # The lead is told at once, without a word of what the concern says.
    to_lead = [message for message in mail.outbox if message.to == [LEAD_EMAIL]]
    assert len(to_lead) == 1
    assert "Precious" not in to_lead[0].subject + to_lead[0].body
    assert "landlord" not in to_lead[0].body

    # David, the designated safeguarding lead, finds it at the top of his list.
    lead = new_page()
    sign_in(lead, LEAD_EMAIL, check=False)
    go_to(lead, "Safeguarding")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Safeguarding concerns")
    row = lead.locator("main tbody tr").first
    expect(row).to_contain_text(reference)
    expect(row).to_contain_text("Precious")
    expect(row).to_contain_text("Tom Gallagher")
    expect(row.locator(".govuk-tag")).to_have_text("New")
    check_page(lead)
    row.get_by_role("link", name=reference).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(f"Reference {reference}")
    expect(lead.locator("main")).to_contain_text("She seemed scared to go home.")
    check_page(lead)

    change_status(lead, "Acknowledged")
    expect_success(lead, "The status of the concern has been changed.")
    status_tag = lead.locator("main .govuk-caption-l .govuk-tag")
    expect(status_tag).to_have_text("Acknowledged")
    check_page(lead)

    # Referred: first without saying to whom.
    change_status(lead, "Referred")
    expect_errors(lead, 1)
    expect_field_error(
        lead,
        "Say who the concern was referred to, for example children's social care",
        href="#id_status-referred_to",
        error_id="id_status-referred_to-error",
    )
    check_page(lead)
    change_status(lead, "Referred", referred_to="Northby children's social care, front door")
    expect_success(lead, "The status of the concern has been changed.")
    expect(status_tag).to_have_text("Referred")
    expect(lead.locator("main")).to_contain_text("Northby children's social care, front door")
    check_page(lead)

    lead.get_by_label("Note", exact=True).last.fill("Spoke to Precious; housing officer informed with her consent.")
    lead.get_by_role("button", name="Add the note").click()
    expect_success(lead, "Your note has been added.")
    notes = lead.locator("#notes + ol > li")
    expect(notes.last).to_contain_text("Spoke to Precious; housing officer informed with her consent.")
    check_page(lead)

    change_status(lead, "Closed", note="Social care visited; family moved to a council flat. No further action.")
    expect_success(lead, "The status of the concern has been changed.")
    expect(status_tag).to_have_text("Closed")
    expect(lead.get_by_role("group", name="New status")).to_have_count(0)  # nothing left to change
    expect(notes.last).to_contain_text("Changed the status from referred to closed.")
    check_page(lead)
    concern.refresh_from_db()
    assert concern.status == "closed"

    # Tom sees where his concern got to.
    go_to(staff, "Safeguarding")
    expect(staff.locator("main")).to_contain_text("The concerns you have raised")
    mine = staff.locator("main tbody tr").filter(has_text=reference)
    expect(mine.locator(".govuk-tag")).to_have_text("Closed")
    check_page(staff)


def test_staff_cannot_open_a_concern_someone_else_raised(page: Page, demo) -> None:
    from coproduce.safeguarding.models import SafeguardingConcern

    # The demo's closed concern was raised by Kasia, a peer supporter.
    other = SafeguardingConcern.objects.get(raised_by__email=PEER_EMAIL)
    sign_in(page, STAFF_EMAIL, check=False)
    go_to(page, "Safeguarding")
    expect(page.locator("main")).not_to_contain_text(str(other.pk)[-8:].upper())
    check_page(page)

    expect_console_error(page, r"status of 403")
    response = page.goto(f"/safeguarding/{other.pk}/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")
    expect(page.locator("main")).not_to_contain_text("childminder")
    check_page(page)
