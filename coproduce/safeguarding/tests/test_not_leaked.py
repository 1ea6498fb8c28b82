"""A safeguarding concern never leaves the safeguarding pages: it is not in the people export (CSV or XLSX) or in
any API answer about a person or a household, whoever asks, the designated safeguarding lead who handles it
included. Each check looks for a phrase only the concern holds, and for the concern's id."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.consent import services as consent_services
from coproduce.organisations.models import Role
from coproduce.people.tests.test_api import bearer, send
from coproduce.people.tests.test_export import read_csv, read_xlsx
from coproduce.safeguarding import services
from coproduce.safeguarding.models import SafeguardingConcern
from tests.cast import client_for, make_member

PHRASE = "Quokkaberry"  # in nothing but the concerns, their notes and their status changes
EXPORTERS = [Role.ADMIN, Role.DATA_PROTECTION_OFFICER]
API_READERS = [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER]


@pytest.fixture
def concerns(org, colleague, sg_lead, person, household) -> list[SafeguardingConcern]:
    """One concern about the person and one about their household, with a note and a change of status each (and a
    consent, so the person's consents are not an empty list)."""
    consent_services.consent_give(person=person, purpose="contact", method="online", actor=colleague)
    raised = [
        services.concern_raise(
            actor=colleague,
            organisation=org,
            what_happened=f"{PHRASE}: {person.full_name} said something worrying.",
            immediate_danger=False,
            **about,
        )
        for about in ({"person": person}, {"household": household})
    ]
    for concern in raised:
        services.concern_note_add(actor=sg_lead, concern=concern, text=f"Rang the duty team about {PHRASE}.")
        services.concern_change_status(
            actor=sg_lead, concern=concern, to_status="acknowledged", note=f"{PHRASE} acknowledged"
        )
    return raised


def member(org, role: str):
    if role == Role.SAFEGUARDING_LEAD:  # the lead who handles the concerns, not another one
        return None
    return make_member(org, f"{role}@example.org", role)


def assert_not_in(text: str, concerns: list[SafeguardingConcern]) -> None:
    assert PHRASE.lower() not in text.lower()
    for concern in concerns:
        assert str(concern.pk) not in text
        assert str(concern.pk).replace("-", "") not in text
    assert "safeguard" not in text.lower()


@pytest.mark.parametrize("role", EXPORTERS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_people_export_holds_no_concern(org, person, concerns, role, file_format) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    response = client.get(reverse("people:export"), {"format": file_format})
    assert response.status_code == 200
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)
    assert [row[0] for row in rows[1:]] == [person.full_name]  # the person is in it
    assert_not_in(json.dumps(rows), concerns)


@pytest.mark.parametrize("role", API_READERS)
def test_no_api_answer_about_the_person_or_household_holds_a_concern(
    client: Client, org, sg_lead, person, household, concerns, role
) -> None:
    user = member(org, role) or sg_lead
    auth = bearer(user)
    paths = [
        "/people",
        f"/people?q={person.full_name.split()[0]}",
        f"/people/{person.pk}",
        f"/people/{person.pk}/access-needs",
        f"/people/{person.pk}/consents",
        "/households",
        f"/households?q={household.name.split()[0]}",
        f"/households/{household.pk}",
    ]
    if role == Role.DATA_PROTECTION_OFFICER:
        paths.append(f"/people/{person.pk}/equality")
    for path in paths:
        response = send(client, "GET", path, auth)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert str(person.pk) in body or str(household.pk) in body, path  # it is about them
        assert_not_in(body, concerns)


def test_no_api_endpoint_is_about_safeguarding(client: Client, admin) -> None:
    document = send(client, "GET", "/openapi.json", bearer(admin))
    assert document.status_code == 200
    paths = json.loads(document.content)["paths"]
    assert "/api/v1/people/{person_id}" in paths
    assert not [path for path in paths if "safeguard" in path or "concern" in path]
    schemas = json.loads(document.content)["components"]["schemas"]
    names = [f"{schema}.{field}" for schema, body in schemas.items() for field in body.get("properties", {})]
    assert "PersonOut.full_name" in names
    assert not [name for name in names if "safeguard" in name.lower() or "concern" in name.lower()]
