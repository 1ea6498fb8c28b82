"""The decision log as CSV (streamed) or XLSX, with the log's search and filters. No one present is named: the export
gives the groups present and the "who decided" text, and counts of the evidence and promises. Every cell a
spreadsheet would run as a formula is neutralised (coproduce.core.spreadsheets)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from coproduce.analysis.participation import degree_info
from coproduce.core import spreadsheets
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.decisions.models import Decision
from coproduce.decisions.views import common
from coproduce.stakeholders.models import StakeholderGroup

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
XLSX_TYPE = spreadsheets.XLSX_TYPE


def _date(value) -> str:
    return value.isoformat() if value else ""


def _degree(decision: Decision) -> str:
    return degree_info(decision.degree_of_participation).label if decision.degree_of_participation else ""


# (column heading, value for one decision), in the order of the file's columns.
COLUMNS: list[tuple[Callable[[], str], Callable[[Decision], object]]] = [
    (lambda: _("Date"), lambda d: _date(d.decided_on)),
    (lambda: _("Project"), lambda d: d.project.title),
    (lambda: _("Title"), lambda d: d.title),
    (lambda: _("What was decided"), lambda d: d.what_was_decided),
    (lambda: _("Who decided"), lambda d: d.decided_by),
    (lambda: _("Groups present"), lambda d: "; ".join(g.name for g in d.stakeholder_groups_present.all())),
    (lambda: _("Degree of participation"), _degree),
    (lambda: _("Options considered"), lambda d: d.options_considered),
    (lambda: _("Assumptions and biases checked"), lambda d: d.assumptions_checked),
    (lambda: _("Contributions linked"), lambda d: d.contribution_count),
    (lambda: _("Activities linked"), lambda d: d.activity_count),
    (lambda: _("Review date"), lambda d: _date(d.review_date)),
    (lambda: _("Promises"), lambda d: d.promise_count),
]


def header() -> list[str]:
    return [title() for title, _value in COLUMNS]


def rows(decisions: QuerySet[Decision]) -> Iterator[list[str]]:
    """One row per decision (not yet neutralised), CHUNK_SIZE decisions per query, with their groups prefetched."""
    groups = Prefetch("stakeholder_groups_present", queryset=StakeholderGroup.objects.order_by("order", "name"))
    for decision in common.with_counts(decisions).prefetch_related(groups).iterator(chunk_size=CHUNK_SIZE):
        cells = [value(decision) for _title, value in COLUMNS]
        yield ["" if cell is None else str(cell) for cell in cells]


def csv_lines(decisions: QuerySet[Decision]) -> Iterator[bytes]:
    return spreadsheets.csv_lines(header(), rows(decisions))


def xlsx_bytes(decisions: QuerySet[Decision]) -> bytes:
    return spreadsheets.xlsx_bytes(_("Decisions"), header(), rows(decisions))


def export_record(
    *,
    organisation: Organisation,
    actor: User,
    file_format: str,
    count: int,
    filters: list[str],
    request: HttpRequest | None = None,
) -> AuditEvent:
    """The export's audit line: how many decisions, the format, and the names of the filters used."""
    return audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=actor,
        organisation=organisation,
        object_type=Decision._meta.label,
        summary=f"Exported {count} decisions as {file_format.upper()}",
        changes={"format": file_format, "rows": count, "filters": filters},
        request=request,
    )
