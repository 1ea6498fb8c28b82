"""Projects: the list with filters, the page that shows everything at a glance, the charter, status changes,
stakeholders, stages and history."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.analysis.participation import DEGREES, FAMILY_INVOLVEMENT_LABELS
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Hub
from coproduce.projects import services
from coproduce.projects.forms import CharterForm, ProjectFilterForm, StageForm, StakeholderForm, StatusForm
from coproduce.projects.models import JourneyArea, Project, ProjectStakeholder, Stage
from coproduce.projects.overview import project_overview
from coproduce.stakeholders.forms import JourneyAreaForm
from coproduce.stakeholders.models import StakeholderGroup

MANAGE = "projects.manage_projects"
PAGE_SIZE = 50


def _project(request: HttpRequest, project_id: str, *, write: bool = False) -> Project:
    queryset = Project.objects.select_related("lead__user")
    return get_for_member(request, queryset, project_id, permission=MANAGE if write else None)


@permission_required("projects.view_projects")
def project_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = ProjectFilterForm(request.GET or None, organisation=organisation)
    projects = Project.objects.for_organisation(organisation).order_by("-created_at", "-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            projects = projects.filter(status=data["status"])
        if data["hub"]:
            projects = projects.filter(hubs=data["hub"])
        if data["lead"]:
            projects = projects.filter(lead=data["lead"])
        if data["gap"]:
            group_count = StakeholderGroup.objects.for_organisation(organisation).top_level().count()
            projects = projects.with_stakeholder_gap(group_count)
    # Count and page the plain query; then fetch what the page shows for its 50 rows only.
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(
        Project.objects.filter(pk__in=[p.pk for p in page.object_list])
        .select_related("lead__user")
        .prefetch_related(Prefetch("hubs", queryset=Hub.objects.only("id", "name")))
        .annotate(stakeholder_count=Count("stakeholders"))
        .order_by("-created_at", "-id")
    )
    page.object_list = rows
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "extra_query": query.urlencode(),
        "can_manage": request.user.has_perm(MANAGE, organisation),
    }
    return render(request, "projects/project_list.html", context)


@permission_required(MANAGE)
def project_create(request: HttpRequest) -> HttpResponse:
    form = CharterForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The project ‘%(title)s’ has been started as a draft.") % {"title": project.title}
            )
            return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/charter_form.html", {"form": form, "project": None, "title": _("Start a project")})


@permission_required("projects.view_projects")
def project_detail(request: HttpRequest, project_id: str) -> HttpResponse:
    project = _project(request, project_id)
    context = {
        "project": project,
        "hubs": list(project.hubs.all()),
        "journey_areas": list(project.journey_areas.all()),
        "can_manage": request.user.has_perm(MANAGE, project),
        "can_see_people": request.user.has_perm("people.view_people", project),
        **project_overview(project),
    }
    return render(request, "projects/project_detail.html", context)


@permission_required(MANAGE)
def project_edit(request: HttpRequest, project_id: str) -> HttpResponse:
    project = _project(request, project_id, write=True)
    form = CharterForm(request.POST or None, instance=copy.copy(project), organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The charter has been saved."))
            return redirect("projects:project_detail", project_id=project.pk)
    return render(
        request, "projects/charter_form.html", {"form": form, "project": project, "title": _("Change the charter")}
    )


@permission_required(MANAGE)
def project_status(request: HttpRequest, project_id: str) -> HttpResponse:
    project = _project(request, project_id, write=True)
    form = StatusForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_change_status(actor=request.user, project=project, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project's status has been changed."))
            return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/status_form.html", {"form": form, "project": project})


@permission_required(MANAGE)
def stakeholder_add(request: HttpRequest, project_id: str) -> HttpResponse:
    project = _project(request, project_id, write=True)
    can_see_people = request.user.has_perm("people.view_people", project)
    initial = {"group": request.GET.get("group")} if request.GET.get("group") else None
    form = StakeholderForm(
        request.POST or None, initial=initial, organisation=request.organisation, can_see_people=can_see_people
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_add(actor=request.user, project=project, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("%(group)s has been added to the project.") % {"group": form.cleaned_data["group"]}
            )
            return redirect(f"{project_detail_url(project)}#stakeholders")
    return render(request, "projects/stakeholder_form.html", {"form": form, "project": project})


@permission_required(MANAGE)
@require_POST
def stakeholder_remove(request: HttpRequest, project_id: str, involvement_id: str) -> HttpResponse:
    project = _project(request, project_id, write=True)
    involvement = get_for_member(request, ProjectStakeholder.objects.filter(project=project), involvement_id)
    services.stakeholder_remove(actor=request.user, involvement=involvement, request=request)
    messages.success(request, _("Removed from the project."))
    return redirect(f"{project_detail_url(project)}#stakeholders")


@permission_required(MANAGE)
def stage_edit(request: HttpRequest, project_id: str, stage_id: str | None = None) -> HttpResponse:
    project = _project(request, project_id, write=True)
    stage = get_for_member(request, Stage.objects.filter(project=project), stage_id) if stage_id else None
    form = StageForm(request.POST or None, instance=copy.copy(stage) if stage else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_save(actor=request.user, project=project, stage=stage, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The %(stage)s stage has been saved.") % {"stage": form.cleaned_data["name"]})
            return redirect(f"{project_detail_url(project)}#stages")
    context = {
        "form": form,
        "project": project,
        "stage": stage,
        "degrees": DEGREES.values(),
        "involvement_labels": FAMILY_INVOLVEMENT_LABELS,
    }
    return render(request, "projects/stage_form.html", context)


@permission_required("projects.view_projects")
def project_history(request: HttpRequest, project_id: str) -> HttpResponse:
    project = _project(request, project_id)
    events = (
        AuditEvent.objects.for_organisation(request.organisation)
        .filter(object_type=Project._meta.label, object_id=str(project.pk))
        .only("created_at", "actor_label", "action", "summary", "changes")[:200]
    )
    changes = project.status_changes.select_related("changed_by")
    return render(
        request, "projects/project_history.html", {"project": project, "events": events, "status_changes": changes}
    )


@permission_required("stakeholders.manage_groups")
def journey_areas(request: HttpRequest) -> HttpResponse:
    """The organisation's own list of the parts of the family's journey: add one, or remove one no project uses."""
    form = JourneyAreaForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                area = get_for_member(request, JourneyArea.objects, request.POST["remove"])
                services.journey_area_remove(actor=request.user, area=area, request=request)
                messages.success(request, _("%(name)s has been removed.") % {"name": area.name})
                return redirect("projects:journey_areas")
            if form.is_valid():
                area = services.journey_area_add(
                    actor=request.user,
                    organisation=request.organisation,
                    request=request,
                    name=form.cleaned_data["name"],
                )
                messages.success(request, _("%(name)s has been added.") % {"name": area.name})
                return redirect("projects:journey_areas")
        except ValidationError as error:
            if "remove" in request.POST:
                messages.error(request, " ".join(error.messages))
                return redirect("projects:journey_areas")
            apply_validation_error(form, error)
    areas = (
        JourneyArea.objects.for_organisation(request.organisation)
        .annotate(project_count=Count("projects"))
        .order_by("order", "name")  # aggregation drops Meta.ordering
    )
    return render(request, "projects/journey_areas.html", {"areas": areas, "form": form})


def project_detail_url(project: Project) -> str:
    from django.urls import reverse

    return reverse("projects:project_detail", kwargs={"project_id": project.pk})
