"""The REST API: token authentication, tenant scoping, OpenAPI document, and tokens on the account page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.accounts.models import ApiToken
from coproduce.accounts.services import api_token_create
from coproduce.organisations.models import Hub, Membership


def token_for(user) -> str:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="test")
    return raw


def test_openapi_document_is_public(client: Client, db) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/me", "/api/v1/organisation", "/api/v1/hubs", "/api/v1/hubs/{hub_id}"} <= set(paths)


def test_no_token_no_data(client: Client, hub) -> None:
    assert client.get("/api/v1/hubs").status_code == 401
    assert client.get("/api/v1/hubs", HTTP_AUTHORIZATION="Bearer cpt_wrong").status_code == 401


def test_a_session_is_not_enough(admin_client_: Client, hub) -> None:
    assert admin_client_.get("/api/v1/hubs").status_code == 401


def test_me_and_hubs_are_scoped_to_the_tokens_organisation(client: Client, admin, hub, other_hub) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(admin)}"}
    me = client.get("/api/v1/me", **auth).json()
    assert me["email"] == "admin@example.org" and me["role"] == "admin"
    assert me["organisation"]["slug"] == "northby"
    hubs = client.get("/api/v1/hubs", **auth).json()
    assert hubs["count"] == 1 and hubs["items"][0]["name"] == hub.name
    assert client.get(f"/api/v1/hubs/{hub.pk}", **auth).json()["postcode"] == "NB1 1AA"
    assert client.get(f"/api/v1/hubs/{other_hub.pk}", **auth).status_code == 404


def test_revoked_tokens_stop_working(client: Client, admin, hub) -> None:
    raw = token_for(admin)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00Z")
    assert client.get("/api/v1/hubs", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_last_used_is_recorded(client: Client, admin, hub) -> None:
    raw = token_for(admin)
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ApiToken.objects.get().last_used_at is not None


def test_hub_list_query_count_is_flat(client: Client, admin, org, django_assert_max_num_queries) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(admin)}"}
    for i in range(25):
        Hub.objects.create(organisation=org, name=f"Hub {i}")
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/hubs", **auth).json()["count"] == 25


def test_tokens_are_created_once_shown_and_revoked_on_the_account_page(admin_client_: Client) -> None:
    admin_client_.post(reverse("accounts:token_create"), {"name": "Reporting spreadsheet"})
    html = admin_client_.get(reverse("accounts:account")).content.decode()
    token = ApiToken.objects.get()
    assert 'id="new-token">cpt_' in html
    assert "Reporting spreadsheet" in html
    # Shown once only.
    assert 'id="new-token"' not in admin_client_.get(reverse("accounts:account")).content.decode()
    admin_client_.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_needs_a_name(admin_client_: Client) -> None:
    admin_client_.post(reverse("accounts:token_create"), {"name": ""})
    assert not ApiToken.objects.exists()


def test_colleagues_cannot_revoke_each_others_tokens(admin, colleague_client: Client) -> None:
    token_for(admin)
    token = ApiToken.objects.get()
    assert colleague_client.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
