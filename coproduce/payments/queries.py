"""Reading payment lines: the filters the list, the export and the API share, and totals in one query each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate

from coproduce.analysis.payments import Budget, Summary, pounds_to_pence, summarise_totals
from coproduce.payments.models import PaymentLine

if TYPE_CHECKING:
    from coproduce.organisations.models import Organisation
    from coproduce.projects.models import Project


def lines_for(organisation: Organisation) -> QuerySet[PaymentLine]:
    """The organisation's lines with the date each is listed under: the activity's day (or the day its window
    opens), else the day the line was added."""
    return PaymentLine.objects.for_organisation(organisation).annotate(
        line_date=Coalesce(
            TruncDate("activity__starts_at"),
            "activity__window_opens_on",
            TruncDate("created_at"),
        )
    )


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following


@dataclass(frozen=True)
class LineFilters:
    status: str = ""
    project_id: object = None
    kind: str = ""
    month: dt.date | None = None  # any day of the month
    activity_id: object = None
    person_id: object = None

    def names(self) -> list[str]:
        """The names of the filters used (for the export's audit line: never their values)."""
        return sorted(
            name
            for name in ("status", "project_id", "kind", "month", "activity_id", "person_id")
            if getattr(self, name) not in (None, "")
        )


def filter_lines(lines: QuerySet[PaymentLine], filters: LineFilters) -> QuerySet[PaymentLine]:
    if filters.status:
        lines = lines.filter(status=filters.status)
    if filters.kind == "expenses":
        lines = lines.filter(kind__in=PaymentLine.EXPENSES)
    elif filters.kind:
        lines = lines.filter(kind=filters.kind)
    if filters.project_id:
        lines = lines.filter(project_id=filters.project_id)
    if filters.activity_id:
        lines = lines.filter(activity_id=filters.activity_id)
    if filters.person_id:
        lines = lines.filter(person_id=filters.person_id)
    if filters.month:
        first, following = month_bounds(filters.month)
        lines = lines.filter(line_date__gte=first, line_date__lt=following)
    return lines


def in_list_order(lines: QuerySet[PaymentLine]) -> QuerySet[PaymentLine]:
    """Payments for time first, then expenses (they are kept apart everywhere); newest first within each."""
    return lines.annotate(
        kind_group=Case(
            When(kind=PaymentLine.Kind.HONORARIUM, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("kind_group", "-line_date", "-created_at", "-id")


def summary_of(lines: QuerySet[PaymentLine]) -> Summary:
    """Totals by kind and status, in one query."""
    rows = lines.order_by().values_list("kind", "status").annotate(total=Sum("amount_pence"), count=Count("id"))
    return summarise_totals((kind, status, total or 0, count) for kind, status, total, count in rows)


def project_budget(project: Project) -> tuple[Budget, Summary]:
    """The project's budget for involving families against what is to pay and what was paid, in one query."""
    summary = summary_of(PaymentLine.objects.filter(project=project))
    budget = Budget(budget=pounds_to_pence(project.budget_involvement), committed=summary.due, spent=summary.paid)
    return budget, summary
