"""The insights tables as rows for CSV and Excel exports: the same figures as the page (from the same `Report`),
hidden counts written "hidden". The involvement records export (one row per time someone took part, with no one
named) is streamed from the database in chunks, so a million rows take no more memory than a thousand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.insights.models import Involvement
from coproduce.insights.report import Report
from coproduce.insights.scope import Scope

HIDDEN = "hidden"
CHUNK = 2000


def _number(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def representation_rows(report: Report) -> tuple[list[str], Iterator[list[str]]]:
    header = [
        _("Characteristic"),
        _("Category"),
        _("People involved"),
        _("Share of people involved"),
        _("95% interval, low"),
        _("95% interval, high"),
        _("Population share"),
        _("Representation ratio"),
        _("Ratio, low"),
        _("Ratio, high"),
        _("Flag"),
        _("Hidden"),
        _("Population figures from"),
    ]

    def rows() -> Iterator[list[str]]:
        for table in report.tables:
            for row in table.table.rows:
                yield [
                    str(table.characteristic.label),
                    table.labels.get(row.category, row.category),
                    _number(row.participants),
                    _share(row.share),
                    _share(row.ci_low),
                    _share(row.ci_high),
                    _share(row.population_share) if row.in_population else "",
                    _ratio(row.ratio),
                    _ratio(row.ratio_low),
                    _ratio(row.ratio_high),
                    {"under": _("below share"), "over": _("above share")}.get(row.flag, ""),
                    _("yes") if row.suppressed else _("no"),
                    table.population_source,
                ]

    return header, rows()


def reach_rows(report: Report) -> tuple[list[str], Iterator[list[str]]]:
    reach = report.reach
    header = [_("Measure"), _("Group"), _("People")]

    def rows() -> Iterator[list[str]]:
        yield [_("People who took part"), "", _number(reach.people)]
        yield [_("First time"), "", _number(reach.first_time)]
        yield [_("Had taken part before"), "", _number(reach.returning)]
        yield [_("Took part on one day"), "", _number(reach.once)]
        yield [_("Took part on more than one day"), "", _number(reach.more_than_once)]
        for row in reach.invited_never:
            yield [_("Invited"), row.label, _number(row.counts["invited"])]
            yield [_("Invited but never took part"), row.label, _number(row.counts["never"])]

    return header, rows()


def _breakdown_rows(columns, breakdowns) -> tuple[list[str], Iterator[list[str]]]:
    header = [_("Group"), *[str(label) for _code, label in columns]]

    def rows() -> Iterator[list[str]]:
        for row in breakdowns:
            yield [row.label, *[_number(row.counts.get(code)) for code, _label in columns]]

    return header, rows()


def participation_rows(report: Report):
    return _breakdown_rows(report.depth.degree_columns, report.depth.by_degree)


def ways_rows(report: Report):
    return _breakdown_rows(report.depth.way_columns, report.depth.by_way)


def needs_rows(report: Report) -> tuple[list[str], Iterator[list[str]]]:
    header = [_("Access need"), _("People who needed it"), _("Met every time"), _("Not met at least once")]

    def rows() -> Iterator[list[str]]:
        for row in report.depth.needs:
            yield [row.label, _number(row.counts["needed"]), _number(row.counts["met"]), _number(row.counts["not_met"])]

    return header, rows()


def follow_through_rows(report: Report) -> tuple[list[str], Iterator[list[str]]]:
    promises = report.follow.promises
    follow = report.follow
    header = [_("Measure"), _("Number")]

    def rows() -> Iterator[list[str]]:
        yield [_("Promises made"), str(promises.total)]
        yield [_("Kept on time"), str(promises.kept_on_time)]
        yield [_("Kept late"), str(promises.kept_late + promises.kept_without_due_date)]
        yield [_("Changed"), str(promises.changed)]
        yield [_("Not possible"), str(promises.not_possible)]
        yield [_("Still open"), str(promises.open)]
        yield [_("Overdue"), str(promises.overdue)]
        yield [_("Contributions from people"), _number(follow.contributions)]
        yield [_("Contributions answered by a promise's outcome"), _number(follow.contributions_heard_back)]
        yield [
            _("Median days from contribution to feedback"),
            "" if follow.median_days_to_feedback is None else str(follow.median_days_to_feedback),
        ]
        yield [_("People who contributed"), _number(follow.contributors)]
        yield [_("People who heard back"), _number(follow.contributors_heard_back)]

    return header, rows()


def involvement_rows(scope: Scope) -> tuple[list[str], Iterator[list[str]]]:
    """One row per time someone took part in the scope. No one is named or given an id."""
    header = [_("Date"), _("How"), _("Project"), _("Activity"), _("Hub"), _("Stakeholder group"), _("Way of joining")]
    kinds = dict(Involvement.Kind.choices)

    def rows() -> Iterator[list[str]]:
        values = (
            scope.involvements()
            .order_by("occurred_on", "id")
            .values_list(
                "occurred_on",
                "kind",
                "project__title",
                "activity__title",
                "hub__name",
                "stakeholder_group__name",
                "join_way",
            )
        )
        for occurred_on, kind, project, activity, hub, group, way in values.iterator(chunk_size=CHUNK):
            yield [
                occurred_on.isoformat(),
                str(kinds.get(kind, kind)),
                project or "",
                activity or "",
                hub or "",
                group or "",
                way or "",
            ]

    return header, rows()


@dataclass(frozen=True)
class ExportTable:
    title: object  # lazy text
    rows: Callable  # Report → (header, rows), or Scope → (header, rows) when row_level
    row_level: bool = False


TABLES: dict[str, ExportTable] = {
    "representation": ExportTable(gettext_lazy("Who took part against the population"), representation_rows),
    "reach": ExportTable(gettext_lazy("Reach"), reach_rows),
    "participation": ExportTable(gettext_lazy("Degree of participation by group"), participation_rows),
    "ways": ExportTable(gettext_lazy("Ways of joining by group"), ways_rows),
    "needs": ExportTable(gettext_lazy("Access needs met"), needs_rows),
    "follow-through": ExportTable(gettext_lazy("Follow-through"), follow_through_rows),
    "involvements": ExportTable(gettext_lazy("Involvement records"), involvement_rows, row_level=True),
}
