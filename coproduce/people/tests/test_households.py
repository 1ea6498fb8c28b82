"""Households: putting a person in a new or existing household, the household page, its details, its children,
and removing a child or a member (POST only, with a confirmation step)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.people import services
from coproduce.people.models import Child, Household, Person
from tests.cast import client_for, make_member


def household_url(household: Household, name: str = "household_detail") -> str:
    return reverse(f"people:{name}", kwargs={"household_id": household.pk})


def person_household_url(person: Person) -> str:
    return reverse("people:person_household", kwargs={"person_id": person.pk})


def child_url(child: Child, name: str = "child_edit") -> str:
    return reverse(f"people:{name}", kwargs={"household_id": child.household_id, "child_id": child.pk})


def member_remove_url(household: Household, person: Person) -> str:
    return reverse("people:household_member_remove", kwargs={"household_id": household.pk, "person_id": person.pk})


@pytest.fixture
def person(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Ama Mensah", preferred_name="Ama")


@pytest.fixture
def household(org) -> Household:
    return Household.objects.create(organisation=org, name="Mensah family")


def years_ago(years: int, days: int = 10) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


# ---------------------------------------------------------------------------------------------------------------
# A person's household


def test_a_person_starts_a_new_household(colleague_client: Client, person: Person, colleague) -> None:
    response = colleague_client.post(
        person_household_url(person), {"action": "new", "new-name": "Mensah family", "new-role": "parent"}
    )
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == household_url(household)
    person.refresh_from_db()
    assert person.household == household and person.household_role == "parent"
    assert AuditEvent.objects.filter(action="create", object_type="people.Household", actor=colleague).exists()
    joined = AuditEvent.objects.get(object_type="people.Person", object_id=str(person.pk))
    assert joined.summary == f"Added to {household.audit_label}" and "Mensah" not in str(joined.changes)


def test_a_role_is_needed(admin_client_: Client, person: Person) -> None:
    html = admin_client_.post(person_household_url(person), {"action": "new", "new-name": "X"}).content.decode()
    assert "Choose their role in the household" in html
    assert not Household.objects.exists()


def test_households_are_found_by_their_name_or_a_members_name(
    admin_client_: Client, org, other_org, person: Person, household: Household
) -> None:
    Person.objects.create(organisation=org, full_name="Kwame Boateng", household=household)
    Household.objects.create(organisation=other_org, name="Boateng family")  # never offered
    for query in ("mensah", "BOATENG"):
        html = admin_client_.get(person_household_url(person), {"q": query}).content.decode()
        assert "Mensah family (Kwame Boateng)" in html, query
        assert "Boateng family" not in html
    html = admin_client_.get(person_household_url(person), {"q": "nobody"}).content.decode()
    assert "No households found for ‘nobody’" in html


def test_a_person_joins_a_household_found_by_search(
    admin_client_: Client, person: Person, household: Household
) -> None:
    response = admin_client_.post(
        person_household_url(person),
        {"action": "join", "join-q": "mensah", "join-household": str(household.pk), "join-role": "carer"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.household == household and person.household_role == "carer"


def test_a_household_not_found_by_the_search_cannot_be_chosen(
    admin_client_: Client, org, other_org, person: Person
) -> None:
    theirs = Household.objects.create(organisation=other_org, name="Mensah family")
    response = admin_client_.post(
        person_household_url(person),
        {"action": "join", "join-q": "mensah", "join-household": str(theirs.pk), "join-role": "parent"},
    )
    assert "Choose one of the households found" in response.content.decode()
    person.refresh_from_db()
    assert person.household is None


def test_moving_household_is_audited_with_both_references(org, person: Person, household: Household, admin) -> None:
    services.household_add_member(household=household, person=person, role="parent", actor=admin)
    other = services.household_create(actor=admin, organisation=org, name="New")
    services.household_add_member(household=other, person=person, role="parent", actor=admin)
    last = AuditEvent.objects.filter(object_id=str(person.pk)).first()
    assert other.audit_label in last.summary and str(household.pk)[-8:] in last.summary


# ---------------------------------------------------------------------------------------------------------------
# The household page


def test_the_household_page_shows_members_children_and_circumstances(
    admin_client_: Client, org, person: Person, household: Household
) -> None:
    person.household, person.household_role = household, "parent"
    person.save()
    household.expected_due_date = timezone.localdate() + dt.timedelta(days=60)
    household.young_carer = True
    household.save()
    Child.objects.create(organisation=org, household=household, first_name="Kofi", date_of_birth=years_ago(3))
    Child.objects.create(organisation=org, household=household, first_name="Esi", age_band="11-15", has_send=True)
    html = admin_client_.get(household_url(household)).content.decode()
    assert "Mensah family" in html and "Ama" in html and "Parent" in html
    assert reverse("people:person_detail", kwargs={"person_id": person.pk}) in html
    assert "Kofi" in html and "3 years old (2 to 4)" in html
    assert "Esi" in html and "11 to 15" in html and "Yes" in html
    assert household.expected_due_date.strftime("%-d %B %Y") in html
    assert "A child or young person is a young carer" in html


def test_viewers_see_no_household(org, household: Household) -> None:
    client = client_for(make_member(org, "viewer@example.org", Role.VIEWER))
    assert client.get(household_url(household)).status_code == 403


def test_the_household_details_are_changed(admin_client_: Client, household: Household) -> None:
    due = timezone.localdate() + dt.timedelta(days=90)
    response = admin_client_.post(
        household_url(household, "household_edit"),
        {"name": "Mensah-Boateng family", "expected_due_date": due.strftime("%d/%m/%Y"), "armed_forces": "on"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.expected_due_date == due and household.armed_forces
    event = AuditEvent.objects.get(object_type="people.Household", action="update")
    assert sorted(event.changes["fields"]) == ["armed_forces", "expected_due_date", "name"]
    assert "Boateng" not in event.summary + str(event.changes)


def test_a_due_date_more_than_ten_months_away_is_refused(admin_client_: Client, household: Household) -> None:
    due = timezone.localdate() + dt.timedelta(days=400)
    html = admin_client_.post(
        household_url(household, "household_edit"), {"expected_due_date": due.strftime("%d/%m/%Y")}
    ).content.decode()
    assert "The expected due date must be within the next 10 months" in html


# ---------------------------------------------------------------------------------------------------------------
# Children


def test_a_child_is_added_with_a_date_of_birth(admin_client_: Client, household: Household) -> None:
    born = years_ago(6)
    response = admin_client_.post(
        household_url(household, "child_add"),
        {"first_name": "Kofi", "date_of_birth": born.strftime("%d/%m/%Y"), "age_band": "0-1", "has_send": "on"},
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.date_of_birth == born and child.age_band == ""  # the date of birth decides the band
    assert child.current_age_band() == "5-10" and child.has_send
    event = AuditEvent.objects.get(object_type="people.Child")
    assert "Kofi" not in event.summary + event.object_label + str(event.changes)


def test_a_child_may_have_an_age_band_instead(admin_client_: Client, household: Household) -> None:
    admin_client_.post(household_url(household, "child_add"), {"age_band": "16-17"})
    assert Child.objects.get().age_band == "16-17"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter their date of birth, or choose their age if you do not know it"),
        ({"date_of_birth": "1/1/2999"}, "Date of birth must be in the past"),
        ({"date_of_birth": "30/2/2020"}, "Enter date of birth as a real date"),
        ({"age_band": "99-100"}, "Select a valid choice"),
    ],
)
def test_child_rules(admin_client_: Client, household: Household, data: dict, message: str) -> None:
    html = admin_client_.post(household_url(household, "child_add"), data).content.decode()
    assert message in html
    assert not Child.objects.exists()


def test_a_child_is_changed(admin_client_: Client, org, household: Household) -> None:
    child = Child.objects.create(organisation=org, household=household, age_band="2-4", send_details="x")
    response = admin_client_.post(child_url(child), {"first_name": "Kofi", "age_band": "5-10"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.first_name == "Kofi" and child.age_band == "5-10"
    assert child.send_details == ""  # no SEND ticked: the details go too


def test_a_child_of_another_household_is_404(admin_client_: Client, org, household: Household) -> None:
    elsewhere = Household.objects.create(organisation=org, name="Other")
    child = Child.objects.create(organisation=org, household=elsewhere, age_band="2-4")
    url = reverse("people:child_edit", kwargs={"household_id": household.pk, "child_id": child.pk})
    assert admin_client_.get(url).status_code == 404


def test_removing_a_child_asks_first(admin_client_: Client, org, household: Household) -> None:
    child = Child.objects.create(organisation=org, household=household, first_name="Kofi", age_band="2-4")
    url = child_url(child, "child_remove")
    assert admin_client_.get(url).status_code == 405
    html = admin_client_.post(url).content.decode()
    assert "Remove Kofi from the household?" in html and Child.objects.exists()
    response = admin_client_.post(url, {"confirm": "yes"})
    assert response.status_code == 302 and not Child.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="people.Child").exists()


def test_removing_a_member_asks_first(admin_client_: Client, person: Person, household: Household) -> None:
    person.household, person.household_role = household, "parent"
    person.save()
    url = member_remove_url(household, person)
    assert admin_client_.get(url).status_code == 405
    assert "Remove Ama from the household?" in admin_client_.post(url).content.decode()
    person.refresh_from_db()
    assert person.household == household
    assert admin_client_.post(url, {"confirm": "yes"}).status_code == 302
    person.refresh_from_db()
    assert person.household is None and person.household_role == ""
    assert Person.objects.filter(pk=person.pk).exists()  # their own record stays


def test_someone_not_in_the_household_cannot_be_removed_from_it(
    admin_client_: Client, person: Person, household: Household
) -> None:
    assert admin_client_.post(member_remove_url(household, person), {"confirm": "yes"}).status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.SAFEGUARDING_LEAD])
def test_roles_that_may_not_change_households(org, person: Person, household: Household, role) -> None:
    child = Child.objects.create(organisation=org, household=household, age_band="2-4")
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.post(person_household_url(person), {"action": "new", "new-role": "parent"}).status_code == 403
    assert client.post(household_url(household, "household_edit"), {"name": "x"}).status_code == 403
    assert client.post(household_url(household, "child_add"), {"age_band": "2-4"}).status_code == 403
    assert client.post(child_url(child, "child_remove"), {"confirm": "yes"}).status_code == 403
    assert Child.objects.count() == 1 and Household.objects.count() == 1
