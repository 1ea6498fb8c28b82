"""Importing people from a spreadsheet (CSV or XLSX): read the file, guess which column is which, check every row,
then import all of them in one transaction or none. The views (views_transfer.py) and bench/people.py use these
functions; nothing here reads the request.

A row's number is its row in the spreadsheet (the header is row 1), so people can find it to fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent, uuid7
from coproduce.organisations.models import Hub
from coproduce.people.models import Person, PersonImport
from coproduce.people.services import uk_phone, uk_postcode
from coproduce.stakeholders.models import StakeholderGroup

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

MAX_ROWS = 100_000
MAX_COLUMNS = 100
# Rows are created this many at a time inside the one transaction.
BATCH_SIZE = 1000

SKIP = ""  # the mapping value for "do not import this column"
# (key, label) of what a column can be imported as, in the order the column mapping offers them.
FIELDS: list[tuple[str, str]] = [
    ("full_name", gettext_lazy("Full name")),
    ("preferred_name", gettext_lazy("Preferred name")),
    ("pronouns", gettext_lazy("Pronouns")),
    ("email", gettext_lazy("Email address")),
    ("phone", gettext_lazy("Phone number")),
    ("address", gettext_lazy("Address")),
    ("postcode", gettext_lazy("Postcode")),
    ("languages", gettext_lazy("Languages spoken")),
    ("hubs", gettext_lazy("Hubs (names separated by ; or ,)")),
    ("stakeholder_groups", gettext_lazy("Stakeholder groups (names separated by ; or ,)")),
]
# Shorter names for the same fields, for messages and the check report.
FIELD_LABELS = {
    **dict(FIELDS),
    "hubs": gettext_lazy("Hubs"),
    "stakeholder_groups": gettext_lazy("Stakeholder groups"),
}
# An address often comes in several columns (line 1, line 2, town): they are joined, one line each.
MULTI_COLUMN_FIELDS = {"address"}
TEXT_LIMITS = {"full_name": 150, "preferred_name": 100, "pronouns": 40, "languages": 200, "address": 1000}

# Header words for each field (separated by |), compared after lower-casing and keeping letters and digits only.
HEADER_GUESSES: dict[str, set[str]] = {
    field: set(words.split("|"))
    for field, words in {
        "full_name": "name|full name|fullname|person|parent name|carer name|"
        "parent carer name|parent or carer name|contact name|participant|participant name|member name",
        "preferred_name": "preferred name|known as|nickname|likes to be called|preferred",
        "pronouns": "pronouns|pronoun",
        "email": "email|e mail|email address|e mail address|emailaddress|mail",
        "phone": "phone|phone number|telephone|telephone number|tel|"
        "mobile|mobile number|mobile phone|contact number|mob",
        "address": "address|postal address|home address|address line 1|address line 2|address line 3|"
        "address 1|address 2|address 3|street|town|city",
        "postcode": "postcode|post code|postal code|zip|zip code",
        "languages": "languages|language|languages spoken|main language|first language",
        "hubs": "hub|hubs|family hub|family hubs|hubs used|site",
        "stakeholder_groups": "group|groups|stakeholder group|stakeholder groups",
    }.items()
}

MB = 1024 * 1024

logger = logging.getLogger(__name__)


class ImportFileError(Exception):
    """The file cannot be imported at all (wrong type, empty, too big, unreadable): the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """A spreadsheet's header and its non-empty rows, each with its row number in the file."""

    header: list[str]
    rows: list[tuple[int, list[str]]]

    def samples(self, column: int, count: int = 3) -> list[str]:
        """The first `count` non-empty values of a column, as hints for the column mapping."""
        found = []
        for _number, values in self.rows:
            if values[column]:
                found.append(values[column])
                if len(found) == count:
                    break
        return found


