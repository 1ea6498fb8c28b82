"""A parent on their phone, with no account: their own signed link opens their information, where they update what
they need to take part, withdraw a consent, answer an equality question and ask for a copy of their information.
Also: a link that does not work, asking for a new link, and the wording a young person of 14 sees."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, check_page, expect_console_error, expect_success

pytestmark = pytest.mark.e2e

PARENT_EMAIL = "joanne.mbeki.family@example.com"
CONTACT_TEXT = "Contact you about taking part: planning and improving services together with families"


def make_person(organisation, **fields):
    from coproduce.people.models import Person

    return Person.objects.create(organisation=organisation, **fields)


def own_link(person) -> str:
    from coproduce.consent.links import make_token

    return f"/my/{make_token(person)}/"


@pytest.fixture
def parent(demo):
    """Joanne, who likes to be called Jo, agreed online to be contacted about co-production."""
    from coproduce.consent import services
    from coproduce.consent.models import ConsentMethod, Purpose

    person = make_person(
        demo,
        full_name="Joanne Mbeki",
        preferred_name="Jo",
        email=PARENT_EMAIL,
        contact_by_email=True,
    )
    services.consent_give(person=person, purpose=Purpose.CONTACT, method=ConsentMethod.ONLINE, via="own link")
    return person


def test_a_parent_manages_their_own_information_on_a_phone(new_page, parent) -> None:
    from coproduce.consent.checks import may_contact
    from coproduce.datarights.models import DataRightsRequest, one_month_after
    from coproduce.equality.models import EqualityProfile
    from coproduce.people.models import AccessNeeds

    page = new_page(viewport=PHONE)
    link = own_link(parent)
    response = page.goto(link)
    assert response is not None and response.status == 200
    # Their address is their key: never cached, never sent on to another site.
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["referrer-policy"] == "strict-origin"
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Jo")
    main = page.locator("main")
    expect(main).to_contain_text("Northby Family Hubs")
    expect(main).to_contain_text("You do not need an account.")
    check_page(page)

    # What they need to take part: childcare, and an interpreter for Tigrinya.
    page.get_by_role("link", name="What you need to take part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What you need to take part")
    check_page(page)
    needs = page.get_by_role("group", name="What do you need to take part?")
    needs.get_by_label("Childcare, like a crèche or someone to look after your children").check()
    needs.get_by_label("An interpreter for another language").check()
    page.get_by_label("If you need an interpreter: which language?").fill("Tigrinya")
    page.get_by_role("group", name="Which times do not work for you?").get_by_label("School run times").check()
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Thank you. We will use this for every activity you take part in.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Jo")
    check_page(page)

    # The answers are there when they come back (and were saved as confirmed by the person).
    page.get_by_role("link", name="What you need to take part").click()
    page.reload()
    expect(needs.get_by_label("Childcare, like a crèche or someone to look after your children")).to_be_checked()
    expect(needs.get_by_label("An interpreter for another language")).to_be_checked()
    expect(needs.get_by_label("Step-free access, with no stairs or steps")).not_to_be_checked()
    expect(page.get_by_label("If you need an interpreter: which language?")).to_have_value("Tigrinya")
    expect(
        page.get_by_role("group", name="Which times do not work for you?").get_by_label("School run times")
    ).to_be_checked()
    saved = AccessNeeds.objects.get(person=parent)
    assert saved.childcare and saved.interpreter and saved.interpreter_language == "Tigrinya"
    assert saved.confirmed_by_person_at is not None
    page.get_by_role("link", name="Back to your information").click()

    # Their choices: they stop being contacted about co-production, at once.
    assert may_contact(parent)
    page.get_by_role("link", name="Your choices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your choices")
    contact = page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name=CONTACT_TEXT))
    expect(contact).to_contain_text("You said yes on")
    check_page(page)
    contact.get_by_role("button", name=re.compile(r"^Say no")).click()
    expect_success(page, "Done. This takes effect straight away. You can change your mind at any time.")
    expect(contact).to_contain_text("You said no on")
    expect(contact.get_by_role("button", name=re.compile(r"^Say yes"))).to_be_visible()
    check_page(page)
    parent.refresh_from_db()
    assert may_contact(parent) is False
    page.get_by_role("link", name="Back to your information").click()

    # "About you": the optional equality questions, with the reason they are asked.
    page.get_by_role("link", name="About you", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    expect(page.locator("main")).to_contain_text("Your answers are never used to make decisions about you.")
    check_page(page)
    first_time = page.get_by_role("group", name="Is this the first time you have used family services?")
    first_time.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    expect_success(page, "Thank you. Your answers have been saved.")
    expect(first_time.get_by_label("Yes", exact=True)).to_be_checked()
    check_page(page)
    assert EqualityProfile.objects.get(person=parent).first_time == "yes"
    page.get_by_role("link", name="Back to your information").click()

    # A copy of their information, due one month from today.
    page.get_by_role("link", name="Ask for a copy of your information").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a copy of your information")
    check_page(page)
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We have your request")
    due = one_month_after(dt.date.today())
    expect(page.locator(".govuk-panel__body")).to_have_text(f"We will reply by {due.day} {due:%B %Y}")
    check_page(page)
    request = DataRightsRequest.objects.get(person=parent)
    assert request.kind == "access" and request.made_by == "person" and request.due_on == due


def test_a_link_that_does_not_work(new_page, parent) -> None:
    page = new_page(viewport=PHONE)
    link = own_link(parent)
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    expect_console_error(page, r"status of 404")
    response = page.goto(forged)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(page.locator("main")).not_to_contain_text("Joanne")
    check_page(page)
    # The same for each of their pages.
    response = page.goto(forged + "needs")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")


def test_asking_for_a_link_says_the_same_for_any_address(new_page, parent) -> None:
    from django.core import mail

    mail.outbox.clear()  # the demo's own emails
    page = new_page(viewport=PHONE)
    answers = []
    for email in (PARENT_EMAIL, "nobody.we.know@example.com"):
        page.goto(f"/o/{parent.organisation.slug}/my-information")
        expect(page.get_by_role("heading", level=1)).to_have_text("Get a link to your information")
        check_page(page)
        page.get_by_label("Email address").fill(email)
        page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        check_page(page)
        answers.append(page.locator("main").inner_text())
    assert answers[0] == answers[1]
    # Only the known address was sent a link.
    assert [message.to for message in mail.outbox] == [[PARENT_EMAIL]]
    assert "/my/" in mail.outbox[0].body


def test_a_young_person_of_14_sees_wording_for_their_age(new_page, demo) -> None:
    from coproduce.consent import services
    from coproduce.consent.models import ChildBasis, ConsentMethod, Purpose

    young = make_person(
        demo,
        full_name="Callum Reid",
        preferred_name="Cal",
        date_of_birth=dt.date.today() - dt.timedelta(days=round(14.5 * 365.25)),
    )
    assert young.age() == 14
    services.consent_give(
        person=young,
        purpose=Purpose.PANEL,
        method=ConsentMethod.ONLINE,
        child_basis=ChildBasis.SELF_13_PLUS,
        via="own link",
    )
    page = new_page(viewport=PHONE)
    page.goto(own_link(young))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Cal")
    expect(page.locator("main")).to_contain_text("This is your page. You can see what we know about you and change it.")
    check_page(page)

    page.get_by_role("link", name="Your choices").click()
    main = page.locator("main")
    expect(main).to_contain_text("You decide. Say yes or no to each one.")
    expect(main).not_to_contain_text("a change takes effect straight away")
    panel = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", name="Invite you to join a group that gives its views")
    )
    expect(panel).to_contain_text("You said yes on")
    expect(page.get_by_role("heading", name="Send you messages about ways to have your say")).to_be_visible()
    expect(page.get_by_role("heading", name=CONTACT_TEXT)).to_have_count(0)
    check_page(page)

    # Saying yes for themselves (from 13, online).
    messages = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", name="Send you messages about ways to have your say")
    )
    messages.get_by_role("button", name=re.compile(r"^Say yes")).click()
    expect_success(page, "Thank you. You have said yes. You can change your mind at any time.")
    expect(messages).to_contain_text("You said yes on")
    check_page(page)
