"""The projects API: listing, detail, creating, tenant scoping and permissions."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.accounts.services import api_token_create
from coproduce.organisations.models import Membership, Role
from coproduce.organisations.services import organisation_seed_defaults
from coproduce.projects import services
from coproduce.projects.models import Project
from coproduce.stakeholders.models import Partner
from tests.cast import make_member


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def lead(org):
    organisation_seed_defaults(organisation=org)
    return make_member(org, "lead@example.org", Role.LEAD)


def test_projects_list_and_detail(client: Client, lead, org, hub) -> None:
    project = services.project_create(
        actor=lead, organisation=org, title="Feeding", goal="g", hubs=[hub], lead=Membership.objects.get(user=lead)
    )
    auth = bearer(lead)
    listing = client.get("/api/v1/projects", **auth).json()
    assert listing["count"] == 1 and listing["items"][0]["lead_email"] == "lead@example.org"
    detail = client.get(f"/api/v1/projects/{project.pk}", **auth).json()
    assert [s["name"] for s in detail["stages"]] == ["Discover", "Define", "Design", "Deliver", "Review"]
    assert detail["hub_ids"] == [str(hub.pk)]


def test_create_through_the_api(client: Client, lead, org) -> None:
    auth = bearer(lead)
    response = client.post(
        "/api/v1/projects",
        {"title": "SEND offer", "goal": "Clear information"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201
    assert Project.objects.get().title == "SEND offer"
    bad = client.post(
        "/api/v1/projects",
        {"title": "X", "goal": "Y", "start_date": "2027-05-01", "end_date": "2027-01-01"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert "end date must be the same as or after the start date" in bad.json()["detail"]
    assert Project.objects.count() == 1


def test_staff_cannot_create_and_strangers_cannot_see(client: Client, lead, org, colleague, stranger) -> None:
    project = services.project_create(actor=lead, organisation=org, title="Feeding", goal="g")
    response = client.post(
        "/api/v1/projects", {"title": "X", "goal": "Y"}, content_type="application/json", **bearer(colleague)
    )
    assert response.status_code == 403
    assert client.get(f"/api/v1/projects/{project.pk}", **bearer(stranger)).status_code == 404
    theirs = bearer(stranger)
    response = client.post(
        "/api/v1/projects",
        {"title": "X", "goal": "Y", "lead_membership_id": str(Membership.objects.get(user=lead).pk)},
        content_type="application/json",
        **theirs,
    )
    assert response.status_code == 422


def test_partners_and_groups(client: Client, lead, org) -> None:
    partner = Partner.objects.create(organisation=org, name="Home-Start", kind="charity")
    auth = bearer(lead)
    assert client.get("/api/v1/partners", **auth).json()["items"][0]["name"] == "Home-Start"
    assert client.get(f"/api/v1/partners/{partner.pk}", **auth).status_code == 200
    groups = client.get("/api/v1/stakeholder-groups", **auth).json()
    assert len(groups) == 8 and groups[0]["key"] == "families"


def test_project_list_queries_are_bounded(client: Client, lead, org, django_assert_max_num_queries) -> None:
    for i in range(30):
        services.project_create(
            actor=lead, organisation=org, title=f"P{i}", goal="g", lead=Membership.objects.get(user=lead)
        )
    auth = bearer(lead)
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/projects", **auth).json()["count"] == 30
