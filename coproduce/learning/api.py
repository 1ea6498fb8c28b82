"""API: courses (read) and completions (read, record).

The same permissions as the pages (learning/rules.py): every member reads courses; completions name families and
peer supporters, so they are read by the roles that see the training matrix; staff who run training record them,
through the same service as the pages (checked, audited). Another organisation's records are 404; an id in a body
that is not the organisation's own is 422. Reflection entries are not in the API, by design.
"""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types at run time.
import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.accounts.models import User
from coproduce.api.errors import require, validation_error_422
from coproduce.core.access import get_for_member
from coproduce.learning import services
from coproduce.learning.models import Completion, Course
from coproduce.organisations.models import Membership
from coproduce.people.models import Person

router = Router(tags=["learning"])

VIEW = "learning.view_training"
VIEW_MATRIX = "learning.view_matrix"
MANAGE = "learning.manage_training"


class CourseOut(Schema):
    id: uuid.UUID
    name: str
    covers: str
    audience: str
    who_for_notes: str
    valid_for_months: int | None
    delivered_by: str
    co_trainer_ids: list[uuid.UUID]
    retired: bool
    completion_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_co_trainer_ids(course: Course) -> list[uuid.UUID]:
        return [supporter.pk for supporter in course.co_trainers.all()]

    @staticmethod
    def resolve_retired(course: Course) -> bool:
        return course.retired_at is not None


class CompletionOut(Schema):
    id: uuid.UUID
    course_id: uuid.UUID
    session_id: uuid.UUID | None
    person_id: uuid.UUID | None
    user_id: uuid.UUID | None
    completed_on: dt.date
    expires_on: dt.date | None
    created_at: dt.datetime


class CompletionIn(Schema):
    """Exactly one of `person_id` (a family member or peer supporter) and `user_id` (a member of staff). Without
    `expires_on`, it runs out after the course's validity (or never, with `never_expires`)."""

    course_id: uuid.UUID
    person_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    completed_on: dt.date
    expires_on: dt.date | None = None
    never_expires: bool = False


def _courses():
    return Course.objects.prefetch_related("co_trainers").annotate(completion_count=Count("completions"))


def _one(queryset, pk, field: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise HttpError(422, f"{field}: choose one of your own organisation's records")
    return found


@router.get("/courses", response=list[CourseOut], summary="Courses, by name")
@paginate(PageNumberPagination, page_size=100)
def course_list(request: HttpRequest, retired: bool | None = None):
    """`retired=true` gives the retired courses, `retired=false` those still offered; all by default."""
    require(request, VIEW)
    courses = _courses().for_organisation(request.organisation)
    if retired is not None:
        courses = courses.filter(retired_at__isnull=not retired)
    return courses.order_by("name", "id")


@router.get("/courses/{course_id}", response=CourseOut, summary="One course")
def course_detail(request: HttpRequest, course_id: uuid.UUID):
    require(request, VIEW)
    return get_for_member(request, _courses(), course_id)


@router.get("/completions", response=list[CompletionOut], summary="Course completions, newest first")
@paginate(PageNumberPagination, page_size=100)
def completion_list(request: HttpRequest, course: uuid.UUID | None = None, expiring_before: dt.date | None = None):
    """Filter by `course` (its id) and `expiring_before` (completions that expire before that date, including any
    already expired; those that never expire are left out)."""
    require(request, VIEW_MATRIX)
    completions = Completion.objects.for_organisation(request.organisation)
    if course:
        completions = completions.filter(course_id=course)
    if expiring_before:
        completions = completions.expiring_before(expiring_before)
    return completions.order_by("-completed_on", "-created_at", "id")


@router.post("/completions", response={201: CompletionOut}, summary="Record that someone completed a course")
def completion_create(request: HttpRequest, payload: CompletionIn):
    require(request, MANAGE)
    organisation = request.organisation
    course = _one(Course.objects.for_organisation(organisation), payload.course_id, "course_id")
    person = _one(Person.objects.for_organisation(organisation).not_erased(), payload.person_id, "person_id")
    members = User.objects.filter(pk__in=Membership.objects.for_organisation(organisation).values("user_id"))
    user = _one(members, payload.user_id, "user_id")
    try:
        completion = services.completion_record(
            actor=request.user,
            course=course,
            person=person,
            user=user,
            completed_on=payload.completed_on,
            expires_on=payload.expires_on,
            never_expires=payload.never_expires,
            request=request,
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, completion
