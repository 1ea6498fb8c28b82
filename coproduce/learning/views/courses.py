"""Course pages: the list (with the brief's suggested courses to add), one course with its sessions and who
completed it, adding and changing courses and sessions, recording a session's attendance (a completion for each
attendee) and recording, correcting or removing one completion.

Who completed a course is named only to members who may see the matrix (it names families); others see how many.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.learning import matrix as training
from coproduce.learning import services, suggested
from coproduce.learning.forms import AttendanceForm, CompletionEditForm, CompletionForm, CourseForm, SessionForm
from coproduce.learning.models import Completion, Course, CourseSession
from coproduce.learning.views.common import (
    MANAGE_TRAINING,
    VIEW,
    VIEW_MATRIX,
    activities,
    members,
    people_in_training,
)


def _supporters(organisation, course: Course | None = None) -> list:
    from coproduce.peers.models import PeerSupporter

    found = PeerSupporter.objects.for_organisation(organisation).select_related("person")
    condition = Q(co_delivers_training=True)
    if course is not None:
        condition |= Q(pk__in=course.co_trainers.values("pk"))
    return list(found.filter(condition).order_by("person__full_name", "id"))


def _missing_suggestions(organisation) -> int:
    existing = Course.objects.for_organisation(organisation).values_list("suggested_key", "name")
    keys = {key for key, _name in existing}
    names = {name.lower() for _key, name in existing}
    return sum(
        1 for key, name, *_rest in suggested.SUGGESTED_COURSES if key not in keys and str(name).lower() not in names
    )


@permission_required(VIEW)
def course_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    retired = request.GET.get("retired") == "1"
    courses = (
        Course.objects.for_organisation(organisation)
        .filter(retired_at__isnull=not retired)
        .annotate(
            completion_count=Count("completions", distinct=True),
            upcoming=Count("sessions", filter=Q(sessions__held_on__gte=timezone.localdate()), distinct=True),
        )
        .order_by("name", "id")
    )
    can_manage = request.user.has_perm(MANAGE_TRAINING, organisation)
    context = {
        "courses": list(courses),
        "retired": retired,
        "can_manage": can_manage,
        "missing": _missing_suggestions(organisation) if can_manage and not retired else 0,
    }
    return render(request, "learning/course_list.html", context)


@require_POST
@permission_required(MANAGE_TRAINING)
def course_add_suggested(request: HttpRequest) -> HttpResponse:
    added = services.courses_add_suggested(actor=request.user, organisation=request.organisation, request=request)
    if added:
        messages.success(request, _("%(count)s suggested courses have been added.") % {"count": added})
    else:
        messages.info(request, _("You already have all the suggested courses."))
    return redirect("learning:course_list")


@permission_required(MANAGE_TRAINING)
def course_create(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = CourseForm(request.POST or None, supporters=_supporters(organisation), initial={"audience": "both"})
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                actor=request.user, organisation=organisation, request=request, **form.course_fields()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": course.name})
            return redirect("learning:course_detail", course_id=course.pk)
    return render(request, "learning/course_form.html", {"form": form, "course": None, "title": _("Add a course")})


@permission_required(MANAGE_TRAINING)
def course_edit(request: HttpRequest, course_id) -> HttpResponse:
    organisation = request.organisation
    course = get_for_member(request, Course.objects.all(), course_id, permission=MANAGE_TRAINING)
    initial = {name: getattr(course, name) for name in services.COURSE_FIELDS}
    initial["co_trainers"] = [str(pk) for pk in course.co_trainers.values_list("pk", flat=True)]
    form = CourseForm(request.POST or None, supporters=_supporters(organisation, course), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(actor=request.user, course=course, request=request, **form.course_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to %(name)s have been saved.") % {"name": course.name})
            return redirect("learning:course_detail", course_id=course.pk)
    title = _("Change %(name)s") % {"name": course.name}
    return render(request, "learning/course_form.html", {"form": form, "course": course, "title": title})


@require_POST
@permission_required(MANAGE_TRAINING)
def course_retire(request: HttpRequest, course_id) -> HttpResponse:
    course = get_for_member(request, Course.objects.all(), course_id, permission=MANAGE_TRAINING)
    retired = course.retired_at is None
    services.course_retire(actor=request.user, course=course, retired=retired, request=request)
    if retired:
        messages.success(request, _("%(name)s has been retired. Who completed it is kept.") % {"name": course.name})
    else:
        messages.success(request, _("%(name)s is offered again.") % {"name": course.name})
    return redirect("learning:course_detail", course_id=course.pk)


@permission_required(VIEW)
def course_detail(request: HttpRequest, course_id) -> HttpResponse:
    organisation = request.organisation
    course = get_for_member(request, Course.objects.prefetch_related("co_trainers__person"), course_id)
    sessions = list(
        CourseSession.objects.filter(course=course)
        .select_related("activity")
        .annotate(attended=Count("completions"))
        .order_by("-held_on", "-created_at")[:50]
    )
    can_see_names = request.user.has_perm(VIEW_MATRIX, organisation)
    completions = Completion.objects.filter(course=course)
    today = timezone.localdate()
    rows = []
    if can_see_names:
        for completion in completions.select_related("person", "user").order_by("-completed_on", "-created_at")[:200]:
            cell = training.Cell(
                training.status_of(completion.expires_on, today),
                completion.completed_on,
                completion.expires_on,
                completion.pk,
            )
            rows.append({"completion": completion, "cell": cell})
    context = {
        "course": course,
        "sessions": sessions,
        "rows": rows,
        "completion_count": completions.count(),
        "can_see_names": can_see_names,
        "can_manage": request.user.has_perm(MANAGE_TRAINING, course),
        "co_trainers": list(course.co_trainers.all()),
    }
    return private(render(request, "learning/course_detail.html", context))


def _session_form_page(request: HttpRequest, *, course: Course, session: CourseSession | None) -> HttpResponse:
    organisation = request.organisation
    initial = {}
    if session is not None:
        initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
        initial["activity"] = str(session.activity_id or "")
    form = SessionForm(
        request.POST or None,
        activities=activities(organisation, also=session.activity if session else None),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                session = services.course_session_create(
                    actor=request.user, course=course, request=request, **form.session_fields()
                )
                messages.success(request, _("The session has been added."))
            else:
                services.course_session_update(
                    actor=request.user, session=session, request=request, **form.session_fields()
                )
                messages.success(request, _("Your changes to the session have been saved."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("learning:session_detail", course_session_id=session.pk)
    title = _("Change the session") if session else _("Add a session")
    return render(
        request, "learning/session_form.html", {"form": form, "course": course, "session": session, "title": title}
    )


@permission_required(MANAGE_TRAINING)
def session_create(request: HttpRequest, course_id) -> HttpResponse:
    course = get_for_member(request, Course.objects.all(), course_id, permission=MANAGE_TRAINING)
    return _session_form_page(request, course=course, session=None)


@permission_required(MANAGE_TRAINING)
def session_edit(request: HttpRequest, course_session_id) -> HttpResponse:
    session = get_for_member(
        request,
        CourseSession.objects.select_related("course", "activity"),
        course_session_id,
        permission=MANAGE_TRAINING,
    )
    return _session_form_page(request, course=session.course, session=session)


def _attendance_form(request: HttpRequest, session: CourseSession, data=None) -> AttendanceForm:
    organisation = request.organisation
    return AttendanceForm(
        data,
        members=members(organisation),
        people=people_in_training(organisation, activity=session.activity),
    )


@permission_required(VIEW)
def session_detail(request: HttpRequest, course_session_id) -> HttpResponse:
    organisation = request.organisation
    session = get_for_member(request, CourseSession.objects.select_related("course", "activity"), course_session_id)
    can_see_names = request.user.has_perm(VIEW_MATRIX, organisation)
    can_manage = request.user.has_perm(MANAGE_TRAINING, session)
    attendees = session.completions.select_related("person", "user").order_by("created_at")
    context = {
        "session": session,
        "course": session.course,
        "attendees": list(attendees) if can_see_names else [],
        "attendee_count": attendees.count(),
        "can_see_names": can_see_names,
        "can_manage": can_manage,
        "taken_place": session.held_on <= timezone.localdate(),
        "form": _attendance_form(request, session) if can_manage else None,
    }
    return private(render(request, "learning/session_detail.html", context))


@require_POST
@permission_required(MANAGE_TRAINING)
def session_attendance(request: HttpRequest, course_session_id) -> HttpResponse:
    """Record who attended: each completes the course on the session's date (one transaction)."""
    session = get_for_member(
        request,
        CourseSession.objects.select_related("course", "activity"),
        course_session_id,
        permission=MANAGE_TRAINING,
    )
    form = _attendance_form(request, session, request.POST)
    if form.is_valid():
        people, users = form.chosen()
        try:
            made = services.session_attendance_record(
                actor=request.user, session=session, people=people, users=users, request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Attendance has been recorded: %(count)s new completions.") % {"count": len(made)}
            )
            return redirect("learning:session_detail", course_session_id=session.pk)
    attendees = session.completions.select_related("person", "user").order_by("created_at")
    context = {
        "session": session,
        "course": session.course,
        "attendees": list(attendees),
        "attendee_count": attendees.count(),
        "can_see_names": True,
        "can_manage": True,
        "taken_place": session.held_on <= timezone.localdate(),
        "form": form,
    }
    return private(render(request, "learning/session_detail.html", context, status=400))


