"""The API for the definition of co-production and the strategies."""

from __future__ import annotations

from django.test import Client

from coproduce.accounts.services import api_token_create
from coproduce.commitments.demo import seed_demo_commitments
from coproduce.commitments.models import DefinitionVersion, Strategy
from coproduce.organisations.models import Membership
from coproduce.organisations.services import organisation_seed_defaults


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_definition_versions_and_strategies(
    client: Client, org, admin, stranger, django_assert_max_num_queries
) -> None:
    organisation_seed_defaults(organisation=org)
    seed_demo_commitments(org)
    auth = bearer(admin)
    versions = client.get("/api/v1/definition-versions", **auth).json()
    assert [v["status"] for v in versions][:2] == ["draft", "adopted"]
    assert versions[1]["paragraphs"] and versions[1]["adopted_on"]
    adopted = DefinitionVersion.objects.for_organisation(org).adopted().get()
    assert client.get(f"/api/v1/definition-versions/{adopted.pk}", **auth).json()["number"] == adopted.number
    with django_assert_max_num_queries(6):
        strategies = client.get("/api/v1/strategies", **auth).json()
    assert strategies["count"] == Strategy.objects.for_organisation(org).count() > 0
    sustaining = client.get("/api/v1/strategies?sustaining=true", **auth).json()
    assert sustaining["count"] == Strategy.objects.for_organisation(org).filter(is_sustaining=True).count()
    # Another organisation's records are not found.
    assert client.get(f"/api/v1/definition-versions/{adopted.pk}", **bearer(stranger)).status_code == 404
    assert client.get("/api/v1/strategies", **bearer(stranger)).json()["count"] == 0


def test_invitations_link_to_the_adopted_definition(org, admin, mailoutbox, django_capture_on_commit_callbacks) -> None:
    from coproduce.organisations.models import Role
    from coproduce.organisations.services import invitation_send

    organisation_seed_defaults(organisation=org)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(actor=admin, organisation=org, email="before@example.org", role=Role.STAFF)
    assert "co-production" not in mailoutbox[-1].body.split("/accounts/invitation/")[0]
    seed_demo_commitments(org)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(actor=admin, organisation=org, email="after@example.org", role=Role.STAFF)
    assert f"http://testserver/o/{org.slug}/co-production" in mailoutbox[-1].body
