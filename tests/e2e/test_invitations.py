"""Invitations, replies and the barrier check: staff invite a segment of families from an activity; a parent opens
the reply link from her invitation on a phone, says yes, in person, and adds that she needs childcare; staff open
the barrier check and tick off "arrange childcare". Also: a link that does not work, the replies list and
recording a reply for someone who phoned."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, expect_console_error, expect_success, sign_in

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "tom.gallagher@example.org"
PHONE_SE = {"width": 375, "height": 667}
LANGUAGE = "Kinyarwanda"  # no demo person speaks it: the segment is only the people made here


@pytest.fixture
def activity(demo):
    """A co-design session next month at a venue with no crèche, and no childcare arranged."""
    from django.utils import timezone

    from coproduce.engagement.models import Activity, Venue
    from coproduce.projects.models import Project

    project = Project.objects.for_organisation(demo).first() or Project.objects.create(
        organisation=demo, title="Better starts", goal="Families shape the early years offer."
    )
    venue = Venue.objects.create(
        organisation=demo,
        name="Quayside Community Room",
        address="Quay Road\nNorthby",
        postcode="NB2 3RL",
        step_free=True,
    )
    starts = (timezone.now() + dt.timedelta(days=30)).replace(hour=10, minute=0, second=0, microsecond=0)
    return Activity.objects.create(
        organisation=demo,
        project=project,
        title="Stay and play: what should change?",
        kind="co_design",
        description="Tell us what would make stay and play better for you and your children.",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        join_in_person=True,
        venue=venue,
        join_online=True,
        online_link="https://meet.example/stay-and-play",
        food=True,
        capacity=12,
    )


@pytest.fixture
def families(demo):
    """Two parents who speak Kinyarwanda, each with a child under 5: Selam agreed to emails, Yonas did not agree."""
    from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
    from coproduce.people.models import Child, Household, Person

    made = {}
    for name, email, consent in (("Selam Tesfay", "selam.family@example.com", True), ("Yonas Bereket", "", False)):
        household = Household.objects.create(organisation=demo, name=f"{name.split()[1]} family")
        Child.objects.create(organisation=demo, household=household, age_band="2-4")
        person = Person.objects.create(
            organisation=demo,
            full_name=name,
            preferred_name=name.split()[0],
            email=email,
            contact_by_email=bool(email),
            languages=f"{LANGUAGE}, English",
            household=household,
        )
        if consent:
            Consent.objects.create(
                organisation=demo,
                person=person,
                purpose=Purpose.CONTACT,
                status=ConsentStatus.GIVEN,
                method=ConsentMethod.ONLINE,
            )
        made[name.split()[0]] = person
    return made


def reply_path(person) -> str:
    from coproduce.comms.models import Kind, Message

    body = Message.objects.get(person=person, kind=Kind.INVITATION).body
    return re.search(r"https?://[^/\s]+(/r/[^/\s]+/)", body).group(1)


def test_invite_a_segment_reply_on_a_phone_and_tick_off_the_barrier(new_page, activity, families) -> None:
    from coproduce.engagement.models import BarrierToDo, Invitation
    from coproduce.people.models import AccessNeeds

    # Tom invites Kinyarwanda speakers with children under 5, from the activity's page.
    staff = new_page()
    sign_in(staff, STAFF_EMAIL, check=False)
    staff.goto(f"/activities/{activity.pk}/")
    replies = staff.get_by_role("region", name="Replies")
    expect(replies).to_contain_text("Nobody has been invited yet.")
    replies.get_by_role("button", name="Invite people").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Invite people")
    check_page(staff)
    staff.get_by_label("Language they speak").fill(LANGUAGE)
    staff.get_by_role("group", name="Household circumstances").get_by_label("Children under 5").check()
    staff.get_by_role("button", name="Show who would be invited").click()
    summary = staff.locator("#invite-summary")
    expect(summary).to_contain_text("2 people can be invited.")
    expect(summary).to_contain_text("1 gets an email")
    expect(summary).to_contain_text("1 cannot get a message")
    preview = staff.locator("#invite-preview")
    expect(preview).to_contain_text("Selam")
    expect(preview.get_by_role("row").filter(has_text="Yonas")).to_contain_text("Staff ask them")
    check_page(staff)
    # Yonas has not agreed to messages: staff will phone him, so he is ticked too.
    staff.get_by_label("Invite Yonas").check()
    staff.get_by_role("button", name="Invite 1 person").click()
    expect_success(staff, "2 people invited. Staff need to ask 1 person themselves.")
    expect(replies.locator("#reply-counts")).to_contain_text("Not replied yet")
    assert Invitation.objects.filter(activity=activity).count() == 2

    # Selam opens the link in her invitation email on her phone.
    parent = new_page(viewport=PHONE_SE)
    response = parent.goto(reply_path(families["Selam"]))
    assert response is not None and response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    expect(parent.get_by_role("heading", level=1)).to_have_text("Stay and play: what should change?")
    main = parent.locator("main")
    expect(main).to_contain_text("Hello Selam.")
    expect(main).to_contain_text("Food and drink")
    expect(main).not_to_contain_text("meet.example")  # no place yet
    check_page(parent)
    parent.get_by_role("group", name="Can you come?").get_by_label("Yes, I can come").check()
    parent.get_by_role("group", name="How will you take part?").get_by_label("In person").check()
    parent.get_by_role("button", name="Continue").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Is this still right?")
    check_page(parent)
    parent.get_by_role("group", name="What do you need to take part?").get_by_label(
        "Childcare, like a crèche or someone to look after your children"
    ).check()
    parent.get_by_role("button", name="Confirm").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("You have a place")
    expect(parent.locator("main")).to_contain_text("Quayside Community Room")
    check_page(parent)
    assert AccessNeeds.objects.get(person=families["Selam"]).childcare

    # Tom opens the barrier check: childcare for Selam's child under 5 is to do. He books the crèche.
    staff.goto(f"/activities/{activity.pk}/")
    expect(replies.locator("#reply-table")).to_contain_text("Selam")
    replies.get_by_role("link", name=re.compile(r"^Barrier check")).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Barrier check")
    card = staff.locator(".govuk-summary-card").filter(has_text="Arrange childcare for 1 child under 5 (1 person)")
    expect(card).to_contain_text("To do")
    expect(card).to_contain_text("Selam")
    check_page(staff)
    card.get_by_label("What was arranged (optional)").fill("Two crèche workers booked from Little Steps")
    card.get_by_role("button", name=re.compile(r"^Mark as done")).click()
    expect_success(staff, "Ticked off.")
    expect(card).to_contain_text("Done")
    expect(card).to_contain_text("What was arranged: Two crèche workers booked from Little Steps")
    check_page(staff)
    assert BarrierToDo.objects.get(activity=activity, key="childcare").note.startswith("Two crèche workers")


def test_staff_record_a_phoned_reply_and_a_broken_link_says_what_to_do(new_page, activity, families) -> None:
    from coproduce.engagement.models import Invitation
    from coproduce.engagement.reply_links import make_link

    yonas = Invitation.objects.create(
        organisation=activity.organisation, activity=activity, person=families["Yonas"], channel="staff"
    )
    staff = new_page()
    sign_in(staff, STAFF_EMAIL, check=False)
    staff.goto(f"/activities/{activity.pk}/replies/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Replies")
    check_page(staff)
    staff.get_by_role("link", name="Record reply for Yonas").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Record a reply for Yonas")
    check_page(staff)
    staff.get_by_role("group", name="What did they say?").get_by_label("Maybe").check()
    staff.get_by_role("group", name="How will they take part?").get_by_label("Online").check()
    staff.get_by_label("Note (optional)").fill("Phoned on Tuesday: depends on work")
    staff.get_by_role("button", name="Save reply").click()
    expect_success(staff, "Reply saved for Yonas.")
    yonas.refresh_from_db()
    assert (yonas.reply, yonas.joining) == ("maybe", "online")

    parent = new_page(viewport=PHONE_SE)
    expect_console_error(parent, r"status of 404")
    response = parent.goto(f"/r/{make_link(yonas)[:-4]}/")
    assert response is not None and response.status == 404
    expect(parent.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(parent.locator("main")).to_contain_text("Contact the family hub that sent you the invitation")
    check_page(parent)
