"""API: an activity's replies and its barrier check (and, below, attendance).

Replies name people by id only and need `people.view_people`, as on the web pages. The barrier check gives need
codes (and an interpreter's language), never the rest of anyone's access needs; members who may not see people get
the to-do list without anyone's id.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate wraps the view in its own module, where
# string annotations such as "uuid.UUID" cannot be resolved.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require
from coproduce.core.access import get_for_member
from coproduce.engagement.models import Activity, Invitation
from coproduce.engagement.services import barriers as barrier_services

router = Router(tags=["replies and attendance"])

VIEW_ACTIVITIES = "engagement.view_activities"
VIEW_PEOPLE = "people.view_people"


def _activity(request: HttpRequest, activity_id: uuid.UUID, permission: str) -> Activity:
    activity = get_for_member(request, Activity.objects.select_related("venue"), activity_id)
    require(request, permission, activity)
    return activity


# --- replies ---------------------------------------------------------------------------------------------------


class ReplyOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    reply: str  # invited (not replied yet), yes, maybe or no
    on_waiting_list: bool
    joining: str  # in_person, online, phone, post, async; "" when not said
    replied_at: dt.datetime | None
    channel: str  # how the invitation went: email, sms, or staff (staff ask them)
    created_at: dt.datetime


@router.get(
    "/activities/{activity_id}/replies",
    response=list[ReplyOut],
    summary="Everyone invited to an activity and their reply, in the order they were invited",
    url_name="activity_reply_list",
)
@paginate(PageNumberPagination, page_size=100)
def activity_reply_list(request: HttpRequest, activity_id: uuid.UUID):
    activity = _activity(request, activity_id, VIEW_PEOPLE)
    return (
        Invitation.objects.filter(activity=activity)
        .only("id", "person_id", "reply", "on_waiting_list", "joining", "replied_at", "channel", "created_at")
        .order_by("created_at", "pk")
    )


# --- barrier check ---------------------------------------------------------------------------------------------


class UnmetNeedOut(Schema):
    need: str  # an access need code, as in coproduce/people/models.py ACCESS_NEEDS
    language: str  # for an interpreter: the language ("" otherwise, or when not known)


class PersonBarriersOut(Schema):
    person_id: uuid.UUID
    reply_id: uuid.UUID
    unmet: list[UnmetNeedOut]


class ToDoOut(Schema):
    key: str
    need: str
    text: str
    people: int
    person_ids: list[uuid.UUID]  # empty for members who may not see people
    done: bool
    done_at: dt.datetime | None
    note: str


class BarrierCheckOut(Schema):
    checked: int  # people with a place or a maybe
    with_barriers: int
    people: list[PersonBarriersOut]  # empty for members who may not see people
    todo: list[ToDoOut]


@router.get(
    "/activities/{activity_id}/barriers",
    response=BarrierCheckOut,
    summary="The barrier check: unmet needs per person (by id) and the to-do list with what is ticked off",
    url_name="activity_barrier_check",
)
def activity_barrier_check(request: HttpRequest, activity_id: uuid.UUID):
    activity = _activity(request, activity_id, VIEW_ACTIVITIES)
    names = request.user.has_perm(VIEW_PEOPLE, activity)
    check = barrier_services.activity_barriers(activity)
    return {
        "checked": len(check.people),
        "with_barriers": len(check.with_barriers),
        "people": [
            {
                "person_id": row.invitation.person_id,
                "reply_id": row.invitation.pk,
                "unmet": [{"need": item.need, "language": item.language} for item in row.unmet],
            }
            for row in check.people
        ]
        if names
        else [],
        "todo": [
            {
                "key": row.todo.key,
                "need": row.todo.need,
                "text": row.todo.text,
                "people": row.todo.people,
                "person_ids": list(row.todo.person_ids) if names else [],
                "done": row.done is not None,
                "done_at": row.done.updated_at if row.done is not None else None,
                "note": row.done.note if row.done is not None else "",
            }
            for row in check.todo
        ],
    }
