"""The people API: people, households and access needs; who may read and write; another organisation's records
are 404 everywhere; validation; no special category data; bounded queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Hub, Membership, Role
from coproduce.people.models import AccessNeeds, Child, Household, Person
from coproduce.safeguarding.models import SafeguardingConcern
from tests.cast import make_member

READERS = [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER]
NOT_READERS = [Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER]
WRITERS = [Role.ADMIN, Role.LEAD, Role.STAFF, Role.DATA_PROTECTION_OFFICER]
NOT_WRITERS = [Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER, Role.SAFEGUARDING_LEAD]


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def member(org, role: str):
    return make_member(org, f"{role}@example.org", role)


def send(client: Client, method: str, path: str, auth: dict, body: dict | None = None):
    call = getattr(client, method.lower())
    if body is None:
        return call(f"/api/v1{path}", **auth)
    return call(f"/api/v1{path}", json.dumps(body), content_type="application/json", **auth)


@pytest.fixture
def household(org) -> Household:
    return Household.objects.create(organisation=org, name="Mensah family", young_carer=True, armed_forces=True)


@pytest.fixture
def person(org, household, hub) -> Person:
    person = Person.objects.create(
        organisation=org,
        full_name="Grace Mensah",
        preferred_name="Gracie",
        email="grace@example.com",
        phone="07700 900123",
        postcode="NB1 2AB",
        languages="English, Twi",
        date_of_birth=timezone.localdate() - dt.timedelta(days=365 * 17 + 30),
        household=household,
        household_role="young_person",
    )
    person.hubs.add(hub)
    return person


@pytest.fixture
def theirs(other_org) -> Person:
    return Person.objects.create(organisation=other_org, full_name="Southby Person")


class TestReading:
    @pytest.mark.parametrize("role", READERS)
    def test_roles_that_see_people_read_the_list_and_a_person(self, client, org, person, role) -> None:
        auth = bearer(member(org, role))
        listing = send(client, "GET", "/people", auth)
        assert listing.status_code == 200
        assert listing.json()["items"][0]["full_name"] == "Grace Mensah"
        assert send(client, "GET", f"/people/{person.pk}", auth).status_code == 200

    @pytest.mark.parametrize("role", NOT_READERS)
    def test_other_roles_are_refused(self, client, org, person, household, role) -> None:
        auth = bearer(member(org, role))
        for path in (
            "/people",
            f"/people/{person.pk}",
            f"/households/{household.pk}",
            f"/people/{person.pk}/access-needs",
        ):
            response = send(client, "GET", path, auth)
            assert response.status_code == 403, path
            assert response.json() == {"detail": "Your role does not allow this."}

    def test_a_person_has_an_age_band_and_no_special_category_data(self, client, colleague, person, hub) -> None:
        SafeguardingConcern.objects.create(
            organisation=person.organisation, person=person, raised_by=colleague, what_happened="Bruises"
        )
        data = send(client, "GET", f"/people/{person.pk}", bearer(colleague)).json()
        assert data["age_band"] == "16-17"
        assert data["languages"] == ["English", "Twi"]
        assert data["hub_ids"] == [str(hub.pk)]
        assert data["household_role"] == "young_person"
        text = json.dumps(data).lower()
        for absent in ("date_of_birth", "birth", "equality", "safeguarding", "concern", "bruises"):
            assert absent not in text

    def test_adults_are_26_plus_and_unknown_ages_null(self, client, org, colleague) -> None:
        adult = Person.objects.create(organisation=org, full_name="A", date_of_birth=dt.date(1980, 1, 1))
        unknown = Person.objects.create(organisation=org, full_name="B")
        auth = bearer(colleague)
        assert send(client, "GET", f"/people/{adult.pk}", auth).json()["age_band"] == "26+"
        assert send(client, "GET", f"/people/{unknown.pk}", auth).json()["age_band"] is None

    def test_search_and_erased_people_left_out(self, client, org, colleague, person) -> None:
        Person.objects.create(organisation=org, full_name="Erased Person", erased_at=timezone.now())
        erased = Person.objects.get(full_name="Erased Person")
        Person.objects.create(organisation=org, full_name="Ben Clarke", postcode="NB9 9ZZ")
        auth = bearer(colleague)
        everyone = send(client, "GET", "/people", auth).json()
        assert everyone["count"] == 2
        assert [p["full_name"] for p in everyone["items"]] == ["Ben Clarke", "Grace Mensah"]
        assert [p["full_name"] for p in send(client, "GET", "/people?q=nb99zz", auth).json()["items"]] == ["Ben Clarke"]
        assert send(client, "GET", "/people?q=grace@example", auth).json()["count"] == 1
        assert send(client, "GET", f"/people/{erased.pk}", auth).status_code == 404

    def test_the_list_takes_the_same_queries_for_2_and_12_people(
        self, client, org, colleague, hub, django_assert_num_queries
    ) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def make(n: int, start: int) -> None:
            for i in range(start, start + n):
                Person.objects.create(organisation=org, full_name=f"Person {i:02d}").hubs.add(hub)

        auth = bearer(colleague)
        make(2, 0)
        send(client, "GET", "/people", auth)  # the token's first use is written down once
        with CaptureQueriesContext(connection) as two:
            assert send(client, "GET", "/people", auth).json()["count"] == 2
        make(10, 2)
        with django_assert_num_queries(len(two.captured_queries)):
            assert send(client, "GET", "/people", auth).json()["count"] == 12

    def test_a_household_with_members_children_and_circumstances(self, client, org, colleague, person, household):
        Child.objects.create(organisation=org, household=household, first_name="Kofi", age_band="2-4", has_send=True)
        Child.objects.create(organisation=org, household=household, date_of_birth=timezone.localdate())
        Person.objects.create(organisation=org, full_name="Gone", household=household, erased_at=timezone.now())
        household.expected_due_date = timezone.localdate() + dt.timedelta(days=60)
        household.save()
        data = send(client, "GET", f"/households/{household.pk}", bearer(colleague)).json()
        assert [m["full_name"] for m in data["members"]] == ["Grace Mensah"]
        assert data["members"][0]["household_role"] == "young_person"
        assert sorted(c["age_band"] for c in data["children"]) == ["0-1", "2-4"]
        assert (data["young_carer"], data["armed_forces"], data["care_experienced"]) == (True, True, False)
        text = json.dumps(data).lower()
        for absent in ("send", "due", "kofi", "birth"):
            assert absent not in text


class TestWriting:
    BODY = {
        "full_name": "Aisha Khan",
        "email": "aisha@example.com",
        "phone": "07700900456",
        "postcode": "nb3 4cd",
        "contact_by_email": True,
        "languages": ["English", "Urdu"],
    }

    @pytest.mark.parametrize("role", WRITERS)
    def test_roles_that_manage_people_add_a_person(self, client, org, hub, role) -> None:
        response = send(client, "POST", "/people", bearer(member(org, role)), {**self.BODY, "hub_ids": [str(hub.pk)]})
        assert response.status_code == 201
        data = response.json()
        assert (data["phone"], data["postcode"], data["languages"]) == ("07700 900456", "NB3 4CD", ["English", "Urdu"])
        person = Person.objects.get(full_name="Aisha Khan")
        assert list(person.hubs.all()) == [hub]
        line = AuditEvent.objects.get(action="create", object_id=str(person.pk))
        assert "email" in line.changes["fields"] and "phone" in line.changes["fields"]
        assert "aisha" not in json.dumps(line.changes).lower() + line.summary.lower() + line.object_label.lower()

    @pytest.mark.parametrize("role", NOT_WRITERS)
    def test_other_roles_cannot_add_or_change(self, client, org, person, role) -> None:
        auth = bearer(member(org, role))
        assert send(client, "POST", "/people", auth, self.BODY).status_code == 403
        assert send(client, "PATCH", f"/people/{person.pk}", auth, {"full_name": "X"}).status_code == 403
        assert send(client, "PUT", f"/people/{person.pk}/access-needs", auth, {"childcare": True}).status_code == 403
        assert not Person.objects.filter(full_name__in=["Aisha Khan", "X"]).exists()
        assert not AccessNeeds.objects.exists()

    def test_bad_details_get_422_saying_what_is_wrong(self, client, colleague) -> None:
        body = {**self.BODY, "email": "not-an-email", "phone": "12345", "postcode": "ZZZ"}
        response = send(client, "POST", "/people", bearer(colleague), body)
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert "email: Enter an email address in the correct format" in detail
        assert "phone: Enter a UK phone number" in detail
        assert "postcode: Enter a real UK postcode" in detail
        assert not Person.objects.exists()

    def test_a_missing_name_is_422(self, client, colleague) -> None:
        response = send(client, "POST", "/people", bearer(colleague), {"email": "a@example.com"})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "payload", "full_name"]
        blank = send(client, "POST", "/people", bearer(colleague), {"full_name": "  "})
        assert blank.status_code == 422 and "full_name: Enter their full name" in blank.json()["detail"]

    def test_another_organisations_hub_is_refused(self, client, colleague, other_hub) -> None:
        body = {**self.BODY, "hub_ids": [str(other_hub.pk)]}
        response = send(client, "POST", "/people", bearer(colleague), body)
        assert response.status_code == 422
        assert "hub_ids" in response.json()["detail"]
        assert not Person.objects.exists()

    def test_patch_changes_only_what_is_sent_and_audits_the_field_names(self, client, colleague, person) -> None:
        response = send(client, "PATCH", f"/people/{person.pk}", bearer(colleague), {"postcode": "nb4 6qd"})
        assert response.status_code == 200
        person.refresh_from_db()
        assert (person.postcode, person.email, person.full_name) == ("NB4 6QD", "grace@example.com", "Grace Mensah")
        line = AuditEvent.objects.get(action="update", object_id=str(person.pk))
        assert line.changes == {"fields": ["postcode"]}

    def test_patch_checks_the_same_rules(self, client, colleague, person) -> None:
        response = send(client, "PATCH", f"/people/{person.pk}", bearer(colleague), {"contact_by_post": True})
        assert response.status_code == 422
        assert "address: Enter their postal address" in response.json()["detail"]
        assert send(client, "PATCH", f"/people/{person.pk}", bearer(colleague), {"email": None}).status_code == 422
        person.refresh_from_db()
        assert person.contact_by_post is False and person.email == "grace@example.com"

    def test_an_erased_person_cannot_be_changed(self, client, colleague, person) -> None:
        Person.objects.filter(pk=person.pk).update(erased_at=timezone.now())
        response = send(client, "PATCH", f"/people/{person.pk}", bearer(colleague), {"full_name": "Back"})
        assert response.status_code == 404


class TestAccessNeeds:
    def test_none_recorded_yet(self, client, colleague, person) -> None:
        data = send(client, "GET", f"/people/{person.pk}/access-needs", bearer(colleague)).json()
        assert data["recorded"] is False and data["childcare"] is False and data["updated_at"] is None

    def test_put_replaces_them_and_audits_field_names(self, client, colleague, person) -> None:
        auth = bearer(colleague)
        body = {"childcare": True, "interpreter": True, "interpreter_language": "Twi", "other_needs": "Mornings"}
        response = send(client, "PUT", f"/people/{person.pk}/access-needs", auth, body)
        assert response.status_code == 200
        assert response.json()["recorded"] is True and response.json()["interpreter_language"] == "Twi"
        response = send(client, "PUT", f"/people/{person.pk}/access-needs", auth, {"step_free": True})
        needs = AccessNeeds.objects.get(person=person)
        assert (needs.step_free, needs.childcare, needs.interpreter_language) == (True, False, "")
        assert send(client, "GET", f"/people/{person.pk}/access-needs", auth).json()["step_free"] is True
        lines = AuditEvent.objects.filter(object_id=str(needs.pk)).order_by("created_at")
        assert [line.action for line in lines] == ["create", "update"]
        assert "Twi" not in json.dumps([line.changes for line in lines])

    def test_an_interpreter_needs_a_language(self, client, colleague, person) -> None:
        response = send(client, "PUT", f"/people/{person.pk}/access-needs", bearer(colleague), {"interpreter": True})
        assert response.status_code == 422
        assert response.json()["detail"] == "interpreter_language: Enter the language they need an interpreter for"
        assert not AccessNeeds.objects.exists()


def test_another_organisations_ids_are_404_on_every_endpoint(client, admin, theirs, other_org) -> None:
    their_household = Household.objects.create(organisation=other_org, name="Theirs")
    theirs.household = their_household
    theirs.save()
    auth = bearer(admin)
    for method, path, body in [
        ("GET", f"/people/{theirs.pk}", None),
        ("PATCH", f"/people/{theirs.pk}", {"full_name": "Taken"}),
        ("GET", f"/households/{their_household.pk}", None),
        ("GET", f"/people/{theirs.pk}/access-needs", None),
        ("PUT", f"/people/{theirs.pk}/access-needs", {"childcare": True}),
    ]:
        response = send(client, method, path, auth, body)
        assert response.status_code == 404, f"{method} {path}"
    theirs.refresh_from_db()
    assert theirs.full_name == "Southby Person" and not AccessNeeds.objects.exists()
    assert send(client, "GET", "/people", auth).json()["count"] == 0


def test_a_hub_is_not_a_household(client, admin, hub) -> None:
    assert send(client, "GET", f"/households/{hub.pk}", bearer(admin)).status_code == 404
    assert Hub.objects.count() == 1
