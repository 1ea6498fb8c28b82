"""Payment lines for finance, as CSV (streamed) or XLSX: the lines the list shows with the same filters, payments
for time first and then expenses. Every cell a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from coproduce.analysis.payments import pence_to_pounds
from coproduce.core import spreadsheets
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.payments.models import PaymentLine, PaymentMethod
from coproduce.payments.queries import LineFilters, in_list_order
from coproduce.payments.services import line_reference

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
XLSX_TYPE = spreadsheets.XLSX_TYPE
AMOUNT_COLUMN = 7  # zero-based: written as a number in the workbook


def _receipt(line: PaymentLine) -> str:
    if not line.is_expense:
        return ""
    if line.receipt_received:
        return _("Received: %(reference)s") % {"reference": line.receipt_reference}
    return _("Not received")


def _method(line: PaymentLine) -> str:
    return PaymentMethod(line.method).label if line.method in PaymentMethod.values else ""


# (column heading, value for one line), in the order of the file's columns.
COLUMNS: list[tuple[Callable[[], str], Callable[[PaymentLine], str]]] = [
    (lambda: _("Reference"), line_reference),
    (lambda: _("Person"), lambda line: line.person.full_name),
    (lambda: _("Project"), lambda line: line.project.title),
    (lambda: _("Activity"), lambda line: line.activity.title if line.activity_id else ""),
    (lambda: _("Date"), lambda line: line.line_date.isoformat() if line.line_date else ""),
    (lambda: _("What for"), lambda line: str(line.get_kind_display())),
    (lambda: _("Description"), lambda line: line.description),
    (lambda: _("Amount (£)"), lambda line: pence_to_pounds(line.amount_pence)),
    (lambda: _("Method"), _method),
    (lambda: _("Status"), lambda line: str(line.get_status_display())),
    (lambda: _("Date paid"), lambda line: line.paid_on.isoformat() if line.paid_on else ""),
    (lambda: _("Receipt"), _receipt),
]


def header() -> list[str]:
    return [title() for title, _value in COLUMNS]


def for_export(lines: QuerySet[PaymentLine]) -> QuerySet[PaymentLine]:
    return in_list_order(lines).select_related("person", "project", "activity")


def rows(lines: QuerySet[PaymentLine]) -> Iterator[list[str]]:
    """One row per line (not yet neutralised), read CHUNK_SIZE lines at a time in one query per chunk."""
    for line in for_export(lines).iterator(chunk_size=CHUNK_SIZE):
        yield [str(value(line) or "") for _title, value in COLUMNS]


def csv_lines(lines: QuerySet[PaymentLine]) -> Iterator[bytes]:
    """The CSV file a line at a time (see coproduce.core.spreadsheets)."""
    return spreadsheets.csv_lines(header(), rows(lines))


def _amount_cell(column: int, text: str) -> tuple[Decimal, str] | None:
    """Amounts are numbers formatted as pounds, so finance can add them."""
    return (Decimal(text), "£#,##0.00") if column == AMOUNT_COLUMN else None


def xlsx_bytes(lines: QuerySet[PaymentLine]) -> bytes:
    """The workbook (see coproduce.core.spreadsheets)."""
    return spreadsheets.xlsx_bytes(_("Payments"), header(), rows(lines), cell_for=_amount_cell)


def export_record(
    *,
    organisation: Organisation,
    actor: User,
    file_format: str,
    count: int,
    filters: LineFilters,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """The export's audit line: how many lines, the format, and the names of the filters used."""
    return audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=actor,
        organisation=organisation,
        object_type=PaymentLine._meta.label,
        summary=f"Exported {count} payment lines as {file_format.upper()}",
        changes={"format": file_format, "rows": count, "filters": filters.names()},
        request=request,
    )
