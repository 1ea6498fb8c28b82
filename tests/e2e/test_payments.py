"""Involvement payments: the co-production lead sets the payment policy, the register makes payments for time,
a payment is accepted after the note on benefits and paid, an expense is added, and the lines go to finance as
CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, expect_errors, expect_field_error, expect_success, sign_in

pytestmark = pytest.mark.e2e

LEAD_EMAIL = "priya.shah@example.org"


def _register_taken(organisation) -> tuple:
    """A past workshop whose register has been saved: two people came."""
    from django.utils import timezone

    from coproduce.accounts.models import User
    from coproduce.engagement.models import Activity, Attendance
    from coproduce.engagement.services.register import register_save
    from coproduce.people.models import Person
    from coproduce.projects.models import Project

    project = Project.objects.for_organisation(organisation).order_by("title").first()
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) - dt.timedelta(days=2)
    activity = Activity.objects.create(
        organisation=organisation,
        project=project,
        title="Co-design: the new hub timetable",
        kind="co_design",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        join_in_person=True,
    )
    people = [Person.objects.create(organisation=organisation, full_name=name) for name in ("Amina Yusuf", "=Bad Sum")]
    for person in people:
        Attendance.objects.create(organisation=organisation, activity=activity, person=person)
    register_save(
        actor=User.objects.get(email=LEAD_EMAIL),
        activity=activity,
        changes={person.pk: {"attended": True} for person in people},
    )
    return project, activity, people


def test_policy_payments_and_export_for_finance(page, demo) -> None:
    from coproduce.payments.models import PaymentLine, PaymentPolicy

    # Start from an organisation with no policy and no payments (the demo has both).
    PaymentLine.objects.filter(organisation=demo).delete()
    PaymentPolicy.objects.filter(organisation=demo).delete()
    sign_in(page, LEAD_EMAIL, check=False)
    page.goto("/payments/policy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Payment policy")
    expect(page.get_by_label("How payments can affect benefits")).to_contain_text("Universal Credit")
    check_page(page)

    page.get_by_role("group", name="How do you pay people for their time?").get_by_label("Per hour").check()
    page.get_by_label("Rate in pounds").fill("15.005")
    page.get_by_role("group", name="Do people need to give a receipt for expenses?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save the policy").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "Enter rate in pounds to the nearest penny, like 15.00",
        href="#id_rate_pence",
        error_id="id_rate_pence-error",
    )
    check_page(page)
    page.get_by_label("Rate in pounds").fill("£15.00")
    page.get_by_role("button", name="Save the policy").click()
    expect_success(page, "The payment policy has been saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Payments and expenses")
    assert PaymentPolicy.objects.get(organisation=demo).rate_pence == 1500
    check_page(page)

    # The register of a past workshop is saved: each person who came has a payment for time.
    project, activity, people = _register_taken(demo)
    page.reload()
    honoraria = page.get_by_role("table", name="Payments for time (honoraria)")
    expect(honoraria.get_by_role("row")).to_have_count(3)
    expect(honoraria).to_contain_text("Amina Yusuf")
    expect(honoraria).to_contain_text("£30.00")
    check_page(page)

    # Amina accepts hers after being shown the note on benefits, and is paid by voucher.
    amina = PaymentLine.objects.get(person=people[0])
    honoraria.get_by_role("row").filter(has_text="Amina Yusuf").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Payment for time: £30.00")
    expect(page.locator("main")).to_contain_text("0800 144 8848")
    check_page(page)
    page.get_by_label("We showed them the note on benefits").check()
    page.get_by_role("button", name="They accept the payment").click()
    expect_success(page, "They have accepted the payment.")
    page.get_by_role("group", name="How was it paid?").get_by_label("Shopping voucher").check()
    page.get_by_role("button", name="Mark as paid").click()
    expect_success(page, "The payment has been marked as paid.")
    check_page(page)
    amina.refresh_from_db()
    assert (amina.status, amina.method) == ("paid", "voucher")

    # A bus fare, from the activity, without its receipt yet.
    page.goto(f"/activities/{activity.pk}/expenses/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an expense")
    check_page(page)
    page.get_by_role("group", name="Who is it for?").get_by_label("Amina Yusuf").check()
    page.get_by_role("group", name="What is it for?").get_by_label("Travel expenses").check()
    page.get_by_label("Amount in pounds").fill("4.60")
    page.get_by_role("button", name="Add the expense").click()
    expect_success(page, "The expense has been added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expense: £4.60")
    check_page(page)

    # Finance get everything as CSV.
    page.goto("/payments/")
    page.get_by_role("button", name="Export for finance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export payments for finance")
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as CSV").click()
    download = download_info.value
    assert re.fullmatch(r"payments-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    assert sorted((row["Person"], row["What for"], row["Amount (£)"], row["Status"]) for row in rows) == [
        ("'=Bad Sum", "Payment for time (honorarium)", "30.00", "To pay"),
        ("Amina Yusuf", "Payment for time (honorarium)", "30.00", "Paid"),
        ("Amina Yusuf", "Travel expenses", "4.60", "To pay"),
    ]

    # The project page shows the budget for involving families.
    page.goto(f"/projects/{project.pk}/")
    budget = page.get_by_role("region", name="Budget for involving families")
    expect(budget).to_contain_text("£34.60")  # to pay: £30.00 for time and the £4.60 bus fare
    expect(budget).to_contain_text("£30.00 for time, £0.00 expenses")  # paid
