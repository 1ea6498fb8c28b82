"""The decision log's export: CSV and XLSX with the log's columns and filters, formulas made plain text, only the
organisation's own decisions, and an audit line for each export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.decisions.tests.conftest import promise, record
from tests.cast import client_for

EXPORT = reverse("decisions:decision_export")
HEADER = [
    "Date",
    "Project",
    "Title",
    "What was decided",
    "Who decided",
    "Groups present",
    "Degree of participation",
    "Options considered",
    "Assumptions and biases checked",
    "Contributions linked",
    "Activities linked",
    "Review date",
    "Promises",
]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def decisions(colleague, org, project, activity, contribution, group, today, stranger, other_project):
    full = record(
        colleague,
        project,
        title='=HYPERLINK("http://evil.example")',
        what_was_decided="Start at 10:30",
        decided_by="Steering group: 4 parents and the hub manager",
        degree_of_participation=3,
        options_considered="+Keep 9:30",
        assumptions_checked="We asked dads too",
        contributions=[contribution],
        activities=[activity],
        stakeholder_groups_present=[group],
        decided_on=today - dt.timedelta(days=3),
        review_date=today + dt.timedelta(days=90),
    )
    promise(colleague, org, decisions=[full])
    promise(colleague, org, decisions=[full], text="We will tell everyone")
    bare = record(colleague, project, title="A plain one", what_was_decided="Nothing more")
    record(stranger, other_project, title="Southby's decision")
    return {"full": full, "bare": bare}


def test_the_csv_has_the_logs_columns_and_neutralises_formulas(colleague, decisions, today) -> None:
    response = client_for(colleague).get(EXPORT, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert len(rows) == 3  # the header and Northby's two decisions, never Southby's
    by_title = {row[2]: row for row in rows[1:]}
    full = by_title['\'=HYPERLINK("http://evil.example")']
    assert full == [
        (today - dt.timedelta(days=3)).isoformat(),
        "Infant feeding",
        '\'=HYPERLINK("http://evil.example")',
        "Start at 10:30",
        "Steering group: 4 parents and the hub manager",
        "Parents and carers",
        "Service-initiated, shared decisions with families",
        "'+Keep 9:30",
        "We asked dads too",
        "1",
        "1",
        (today + dt.timedelta(days=90)).isoformat(),
        "2",
    ]
    assert by_title["A plain one"][5:] == ["", "", "", "", "0", "0", "", "0"]


def test_the_export_keeps_the_search_and_filters(colleague, decisions) -> None:
    rows = csv_rows(client_for(colleague).get(EXPORT, {"format": "csv", "q": "plain"}))
    assert [row[2] for row in rows[1:]] == ["A plain one"]
    rows = csv_rows(client_for(colleague).get(EXPORT, {"format": "csv", "degree": "3"}))
    assert len(rows) == 2 and rows[1][2].startswith("'=HYPERLINK")


def test_the_workbook_has_the_same_rows(colleague, decisions) -> None:
    from openpyxl import load_workbook

    response = client_for(colleague).get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 3
    assert any(row[2] == '\'=HYPERLINK("http://evil.example")' for row in rows[1:])
    assert any(row[7] == "'+Keep 9:30" for row in rows[1:])


def test_each_export_has_an_audit_line(colleague, org, decisions) -> None:
    client_for(colleague).get(EXPORT, {"format": "csv", "q": "plain"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == colleague and event.organisation == org
    assert event.object_type == "decisions.Decision"
    assert event.changes == {"format": "csv", "rows": 1, "filters": ["q"]}


def test_an_unknown_format_or_filter_exports_nothing(colleague, decisions) -> None:
    client = client_for(colleague)
    response = client.get(EXPORT, {"format": "pdf"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("decisions:decision_list"))
    response = client.get(EXPORT, {"format": "csv", "degree": "9"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_project_log_exports_only_that_project(colleague, org, decisions) -> None:
    from coproduce.projects.models import Project

    other = Project.objects.create(organisation=org, title="Travel costs", goal="g")
    record(colleague, other, title="Not in the feeding project")
    html = client_for(colleague).get(
        reverse("decisions:project_decision_list", kwargs={"project_id": decisions["bare"].project_id})
    )
    query = f"project={decisions['bare'].project_id}"
    assert query in html.content.decode()
    rows = csv_rows(client_for(colleague).get(f"{EXPORT}?{query}&format=csv"))
    assert "Not in the feeding project" not in {row[2] for row in rows} and len(rows) == 3


def test_strangers_get_only_their_own_decisions(stranger, decisions) -> None:
    rows = csv_rows(client_for(stranger).get(EXPORT, {"format": "csv"}))
    assert [row[2] for row in rows[1:]] == ["Southby's decision"]
