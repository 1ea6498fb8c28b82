"""The safeguarding sections of the person and household pages, the arrangements page and the demo data."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.safeguarding import services
from coproduce.safeguarding.models import SafeguardingArrangements
from tests.cast import client_for, make_member


def section(template: str, user, org, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.organisation = org
    return render_to_string(
        f"safeguarding/{template}", {"user": user, "organisation": org, **context}, request=request
    ).strip()


class TestPersonSection:
    def test_staff_see_the_button_and_nothing_about_whether_a_concern_exists(
        self, org, person, colleague, sg_lead
    ) -> None:
        before = section("_person_section.html", colleague, org, person=person)
        services.concern_raise(
            actor=sg_lead, organisation=org, person=person, what_happened="Worried", immediate_danger=True
        )
        after = section("_person_section.html", colleague, org, person=person)
        assert before == after
        assert "Raise a safeguarding concern" in after
        assert f"?person={person.pk}" in after
        assert "concern about" not in after and "No safeguarding concerns" not in after

    def test_the_raiser_learns_nothing_here_either(self, org, person, concern, colleague) -> None:
        assert services.concern_reference(concern) not in section("_person_section.html", colleague, org, person=person)

    def test_a_lead_sees_the_count_and_links(self, org, person, concern, sg_lead, peer) -> None:
        services.concern_raise(actor=peer, organisation=org, person=person, what_happened="x", immediate_danger=False)
        html = section("_person_section.html", sg_lead, org, person=person)
        assert "2 concerns about this person" in html
        assert reverse("safeguarding:concern_detail", kwargs={"concern_id": concern.pk}) in html
        assert services.concern_reference(concern) in html
        assert "Raise a safeguarding concern" in html

    def test_a_lead_is_told_when_there_are_none(self, org, person, sg_lead) -> None:
        assert "No safeguarding concerns have been raised" in section(
            "_person_section.html", sg_lead, org, person=person
        )

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
    def test_roles_that_cannot_raise_see_nothing_at_all(self, org, person, concern, role) -> None:
        user = make_member(org, f"{role}@example.org", role)
        assert section("_person_section.html", user, org, person=person) == ""

    def test_another_organisations_lead_sees_nothing(self, org, other_org, person, concern) -> None:
        their_lead = make_member(other_org, "their.dsl@example.org", Role.SAFEGUARDING_LEAD)
        assert section("_person_section.html", their_lead, org, person=person) == ""


class TestHouseholdSection:
    def test_a_lead_sees_concerns_about_the_household_and_its_members(
        self, org, household, person, concern, sg_lead, colleague
    ) -> None:
        about_household = services.concern_raise(
            actor=colleague, organisation=org, household=household, what_happened="x", immediate_danger=False
        )
        services.concern_raise(
            actor=colleague,
            organisation=org,
            person=Person.objects.create(organisation=org, full_name="Someone else"),
            what_happened="x",
            immediate_danger=False,
        )
        html = section("_household_section.html", sg_lead, org, household=household)
        assert "2 concerns about this household or its members" in html
        assert services.concern_reference(about_household) in html
        assert services.concern_reference(concern) in html
        assert f"?household={household.pk}" in html

    def test_staff_see_only_the_button(self, org, household, concern, colleague) -> None:
        html = section("_household_section.html", colleague, org, household=household)
        assert "Raise a safeguarding concern" in html
        assert "concerns about" not in html and services.concern_reference(concern) not in html


class TestArrangements:
    URL = reverse("safeguarding:arrangements")
    DATA = {
        "contact_name": "Duty safeguarding lead",
        "contact_phone": "07700 900 482",
        "contact_email": "safeguarding@example.org",
        "out_of_hours": "Emergency duty team 01632 960 999",
        "procedure": "Phone the duty lead the same day.",
        "procedure_url": "https://example.org/procedure",
    }

    def test_an_admin_records_them_and_the_audit_names_fields_only(self, org, admin) -> None:
        client = client_for(admin)
        assert client.get(self.URL).status_code == 200
        assert client.post(self.URL, self.DATA).status_code == 302
        saved = SafeguardingArrangements.objects.get(organisation=org)
        assert saved.contact_phone == "07700 900 482"
        line = AuditEvent.objects.get(object_id=str(saved.pk))
        assert line.action == "create"
        assert "07700" not in str(line.changes) and "Duty" not in str(line.changes)
        assert "contact_phone" in line.changes["fields"]
        client.post(self.URL, {**self.DATA, "contact_phone": "0300 123 4567"})
        change = AuditEvent.objects.filter(object_id=str(saved.pk), action="update").get()
        assert change.changes == {"fields": ["contact_phone"]}
        assert 'value="0300 123 4567"' in client.get(self.URL).content.decode()

    def test_a_safeguarding_lead_may_change_them_but_staff_may_not(self, org, sg_lead, colleague) -> None:
        assert client_for(sg_lead).post(self.URL, self.DATA).status_code == 302
        assert client_for(colleague).get(self.URL).status_code == 403
        assert client_for(colleague).post(self.URL, self.DATA).status_code == 403

    def test_each_field_is_checked(self, org, admin) -> None:
        body = (
            client_for(admin)
            .post(
                self.URL,
                {"contact_phone": "12345", "contact_email": "not-an-email", "procedure_url": "nope"},
            )
            .content.decode()
        )
        for message in (
            "Enter the name or job title of the safeguarding contact",
            "Enter a UK phone number",
            "Enter an email address in the correct format",
            "Say what staff and volunteers should do",
            "Enter a web address in the correct format",
        ):
            assert message in body
        assert not SafeguardingArrangements.objects.exists()

    def test_they_show_wherever_the_contact_is_included(self, org) -> None:
        SafeguardingArrangements.objects.create(
            organisation=org, contact_name="Duty desk", contact_phone="01632 960 123", procedure="Phone us."
        )
        html = render_to_string("safeguarding/_contact.html", {"organisation": org})
        assert "Duty desk" in html and "Phone us." in html
        assert render_to_string("safeguarding/_contact.html", {"organisation": None}).strip() == ""


def test_the_demo_has_arrangements_and_a_new_and_a_closed_concern(db) -> None:
    from coproduce.core.demo import seed_small
    from coproduce.safeguarding.demo import seed_demo_safeguarding
    from coproduce.safeguarding.models import SafeguardingConcern

    northby, _created = seed_small(people=5)
    seed_demo_safeguarding(northby)
    seed_demo_safeguarding(northby)  # a second run does nothing
    assert SafeguardingArrangements.objects.get(organisation=northby).contact_phone.startswith("07700 900")
    concerns = SafeguardingConcern.objects.for_organisation(northby)
    assert sorted(concerns.values_list("status", flat=True)) == ["closed", "new"]
    assert all(c.person_id for c in concerns)
    assert {c.raised_by.email for c in concerns} == {"tom.gallagher@example.org", "kasia.nowak@example.org"}


def test_the_person_and_household_pages_show_the_sections(org, person, household, concern, colleague, sg_lead) -> None:
    person_page = reverse("people:person_detail", kwargs={"person_id": person.pk})
    household_page = reverse("people:household_detail", kwargs={"household_id": household.pk})
    reference = services.concern_reference(concern)
    for page in (person_page, household_page):
        staff_view = client_for(colleague).get(page).content.decode()
        assert "Raise a safeguarding concern" in staff_view
        assert reference not in staff_view and "concern about" not in staff_view
        assert reference in client_for(sg_lead).get(page).content.decode()
