"""The households API: the list (paged, found by a household's or a member's name), adding a household (perhaps
with its first member) and changing one; the same roles as the pages; validation as 422; another organisation's
households and people are 404 or refused; every change audited; bounded queries on the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.people.models import Child, Household, Person
from coproduce.people.tests.test_api import NOT_READERS, NOT_WRITERS, READERS, WRITERS, bearer, member, send


@pytest.fixture
def household(org) -> Household:
    household = Household.objects.create(organisation=org, name="Mensah family", young_carer=True)
    Person.objects.create(organisation=org, full_name="Grace Mensah", household=household, household_role="parent")
    Child.objects.create(organisation=org, household=household, first_name="Kofi", age_band="2-4", has_send=True)
    return household


@pytest.fixture
def lone(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Ama Owusu", email="ama@example.com")


@pytest.fixture
def theirs(other_org) -> Household:
    household = Household.objects.create(organisation=other_org, name="Southby family")
    Person.objects.create(organisation=other_org, full_name="Grace Southby", household=household)
    return household


class TestList:
    def test_households_in_name_order_with_members_and_childrens_age_bands(
        self, client: Client, org, colleague, household
    ) -> None:
        Household.objects.create(organisation=org, name="Adeyemi family")
        Person.objects.create(organisation=org, full_name="Gone", household=household, erased_at=timezone.now())
        data = send(client, "GET", "/households", bearer(colleague)).json()
        assert data["count"] == 2
        first, second = data["items"]
        assert (first["name"], first["members"], first["children"]) == ("Adeyemi family", [], [])
        assert second["name"] == "Mensah family" and second["young_carer"] is True
        assert [m["full_name"] for m in second["members"]] == ["Grace Mensah"]
        assert [c["age_band"] for c in second["children"]] == ["2-4"]
        # Nothing about a child but their age band, and no expected due date.
        assert set(second["children"][0]) == {"id", "age_band"}
        assert "Kofi" not in str(data) and "expected_due_date" not in second

    @pytest.mark.parametrize(("q", "found"), [("mensah", ["Mensah family"]), ("grace", ["Mensah family"]), ("x", [])])
    def test_q_finds_a_household_by_its_name_or_a_members_name(
        self, client: Client, org, colleague, household, q, found
    ) -> None:
        Household.objects.create(organisation=org, name="Adeyemi family")
        data = send(client, "GET", f"/households?q={q}", bearer(colleague)).json()
        assert [h["name"] for h in data["items"]] == found

    def test_an_erased_member_does_not_find_their_household(self, client: Client, org, colleague) -> None:
        household = Household.objects.create(organisation=org)
        Person.objects.create(organisation=org, full_name="Gone Person", household=household, erased_at=timezone.now())
        assert send(client, "GET", "/households?q=gone", bearer(colleague)).json()["count"] == 0

    def test_it_is_paged(self, client: Client, org, colleague) -> None:
        Household.objects.bulk_create(Household(organisation=org, name=f"Family {n:03}") for n in range(3))
        data = send(client, "GET", "/households?page_size=2&page=2", bearer(colleague)).json()
        assert data["count"] == 3 and [h["name"] for h in data["items"]] == ["Family 002"]

    def test_another_organisations_households_are_never_listed(
        self, client: Client, colleague, household, theirs
    ) -> None:
        for path in ("/households", "/households?q=southby", "/households?q=grace"):
            body = send(client, "GET", path, bearer(colleague)).content.decode()
            assert "Southby" not in body and str(theirs.pk) not in body

    def test_queries_do_not_grow_with_households(
        self, client: Client, org, colleague, django_assert_max_num_queries
    ) -> None:
        auth = bearer(colleague)

        def add(count: int) -> None:
            for n in range(count):
                household = Household.objects.create(organisation=org, name=f"Family {n}")
                Person.objects.create(organisation=org, full_name=f"Parent {n}", household=household)
                Child.objects.create(organisation=org, household=household, age_band="5-10")

        add(1)
        with django_assert_max_num_queries(8):
            assert send(client, "GET", "/households", auth).status_code == 200
        add(20)
        with django_assert_max_num_queries(8):
            assert send(client, "GET", "/households", auth).json()["count"] == 21


class TestCreate:
    def test_a_household_with_its_circumstances(self, client: Client, org, colleague) -> None:
        response = send(
            client, "POST", "/households", bearer(colleague), {"name": " Owusu family ", "armed_forces": True}
        )
        assert response.status_code == 201
        data = response.json()
        household = Household.objects.get(pk=data["id"])
        assert (household.organisation, household.name, household.armed_forces) == (org, "Owusu family", True)
        assert data["members"] == [] and data["armed_forces"] is True
        event = AuditEvent.objects.get(action="create", object_id=str(household.pk))
        assert (event.actor, event.object_label) == (colleague, household.audit_label)
        assert "Owusu" not in f"{event.summary} {event.changes}"

    def test_with_its_first_member_who_moves_from_their_old_household(
        self, client: Client, org, colleague, household
    ) -> None:
        grace = Person.objects.get(full_name="Grace Mensah")
        response = send(client, "POST", "/households", bearer(colleague), {"member_id": str(grace.pk), "role": "carer"})
        assert response.status_code == 201
        grace.refresh_from_db()
        assert str(grace.household_id) == response.json()["id"] and grace.household_role == "carer"
        assert response.json()["members"][0]["household_role"] == "carer"
        assert AuditEvent.objects.filter(action="update", object_id=str(grace.pk)).exists()

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({"name": "x" * 101}, "name: The name for the household must be 100 characters or fewer"),
            ({"member_id": "lone", "role": ""}, "role: Choose their role in the household"),
            ({"member_id": "lone", "role": "uncle"}, "role: Choose their role in the household"),
            ({"role": "parent"}, "role: give member_id too, or leave role out"),
            ({"member_id": "erased", "role": "parent"}, "member_id: choose one of your own organisation's people"),
            ({"member_id": "theirs", "role": "parent"}, "member_id: choose one of your own organisation's people"),
        ],
    )
    def test_mistakes_are_422_and_nothing_is_saved(
        self, client: Client, org, colleague, lone, theirs, body, message
    ) -> None:
        ids = {
            "lone": lone.pk,
            "erased": Person.objects.create(organisation=org, full_name="Gone", erased_at=timezone.now()).pk,
            "theirs": theirs.members.get().pk,
        }
        if "member_id" in body:
            body = {**body, "member_id": str(ids[body["member_id"]])}
        before = Household.objects.count()
        response = send(client, "POST", "/households", bearer(colleague), body)
        assert response.status_code == 422
        assert response.json()["detail"] == message
        assert Household.objects.count() == before
        lone.refresh_from_db()
        assert lone.household is None
        assert not AuditEvent.objects.filter(object_type="people.Household").exists()

    def test_a_due_date_is_not_taken(self, client: Client, colleague) -> None:
        due = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
        response = send(client, "POST", "/households", bearer(colleague), {"name": "A", "expected_due_date": due})
        assert response.status_code == 201
        assert Household.objects.get().expected_due_date is None


class TestUpdate:
    def test_only_the_fields_sent_change(self, client: Client, colleague, household) -> None:
        path = f"/households/{household.pk}"
        response = send(client, "PATCH", path, bearer(colleague), {"home_educated": True})
        assert response.status_code == 200
        household.refresh_from_db()
        assert (household.name, household.young_carer, household.home_educated) == ("Mensah family", True, True)
        assert response.json()["home_educated"] is True and len(response.json()["members"]) == 1
        event = AuditEvent.objects.get(action="update", object_id=str(household.pk))
        assert (event.actor, event.changes) == (colleague, {"fields": ["home_educated"]})

    def test_no_change_writes_no_audit_line(self, client: Client, colleague, household) -> None:
        send(client, "PATCH", f"/households/{household.pk}", bearer(colleague), {"young_carer": True})
        assert not AuditEvent.objects.filter(action="update").exists()

    def test_a_name_that_is_too_long_is_422(self, client: Client, colleague, household) -> None:
        response = send(client, "PATCH", f"/households/{household.pk}", bearer(colleague), {"name": "x" * 101})
        assert response.status_code == 422 and response.json()["detail"].startswith("name: ")
        household.refresh_from_db()
        assert household.name == "Mensah family"


class TestWhoMay:
    @pytest.mark.parametrize("role", READERS)
    def test_readers_may_list(self, client: Client, org, household, role) -> None:
        assert send(client, "GET", "/households", bearer(member(org, role))).status_code == 200

    @pytest.mark.parametrize("role", NOT_READERS)
    def test_other_roles_may_not_list(self, client: Client, org, household, role) -> None:
        response = send(client, "GET", "/households", bearer(member(org, role)))
        assert response.status_code == 403 and "Mensah" not in response.content.decode()

    @pytest.mark.parametrize("role", WRITERS)
    def test_writers_may_add_and_change(self, client: Client, org, household, role) -> None:
        auth = bearer(member(org, role))
        assert send(client, "POST", "/households", auth, {"name": "New"}).status_code == 201
        assert send(client, "PATCH", f"/households/{household.pk}", auth, {"name": "Renamed"}).status_code == 200

    @pytest.mark.parametrize("role", NOT_WRITERS)
    def test_other_roles_may_not_add_or_change(self, client: Client, org, household, role) -> None:
        auth = bearer(member(org, role))
        assert send(client, "POST", "/households", auth, {"name": "New"}).status_code == 403
        assert send(client, "PATCH", f"/households/{household.pk}", auth, {"name": "Renamed"}).status_code == 403
        household.refresh_from_db()
        assert household.name == "Mensah family" and Household.objects.count() == 1

    def test_another_organisations_household_is_404(self, client: Client, admin, theirs) -> None:
        auth = bearer(admin)
        assert send(client, "GET", f"/households/{theirs.pk}", auth).status_code == 404
        assert send(client, "PATCH", f"/households/{theirs.pk}", auth, {"name": "Mine"}).status_code == 404
        theirs.refresh_from_db()
        assert theirs.name == "Southby family"

    def test_no_token_no_answer(self, client: Client, household) -> None:
        assert send(client, "GET", "/households", {}).status_code == 401
        assert send(client, "POST", "/households", {}, {"name": "x"}).status_code == 401
