"""Promise pages: the organisation's promises (overdue first, with how many were kept on time so far), making a
promise (the form asks whether it is realistic; any answer other than yes is shown back on a confirmation page and
needs an explicit "make the promise anyway", so it asks and never silently blocks), one promise with its history and
a plain-English check of what families read, and changing its status (its owner, or staff who make promises)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.analysis.follow_through import follow_through
from coproduce.contributions import queries as contribution_queries
from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.decisions import services
from coproduce.decisions.forms import PromiseFilterForm, PromiseForm, PromiseStatusForm
from coproduce.decisions.models import CLOSED_STATUSES, Decision, Promise
from coproduce.decisions.views import common
from coproduce.decisions.views.common import (
    CHANGE_PROMISE_STATUS,
    RECORD_PROMISES,
    VIEW_CONTRIBUTIONS,
    VIEW_DECISIONS,
)
from coproduce.projects.models import Project
from coproduce.publishing.plain_english import glossary_for, plain_english_check
from coproduce.publishing.services import site_languages


def _follow_through(organisation) -> dict:
    figures = follow_through(Promise.objects.for_organisation(organisation).as_records(), timezone.localdate())
    return {"figures": figures, "sentence": common.follow_through_sentence(figures)}


def overdue_first(promises: QuerySet[Promise], today) -> QuerySet[Promise]:
    """Overdue promises first, then by due date (none last)."""
    late = Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)
    return promises.annotate(
        late=Case(When(late, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-late", F("due_date").asc(nulls_last=True), "created_at", "id")


@permission_required(VIEW_DECISIONS)
def promise_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    today = timezone.localdate()
    form = PromiseFilterForm(
        request.GET or None,
        members=common.members(organisation),
        projects=common.projects(organisation, chosen=request.GET.get("project")),
    )
    values = form.values()
    promises = Promise.objects.for_organisation(organisation)
    if values.get("status"):
        promises = promises.filter(status=values["status"])
    if values.get("owner") == PromiseFilterForm.MINE:
        promises = promises.owned_by(request.user)
    elif values.get("owner"):
        promises = promises.filter(owner_id=values["owner"])
    if values.get("project"):
        promises = promises.filter(project_id=values["project"])
    if values.get("overdue"):
        promises = promises.overdue(today)
    page = Paginator(overdue_first(promises.select_related("owner", "project"), today), common.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "today": today,
        "filtered": bool(values),
        "extra_query": common.query_without(request, "page"),
        "can_promise": request.user.has_perm(RECORD_PROMISES, organisation),
        **_follow_through(organisation),
    }
    return private(render(request, "decisions/promise_list.html", context))


def _context_objects(request: HttpRequest) -> tuple[Decision | None, Project | None]:
    """The decision (?decision=) and project (?project=, else the decision's) a new promise starts from."""
    decision = project = None
    if request.GET.get("decision"):
        decision = get_for_member(
            request, Decision.objects.select_related("project"), common.uuid_or_404(request.GET["decision"])
        )
        project = decision.project
    if request.GET.get("project"):
        project = get_for_member(request, Project.objects.all(), common.uuid_or_404(request.GET["project"]))
    return decision, project


@permission_required(RECORD_PROMISES)
def promise_create(request: HttpRequest) -> HttpResponse:
    """Make a promise. ?decision=<id> or ?project=<id> say what it answers: the form then offers that project's
    decisions and contributions (without a project, the organisation's latest decisions)."""
    organisation = request.organisation
    decision, project = _context_objects(request)
    decisions = Decision.objects.for_organisation(organisation).select_related("project")
    if project is not None:
        decisions = decisions.filter(project=project)
    decisions = list(decisions.order_by("-decided_on", "-created_at")[: common.DECISIONS_OFFERED])
    if decision is not None and decision not in decisions:
        decisions.insert(0, decision)
    contributions = common.contributions(project) if project is not None else []
    projects = common.projects(organisation)
    if project is not None and project not in projects:
        projects.append(project)
    members = common.members(organisation)
    initial = {"owner": str(request.user.pk) if request.user in members else ""}
    if project is not None:
        initial["project"] = str(project.pk)
    if decision is not None:
        initial["decisions"] = [str(decision.pk)]
    form = PromiseForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        members=members,
        projects=projects,
        decisions=decisions,
        contributions=contributions,
        contribution_labels=common.contribution_labels(contributions),
        initial=initial,
    )
    context = {"form": form, "decision": decision, "project": project, **_follow_through(organisation)}
    if request.method == "POST" and form.is_valid():
        concerns = form.concerns()
        if "change" in request.POST:
            return private(render(request, "decisions/promise_form.html", context))
        if concerns and not form.cleaned_data["anyway"]:
            if request.POST.get("step") == "confirm":
                form.add_error("anyway", _("Tick ‘Make the promise anyway’, or go back and change the promise"))
            context |= {"concerns": concerns, "posted": form.posted_values()}
            return private(render(request, "decisions/promise_confirm.html", context))
        try:
            made = services.promise_create(
                actor=request.user, organisation=organisation, request=request, **form.service_arguments()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The promise has been made."))
            return redirect("decisions:promise_detail", promise_id=made.pk)
    return private(render(request, "decisions/promise_form.html", context))


def _promise(request: HttpRequest, promise_id, *, permission: str | None = None) -> Promise:
    queryset = Promise.objects.select_related("owner", "project", "recorded_by")
    return get_for_member(request, queryset, promise_id, permission=permission)


@permission_required(VIEW_DECISIONS)
def promise_detail(request: HttpRequest, promise_id) -> HttpResponse:
    promise = _promise(request, promise_id)
    organisation = request.organisation
    # What people said only for roles that may see contributions; everyone else sees how many things were said.
    can_see_contributions = request.user.has_perm(VIEW_CONTRIBUTIONS, organisation)
    contributions = (
        list(promise.contributions.select_related("person").order_by("-created_at", "-id"))
        if can_see_contributions
        else []
    )
    glossary = glossary_for(organisation)
    context = {
        "promise": promise,
        "today": timezone.localdate(),
        "overdue": promise.is_overdue(timezone.localdate()),
        "decisions": list(promise.decisions.select_related("project").order_by("-decided_on")),
        "contributions": contributions,
        "contribution_count": len(contributions) if can_see_contributions else promise.contributions.count(),
        "can_see_contributions": can_see_contributions,
        "hidden": contribution_queries.hidden_photos(contributions),
        "updates": list(promise.updates.select_related("changed_by").order_by("-created_at")),
        "text_report": plain_english_check(organisation, promise.text, glossary=glossary),
        "explanation_report": (
            plain_english_check(organisation, promise.public_explanation, glossary=glossary)
            if promise.public_explanation
            else None
        ),
        "can_change": request.user.has_perm(CHANGE_PROMISE_STATUS, promise),
        "can_translate": request.user.has_perm(RECORD_PROMISES, promise) and bool(site_languages(organisation)),
    }
    return private(render(request, "decisions/promise_detail.html", context))


@member_required
def promise_status(request: HttpRequest, promise_id) -> HttpResponse:
    """Change a promise's status: its owner, or staff who make promises (403 for anyone else)."""
    promise = _promise(request, promise_id, permission=CHANGE_PROMISE_STATUS)
    form = PromiseStatusForm(request.POST if request.method == "POST" else None, promise=promise)
    if request.method == "POST" and form.is_valid():
        try:
            services.promise_status_change(
                actor=request.user,
                promise=promise,
                to_status=form.cleaned_data["to_status"],
                explanation=form.cleaned_data["explanation"],
                kept_on=form.cleaned_data["kept_on"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The promise's status has been changed."))
            return redirect("decisions:promise_detail", promise_id=promise.pk)
    return private(render(request, "decisions/promise_status.html", {"promise": promise, "form": form}))
