"""Subject access: the export holds everything about the person (and nothing about others or safeguarding), is
complete by construction, takes a fixed number of queries, and the pages log each export against its request."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import Consent, DataShare, DataSharingAgreement, PrivacyNotice, Purpose
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.datarights.export import EXCLUDED, export_json, person_export_data
from coproduce.datarights.models import DataRightsRequest
from coproduce.equality.models import EqualityProfile, EqualitySnapshot
from coproduce.organisations.models import Role
from coproduce.people.models import AccessNeeds, Child, Household, Person
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.safeguarding.models import SafeguardingConcern
from coproduce.stakeholders.models import Partner, StakeholderGroup
from tests.cast import client_for, make_member


def _section(data: dict, key: str) -> dict:
    return next(section for section in data["sections"] if section["key"] == key)


def _models_pointing_at_person() -> set[str]:
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields(include_hidden=True):
            if field.concrete and field.is_relation and field.related_model is Person and model is not Person:
                found.add(model._meta.label)
        for field in model._meta.many_to_many:
            if field.related_model is Person:
                found.add(model._meta.label)
    return found


class TestCompleteness:
    def test_every_model_pointing_at_a_person_is_exported_or_excluded(self, person) -> None:
        data = person_export_data(person)
        covered = {section["model"] for section in data["sections"]} | {item["model"] for item in data["withheld"]}
        pointing = _models_pointing_at_person()
        # If the walk stopped finding relations, this test would pass vacuously.
        assert {"consent.Consent", "projects.ProjectStakeholder", "safeguarding.SafeguardingConcern"} <= pointing
        missing = {label for label in pointing if label not in covered and label not in EXCLUDED}
        assert not missing, f"Export these models in datarights/export.py, or add them to EXCLUDED: {missing}"

    def test_excluded_models_have_a_reason_and_are_not_exported(self, person) -> None:
        data = person_export_data(person)
        exported = {section["model"] for section in data["sections"]}
        for label, reason in EXCLUDED.items():
            assert len(str(reason)) > 40
            assert label not in exported
        assert [item["model"] for item in data["withheld"]] == ["safeguarding.SafeguardingConcern"]


@pytest.fixture
def full_person(org, hub, dpo, colleague, today) -> Person:
    """A person with something in every area, plus another household member and a safeguarding concern."""
    household = Household.objects.create(organisation=org, name="Adebayo household", young_carer=True)
    person = Person.objects.create(
        organisation=org,
        full_name="Ngozi Adebayo",
        preferred_name="Ngo",
        pronunciation="n-GO-zee",
        email="ngozi@example.net",
        phone="07700900123",
        postcode="NB1 2AB",
        languages="English, Yoruba",
        household=household,
        household_role="parent",
        takes_part_as="lived_experience",
    )
    person.hubs.add(hub)
    group = StakeholderGroup.objects.create(organisation=org, name="Families")
    person.stakeholder_groups.add(group)
    Person.objects.create(organisation=org, full_name="Tunde Adebayo", household=household, household_role="carer")
    Child.objects.create(
        organisation=org,
        household=household,
        first_name="Folake",
        date_of_birth=today - dt.timedelta(days=365 * 7),
        has_send=True,
        send_details="Speech and language support",
    )
    AccessNeeds.objects.create(organisation=org, person=person, childcare=True, other_needs="A quiet corner")
    notice = PrivacyNotice.objects.create(organisation=org, version="3.2", published_on=today, summary="We collect…")
    consent = Consent.objects.create(
        organisation=org, person=person, purpose="contact", status="given", method="online", privacy_notice=notice
    )
    EqualityProfile.objects.create(organisation=org, person=person, ethnic_group="black_african", sex="female")
    EqualitySnapshot.objects.create(
        organisation=org,
        person=person,
        context_type="projects.ProjectStakeholder",
        context_id="x",
        taken_at=timezone.now(),
        answers={"sex": "female"},
    )
    project = Project.objects.create(organisation=org, title="Better stay and play", goal="Fun")
    ProjectStakeholder.objects.create(
        organisation=org, project=project, group=group, person=person, kind="lived_experience", note="Came to 3"
    )
    partner = Partner.objects.create(organisation=org, name="Home-Start Northby", kind="charity")
    agreement = DataSharingAgreement.objects.create(
        organisation=org, partner=partner, purpose="Support", data_shared="Name", starts_on=today, review_on=today
    )
    DataShare.objects.create(
        organisation=org,
        person=person,
        partner=partner,
        agreement=agreement,
        shared_by=colleague,
        details_shared="name, phone",
        reason="Referral for home visits",
    )
    DataRightsRequest.objects.create(
        organisation=org, person=person, kind="access", made_by="staff", received_on=today, notes="By letter"
    )
    SafeguardingConcern.objects.create(
        organisation=org, person=person, raised_by=colleague, what_happened="Secret safeguarding words"
    )
    audit_record(action=AuditEvent.Action.UPDATE, actor=colleague, organisation=org, obj=person, summary="Edited")
    audit_record(action=AuditEvent.Action.CREATE, actor=colleague, organisation=org, obj=consent, summary="Consented")
    return person


class TestContent:
    def test_it_holds_everything_about_the_person(self, full_person) -> None:
        data = person_export_data(full_person)
        about = _section(data, "person")["records"][0]
        assert about["full_name"] == "Ngozi Adebayo"
        assert about["pronunciation"] == "n-GO-zee"
        assert about["takes_part_as"] == "With lived experience"
        assert "access_key" not in about and "postcode_compact" not in about
        assert _section(data, "hubs")["records"] == [{"name": "Northby Central"}]
        assert _section(data, "stakeholder_groups")["records"] == [{"name": "Families"}]
        household = _section(data, "household")["records"][0]
        assert household["your_role"] == "Parent"
        assert household["young_carer"] is True
        assert household["children"] == [
            {"age": "5-10", "has_send": True, "about_their_needs": "Speech and language support"}
        ]
        assert household["other_members"] == ["Another member"]
        assert _section(data, "access_needs")["records"][0]["other_needs"] == "A quiet corner"
        consent = _section(data, "consents")["records"][0]
        assert consent["purpose"] == "Contact about co-production"
        assert consent["privacy_notice"] == "Privacy notice 3.2"
        assert _section(data, "equality")["records"][0]["ethnic_group"].endswith("African")
        assert _section(data, "equality_snapshots")["records"][0]["answers"] == {"sex": "female"}
        involvement = _section(data, "project_involvements")["records"][0]
        assert (involvement["project"], involvement["note"]) == ("Better stay and play", "Came to 3")
        share = _section(data, "shares")["records"][0]
        assert (share["partner"], share["reason"]) == ("Home-Start Northby", "Referral for home visits")
        assert _section(data, "access_requests")["records"][0]["notes"] == "By letter"
        events = _section(data, "audit_events")["records"]
        assert sorted(event["summary"] for event in events) == ["Consented", "Edited"]

    def test_it_leaves_out_other_people_and_safeguarding(self, full_person) -> None:
        text = export_json(person_export_data(full_person))
        assert "Tunde" not in text
        assert "Folake" not in text  # the child's name: only ages and SEND
        assert "Secret safeguarding words" not in text
        assert "designated safeguarding lead reviews them separately" in text
        assert full_person.access_key not in text

    def test_it_leaves_out_other_peoples_audit_lines(self, full_person, org, colleague) -> None:
        someone = Person.objects.create(organisation=org, full_name="Someone Else")
        audit_record(action=AuditEvent.Action.UPDATE, actor=colleague, organisation=org, obj=someone, summary="Other")
        events = _section(person_export_data(full_person), "audit_events")["records"]
        assert "Other" not in [event["summary"] for event in events]

    def test_the_json_is_machine_readable_with_iso_dates(self, full_person) -> None:
        data = json.loads(export_json(person_export_data(full_person)))
        assert dt.datetime.fromisoformat(data["exported_at"])
        request = _section(data, "access_requests")["records"][0]
        assert request["received_on"] == timezone.localdate().isoformat()
        assert dt.datetime.fromisoformat(_section(data, "audit_events")["records"][0]["when"])
        assert data["person_reference"] == full_person.reference


def _give_records(person: Person, count: int, *, partner, agreement, group, project, actor) -> None:
    org = person.organisation
    purposes = [p for p in Purpose.values if p != Purpose.SHARE_WITH_PARTNER][: min(count, 6)]
    for purpose in purposes:
        consent = Consent.objects.create(
            organisation=org, person=person, purpose=purpose, status="given", method="paper"
        )
        audit_record(action=AuditEvent.Action.CREATE, actor=actor, organisation=org, obj=consent)
    for n in range(count):
        ProjectStakeholder.objects.create(
            organisation=org, project=project, group=group, person=person, kind="lived_experience"
        )
        DataShare.objects.create(
            organisation=org, person=person, partner=partner, agreement=agreement, shared_by=actor, details_shared="x"
        )
        EqualitySnapshot.objects.create(
            organisation=org, person=person, context_type="t", context_id=str(n), taken_at=timezone.now()
        )
        DataRightsRequest.objects.create(
            organisation=org, person=person, kind="access", made_by="staff", received_on=timezone.localdate()
        )
        audit_record(action=AuditEvent.Action.UPDATE, actor=actor, organisation=org, obj=person)


def test_the_number_of_queries_does_not_grow_with_the_records(org, colleague, today) -> None:
    partner = Partner.objects.create(organisation=org, name="Partner", kind="charity")
    agreement = DataSharingAgreement.objects.create(
        organisation=org, partner=partner, purpose="p", data_shared="d", starts_on=today, review_on=today
    )
    group = StakeholderGroup.objects.create(organisation=org, name="Families")
    project = Project.objects.create(organisation=org, title="P", goal="G")
    counts = {}
    for count in (1, 30):
        household = Household.objects.create(organisation=org)
        person = Person.objects.create(organisation=org, full_name=f"Person {count}", household=household)
        for _n in range(count):
            Child.objects.create(organisation=org, household=household)
        _give_records(
            person, count, partner=partner, agreement=agreement, group=group, project=project, actor=colleague
        )
        with CaptureQueriesContext(connection) as queries:
            data = person_export_data(person)
        assert len(_section(data, "shares")["records"]) == count
        assert len(_section(data, "audit_events")["records"]) == count + min(count, 6)
        counts[count] = len(queries)
    assert counts[1] == counts[30]


# The pages -------------------------------------------------------------------------------------------------------


def _export_url(person: Person) -> str:
    return reverse("datarights:person_export", kwargs={"person_id": person.pk})


class TestExportPages:
    def test_it_asks_which_request_the_export_answers(self, dpo_client, person, access_request) -> None:
        page = dpo_client.get(_export_url(person))
        assert page.status_code == 200
        body = page.content.decode()
        assert "Which request does this answer?" in body
        assert access_request.received_on.strftime("%-d %B %Y") in body
        assert "A new request, received today" in body
        assert AuditEvent.objects.filter(action="export").count() == 0

    def test_choosing_nothing_is_an_error(self, dpo_client, person) -> None:
        page = dpo_client.post(_export_url(person), {})
        assert page.status_code == 200
        assert "Select the request this copy answers" in page.content.decode()
        assert "<title>Error: " in page.content.decode()

    def test_a_new_request_is_logged_on_the_spot(self, dpo_client, dpo, person, today) -> None:
        response = dpo_client.post(_export_url(person), {"rights_request": "new"})
        rights_request = DataRightsRequest.objects.get(person=person)
        assert response.status_code == 302
        assert response["Location"] == f"{_export_url(person)}?rights_request={rights_request.pk}"
        assert (rights_request.kind, rights_request.made_by, rights_request.received_on) == ("access", "staff", today)
        assert rights_request.logged_by == dpo
        assert AuditEvent.objects.filter(action="create", object_id=str(rights_request.pk)).exists()

    def test_an_open_request_can_be_chosen(self, dpo_client, person, access_request) -> None:
        response = dpo_client.post(_export_url(person), {"rights_request": str(access_request.pk)})
        assert response["Location"].endswith(f"?rights_request={access_request.pk}")
        assert DataRightsRequest.objects.count() == 1

    def test_the_readable_page_is_logged_with_the_request_dates(self, dpo_client, dpo, person, access_request) -> None:
        page = dpo_client.get(f"{_export_url(person)}?rights_request={access_request.pk}")
        assert page.status_code == 200
        body = page.content.decode()
        assert "Ngozi Adebayo" in body
        assert "Print" in body and "Save as PDF" in body
        assert access_request.due_on.strftime("%-d %B %Y") in body
        assert "designated safeguarding lead reviews them separately" in body
        assert page["Cache-Control"] == "private, no-store"
        event = AuditEvent.objects.get(action="export")
        assert (event.actor, event.object_id, event.object_label) == (dpo, str(person.pk), person.audit_label)
        assert event.changes == {
            "format": "html",
            "rights_request": str(access_request.pk),
            "received_on": access_request.received_on.isoformat(),
            "due_on": access_request.due_on.isoformat(),
        }
        assert "Ngozi" not in event.summary

    def test_the_json_download_is_an_attachment_and_logged_every_time(self, dpo_client, person, access_request) -> None:
        url = f"{_export_url(person)}?rights_request={access_request.pk}&format=json"
        first = dpo_client.get(url)
        dpo_client.get(url)
        assert first.status_code == 200
        assert first["Content-Type"].startswith("application/json")
        assert first["Content-Disposition"].startswith(f'attachment; filename="subject-access-{person.reference}-')
        data = json.loads(first.content)
        assert _section(data, "person")["records"][0]["email"] == "ngozi@example.net"
        assert [e.changes["format"] for e in AuditEvent.objects.filter(action="export")] == ["json", "json"]

    def test_a_request_of_another_person_or_kind_is_404(self, dpo_client, org, person, today) -> None:
        someone = Person.objects.create(organisation=org, full_name="Someone Else")
        theirs = DataRightsRequest.objects.create(
            organisation=org, person=someone, kind="access", made_by="staff", received_on=today
        )
        erasure = DataRightsRequest.objects.create(
            organisation=org, person=person, kind="erasure", made_by="staff", received_on=today
        )
        for rights_request in (theirs, erasure):
            assert dpo_client.get(f"{_export_url(person)}?rights_request={rights_request.pk}").status_code == 404
        assert dpo_client.get(f"{_export_url(person)}?rights_request=nonsense").status_code == 404
        assert not AuditEvent.objects.filter(action="export").exists()

    @pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.VIEWER])
    def test_only_the_data_protection_officer_may_export(self, org, person, access_request, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(_export_url(person)).status_code == 403
        assert client.get(f"{_export_url(person)}?rights_request={access_request.pk}&format=json").status_code == 403
        assert not AuditEvent.objects.filter(action="export").exists()

    def test_another_organisations_person_is_404(self, dpo_client, other_person) -> None:
        assert dpo_client.get(_export_url(other_person)).status_code == 404
        assert dpo_client.post(_export_url(other_person), {"rights_request": "new"}).status_code == 404
        assert not DataRightsRequest.objects.exists()
