"""The peer support referrals API: coordinators list and read referrals and their explained suggestions; anyone who
may refer creates one (without consent: 422 with the message, nothing saved); other roles 403; another
organisation's referral 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership, Role
from coproduce.peers.models import Referral, ReferralSource
from coproduce.peers.tests.test_referrals import make_supporter, referral_for
from coproduce.people.models import Person
from tests.cast import make_member


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


def post(client, path: str, user, body: dict):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **bearer(user))


BODY = {
    "help_with": "Someone to talk to",
    "consent": True,
    "consent_how": "On paper",
    "contact_name": "Fran Family",
    "contact_phone": "07700 900123",
    "wanted_experiences": ["dad"],
    "ways": ["phone"],
}


@pytest.fixture
def partner(org):
    return make_member(org, "partner@example.org", Role.PARTNER)


def test_a_referral_without_consent_is_422_and_nothing_is_saved(client, colleague) -> None:
    response = post(client, "/peer-referrals", colleague, {**BODY, "consent": False})
    assert response.status_code == 422
    assert "consent: The family must agree to be referred before you can send this" in response.json()["detail"]
    assert not Referral.objects.exists()


def test_bad_details_are_422_naming_the_field(client, colleague) -> None:
    response = post(client, "/peer-referrals", colleague, {**BODY, "ways": ["carrier_pigeon"], "contact_phone": "1"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "ways: Choose from the options listed" in detail and "contact_phone: Enter a UK phone number" in detail
    assert not Referral.objects.exists()


def test_a_partner_creates_a_referral_but_cannot_list_them(client, partner) -> None:
    response = post(client, "/peer-referrals", partner, BODY)
    assert response.status_code == 201
    assert response.json()["source"] == ReferralSource.PARTNER and response.json()["consent"] is True
    assert get(client, "/peer-referrals", partner).status_code == 403
    assert get(client, f"/peer-referrals/{response.json()['id']}", partner).status_code == 403


def test_a_partner_cannot_name_a_person(client, org, partner) -> None:
    person = Person.objects.create(organisation=org, full_name="Priya Parent")
    response = post(client, "/peer-referrals", partner, {**BODY, "person_id": str(person.pk)})
    assert response.status_code == 422 and not Referral.objects.exists()


def test_a_viewer_cannot_refer(client, viewer) -> None:
    assert post(client, "/peer-referrals", viewer, BODY).status_code == 403


def test_coordinators_list_and_filter_referrals(client, org, colleague) -> None:
    waiting = referral_for(org, colleague)
    closed = referral_for(org, colleague, contact_phone="07700 900456")
    Referral.objects.filter(pk=closed.pk).update(status="closed")
    items = get(client, "/peer-referrals", colleague, status="new").json()["items"]
    assert [item["id"] for item in items] == [str(waiting.pk)]
    assert get(client, "/peer-referrals", colleague, status="lost").status_code == 422


def test_suggestions_are_ranked_with_each_part_explained(client, org, colleague) -> None:
    referral = referral_for(org, colleague, wanted_experiences=["dad"])
    dad = make_supporter(org, "Dev Dad", experiences=["dad"])
    make_supporter(org, "Mo Mum")
    make_supporter(org, "Ex Pired", experiences=["dad"], dbs_expires=timezone.localdate() - dt.timedelta(days=1))
    response = get(client, f"/peer-referrals/{referral.pk}/suggestions", colleague)
    assert response.status_code == 200
    first, second = response.json()
    assert first["supporter_id"] == str(dad.pk) and first["score"] > second["score"]
    assert first["explanation"] == "Shares experience of being a dad."
    assert {part["name"] for part in first["parts"]} >= {"experience", "capacity"}


def test_another_organisations_referral_is_not_found(client, org, colleague, stranger) -> None:
    referral = referral_for(org, colleague)
    assert get(client, f"/peer-referrals/{referral.pk}", stranger).status_code == 404
    assert get(client, f"/peer-referrals/{referral.pk}/suggestions", stranger).status_code == 404
    assert get(client, "/peer-referrals", stranger).json()["items"] == []


def test_one_referral_is_read_and_the_reading_audited(client, org, colleague) -> None:
    referral = referral_for(org, colleague)
    response = get(client, f"/peer-referrals/{referral.pk}", colleague)
    assert response.status_code == 200 and response.json()["help_with"] == referral.help_with
    assert AuditEvent.objects.filter(object_id=str(referral.pk), action="view").exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"contact_name": "F" * 151}, "contact_name: This must be 150 characters or fewer"),
        ({"help_with": "x" * 2001}, "help_with: This must be 2000 characters or fewer"),
        ({"contact_email": "not-an-address"}, "contact_email: Enter an email address in the correct format"),
        ({"consent_how": ""}, "consent_how: Say how the family agreed"),
    ],
)
def test_the_api_checks_what_the_form_checks(client, colleague, change, expected) -> None:
    response = post(client, "/peer-referrals", colleague, {**BODY, **change})
    assert response.status_code == 422
    assert expected in response.json()["detail"]
    assert not Referral.objects.exists()


def test_reading_the_list_is_audited_without_its_contents(client, colleague) -> None:
    post(client, "/peer-referrals", colleague, BODY)
    assert get(client, "/peer-referrals", colleague, status="new").status_code == 200
    line = AuditEvent.objects.get(summary="Read the list of referrals for peer support through the API")
    assert line.changes == {"status": "new"} and "Fran" not in f"{line.object_label} {line.summary}"
