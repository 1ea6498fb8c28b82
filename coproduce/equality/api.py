"""API: one person's equality monitoring answers, for the data protection officer only (each read audited).
Special category data is not exposed through the API to any other role."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from coproduce.core.access import get_for_member
from coproduce.equality import services
from coproduce.people.models import Person

router = Router(tags=["equality"])


class SnapshotOut(Schema):
    context_type: str
    context_id: str
    taken_at: dt.datetime
    answers: dict[str, str]


class EqualityAnswersOut(Schema):
    person_id: uuid.UUID
    answers: dict[str, str]
    objected: bool
    objected_at: dt.datetime | None
    updated_at: dt.datetime | None
    snapshots: list[SnapshotOut]


@router.get(
    "/people/{person_id}/equality",
    response=EqualityAnswersOut,
    summary="One person's equality monitoring answers (data protection officer only; every read is audited)",
)
def person_equality(request: HttpRequest, person_id: uuid.UUID):
    # Another organisation's person is a 404; in our own organisation, anyone but the data protection officer
    # gets 403.
    person = get_for_member(request, Person.objects.not_erased(), person_id)
    if not request.user.has_perm("equality.view_answers", person):
        raise HttpError(403, "Only the data protection officer may read equality monitoring answers.")
    profile = services.answers_view(person=person, actor=request.user, request=request, via="api")
    snapshots = person.equality_snapshots.only("context_type", "context_id", "taken_at", "answers")
    return {
        "person_id": person.pk,
        "answers": profile.answers() if profile else {},
        "objected": bool(profile and profile.objected_at),
        "objected_at": profile.objected_at if profile else None,
        "updated_at": profile.updated_at if profile else None,
        "snapshots": list(snapshots),
    }
