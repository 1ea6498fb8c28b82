"""The population figures set-up pages, used once by an admin or co-production lead: the local authority areas
(Census 2021 figures follow from them), the organisation's own benchmark tables, and its postcode lookup."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from coproduce.contributions.files import CappedUploadHandler
from coproduce.core import spreadsheets
from coproduce.core.access import get_for_member, permission_required
from coproduce.insights import benchmarks
from coproduce.insights.forms import AreaSearchForm, BenchmarkUploadForm, PostcodeUploadForm
from coproduce.insights.models import Benchmark, LocalAuthority, OrganisationArea, PostcodeLsoa
from coproduce.insights.postcodes import postcode_lookup_import

MANAGE = "insights.manage_insights"
MB = 1024 * 1024
GB = 1024 * MB
DEFAULT_POSTCODE_MAX_BYTES = 1536 * MB  # the whole-UK ONS Postcode Directory CSV is about 1.3 GB
SEARCH_RESULTS = 20
ERRORS_SHOWN = 50  # problems listed on the page; the rest are counted


def postcode_max_bytes() -> int:
    return getattr(settings, "INSIGHTS_POSTCODE_MAX_BYTES", DEFAULT_POSTCODE_MAX_BYTES)


def file_size(size: int) -> str:
    """'1.5 GB', '12.3 MB': rounded up, so a file over a limit never reads as the limit."""
    unit, name = (GB, "GB") if size >= GB else (MB, "MB")
    value = -(-size * 10 // unit) / 10
    return f"{value:.0f} {name}" if value == int(value) else f"{value:.1f} {name}"


def _areas(request: HttpRequest):
    return OrganisationArea.objects.for_organisation(request.organisation).select_related("local_authority")


def _postcode_counts(request: HttpRequest) -> dict[str, int]:
    return PostcodeLsoa.objects.for_organisation(request.organisation).aggregate(
        postcodes=Count("pk"), neighbourhoods=Count("lsoa11_code", distinct=True)
    )


# Overview -----------------------------------------------------------------------------------------------------------


@permission_required(MANAGE)
def setup(request: HttpRequest) -> HttpResponse:
    own = [
        {"benchmark": benchmark, "label": benchmarks.characteristic_label(benchmark.characteristic)}
        for benchmark in benchmarks.benchmarks_for(request.organisation)
    ]
    context = {"areas": list(_areas(request)), "benchmarks": own, "postcodes": _postcode_counts(request)}
    return render(request, "insights/setup/index.html", context)


# Areas --------------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def areas(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _area_change(request)
    form = AreaSearchForm(request.GET if "q" in request.GET else None)
    chosen = list(_areas(request))
    chosen_codes = {area.local_authority.code for area in chosen}
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    matches = []
    if query:
        matches = list(
            LocalAuthority.objects.filter(Q(name__icontains=query) | Q(code__iexact=query)).order_by("name")[
                :SEARCH_RESULTS
            ]
        )
    context = {
        "form": form,
        "query": query,
        "matches": matches,
        "chosen": chosen,
        "chosen_codes": chosen_codes,
        "search_limit": SEARCH_RESULTS,
    }
    return render(request, "insights/setup/areas.html", context)


def _area_change(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("code", "").strip().upper()
    query = request.POST.get("q", "").strip()[:100]
    action = request.POST.get("action")
    if action == "add":
        local_authority = LocalAuthority.objects.filter(code=code).first()
        if local_authority is None:
            messages.error(request, _("No local authority has the code %(code)s.") % {"code": code[:9]})
        elif benchmarks.area_add(
            organisation=request.organisation, actor=request.user, local_authority=local_authority, request=request
        ):
            messages.success(request, _("%(name)s added to your areas.") % {"name": local_authority.name})
        else:
            messages.info(request, _("%(name)s is already one of your areas.") % {"name": local_authority.name})
    elif action == "remove":
        area = _areas(request).filter(local_authority__code=code).first()
        if area is None:
            messages.info(request, _("That area is not one of your areas: nothing was removed."))
        else:
            benchmarks.area_remove(area=area, actor=request.user, request=request)
            messages.success(request, _("%(name)s removed from your areas.") % {"name": area.local_authority.name})
    url = reverse("insights:areas")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


# Own benchmarks -----------------------------------------------------------------------------------------------------


@csrf_exempt  # only so the upload handler can be set before the body is read: csrf_protect below checks it
@permission_required(MANAGE)
def benchmark_upload(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [CappedUploadHandler(request, limit=benchmarks.MAX_BYTES)]
    return _benchmark_upload(request)


def _cap(problems: list[str]) -> list[str]:
    if len(problems) <= ERRORS_SHOWN:
        return problems
    hidden = len(problems) - ERRORS_SHOWN
    return [*problems[:ERRORS_SHOWN], _("And %(count)s more problems") % {"count": f"{hidden:,}"}]


@csrf_protect
def _benchmark_upload(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = BenchmarkUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            saved = benchmarks.benchmark_import(
                organisation=request.organisation,
                actor=request.user,
                file=form.cleaned_data["file"],
                source=form.cleaned_data["source"],
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("file", _cap(error.messages))
        else:
            labels = ", ".join(benchmarks.characteristic_label(benchmark.characteristic) for benchmark in saved)
            messages.success(request, _("Figures saved for: %(labels)s.") % {"labels": labels})
            return redirect("insights:setup")
    elif posted and form.cleaned_data.get("file"):
        # The source is missing: check the file too, so that every problem is listed at once.
        try:
            benchmarks.benchmark_parse(form.cleaned_data["file"], request.organisation)
        except ValidationError as error:
            form.add_error("file", _cap(error.messages))
    context = {"form": form, "max_rows": benchmarks.MAX_ROWS, "characteristics": benchmarks.CHARACTERISTICS}
    return render(request, "insights/setup/benchmark_upload.html", context)


@permission_required(MANAGE)
def benchmark_template(request: HttpRequest) -> HttpResponse:
    rows = benchmarks.template_rows(request.organisation)
    content = b"".join(spreadsheets.csv_lines(list(benchmarks.COLUMNS), rows))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="population-figures-template.csv"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def benchmark_delete(request: HttpRequest, benchmark_id: str) -> HttpResponse:
    benchmark = get_for_member(request, Benchmark.objects.all(), benchmark_id)
    label = benchmarks.characteristic_label(benchmark.characteristic)
    if request.method == "POST":
        benchmarks.benchmark_delete(benchmark=benchmark, actor=request.user, request=request)
        messages.success(request, _("Your own figures for %(label)s were deleted.") % {"label": label})
        return redirect("insights:setup")
    return render(request, "insights/setup/benchmark_delete.html", {"benchmark": benchmark, "label": label})


# Postcode lookup ----------------------------------------------------------------------------------------------------


@csrf_exempt  # only so the upload handler can be set before the body is read: csrf_protect below checks it
@permission_required(MANAGE)
def postcodes(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [CappedUploadHandler(request, limit=postcode_max_bytes())]
    return _postcodes(request)


@csrf_protect
def _postcodes(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = PostcodeUploadForm(request.POST if posted else None, request.FILES if posted else None)
    limit = postcode_max_bytes()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > limit:
            form.add_error(
                "file",
                _(
                    "The file is %(size)s. This page takes files up to %(limit)s: ask whoever runs coproduce for "
                    "your organisation to import it with the command shown below"
                )
                % {"size": file_size(upload.size), "limit": file_size(limit)},
            )
        else:
            try:
                result = postcode_lookup_import(
                    organisation=request.organisation, file=upload.file, actor=request.user, request=request
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                counts = _postcode_counts(request)
                message = _(
                    "Postcode lookup saved: %(kept)s postcodes in %(neighbourhoods)s neighbourhoods, from %(rows)s "
                    "rows in the file."
                ) % {
                    "kept": f"{result.kept:,}",
                    "neighbourhoods": f"{counts['neighbourhoods']:,}",
                    "rows": f"{result.rows_read:,}",
                }
                if result.invalid:
                    lines = ", ".join(map(str, result.invalid_lines))
                    if result.invalid > len(result.invalid_lines):
                        lines += ", …"
                    message += " " + _(
                        "%(count)s rows in your areas could not be read and were left out (lines %(lines)s)."
                    ) % {"count": f"{result.invalid:,}", "lines": lines}
                messages.success(request, message)
                return redirect("insights:postcodes")
    context = {
        "form": form,
        "areas": list(_areas(request)),
        "postcodes": _postcode_counts(request),
        "limit": file_size(limit),
        "organisation_slug": request.organisation.slug,
    }
    return render(request, "insights/setup/postcodes.html", context)
