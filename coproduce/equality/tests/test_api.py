"""The equality API: the data protection officer only, every read audited, another organisation's people 404."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from coproduce.accounts.services import api_token_create
from coproduce.core.models import AuditEvent
from coproduce.equality import services
from coproduce.equality.tests.test_services import ANSWERS, involvement_for
from coproduce.organisations.models import Membership, Role
from coproduce.projects.models import Project
from tests.cast import make_member

pytestmark = pytest.mark.urls("coproduce.equality.tests.api_urls")


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def url(person) -> str:
    return f"/api/v1/people/{person.pk}/equality"


def test_the_dpo_reads_answers_and_snapshots_and_each_read_is_audited(client: Client, org, person, dpo) -> None:
    services.answers_save(person=person, data=ANSWERS)
    project = Project.objects.create(organisation=org, title="Feeding", goal="g")
    services.snapshot_take(person=person, context=involvement_for(person, project))
    auth = bearer(dpo)
    for _ in range(2):
        response = client.get(url(person), **auth)
        assert response.status_code == 200
    body = response.json()
    assert body["answers"] == ANSWERS
    assert body["objected"] is False
    assert body["snapshots"][0]["answers"]["ethnic_group"] == "black_caribbean"
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
    assert views.count() == 2
    assert views.first().summary == "Equality answers viewed through the API"
    dumped = json.dumps(list(AuditEvent.objects.values("summary", "changes", "object_label")))
    assert "caribbean" not in dumped.lower()


def test_a_person_without_answers_reads_as_empty(client: Client, person, dpo) -> None:
    body = client.get(url(person), **bearer(dpo)).json()
    assert body == {
        "person_id": str(person.pk),
        "answers": {},
        "objected": False,
        "objected_at": None,
        "updated_at": None,
        "snapshots": [],
    }


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.VIEWER])
def test_other_roles_get_403(client: Client, org, person, role) -> None:
    services.answers_save(person=person, data=ANSWERS)
    response = client.get(url(person), **bearer(make_member(org, "x@example.org", role)))
    assert response.status_code == 403
    assert "black_caribbean" not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_another_organisations_person_is_404(client: Client, other_org, person) -> None:
    their_dpo = make_member(other_org, "their.dpo@example.org", Role.DATA_PROTECTION_OFFICER)
    assert client.get(url(person), **bearer(their_dpo)).status_code == 404


def test_no_token_no_answers(client: Client, person) -> None:
    assert client.get(url(person)).status_code == 401
