"""Exporting people: only administrators and data protection officers, only this organisation's people, the
list's filters applied, formula injection neutralised in both formats, bounded queries and an audit line."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.core import spreadsheets
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.people.models import HouseholdRole, Person, TakesPartAs
from tests.cast import client_for, make_member

URL = reverse("people:export")
HEADER = [
    "Full name",
    "Preferred name",
    "Pronouns",
    "Email address",
    "Phone number",
    "Address",
    "Postcode",
    "Preferred ways to contact",
    "Languages spoken",
    "Hubs",
    "Stakeholder groups",
    "Takes part",
    "Role in the household",
]


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel needs the byte order mark to read UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    return [["" if value is None else value for value in row] for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def dpo(org):
    return make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER)


def test_csv_has_the_columns_and_everyones_details(admin_client_: Client, org, hub) -> None:
    person = Person.objects.create(
        organisation=org,
        full_name="Zoë Adams",
        preferred_name="Zo",
        pronouns="she/her",
        email="zoe@example.com",
        phone="07700 900123",
        address="1 High Street\nNorthby",
        postcode="NB1 2AB",
        contact_by_email=True,
        contact_by_text=True,
        languages="English, Polish",
        takes_part_as=TakesPartAs.BOTH,
        household_role=HouseholdRole.PARENT,
    )
    person.hubs.add(hub)
    response = admin_client_.get(URL, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="people-{timezone.localdate():%Y-%m-%d}.csv"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[1] == [
        "Zoë Adams",
        "Zo",
        "she/her",
        "zoe@example.com",
        "07700 900123",
        "1 High Street\nNorthby",
        "NB1 2AB",
        "Email, Text message",
        "English, Polish",
        "Northby Central",
        "",
        "Both",
        "Parent",
    ]


FORMULAS = ["=1+1", "+44 7700 900123", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def make_formula_people(org) -> None:
    for n, formula in enumerate(FORMULAS):
        Person.objects.create(organisation=org, full_name=f"Person {n}", preferred_name=formula, address=formula)
    Person.objects.create(organisation=org, full_name='=HYPERLINK("http://evil.example","Click")')


def test_csv_neutralises_formulas(admin_client_: Client, org) -> None:
    make_formula_people(org)
    rows = read_csv(admin_client_.get(URL, {"format": "csv"}))
    cells = [cell for row in rows[1:] for cell in row if cell]
    assert all(not cell.startswith(spreadsheets.FORMULA_STARTS) for cell in cells), cells
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and "'\tTAB" in cells
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Click")'


def test_xlsx_neutralises_formulas(admin_client_: Client, org) -> None:
    make_formula_people(org)
    response = admin_client_.get(URL, {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert cells and all(cell.data_type == "s" for cell in cells)  # no formula cells at all
    values = [cell.value for cell in cells]
    assert all(not value.startswith(spreadsheets.FORMULA_STARTS) for value in values), values
    assert "'=1+1" in values and "'+44 7700 900123" in values


def test_xlsx_drops_control_characters_before_neutralising(admin_client_: Client, org) -> None:
    Person.objects.create(organisation=org, full_name="\x01=1+1")
    rows = read_xlsx(admin_client_.get(URL, {"format": "xlsx"}))
    assert rows[0] == HEADER and rows[1][0] == "'=1+1"


@pytest.mark.parametrize("role", [Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.PARTNER, Role.VIEWER])
def test_other_roles_may_not_export(org, role) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima")
    client = client_for(make_member(org, f"{role}@example.org", role))
    for params in ({}, {"format": "csv"}, {"format": "xlsx"}):
        assert client.get(URL, params).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_data_protection_officer_may_export(org, dpo) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima")
    rows = read_csv(client_for(dpo).get(URL, {"format": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Ana Lima"]


def test_another_organisations_people_are_never_exported(stranger_client: Client, org, other_org) -> None:
    Person.objects.create(organisation=org, full_name="Northby Person")
    Person.objects.create(organisation=other_org, full_name="Southby Person")
    rows = read_csv(stranger_client.get(URL, {"format": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Southby Person"]
    rows = read_xlsx(stranger_client.get(URL, {"format": "xlsx"}))
    assert [row[0] for row in rows[1:]] == ["Southby Person"]


def test_erased_people_are_not_exported(admin_client_: Client, org) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima")
    Person.objects.create(organisation=org, full_name="Erased", erased_at=timezone.now())
    assert [row[0] for row in read_csv(admin_client_.get(URL, {"format": "csv"}))[1:]] == ["Ana Lima"]


def test_the_lists_filters_are_applied(admin_client_: Client, org, hub) -> None:
    ana = Person.objects.create(organisation=org, full_name="Ana Lima", languages="Polish")
    ana.hubs.add(hub)
    Person.objects.create(organisation=org, full_name="Ana Other")
    Person.objects.create(organisation=org, full_name="Ben Ode", languages="Polish")
    names = [row[0] for row in read_csv(admin_client_.get(URL, {"format": "csv", "q": "ana"}))[1:]]
    assert names == ["Ana Lima", "Ana Other"]
    names = [row[0] for row in read_csv(admin_client_.get(URL, {"format": "csv", "hub": hub.pk}))[1:]]
    assert names == ["Ana Lima"]
    names = [row[0] for row in read_xlsx(admin_client_.get(URL, {"format": "xlsx", "language": "polish"}))[1:]]
    assert names == ["Ana Lima", "Ben Ode"]


def test_the_audit_line_has_the_count_format_and_filter_names_only(admin_client_: Client, org, admin) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima")
    Person.objects.create(organisation=org, full_name="Ana Other")
    read_csv(admin_client_.get(URL, {"format": "csv", "q": "Ana Lima"}))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == admin and event.organisation == org and event.object_type == "people.Person"
    assert event.changes == {"format": "csv", "rows": 1, "filters": ["q"]}
    assert event.summary == "Exported 1 people as CSV"
    assert "Ana" not in f"{event.summary} {event.changes} {event.object_label}"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_queries_do_not_grow_with_people(admin_client_: Client, org, hub, file_format) -> None:
    def export_with(count: int) -> int:
        people = Person.objects.bulk_create(
            [Person(organisation=org, full_name=f"Person {count}-{i}") for i in range(count)]
        )
        Person.hubs.through.objects.bulk_create([Person.hubs.through(person_id=p.pk, hub_id=hub.pk) for p in people])
        with CaptureQueriesContext(connection) as queries:
            response = admin_client_.get(URL, {"format": file_format})
            rows = read_csv(response) if file_format == "csv" else read_xlsx(response)
        assert len(rows) == Person.objects.count() + 1
        Person.objects.all().delete()
        return len(queries)

    assert export_with(3) == export_with(30)


def test_the_export_page_offers_both_formats_with_the_filters(admin_client_: Client, org) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima")
    Person.objects.create(organisation=org, full_name="Ben Ode")
    html = admin_client_.get(URL, {"q": "ana", "page": "3"}).content.decode()
    assert "1 person matches the search and filters you chose" in html
    assert "?q=ana&amp;format=csv" in html and "?q=ana&amp;format=xlsx" in html
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    html = admin_client_.get(URL).content.decode()
    assert "This exports everyone recorded: 2 people" in html and "?format=csv" in html


def test_a_filter_that_is_not_valid_exports_nothing(admin_client_: Client, org, other_hub) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima")
    # Another organisation's hub is not a choice here: exporting everyone instead would be a surprise.
    response = admin_client_.get(URL, {"format": "csv", "hub": other_hub.pk})
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Choose a hub from the list" in html and "Nothing has been exported" in html
    assert "<title>Error: Export people" in html
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
