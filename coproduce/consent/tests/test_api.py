"""The consent API: reading a person's consents and withdrawing one, which stops contact at once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.consent.checks import may_contact
from coproduce.consent.messages import ContactRefused, send_to_person
from coproduce.consent.models import Consent, PrivacyNotice
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from coproduce.stakeholders.models import Partner
from tests.cast import make_member


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def person(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Grace Mensah", email="grace@example.com")


@pytest.fixture
def contact(org, person) -> Consent:
    notice = PrivacyNotice.objects.create(
        organisation=org, version="2.1", published_on=timezone.localdate(), summary="What we hold"
    )
    return Consent.objects.create(
        organisation=org,
        person=person,
        purpose="contact",
        status="given",
        method="verbal",
        told_to="Tom at Eastfield",
        privacy_notice=notice,
    )


def url(person, consent=None) -> str:
    base = f"/api/v1/people/{person.pk}/consents"
    return f"{base}/{consent.pk}/withdraw" if consent else base


def test_a_persons_consents(client: Client, org, colleague, person, contact) -> None:
    partner = Partner.objects.create(organisation=org, name="Home-Start", kind="charity")
    Consent.objects.create(
        organisation=org, person=person, purpose="share_with_partner", partner=partner, status="refused", method="paper"
    )
    response = client.get(url(person), **bearer(colleague))
    assert response.status_code == 200
    rows = {row["purpose"]: row for row in response.json()}
    assert rows["contact"]["allows"] is True
    assert rows["contact"]["privacy_notice_version"] == "2.1"
    assert rows["share_with_partner"]["partner"] == "Home-Start"
    assert rows["share_with_partner"]["allows"] is False
    assert "Tom at Eastfield" not in response.content.decode()  # names of staff or parents are not given


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER])
def test_roles_that_do_not_see_people_cannot_read_consents(client: Client, org, person, contact, role) -> None:
    auth = bearer(make_member(org, f"{role}@example.org", role))
    assert client.get(url(person), **auth).status_code == 403


def test_withdrawing_through_the_api_stops_contact_at_once(client: Client, colleague, person, contact) -> None:
    assert may_contact(person)
    response = client.post(url(person, contact), **bearer(colleague))
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["allows"], data["withdrawn_via"]) == ("withdrawn", False, "api")
    assert not may_contact(person)
    with pytest.raises(ContactRefused):
        send_to_person(person, subject="Come to our panel", text="Hello")
    line = AuditEvent.objects.get(action=AuditEvent.Action.WITHDRAW, object_id=str(contact.pk))
    assert line.actor == colleague and "api" in line.summary
    # Withdrawing again changes nothing and writes nothing.
    assert client.post(url(person, contact), **bearer(colleague)).json()["status"] == "withdrawn"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WITHDRAW).count() == 1


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER])
def test_roles_that_do_not_record_consent_cannot_withdraw(client: Client, org, person, contact, role) -> None:
    response = client.post(url(person, contact), **bearer(make_member(org, f"{role}@example.org", role)))
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.status == "given"


def test_another_persons_consent_is_404(client: Client, org, colleague, person, contact) -> None:
    someone = Person.objects.create(organisation=org, full_name="Someone Else")
    assert client.post(url(someone, contact), **bearer(colleague)).status_code == 404
    contact.refresh_from_db()
    assert contact.status == "given"


def test_another_organisation_gets_404_everywhere(client: Client, person, contact, stranger) -> None:
    auth = bearer(stranger)
    assert client.get(url(person), **auth).status_code == 404
    assert client.post(url(person, contact), **auth).status_code == 404
    contact.refresh_from_db()
    assert contact.status == "given"


def test_an_erased_person_is_404(client: Client, colleague, person, contact) -> None:
    Person.objects.filter(pk=person.pk).update(erased_at=timezone.now())
    assert client.get(url(person), **bearer(colleague)).status_code == 404
    assert client.post(url(person, contact), **bearer(colleague)).status_code == 404


def test_reading_consents_takes_the_same_queries_for_few_and_many(
    client: Client, org, colleague, person, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def partner_consent(n: int) -> None:
        partner = Partner.objects.create(organisation=org, name=f"Partner {n}", kind="charity")
        Consent.objects.create(
            organisation=org,
            person=person,
            purpose="share_with_partner",
            partner=partner,
            status="given",
            method="online",
        )

    auth = bearer(colleague)
    for n in range(2):
        partner_consent(n)
    client.get(url(person), **auth)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(url(person), **auth).json()) == 2
    for n in range(2, 12):
        partner_consent(n)
    with django_assert_num_queries(len(two.captured_queries)):
        assert len(client.get(url(person), **auth).json()) == 12
