"""Peer support, as the people who run it and use it: a busy coordinator refers a family, reads why each peer
supporter is suggested, confirms a match and records the first session; the peer supporter sees only her own
families on her phone; a parent refers themselves on the public site without JavaScript. Every page goes
through axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    _watch,
    check_page,
    expect_console_error,
    expect_field_error,
    go_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

LEAD = "priya.shah@example.org"
KASIA = "kasia.nowak@example.org"
PARTNER = "bronwen.hughes@example.org"
PUBLIC_FORM = "/o/northby-family-hubs/peer-support/"


def _today() -> str:
    return dt.date.today().strftime("%d/%m/%Y")


def _fill_date(page: Page, legend: str, day: dt.date) -> None:
    """A GOV.UK date input (day, month and year boxes) inside the fieldset called `legend`."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def _episode(full_name: str):
    from coproduce.peers.models import SupportEpisode

    return SupportEpisode.objects.get(person__full_name=full_name)


def test_a_coordinator_refers_a_family_matches_them_and_records_the_first_session(page: Page, demo) -> None:
    sign_in(page, LEAD)
    go_to(page, "Peer support")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer support")
    check_page(page)

    page.get_by_role("button", name="Refer a family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a family for peer support")
    check_page(page)
    page.get_by_label("Their name").fill("Ewa Kowalczyk")
    page.get_by_label("Their phone number").fill("07700 900399")
    page.get_by_label("Their postcode (optional)").fill("NB1 3XY")
    page.get_by_label("What would they like help with?").fill(
        "Moved here in the spring with a baby; lonely and would like someone to talk to in Polish."
    )
    page.get_by_label("Someone who is also new to the country").check()
    page.get_by_label("Someone who speaks …").fill("Polish")
    page.get_by_role("group", name="Ways of support that would suit them").get_by_label("Face to face").check()
    page.get_by_role("group", name="Times that suit them").get_by_label("On Monday mornings").check()
    page.get_by_role("radio", name="On paper").check()

    # Without the family's agreement nothing is sent: the error is named next to the tick box.
    page.get_by_role("button", name="Send the referral").click()
    expect_field_error(
        page,
        "The family must agree to be referred before you can send this",
        href="#id_consent",
        error_id="id_consent-error",
    )
    check_page(page)

    page.get_by_label("The family agrees to be referred for peer support").check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ewa Kowalczyk")
    check_page(page)

    # The best suggestion first, with what the supporter shares with the family in words.
    first = page.locator("#suggestion-1")
    expect(first.get_by_role("heading")).to_contain_text("Kasia Nowak")
    expect(first).to_contain_text("Speaks Polish")
    expect(first).to_contain_text("new to the country")
    # Imran's DBS check has expired: he is never suggested, and the page says why.
    expect(page.locator(".govuk-summary-card").filter(has_text="Imran Qureshi")).to_have_count(0)
    page.get_by_text("Why isn't someone suggested?").click()
    expect(page.locator("#not-suggested")).to_contain_text("Imran Qureshi")

    first.get_by_role("link", name="Choose Kasia Nowak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the family with Kasia Nowak?")
    check_page(page)
    page.get_by_role("button", name="Confirm the match with Kasia Nowak").click()
    expect(page.locator("main")).to_contain_text("Matched with Kasia Nowak")
    check_page(page)

    page.get_by_role("link", name="See the family's support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ewa Kowalczyk")
    expect(page.locator("#match-explanation")).to_contain_text("Polish")
    expect(page.locator("main")).to_contain_text("No sessions recorded yet.")
    check_page(page)

    page.get_by_role("button", name="Record a session").click()
    expect(page).to_have_url(re.compile(r"/sessions/new$"))
    check_page(page)
    page.get_by_label("Date of the session").fill(_today())
    page.get_by_role("radio", name="One to one").check()
    page.get_by_label("How (optional)").select_option(label="Face to face")
    page.get_by_label("How long, in minutes (optional)").fill("45")
    page.get_by_label("Brief notes (optional)").fill("Met at the hub café and talked about the baby groups.")
    page.get_by_role("button", name="Record the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ewa Kowalczyk")
    sessions = page.get_by_role("table", name="Sessions, newest first")
    expect(sessions).to_contain_text("One to one")
    expect(sessions).to_contain_text("Met at the hub café")
    expect(page.locator("main")).to_contain_text("1 session, 45 minutes in all")
    check_page(page)