# Reading -------------------------------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    """'14' for 14 MB, '10.3' for a little over 10 MB (never rounded down to the limit it exceeds)."""
    value = -(-size * 10 // MB) / 10  # rounded up to one decimal
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise ImportFileError(
            _("The file is %(size)s MB. It must be smaller than %(limit)s MB — split it into smaller files")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )


def read_table(content: bytes, filename: str, *, max_bytes: int | None = None) -> Table:
    """The header and rows of a .csv or .xlsx file. Raises ImportFileError with a message for people."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "xlsx"):
        raise ImportFileError(_("The selected file must be a CSV file or an Excel workbook (.xlsx)"))
    if not content:
        raise ImportFileError(_("The selected file is empty"))
    if max_bytes is not None:
        check_size(len(content), max_bytes)
    records = _csv_records(content) if extension == "csv" else _xlsx_records(content)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    width = 0
    try:
        for number, record in enumerate(records, start=1):
            values = [value.strip() for value in record]
            while values and not values[-1]:  # spreadsheets often save empty cells after the last column
                values.pop()
            if not values:
                continue
            if header is None:
                header = values
                width = len(values)
                continue
            if len(rows) == MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s rows of people. Split it into files of %(max)s rows or fewer")
                    % {"max": f"{MAX_ROWS:,}"}
                )
            rows.append((number, values))
            width = max(width, len(values))
    except (csv.Error, ValueError) as error:  # a broken CSV: a field too long, a NUL byte, a stray quote
        raise _unreadable() from error
    if header is None:
        raise ImportFileError(_("The selected file is empty"))
    if width > MAX_COLUMNS:
        raise ImportFileError(
            _("The file has %(count)s columns. It can have at most %(max)s: remove the columns you do not need")
            % {"count": width, "max": MAX_COLUMNS}
        )
    if not rows:
        raise ImportFileError(_("The file has a header row but no people under it"))
    header += [""] * (width - len(header))
    header = [name or _("Column %(letter)s") % {"letter": column_letter(i)} for i, name in enumerate(header)]
    rows = [(number, values + [""] * (width - len(values))) for number, values in rows]
    return Table(header=header, rows=rows)


def _unreadable() -> ImportFileError:
    return ImportFileError(
        _("The file could not be read. Save it as ‘CSV UTF-8’ or as an Excel workbook (.xlsx) and upload it again")
    )


def decode(content: bytes) -> str:
    """UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (Excel's "Unicode text"), or
    else Windows-1252, which is what Excel on Windows writes for "CSV" in the UK."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise _unreadable() from None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves undefined: not text
        raise _unreadable() from None
    return text


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in much of Europe) or tab: the one that splits the first lines most consistently
    into the most columns. csv.Sniffer guesses wrong too often on short files and names with commas."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (-1.0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(row)][:50]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        consistent = sum(1 for width in widths if width == widths[0]) / len(widths)
        score = (consistent, widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(content: bytes) -> Iterator[list[str]]:
    utf16 = content.startswith((b"\xff\xfe", b"\xfe\xff"))
    if content.startswith(b"PK\x03\x04") or (b"\x00" in content[:4096] and not utf16):
        raise _unreadable()  # a workbook or other binary file named .csv
    text = decode(content)
    return csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))


