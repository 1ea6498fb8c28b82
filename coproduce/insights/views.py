"""Insights pages: whose voices are missing (the page), a one-page summary for board papers, and the exports.
Each is a thin layer over `insights_cache.report_for(scope)`; the filters are a GET form, so everything works without
JavaScript and every view of the figures has its own address."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from coproduce.analysis.disclosure import THRESHOLD
from coproduce.core import spreadsheets
from coproduce.core.access import permission_required
from coproduce.core.audit import audit_record
from coproduce.core.http import private
from coproduce.core.models import AuditEvent
from coproduce.insights import cache as insights_cache
from coproduce.insights import charts, report
from coproduce.insights.exports import TABLES
from coproduce.insights.filters import scope_from
from coproduce.insights.representation import CharacteristicTable

VIEW = "insights.view_insights"
MANAGE = "insights.manage_insights"
FORMATS = ("csv", "xlsx")


def _chart_rows(table: CharacteristicTable) -> list[charts.RepresentationChartRow]:
    return [
        charts.RepresentationChartRow(
            label=table.labels.get(row.category, row.category),
            share=row.share,
            ci_low=row.ci_low,
            ci_high=row.ci_high,
            population_share=row.population_share if row.in_population else None,
            flag=row.flag,
            suppressed=row.suppressed,
        )
        for row in table.table.rows
    ]


def _representation_charts(built: report.Report) -> dict[str, str]:
    result = {}
    for table in built.tables:
        label = str(table.characteristic.label)
        description = (
            f"The share of people involved in each category, with its 95% confidence interval, against the share "
            f"of the population ({table.population_source})."
            if table.has_population
            else "The share of people involved in each category. There are no population figures to compare with."
        )
        result[table.key] = charts.representation_chart(
            title=f"{label}: people involved against the population",
            description=description,
            rows=_chart_rows(table),
            id_prefix=f"chart-{table.key.replace('_', '-')}",
        )
    return result


def _context(request: HttpRequest) -> dict:
    """What both pages show: the filters, the report and how to link to it with the same filters."""
    form, scope = scope_from(request)
    return {
        "form": form,
        "scope": scope,
        "report": insights_cache.report_for(scope),
        "query": urlencode(scope.as_query()),
        "threshold": THRESHOLD,
        "can_manage": request.user.has_perm(MANAGE, request.organisation),
        "cache_minutes": insights_cache.seconds() // 60,
    }


def _degree_chart(depth) -> str:
    return charts.stacked_chart(
        title="Times people took part, by degree of participation, for each group",
        description=(
            "For each stakeholder group, how the times its people took part split across Treseder's five "
            "degrees of participation, from assigned but informed to family-initiated shared decisions."
        ),
        series=[str(label) for _code, label in depth.degree_columns],
        rows=[(row.label, [row.counts.get(code) for code, _label in depth.degree_columns]) for row in depth.by_degree],
        id_prefix="chart-degrees",
    )


@permission_required(VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    # The charts are drawn for this page only (the printable summary has tables).
    context["charts"] = _representation_charts(context["report"])
    context["degree_chart"] = _degree_chart(context["report"].depth)
    return private(render(request, "insights/overview.html", context))


@permission_required(VIEW)
def printable_summary(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    context["print_layout"] = True
    context["generated"] = timezone.localtime()
    return private(render(request, "insights/summary.html", context))


@permission_required(VIEW)
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    export_table = TABLES[table]
    if export_table.row_level and not request.user.has_perm(MANAGE, request.organisation):
        raise PermissionDenied
    _form, scope = scope_from(request)
    if export_table.row_level:
        header, rows = export_table.rows(scope)
    else:
        header, rows = export_table.rows(insights_cache.report_for(scope))
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        organisation=request.organisation,
        summary=f"Exported the insights table “{export_table.title}” as {fmt.upper()}",
        changes={"table": table, "format": fmt, **scope.as_query()},
        request=request,
    )
    name = f"{slugify(request.organisation.name)}-{table}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(spreadsheets.csv_lines(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return private(response)
    return private(
        FileResponse(
            spreadsheets.xlsx_file(str(export_table.title)[:31], header, rows),
            as_attachment=True,
            filename=name,
            content_type=spreadsheets.XLSX_TYPE,
        )
    )
