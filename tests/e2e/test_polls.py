""" "When suits you?": hub staff offer three times for a session; a parent answers on their phone from the link in
their email; staff enter answers for a dad who phoned, see the suggestion with its reasons, and choose it. Every
page of the poll is checked with axe, including the error states and the pages for links that do not work."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, check_page, expect_console_error, expect_errors, expect_success, sign_in

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "tom.gallagher@example.org"


def _day(days: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=days)


def _fill_date(page, field_id: str, day: dt.date) -> None:
    """The GOV.UK date input: the day box has the field's id, the month and year boxes its id with _1 and _2."""
    page.locator(f"#{field_id}").fill(str(day.day))
    page.locator(f"#{field_id}_1").fill(str(day.month))
    page.locator(f"#{field_id}_2").fill(str(day.year))


@pytest.fixture
def session(demo):
    """A co-design session with no time yet; Jo (email) and Marek (phone calls only) are invited."""
    from coproduce.consent.models import Consent
    from coproduce.engagement.models import Activity, Invitation
    from coproduce.people.models import Person
    from coproduce.projects.models import Project

    project = Project.objects.filter(organisation=demo).order_by("created_at").first()
    activity = Activity.objects.create(
        organisation=demo, project=project, title="Design the new stay and play", kind="co_design", join_in_person=True
    )
    jo = Person.objects.create(
        organisation=demo,
        full_name="Joanne Mbeki",
        preferred_name="Jo",
        email="jo.mbeki@example.com",
        contact_by_email=True,
    )
    marek = Person.objects.create(
        organisation=demo, full_name="Marek Kowalski", phone="07700 900321", contact_by_phone=True
    )
    for person in (jo, marek):
        Consent.objects.create(organisation=demo, person=person, purpose="contact", status="given", method="online")
        Invitation.objects.create(organisation=demo, activity=activity, person=person)
    return activity, jo, marek


