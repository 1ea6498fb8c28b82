"""Activities: the list of every project's activities (filters work without JavaScript), the activity page (when,
where, ways to join, what it provides, safeguarding on the day, the warnings, then replies, polls, the register,
payments, contributions and calendar from their own parts), planning one from a project, changing it, and
cancelling it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, DateTimeField, Prefetch, Q
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.engagement.forms.activities import ActivityFilterForm, ActivityForm, CancelForm
from coproduce.engagement.models import Activity, Reply
from coproduce.engagement.services import activities as services
from coproduce.organisations.models import Hub
from coproduce.peers.models import ActivitySupporter
from coproduce.projects.models import Project, Stage
from coproduce.publishing.plain_english import plain_english_check
from coproduce.safeguarding.models import SafeguardingArrangements
from coproduce.stakeholders.models import StakeholderGroup

VIEW = "engagement.view_activities"
MANAGE = "engagement.manage_activities"
PAGE_SIZE = 50


def _activity(request: HttpRequest, activity_id: str, *, write: bool = False) -> Activity:
    queryset = Activity.objects.select_related("project", "stage", "venue", "lead_on_duty", "organisation")
    return get_for_member(request, queryset, activity_id, permission=MANAGE if write else None)


@permission_required(VIEW)
def activity_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    now = timezone.now()
    form = ActivityFilterForm(request.GET or None, organisation=organisation)
    when = "upcoming"
    activities = Activity.objects.for_organisation(organisation)
    if form.is_valid():
        data = form.cleaned_data
        when = data["when"] or "upcoming"
        if data["project"]:
            activities = activities.filter(project=data["project"])
        if data["hub"]:
            activities = activities.filter(hubs=data["hub"])
        if data["kind"]:
            activities = activities.filter(kind=data["kind"])
    if when == "upcoming":
        activities = activities.filter(services.not_ended_q(now))
    elif when == "past":
        activities = activities.exclude(services.not_ended_q(now))
    # One order for timed activities and open windows: by when each starts (the window's first day).
    activities = activities.annotate(
        begins=Coalesce("starts_at", Cast("window_opens_on", output_field=DateTimeField()))
    ).order_by("begins" if when == "upcoming" else "-begins", "title", "id")
    page = Paginator(activities.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    position = {pk: index for index, pk in enumerate(ids)}
    rows = sorted(
        Activity.objects.filter(pk__in=ids)
        .select_related("project", "venue")
        .prefetch_related(Prefetch("hubs", queryset=Hub.objects.only("id", "name")))
        .annotate(
            coming=Count("invitations", filter=Q(invitations__reply=Reply.YES, invitations__on_waiting_list=False))
        ),
        key=lambda activity: position[activity.pk],
    )
    page.object_list = rows
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "when": when,
        "extra_query": query.urlencode(),
        "can_manage_venues": request.user.has_perm("engagement.manage_venues", organisation),
        "can_see_payments": request.user.has_perm("payments.record_payments", organisation),
    }
    return render(request, "engagement/activity_list.html", context)


@permission_required(VIEW)
def activity_detail(request: HttpRequest, activity_id: str) -> HttpResponse:
    queryset = Activity.objects.select_related(
        "project", "stage", "venue", "lead_on_duty", "organisation"
    ).prefetch_related(
        Prefetch("hubs", queryset=Hub.objects.only("id", "name")),
        Prefetch("stakeholder_groups", queryset=StakeholderGroup.objects.only("id", "name", "order")),
        "facilitators",
    )
    activity = get_for_member(request, queryset, activity_id)
    organisation = request.organisation
    can_see_people = request.user.has_perm("people.view_people", organisation)
    venue = activity.venue if activity.join_in_person else None
    context = {
        "activity": activity,
        "project": activity.project,
        "venue": venue,
        "venue_facilities": _facilities(venue) if venue else [],
        "provisions": [
            Activity._meta.get_field(name).verbose_name for name in Activity.PROVISIONS if getattr(activity, name)
        ],
        "places": services.place_counts(activity),
        "warnings": services.activity_warning_list(activity, show_counts=can_see_people),
        "has_ended": services.has_ended(activity),
        "can_manage": request.user.has_perm(MANAGE, activity),
        "reminders": _reminder_words(activity.reminder_minutes),
        "arrangements": SafeguardingArrangements.objects.filter(organisation=organisation).first(),
        "can_manage_arrangements": request.user.has_perm("safeguarding.manage_arrangements", organisation),
        "can_raise_concern": request.user.has_perm("safeguarding.raise_concern", organisation),
        # Peer supporters co-facilitating a peer group or co-delivering training (peer support area).
        "peer_facilitators": ActivitySupporter.objects.filter(activity=activity).select_related("supporter__person"),
        # What will happen is written for families: advice on how plain it is (never a block).
        "description_report": plain_english_check(organisation, activity.description) if activity.description else None,
    }
    return render(request, "engagement/activity_detail.html", context)


def _facilities(venue) -> list[dict]:
    return [
        {"label": venue._meta.get_field(name).verbose_name, "has": getattr(venue, name)} for name in venue.FACILITIES
    ]


def _reminder_words(minutes: list[int]) -> list[str]:
    words = []
    for value in sorted(minutes, reverse=True):
        if value % (24 * 60) == 0:
            days = value // (24 * 60)
            words.append(_("1 day before") if days == 1 else _("%(n)s days before") % {"n": days})
        elif value % 60 == 0:
            hours = value // 60
            words.append(_("1 hour before") if hours == 1 else _("%(n)s hours before") % {"n": hours})
        else:
            words.append(_("%(n)s minutes before") % {"n": value})
    return words


@permission_required(MANAGE)
def activity_create(request: HttpRequest, project_id: str) -> HttpResponse:
    project = get_for_member(request, Project.objects.all(), project_id, permission=MANAGE)
    initial = {}
    stage_id = request.GET.get("stage")
    if stage_id and Stage.objects.filter(project=project, pk=_uuid_or_none(stage_id)).exists():
        initial["stage"] = stage_id
    form = ActivityForm(request.POST or None, organisation=request.organisation, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user, project=project, request=request, **form.activity_fields()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("‘%(title)s’ has been planned.") % {"title": activity.title})
            return redirect("engagement:activity_detail", activity_id=activity.pk)
    context = {"form": form, "project": project, "activity": None, "title": _("Add an activity")}
    return render(request, "engagement/activity_form.html", context)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@permission_required(MANAGE)
def activity_edit(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = _activity(request, activity_id, write=True)
    if activity.status == Activity.Status.CANCELLED:
        messages.info(request, _("This activity was cancelled, so it cannot be changed."))
        return redirect("engagement:activity_detail", activity_id=activity.pk)
    form = ActivityForm(
        request.POST or None, organisation=request.organisation, project=activity.project, activity=activity
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=request.user, activity=activity, request=request, **form.activity_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("engagement:activity_detail", activity_id=activity.pk)
    context = {"form": form, "project": activity.project, "activity": activity, "title": _("Change the activity")}
    return render(request, "engagement/activity_form.html", context)


@permission_required(MANAGE)
def activity_cancel(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = _activity(request, activity_id, write=True)
    form = CancelForm(request.POST or None)
    problem = None
    if activity.status == Activity.Status.CANCELLED:
        problem = _("This activity has already been cancelled.")
    elif services.has_ended(activity):
        problem = _("This activity has already happened, so it cannot be cancelled.")
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            services.activity_cancel(
                actor=request.user, activity=activity, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("‘%(title)s’ has been cancelled.") % {"title": activity.title})
            return redirect("engagement:activity_detail", activity_id=activity.pk)
    places = services.place_counts(activity)
    context = {"form": form, "activity": activity, "project": activity.project, "problem": problem, "places": places}
    return render(request, "engagement/activity_cancel.html", context)
