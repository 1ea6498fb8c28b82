"""Decision pages: the organisation's decision log and a project's (searchable, filtered, a page at a time, and
exported as CSV or XLSX), recording and changing a decision through the services, and one decision with its
evidence, who was there and the promises made in answer.

People present are named only to members who may see people's details, and what people said is shown only to members
who may see contributions; everyone else sees how many there were.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.analysis.participation import degree_info
from coproduce.contributions import queries as contribution_queries
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.decisions import services
from coproduce.decisions.forms import ASSUMPTION_QUESTIONS, NOT_RECORDED, DecisionFilterForm, DecisionForm
from coproduce.decisions.models import Decision
from coproduce.decisions.views import common, exports
from coproduce.decisions.views.common import (
    RECORD_DECISIONS,
    RECORD_PROMISES,
    VIEW_CONTRIBUTIONS,
    VIEW_DECISIONS,
    VIEW_PEOPLE,
)
from coproduce.projects.models import Project


def filtered(organisation, values: dict, *, project: Project | None = None) -> QuerySet[Decision]:
    """The organisation's decisions with the log's search and filters applied."""
    decisions = Decision.objects.for_organisation(organisation)
    if project is not None:
        decisions = decisions.filter(project=project)
    elif values.get("project"):
        decisions = decisions.filter(project_id=values["project"])
    if values.get("q"):
        words = values["q"].strip()
        decisions = decisions.filter(Q(title__icontains=words) | Q(what_was_decided__icontains=words))
    degree = values.get("degree")
    if degree == NOT_RECORDED:
        decisions = decisions.filter(degree_of_participation__isnull=True)
    elif degree:
        decisions = decisions.filter(degree_of_participation=int(degree))
    if values.get("review_due"):
        decisions = decisions.due_for_review(timezone.localdate())
    return decisions.order_by("-decided_on", "-created_at", "-id")


def _log(request: HttpRequest, project: Project | None) -> HttpResponse:
    organisation = request.organisation
    form = DecisionFilterForm(
        request.GET or None,
        projects=common.projects(organisation, chosen=request.GET.get("project")) if project is None else (),
        with_project=project is None,
    )
    values = form.values()
    page = Paginator(common.with_counts(filtered(organisation, values, project=project)), common.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    export_query = common.query_without(request, "page", "format")
    if project is not None:
        export_query = "&".join(part for part in (export_query, f"project={project.pk}") if part)
    context = {
        "project": project,
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "today": timezone.localdate(),
        "filtered": bool(values),
        "extra_query": common.query_without(request, "page"),
        "export_query": export_query,
        "can_record": request.user.has_perm(RECORD_DECISIONS, organisation),
        "can_promise": request.user.has_perm(RECORD_PROMISES, organisation),
    }
    return private(render(request, "decisions/decision_list.html", context))


@permission_required(VIEW_DECISIONS)
def decision_list(request: HttpRequest) -> HttpResponse:
    """The organisation's decision log."""
    return _log(request, None)


@permission_required(VIEW_DECISIONS)
def project_decision_list(request: HttpRequest, project_id) -> HttpResponse:
    """One project's decision log."""
    return _log(request, get_for_member(request, Project.objects.all(), project_id))


