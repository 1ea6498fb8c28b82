"""Contributions pages: recording one (from a project or an activity), the project's list with its filters, one
contribution with where it came from, changing and deleting it, its file (private), and the organisation's themes.

Who it came from is shown only when it is not anonymous and the member may see people's details. A photo of a
person whose consent for photos has been withdrawn is no longer shown anywhere.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.contributions import files, queries, services
from coproduce.contributions.forms import ContributionFilterForm, ContributionForm, PersonSearchForm, ThemeForm
from coproduce.contributions.models import Contribution, Theme
from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.engagement.models import Activity
from coproduce.people.models import Person
from coproduce.projects.models import Project, Stage

VIEW = "contributions.view_contributions"
RECORD = "contributions.record_contributions"
MANAGE_THEMES = "contributions.manage_themes"
VIEW_PEOPLE = "people.view_people"
PAGE_SIZE = 25
ACTIVITIES_OFFERED = 200
PEOPLE_FOUND = 20


def _project(request: HttpRequest, project_id) -> Project:
    return get_for_member(request, Project.objects.all(), project_id)


def _contribution(request: HttpRequest, contribution_id, *, permission: str = VIEW) -> Contribution:
    queryset = Contribution.objects.select_related("project", "activity", "stage", "person", "recorded_by")
    return get_for_member(request, queryset, contribution_id, permission=permission)


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def _activities(project: Project) -> list[Activity]:
    return list(
        Activity.objects.filter(project=project).order_by("-starts_at", "-window_opens_on", "title", "id")[
            :ACTIVITIES_OFFERED
        ]
    )


def _stages(project: Project) -> list[Stage]:
    return list(Stage.objects.filter(project=project).order_by("order", "name", "id"))


def _chosen_person(request: HttpRequest, default: Person | None) -> Person | None:
    """The person it came from: ?person=<id> (this organisation's, not erased, else 404), ?person=none for
    nobody, otherwise `default`."""
    value = request.GET.get("person")
    if value is None:
        return default
    if value == "none":
        return None
    if not request.user.has_perm(VIEW_PEOPLE, request.organisation):
        raise PermissionDenied
    return get_for_member(request, Person.objects.not_erased(), _uuid_or_404(value))


def _person_search(request: HttpRequest) -> tuple[PersonSearchForm, list[Person] | None]:
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    found = None
    if search.is_bound and search.is_valid() and search.cleaned_data["q"].strip():
        found = list(
            Person.objects.for_organisation(request.organisation)
            .not_erased()
            .search(search.cleaned_data["q"])
            .order_by("full_name", "id")[:PEOPLE_FOUND]
        )
    return search, found


def _query_without(request: HttpRequest, *names: str) -> str:
    query: QueryDict = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _form_page(
    request: HttpRequest,
    *,
    project: Project,
    contribution: Contribution | None,
    activity: Activity | None,
    default_person: Person | None,
) -> HttpResponse:
    person = _chosen_person(request, default_person)
    search, found = _person_search(request) if person is None else (PersonSearchForm(), None)
    themes = list(queries.themes_for(request.organisation))
    options = {"activities": _activities(project), "stages": _stages(project), "themes": themes}
    if activity is not None and activity not in options["activities"]:
        options["activities"].insert(0, activity)
    if contribution is not None:
        initial = ContributionForm.initial_for(contribution)
    else:
        initial = {}
        if activity is not None:
            initial = {"activity": str(activity.pk), "gathered": Contribution.Gathered.ACTIVITY}
            if activity.stage_id:
                initial["stage"] = str(activity.stage_id)
    posted = request.method == "POST"
    form = ContributionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        project=project,
        person=person,
        contribution=contribution,
        initial=initial,
        **options,
    )
    if posted and form.is_valid():
        try:
            if contribution is None:
                saved = services.contribution_record(
                    actor=request.user, project=project, request=request, **form.service_arguments()
                )
            else:
                saved = services.contribution_update(
                    actor=request.user, contribution=contribution, request=request, **form.service_arguments()
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if contribution is None:
                url = reverse("contributions:contribution_detail", kwargs={"contribution_id": saved.pk})
                return redirect(f"{url}?recorded=1")
            messages.success(request, _("Your changes to the contribution have been saved."))
            return redirect("contributions:contribution_detail", contribution_id=saved.pk)
    context = {
        "form": form,
        "project": project,
        "contribution": contribution,
        "activity": activity,
        "person": person,
        "search": search,
        "found": found,
        "can_see_people": request.user.has_perm(VIEW_PEOPLE, request.organisation),
        # Links that choose a person keep the rest of the address (the activity, for example).
        "person_query": _query_without(request, "person", "q"),
    }
    return private(render(request, "contributions/contribution_form.html", context))


@files.with_upload_limit
@permission_required(RECORD)
def contribution_create(request: HttpRequest, project_id) -> HttpResponse:
    """Record a contribution for a project; ?activity=<id> preselects one of its activities."""
    project = _project(request, project_id)
    activity = None
    if request.GET.get("activity"):
        activity = get_for_member(
            request, Activity.objects.filter(project=project), _uuid_or_404(request.GET["activity"])
        )
    return _form_page(request, project=project, contribution=None, activity=activity, default_person=None)


@files.with_upload_limit
@permission_required(RECORD)
def contribution_edit(request: HttpRequest, contribution_id) -> HttpResponse:
    contribution = _contribution(request, contribution_id, permission=RECORD)
    return _form_page(
        request,
        project=contribution.project,
        contribution=contribution,
        activity=contribution.activity,
        default_person=contribution.person,
    )


@permission_required(VIEW)
def contribution_list(request: HttpRequest, project_id) -> HttpResponse:
    project = _project(request, project_id)
    activities, stages = _activities(project), _stages(project)
    themes = list(queries.themes_for(request.organisation))
    form = ContributionFilterForm(request.GET or None, activities=activities, stages=stages, themes=themes)
    contributions = queries.for_organisation(request.organisation).filter(project=project, **form.filters())
    page = Paginator(queries.with_rows(contributions), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    context = {
        "project": project,
        "form": form,
        "page": page,
        "rows": rows,
        "hidden": queries.hidden_photos(rows),
        "filtered": bool(form.filters()),
        "extra_query": _query_without(request, "page"),
        "can_record": request.user.has_perm(RECORD, request.organisation),
        "can_manage_themes": request.user.has_perm(MANAGE_THEMES, request.organisation),
        "can_see_people": request.user.has_perm(VIEW_PEOPLE, request.organisation),
    }
    return private(render(request, "contributions/contribution_list.html", context))


@permission_required(VIEW)
def contribution_detail(request: HttpRequest, contribution_id) -> HttpResponse:
    contribution = _contribution(request, contribution_id)
    context = {
        "contribution": contribution,
        "project": contribution.project,
        "photo_hidden": not queries.photo_allowed(contribution),
        "shows_image": files.shows_image(contribution),
        "can_record": request.user.has_perm(RECORD, contribution),
        "can_see_people": request.user.has_perm(VIEW_PEOPLE, contribution),
    }
    if request.GET.get("recorded") and contribution.recorded_by_id == request.user.pk:
        return private(render(request, "contributions/contribution_recorded.html", context))
    context["themes"] = list(contribution.themes.order_by("name"))
    return private(render(request, "contributions/contribution_detail.html", context))


@permission_required(RECORD)
def contribution_delete(request: HttpRequest, contribution_id) -> HttpResponse:
    """GET asks to confirm; POST deletes the contribution and its file."""
    contribution = _contribution(request, contribution_id, permission=RECORD)
    project = contribution.project
    if request.method == "POST":
        services.contribution_delete(actor=request.user, contribution=contribution, request=request)
        messages.success(request, _("The contribution has been deleted."))
        return redirect("contributions:contribution_list", project_id=project.pk)
    return private(render(request, "contributions/contribution_delete.html", {"contribution": contribution}))


@member_required
def contribution_file(request: HttpRequest, contribution_id) -> HttpResponse:
    """The contribution's file, for members who may see contributions (404 for anyone else, so it says nothing of
    whether it exists). A photo of a person who no longer agrees to photos is 404 too."""
    if not request.user.has_perm(VIEW, request.organisation):
        raise Http404
    contribution = _contribution(request, contribution_id)
    if not contribution.file:
        return redirect("contributions:contribution_detail", contribution_id=contribution.pk)
    file_type = files.stored_type(contribution)
    if file_type is None or not queries.photo_allowed(contribution):
        raise Http404
    try:
        handle = contribution.file.storage.open(contribution.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    services.file_opened(actor=request.user, contribution=contribution, request=request)
    response = FileResponse(
        handle,
        content_type=file_type.content_type,
        as_attachment=not file_type.is_image,
        filename=files.download_name(contribution),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing a browser could run, even if the file were opened on its own.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return private(response)


# Themes ----------------------------------------------------------------------------------------------------------


@permission_required(MANAGE_THEMES)
def theme_list(request: HttpRequest) -> HttpResponse:
    themes = queries.themes_for(request.organisation).annotate(uses=Count("contributions"))
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(
                actor=request.user, organisation=request.organisation, name=form.cleaned_data["name"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": theme.name})
            return redirect("contributions:theme_list")
    return render(request, "contributions/theme_list.html", {"themes": list(themes), "form": form})


@permission_required(MANAGE_THEMES)
def theme_edit(request: HttpRequest, theme_id) -> HttpResponse:
    theme = get_for_member(request, Theme.objects.all(), theme_id, permission=MANAGE_THEMES)
    form = ThemeForm(request.POST or None, initial={"name": theme.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_rename(actor=request.user, theme=theme, name=form.cleaned_data["name"], request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The theme has been renamed to %(name)s.") % {"name": theme.name})
            return redirect("contributions:theme_list")
    return render(request, "contributions/theme_form.html", {"theme": theme, "form": form})


@permission_required(MANAGE_THEMES)
def theme_delete(request: HttpRequest, theme_id) -> HttpResponse:
    """GET asks to confirm (or says why it cannot be removed); POST removes an unused theme."""
    theme = get_for_member(request, Theme.objects.all(), theme_id, permission=MANAGE_THEMES)
    uses = theme.contributions.count()
    problem = None
    if request.method == "POST":
        try:
            services.theme_delete(actor=request.user, theme=theme, request=request)
        except ValidationError as error:
            problem = error.messages[0]
        else:
            messages.success(request, _("%(name)s has been removed.") % {"name": theme.name})
            return redirect("contributions:theme_list")
    return render(request, "contributions/theme_delete.html", {"theme": theme, "uses": uses, "problem": problem})
