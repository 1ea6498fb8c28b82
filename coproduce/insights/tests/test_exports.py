"""The insights exports: the same figures as the page (from the same Report), "hidden" for suppressed counts, Excel
with the same rows, the row-level export for admins and leads only, naming no one and streamed, 404 for an
unknown table, an audit event for every export, and spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity
from coproduce.insights import report
from coproduce.insights.exports import HIDDEN
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import Project
from tests.cast import client_for, make_member

pytestmark = pytest.mark.django_db


def url(table: str, fmt: str = "csv") -> str:
    return reverse("insights:export", args=[table, fmt])


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response) -> list[list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def people(org, area, activity):
    for index in range(12):
        came(activity, name=f"White{index}", answers={"ethnic_group": "white_british", "sex": "female"})
    for index in range(3):
        came(activity, name=f"Pak{index}", answers={"ethnic_group": "asian_pakistani", "sex": "male"})
    # 3 Pakistani people are hidden; 6 African people are hidden too (else 18 - 12 - 6 gives the 3 back).
    for index in range(6):
        came(activity, name=f"Afr{index}", answers={"ethnic_group": "black_african", "sex": "male"})
    return Person.objects.filter(organisation=org)


def test_representation_csv_has_the_reports_numbers(org, admin, people) -> None:
    rows = csv_rows(client_for(admin).get(url("representation")))
    built = report.build(Scope(org))
    expected = []
    for table in built.tables:
        for row in table.table.rows:
            expected.append(
                (str(table.characteristic.label), HIDDEN if row.participants is None else str(row.participants))
            )
    assert [(r[0], r[2]) for r in rows[1:]] == expected
    by_category = {(r[0], r[1]): r for r in rows[1:]}
    ethnic = str(built.table("ethnic_group").characteristic.label)
    labels = built.table("ethnic_group").labels
    assert by_category[(ethnic, labels["white_british"])][2] == "12"
    assert by_category[(ethnic, labels["black_african"])][2] == HIDDEN
    # 3 Pakistani people: hidden, and so marked.
    pakistani = by_category[(ethnic, labels["asian_pakistani"])]
    assert pakistani[2] == HIDDEN and pakistani[11] == "yes" and pakistani[3] == ""


def test_xlsx_has_the_same_rows_as_csv(org, admin, people) -> None:
    client = client_for(admin)
    from_csv = csv_rows(client.get(url("representation", "csv")))
    from_xlsx = xlsx_rows(client.get(url("representation", "xlsx")))
    assert from_xlsx == from_csv


@pytest.mark.parametrize("table", ["reach", "participation", "ways", "needs", "follow-through"])
def test_each_summary_table_exports(org, admin, people, table) -> None:
    response = client_for(admin).get(url(table))
    assert response.status_code == 200
    rows = csv_rows(response)
    assert rows and rows[0]


def test_reach_csv_shows_hidden(org, admin, people) -> None:
    rows = {r[0]: r[2] for r in csv_rows(client_for(admin).get(url("reach")))[1:] if not r[1]}
    assert rows["People who took part"] == "21"


def test_involvements_export_is_for_admins_and_leads_only(org, admin, viewer, people) -> None:
    assert client_for(viewer).get(url("involvements")).status_code == 403
    lead = make_member(org, "lead@example.org", Role.LEAD)
    assert client_for(lead).get(url("involvements")).status_code == 200
    dpo = make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER)
    assert client_for(dpo).get(url("involvements")).status_code == 403


def test_involvements_export_names_no_one_and_streams(org, admin, people, activity) -> None:
    response = client_for(admin).get(url("involvements"))
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 1 + 21
    assert rows[1][3] == "Design day"
    for person in people:
        assert person.full_name not in body
        assert str(person.pk) not in body
        assert str(person.pk.hex) not in body


def test_an_unknown_table_or_format_is_404(org, admin) -> None:
    client = client_for(admin)
    assert client.get(url("secrets")).status_code == 404
    assert client.get(url("reach", "pdf")).status_code == 404


@pytest.mark.parametrize("table,fmt", [("representation", "csv"), ("reach", "xlsx"), ("involvements", "csv")])
def test_every_export_is_audited(org, admin, people, table, fmt) -> None:
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    response = client_for(admin).get(url(table, fmt), {"period": "6m"})
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert events.count() == before + 1
    event = events.order_by("-pk").first()
    assert event.organisation_id == org.pk
    assert event.changes["table"] == table and event.changes["format"] == fmt and event.changes["period"] == "6m"


def test_a_formula_in_a_title_is_neutralised(org, admin) -> None:
    project = Project.objects.create(organisation=org, title="=SUM(A1)", goal="x")
    activity = Activity.objects.create(organisation=org, project=project, title="+cmd|' /C calc'!A0", kind="workshop")
    came(activity, name="Someone")
    client = client_for(admin)
    [_header, row] = csv_rows(client.get(url("involvements")))
    assert not row[2].startswith("=") and "SUM(A1)" in row[2]
    assert not row[3].startswith("+")
    from_xlsx = xlsx_rows(client.get(url("involvements", "xlsx")))
    assert not from_xlsx[1][2].startswith("=")