def test_staff_ask_when_suits_a_parent_answers_on_a_phone_and_staff_choose_the_suggestion(new_page, session) -> None:
    from coproduce.comms.models import Message
    from coproduce.engagement.models import Poll
    from coproduce.engagement.services.polls import ordered_slots, slot_words

    activity, jo, marek = session
    staff = new_page()
    sign_in(staff, STAFF_EMAIL, check=False)
    # From the activity's page (its "When suits you?" section).
    staff.goto(f"/activities/{activity.pk}/")
    section = staff.get_by_role("region", name="When suits you?")
    section.get_by_role("button", name="Ask when suits people").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Ask when suits people")
    expect(staff.get_by_label("Question")).to_have_value("When suits you?")
    check_page(staff)

    # Nothing filled in: clear messages, nothing saved.
    staff.get_by_role("button", name="Create the poll and send it").click()
    expect_errors(staff, 2)
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Add at least 2 times for people to choose from")
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter the date the poll closes")
    check_page(staff)
    assert not Poll.objects.filter(activity=activity).exists()

    # Two rows to start with; "Add another time" gives a third, keeping what was typed (no JavaScript needed).
    _fill_date(staff, "id_closes_on", _day(6))
    rows = [(_day(8), "10am", "11:30am"), (_day(9), "12:30pm", "2pm"), (_day(9), "6pm", "7:30pm")]
    for index, (day, starts, ends) in enumerate(rows[:2]):
        _fill_date(staff, f"id_slots-{index}-date", day)
        staff.locator(f"#id_slots-{index}-starts").fill(starts)
        staff.locator(f"#id_slots-{index}-ends").fill(ends)
    staff.get_by_role("button", name="Add another time").click()
    expect(staff.get_by_role("group", name="Time 3")).to_be_visible()
    expect(staff.locator("#id_slots-1-starts")).to_have_value("12:30pm")
    expect(staff.locator("#id_slots-1-date_2")).to_have_value(str(rows[1][0].year))
    check_page(staff)
    day, starts, ends = rows[2]
    _fill_date(staff, "id_slots-2-date", day)
    staff.locator("#id_slots-2-starts").fill(starts)
    staff.locator("#id_slots-2-ends").fill(ends)
    staff.get_by_role("button", name="Create the poll and send it").click()
    expect_success(staff, "The poll has been created.")
    expect(staff.get_by_role("heading", level=1)).to_have_text("When suits you?")
    expect(staff.locator("main")).to_contain_text("Nobody has answered the poll yet.")
    check_page(staff)
    poll = Poll.objects.get(activity=activity)
    slots = ordered_slots(poll)
    assert len(slots) == 3

    # Jo opens the link in her email on her phone (Marek asked for phone calls, so he gets no message).
    email = Message.objects.get(person=jo)
    assert not Message.objects.filter(person=marek).exists()
    link = re.search(r"https?://\S+(/when-suits-you/\S+/)", email.body).group(1)
    parent = new_page(viewport=PHONE)
    response = parent.goto(link)
    assert response is not None and response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    expect(parent.get_by_role("heading", level=1)).to_have_text("When suits you?")
    expect(parent.locator("main")).to_contain_text("Hello Jo.")
    check_page(parent)
    parent.get_by_role("button", name="Send my answers").click()
    expect_errors(parent, 3)
    check_page(parent)
    for slot, choice in zip(slots, ("No", "Yes", "If need be"), strict=True):
        parent.get_by_role("group", name=slot_words(slot)).get_by_label(choice, exact=True).check()
    parent.get_by_role("button", name="Send my answers").click()
    expect_success(parent, "Thank you. We have your answers.")
    expect(parent.get_by_role("group", name=slot_words(slots[1])).get_by_label("Yes", exact=True)).to_be_checked()
    check_page(parent)

    # Marek phones: Tom enters his answers.
    staff.get_by_role("link", name="Who we asked, and enter answers for someone").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Who we asked")
    check_page(staff)
    staff.get_by_role("link", name="Enter answers for Marek Kowalski").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Answers for Marek Kowalski")
    check_page(staff)
    for slot, choice in zip(slots, ("Yes", "Yes", "No"), strict=True):
        staff.get_by_role("group", name=slot_words(slot)).get_by_label(choice, exact=True).check()
    staff.get_by_role("button", name="Save their answers").click()
    expect_success(staff, "Marek Kowalski's answers have been saved.")
    expect(staff.locator("main")).to_contain_text("Yes, entered by staff")
    check_page(staff)

    # The suggestion: the second time (both can come), with the reasons and how we choose.
    staff.get_by_role("link", name="Back to the poll").click()
    main = staff.locator("main")
    expect(main.locator(".govuk-inset-text")).to_have_text(slot_words(slots[1]))
    expect(main).to_contain_text(f"{slot_words(slots[1])}: 2 can come, 0 if need be")
    expect(main).to_contain_text("How we choose")
    expect(main).to_contain_text("never taken part before")
    check_page(staff)
    staff.get_by_role("button", name="Choose the time").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Choose the time")
    chosen = staff.get_by_role("group", name="Which time?").get_by_label(slot_words(slots[1]))
    expect(chosen).to_be_checked()
    check_page(staff)
    staff.get_by_role("button", name="Choose this time and close the poll").click()
    expect_success(staff, f"Design the new stay and play is now on {slot_words(slots[1])}. The poll is closed.")
    check_page(staff)
    activity.refresh_from_db()
    assert activity.starts_at == slots[1].starts_at and activity.ends_at == slots[1].ends_at
    staff.get_by_role("link", name="Back to the activity").click()
    section = staff.get_by_role("region", name="When suits you?")
    expect(section).to_contain_text("Closed")
    expect(section).to_contain_text(f"Time chosen {slot_words(slots[1])}")

    # Jo's link now says the poll has closed, and which time was chosen.
    parent.reload()
    expect(parent.get_by_role("heading", level=1)).to_have_text("This poll has closed")
    expect(parent.locator("main")).to_contain_text(f"We chose {slot_words(slots[1])}.")
    check_page(parent)

    # A link that was changed does not work, and says so.
    expect_console_error(parent, r"404")
    parent.goto(link[:-6] + "xyz/")
    expect(parent.get_by_role("heading", level=1)).to_have_text("This link does not work")
    check_page(parent)