def test_a_peer_supporter_sees_only_her_own_families_on_her_phone(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, KASIA)
    go_to(page, "Peer support")
    families = page.locator("#your-families")
    expect(page.get_by_role("heading", name="Your families")).to_be_visible()
    expect(families.get_by_role("link", name="Marta Zielińska")).to_be_visible()
    expect(families).not_to_contain_text("Ryan Walsh")
    check_page(page)

    families.get_by_role("link", name="Marta Zielińska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marta Zielińska")
    check_page(page)

    page.get_by_role("link", name="Add a goal").click()
    expect(page).to_have_url(re.compile(r"/goals/new$"))
    check_page(page)
    page.get_by_role("button", name=re.compile("^(Save|Add)")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write the goal, in the family's words")
    check_page(page)
    page.get_by_label("Goal").fill("Take my daughter to the library rhyme time")
    page.get_by_role("button", name=re.compile("^(Save|Add)")).click()
    expect(page.get_by_role("table", name="The family's goals")).to_contain_text(
        "Take my daughter to the library rhyme time"
    )
    check_page(page)

    # Her list of families has only her own.
    page.goto("/peer-support/families/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your families")
    expect(page.locator("main")).to_contain_text("Marta Zielińska")
    expect(page.locator("main")).not_to_contain_text("Ryan Walsh")
    check_page(page)

    # Another supporter's family is not found, and nothing about them shows.
    other = _episode("Ryan Walsh")
    expect_console_error(page, r"status of 404")
    response = page.goto(f"/peer-support/families/{other.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Ryan")
    check_page(page)
    response = page.goto(f"/peer-support/families/{other.pk}/sessions/new")
    assert response is not None and response.status == 404


def test_a_parent_refers_themselves_on_a_phone_without_javascript(browser, live_server, demo) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        _watch(page)
        page.goto(PUBLIC_FORM)
        expect(page.get_by_role("heading", level=1)).to_have_text("Get support from another parent")
        page.get_by_label("Your name").fill("Dan Hughes")
        page.get_by_label("Your email address").fill("dan.hughes@example.com")
        page.get_by_label("What would you like help with?").fill("I'm a new dad and I'd like to meet other dads.")
        page.get_by_label("Another dad").check()
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("You need to agree before you can send this")
        page.get_by_label("I agree").check()
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
        expect(page.locator("main")).to_contain_text("We will look for a peer supporter who suits you.")
    finally:
        context.close()

    from coproduce.peers.models import Referral

    referral = Referral.objects.get(contact_email="dan.hughes@example.com")
    assert referral.consent is True
    assert referral.source == "self"


def test_the_public_form_and_its_thanks_page_pass_axe_on_a_phone(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    page.goto(PUBLIC_FORM)
    check_page(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us what you would like help with")
    check_page(page)
    page.get_by_label("Your name").fill("Dan Hughes")
    page.get_by_label("Your phone number").fill("07700 900398")
    page.get_by_label("What would you like help with?").fill("Somebody to talk to.")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    check_page(page)


def test_every_other_peer_support_page_passes_axe(page: Page, demo) -> None:
    sign_in(page, LEAD, check=False)
    page.goto("/peer-support/supporters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer supporters")
    check_page(page)

    page.get_by_role("link", name="Imran Qureshi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imran Qureshi")
    check_page(page)

    # A check whose expiry is before its issue date is refused, and nothing is saved.
    page.get_by_role("button", name="Record a check or training").click()
    expect(page).to_have_url(re.compile(r"/checks/new$"))
    check_page(page)
    page.get_by_role("radio", name=re.compile("DBS")).check()
    today = dt.date.today()
    _fill_date(page, "Date it was issued or completed", today)
    _fill_date(page, "Date it expires or must be renewed", today - dt.timedelta(days=1))
    page.get_by_role("button", name="Save").click()
    expect_field_error(
        page,
        "The expiry date must be the same as or after the date it was issued",
        href="#id_expires_on",
        error_id="id_expires_on-error",
    )
    check_page(page)
    _fill_date(page, "Date it expires or must be renewed", today.replace(year=today.year + 3))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imran Qureshi")
    check_page(page)

    page.get_by_role("button", name="Record a supervision").click()
    expect(page).to_have_url(re.compile(r"/supervision/new$"))
    check_page(page)
    _fill_date(page, "Date it was held", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imran Qureshi")
    check_page(page)

    # The services directory, and adding to it.
    page.goto("/peer-support/services/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Services directory")
    check_page(page)
    page.get_by_role("button", name="Add a service").click()
    expect(page).to_have_url(re.compile(r"/services/new$"))
    check_page(page)
    page.get_by_role("button", name="Save the service").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the service")
    check_page(page)
    page.get_by_label("Name of the service").fill("Northby Toy Library")
    page.get_by_label("What it offers").fill("Toys and games to borrow for free.")
    page.get_by_label("Who it is for").fill("Families with children under 8")
    page.get_by_role("button", name="Save the service").click()
    expect(page.locator("main")).to_contain_text("Northby Toy Library")
    check_page(page)

    # The families being supported, and one family's plan, a service they were helped to reach and the close.
    page.goto("/peer-support/families/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families being supported")
    check_page(page)
    page.get_by_role("link", name="Ryan Walsh").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ryan Walsh")
    check_page(page)

    page.get_by_role("link", name="Change the strengths and needs, or record a review").click()
    expect(page).to_have_url(re.compile(r"/plan$"))
    check_page(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ryan Walsh")

    page.get_by_role("link", name="Help the family reach a service").click()
    expect(page).to_have_url(re.compile(r"/services/new$"))
    check_page(page)
    page.get_by_label("Service", exact=True).select_option(label="Northby Dads' Club")
    page.get_by_role("button", name=re.compile("^(Save|Record|Add)")).click()
    expect(page.get_by_role("table", name="Services the family was helped to reach")).to_contain_text(
        "Northby Dads' Club"
    )
    check_page(page)

    page.get_by_role("button", name="Close the support").click()
    expect(page).to_have_url(re.compile(r"/close$"))
    check_page(page)
    page.get_by_role("button", name="Close the support").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Write what changed for the family, in their own words"
    )
    check_page(page)
    page.get_by_label("What changed, in the family's own words").fill("I've got my evenings back and the boys are OK.")
    for question in (
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "Overall, how anxious did you feel yesterday?",
    ):
        page.get_by_role("group", name=question).get_by_role("radio", name="6", exact=True).check()
    page.get_by_role("button", name="Close the support").click()
    expect(page.locator("#closed")).to_be_visible()
    expect(page.locator("#wellbeing-change")).to_be_visible()
    check_page(page)

    # A referral closed without a match.
    page.goto("/peer-support/referrals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals for peer support")
    check_page(page)
    page.get_by_role("link", name="Nadia Rashid").click()
    expect(page).to_have_url(re.compile(r"/referrals/[0-9a-f-]+/$"))
    check_page(page)
    page.get_by_role("link", name="Close the referral without a match").click()
    expect(page).to_have_url(re.compile(r"/close$"))
    check_page(page)
    page.get_by_label("Why are you closing it without a match?").fill("Nadia found a group at the mosque instead.")
    page.get_by_role("button", name="Close the referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals for peer support")
    check_page(page)


def test_a_coordinator_sees_the_referrals_waiting_on_a_phone(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, LEAD, check=False)
    go_to(page, "Peer support")
    expect(page.locator("#waiting-count")).to_have_text("4")
    check_page(page)


def test_a_partner_refers_a_family_on_a_phone_and_cannot_see_it_afterwards(new_page, demo) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, PARTNER, check=False)
    go_to(page, "Peer support")
    check_page(page)
    page.get_by_role("button", name="Refer a family").click()
    expect(page).to_have_url(re.compile(r"/referrals/new$"))
    check_page(page)
    page.get_by_label("Their name").fill("Zainab Ali")
    page.get_by_label("Their email address").fill("zainab.ali@example.com")
    page.get_by_label("What would they like help with?").fill("Her son has just been diagnosed with autism.")
    page.get_by_label("Someone who knows about SEND (special educational needs and disabilities)").check()
    page.get_by_label("The family agrees to be referred for peer support").check()
    page.get_by_role("radio", name="They told someone (in person or by phone)").check()
    page.get_by_role("button", name="Send the referral").click()
    # Told someone, but not who: named next to the field.
    expect_field_error(page, "Say who they agreed with", href="#id_consent_to", error_id="id_consent_to-error")
    check_page(page)
    page.get_by_label("The family agrees to be referred for peer support").check()
    page.get_by_label("If they told someone: who?").fill("Bronwen Hughes, Home-Start")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral sent")
    check_page(page)

    from coproduce.peers.models import Referral

    referral = Referral.objects.get(contact_email="zainab.ali@example.com")
    assert referral.consent_how == "Verbally to Bronwen Hughes, Home-Start"
    expect_console_error(page, r"status of 40[34]")
    response = page.goto(f"/peer-support/referrals/{referral.pk}/")
    assert response is not None and response.status in (403, 404)


def test_the_remaining_peer_support_forms_pass_axe(page: Page, demo) -> None:
    from coproduce.peers.models import PeerSupporter

    sign_in(page, LEAD, check=False)
    marta = _episode("Marta Zielińska")
    kasia = PeerSupporter.objects.get(person__full_name="Kasia Nowak")
    pages = {
        "/peer-support/supporters/new": "Add a peer supporter",
        f"/peer-support/supporters/{kasia.pk}/edit": None,
        f"/peer-support/supporters/{kasia.pk}/activities/new": "Help to run an activity",
        f"/peer-support/checks/{kasia.checks.first().pk}/delete": "Delete this check?",
        f"/peer-support/families/{marta.pk}/goals/{marta.goals.first().pk}/": None,
        f"/peer-support/families/{marta.pk}/services/{marta.navigations.first().pk}/": None,
        f"/peer-support/families/{marta.pk}/wellbeing": None,
        "/peer-support/families/?show=closed": "Families being supported",
    }
    for path, heading in pages.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(page)
