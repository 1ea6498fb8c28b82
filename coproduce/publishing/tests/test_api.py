"""The wins and glossary API: any member reads, staff write and publish, another organisation's records are 404,
people in a photo are given only to members who may see people, and lists take a fixed number of queries."""

from __future__ import annotations

import json

import pytest

from coproduce.accounts.services import api_token_create
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership
from coproduce.people.models import Person
from coproduce.publishing.models import GlossaryTerm, Win
from coproduce.publishing.tests.conftest import png_bytes, write_win


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def call(client, method: str, path: str, user, body=None, **query):
    headers = bearer(user)
    if method == "get":
        return client.get(f"/api/v1{path}", query, **headers)
    return getattr(client, method)(f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **headers)


NEW = {"title": "A Saturday group for dads", "story": "Dads asked for it.", "happened_on": "2026-03-14"}


def test_any_member_lists_wins_with_whether_each_photo_shows(client, colleague, viewer, org, photographed, shy) -> None:
    shown = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    hidden = write_win(colleague, org, photo=png_bytes(), people=[shy], title="Hidden")
    response = call(client, "get", "/wins", viewer)
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}
    assert items[str(shown.pk)]["photo_shown_in_public"] is True
    assert items[str(hidden.pk)]["photo_shown_in_public"] is False
    assert items[str(hidden.pk)]["people_pictured_ids"] is None  # a viewer may not see people
    staff_view = call(client, "get", f"/wins/{hidden.pk}", colleague).json()
    assert staff_view["people_pictured_ids"] == [str(shy.pk)]


def test_the_list_filters_published_and_takes_a_fixed_number_of_queries(
    client, colleague, org, photographed, django_assert_max_num_queries
) -> None:
    for number in range(6):
        win = write_win(colleague, org, photo=png_bytes(), people=[photographed], title=f"Win {number}")
        if number < 2:
            Win.objects.filter(pk=win.pk).update(published_at=win.created_at)
    headers = bearer(colleague)
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/wins", {"published": "true"}, **headers)
    assert response.json()["count"] == 2
    assert call(client, "get", "/wins", colleague, published="false").json()["count"] == 4


def test_staff_write_change_and_publish_a_win(client, colleague, org, project, promise) -> None:
    response = call(client, "post", "/wins", colleague, {**NEW, "project_id": str(project.pk)})
    assert response.status_code == 201
    win = Win.objects.get(pk=response.json()["id"])
    assert win.project == project and not win.is_published
    response = call(client, "patch", f"/wins/{win.pk}", colleague, {"promise_id": str(promise.pk), "title": "New"})
    assert response.status_code == 200 and response.json()["title"] == "New"
    win.refresh_from_db()
    assert win.promise == promise and win.story == NEW["story"] and win.project == project
    response = call(client, "post", f"/wins/{win.pk}/publish", colleague)
    assert response.json()["is_published"] is True
    response = call(client, "post", f"/wins/{win.pk}/unpublish", colleague)
    assert response.json()["is_published"] is False
    assert AuditEvent.objects.filter(object_id=str(win.pk)).count() == 4


def test_a_photo_with_nobody_listed_needs_no_one_identifiable(client, colleague, org, photographed) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    assert call(client, "get", f"/wins/{win.pk}", colleague).json()["no_one_identifiable"] is False
    response = call(client, "patch", f"/wins/{win.pk}", colleague, {"people_pictured_ids": []})
    assert response.status_code == 422 and response.json()["detail"].startswith("no_one_identifiable:")
    assert list(win.people_pictured.all()) == [photographed]
    body = {"people_pictured_ids": [], "no_one_identifiable": True}
    response = call(client, "patch", f"/wins/{win.pk}", colleague, body)
    assert response.status_code == 200
    assert response.json()["no_one_identifiable"] is True and response.json()["photo_shown_in_public"] is True
    response = call(client, "patch", f"/wins/{win.pk}", colleague, {"title": "New"})  # not sent: kept
    assert response.json()["no_one_identifiable"] is True
    response = call(client, "patch", f"/wins/{win.pk}", colleague, {"no_one_identifiable": False})
    assert response.status_code == 422
    win.refresh_from_db()
    assert win.no_one_identifiable and win.title == "New"


def test_bad_input_is_a_422_naming_the_field(client, colleague, other_org) -> None:
    response = call(client, "post", "/wins", colleague, {**NEW, "title": " "})
    assert response.status_code == 422 and response.json()["detail"].startswith("title:")
    theirs = Person.objects.create(organisation=other_org, full_name="Theirs")
    response = call(client, "post", "/wins", colleague, {**NEW, "people_pictured_ids": [str(theirs.pk)]})
    assert response.status_code == 422 and "people_pictured_ids" in response.json()["detail"]
    assert not Win.objects.exists()


@pytest.mark.parametrize("method,path", [("post", "/wins"), ("patch", "/wins/{id}"), ("post", "/wins/{id}/publish")])
def test_viewers_cannot_write(client, viewer, colleague, org, method, path) -> None:
    win = write_win(colleague, org)
    response = call(client, method, path.format(id=win.pk), viewer, NEW)
    assert response.status_code == 403
    win.refresh_from_db()
    assert not win.is_published and Win.objects.count() == 1


def test_another_organisations_wins_and_terms_are_not_found(client, stranger, colleague, org) -> None:
    win = write_win(colleague, org)
    term = GlossaryTerm.objects.create(organisation=org, term="SEND", explanation="Extra help")
    assert call(client, "get", f"/wins/{win.pk}", stranger).status_code == 404
    assert call(client, "patch", f"/wins/{win.pk}", stranger, {"title": "Mine"}).status_code == 404
    assert call(client, "post", f"/wins/{win.pk}/publish", stranger).status_code == 404
    assert call(client, "get", f"/glossary/{term.pk}", stranger).status_code == 404
    assert call(client, "get", "/wins", stranger).json()["count"] == 0
    win.refresh_from_db()
    assert win.title != "Mine" and not win.is_published


def test_the_glossary_is_read_only(client, viewer, org) -> None:
    GlossaryTerm.objects.create(organisation=org, term="send", stands_for="Special", explanation="Extra help")
    GlossaryTerm.objects.create(organisation=org, term="EHCP", explanation="A plan")
    body = call(client, "get", "/glossary", viewer).json()
    assert [item["term"] for item in body["items"]] == ["EHCP", "send"]
    assert call(client, "post", "/glossary", viewer, {"term": "X"}).status_code == 405
