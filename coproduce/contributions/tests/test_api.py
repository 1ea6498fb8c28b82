"""The contributions API: the same permission as the pages, filters, another organisation's records are 404, an
anonymous contribution never carries its person, no file content (only whether there is one and its description),
bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.accounts.services import api_token_create
from coproduce.consent import services as consent_services
from coproduce.consent.models import Consent, Purpose
from coproduce.contributions.tests.conftest import png_bytes, record, upload
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from tests.cast import make_member


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


@pytest.fixture
def made(colleague, project, activity, person, photographed, timing):
    return {
        "idea": record(colleague, project, gathered="activity", activity=activity, person=person, themes=[timing]),
        "anonymous": record(colleague, project, kind="quote", text="Q", person=person, is_anonymous=True),
        "photo": record(
            colleague, project, kind="photo", person=photographed, alt_text="Precious smiling",
            upload=upload(png_bytes()),
        ),
    }  # fmt: skip


def test_the_list_gives_contributions_without_file_content(client, colleague, made, person) -> None:
    response = get(client, "/contributions", colleague)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    by_id = {item["id"]: item for item in body["items"]}
    idea = by_id[str(made["idea"].pk)]
    assert idea["person_id"] == str(person.pk) and idea["themes"][0]["name"] == "Timing"
    assert idea["has_file"] is False and idea["file_type"] is None
    assert by_id[str(made["anonymous"].pk)]["person_id"] is None
    photo = by_id[str(made["photo"].pk)]
    assert (photo["has_file"], photo["file_type"], photo["file_shown"]) == (True, "image/png", True)
    assert photo["alt_text"] == "Precious smiling"
    assert "file" not in photo and "url" not in str(photo).lower()


def test_the_list_filters_by_project_activity_theme_and_kind(client, colleague, made, org, activity, timing) -> None:
    from coproduce.projects.models import Project

    elsewhere = Project.objects.create(organisation=org, title="Other", goal="g")
    record(colleague, elsewhere)
    ids = lambda response: {item["id"] for item in response.json()["items"]}  # noqa: E731
    assert len(ids(get(client, "/contributions", colleague, project=made["idea"].project_id))) == 3
    assert ids(get(client, "/contributions", colleague, activity=activity.pk)) == {str(made["idea"].pk)}
    assert ids(get(client, "/contributions", colleague, theme=timing.pk)) == {str(made["idea"].pk)}
    assert ids(get(client, "/contributions", colleague, kind="quote")) == {str(made["anonymous"].pk)}
    assert get(client, "/contributions", colleague, kind="poem").status_code == 422


def test_one_contribution(client, colleague, made) -> None:
    response = get(client, f"/contributions/{made['anonymous'].pk}", colleague)
    assert response.status_code == 200
    assert response.json()["person_id"] is None and response.json()["is_anonymous"] is True


def test_a_photo_whose_person_withdrew_consent_is_marked_not_shown(
    client, colleague, admin, made, photographed
) -> None:
    consent = Consent.objects.get(person=photographed, purpose=Purpose.PHOTOS)
    consent_services.consent_withdraw(consent=consent, actor=admin, via="staff")
    photo = get(client, f"/contributions/{made['photo'].pk}", colleague).json()
    assert (photo["has_file"], photo["file_shown"], photo["alt_text"]) == (True, False, "")


def test_another_organisations_contributions_are_404_and_not_listed(client, stranger, made) -> None:
    assert get(client, f"/contributions/{made['idea'].pk}", stranger).status_code == 404
    assert get(client, "/contributions", stranger).json()["count"] == 0


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
def test_roles_that_may_not_see_contributions_get_403(client, org, made, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert get(client, "/contributions", user).status_code == 403
    assert get(client, f"/contributions/{made['idea'].pk}", user).status_code == 403


def test_the_list_takes_the_same_queries_for_many_rows(client, colleague, project, admin, org) -> None:
    def make(count: int) -> None:
        for number in range(count):
            person = Person.objects.create(organisation=org, full_name=f"P {number}")
            consent_services.consent_give(person=person, purpose=Purpose.PHOTOS, method="online", actor=admin)
            record(colleague, project, kind="photo", person=person, alt_text="A", upload=upload(png_bytes()))

    auth = bearer(colleague)
    make(3)
    client.get("/api/v1/contributions", **auth)  # the token's first use is written down once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/contributions", **auth)
    make(40)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/contributions", **auth).json()["count"] == 43
    assert len(many) == len(few)
