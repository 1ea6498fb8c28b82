"""Importing people from a spreadsheet: reading CSV and XLSX files in the encodings people have, the column
mapping, every validation message, duplicates, all-or-nothing import, the audit line and who may import."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Hub, Role
from coproduce.people import imports
from coproduce.people.models import Person, PersonImport
from coproduce.stakeholders.models import StakeholderGroup
from tests.cast import client_for, make_member

MB = 1024 * 1024


@pytest.fixture
def group(org) -> StakeholderGroup:
    return StakeholderGroup.objects.create(organisation=org, name="Parent carer forums and panels")


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def upload(client: Client, content: bytes, name: str = "people.csv"):
    return client.post(reverse("people:import_start"), {"file": SimpleUploadedFile(name, content)})


def uploaded(org) -> PersonImport:
    return PersonImport.objects.for_organisation(org).get()


def check_url(person_import: PersonImport) -> str:
    return reverse("people:import_check", kwargs={"import_id": person_import.pk})


def map_url(person_import: PersonImport) -> str:
    return reverse("people:import_map", kwargs={"import_id": person_import.pk})


# Reading files -------------------------------------------------------------------------------------------------


def test_it_reads_utf8_csv() -> None:
    table = imports.read_table(csv_bytes("Name,Email\nZoë Adams,zoe@example.com\n"), "list.csv")
    assert table.header == ["Name", "Email"]
    assert table.rows == [(2, ["Zoë Adams", "zoe@example.com"])]


def test_it_reads_utf8_with_a_byte_order_mark() -> None:
    table = imports.read_table(b"\xef\xbb\xbf" + csv_bytes("Name,Email\nSeán Murphy,sean@example.com\n"), "x.csv")
    assert table.header[0] == "Name"  # not "\ufeffName", which would not be recognised as the name column
    assert table.rows[0][1][0] == "Seán Murphy"


def test_it_reads_windows_1252_when_the_file_is_not_utf8() -> None:
    content = csv_bytes("Name,Pronouns\nZoë Adams,she/her\nSeán Murphy,he/him\n", "cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    table = imports.read_table(content, "excel.csv")
    assert [values[0] for _number, values in table.rows] == ["Zoë Adams", "Seán Murphy"]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_it_finds_the_delimiter(delimiter: str) -> None:
    text = delimiter.join(["Name", "Address", "Postcode"]) + "\n"
    text += delimiter.join(["Ana Lima", '"1 High Street, Northby"', "NB1 2AB"]) + "\n"
    table = imports.read_table(csv_bytes(text), "list.csv")
    assert table.header == ["Name", "Address", "Postcode"]
    assert table.rows[0][1] == ["Ana Lima", "1 High Street, Northby", "NB1 2AB"]


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_it_reads_xlsx_with_numbers_as_people_typed_them() -> None:
    import datetime as dt

    content = xlsx([["Full name", "Mobile", "Joined"], ["Zoë Adams", 7911123456, dt.datetime(2025, 3, 1)], []])
    table = imports.read_table(content, "panel.XLSX")
    assert table.header == ["Full name", "Mobile", "Joined"]
    assert table.rows == [(2, ["Zoë Adams", "7911123456", "2025-03-01"])]


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_spreadsheet() -> None:
    table = imports.read_table(csv_bytes("Name\n\nAna\n,\nBen\n"), "x.csv")
    assert table.rows == [(3, ["Ana"]), (5, ["Ben"])]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Name\nAna\n", "people.txt", "must be a CSV file or an Excel workbook"),
        (b"Name\nAna\n", "people.xls", "must be a CSV file or an Excel workbook"),
        (b"", "people.csv", "The selected file is empty"),
        (b"\r\n,,\r\n", "people.csv", "The selected file is empty"),
        (b"Name,Email\n", "people.csv", "a header row but no people"),
        (b"this is not a workbook", "people.xlsx", "could not be read"),
        (b"PK\x03\x04 a workbook named as CSV", "people.csv", "could not be read"),
        (b"Name\n\x81\x8d\x8f\x90\x9d\n", "people.csv", "could not be read"),
    ],
)
def test_files_that_cannot_be_imported_are_refused_with_a_reason(content: bytes, name: str, message: str) -> None:
    with pytest.raises(imports.ImportFileError) as error:
        imports.read_table(content, name)
    assert message in error.value.message


def test_more_than_the_maximum_rows_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    imports.read_table(csv_bytes("Name\nA\nB\nC\n"), "x.csv")
    with pytest.raises(imports.ImportFileError) as error:
        imports.read_table(csv_bytes("Name\nA\nB\nC\nD\n"), "x.csv")
    assert "more than 3 rows" in error.value.message


def test_the_size_message_says_how_big_the_file_is_and_what_to_do() -> None:
    with pytest.raises(imports.ImportFileError) as error:
        imports.check_size(14 * MB, 10 * MB)
    assert error.value.message == "The file is 14 MB. It must be smaller than 10 MB — split it into smaller files"
    with pytest.raises(imports.ImportFileError) as error:
        imports.check_size(10 * MB + 1, 10 * MB)
    assert error.value.message.startswith("The file is 10.1 MB.")
    imports.check_size(10 * MB, 10 * MB)


# Column mapping ------------------------------------------------------------------------------------------------


def test_it_guesses_the_columns_from_their_headings() -> None:
    header = ["Name", "E-mail", "Mobile", "Post code", "Address line 1", "Town", "Notes", "Family hub", "Groups"]
    assert imports.guess_mapping(header) == [
        "full_name",
        "email",
        "phone",
        "postcode",
        "address",
        "address",
        "",
        "hubs",
        "stakeholder_groups",
    ]
    # A field is guessed once only: the second "Name" column is left for the person to choose.
    assert imports.guess_mapping(["Full name", "Name", "Known as", "Pronouns"]) == [
        "full_name",
        "",
        "preferred_name",
        "pronouns",
    ]


def test_the_mapping_needs_the_full_name_once() -> None:
    header = ["A", "B", "C"]
    assert imports.mapping_errors(["email", "", ""], header) == {
        -1: "Choose the column that has each person’s full name"
    }
    errors = imports.mapping_errors(["full_name", "email", "email"], header)
    assert errors == {2: "Only one column can be ‘Email address’: column B already is"}
    assert imports.mapping_errors(["full_name", "address", "address"], header) == {}


# Checking rows -------------------------------------------------------------------------------------------------

COLUMNS = ["full_name", "email", "phone", "postcode", "hubs", "stakeholder_groups"]


def check(org, *rows: list[str]) -> imports.Report:
    return imports.validate([(n + 2, list(row)) for n, row in enumerate(rows)], COLUMNS, org)


def messages_of(report: imports.Report) -> list[tuple[int, str, str]]:
    return [(problem.row, problem.field, problem.message) for problem in report.problems]


def test_a_good_row_is_normalised(org, hub, group) -> None:
    report = check(
        org, ["  Zoë   Adams ", "zoe@example.com", "+44 7911 123456", "nb12ab", "northby central", group.name.upper()]
    )
    assert not report.has_errors
    row = report.rows[0]
    assert row.values == {
        "full_name": "Zoë Adams",
        "email": "zoe@example.com",
        "phone": "07911 123456",
        "postcode": "NB1 2AB",
    }
    assert row.hub_ids == [hub.pk] and row.group_ids == [group.pk]


def test_ofcom_drama_numbers_are_accepted() -> None:
    assert imports.normalise_phone("07700900123") == "07700 900123"
    assert imports.normalise_phone("01632 960 001") == "01632 960001"
    assert imports.normalise_phone("07700 900") is None
    assert imports.normalise_phone("020 7946 0958") == "020 7946 0958"


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (["", "a@example.com", "", "", "", ""], "full_name", "The person’s full name is missing"),
        (["Ana", "ana@", "", "", "", ""], "email", "‘ana@’ is not an email address, like name@example.com"),
        (["Ana", "", "12345", "", "", ""], "phone", "‘12345’ is not a UK phone number"),
        (["Ana", "", "+33 1 23 45 67 89", "", "", ""], "phone", "is not a UK phone number"),
        (["Ana", "", "", "NB1", "", ""], "postcode", "‘NB1’ is not a UK postcode, like NB1 2AB"),
        (["Ana", "", "", "", "Southby Town", ""], "hubs", "There is no hub called ‘Southby Town’. The hubs are: "),
        (["Ana", "", "", "", "", "Dads"], "stakeholder_groups", "There is no stakeholder group called ‘Dads’"),
        (["A" * 151, "", "", "", "", ""], "full_name", "Full name must be 150 characters or fewer (it has 151)"),
    ],
)
def test_each_problem_has_its_row_and_message(org, hub, group, other_hub, row, field, message) -> None:
    report = check(org, ["Good Person", "", "", "", "", ""], row)
    assert report.has_errors
    [(number, found_field, found_message)] = messages_of(report)
    assert (number, found_field) == (3, field)
    assert message in found_message


def test_unknown_hub_message_lists_this_organisations_hubs_only(org, hub, other_hub) -> None:
    [problem] = list(check(org, ["Ana", "", "", "", "Nowhere", ""]).problems)
    assert "Northby Central" in problem.message and other_hub.name not in problem.message


def test_hub_and_group_names_can_be_separated_by_semicolons_or_commas(org, hub, group) -> None:
    second = Hub.objects.create(organisation=org, name="Eastfield Spoke")
    comma_group = StakeholderGroup.objects.create(organisation=org, name="Schools, colleges and nurseries")
    report = check(
        org,
        ["Ana", "", "", "", "Northby Central; eastfield spoke", "Schools, colleges and nurseries, " + group.name],
    )
    assert not report.has_errors
    assert report.rows[0].hub_ids == [hub.pk, second.pk]
    assert report.rows[0].group_ids == [comma_group.pk, group.pk]


def test_rows_matching_people_already_recorded_are_found(org, other_org) -> None:
    by_email = Person.objects.create(organisation=org, full_name="Ana Lima", email="Ana@Example.com")
    by_phone = Person.objects.create(organisation=org, full_name="Ben Ode", phone="07911123456")
    by_name = Person.objects.create(organisation=org, full_name="Cara  Diaz", postcode="nb1 2ab")
    Person.objects.create(organisation=other_org, full_name="Dev Shah", email="dev@example.com")
    report = check(
        org,
        ["Ana L", "ana@example.com", "", "", "", ""],
        ["Benjamin Ode", "", "07911 123 456", "", "", ""],
        ["cara diaz", "", "", "NB12AB", "", ""],
        ["Dev Shah", "dev@example.com", "", "", "", ""],
        ["Cara Diaz", "", "", "NB1 3AB", "", ""],
    )
    matches = [row.matches_person for row in report.rows]
    assert matches[0][:1] == (by_email.pk,) and matches[0][2] == "same email address"
    assert matches[1][:1] == (by_phone.pk,) and matches[1][2] == "same phone number"
    assert matches[2][:1] == (by_name.pk,) and matches[2][2] == "same name and postcode"
    assert matches[3] is None  # another organisation's people are not this one's duplicates
    assert matches[4] is None  # same name, different postcode
    assert report.existing_duplicate_count == 3 and not report.has_errors


def test_rows_repeated_within_the_file_are_found(org) -> None:
    report = check(
        org,
        ["Ana Lima", "ana@example.com", "", "", "", ""],
        ["Ben Ode", "", "", "", "", ""],
        ["Ana Lima", "ANA@example.com", "", "", "", ""],
    )
    assert [row.same_as_row for row in report.rows] == [None, None, (2, "same email address")]
    assert report.file_duplicate_count == 1
    assert len(report.to_import(skip_duplicates=True)) == 2
    assert len(report.to_import(skip_duplicates=False)) == 3


# Importing -----------------------------------------------------------------------------------------------------


def test_import_rows_creates_everyone_with_their_links_and_compact_postcode(org, admin, hub, group) -> None:
    report = check(org, ["Ana Lima", "", "", "nb1 2ab", hub.name, group.name], ["Ben Ode", "", "", "", "", ""])
    result = imports.import_rows(organisation=org, actor=admin, report=report)
    assert (result.imported, result.skipped) == (2, 0)
    ana = Person.objects.get(full_name="Ana Lima")
    assert ana.organisation == org and ana.postcode == "NB1 2AB" and ana.postcode_compact == "NB12AB"
    assert list(ana.hubs.all()) == [hub] and list(ana.stakeholder_groups.all()) == [group]


def test_a_report_with_problems_writes_nothing(org, admin) -> None:
    report = check(org, ["Ana Lima", "", "", "", "", ""], ["Ben Ode", "not-an-email", "", "", "", ""])
    with pytest.raises(Exception, match="problems to fix"):
        imports.import_rows(organisation=org, actor=admin, report=report)
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_a_failure_part_way_writes_nothing(org, admin, monkeypatch) -> None:
    report = check(org, *[[f"Person {i}", "", "", "", "", ""] for i in range(5)])
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    real = Person.objects.bulk_create
    calls = []

    def failing_bulk_create(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Person.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        imports.import_rows(organisation=org, actor=admin, report=report)
    assert calls == [2, 2]
    assert Person.objects.count() == 0


# Through the pages ---------------------------------------------------------------------------------------------


def test_the_whole_journey(admin_client_: Client, org, admin, hub, group) -> None:
    content = csv_bytes(
        "Name;E-mail;Mobile;Post code;Hub;Groups;Notes\n"
        f"Zoë Adams;zoe@example.com;07911 123456;nb1 2ab;{hub.name};{group.name};likes mornings\n"
        "Seán Murphy;;;;;;\n"
    )
    response = upload(admin_client_, content)
    person_import = uploaded(org)
    assert response.status_code == 302 and response.url == map_url(person_import)
    assert bytes(person_import.content) == content and person_import.row_count == 2
    assert person_import.uploaded_by == admin

    page = admin_client_.get(map_url(person_import)).content.decode()
    assert "Column A: ‘Name’" in page and "First values: Zoë Adams, Seán Murphy" in page
    assert '<option value="full_name" selected>' in page
    mapping = {f"column_{i}": key for i, key in enumerate([*COLUMNS[:4], "hubs", "stakeholder_groups", ""])}
    response = admin_client_.post(map_url(person_import), mapping)
    assert response.status_code == 302 and response.url == check_url(person_import)

    page = admin_client_.get(check_url(person_import)).content.decode()
    assert "All 2 rows in the file are ready to import" in page
    response = admin_client_.post(check_url(person_import))
    assert response.status_code == 302
    zoe = Person.objects.get(full_name="Zoë Adams")
    assert (zoe.phone, zoe.postcode, zoe.postcode_compact) == ("07911 123456", "NB1 2AB", "NB12AB")
    assert list(zoe.hubs.all()) == [hub] and list(zoe.stakeholder_groups.all()) == [group]
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.IMPORTED
    assert bytes(person_import.content) == b"" and person_import.imported_count == 2

    done = admin_client_.get(check_url(person_import)).content.decode()
    assert "2 people added" in done and reverse("people:person_list") in done
    # Confirming again (a double click, or the back button) imports nobody twice.
    admin_client_.post(check_url(person_import))
    assert Person.objects.count() == 2


def test_one_bad_row_imports_nobody_and_says_which_row(admin_client_: Client, org) -> None:
    Person.objects.create(organisation=org, full_name="Already Here")
    content = csv_bytes("Name,Email\nAna Lima,ana@example.com\nBen Ode,ben@\nCara Diaz,cara@example.com\n")
    upload(admin_client_, content)
    person_import = uploaded(org)
    page = admin_client_.get(check_url(person_import)).content.decode()
    assert "Fix the problems in the file" in page and "We found 1 problem in 1 of the 3 rows" in page
    assert "‘ben@’ is not an email address" in page
    response = admin_client_.post(check_url(person_import))
    assert response.status_code == 200
    assert Person.objects.count() == 1
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.UPLOADED


def test_only_the_first_200_problems_are_listed_and_the_report_has_all(admin_client_: Client, org) -> None:
    content = csv_bytes("Name,Email\n" + "".join(f'Person {i},=HYPERLINK("x")\n' for i in range(250)))
    upload(admin_client_, content)
    person_import = uploaded(org)
    page = admin_client_.get(check_url(person_import)).content.decode()
    assert "We found 250 problems in 250 of the 250 rows" in page
    assert page.count('data-label="Problem"') == 200
    report = admin_client_.get(check_url(person_import), {"format": "csv"})
    assert report["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert lines[0] == ["Row", "Column", "Value", "Problem"] and len(lines) == 251
    assert lines[1][:3] == ["2", "Email address", '\'=HYPERLINK("x")']  # neutralised for spreadsheets


def test_duplicates_are_skipped_by_default(admin_client_: Client, org) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima", email="ana@example.com")
    content = csv_bytes("Name,Email\nAna Lima,ana@example.com\nBen Ode,ben@example.com\nBen Ode,ben@example.com\n")
    upload(admin_client_, content)
    person_import = uploaded(org)
    page = admin_client_.get(check_url(person_import)).content.decode()
    assert "Skip the 2 rows that match people already recorded or an earlier row of the file" in page
    assert "Import them as new people" in page
    admin_client_.post(check_url(person_import), {"duplicates": "skip"})
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Ana Lima", "Ben Ode"]
    person_import.refresh_from_db()
    assert (person_import.imported_count, person_import.row_count) == (1, 3)


def test_duplicates_can_be_imported_as_new_people(admin_client_: Client, org) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima", email="ana@example.com")
    upload(admin_client_, csv_bytes("Name,Email\nAna Lima,ana@example.com\nBen Ode,\n"))
    person_import = uploaded(org)
    page = admin_client_.get(check_url(person_import)).content.decode()
    assert "Skip the 1 row that matches someone already recorded" in page
    admin_client_.post(check_url(person_import), {"duplicates": "import"})
    assert Person.objects.filter(full_name="Ana Lima").count() == 2
    assert Person.objects.count() == 3


def test_the_duplicate_choice_must_be_made(admin_client_: Client, org) -> None:
    Person.objects.create(organisation=org, full_name="Ana Lima", email="ana@example.com")
    upload(admin_client_, csv_bytes("Name,Email\nAna Lima,ana@example.com\n"))
    response = admin_client_.post(check_url(uploaded(org)), {"duplicates": "maybe"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Person.objects.count() == 1


def test_the_audit_line_has_counts_and_no_personal_data(admin_client_: Client, org, admin) -> None:
    upload(admin_client_, csv_bytes("Name,Email,Mobile\nZoë Adams,zoe@example.com,07911 123456\n"), "Zoë's list.csv")
    person_import = uploaded(org)
    admin_client_.post(check_url(person_import))
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.actor == admin and event.organisation == org
    assert event.changes == {
        "rows": 1,
        "imported": 1,
        "skipped_duplicates": 0,
        "fields": ["full_name", "email", "phone"],
    }
    for event in AuditEvent.objects.all():
        text = f"{event.object_label} {event.summary} {event.changes}"
        for secret in ("Zoë", "zoe@", "07911", "list.csv"):
            assert secret not in text


def test_uploads_over_the_limit_are_refused_with_their_size(admin_client_: Client, org, settings) -> None:
    settings.PEOPLE_IMPORT_MAX_BYTES = 1 * MB
    content = b"Name\n" + b"Ana Lima\n" * (MB * 3 // 2 // 9)
    response = upload(admin_client_, content)
    assert response.status_code == 200
    assert "The file is 1.5 MB. It must be smaller than 1 MB — split it into smaller files" in response.content.decode()
    assert not PersonImport.objects.exists()


def test_uploads_are_never_written_to_a_temporary_file(admin_client_: Client, org, monkeypatch) -> None:
    from django.core.files import uploadedfile

    def refuse(*args, **kwargs):
        raise AssertionError("the upload was written to disk")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)
    content = b"Name\n" + (b"A" * 99 + b"\n") * 30_000  # 3 MB: over Django's 2.5 MB in-memory threshold
    response = upload(admin_client_, content)
    assert response.status_code == 302
    assert uploaded(org).row_count == 30_000


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Select a CSV file or an Excel workbook (.xlsx)"),
        ({"file": SimpleUploadedFile("people.csv", b"")}, "The selected file is empty"),
        ({"file": SimpleUploadedFile("people.pdf", b"%PDF")}, "must be a CSV file or an Excel workbook"),
        ({"file": SimpleUploadedFile("people.xlsx", b"garbage")}, "could not be read"),
    ],
)
def test_upload_errors_are_shown_on_the_form(admin_client_: Client, org, files, message) -> None:
    response = admin_client_.post(reverse("people:import_start"), files)
    html = response.content.decode()
    assert response.status_code == 200 and message in html and "govuk-error-summary" in html
    assert "<title>Error: " in html


def test_an_xlsx_upload_imports(admin_client_: Client, org) -> None:
    upload(admin_client_, xlsx([["Full name", "Phone"], ["Zoë Adams", 7911123456]]), "panel.xlsx")
    admin_client_.post(check_url(uploaded(org)))
    assert Person.objects.get().phone == "07911 123456"


def test_the_mapping_page_refuses_a_mapping_without_a_name(admin_client_: Client, org) -> None:
    upload(admin_client_, csv_bytes("Who,Email\nAna,ana@example.com\n"))
    person_import = uploaded(org)
    # The check page sends people back to choose the columns when the guess found no name.
    assert admin_client_.get(check_url(person_import)).url == map_url(person_import)
    response = admin_client_.post(map_url(person_import), {"column_0": "", "column_1": "email"})
    assert "Choose the column that has each person’s full name" in response.content.decode()
    response = admin_client_.post(map_url(person_import), {"column_0": "full_name", "column_1": "full_name"})
    assert "Only one column can be ‘Full name’: column A already is" in response.content.decode()


def test_cancelling_deletes_the_file(admin_client_: Client, org) -> None:
    upload(admin_client_, csv_bytes("Name\nAna\n"))
    person_import = uploaded(org)
    response = admin_client_.post(check_url(person_import), {"action": "cancel"})
    assert response.status_code == 302
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.CANCELLED and bytes(person_import.content) == b""
    assert admin_client_.post(check_url(person_import)).status_code == 302
    assert Person.objects.count() == 0


def test_staff_viewers_and_others_may_not_import(colleague_client: Client, viewer, org) -> None:
    url = reverse("people:import_start")
    assert colleague_client.get(url).status_code == 403
    assert client_for(viewer).get(url).status_code == 403
    response = colleague_client.post(url, {"file": SimpleUploadedFile("p.csv", b"Name\nAna\n")})
    assert response.status_code == 403 and not PersonImport.objects.exists()


def test_another_member_with_the_permission_may_continue_an_import(admin_client_: Client, org) -> None:
    upload(admin_client_, csv_bytes("Name\nAna\n"))
    lead = client_for(make_member(org, "lead@example.org", Role.LEAD))
    assert lead.post(check_url(uploaded(org))).status_code == 302
    assert Person.objects.count() == 1


def test_another_organisations_import_is_not_found(admin_client_: Client, org, stranger_client: Client) -> None:
    upload(admin_client_, csv_bytes("Name\nAna\n"))
    person_import = uploaded(org)
    for url in (map_url(person_import), check_url(person_import)):
        assert stranger_client.get(url).status_code == 404
        assert stranger_client.post(url).status_code == 404
    assert Person.objects.count() == 0


def test_the_upload_still_needs_the_csrf_token(admin) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post(reverse("people:import_start"), {"file": SimpleUploadedFile("p.csv", b"Name\nAna\n")})
    assert response.status_code == 403 and not PersonImport.objects.exists()


def test_empty_cells_after_the_last_column_are_ignored() -> None:
    table = imports.read_table(csv_bytes("Name,Email,,,\nAna,ana@example.com,,,\nBen,,,,\n"), "x.csv")
    assert table.header == ["Name", "Email"]
    assert table.rows == [(2, ["Ana", "ana@example.com"]), (3, ["Ben", ""])]


def test_too_many_columns_are_refused_in_both_formats() -> None:
    wide = [f"C{i}" for i in range(imports.MAX_COLUMNS + 1)]
    with pytest.raises(imports.ImportFileError, match="101 columns"):
        imports.read_table(csv_bytes(",".join(wide) + "\n" + ",".join(wide) + "\n"), "x.csv")
    with pytest.raises(imports.ImportFileError, match="at most 100"):
        imports.read_table(xlsx([wide, wide]), "x.xlsx")


def test_an_xlsx_claiming_a_huge_size_is_read_by_what_it_holds(monkeypatch) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name"])
    sheet.append(["Ana"])
    content = io.BytesIO()
    workbook.save(content)
    # Rewrite the declared dimension to the whole sheet: 16,384 columns by 1,048,576 rows.
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:A2" />', b'<dimension ref="A1:XFD1048576" />')
                assert b"XFD1048576" in data
            target.writestr(item, data)
    cells = []
    real = imports.cell_text
    monkeypatch.setattr(imports, "cell_text", lambda value: cells.append(value) or real(value))
    table = imports.read_table(out.getvalue(), "huge.xlsx")
    assert table.header == ["Name"] and table.rows == [(2, ["Ana"])]
    assert cells == ["Name", "Ana"]  # not 16,384 empty cells a row, nor a million empty rows


# Large files: the background worker ------------------------------------------------------------------------------

LARGE = "Name,Email\nAda Byron,ada@example.com\nBen Okri,ben@example.com\nCara Dillon,cara@example.com\n"


def test_large_files_are_imported_by_the_worker(
    admin_client_: Client, org, admin, settings, django_capture_on_commit_callbacks
) -> None:
    settings.PEOPLE_IMPORT_INLINE_ROWS = 2
    upload(admin_client_, csv_bytes(LARGE))
    person_import = uploaded(org)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client_.post(check_url(person_import))
    person_import.refresh_from_db()
    # Queued, not yet imported: the page says so, and nobody is there until the worker runs.
    assert person_import.status == PersonImport.Status.IMPORTING and person_import.confirmed_by == admin
    assert Person.objects.count() == 0
    assert "Importing people" in admin_client_.get(check_url(person_import)).content.decode()
    for callback in callbacks:
        callback()  # the tasks backend in tests runs the task at once
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.IMPORTED and person_import.imported_count == 3
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Ada Byron", "Ben Okri", "Cara Dillon"]
    assert "3 people added" in admin_client_.get(check_url(person_import)).content.decode()


def test_a_failed_background_import_writes_nothing_and_says_why(
    admin_client_: Client, org, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    settings.PEOPLE_IMPORT_INLINE_ROWS = 2
    upload(admin_client_, csv_bytes(LARGE))
    person_import = uploaded(org)

    def fail_half_way(*args, **kwargs):
        Person.objects.create(organisation=org, full_name="Half written")
        raise RuntimeError("database went away")

    monkeypatch.setattr(imports, "import_rows", fail_half_way)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(check_url(person_import))
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.UPLOADED
    assert person_import.failure == "Something went wrong on our side. Nobody was imported: try again."
    assert bytes(person_import.content) == csv_bytes(LARGE)
    assert not Person.objects.exists()
    page = admin_client_.get(check_url(person_import)).content.decode()
    assert "did not work, so nobody was imported" in page
    # Cancelled or finished imports are left alone by a late or repeated task.
    assert imports.import_run(str(person_import.pk)) is None
