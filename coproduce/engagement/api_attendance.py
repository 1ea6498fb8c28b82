"""API: the register of an activity (who came, for how long, walk-ins, and whether what they needed was there).
Needs engagement.view_activities and people.view_people, like the register's own page; another organisation's
activity is 404. Hours are decimal strings ("1.50"), so they are exact."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema

from coproduce.api.errors import require
from coproduce.core.access import get_for_member
from coproduce.engagement.models import Activity, Attendance

router = Router(tags=["replies and attendance"])


class AttendanceOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    invitation_id: uuid.UUID | None
    attended: bool
    walk_in: bool
    hours: str | None
    heard_about: str
    needs_provided: dict[str, bool]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_hours(line: Attendance) -> str | None:
        return None if line.hours is None else f"{line.hours:.2f}"


@router.get(
    "/activities/{activity_id}/attendance",
    response=list[AttendanceOut],
    summary="The register of an activity",
)
def activity_attendance(request: HttpRequest, activity_id: uuid.UUID):
    activity = get_for_member(request, Activity.objects.all(), activity_id)
    for permission in ("engagement.view_activities", "people.view_people"):
        require(request, permission, activity)
    return list(
        Attendance.objects.filter(activity=activity, person__erased_at__isnull=True).order_by("created_at", "id")
    )
