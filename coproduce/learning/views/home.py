"""The learning landing page (what is due for me: my induction and my training that is running out, and the way to
everything else), setting learning up with the brief's suggestions, and the training matrix with its export."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core import spreadsheets
from coproduce.core.access import permission_required
from coproduce.core.audit import audit_record
from coproduce.core.http import private
from coproduce.core.models import AuditEvent
from coproduce.learning import matrix as training
from coproduce.learning import services
from coproduce.learning.forms import MatrixFilterForm
from coproduce.learning.models import Course, InductionItem, InductionProgress, OrganisationGuidance, ReflectionPrompt
from coproduce.learning.views.common import (
    MANAGE_GUIDANCE,
    MANAGE_INDUCTION,
    MANAGE_TRAINING,
    RECORD_INDUCTION,
    REFLECT,
    VIEW,
    VIEW_MATRIX,
    audience_of_member,
)

EXPORT_FORMATS = ("csv", "xlsx")


@permission_required(VIEW)
def home(request: HttpRequest) -> HttpResponse:
    organisation, user = request.organisation, request.user
    today = timezone.localdate()
    audience = audience_of_member(user, organisation)
    items = InductionItem.objects.for_organisation(organisation).current().for_audience(audience)
    item_count = items.count()
    done = InductionProgress.objects.filter(user=user, item__in=items).count() if item_count else 0
    can_set_up = user.has_perm(MANAGE_INDUCTION, organisation) and user.has_perm(MANAGE_GUIDANCE, organisation)
    needs_set_up = can_set_up and not (
        Course.objects.for_organisation(organisation).exists()
        or InductionItem.objects.for_organisation(organisation).exists()
        or ReflectionPrompt.objects.for_organisation(organisation).exists()
        or OrganisationGuidance.objects.for_organisation(organisation).exists()
    )
    context = {
        "due": training.due_for_user(user, organisation, today),
        "induction_total": item_count,
        "induction_done": done,
        "can_see_matrix": user.has_perm(VIEW_MATRIX, organisation),
        "can_reflect": user.has_perm(REFLECT, organisation),
        "can_record_induction": user.has_perm(RECORD_INDUCTION, organisation),
        "can_manage_induction": user.has_perm(MANAGE_INDUCTION, organisation),
        "can_manage_guidance": user.has_perm(MANAGE_GUIDANCE, organisation),
        "can_see_communities": user.has_perm("communities.view_communities", organisation),
        "needs_set_up": needs_set_up,
    }
    return private(render(request, "learning/home.html", context))


@require_POST
@permission_required(MANAGE_INDUCTION)
def set_up(request: HttpRequest) -> HttpResponse:
    """Add everything the brief suggests at once (only what is missing): courses, induction, prompts, guidance.
    Leads and administrators, who may manage all four."""
    services.learning_set_up(actor=request.user, organisation=request.organisation, request=request)
    messages.success(
        request,
        _("The suggested courses, induction checklist, prompts and guidance have been added."),
    )
    return redirect("learning:home")


def _matrix_for(request: HttpRequest):
    organisation = request.organisation
    courses = list(Course.objects.for_organisation(organisation).current())
    form = MatrixFilterForm(request.GET or None, courses=courses)
    values = form.values()
    built = training.build(
        organisation, timezone.localdate(), due_within=values.get("due_within"), course=values.get("course")
    )
    return form, values, built


@permission_required(VIEW_MATRIX)
def matrix(request: HttpRequest) -> HttpResponse:
    form, values, built = _matrix_for(request)
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "form": form,
        "matrix": built,
        "filtered": any(values.values()),
        "export_query": query.urlencode(),
        "can_export": request.user.has_perm(MANAGE_TRAINING, request.organisation),
    }
    return private(render(request, "learning/matrix.html", context))


def _rows(built: training.Matrix):
    for row in built.rows:
        yield [row.name, row.about, *(cell.text for cell in row.cells)]


@permission_required(MANAGE_TRAINING)
def matrix_export(request: HttpRequest) -> HttpResponse:
    """The matrix (with the same filters) as CSV or XLSX, every cell neutralised. Each export has an audit line."""
    file_format = request.GET.get("format", "")
    form, values, built = _matrix_for(request)
    if file_format not in EXPORT_FORMATS or (form.is_bound and not form.is_valid()):
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{reverse('learning:matrix')}?{query.urlencode()}")
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        organisation=request.organisation,
        object_type="learning.Completion",
        summary=f"Exported the training matrix ({file_format}, {len(built.rows)} people)",
        changes={"format": file_format, "rows": len(built.rows), "filters": sorted(k for k, v in values.items() if v)},
        request=request,
    )
    header = [_("Name"), _("Who"), *(course.name for course in built.courses)]
    filename = f"training-matrix-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            spreadsheets.csv_lines(header, _rows(built)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            spreadsheets.xlsx_bytes(_("Training matrix"), header, _rows(built)), content_type=spreadsheets.XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
