"""The learning API: courses for every member, completions for the roles that see the matrix, recording a
completion through the service (422 naming the field for bad input, ids of another organisation refused), another
organisation's course 404, and no reflections at all."""

from __future__ import annotations

import datetime as dt

import pytest

from coproduce.accounts.services import api_token_create
from coproduce.learning import services
from coproduce.learning.models import Completion, Course, add_months
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from tests.cast import make_member

DAY = dt.timedelta(days=1)


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


def post(client, path: str, user, body: dict):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **bearer(user))


def test_courses_for_every_member(client, org, course, other_org) -> None:
    Course.objects.create(organisation=other_org, name="Theirs")
    partner = make_member(org, "partner@example.org", Role.PARTNER)
    body = get(client, "/courses", partner).json()
    assert [item["name"] for item in body["items"]] == ["Safeguarding"]
    assert body["items"][0]["valid_for_months"] == 24
    detail = get(client, f"/courses/{course.pk}", partner).json()
    assert detail["id"] == str(course.pk) and detail["completion_count"] == 0


def test_another_organisations_course_is_404(client, stranger, course) -> None:
    assert get(client, f"/courses/{course.pk}", stranger).status_code == 404


def test_completions_filtered_by_course_and_expiry(client, org, admin, lead, course, parent, colleague, today) -> None:
    other = Course.objects.create(organisation=org, name="Basics")
    soon = services.completion_record(
        actor=lead, course=course, person=parent, completed_on=today - 700 * DAY, expires_on=today + 10 * DAY
    )
    services.completion_record(actor=lead, course=course, user=colleague, completed_on=today)
    services.completion_record(actor=lead, course=other, user=colleague, completed_on=today)
    assert get(client, "/completions", admin).json()["count"] == 3
    assert get(client, "/completions", admin, course=str(other.pk)).json()["count"] == 1
    body = get(client, "/completions", admin, expiring_before=(today + 30 * DAY).isoformat()).json()
    assert [item["id"] for item in body["items"]] == [str(soon.pk)]
    assert body["items"][0]["person_id"] == str(parent.pk) and body["items"][0]["user_id"] is None


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER])
def test_completions_are_not_for_roles_that_do_not_see_people(client, org, role) -> None:
    assert get(client, "/completions", make_member(org, f"{role}@example.org", role)).status_code == 403


def test_recording_a_completion(client, colleague, course, parent, today) -> None:
    done = today - 30 * DAY
    response = post(
        client,
        "/completions",
        colleague,
        {"course_id": str(course.pk), "person_id": str(parent.pk), "completed_on": done.isoformat()},
    )
    assert response.status_code == 201
    completion = Completion.objects.get()
    assert response.json()["expires_on"] == completion.expires_on.isoformat()
    assert completion.expires_on == add_months(done, 24)
    assert completion.recorded_by == colleague


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"completed_on": "2026-01-10", "expires_on": "2026-01-01"}, "expires_on: The date it expires must be"),
        ({"completed_on": "2099-01-01"}, "completed_on: The date completed cannot be in the future"),
        ({"completed_on": "2026-01-10", "both": True}, "trainee: Choose one person or one member of staff"),
        ({"completed_on": "2026-01-10", "nobody": True}, "trainee: Choose one person or one member of staff"),
    ],
)
def test_bad_completions_are_422_and_nothing_is_saved(client, colleague, course, parent, body, message) -> None:
    payload = {"course_id": str(course.pk), "person_id": str(parent.pk), **body}
    if payload.pop("both", False):
        payload["user_id"] = str(colleague.pk)
    if payload.pop("nobody", False):
        payload.pop("person_id")
    response = post(client, "/completions", colleague, payload)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Completion.objects.exists()


def test_another_organisations_ids_are_refused(client, colleague, course, other_org) -> None:
    theirs = Person.objects.create(organisation=other_org, full_name="Theirs")
    their_course = Course.objects.create(organisation=other_org, name="Theirs")
    response = post(
        client,
        "/completions",
        colleague,
        {"course_id": str(course.pk), "person_id": str(theirs.pk), "completed_on": "2026-01-10"},
    )
    assert response.status_code == 422 and "person_id" in response.json()["detail"]
    response = post(
        client,
        "/completions",
        colleague,
        {"course_id": str(their_course.pk), "user_id": str(colleague.pk), "completed_on": "2026-01-10"},
    )
    assert response.status_code == 422 and "course_id" in response.json()["detail"]
    assert not Completion.objects.exists()


def test_only_staff_who_run_training_record_completions(client, org, course, parent) -> None:
    viewer = make_member(org, "v@example.org", Role.VIEWER)
    response = post(
        client,
        "/completions",
        viewer,
        {"course_id": str(course.pk), "person_id": str(parent.pk), "completed_on": "2026-01-10"},
    )
    assert response.status_code == 403


def test_reflections_are_not_in_the_api(client) -> None:
    from coproduce.api import api

    paths = api.get_openapi_schema()["paths"]
    assert not [path for path in paths if "reflect" in path]
    assert "/api/v1/courses" in paths and "/api/v1/completions" in paths
