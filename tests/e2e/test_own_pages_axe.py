"""axe on the pages the other browser tests do not reach, at a phone's size: a parent's own "Your details" page
(with a mistake, then saved) and their own page to ask for their information to be deleted (and its answer), for
an adult and for a young person; and staff sending a person their own link and cancelling every link sent."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, check_page, expect_errors, expect_success, sign_in
from tests.e2e.test_family_self_service import make_person, own_link

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "amara.okafor@example.org"


@pytest.fixture
def parent(demo):
    return make_person(
        demo,
        full_name="Rosa Delgado",
        preferred_name="Rosa",
        email="rosa.delgado.family@example.com",
        phone="07700 900318",
        postcode="NB3 4XY",
        contact_by_email=True,
    )


def test_a_parent_corrects_their_details_on_a_phone(new_page, parent) -> None:
    page = new_page(viewport=PHONE)
    response = page.goto(f"{own_link(parent)}details")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    check_page(page)

    # A mistake: the error summary and the message by the field pass axe too.
    page.get_by_label("Phone number").fill("12345")
    page.get_by_role("button", name="Save your details").click()
    expect_errors(page, 1)
    check_page(page)

    page.get_by_label("Phone number").fill("07700 900319")
    page.get_by_label("How do you say your name?").fill("ROH-sa")
    page.get_by_role("button", name="Save your details").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    check_page(page)
    parent.refresh_from_db()
    assert (parent.phone, parent.pronunciation) == ("07700 900319", "ROH-sa")


@pytest.mark.parametrize("age", [None, 14], ids=["adult", "young person"])
def test_a_person_asks_for_their_information_to_be_deleted_on_a_phone(new_page, demo, parent, age) -> None:
    from coproduce.datarights.models import DataRightsRequest

    if age is not None:
        parent.date_of_birth = dt.date.today().replace(year=dt.date.today().year - age) - dt.timedelta(days=30)
        parent.save(update_fields=["date_of_birth"])
    page = new_page(viewport=PHONE)
    response = page.goto(f"{own_link(parent)}request/erasure")
    assert response is not None and response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us to delete your information")
    check_page(page)
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We have your request")
    check_page(page)
    request = DataRightsRequest.objects.get(person=parent)
    assert (request.kind, request.made_by) == ("erasure", "person")


def test_staff_send_a_person_their_own_link_and_cancel_every_link_on_a_phone(new_page, parent) -> None:
    from django.core import mail

    from coproduce.consent.links import make_token, person_from_token

    old_link = make_token(parent)
    page = new_page(viewport=PHONE)
    sign_in(page, ADMIN_EMAIL, check=False)
    page.goto(f"/people/{parent.pk}/consents")
    check_page(page)

    page.get_by_role("button", name="Send them their own link").click()
    expect_success(page, "We have emailed Rosa their own link. It works for 30 days.")
    check_page(page)
    assert [message.to for message in mail.outbox if parent.email in message.to] == [[parent.email]]

    page.locator(".govuk-details__summary", has_text="A link went to the wrong person?").click()
    check_page(page)  # with the warning button showing
    page.get_by_role("button", name="Cancel every link sent to them").click()
    expect_success(page, "Every link sent to Rosa so far has stopped working. Send them a new one if they need it.")
    check_page(page)
    assert person_from_token(old_link) is None