def _xlsx_records(content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _unreadable() from error
    except Exception as error:  # openpyxl raises many kinds for damaged workbooks; every one means "unreadable"
        raise _unreadable() from error

    def records() -> Iterator[list[str]]:
        try:
            sheet = workbook.worksheets[0]
            # The size a workbook declares is not to be trusted: a crafted one would have every row padded to
            # 16,384 columns. Only what is there is read, and at most one column more than can be imported.
            sheet.reset_dimensions()
            for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
                end = len(row)
                while end and row[end - 1] is None:
                    end -= 1
                yield [cell_text(value) for value in row[:end]]
        except Exception as error:  # damaged sheet XML is only found while reading it
            raise _unreadable() from error
        finally:
            workbook.close()

    return records()


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text people typed: whole numbers without '.0' (Excel stores phone numbers as
    numbers), dates as 2026-01-31."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def column_letter(index: int) -> str:
    """A, B, … Z, AA, AB: how spreadsheets name the column at `index` (0-based)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# Column mapping ------------------------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def guess_mapping(header: list[str]) -> list[str]:
    """For each column, the field it most likely holds ("" if none), from its header. Each field is guessed for
    one column only, except the address, which may span several."""
    guessed: list[str] = []
    taken: set[str] = set()
    for name in header:
        key = _header_key(name)
        found = SKIP
        for field_key, words in HEADER_GUESSES.items():
            if key in words and (field_key not in taken or field_key in MULTI_COLUMN_FIELDS):
                found = field_key
                break
        # "Phone 1", "Email (parent)": a known word followed by something extra.
        if not found:
            for field_key, words in HEADER_GUESSES.items():
                if field_key in taken and field_key not in MULTI_COLUMN_FIELDS:
                    continue
                if any(key.startswith(word + " ") for word in words if len(word) > 3):
                    found = field_key
                    break
        if found:
            taken.add(found)
        guessed.append(found)
    return guessed


def mapping_errors(columns: list[str], header: list[str]) -> dict[int, str]:
    """Problems with a column mapping: {column index: message}; index -1 for a problem with no one column."""
    errors: dict[int, str] = {}
    first_column: dict[str, int] = {}
    for index, key in enumerate(columns):
        if not key:
            continue
        if key in first_column and key not in MULTI_COLUMN_FIELDS:
            errors[index] = _("Only one column can be ‘%(field)s’: column %(other)s already is") % {
                "field": FIELD_LABELS[key],
                "other": column_letter(first_column[key]),
            }
        first_column.setdefault(key, index)
    if "full_name" not in first_column:
        errors[-1] = _("Choose the column that has each person’s full name")
    return errors


# Checking ------------------------------------------------------------------------------------------------------


@dataclass
class Problem:
    row: int
    field: str  # a key of FIELDS, or "" for the whole row
    value: str
    message: str

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, ""))


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str] = field(default_factory=dict)  # cleaned values of the Person fields
    hub_ids: list = field(default_factory=list)
    group_ids: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # A person of the organisation already recorded that this row matches: (id, full name, what matched).
    matches_person: tuple | None = None
    # The earlier row of the file that this row repeats, and what matched.
    same_as_row: tuple[int, str] | None = None

    @property
    def is_duplicate(self) -> bool:
        return self.matches_person is not None or self.same_as_row is not None


@dataclass
class Report:
    rows: list[CheckedRow]
    fields: list[str]  # the fields imported, in mapping order

    @property
    def problems(self) -> Iterator[Problem]:
        for row in self.rows:
            yield from row.problems

    @property
    def problem_count(self) -> int:
        return sum(len(row.problems) for row in self.rows)

    @property
    def rows_with_problems(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    @property
    def has_errors(self) -> bool:
        return any(row.problems for row in self.rows)

    @property
    def duplicates(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.is_duplicate]

    @property
    def existing_duplicate_count(self) -> int:
        return sum(1 for row in self.rows if row.matches_person is not None)

    @property
    def file_duplicate_count(self) -> int:
        return sum(1 for row in self.rows if row.same_as_row is not None and row.matches_person is None)

    def to_import(self, *, skip_duplicates: bool) -> list[CheckedRow]:
        return [row for row in self.rows if not (skip_duplicates and row.is_duplicate)]


def normalise_postcode(text: str) -> str | None:
    """'nb12ab' -> 'NB1 2AB'; None if it is not a UK postcode. The same rule as the person form's."""
    try:
        return uk_postcode(text)
    except ValidationError:
        return None


def normalise_phone(text: str) -> str | None:
    """A UK phone number in national format ('07911 123456', '020 7946 0958'); None if it is not one. The same
    rule as the person form's (Ofcom's drama numbers are accepted)."""
    try:
        return uk_phone(text)
    except ValidationError:
        return None


def phone_key(phone: str) -> str:
    """Digits only, with +44 / 0044 as a leading 0, so differently written copies of one number compare equal."""
    digits = re.sub(r"\D", "", phone)
    stripped = phone.strip()
    if stripped.startswith("+44"):
        digits = "0" + digits[2:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    return digits


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def split_names(text: str, known: dict[str, object]) -> tuple[list, list[str]]:
    """The ids of the names in `text` (separated by ; or ,) and the names not known. A known name that itself
    contains a comma still matches: the longest run of pieces that makes a known name wins."""
    pieces = [piece.strip() for piece in re.split(r"[;,]", text)]
    found, unknown = [], []
    i = 0
    while i < len(pieces):
        if not pieces[i]:
            i += 1
            continue
        for j in range(len(pieces), i, -1):
            candidate = name_key(", ".join(pieces[i:j]))
            if candidate in known:
                if known[candidate] not in found:
                    found.append(known[candidate])
                i = j
                break
        else:
            unknown.append(pieces[i])
            i += 1
    return found, unknown


def _names_list(names: Iterable[str], limit: int = 10) -> str:
    names = sorted(names, key=str.casefold)
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "")


def validate(rows: list[tuple[int, list[str]]], columns: list[str], organisation: Organisation) -> Report:
    """Check every row against the column mapping: each problem with its row and a message saying what to fix,
    and each row that repeats a person already recorded or an earlier row of the file."""
    hub_rows = list(Hub.objects.for_organisation(organisation).values_list("pk", "name"))
    group_rows = list(StakeholderGroup.objects.for_organisation(organisation).values_list("pk", "name"))
    hubs = {name_key(name): pk for pk, name in hub_rows}
    groups = {name_key(name): pk for pk, name in group_rows}
    hub_names = _names_list(name for _pk, name in hub_rows)
    group_names = _names_list((name for _pk, name in group_rows), limit=12)
    mapped = [(index, key) for index, key in enumerate(columns) if key]
    fields = list(dict.fromkeys(key for _index, key in mapped))
    checked = []
    for number, values in rows:
        row = CheckedRow(number=number)
        raw: dict[str, str] = {}
        for index, key in mapped:
            value = values[index] if index < len(values) else ""
            if key in MULTI_COLUMN_FIELDS:
                raw[key] = "\n".join(part for part in (raw.get(key, ""), value) if part)
            else:
                raw[key] = value
        _check_row(row, raw, hubs, groups, hub_names, group_names)
        checked.append(row)
    report = Report(rows=checked, fields=fields)
    _find_duplicates(report, organisation)
    return report


def _check_row(
    row: CheckedRow, raw: dict[str, str], hubs: dict, groups: dict, hub_names: str, group_names: str
) -> None:
    def problem(key: str, message: str) -> None:
        row.problems.append(Problem(row=row.number, field=key, value=raw.get(key, ""), message=message))

    name = " ".join(raw.get("full_name", "").split())
    if not name:
        problem("full_name", _("The person’s full name is missing"))
    row.values["full_name"] = name
    for key in ("preferred_name", "pronouns", "languages", "address"):
        if key in raw:
            text = raw[key] if key == "address" else " ".join(raw[key].split())
            row.values[key] = text
    for key, limit in TEXT_LIMITS.items():
        if len(row.values.get(key, "")) > limit:
            problem(
                key,
                _("%(field)s must be %(limit)s characters or fewer (it has %(count)s)")
                % {"field": FIELD_LABELS[key], "limit": limit, "count": len(row.values[key])},
            )
    email = raw.get("email", "")
    if email:
        try:
            if len(email) > 254:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            problem("email", _("‘%(value)s’ is not an email address, like name@example.com") % {"value": email})
        else:
            row.values["email"] = email
    phone = raw.get("phone", "")
    if phone:
        national = normalise_phone(phone)
        if national is None:
            problem(
                "phone",
                _("‘%(value)s’ is not a UK phone number, like 07700 900982 or 01632 960001") % {"value": phone},
            )
        else:
            row.values["phone"] = national
    postcode = raw.get("postcode", "")
    if postcode:
        normal = normalise_postcode(postcode)
        if normal is None:
            problem("postcode", _("‘%(value)s’ is not a UK postcode, like NB1 2AB") % {"value": postcode})
        else:
            row.values["postcode"] = normal
    if raw.get("hubs"):
        row.hub_ids, unknown = split_names(raw["hubs"], hubs)
        for unknown_name in unknown:
            problem(
                "hubs",
                _("There is no hub called ‘%(name)s’. The hubs are: %(names)s")
                % {"name": unknown_name, "names": hub_names or _("none yet")},
            )
    if raw.get("stakeholder_groups"):
        row.group_ids, unknown = split_names(raw["stakeholder_groups"], groups)
        for unknown_name in unknown:
            problem(
                "stakeholder_groups",
                _("There is no stakeholder group called ‘%(name)s’. The groups are: %(names)s")
                % {"name": unknown_name, "names": group_names or _("none yet")},
            )


def _row_keys(values: dict[str, str]) -> list[tuple[str, str]]:
    """What identifies a person for spotting duplicates: the same email, the same phone, or the same name and
    postcode."""
    keys = []
    if values.get("email"):
        keys.append(("email", values["email"].casefold()))
    if values.get("phone"):
        keys.append(("phone", phone_key(values["phone"])))
    if values.get("full_name") and values.get("postcode"):
        keys.append(("name_postcode", name_key(values["full_name"]) + "|" + values["postcode"].replace(" ", "")))
    return keys


MATCH_REASONS = {
    "email": gettext_lazy("same email address"),
    "phone": gettext_lazy("same phone number"),
    "name_postcode": gettext_lazy("same name and postcode"),
}


def _find_duplicates(report: Report, organisation: Organisation) -> None:
    wanted: dict[tuple[str, str], list[CheckedRow]] = {}
    first_row: dict[tuple[str, str], int] = {}
    for row in report.rows:
        for key in _row_keys(row.values):
            wanted.setdefault(key, []).append(row)
            if key in first_row:
                if row.same_as_row is None:
                    row.same_as_row = (first_row[key], str(MATCH_REASONS[key[0]]))
            else:
                first_row[key] = row.number
    if not wanted:
        return
    # One pass over the organisation's people (a few columns only) rather than a query per row: a file of
    # 50,000 rows would otherwise ask 50,000 questions.
    people = (
        Person.objects.for_organisation(organisation)
        .not_erased()
        .values_list("pk", "full_name", "email", "phone", "postcode_compact")
        .order_by()
    )
    for pk, full_name, email, phone, postcode_compact in people.iterator(chunk_size=5000):
        keys = []
        if email:
            keys.append(("email", email.casefold()))
        if phone:
            keys.append(("phone", phone_key(phone)))
        if full_name and postcode_compact:
            keys.append(("name_postcode", name_key(full_name) + "|" + postcode_compact))
        for key in keys:
            for row in wanted.get(key, ()):
                if row.matches_person is None:
                    row.matches_person = (pk, full_name, str(MATCH_REASONS[key[0]]))


# Importing -----------------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    imported: int
    skipped: int


def import_label(person_import: PersonImport) -> str:
    """How the audit log names an import: never by its file name, which may name people."""
    return f"People import {str(person_import.pk)[-8:].upper()}"


@transaction.atomic
def import_upload(
    *,
    organisation: Organisation,
    actor: User,
    filename: str,
    content: bytes,
    table: Table,
    request: HttpRequest | None = None,
) -> PersonImport:
    """Hold an uploaded file (already read into `table`) until its columns are mapped and its rows checked."""
    person_import = PersonImport.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        filename=filename[-200:],
        content=content,
        mapping={"columns": guess_mapping(table.header)},
        row_count=len(table.rows),
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=person_import,
        object_label=import_label(person_import),
        summary="Spreadsheet of people uploaded for import",
        changes={"rows": len(table.rows), "columns": len(table.header)},
        request=request,
    )
    return person_import


