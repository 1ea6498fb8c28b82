"""The export for finance: CSV (streamed) and XLSX with the list's filters, formula injection neutralised, payments
for time before expenses, audited with the names of the filters only; and the API (amounts in whole pence)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership, Role
from coproduce.payments.services import line_reference
from coproduce.payments.tests.conftest import make_line
from tests.cast import client_for, make_member

EXPORT = reverse("payments:export")


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def lines(activity, aisha, ben):
    aisha.full_name = '=HYPERLINK("http://evil.example")'
    aisha.save()
    return [
        make_line(activity, ben, kind="travel", amount_pence=460, receipt_received=True, receipt_reference="+B-1"),
        make_line(activity, aisha, amount_pence=3000, description="@SUM(A1)"),
        make_line(activity, ben, amount_pence=125050, status="paid", paid_on=timezone.localdate(), method="voucher"),
    ]


class TestExport:
    def test_the_csv_has_the_columns_finance_needs_and_no_formulas(self, lead, lines, activity) -> None:
        response = client_for(lead).get(EXPORT, {"format": "csv"})
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"
        assert response["Content-Type"].startswith("text/csv")
        rows = read_csv(response)
        assert rows[0] == [
            "Reference",
            "Person",
            "Project",
            "Activity",
            "Date",
            "What for",
            "Description",
            "Amount (£)",
            "Method",
            "Status",
            "Date paid",
            "Receipt",
        ]
        kinds = [row[5] for row in rows[1:]]
        assert kinds == ["Payment for time (honorarium)"] * 2 + ["Travel expenses"]
        by_reference = {row[0]: row for row in rows[1:]}
        honorarium = by_reference[line_reference(lines[1])]
        assert honorarium[1] == '\'=HYPERLINK("http://evil.example")'
        assert honorarium[6] == "'@SUM(A1)" and honorarium[7] == "30.00" and honorarium[11] == ""
        paid = by_reference[line_reference(lines[2])]
        assert paid[7] == "1250.50" and paid[8] == "Shopping voucher" and paid[9] == "Paid"
        travel = by_reference[line_reference(lines[0])]
        assert travel[11] == "Received: +B-1" and travel[3] == "Feeding workshop"
        assert travel[4] == timezone.localtime(activity.starts_at).date().isoformat()

    def test_filters_apply_and_the_audit_names_them_only(self, lead, lines) -> None:
        response = client_for(lead).get(EXPORT, {"format": "csv", "kind": "expenses", "status": "due"})
        assert len(read_csv(response)) == 2
        audit = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
        assert audit.changes == {"format": "csv", "rows": 1, "filters": ["kind", "status"]}
        assert audit.summary == "Exported 1 payment lines as CSV"

    def test_a_bad_filter_exports_nothing(self, lead, lines) -> None:
        response = client_for(lead).get(EXPORT, {"format": "csv", "status": "lost"})
        assert response.status_code == 200 and "Nothing has been exported" in response.content.decode()
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()

    def test_the_workbook_has_amounts_as_numbers(self, lead, lines) -> None:
        from openpyxl import load_workbook

        response = client_for(lead).get(EXPORT, {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][7] == "Amount (£)"
        amounts = sorted(Decimal(str(row[7])) for row in rows[1:])
        assert amounts == [Decimal("4.6"), Decimal("30"), Decimal("1250.5")]
        assert any(row[1] == '\'=HYPERLINK("http://evil.example")' for row in rows[1:])

    def test_the_page_offers_both_formats(self, lead, lines) -> None:
        body = client_for(lead).get(EXPORT, {"status": "due"}).content.decode()
        assert "2 lines match the filters you chose." in body
        assert "status=due&amp;format=csv" in body

    @pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER, Role.DATA_PROTECTION_OFFICER])
    def test_only_leads_and_administrators_export(self, org, role, lines) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(EXPORT, {"format": "csv"}).status_code == 403
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


class TestApi:
    def test_it_lists_lines_with_amounts_in_pence(self, colleague, lines, project) -> None:
        response = client_for(colleague).get("/api/v1/payments", **bearer(colleague))
        assert response.status_code == 200
        items = response.json()["items"]
        assert [item["kind"] for item in items] == ["honorarium", "honorarium", "travel"]
        assert sorted(item["amount_pence"] for item in items) == [460, 3000, 125050]
        assert all(isinstance(item["amount_pence"], int) for item in items)
        travel = items[-1]
        assert travel["is_expense"] and travel["receipt_reference"] == "+B-1"
        assert travel["reference"] == line_reference(lines[0])
        assert travel["project_id"] == str(project.pk)

    def test_filters(self, colleague, lines) -> None:
        client = client_for(colleague)
        auth = bearer(colleague)
        assert client.get("/api/v1/payments?status=paid", **auth).json()["count"] == 1
        assert client.get("/api/v1/payments?kind=expenses", **auth).json()["count"] == 1
        month = timezone.localdate().strftime("%Y-%m")
        assert client.get(f"/api/v1/payments?month={month}", **auth).status_code == 200
        assert client.get("/api/v1/payments?month=November", **auth).status_code == 422
        assert client.get("/api/v1/payments?status=lost", **auth).status_code == 422

    def test_one_line_and_who_may_read(self, colleague, viewer, stranger, lines) -> None:
        path = f"/api/v1/payments/{lines[1].pk}"
        response = client_for(colleague).get(path, **bearer(colleague))
        assert response.json()["amount_pence"] == 3000 and response.json()["description"] == "@SUM(A1)"
        assert client_for(viewer).get(path, **bearer(viewer)).status_code == 403
        assert client_for(viewer).get("/api/v1/payments", **bearer(viewer)).status_code == 403
        assert client_for(stranger).get(path, **bearer(stranger)).status_code == 404
        assert client_for(stranger).get("/api/v1/payments", **bearer(stranger)).json()["count"] == 0
