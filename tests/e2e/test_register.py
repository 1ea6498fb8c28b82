"""The register on the day, on a tablet: hub staff see who has a place with their needs and photo consent and the
safeguarding arrangements, tick who came, correct a mistake, and add a walk-in with their consent on the spot."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import check_page, expect_errors, expect_field_error, expect_success, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 1024, "height": 768}
STAFF_EMAIL = "tom.gallagher@example.org"


def _set_up(organisation):
    from django.utils import timezone

    from coproduce.accounts.models import User
    from coproduce.consent.models import Consent
    from coproduce.engagement.models import Activity, Invitation
    from coproduce.payments.models import PaymentPolicy
    from coproduce.payments.services import default_policy_fields
    from coproduce.people.models import AccessNeeds, Person
    from coproduce.projects.models import Project

    project = Project.objects.for_organisation(organisation).order_by("title").first()
    starts = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(minutes=30)
    activity = Activity.objects.create(
        organisation=organisation,
        project=project,
        title="Stay and play: what would help dads feel welcome?",
        kind="workshop",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        join_in_person=True,
        lead_on_duty=User.objects.get(email="priya.shah@example.org"),
        children_present=True,
        ratio_adults=1,
        ratio_children=3,
    )
    siobhan = Person.objects.create(
        organisation=organisation, full_name="Siobhan Kelly", preferred_name="Siobhan", pronunciation="shiv-AWN"
    )
    AccessNeeds.objects.create(organisation=organisation, person=siobhan, childcare=True, step_free=True)
    marek = Person.objects.create(organisation=organisation, full_name="Marek Nowak")
    Consent.objects.filter(person__in=[siobhan, marek]).delete()
    Consent.objects.create(organisation=organisation, person=siobhan, purpose="photos", status="given", method="online")
    for person in (siobhan, marek):
        Invitation.objects.create(organisation=organisation, activity=activity, person=person, reply="yes")
    PaymentPolicy.objects.update_or_create(
        organisation=organisation, defaults={**default_policy_fields(), "rate_pence": 1500}
    )
    return activity, siobhan, marek


def card(page: Page, name: str):
    return page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name=name, exact=True))


def test_taking_the_register_with_a_walk_in_on_a_tablet(new_page, demo) -> None:
    from coproduce.engagement.models import Attendance
    from coproduce.payments.models import PaymentLine

    activity, siobhan, _marek = _set_up(demo)
    page = new_page(viewport=TABLET)
    sign_in(page, STAFF_EMAIL, check=False)
    page.goto(f"/activities/{activity.pk}/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    safeguarding = page.get_by_role("region", name="Safeguarding today")
    expect(safeguarding).to_contain_text("Priya Shah")
    expect(safeguarding).to_contain_text("1 adult for every 3 children")
    expect(safeguarding.get_by_role("button", name="Raise a safeguarding concern")).to_be_visible()
    expect(card(page, "Siobhan")).to_contain_text("Photos OK")
    expect(card(page, "Siobhan")).to_contain_text("Say it: shiv-AWN")
    expect(card(page, "Marek Nowak")).to_contain_text("No photos")
    check_page(page)

    # A typo in the hours is caught, and nothing is saved.
    siobhan_card = card(page, "Siobhan")
    siobhan_card.get_by_label("Came").check()
    siobhan_card.get_by_label("Hours").fill("two")
    page.get_by_role("button", name="Save the register").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "Enter the hours Siobhan took part as a number, like 1.5",
        href=f"#id_hours_{siobhan.pk.hex}",
        error_id=f"id_hours_{siobhan.pk.hex}-error",
    )
    check_page(page)
    assert not Attendance.objects.filter(activity=activity).exists()

    siobhan_card = card(page, "Siobhan")
    expect(siobhan_card.get_by_label("Came")).to_be_checked()
    siobhan_card.get_by_label("Hours").fill("1.5")
    siobhan_card.get_by_label("Childcare").check()
    page.get_by_role("button", name="Save the register").click()
    expect_success(page, "The register has been saved. 1 person came.")
    check_page(page)

    # A dad who was not invited walks in.
    page.get_by_role("button", name="Add someone who walked in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add someone who walked in")
    check_page(page)
    page.get_by_label("Their name or phone number").fill("Zainab Okoye")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("Nobody on record matches")
    expect(page.get_by_label("Full name")).to_have_value("Zainab Okoye")
    page.get_by_role("button", name="Add to the register").click()
    expect_errors(page, 3)
    check_page(page)
    page.get_by_label("Phone number (optional)").fill("07700 900 314")
    page.get_by_role("group", name="How did they hear about it? (optional)").get_by_label(
        "From a friend or family member"
    ).check()
    page.get_by_role("group", name="Are they happy for us to contact them about taking part?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Are they happy to be in photos?").get_by_label("No").check()
    page.get_by_role("group", name="How did they give these answers?").get_by_label("They told me").check()
    page.get_by_role("button", name="Add to the register").click()
    expect_success(page, "Zainab Okoye has been added and is on the register as having come.")
    walk_in = card(page, "Zainab Okoye")
    expect(walk_in).to_contain_text("Walk-in")
    expect(walk_in).to_contain_text("No photos")
    expect(walk_in.get_by_label("Came")).to_be_checked()
    check_page(page)

    came = dict(Attendance.objects.filter(activity=activity).values_list("person__full_name", "attended"))
    assert came == {"Siobhan Kelly": True, "Marek Nowak": False, "Zainab Okoye": True}
    amounts = dict(PaymentLine.objects.filter(activity=activity).values_list("person__full_name", "amount_pence"))
    assert amounts == {"Siobhan Kelly": 2250, "Zainab Okoye": 3000}
