"""Payments pages: the policy (amounts typed in pounds), the list with filters and totals, a line's next step,
expenses, the sections on the project, activity and person pages; who may do what; bounded queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.payments.models import PaymentLine, PaymentPolicy
from coproduce.payments.tests.conftest import make_line
from coproduce.people.models import Person
from tests.cast import client_for, make_member

POLICY = reverse("payments:policy")
LIST = reverse("payments:line_list")


def detail(line: PaymentLine) -> str:
    return reverse("payments:line_detail", kwargs={"line_id": line.pk})


def policy_data(**overrides) -> dict:
    return {
        "basis": "hour",
        "rate_pence": "£15.00",
        "methods": ["voucher", "bank_transfer"],
        "expenses": ["travel"],
        "receipts_needed": "yes",
        "benefits_note": "Payments can affect Universal Credit.",
        "advice_signposting": "Citizens Advice: 0800 144 8848",
        **overrides,
    }


class TestPolicyPage:
    def test_it_starts_with_the_standard_wording_and_saves_pounds_as_pence(self, org, lead) -> None:
        client = client_for(lead)
        body = client.get(POLICY).content.decode()
        assert "Universal Credit" in body and "0800 144 8848" in body and "welfare rights team" in body
        response = client.post(POLICY, policy_data())
        assert response.status_code == 302
        policy = PaymentPolicy.objects.get(organisation=org)
        assert (policy.rate_pence, policy.offers_cash, policy.pays_travel, policy.pays_childcare) == (
            1500,
            False,
            True,
            False,
        )
        assert 'value="15.00"' in client.get(POLICY).content.decode()

    @pytest.mark.parametrize(
        ("rate", "message"),
        [
            ("15.001", "Enter rate in pounds to the nearest penny, like 15.00"),
            ("-5", "Rate in pounds cannot be negative"),
            ("fifteen", "Enter rate in pounds as an amount in pounds and pence, like 15.00"),
            ("", "Enter the rate in pounds and pence, like 15.00"),
        ],
    )
    def test_bad_rates_are_refused(self, org, lead, rate, message) -> None:
        response = client_for(lead).post(POLICY, policy_data(rate_pence=rate))
        body = response.content.decode()
        assert response.status_code == 200 and message in body and 'href="#id_rate_pence"' in body
        assert not PaymentPolicy.objects.exists()

    def test_a_way_to_pay_is_needed(self, org, lead) -> None:
        response = client_for(lead).post(POLICY, policy_data(methods=[]))
        assert "Choose at least one way you pay people" in response.content.decode()
        assert not PaymentPolicy.objects.exists()

    @pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER, Role.PARTNER, Role.SAFEGUARDING_LEAD])
    def test_only_leads_and_administrators_set_it(self, org, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(POLICY).status_code == 403
        assert client.post(POLICY, policy_data()).status_code == 403
        assert not PaymentPolicy.objects.exists()


class TestList:
    def test_it_filters_and_totals_with_honoraria_apart_from_expenses(
        self, org, activity, aisha, ben, colleague, policy
    ) -> None:
        make_line(activity, aisha, amount_pence=3000)
        make_line(activity, ben, amount_pence=3000, status="paid", paid_on=timezone.localdate(), method="voucher")
        make_line(activity, ben, amount_pence=4500, status="declined")
        make_line(activity, aisha, kind="travel", amount_pence=460)
        client = client_for(colleague)
        body = client.get(LIST).content.decode()
        assert body.index("Payments for time (honoraria)</caption>") < body.index("Expenses</caption>")
        assert "£30.00" in body and "£4.60" in body and "£45.00" in body
        assert "4 lines" in body
        body = client.get(LIST, {"kind": "expenses"}).content.decode()
        assert "1 line" in body and "Aisha" in body
        body = client.get(LIST, {"status": "declined"}).content.decode()
        assert "1 line" in body and "Ben Carter" in body
        month = timezone.localtime(activity.starts_at).strftime("%Y-%m")
        assert "4 lines" in client.get(LIST, {"month": month}).content.decode()
        other_month = (timezone.localdate() - dt.timedelta(days=400)).strftime("%Y-%m")
        assert "0 lines" in client.get(LIST, {"month": other_month}).content.decode()
        assert "4 lines" in client.get(LIST, {"activity": str(activity.pk)}).content.decode()

    def test_it_is_for_those_who_record_payments(self, org, viewer, stranger, activity, aisha) -> None:
        line = make_line(activity, aisha)
        assert client_for(viewer).get(LIST).status_code == 403
        assert client_for(viewer).get(detail(line)).status_code == 403
        assert client_for(stranger).get(detail(line)).status_code == 404
        assert "Aisha" not in client_for(stranger).get(LIST).content.decode()

    def test_the_queries_do_not_grow_with_the_number_of_lines(self, org, activity, colleague, policy) -> None:
        def add(count: int) -> None:
            for n in range(count):
                person = Person.objects.create(organisation=org, full_name=f"Payee {n}")
                make_line(activity, person)
                make_line(activity, person, kind="travel", amount_pence=200)

        client = client_for(colleague)
        add(2)
        client.get(LIST)
        with CaptureQueriesContext(connection) as few:
            client.get(LIST)
        add(20)
        with CaptureQueriesContext(connection) as many:
            client.get(LIST)
        assert len(many) == len(few)


class TestALine:
    def test_the_benefits_note_is_shown_before_a_payment_for_time_is_accepted(
        self, activity, aisha, colleague, policy
    ) -> None:
        line = make_line(activity, aisha)
        client = client_for(colleague)
        body = client.get(detail(line)).content.decode()
        assert "Before they accept the payment" in body and "Universal Credit" in body and "0800 144 8848" in body
        assert "Mark as paid" not in body
        response = client.post(detail(line), {"action": "benefits"})
        assert "Confirm that you showed them the note on benefits" in response.content.decode()
        line.refresh_from_db()
        assert line.benefits_note_shown_at is None
        client.post(detail(line), {"action": "benefits", "benefits-shown": "on"})
        line.refresh_from_db()
        assert line.benefits_note_shown_at is not None
        body = client.get(detail(line)).content.decode()
        assert "Mark as paid" in body and "Bank transfer" in body and "Cash" not in body
        today = timezone.localdate()
        client.post(
            detail(line),
            {"action": "paid", "paid-paid_on": today.strftime("%d/%m/%Y"), "paid-method": "bank_transfer"},
        )
        line.refresh_from_db()
        assert (line.status, line.paid_on, line.method) == ("paid", today, "bank_transfer")

    def test_declining(self, activity, aisha, colleague, policy) -> None:
        line = make_line(activity, aisha)
        client_for(colleague).post(detail(line), {"action": "decline"})
        line.refresh_from_db()
        assert line.status == "declined"
        assert "They changed their mind" in client_for(colleague).get(detail(line)).content.decode()

    def test_marking_an_expense_paid_without_its_receipt_says_why(self, activity, aisha, colleague, policy) -> None:
        line = make_line(activity, aisha, kind="travel", amount_pence=460)
        client = client_for(colleague)
        today = timezone.localdate().strftime("%d/%m/%Y")
        response = client.post(detail(line), {"action": "paid", "paid-paid_on": today, "paid-method": "voucher"})
        assert "needs a receipt for expenses" in response.content.decode()
        line.refresh_from_db()
        assert line.status == "due"
        response = client.post(detail(line), {"action": "paid", "paid-paid_on": "31/2/2026", "paid-method": "voucher"})
        assert "Enter date paid as a real date" in response.content.decode()
        client.post(
            detail(line), {"action": "receipt", "receipt-receipt_received": "on", "receipt-receipt_reference": "B1"}
        )
        client.post(detail(line), {"action": "paid", "paid-paid_on": today, "paid-method": "voucher"})
        line.refresh_from_db()
        assert (line.status, line.receipt_reference) == ("paid", "B1")


class TestExpenses:
    def test_from_the_activity_for_someone_who_came(self, activity, came, aisha, colleague, policy) -> None:
        url = reverse("payments:expense_for_activity", kwargs={"activity_id": activity.pk})
        client = client_for(colleague)
        body = client.get(url).content.decode()
        assert "Aisha" in body and "Childcare expenses" in body
        response = client.post(
            url, {"person": str(aisha.pk), "kind": "childcare", "amount_pence": "12", "description": "Childminder"}
        )
        line = PaymentLine.objects.get()
        assert response["Location"] == detail(line)
        assert (line.person, line.kind, line.amount_pence, line.activity, line.project) == (
            aisha,
            "childcare",
            1200,
            activity,
            activity.project,
        )

    def test_from_the_person_page_with_bad_input(self, activity, came, aisha, colleague, policy) -> None:
        PaymentPolicy.objects.update(pays_travel=False)
        url = reverse("payments:expense_for_person", kwargs={"person_id": aisha.pk})
        client = client_for(colleague)
        body = client.get(url).content.decode()
        assert "Travel expenses" not in body and "Feeding workshop" in body
        response = client.post(url, {"project": str(activity.project.pk), "kind": "travel", "amount_pence": "4.601"})
        body = response.content.decode()
        assert "Select a valid choice" in body and "Enter amount in pounds to the nearest penny" in body
        assert not PaymentLine.objects.exists()
        response = client.post(
            url,
            {
                "project": str(activity.project.pk),
                "activity": str(activity.pk),
                "kind": "other_expense",
                "amount_pence": "£3.50",
                "receipt_received": "on",
            },
        )
        assert "Enter the receipt" in response.content.decode()
        assert not PaymentLine.objects.exists()

    def test_another_organisation_gets_404(self, activity, aisha, stranger, policy) -> None:
        client = client_for(stranger)
        for url in (
            reverse("payments:expense_for_activity", kwargs={"activity_id": activity.pk}),
            reverse("payments:expense_for_person", kwargs={"person_id": aisha.pk}),
        ):
            assert client.get(url).status_code == 404
            assert client.post(url, {"kind": "other_expense", "amount_pence": "1"}).status_code == 404
        assert not PaymentLine.objects.exists()


class TestSectionsOnOtherPages:
    def test_the_project_page_shows_budget_committed_and_spent(self, project, activity, aisha, colleague) -> None:
        make_line(activity, aisha, amount_pence=3000)
        make_line(activity, aisha, kind="travel", amount_pence=460, status="paid")
        make_line(activity, aisha, amount_pence=9900, status="declined")
        body = client_for(colleague).get(reverse("projects:project_detail", kwargs={"project_id": project.pk}))
        body = body.content.decode()
        assert "Budget for involving families" in body
        assert "£500.00" in body and "£30.00" in body and "£4.60" in body and "£465.40" in body
        assert "£99.00" not in body

    def test_the_project_page_has_a_bounded_number_of_payment_queries(self, org, project, activity, colleague) -> None:
        from django.template.loader import render_to_string

        def render() -> int:
            with CaptureQueriesContext(connection) as queries:
                render_to_string(
                    "payments/_project_budget.html",
                    {"project": project, "user": colleague, "organisation": org},
                )
            return len(queries)

        render()  # the member's role is read once, then cached
        first = render()
        for n in range(10):
            make_line(activity, Person.objects.create(organisation=org, full_name=f"P{n}"))
        assert render() == first == 1

    def test_the_person_page_lists_their_lines(self, aisha, activity, colleague, viewer) -> None:
        make_line(activity, aisha, amount_pence=3000)
        make_line(activity, aisha, kind="travel", amount_pence=460)
        url = reverse("people:person_detail", kwargs={"person_id": aisha.pk})
        body = client_for(colleague).get(url).content.decode()
        section = body[body.index('id="person-payments-heading"') :]
        assert "£30.00" in section and "£4.60" in section and "Add an expense" in section

    def test_the_activity_section(self, org, activity, aisha, colleague, viewer, policy) -> None:
        from django.template.loader import render_to_string

        make_line(activity, aisha, amount_pence=3000)
        make_line(activity, aisha, amount_pence=1500, status="paid")
        context = {"activity": activity, "user": colleague, "organisation": org}
        html = render_to_string("payments/_activity_payments.html", context)
        assert "1 to pay (£30.00)" in html and "1 paid (£15.00)" in html
        assert f"{LIST}?activity={activity.pk}" in html
        assert render_to_string("payments/_activity_payments.html", {**context, "user": viewer}).strip() == ""


def test_amounts_are_never_floats() -> None:
    assert isinstance(PaymentLine._meta.get_field("amount_pence").get_internal_type(), str)
    assert PaymentLine._meta.get_field("amount_pence").get_internal_type() == "PositiveIntegerField"
    assert Decimal("0.1") + Decimal("0.2") == Decimal("0.3")


def test_saving_the_policy_is_audited(org, lead) -> None:
    client_for(lead).post(POLICY, policy_data())
    audit = AuditEvent.objects.get(object_type="payments.PaymentPolicy")
    assert audit.action == AuditEvent.Action.CREATE and "rate_pence" in audit.changes["fields"]
