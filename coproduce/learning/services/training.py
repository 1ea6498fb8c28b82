"""Courses, their sessions and completions: recording a session's attendance makes a completion for each attendee,
all or none. Each write runs in one transaction with its audit line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.learning import suggested
from coproduce.learning.models import (
    Completion,
    Course,
    CourseSession,
)
from coproduce.learning.services.common import Action, _audit, _trainee_problems
from coproduce.organisations.models import Membership

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person

COURSE_FIELDS = ("name", "covers", "audience", "who_for_notes", "valid_for_months", "delivered_by")
SESSION_FIELDS = ("held_on", "venue", "online", "activity", "trainer", "notes")


# --- courses --------------------------------------------------------------------------------------------------


def _course_problems(organisation: Organisation, fields: dict[str, Any], course: Course | None = None) -> dict:
    problems: dict[str, str] = {}
    name = (fields.get("name") or "").strip()
    if not name:
        problems["name"] = _("Enter the name of the course")
    elif Course.objects.for_organisation(organisation).has_name(name, exclude=course):
        problems["name"] = _("You already have a course called %(name)s") % {"name": name}
    months = fields.get("valid_for_months")
    if months is not None and not 1 <= months <= 120:
        problems["valid_for_months"] = _(
            "Enter a number of months from 1 to 120, or leave it empty if it never expires"
        )
    for supporter in fields.get("co_trainers") or ():
        if supporter.organisation_id != organisation.pk:
            problems["co_trainers"] = _("Choose your own organisation's peer supporters")
    return problems


@transaction.atomic
def course_create(
    *, actor: User, organisation: Organisation, request: HttpRequest | None = None, **fields: Any
) -> Course:
    problems = _course_problems(organisation, fields)
    if problems:
        raise ValidationError(problems)
    values = {name: fields[name] for name in COURSE_FIELDS if name in fields}
    values["name"] = values["name"].strip()
    course = Course.objects.create(organisation=organisation, **values)
    if fields.get("co_trainers"):
        course.co_trainers.set(fields["co_trainers"])
    _audit(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=course,
        summary=f"Added course {course.name}",
        request=request,
        changes={"fields": sorted(values)},
    )
    return course


@transaction.atomic
def course_update(*, actor: User, course: Course, request: HttpRequest | None = None, **fields: Any) -> Course:
    problems = _course_problems(course.organisation, {"name": course.name, **fields}, course)
    if problems:
        raise ValidationError(problems)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    changes = assign_and_diff(course, fields, COURSE_FIELDS)
    if "co_trainers" in fields:
        before = {str(pk) for pk in course.co_trainers.values_list("pk", flat=True)}
        after = {str(s.pk) for s in fields["co_trainers"]}
        if before != after:
            course.co_trainers.set(fields["co_trainers"])
            changes["co_trainers"] = [len(before), len(after)]
    if changes:
        course.save()
        _audit(
            Action.UPDATE,
            actor=actor,
            organisation=course.organisation,
            obj=course,
            summary=f"Changed course {course.name}",
            request=request,
            changes={"fields": sorted(changes)},
        )
    return course


@transaction.atomic
def course_retire(*, actor: User, course: Course, retired: bool, request: HttpRequest | None = None) -> Course:
    """Retire a course (no longer offered: its column leaves the matrix; completions stay), or bring it back."""
    course.retired_at = timezone.now() if retired else None
    course.save(update_fields=["retired_at", "updated_at"])
    verb = "Retired" if retired else "Brought back"
    _audit(
        Action.UPDATE,
        actor=actor,
        organisation=course.organisation,
        obj=course,
        summary=f"{verb} course {course.name}",
        request=request,
        changes={"retired": retired},
    )
    return course


@transaction.atomic
def courses_add_suggested(*, actor: User, organisation: Organisation, request: HttpRequest | None = None) -> int:
    """Add the brief's suggested courses the organisation does not have yet (by key or by name). How many added."""
    existing = Course.objects.for_organisation(organisation)
    keys = set(existing.values_list("suggested_key", flat=True))
    names = {name.lower() for name in existing.values_list("name", flat=True)}
    added = []
    for key, name, covers, audience, months in suggested.SUGGESTED_COURSES:
        if key in keys or str(name).lower() in names:
            continue
        added.append(
            Course(
                organisation=organisation,
                suggested_key=key,
                name=str(name),
                covers=str(covers),
                audience=audience,
                valid_for_months=months,
            )
        )
    Course.objects.bulk_create(added)
    if added:
        audit_record(
            action=Action.CREATE,
            actor=actor,
            organisation=organisation,
            object_type="learning.Course",
            summary=f"Added {len(added)} suggested courses",
            changes={"courses": [course.suggested_key for course in added]},
            request=request,
        )
    return len(added)


