"""The support families get from peer supporters: the families list (a peer supporter's own, or every family for
coordinators), one family's support (who, why they were matched, their plan, goals, sessions, services they were
helped to reach, wellbeing), the forms that record it, closing it, and the export.

Every episode is fetched through `SupportEpisode.objects.for_organisation(org).visible_to(user, org)`, so another
supporter's family is a 404 exactly like another organisation's. Closed support is read only: the forms send the
member back to the support with a message saying so.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.core.access import permission_required
from coproduce.core.audit import audit_record
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.core.models import AuditEvent
from coproduce.engagement.services.register import need_label
from coproduce.peers import exports
from coproduce.peers.forms_support import (
    PREFER_NOT,
    WELLBEING_QUESTIONS,
    WELLBEING_SHORT,
    CloseForm,
    GoalForm,
    GoalStatusForm,
    NavigationForm,
    NavigationOutcomeForm,
    PlanForm,
    SessionForm,
    WellbeingForm,
)
from coproduce.peers.models import (
    Navigation,
    ServiceDirectoryEntry,
    SupportEpisode,
    SupportGoal,
    WellbeingMoment,
    WellbeingScore,
)
from coproduce.peers.services import support as services
from coproduce.people.models import UNAVAILABLE_TIMES

RECORD = "peers.record_support"
VIEW_ALL = "peers.view_all_support"
PAGE_SIZE = 50
SERVICES_OFFERED = 500
REVIEW_EVERY = dt.timedelta(weeks=12)


def visible_episodes(request: HttpRequest) -> QuerySet[SupportEpisode]:
    """The episodes the member may see: all of the organisation's for coordinators, a peer supporter's own."""
    organisation = request.organisation
    return SupportEpisode.objects.for_organisation(organisation).visible_to(request.user, organisation)


def _episode(request: HttpRequest, episode_id) -> SupportEpisode:
    queryset = visible_episodes(request).select_related(
        "organisation", "person__access_needs", "supporter__person", "supporter__user", "referral"
    )
    try:
        return queryset.get(pk=episode_id)
    except SupportEpisode.DoesNotExist:
        raise Http404 from None


def _part_of(request: HttpRequest, model, episode_id, pk):
    """A goal or navigation of a visible episode (404 if the episode is not the member's to see, or it is not
    this episode's)."""
    try:
        return (
            model.objects.for_organisation(request.organisation)
            .filter(episode__in=visible_episodes(request).filter(pk=episode_id))
            .select_related("episode__organisation", "episode__person")
            .get(pk=pk)
        )
    except (model.DoesNotExist, ValueError):
        raise Http404 from None


def _closed(request: HttpRequest, episode: SupportEpisode, what: str) -> HttpResponse | None:
    """Closed support is read only: back to it with a message that says so."""
    if episode.is_open:
        return None
    messages.error(
        request,
        _("This support was closed on %(date)s, so %(what)s cannot be recorded any more. Closed support is read only.")
        % {"date": date_format(episode.closed_on, "j F Y"), "what": what},
    )
    return redirect("peers:episode_detail", episode_id=episode.pk)


def _form_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return private(render(request, f"peers/support/{template}", context))


def review_due(episode: SupportEpisode, today: dt.date) -> bool:
    """More than 12 weeks since the plan was last reviewed with the family (or since the support started)."""
    return episode.is_open and today - (episode.plan_reviewed_on or episode.started_on) > REVIEW_EVERY


# --- the families list and the export -----------------------------------------------------------------------------


def _shown(request: HttpRequest) -> str:
    return "closed" if request.GET.get("show") == "closed" else "open"


def _listed(request: HttpRequest, show: str) -> QuerySet[SupportEpisode]:
    episodes = visible_episodes(request)
    episodes = episodes.filter(closed_on__isnull=False) if show == "closed" else episodes.open()
    return episodes


@permission_required(RECORD)
def episode_list(request: HttpRequest) -> HttpResponse:
    """Families being supported (or, with ?show=closed, whose support has closed)."""
    show = _shown(request)
    episodes = services.with_counts(_listed(request, show)).order_by(
        "-closed_on" if show == "closed" else "-started_on", "-created_at", "id"
    )
    page = Paginator(episodes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": list(page.object_list),
        "show": show,
        "sees_all": request.user.has_perm(VIEW_ALL, request.organisation),
        "extra_query": f"show={show}",
    }
    return private(render(request, "peers/support/episode_list.html", context))


@permission_required(RECORD)
def episode_export(request: HttpRequest) -> HttpResponse:
    """The families list as CSV or XLSX: one row per support, no session notes, and no family names for peer
    supporters (who export only their own families anyway). Each export has an audit line."""
    file_format = request.GET.get("format", "")
    show = request.GET.get("show", "all")
    if file_format not in exports.FORMATS or show not in ("open", "closed", "all"):
        return redirect("peers:episode_list")
    episodes = visible_episodes(request)
    if show != "all":
        episodes = _listed(request, show)
    sees_all = request.user.has_perm(VIEW_ALL, request.organisation)
    exports.export_record(
        organisation=request.organisation,
        actor=request.user,
        file_format=file_format,
        count=episodes.count(),
        show=show,
        with_names=sees_all,
        request=request,
    )
    filename = f"peer-support-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(episodes, with_names=sees_all), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.xlsx_bytes(episodes, with_names=sees_all), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- one family's support -----------------------------------------------------------------------------------------


def access_summary(person) -> dict | None:
    """The person's access needs in short words, when recorded: peer supporters meet them."""
    needs = getattr(person, "access_needs", None)
    if needs is None:
        return None
    summary = {
        "needs": [need_label(code, needs) for code in needs.needs()],
        "unavailable": [str(label) for code, label in UNAVAILABLE_TIMES if getattr(needs, code)],
        "other": needs.other_needs,
    }
    return summary if any(summary.values()) else None


@permission_required(RECORD)
def episode_detail(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode(request, episode_id)
    organisation = request.organisation
    today = timezone.localdate()
    sees_all = request.user.has_perm(VIEW_ALL, organisation)
    # Session notes: for the family's own supporter and coordinators only.
    sees_notes = sees_all or episode.supporter.user_id == request.user.pk
    sessions = list(episode.sessions.order_by("-held_on", "-created_at"))
    wellbeing = list(episode.wellbeing.all())
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=request.user,
        organisation=organisation,
        obj=episode,
        summary="Looked at a family's peer support",
        request=request,
    )
    context = {
        "episode": episode,
        "person": episode.person,
        "access": access_summary(episode.person),
        "goals": list(episode.goals.all()),
        "sessions": sessions,
        "sees_notes": sees_notes,
        "navigations": list(episode.navigations.select_related("service")),
        "wellbeing_start": next((w for w in wellbeing if w.moment == WellbeingMoment.START), None),
        "wellbeing_changes": [
            {"label": WELLBEING_SHORT[change.question], "change": change}
            for change in services.wellbeing_changes(wellbeing)
        ],
        "has_close_wellbeing": any(w.moment == WellbeingMoment.CLOSE for w in wellbeing),
        "review_due": review_due(episode, today),
        "sees_all": sees_all,
        "can_raise_concern": request.user.has_perm("safeguarding.raise_concern", organisation),
        "minutes_total": sum(session.minutes or 0 for session in sessions),
    }
    return private(render(request, "peers/support/episode_detail.html", context))


@permission_required(RECORD)
def episode_plan(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode(request, episode_id)
    if closed := _closed(request, episode, _("changes to the plan")):
        return closed
    initial = {"strengths": episode.strengths, "needs": episode.needs}
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_plan_update(
                actor=request.user,
                episode=episode,
                strengths=form.cleaned_data["strengths"],
                needs=form.cleaned_data["needs"],
                reviewed_on=form.cleaned_data["reviewed_on"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The family's plan has been saved."))
            return redirect("peers:episode_detail", episode_id=episode.pk)
    return _form_page(request, "episode_plan.html", {"episode": episode, "form": form})


@permission_required(RECORD)
def goal_add(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode(request, episode_id)
    if closed := _closed(request, episode, _("new goals")):
        return closed
    form = GoalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(actor=request.user, episode=episode, text=form.cleaned_data["text"], request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The goal has been added."))
            return redirect(reverse("peers:episode_detail", kwargs={"episode_id": episode.pk}) + "#goals")
    return _form_page(request, "goal_add.html", {"episode": episode, "form": form})


@permission_required(RECORD)
def goal_update(request: HttpRequest, episode_id, goal_id) -> HttpResponse:
    goal = _part_of(request, SupportGoal, episode_id, goal_id)
    episode = goal.episode
    if closed := _closed(request, episode, _("changes to goals")):
        return closed
    form = GoalStatusForm(request.POST if request.method == "POST" else None, initial={"status": goal.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(actor=request.user, goal=goal, status=form.cleaned_data["status"], request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The goal has been updated."))
            return redirect(reverse("peers:episode_detail", kwargs={"episode_id": episode.pk}) + "#goals")
    return _form_page(request, "goal_update.html", {"episode": episode, "goal": goal, "form": form})


@permission_required(RECORD)
def session_add(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode(request, episode_id)
    if closed := _closed(request, episode, _("new sessions")):
        return closed
    form = SessionForm(request.POST if request.method == "POST" else None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_record(actor=request.user, episode=episode, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The session has been recorded."))
            return redirect(reverse("peers:episode_detail", kwargs={"episode_id": episode.pk}) + "#sessions")
    return _form_page(request, "session_add.html", {"episode": episode, "form": form})


def directory_for(organisation) -> list[ServiceDirectoryEntry]:
    """The organisation's services that are still running, by name (bounded)."""
    entries = ServiceDirectoryEntry.objects.for_organisation(organisation).filter(active=True)
    return list(entries.order_by("name", "id")[:SERVICES_OFFERED])


@permission_required(RECORD)
def navigation_add(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode(request, episode_id)
    if closed := _closed(request, episode, _("help to reach a service")):
        return closed
    directory = directory_for(request.organisation)
    form = NavigationForm(request.POST if request.method == "POST" else None, services=directory)
    if request.method == "POST" and form.is_valid():
        try:
            services.navigation_add(
                actor=request.user,
                episode=episode,
                service=form.chosen_service,
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The service has been added."))
            return redirect(reverse("peers:episode_detail", kwargs={"episode_id": episode.pk}) + "#navigation")
    context = {"episode": episode, "form": form, "directory": directory}
    return _form_page(request, "navigation_add.html", context)


@permission_required(RECORD)
def navigation_update(request: HttpRequest, episode_id, navigation_id) -> HttpResponse:
    navigation = _part_of(request, Navigation, episode_id, navigation_id)
    episode = navigation.episode
    if closed := _closed(request, episode, _("whether the family got there")):
        return closed
    initial = {"outcome_on": timezone.localdate()}
    if navigation.outcome_on:
        initial = {"outcome": navigation.outcome, "outcome_on": navigation.outcome_on}
    form = NavigationOutcomeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.navigation_update(actor=request.user, navigation=navigation, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Whether the family got there has been saved."))
            return redirect(reverse("peers:episode_detail", kwargs={"episode_id": episode.pk}) + "#navigation")
    context = {"episode": episode, "navigation": navigation, "service": navigation.service, "form": form}
    return _form_page(request, "navigation_update.html", context)


def _wellbeing_initial(score: WellbeingScore | None) -> dict:
    if score is None:
        return {}
    answers = {name: getattr(score, name) for name in WELLBEING_QUESTIONS}
    return {name: PREFER_NOT if value is None else str(value) for name, value in answers.items()}


@permission_required(RECORD)
def wellbeing_start(request: HttpRequest, episode_id) -> HttpResponse:
    """The wellbeing questions at the start of the support (answering again replaces the answers)."""
    episode = _episode(request, episode_id)
    if closed := _closed(request, episode, _("wellbeing answers")):
        return closed
    existing = WellbeingScore.objects.filter(episode=episode, moment=WellbeingMoment.START).first()
    form = WellbeingForm(request.POST if request.method == "POST" else None, initial=_wellbeing_initial(existing))
    if request.method == "POST" and form.is_valid():
        try:
            services.wellbeing_record(
                actor=request.user,
                episode=episode,
                moment=WellbeingMoment.START,
                scores=form.scores(),
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The family's wellbeing answers have been saved."))
            return redirect(reverse("peers:episode_detail", kwargs={"episode_id": episode.pk}) + "#wellbeing")
    return _form_page(request, "wellbeing_start.html", {"episode": episode, "form": form, "existing": existing})


@permission_required(RECORD)
def episode_close(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode(request, episode_id)
    if not episode.is_open:
        messages.error(
            request,
            _("This support was already closed on %(date)s.") % {"date": date_format(episode.closed_on, "j F Y")},
        )
        return redirect("peers:episode_detail", episode_id=episode.pk)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_close(
                actor=request.user,
                episode=episode,
                outcomes=form.cleaned_data["outcomes"],
                closed_on=form.cleaned_data["closed_on"],
                wellbeing=form.scores() if form.answered() else None,
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The support has been closed."))
            return redirect("peers:episode_detail", episode_id=episode.pk)
    return _form_page(request, "episode_close.html", {"episode": episode, "form": form})


__all__ = [
    "episode_close",
    "episode_detail",
    "episode_export",
    "episode_list",
    "episode_plan",
    "goal_add",
    "goal_update",
    "navigation_add",
    "navigation_update",
    "session_add",
    "wellbeing_start",
]