@permission_required(VIEW_DECISIONS)
def decision_export(request: HttpRequest) -> HttpResponse:
    """The log (with the same search and filters) as CSV or XLSX. Each export has an audit line."""
    organisation = request.organisation
    form = DecisionFilterForm(
        request.GET or None, projects=common.projects(organisation, chosen=request.GET.get("project"))
    )
    file_format = request.GET.get("format", "")
    if file_format not in exports.FORMATS or (form.is_bound and not form.is_valid()):
        # An export must be exactly what was asked for: the log shows what is wrong with the filters.
        return redirect(f"{reverse('decisions:decision_list')}?{common.query_without(request, 'format')}")
    values = form.values()
    decisions = filtered(organisation, values)
    exports.export_record(
        organisation=organisation,
        actor=request.user,
        file_format=file_format,
        count=decisions.count(),
        filters=sorted(values),
        request=request,
    )
    filename = f"decisions-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(exports.csv_lines(decisions), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.xlsx_bytes(decisions), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _form_page(request: HttpRequest, *, project: Project, decision: Decision | None) -> HttpResponse:
    organisation = request.organisation
    can_choose_people = request.user.has_perm(VIEW_PEOPLE, organisation)
    linked = {
        "contributions": decision.contributions.select_related("person") if decision else (),
        "activities": decision.activities.all() if decision else (),
    }
    contributions = common.contributions(project, also=linked["contributions"])
    options = {
        "stages": common.stages(project),
        "contributions": contributions,
        "contribution_labels": common.contribution_labels(contributions),
        "activities": common.activities(project, also=linked["activities"]),
        "groups": common.groups(organisation),
        "members": common.members(organisation),
        "people": (
            common.people_involved(project, also=decision.people_present.all() if decision else None)
            if can_choose_people
            else ()
        ),
    }
    posted = request.method == "POST"
    form = DecisionForm(
        request.POST if posted else None,
        project=project,
        decision=decision,
        can_choose_people=can_choose_people,
        initial=DecisionForm.initial_for(decision) if decision is not None else {},
        **options,
    )
    if posted and form.is_valid():
        try:
            if decision is None:
                saved = services.decision_record(
                    actor=request.user, project=project, details=form.details, request=request
                )
            else:
                saved = services.decision_update(
                    actor=request.user, decision=decision, details=form.details, request=request
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if decision is None:
                messages.success(request, _("The decision has been recorded."))
            else:
                messages.success(request, _("Your changes to the decision have been saved."))
            return redirect("decisions:decision_detail", decision_id=saved.pk)
    context = {
        "form": form,
        "project": project,
        "decision": decision,
        "questions": ASSUMPTION_QUESTIONS,
        "can_choose_people": can_choose_people,
        "people_recorded": decision.people_present.count() if decision and not can_choose_people else 0,
    }
    return private(render(request, "decisions/decision_form.html", context))


@permission_required(RECORD_DECISIONS)
def decision_create(request: HttpRequest, project_id) -> HttpResponse:
    project = get_for_member(request, Project.objects.all(), project_id, permission=RECORD_DECISIONS)
    return _form_page(request, project=project, decision=None)


@permission_required(RECORD_DECISIONS)
def decision_edit(request: HttpRequest, decision_id) -> HttpResponse:
    queryset = Decision.objects.select_related("project")
    decision = get_for_member(request, queryset, decision_id, permission=RECORD_DECISIONS)
    return _form_page(request, project=decision.project, decision=decision)


@permission_required(VIEW_DECISIONS)
def decision_detail(request: HttpRequest, decision_id) -> HttpResponse:
    queryset = Decision.objects.select_related("project", "stage", "recorded_by")
    decision = get_for_member(request, queryset, decision_id)
    can_see_people = request.user.has_perm(VIEW_PEOPLE, decision)
    can_see_contributions = request.user.has_perm(VIEW_CONTRIBUTIONS, request.organisation)
    contributions = (
        list(decision.contributions.select_related("person").order_by("-created_at", "-id"))
        if can_see_contributions
        else []
    )
    people = decision.people_present.order_by("full_name", "id")
    today = timezone.localdate()
    context = {
        "decision": decision,
        "project": decision.project,
        "degree": degree_info(decision.degree_of_participation) if decision.degree_of_participation else None,
        "contributions": contributions,
        "contribution_count": len(contributions) if can_see_contributions else decision.contributions.count(),
        "can_see_contributions": can_see_contributions,
        "hidden": contribution_queries.hidden_photos(contributions),
        "activities": list(decision.activities.order_by("starts_at", "window_opens_on", "title")),
        "groups": list(decision.stakeholder_groups_present.order_by("order", "name")),
        "members_present": list(decision.members_present.order_by("full_name", "email")),
        "people": list(people) if can_see_people else None,
        "people_count": people.count() if not can_see_people else None,
        "promises": list(decision.promises.select_related("owner").order_by("due_date", "created_at")),
        "today": today,
        "review_due": decision.review_date is not None and decision.review_date <= today,
        "can_see_people": can_see_people,
        "can_record": request.user.has_perm(RECORD_DECISIONS, decision),
        "can_promise": request.user.has_perm(RECORD_PROMISES, decision),
    }
    return private(render(request, "decisions/decision_detail.html", context))