# --- sessions and completions ---------------------------------------------------------------------------------


def _session_problems(course: Course, fields: dict[str, Any]) -> dict:
    problems: dict[str, str] = {}
    if fields.get("held_on") is None:
        problems["held_on"] = _("Enter the date of the session")
    activity = fields.get("activity")
    if activity is not None and activity.organisation_id != course.organisation_id:
        problems["activity"] = _("Choose one of your own organisation's activities")
    return problems


@transaction.atomic
def course_session_create(
    *, actor: User, course: Course, request: HttpRequest | None = None, **fields: Any
) -> CourseSession:
    problems = _session_problems(course, fields)
    if problems:
        raise ValidationError(problems)
    values = {name: fields[name] for name in SESSION_FIELDS if name in fields}
    session = CourseSession.objects.create(organisation=course.organisation, course=course, **values)
    _audit(
        Action.CREATE,
        actor=actor,
        organisation=course.organisation,
        obj=session,
        summary=f"Added a session of {course.name}",
        request=request,
    )
    return session


@transaction.atomic
def course_session_update(
    *, actor: User, session: CourseSession, request: HttpRequest | None = None, **fields: Any
) -> CourseSession:
    problems = _session_problems(session.course, {"held_on": session.held_on, **fields})
    old_day, new_day = session.held_on, fields.get("held_on", session.held_on)
    attended = list(session.completions.all()) if new_day != old_day else []
    if attended and new_day is not None and new_day > timezone.localdate():
        problems["held_on"] = _("Attendance has been recorded, so the date cannot be in the future")
    if problems:
        raise ValidationError(problems)
    changes = assign_and_diff(session, fields, SESSION_FIELDS)
    if changes:
        session.save()
        # The attendees completed the course on the session's date: a corrected date moves their completions (and
        # the expiry worked out from it), unless a completion's dates were changed by hand since.
        moved = []
        for completion in attended:
            if completion.completed_on != old_day:
                continue
            completion.completed_on = new_day
            if completion.expires_on == session.course.expiry_for(old_day):
                completion.expires_on = session.course.expiry_for(new_day)
            completion.updated_at = timezone.now()
            moved.append(completion)
        Completion.objects.bulk_update(moved, ["completed_on", "expires_on", "updated_at"])
        _audit(
            Action.UPDATE,
            actor=actor,
            organisation=session.organisation,
            obj=session,
            summary=f"Changed a session of {session.course.name}",
            request=request,
            changes={"fields": sorted(changes), **({"completions_moved": len(moved)} if moved else {})},
        )
    return session


def _date_problems(completed_on: dt.date | None, expires_on: dt.date | None, today: dt.date) -> dict:
    problems: dict[str, str] = {}
    if completed_on is None:
        problems["completed_on"] = _("Enter the date the course was completed")
    elif completed_on > today:
        problems["completed_on"] = _("The date completed cannot be in the future")
    elif expires_on is not None and expires_on < completed_on:
        problems["expires_on"] = _("The date it expires must be the same as or after the date completed")
    return problems