@transaction.atomic
def import_cancel(*, person_import: PersonImport, actor: User, request: HttpRequest | None = None) -> None:
    """Drop an uploaded file that will not be imported (its content goes at once)."""
    person_import = PersonImport.objects.select_for_update().get(pk=person_import.pk)
    if person_import.status != PersonImport.Status.UPLOADED:
        return
    person_import.status = PersonImport.Status.CANCELLED
    person_import.content = b""
    person_import.save(update_fields=["status", "content", "updated_at"])
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=person_import.organisation,
        obj=person_import,
        object_label=import_label(person_import),
        summary="Spreadsheet of people cancelled before import",
        request=request,
    )


@transaction.atomic
def import_rows(
    *,
    organisation: Organisation,
    actor: User | None,
    report: Report,
    skip_duplicates: bool = True,
    person_import: PersonImport | None = None,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Create a person for every row of a checked file, with their hubs and stakeholder groups, all in this one
    transaction: any failure writes nothing. Refuses a report with problems, and an import already done."""
    if report.has_errors:
        raise ValidationError(_("The file has problems to fix before it can be imported."))
    if person_import is not None:
        person_import = PersonImport.objects.select_for_update().get(pk=person_import.pk)
        if person_import.status not in (PersonImport.Status.UPLOADED, PersonImport.Status.IMPORTING):
            raise ValidationError(_("This file has already been imported or cancelled."))
    rows = report.to_import(skip_duplicates=skip_duplicates)
    HubLink = Person.hubs.through
    GroupLink = Person.stakeholder_groups.through
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        people = []
        hub_links, group_links = [], []
        for row in batch:
            person = Person(id=uuid7(), organisation_id=organisation.pk, **row.values)
            # bulk_create does not call save(), which keeps this in step with the postcode.
            person.postcode_compact = person.postcode.replace(" ", "").upper()
            people.append(person)
            hub_links += [HubLink(person_id=person.id, hub_id=hub_id) for hub_id in row.hub_ids]
            group_links += [GroupLink(person_id=person.id, stakeholdergroup_id=group_id) for group_id in row.group_ids]
        Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
        if hub_links:
            HubLink.objects.bulk_create(hub_links, batch_size=BATCH_SIZE * 2)
        if group_links:
            GroupLink.objects.bulk_create(group_links, batch_size=BATCH_SIZE * 2)
    result = ImportResult(imported=len(rows), skipped=len(report.rows) - len(rows))
    if person_import is not None:
        person_import.status = PersonImport.Status.IMPORTED
        person_import.content = b""
        person_import.imported_count = result.imported
        person_import.row_count = len(report.rows)
        person_import.failure = ""
        person_import.save(update_fields=["status", "content", "imported_count", "row_count", "failure", "updated_at"])
    audit_record(
        action=AuditEvent.Action.IMPORT,
        actor=actor,
        organisation=organisation,
        obj=person_import,
        object_type="" if person_import else Person._meta.label,
        object_label=import_label(person_import) if person_import else "",
        summary=f"Imported {result.imported} people from a spreadsheet; {result.skipped} matching rows skipped",
        changes={
            "rows": len(report.rows),
            "imported": result.imported,
            "skipped_duplicates": result.skipped,
            "fields": report.fields,
        },
        request=request,
    )
    return result


# Large files: imported by the background worker ----------------------------------------------------------------


def columns_for(person_import: PersonImport, table: Table) -> list[str]:
    """The field chosen for each column of the file (guessed from the header until someone chooses)."""
    columns = list(person_import.mapping.get("columns") or guess_mapping(table.header))
    return (columns + [SKIP] * len(table.header))[: len(table.header)]


@transaction.atomic
def import_queue(*, person_import: PersonImport, actor: User, skip_duplicates: bool) -> None:
    """Hand a checked file to the background worker (a web request could time out on a large one). The file
    stays as it is until the worker imports it, all or nothing."""
    from coproduce.people.tasks import import_people

    person_import = PersonImport.objects.select_for_update().get(pk=person_import.pk)
    if person_import.status != PersonImport.Status.UPLOADED:
        raise ValidationError(_("This file has already been imported or cancelled."))
    person_import.status = PersonImport.Status.IMPORTING
    person_import.skip_duplicates = skip_duplicates
    person_import.confirmed_by = actor
    person_import.failure = ""
    person_import.save(update_fields=["status", "skip_duplicates", "confirmed_by", "failure", "updated_at"])
    import_id = str(person_import.pk)
    transaction.on_commit(lambda: import_people.enqueue(import_id=import_id))


def import_run(import_id: str) -> ImportResult | None:
    """The worker's side of import_queue: check the file again (people may have been added since) and import it.
    If anything is wrong, nobody is imported and the file goes back to waiting, with the reason shown."""
    person_import = PersonImport.objects.select_related("organisation", "confirmed_by").filter(pk=import_id).first()
    if person_import is None or person_import.status != PersonImport.Status.IMPORTING:
        return None  # cancelled, or already done by an earlier attempt
    try:
        table = read_table(bytes(person_import.content), person_import.filename)
        report = validate(table.rows, columns_for(person_import, table), person_import.organisation)
        if report.has_errors:
            raise ValidationError(
                _("Some rows are no longer right (for example, a hub or group was renamed). Check the file again.")
            )
        with transaction.atomic():  # all or nothing, whatever fails
            return import_rows(
                organisation=person_import.organisation,
                actor=person_import.confirmed_by,
                report=report,
                skip_duplicates=person_import.skip_duplicates,
                person_import=person_import,
            )
    except (ValidationError, ImportFileError) as error:
        reason = error.message if isinstance(error, ImportFileError) else " ".join(error.messages)
    except Exception:
        logger.exception("Importing people failed", extra={"import_id": import_id})
        reason = str(_("Something went wrong on our side. Nobody was imported: try again."))
    PersonImport.objects.filter(pk=import_id, status=PersonImport.Status.IMPORTING).update(
        status=PersonImport.Status.UPLOADED, failure=reason[:300], updated_at=timezone.now()
    )
    return None
