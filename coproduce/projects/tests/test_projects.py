"""Projects: the charter and its bad input, status changes, stakeholders and coverage, stages and warnings,
permissions by role, and bounded query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership, Role
from coproduce.organisations.services import organisation_seed_defaults
from coproduce.people.models import Person
from coproduce.projects import services
from coproduce.projects.models import JourneyArea, Project, ProjectStakeholder, Stage
from coproduce.stakeholders.models import Partner, StakeholderGroup
from tests.cast import client_for, make_member


@pytest.fixture
def seeded(org, other_org):
    organisation_seed_defaults(organisation=org)
    organisation_seed_defaults(organisation=other_org)
    return org


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def lead_client(lead) -> Client:
    return client_for(lead)


@pytest.fixture
def project(seeded, lead):
    return services.project_create(actor=lead, organisation=seeded, title="Infant feeding", goal="Better support")


def charter(**overrides) -> dict:
    data = {
        "title": "Infant feeding",
        "goal": "Parents get support that fits their day",
        "scope_in": "Feeding",
        "scope_out": "Hospitals",
        "start_date": "1/4/2027",
        "end_date": "31/3/2028",
        "budget_total": "£12,500",
        "budget_involvement": "2000",
        "senior_sponsor": "Director",
    }
    data.update(overrides)
    return data


class TestCharter:
    def test_a_lead_starts_a_project_with_default_stages(self, lead_client, seeded, hub) -> None:
        area = JourneyArea.objects.for_organisation(seeded).get(name="Maternity")
        response = lead_client.post(
            reverse("projects:project_create"), charter(hubs=[str(hub.pk)], journey_areas=[str(area.pk)])
        )
        project = Project.objects.get()
        assert response["Location"] == reverse("projects:project_detail", kwargs={"project_id": project.pk})
        assert project.status == Project.Status.DRAFT
        assert str(project.budget_total) == "12500.00"
        assert list(project.hubs.all()) == [hub] and list(project.journey_areas.all()) == [area]
        assert [s.name for s in project.stages.all()] == ["Discover", "Define", "Design", "Deliver", "Review"]
        assert AuditEvent.objects.filter(object_id=str(project.pk), action="create").exists()

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("end_date", "1/1/2027", "The end date must be the same as or after the start date"),
            ("budget_total", "-5", "Total budget (£) cannot be negative"),
            ("budget_total", "lots", "Enter total budget (£) as a number of pounds"),
            ("budget_involvement", "20000", "cannot be more than the total budget"),
            ("start_date", "31/2/2027", "Enter start date as a real date"),
            ("title", "", "Enter a title for the project"),
        ],
    )
    def test_bad_input_is_refused_next_to_the_field(self, lead_client, seeded, field, value, message) -> None:
        response = lead_client.post(reverse("projects:project_create"), charter(**{field: value}))
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert f'href="#id_{field}"' in html
        assert not Project.objects.exists()

    def test_a_lead_from_another_organisation_is_refused(self, lead_client, seeded, stranger) -> None:
        stranger_membership = Membership.objects.get(user=stranger)
        html = lead_client.post(
            reverse("projects:project_create"), charter(lead=str(stranger_membership.pk))
        ).content.decode()
        assert "Choose a co-production lead from your own organisation" in html
        assert not Project.objects.exists()

    def test_the_service_also_refuses_a_lead_from_elsewhere(self, seeded, lead, stranger) -> None:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.project_create(
                actor=lead, organisation=seeded, title="X", goal="Y", lead=Membership.objects.get(user=stranger)
            )

    def test_editing_the_charter_keeps_a_history(self, lead_client, project) -> None:
        url = reverse("projects:project_edit", kwargs={"project_id": project.pk})
        lead_client.post(url, charter(title="Infant feeding support"))
        project.refresh_from_db()
        assert project.title == "Infant feeding support"
        history = lead_client.get(reverse("projects:project_history", kwargs={"project_id": project.pk}))
        assert "Infant feeding support" in history.content.decode()

    def test_every_page_of_a_project_without_a_lead_warns(self, lead_client, project) -> None:
        for name in ("project_detail", "project_edit", "project_status", "project_history", "stakeholder_add"):
            html = lead_client.get(reverse(f"projects:{name}", kwargs={"project_id": project.pk})).content.decode()
            if name == "project_edit":
                continue  # the charter form is where the lead is chosen
            assert "This project has no co-production lead" in html, name


class TestStatus:
    def test_a_project_cannot_start_without_a_lead(self, lead_client, project) -> None:
        url = reverse("projects:project_status", kwargs={"project_id": project.pk})
        html = lead_client.post(url, {"to_status": "active", "reason": "Ready"}).content.decode()
        assert "Choose a co-production lead before the project moves on from draft" in html
        project.refresh_from_db()
        assert project.status == "draft"

    def test_moving_on_records_who_and_why(self, lead_client, lead, project) -> None:
        services.project_update(actor=lead, project=project, lead=Membership.objects.get(user=lead))
        url = reverse("projects:project_status", kwargs={"project_id": project.pk})
        lead_client.post(url, {"to_status": "active", "reason": "Charter agreed"})
        project.refresh_from_db()
        change = project.status_changes.get()
        assert (project.status, change.changed_by, change.reason) == ("active", lead, "Charter agreed")

    def test_closing_asks_what_changed_for_families(self, lead_client, lead, project) -> None:
        services.project_update(actor=lead, project=project, lead=Membership.objects.get(user=lead))
        url = reverse("projects:project_status", kwargs={"project_id": project.pk})
        html = lead_client.post(url, {"to_status": "closed", "reason": "Done"}).content.decode()
        assert "Say what changed for families before closing the project" in html
        lead_client.post(url, {"to_status": "closed", "reason": "Done", "what_changed": "Longer hours"})
        project.refresh_from_db()
        assert project.status == "closed" and project.what_changed == "Longer hours"

    def test_only_allowed_moves_are_offered(self, lead_client, project) -> None:
        url = reverse("projects:project_status", kwargs={"project_id": project.pk})
        html = lead_client.post(url, {"to_status": "paused", "reason": "x"}).content.decode()
        assert "Select a valid choice" in html or "cannot become" in html
        project.refresh_from_db()
        assert project.status == "draft"


class TestStakeholdersAndCoverage:
    def test_coverage_shows_gaps_with_a_prompt(self, lead_client, lead, project, seeded) -> None:
        families = StakeholderGroup.objects.for_organisation(seeded).get(key="families")
        forum = StakeholderGroup.objects.for_organisation(seeded).get(key="parent_carer_forums")
        partner = Partner.objects.create(organisation=seeded, name="Forum", kind="parent_carer_forum")
        person = Person.objects.create(organisation=seeded, full_name="Aisha Mensah")
        url = reverse("projects:stakeholder_add", kwargs={"project_id": project.pk})
        lead_client.post(
            url,
            {"group": str(forum.pk), "partner": str(partner.pk), "kind": "representative", "method": "co_production"},
        )
        lead_client.post(
            url,
            {
                "group": str(families.pk),
                "person": str(person.pk),
                "kind": "lived_experience",
                "method": "questionnaire",
            },
        )
        html = lead_client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
        assert "Questionnaire only" in html  # families answered a questionnaire only
        assert "Representatives only" in html  # the forum is there through representatives only
        assert "Nobody involved" in html
        assert "Ask national and local charities" in html  # the prompt for a group with nobody
        assert "Aisha Mensah" in html

    def test_sub_groups_count_for_their_group(self, lead, project, seeded) -> None:
        from coproduce.projects.overview import coverage_rows

        families = StakeholderGroup.objects.for_organisation(seeded).get(key="families")
        dads = StakeholderGroup.objects.create(organisation=seeded, parent=families, name="Dads")
        services.stakeholder_add(
            actor=lead, project=project, group=dads, kind="lived_experience", method="co_production"
        )
        rows = coverage_rows(
            list(StakeholderGroup.objects.for_organisation(seeded)), list(project.stakeholders.select_related("group"))
        )
        status = {row.group.key: row.status for row in rows}
        assert status["families"] == "covered"
        assert len(rows) == 8

    def test_records_of_another_organisation_are_refused(self, lead_client, project, other_org) -> None:
        organisation_seed_defaults(organisation=other_org)
        theirs = StakeholderGroup.objects.for_organisation(other_org).get(key="families")
        url = reverse("projects:stakeholder_add", kwargs={"project_id": project.pk})
        html = lead_client.post(
            url, {"group": str(theirs.pk), "kind": "representative", "method": "co_production"}
        ).content.decode()
        assert "Choose from your own organisation" in html
        assert not ProjectStakeholder.objects.exists()

    def test_people_stay_anonymous_to_roles_that_cannot_see_them(self, lead, project, seeded, org) -> None:
        person = Person.objects.create(organisation=seeded, full_name="Aisha Mensah")
        families = StakeholderGroup.objects.for_organisation(seeded).get(key="families")
        services.stakeholder_add(
            actor=lead, project=project, group=families, person=person, kind="lived_experience", method="co_production"
        )
        partner_user = make_member(org, "partner@example.org", Role.PARTNER)
        html = (
            client_for(partner_user)
            .get(reverse("projects:project_detail", kwargs={"project_id": project.pk}))
            .content.decode()
        )
        assert "Aisha Mensah" not in html and "a person" in html


class TestStages:
    def test_recording_degrees_and_the_warnings(self, lead_client, project) -> None:
        first, second = project.stages.all()[:2]
        lead_client.post(
            reverse("projects:stage_edit", kwargs={"project_id": project.pk, "stage_id": first.pk}),
            {
                "name": "Discover",
                "order": "10",
                "target_degree": "3",
                "achieved_degree": "3",
                "family_involvement": "data_collection",
            },
        )
        lead_client.post(
            reverse("projects:stage_edit", kwargs={"project_id": project.pk, "stage_id": second.pk}),
            {
                "name": "Define",
                "order": "20",
                "target_degree": "4",
                "achieved_degree": "2",
                "family_involvement": "present_only",
            },
        )
        first.refresh_from_db()
        assert (first.target_degree, first.achieved_degree) == (3, 3)
        html = lead_client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
        assert "Things to look at" in html
        assert "Looks like non-participation" in html
        assert "Service-initiated, shared decisions with families" in html

    def test_a_degree_outside_the_five_is_refused(self, lead_client, project) -> None:
        stage = project.stages.first()
        url = reverse("projects:stage_edit", kwargs={"project_id": project.pk, "stage_id": stage.pk})
        html = lead_client.post(
            url, {"name": "Discover", "order": "10", "target_degree": "6", "family_involvement": "none"}
        ).content.decode()
        assert "Choose one of the five degrees of participation" in html
        stage.refresh_from_db()
        assert stage.target_degree is None

    def test_the_database_refuses_a_degree_outside_the_five(self, project) -> None:
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Stage.objects.filter(project=project).update(target_degree=7)

    def test_add_a_stage(self, lead_client, project) -> None:
        lead_client.post(
            reverse("projects:stage_create", kwargs={"project_id": project.pk}),
            {"name": "Celebrate", "order": "60", "family_involvement": "taking_part"},
        )
        assert project.stages.last().name == "Celebrate"


class TestPermissions:
    @pytest.mark.parametrize(
        ("role", "can_change"),
        [
            (Role.ADMIN, True),
            (Role.LEAD, True),
            (Role.STAFF, False),
            (Role.PARTNER, False),
            (Role.PEER_SUPPORTER, False),
            (Role.SAFEGUARDING_LEAD, False),
            (Role.DATA_PROTECTION_OFFICER, False),
            (Role.VIEWER, False),
        ],
    )
    def test_view_by_role(self, role, can_change, project, org) -> None:
        client = client_for(make_member(org, f"role-{role}@example.org", role))
        assert client.get(reverse("projects:project_list")).status_code == 200
        assert client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).status_code == 200
        expected = 200 if can_change else 403
        for name in ("project_edit", "project_status", "stakeholder_add", "stage_create"):
            assert client.get(reverse(f"projects:{name}", kwargs={"project_id": project.pk})).status_code == expected
        assert client.get(reverse("projects:project_create")).status_code == expected


class TestListAndQueries:
    def test_filters(self, lead_client, lead, seeded, hub) -> None:
        membership = Membership.objects.get(user=lead)
        a = services.project_create(
            actor=lead, organisation=seeded, title="Alpha project", goal="g", lead=membership, hubs=[hub]
        )
        services.project_create(actor=lead, organisation=seeded, title="Bravo project", goal="g")
        url = reverse("projects:project_list")
        assert "Bravo project" not in lead_client.get(url, {"hub": str(hub.pk)}).content.decode()
        assert "Alpha project" not in lead_client.get(url, {"status": "closed"}).content.decode()
        html = lead_client.get(url, {"lead": str(membership.pk)}).content.decode()
        assert "Alpha" in html and "Bravo project" not in html
        for group in StakeholderGroup.objects.for_organisation(seeded).top_level():
            services.stakeholder_add(actor=lead, project=a, group=group, kind="representative", method="co_production")
        html = lead_client.get(url, {"gap": "on"}).content.decode()
        assert "Beta" in html and "Alpha project" not in html

    def test_list_and_page_query_counts_are_bounded(
        self, lead_client, lead, seeded, hub, django_assert_max_num_queries
    ) -> None:
        groups = list(StakeholderGroup.objects.for_organisation(seeded).top_level())
        partner = Partner.objects.create(organisation=seeded, name="P", kind="charity")
        for i in range(25):
            project = services.project_create(
                actor=lead,
                organisation=seeded,
                title=f"P{i}",
                goal="g",
                hubs=[hub],
                lead=Membership.objects.get(user=lead),
            )
            for group in groups:
                services.stakeholder_add(
                    actor=lead,
                    project=project,
                    group=group,
                    partner=partner,
                    kind="representative",
                    method="co_production",
                )
        with django_assert_max_num_queries(10):
            assert lead_client.get(reverse("projects:project_list")).status_code == 200
        with django_assert_max_num_queries(15):
            assert (
                lead_client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).status_code
                == 200
            )


def test_history_names_fields_the_way_people_do(lead_client, lead, project) -> None:
    services.project_update(actor=lead, project=project, lead=Membership.objects.get(user=lead), budget_total=100)
    html = lead_client.get(reverse("projects:project_history", kwargs={"project_id": project.pk})).content.decode()
    assert "Co-production lead: “–” → “Priya Lead”" in html
    assert "Total budget (£)" in html
    assert "budget_total" not in html


def test_the_same_partner_is_not_added_twice_for_a_group(lead_client, project, seeded) -> None:
    group = StakeholderGroup.objects.for_organisation(seeded).get(key="charities")
    partner = Partner.objects.create(organisation=seeded, name="Home-Start", kind="charity")
    url = reverse("projects:stakeholder_add", kwargs={"project_id": project.pk})
    data = {"group": str(group.pk), "partner": str(partner.pk), "kind": "representative", "method": "co_production"}
    lead_client.post(url, data)
    html = lead_client.post(url, data).content.decode()
    assert "Home-Start is already involved for this group" in html
    assert project.stakeholders.count() == 1