@transaction.atomic
def completion_record(
    *,
    actor: User,
    course: Course,
    completed_on: dt.date | None,
    person: Person | None = None,
    user: User | None = None,
    expires_on: dt.date | None = None,
    never_expires: bool = False,
    request: HttpRequest | None = None,
) -> Completion:
    """Record that someone completed a course. Without `expires_on`, it runs out after the course's validity
    (never, for a course that never expires, or when `never_expires`)."""
    organisation = course.organisation
    problems = _trainee_problems(organisation, person=person, user=user)
    if course.organisation_id != organisation.pk:
        problems["course"] = _("Choose one of your own organisation's courses")
    problems |= _date_problems(completed_on, expires_on, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    if expires_on is None and not never_expires:
        expires_on = course.expiry_for(completed_on)
    completion = Completion.objects.create(
        organisation=organisation,
        course=course,
        person=person,
        user=user,
        completed_on=completed_on,
        expires_on=expires_on,
        recorded_by=actor,
    )
    _audit(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=completion,
        summary=f"Recorded a completion of {course.name}",
        request=request,
    )
    return completion


@transaction.atomic
def completion_update(
    *,
    actor: User,
    completion: Completion,
    completed_on: dt.date | None,
    expires_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Completion:
    problems = _date_problems(completed_on, expires_on, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    changes = assign_and_diff(
        completion, {"completed_on": completed_on, "expires_on": expires_on}, ("completed_on", "expires_on")
    )
    if changes:
        completion.save()
        _audit(
            Action.UPDATE,
            actor=actor,
            organisation=completion.organisation,
            obj=completion,
            summary="Changed the dates of a course completion",
            request=request,
            changes=changes,
        )
    return completion


@transaction.atomic
def completion_delete(*, actor: User, completion: Completion, request: HttpRequest | None = None) -> None:
    _audit(
        Action.DELETE,
        actor=actor,
        organisation=completion.organisation,
        obj=completion,
        summary=f"Removed a completion of {completion.course.name}",
        request=request,
    )
    completion.delete()


@transaction.atomic
def session_attendance_record(
    *,
    actor: User,
    session: CourseSession,
    people: Iterable[Person] = (),
    users: Iterable[User] = (),
    request: HttpRequest | None = None,
) -> list[Completion]:
    """Everyone who attended the session completed its course on the session's date: one completion each, all or
    none. Anyone already recorded at this session is left as they are. Returns the completions made."""
    people, users = list(people), list(users)
    organisation = session.organisation
    if not people and not users:
        raise ValidationError({"attendees": _("Choose at least one person who attended")})
    if session.held_on > timezone.localdate():
        raise ValidationError({"attendees": _("You can record attendance once the session has taken place")})
    if any(p.organisation_id != organisation.pk or p.is_erased for p in people):
        raise ValidationError({"attendees": _("Choose your own organisation's people")})
    members = Membership.objects.member_ids(organisation.pk, users)
    if len(members) != len({u.pk for u in users}):
        raise ValidationError({"attendees": _("Choose members of your own organisation")})
    # Two people recording the same register at once: the second waits here, then finds the first one's records.
    CourseSession.objects.select_for_update().filter(pk=session.pk).first()
    recorded = Completion.objects.filter(session=session)
    have_people = set(recorded.filter(person__isnull=False).values_list("person_id", flat=True))
    have_users = set(recorded.filter(user__isnull=False).values_list("user_id", flat=True))
    expires_on = session.course.expiry_for(session.held_on)
    made = [
        Completion(
            organisation=organisation,
            course=session.course,
            session=session,
            completed_on=session.held_on,
            expires_on=expires_on,
            recorded_by=actor,
            **trainee,
        )
        for trainee in (
            *({"person": p} for p in {p.pk: p for p in people}.values() if p.pk not in have_people),
            *({"user": u} for u in {u.pk: u for u in users}.values() if u.pk not in have_users),
        )
    ]
    Completion.objects.bulk_create(made)
    _audit(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=session,
        summary=f"Recorded attendance at a session of {session.course.name}",
        request=request,
        changes={"completions": len(made)},
    )
    return made
