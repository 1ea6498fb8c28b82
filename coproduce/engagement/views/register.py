"""The register on the day, made for a tablet at the door: tick who came, their hours and what they needed, see
each person's photo consent and the safeguarding arrangements for the session, and add walk-ins."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.consent.services import current_notice
from coproduce.core.access import get_for_member, member_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.engagement.forms.register import RegisterForm, WalkInForm, WalkInSearchForm
from coproduce.engagement.models import Activity
from coproduce.engagement.services import register as services
from coproduce.people.models import Person

TAKE = "engagement.take_attendance"


def _activity(request: HttpRequest, activity_id: str) -> Activity:
    """The activity (404 for another organisation's), for a member who may take attendance and see people."""
    queryset = Activity.objects.select_related("project", "venue", "lead_on_duty", "organisation")
    activity = get_for_member(request, queryset, activity_id, permission=TAKE)
    if not request.user.has_perm("people.view_people", activity):
        raise PermissionDenied
    return activity


def _register_url(activity: Activity, person: Person | None = None) -> str:
    url = reverse("engagement:register", kwargs={"activity_id": activity.pk})
    return f"{url}#person-{person.pk.hex}" if person is not None else url


@member_required
def register(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = _activity(request, activity_id)
    problem = services.register_problem(activity)
    default_hours = services.activity_length(activity)
    rows = services.register_rows(activity)
    form = RegisterForm(request.POST or None, rows=rows, default_hours=default_hours)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            services.register_save(actor=request.user, activity=activity, changes=form.changes(), request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            came = activity.attendance.filter(attended=True, person__erased_at__isnull=True).count()
            messages.success(
                request,
                _("The register has been saved.")
                + " "
                + ngettext("%(count)d person came.", "%(count)d people came.", came) % {"count": came},
            )
            return redirect(_register_url(activity))
    summary = services.register_summary(rows)
    planned_ratio = ""
    if activity.ratio_adults and activity.ratio_children:
        planned_ratio = _("%(adults)s for every %(children)s") % {
            "adults": ngettext("%(count)d adult", "%(count)d adults", activity.ratio_adults)
            % {"count": activity.ratio_adults},
            "children": ngettext("%(count)d child", "%(count)d children", activity.ratio_children)
            % {"count": activity.ratio_children},
        }
    context = {
        "title": _("Register: %(activity)s") % {"activity": activity.title},
        "activity": activity,
        "form": form,
        "rows": form.rows(),
        "summary": summary,
        "problem": problem,
        "default_hours": default_hours,
        "planned_ratio": planned_ratio,
        "can_raise_concern": request.user.has_perm("safeguarding.raise_concern", activity),
        "recorded_online": activity.join_online and activity.is_recorded,
    }
    return private(render(request, "engagement/register.html", context))


def _pick(request: HttpRequest) -> Person:
    try:
        pk = uuid.UUID(request.POST.get("person", ""))
    except ValueError:
        raise Http404 from None
    return get_for_member(request, Person.objects.not_erased(), pk)


@member_required
def walk_in(request: HttpRequest, activity_id: str) -> HttpResponse:
    """Find the person first (by name or phone number) so that nobody is added twice; then either put the one
    found on the register, or add them as someone new with their answers about contact and photos."""
    activity = _activity(request, activity_id)
    problem = services.register_problem(activity)
    search = WalkInSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    initial = {"full_name": query} if query and not any(char.isdigit() for char in query) else {}
    if any(char.isdigit() for char in query):
        initial["phone"] = query
    form = WalkInForm(initial=initial)
    if request.method == "POST" and problem:
        messages.error(request, problem)
        return redirect(_register_url(activity))
    if request.method == "POST" and request.POST.get("action") == "pick":
        person = _pick(request)
        try:
            services.walk_in_add(actor=request.user, activity=activity, person=person, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is on the register as having come.") % {"name": person.display_name})
            return redirect(_register_url(activity, person))
    elif request.method == "POST":
        form = WalkInForm(request.POST)
        if form.is_valid():
            duplicates = []
            if not form.cleaned_data["different_person"]:
                duplicates = services.walk_in_duplicates(
                    activity,
                    full_name=form.cleaned_data["full_name"],
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                )
            if duplicates:
                form.ask_about_duplicates(duplicates)
            else:
                try:
                    line = services.walk_in_add(
                        actor=request.user, activity=activity, request=request, **form.service_arguments()
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    messages.success(
                        request,
                        _("%(name)s has been added and is on the register as having come.")
                        % {"name": line.person.display_name},
                    )
                    return redirect(_register_url(activity, line.person))
    matches = list(services.walk_in_search(activity, query)) if query else []
    on_register = set(
        activity.attendance.filter(person__in=[p.pk for p in [*matches, *form.duplicates]], attended=True).values_list(
            "person_id", flat=True
        )
    )
    context = {
        "activity": activity,
        "search": search,
        "query": query,
        "matches": matches,
        "form": form,
        "on_register": on_register,
        "problem": problem,
        "notice": current_notice(request.organisation),
    }
    return private(render(request, "engagement/walk_in.html", context))
