"""The replies and barrier check API: people by id only, need codes only, who may read what, another
organisation's activity is 404, bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.accounts.services import api_token_create
from coproduce.engagement.models import Activity, BarrierToDo, Reply
from coproduce.engagement.tests.test_invitations import make_activity, make_invitation, make_person, make_venue
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import AccessNeeds
from tests.cast import make_member


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def activity(org) -> Activity:
    return make_activity(org, venue=make_venue(org, name="Old Library"), join_online=False, capacity=1)


@pytest.fixture
def replies(org, activity):
    wiktoria = make_person(org, "Wiktoria Nowak", email="w@example.com")
    AccessNeeds.objects.create(
        organisation=org, person=wiktoria, interpreter=True, interpreter_language="Polish", other_needs="Private note"
    )
    coming = make_invitation(activity, wiktoria, reply=Reply.YES, joining="in_person", channel="email")
    waiting = make_invitation(activity, make_person(org, "Wes Waiting"), reply=Reply.YES, on_waiting_list=True)
    silent = make_invitation(activity, make_person(org, "Nat Notyet"), channel="staff")
    return coming, waiting, silent


def test_the_replies_list_names_people_by_id_only(client, colleague, activity, replies) -> None:
    coming, waiting, silent = replies
    response = client.get(f"/api/v1/activities/{activity.pk}/replies", **bearer(colleague))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    items = {item["id"]: item for item in body["items"]}
    assert items[str(coming.pk)] | {"replied_at": None, "created_at": None} == {
        "id": str(coming.pk),
        "person_id": str(coming.person_id),
        "reply": "yes",
        "on_waiting_list": False,
        "joining": "in_person",
        "replied_at": None,
        "channel": "email",
        "created_at": None,
    }
    assert items[str(waiting.pk)]["on_waiting_list"] is True
    assert items[str(silent.pk)]["reply"] == "invited" and items[str(silent.pk)]["channel"] == "staff"
    assert "Wiktoria" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
def test_roles_that_cannot_see_people_cannot_list_replies(client, org, activity, replies, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert client.get(f"/api/v1/activities/{activity.pk}/replies", **bearer(user)).status_code == 403


def test_another_organisations_activity_is_404(client, stranger, activity, replies) -> None:
    auth = bearer(stranger)
    assert client.get(f"/api/v1/activities/{activity.pk}/replies", **auth).status_code == 404
    assert client.get(f"/api/v1/activities/{activity.pk}/barriers", **auth).status_code == 404


def test_the_barrier_check_gives_codes_and_the_to_do_list(client, colleague, activity, replies) -> None:
    coming = replies[0]
    BarrierToDo.objects.create(
        organisation=activity.organisation, activity=activity, key="interpreter:polish", done_by=colleague, note="Anna"
    )
    response = client.get(f"/api/v1/activities/{activity.pk}/barriers", **bearer(colleague))
    assert response.status_code == 200
    body = response.json()
    assert body["checked"] == 1 and body["with_barriers"] == 1
    assert body["people"] == [
        {
            "person_id": str(coming.person_id),
            "reply_id": str(coming.pk),
            "unmet": [{"need": "interpreter", "language": "Polish"}],
        }
    ]
    (todo,) = body["todo"]
    assert todo["key"] == "interpreter:polish" and todo["text"] == "Book a Polish interpreter (1 person)"
    assert todo["person_ids"] == [str(coming.person_id)]
    assert todo["done"] is True and todo["note"] == "Anna" and todo["done_at"]
    assert "Private note" not in response.content.decode()  # nothing beyond the codes


def test_members_who_cannot_see_people_get_the_to_do_list_without_ids(client, org, viewer, activity, replies) -> None:
    body = client.get(f"/api/v1/activities/{activity.pk}/barriers", **bearer(viewer)).json()
    assert body["people"] == [] and body["with_barriers"] == 1
    assert body["todo"][0]["person_ids"] == [] and body["todo"][0]["people"] == 1


def test_the_replies_list_has_bounded_queries(client, org, colleague, activity) -> None:
    auth = bearer(colleague)
    path = f"/api/v1/activities/{activity.pk}/replies"
    make_invitation(activity, make_person(org, "First"))
    client.get(path, **auth)
    with CaptureQueriesContext(connection) as few:
        client.get(path, **auth)
    for n in range(30):
        make_invitation(activity, make_person(org, f"Parent {n}"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(path, **auth).json()["count"] == 31
    assert len(many) == len(few)
