"""The data protection officer at work: the data protection area, privacy notice versions, the data sharing
register, data rights requests, a subject access export (page and JSON file), erasure, retention, and equality
monitoring; and an administrator refused when sharing someone's details with a partner without an agreement."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import check_page, expect_errors, expect_field_error, expect_success, go_to, sign_in

pytestmark = pytest.mark.e2e

DPO_EMAIL = "helen.fraser@example.org"
ADMIN_EMAIL = "amara.okafor@example.org"
AREA_LINKS = [
    "Data rights requests",
    "Retention",
    "Privacy notices",
    "Data sharing agreements",
    "Equality monitoring summary",
    "Audit log",
]


def today_text(day: dt.date | None = None) -> str:
    day = day or dt.date.today()
    return f"{day.day}/{day.month}/{day.year}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def make_person(organisation, **fields):
    from coproduce.people.models import Person

    return Person.objects.create(organisation=organisation, **fields)


def open_area(page: Page, link: str) -> None:
    """From the service navigation to one part of the data protection area."""
    go_to(page, "Data protection")
    page.get_by_role("link", name=link, exact=True).click()


def test_the_area_privacy_notices_and_the_sharing_register(page: Page, demo) -> None:
    from coproduce.consent.models import DataSharingAgreement

    sign_in(page, DPO_EMAIL, check=False)
    go_to(page, "Data protection")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    expect(page.locator("main h2")).to_have_text(AREA_LINKS)
    check_page(page)

    # A new version of the privacy notice: first with nothing filled in.
    page.get_by_role("link", name="Privacy notices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notices")
    versions = page.locator("main tbody tr td:first-child")
    expect(versions).to_have_count(2)
    check_page(page)
    page.get_by_role("button", name="Add a new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a new version of the privacy notice")
    check_page(page)
    page.get_by_role("button", name="Add the version").click()
    expect_errors(page, 3)
    expect_field_error(
        page, "Enter the version number, for example 2.1", href="#id_version", error_id="id_version-error"
    )
    expect_field_error(
        page, "Enter a summary of the notice in plain English", href="#id_summary", error_id="id_summary-error"
    )
    check_page(page)
    page.get_by_label("Version").fill("3.0")
    page.get_by_label("Date published").fill(today_text())
    page.get_by_label("Summary").fill(
        "We collect your name, contact details and what you need to take part. We now keep it for three years."
    )
    page.get_by_role("button", name="Add the version").click()
    expect_success(page, "Version 3.0 has been added.")
    expect(versions).to_have_count(3)
    expect(versions.first).to_have_text(re.compile(r"^3\.0\s+Current$"))
    check_page(page)

    # The data sharing register: an agreement whose review date comes before its start.
    open_area(page, "Data sharing agreements")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data sharing agreements")
    overdue = page.locator("main tbody tr").filter(has_text="Northby Health Visiting Service")
    expect(overdue.locator(".govuk-tag")).to_have_text("Review overdue: sharing stopped")
    check_page(page)
    page.get_by_role("button", name="Add an agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a data sharing agreement")
    check_page(page)
    starts = dt.date.today() - dt.timedelta(days=10)
    page.get_by_label("Partner").select_option(label="St Mary's Primary School")
    page.get_by_label("Why we share").fill(
        "Letting the school know which families asked for help with school readiness."
    )
    page.get_by_label("What we share").fill("Parent's name and email address; the child's first name.")
    page.get_by_label("Start date").fill(today_text(starts))
    page.get_by_label("Review date").fill(today_text(starts - dt.timedelta(days=1)))
    page.get_by_role("button", name="Save the agreement").click()
    expect_errors(page, 1)
    expect_field_error(
        page, "The review date must be after the start date", href="#id_review_on", error_id="id_review_on-error"
    )
    check_page(page)
    assert not DataSharingAgreement.objects.filter(partner__name="St Mary's Primary School").exists()

    review = starts + dt.timedelta(days=365)
    page.get_by_label("Review date").fill(today_text(review))
    page.get_by_role("button", name="Save the agreement").click()
    expect_success(page, "The agreement with St Mary's Primary School has been saved.")
    added = page.locator("main tbody tr").filter(has_text="St Mary's Primary School")
    expect(added.locator(".govuk-tag")).to_have_text("Current")
    expect(added).to_contain_text(f"{review.day} {review:%b %Y}")
    check_page(page)


def test_log_and_complete_a_data_rights_request(page: Page, demo) -> None:
    from coproduce.datarights.models import DataRightsRequest, one_month_after

    person = make_person(demo, full_name="Ruth Quartey", postcode="NB3 4QX")
    sign_in(page, DPO_EMAIL, check=False)
    open_area(page, "Data rights requests")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data rights requests")
    expect(page.get_by_role("status")).to_have_text("3 requests")  # the demo's open ones
    check_page(page)

    page.get_by_role("button", name="Log a request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a data rights request")
    page.get_by_label("Find the person").fill("quartey")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Log a request for Ruth Quartey (NB3 4QX)").click()
    expect(page.locator("main .govuk-summary-list")).to_contain_text("Ruth Quartey")
    expect(page.get_by_label("Date received")).to_have_value(today_text())
    check_page(page)

    page.get_by_role("button", name="Log the request").click()
    expect_errors(page, 2)
    expect_field_error(page, "Select what they are asking for", href="#id_kind_0", error_id="id_kind-error")
    check_page(page)
    page.get_by_label("Correct their information (rectification)").check()
    page.get_by_label("Received by staff (letter, email, phone or in person)").check()
    page.get_by_label("Notes (optional)").fill("Phoned the hub; identity checked by a call back.")
    page.get_by_role("button", name="Log the request").click()
    due = one_month_after(dt.date.today())
    expect_success(page, f"The request has been logged. It is due by {long_date(due)}.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct their information (rectification)")
    expect(page.locator("main")).to_contain_text(long_date(due))
    expect(page.get_by_role("link", name="Correct their details")).to_be_visible()
    check_page(page)

    page.get_by_role("button", name="Mark as completed").click()
    expect_success(page, "The request has been marked as completed.")
    expect(page.locator("main .govuk-summary-list .govuk-tag")).to_have_text("Completed")
    expect(page.get_by_role("button", name="Mark as completed")).to_have_count(0)
    check_page(page)
    rights_request = DataRightsRequest.objects.get(person=person)
    assert rights_request.status == "completed" and rights_request.completed_on == dt.date.today()


def test_subject_access_export_as_a_page_and_a_file(page: Page, demo) -> None:
    from coproduce.core.models import AuditEvent
    from coproduce.datarights.models import DataRightsRequest

    person = make_person(
        demo, full_name="Nadia Quartey", email="nadia.quartey@example.com", phone="07700 900875", postcode="NB5 2QX"
    )
    sign_in(page, DPO_EMAIL, check=False)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="See everything we hold about this person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("See everything we hold about someone")
    check_page(page)
    page.get_by_label("A new request, received today").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The information we hold about you")
    main = page.locator("main")
    expect(main).to_contain_text(person.reference)
    expect(main).to_contain_text("nadia.quartey@example.com")
    expect(main).to_contain_text("07700 900875")
    check_page(page)
    rights_request = DataRightsRequest.objects.get(person=person)
    assert rights_request.kind == "access"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download it as a JSON file (machine-readable)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"subject-access-{person.reference}-")
    with open(download.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["person_reference"] == person.reference
    assert "nadia.quartey@example.com" in json.dumps(data)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_label=person.audit_label).count() == 2


def test_erase_a_person(page: Page, demo) -> None:
    from coproduce.people.models import Person

    person = make_person(demo, full_name="Laura Quartey", email="laura.quartey@example.com", postcode="NB6 1QX")
    sign_in(page, DPO_EMAIL, check=False)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Erase this person's information").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase someone's information")
    expect(page.locator("main .govuk-warning-text")).to_contain_text("Erasing cannot be undone.")
    check_page(page)

    page.get_by_label("No, show their contributions as from “someone who took part”").check()
    page.get_by_role("button", name="Erase their information").click()
    expect_errors(page, 1)
    expect_field_error(
        page, "Confirm that you understand this cannot be undone", href="#id_confirm", error_id="id_confirm-error"
    )
    check_page(page)
    person.refresh_from_db()
    assert not person.is_erased

    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase their information").click()
    expect_success(page, "Their information has been erased.")
    expect(page.get_by_role("heading", level=1)).to_have_text("This person's details were erased")
    expect(page.locator("main")).not_to_contain_text("Quartey")
    check_page(page)
    erased = Person.objects.get(pk=person.pk)
    assert erased.is_erased and "Quartey" not in erased.full_name and erased.email == ""


def test_retention_dry_run_then_apply(page: Page, demo) -> None:
    from django.utils import timezone

    inactive = make_person(demo, full_name="Rosa Quartey", last_active_at=timezone.now() - dt.timedelta(days=5 * 365))
    sign_in(page, DPO_EMAIL, check=False)
    open_area(page, "Retention")
    expect(page.get_by_role("heading", level=1)).to_have_text("How long we keep records")
    dry_run = page.get_by_role("table", name="Records past their retention period today")
    people = dry_run.locator("tbody tr").filter(has_text="People who have not taken part or been in touch")
    expect(people.locator("td").nth(1)).to_have_text("36 months")
    expect(people.locator("td").nth(3)).to_have_text("1")
    check_page(page)

    page.get_by_role("button", name="Apply now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply retention now?")
    expect(page.locator("main li")).to_have_text(["People who have not taken part or been in touch (anonymised): 1"])
    check_page(page)
    inactive.refresh_from_db()
    assert not inactive.is_erased  # nothing happens before the confirmation

    page.get_by_role("button", name="Yes, apply retention now").click()
    expect_success(page, "Retention has been applied")
    expect(people.locator("td").nth(3)).to_have_text("0")
    expect(page.locator("main")).to_contain_text("Nothing is past its retention period today.")
    check_page(page)
    inactive.refresh_from_db()
    assert inactive.is_erased


def test_equality_summary_and_one_persons_answers(page: Page, demo) -> None:
    from coproduce.core.models import AuditEvent
    from coproduce.equality.models import EqualityProfile

    person = make_person(demo, full_name="Fatima Quartey")
    EqualityProfile.objects.create(organisation=demo, person=person, sex="female", first_time="yes")
    sign_in(page, DPO_EMAIL, check=False)
    open_area(page, "Equality monitoring summary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring summary")
    expect(page.get_by_role("table", name="Sex", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Ethnic group", exact=True).locator("tbody tr")).to_have_count(22)
    check_page(page)

    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count()
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="See their answers to the equality monitoring questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring answers")
    answers = page.locator("main h2:text-is('Their answers') + dl")
    expect(answers).to_contain_text("Female")
    expect(answers).to_contain_text("Yes")
    check_page(page)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count() == views + 1


def test_sharing_without_an_agreement_is_refused(page: Page, demo) -> None:
    from coproduce.consent.models import DataShare

    person = make_person(demo, full_name="Leah Quartey", email="leah.quartey@example.com")
    sign_in(page, ADMIN_EMAIL, check=False)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("button", name="Share details with a partner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share details with a partner")
    expect(page.locator("main .govuk-summary-list")).to_contain_text("Home-Start Northby")
    check_page(page)

    page.get_by_label("Which partner?").select_option(label="Northby Young Carers")
    page.get_by_label("Why are you sharing their details?").fill("Her son asked about the young carers' group.")
    details = page.get_by_role("group", name="Which details?")
    details.get_by_label("Name").check()
    details.get_by_label("Email address").check()
    page.get_by_role("button", name="Share and email the partner").click()
    expect_errors(page, 1)
    reason = (
        "There is no current data sharing agreement with Northby Young Carers. Add or review one in the register first."
    )
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=reason)).to_have_attribute(
        "href", "#id_partner"
    )
    check_page(page)
    assert not DataShare.objects.filter(person=person).exists()