@permission_required(MANAGE_TRAINING)
def completion_create(request: HttpRequest, course_id) -> HttpResponse:
    organisation = request.organisation
    course = get_for_member(request, Course.objects.all(), course_id, permission=MANAGE_TRAINING)
    form = CompletionForm(
        request.POST or None,
        members=members(organisation),
        people=people_in_training(organisation, also=request.GET.get("person")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.completion_record(
                actor=request.user,
                course=course,
                completed_on=data["completed_on"],
                expires_on=data.get("expires_on"),
                never_expires=data.get("never_expires", False),
                request=request,
                **form.trainee_kwargs(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The completion has been recorded."))
            return redirect("learning:course_detail", course_id=course.pk)
    return private(render(request, "learning/completion_form.html", {"form": form, "course": course}))


@permission_required(MANAGE_TRAINING)
def completion_edit(request: HttpRequest, completion_id) -> HttpResponse:
    completion = get_for_member(
        request,
        Completion.objects.select_related("course", "person", "user"),
        completion_id,
        permission=MANAGE_TRAINING,
    )
    form = CompletionEditForm(
        request.POST or None,
        initial={"completed_on": completion.completed_on, "expires_on": completion.expires_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_update(
                actor=request.user,
                completion=completion,
                completed_on=form.cleaned_data["completed_on"],
                expires_on=form.cleaned_data.get("expires_on"),
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The dates have been saved."))
            return redirect("learning:course_detail", course_id=completion.course_id)
    context = {"form": form, "completion": completion, "course": completion.course}
    return private(render(request, "learning/completion_edit.html", context))


@permission_required(MANAGE_TRAINING)
def completion_delete(request: HttpRequest, completion_id) -> HttpResponse:
    """GET asks to confirm; POST removes a completion recorded by mistake."""
    completion = get_for_member(
        request,
        Completion.objects.select_related("course", "person", "user"),
        completion_id,
        permission=MANAGE_TRAINING,
    )
    if request.method == "POST":
        course_id = completion.course_id
        services.completion_delete(actor=request.user, completion=completion, request=request)
        messages.success(request, _("The completion has been removed."))
        return redirect("learning:course_detail", course_id=course_id)
    return private(render(request, "learning/completion_delete.html", {"completion": completion}))
