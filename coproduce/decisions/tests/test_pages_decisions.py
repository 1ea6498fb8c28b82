"""Decision pages: the organisation's and a project's decision log (search, filters, pages, queries), recording and
changing a decision through the form (evidence pickers, who was there, the assumptions prompt, the degree of
participation), one decision with its evidence and promises, and the project page's section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse

from coproduce.contributions.models import Contribution
from coproduce.decisions.models import Decision
from coproduce.decisions.tests.conftest import promise, record
from coproduce.engagement.models import Invitation
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import ProjectStakeholder, Stage
from tests.cast import client_for, make_member

LOG = reverse("decisions:decision_list")


def project_log(project) -> str:
    return reverse("decisions:project_decision_list", kwargs={"project_id": project.pk})


def create_url(project) -> str:
    return reverse("decisions:decision_create", kwargs={"project_id": project.pk})


def detail_url(decision) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def edit_url(decision) -> str:
    return reverse("decisions:decision_edit", kwargs={"decision_id": decision.pk})


def _days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).strftime("%d/%m/%Y")


def form_data(**fields) -> dict:
    return {
        "title": "Move the group to 10:30",
        "what_was_decided": "The feeding group starts at 10:30 from September",
        "decided_on": dt.date.today().strftime("%d/%m/%Y"),
        **fields,
    }


@pytest.fixture
def staff_client(colleague):
    return client_for(colleague)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


class TestLog:
    def test_it_lists_the_organisations_decisions_only(self, staff_client, colleague, project, stranger, other_project):
        record(colleague, project, title="Ours: later start")
        record(stranger, other_project, title="Theirs: a secret")
        html = staff_client.get(LOG).content.decode()
        assert "Ours: later start" in html and "Theirs: a secret" not in html
        assert "1 decision" in html and "Infant feeding" in html

    def test_it_searches_the_title_and_what_was_decided(self, staff_client, colleague, project) -> None:
        record(colleague, project, title="Crèche at the hub", what_was_decided="Open a crèche on Tuesdays")
        record(colleague, project, title="Later start", what_was_decided="Start at 10:30 so parents can do the run")
        html = staff_client.get(LOG, {"q": "school run"}).content.decode()
        assert "Later start" not in html  # "school run" is not in either
        html = staff_client.get(LOG, {"q": "parents can"}).content.decode()
        assert "Later start" in html and "Crèche at the hub" not in html
        html = staff_client.get(LOG, {"q": "crèche"}).content.decode()
        assert "Crèche at the hub" in html and "Later start" not in html

    def test_it_filters_by_degree_project_and_review_due(self, staff_client, colleague, org, project, today) -> None:
        from coproduce.projects.models import Project

        second = Project.objects.create(organisation=org, title="Travel costs", goal="g")
        record(colleague, project, title="Shared one", degree_of_participation=3)
        record(colleague, project, title="Unrecorded one")
        record(
            colleague,
            second,
            title="Review me",
            decided_on=today - dt.timedelta(days=40),
            review_date=today - dt.timedelta(days=1),
        )
        html = staff_client.get(LOG, {"degree": "3"}).content.decode()
        assert "Shared one" in html and "Unrecorded one" not in html and "Review me" not in html
        html = staff_client.get(LOG, {"degree": "none"}).content.decode()
        assert "Unrecorded one" in html and "Shared one" not in html
        html = staff_client.get(LOG, {"project": str(second.pk)}).content.decode()
        assert "Review me" in html and "Shared one" not in html
        html = staff_client.get(LOG, {"review_due": "on"}).content.decode()
        assert "Review me" in html and "Shared one" not in html and "Review due" in html

    def test_it_goes_a_page_at_a_time(self, staff_client, colleague, project, today) -> None:
        for day in range(27):
            record(colleague, project, title=f"Decision number {day:02d}", decided_on=today - dt.timedelta(days=day))
        first = staff_client.get(LOG).content.decode()
        assert "Decision number 00" in first and "Decision number 26" not in first and "27 decisions" in first
        second = staff_client.get(LOG, {"page": "2"}).content.decode()
        assert "Decision number 26" in second and "Decision number 00" not in second

    def test_the_log_query_count_does_not_grow_with_decisions(
        self, staff_client, colleague, org, project, activity, contribution, group, django_assert_max_num_queries
    ) -> None:
        for index in range(30):
            decision = record(
                colleague,
                project,
                title=f"D{index}",
                contributions=[contribution],
                activities=[activity],
                stakeholder_groups_present=[group],
            )
            promise(colleague, org, decisions=[decision])
        with django_assert_max_num_queries(6):
            response = staff_client.get(LOG)
        assert response.status_code == 200
        html = response.content.decode()
        assert "1 contribution" in html and "1 activity" in html and "1 promise" in html

    def test_a_project_log_shows_only_that_project(self, staff_client, colleague, org, project) -> None:
        from coproduce.projects.models import Project

        second = Project.objects.create(organisation=org, title="Travel costs", goal="g")
        record(colleague, project, title="In this project")
        record(colleague, second, title="In the other project")
        html = staff_client.get(project_log(project)).content.decode()
        assert "In this project" in html and "In the other project" not in html
        assert create_url(project) in html
        assert f"project={project.pk}" in html  # the export keeps to the project

    def test_a_project_log_query_count_is_bounded(
        self, staff_client, colleague, project, contribution, django_assert_max_num_queries
    ) -> None:
        for index in range(30):
            record(colleague, project, title=f"D{index}", contributions=[contribution])
        with django_assert_max_num_queries(6):
            assert staff_client.get(project_log(project)).status_code == 200

    def test_another_organisations_project_log_is_404(self, staff_client, other_project) -> None:
        assert staff_client.get(project_log(other_project)).status_code == 404

    def test_a_viewer_sees_the_log_but_no_way_to_record(self, viewer_client, colleague, project) -> None:
        record(colleague, project, title="Visible to viewers")
        html = viewer_client.get(project_log(project)).content.decode()
        assert "Visible to viewers" in html and create_url(project) not in html


class TestRecord:
    def test_the_form_asks_the_assumption_questions_and_explains_the_degrees(self, staff_client, project) -> None:
        html = staff_client.get(create_url(project)).content.decode()
        assert "Whose voices are missing?" in html
        assert "Would we decide the same if the families most affected were in the room?" in html
        assert "Service-initiated, shared decisions with families" in html
        assert "Families start the work and ask services to make decisions with them." in html
        assert "raises the degree the stage has achieved" in html
        assert "Families are named in public only if they agreed to it." in html

    def test_the_people_offered_are_those_involved_in_the_project(
        self, staff_client, org, project, activity, parent, group
    ) -> None:
        Invitation.objects.create(organisation=org, activity=activity, person=parent)
        involved = Person.objects.create(organisation=org, full_name="Ravi Stakeholder")
        ProjectStakeholder.objects.create(
            organisation=org, project=project, group=group, person=involved, kind="lived_experience"
        )
        Person.objects.create(organisation=org, full_name="Unrelated Person")
        html = staff_client.get(create_url(project)).content.decode()
        assert "Zainab Okafor" in html and "Ravi Stakeholder" in html
        assert "Unrelated Person" not in html

    def test_contributions_are_offered_as_a_short_line_and_stories_by_their_content_note(
        self, staff_client, org, project
    ) -> None:
        Contribution.objects.create(
            organisation=org, project=project, kind="idea", gathered="phone", text="Start at 10:30 please"
        )
        Contribution.objects.create(
            organisation=org,
            project=project,
            kind="story",
            gathered="phone",
            text="A private story about loss",
            content_note="Mentions baby loss",
        )
        html = staff_client.get(create_url(project)).content.decode()
        assert "Idea: Start at 10:30 please" in html
        assert "Story (content note: Mentions baby loss)" in html and "A private story" not in html

    def test_recording_links_the_evidence_and_raises_the_stage(
        self, staff_client, colleague, lead, org, project, stage, activity, contribution, group, parent
    ) -> None:
        Invitation.objects.create(organisation=org, activity=activity, person=parent)
        response = staff_client.post(
            create_url(project),
            form_data(
                stage=str(stage.pk),
                degree_of_participation="3",
                contributions=[str(contribution.pk)],
                activities=[str(activity.pk)],
                stakeholder_groups_present=[str(group.pk)],
                members_present=[str(lead.pk)],
                people_present=[str(parent.pk)],
                assumptions_checked="We asked the dads' group too",
            ),
        )
        decision = Decision.objects.get()
        assert response.status_code == 302 and response["Location"] == detail_url(decision)
        assert decision.recorded_by == colleague and decision.degree_of_participation == 3
        assert list(decision.contributions.all()) == [contribution]
        assert list(decision.people_present.all()) == [parent] and list(decision.members_present.all()) == [lead]
        assert Stage.objects.get(pk=stage.pk).achieved_degree == 3

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"title": ""}, "Enter a short title for the decision"),
            ({"what_was_decided": ""}, "Write what was decided"),
            ({"decided_on": "31/2/2026"}, "Enter date of the decision as a real date"),
            ({"decided_on": "1/1/2999"}, "The date of the decision must be today or in the past"),
            (
                {"decided_on": _days_ago(10), "review_date": _days_ago(20)},
                "The review date must be the same as or after the date of the decision",
            ),
            ({"degree_of_participation": "9"}, "Choose one of the five degrees of participation"),
        ],
    )
    def test_problems_show_next_to_their_field(self, staff_client, project, fields, message) -> None:
        response = staff_client.post(create_url(project), form_data(**fields))
        html = response.content.decode()
        assert response.status_code == 200 and message in html
        assert "govuk-error-summary" in html and "<title>Error: " in html
        assert not Decision.objects.exists()

    def test_evidence_from_another_project_cannot_be_linked(self, staff_client, org, project) -> None:
        from coproduce.projects.models import Project

        elsewhere = Project.objects.create(organisation=org, title="Elsewhere", goal="g")
        theirs = Contribution.objects.create(
            organisation=org, project=elsewhere, kind="idea", gathered="phone", text="Not this project"
        )
        html = staff_client.post(create_url(project), form_data(contributions=[str(theirs.pk)])).content.decode()
        assert "Choose from this project&#x27;s contributions" in html
        assert not Decision.objects.exists()

    def test_a_viewer_may_not_record(self, viewer_client, project) -> None:
        assert viewer_client.get(create_url(project)).status_code == 403
        assert viewer_client.post(create_url(project), form_data()).status_code == 403
        assert not Decision.objects.exists()

    def test_another_organisations_project_is_404(self, staff_client, other_project) -> None:
        assert staff_client.get(create_url(other_project)).status_code == 404
        assert staff_client.post(create_url(other_project), form_data()).status_code == 404


class TestEdit:
    def test_the_form_starts_with_the_decision_and_saves_changes(
        self, staff_client, colleague, project, contribution, activity
    ) -> None:
        decision = record(colleague, project, title="First wording", contributions=[contribution])
        html = staff_client.get(edit_url(decision)).content.decode()
        assert 'value="First wording"' in html
        assert f'value="{contribution.pk}" checked' in html
        response = staff_client.post(
            edit_url(decision), form_data(title="Second wording", activities=[str(activity.pk)])
        )
        assert response.status_code == 302
        decision.refresh_from_db()
        assert decision.title == "Second wording"
        assert list(decision.activities.all()) == [activity] and not decision.contributions.exists()

    def test_an_error_keeps_the_decision_unchanged(self, staff_client, colleague, project) -> None:
        decision = record(colleague, project, title="Kept wording")
        html = staff_client.post(edit_url(decision), form_data(title="")).content.decode()
        assert "Enter a short title for the decision" in html
        decision.refresh_from_db()
        assert decision.title == "Kept wording"

    def test_a_viewer_may_not_edit_and_strangers_get_404(
        self, viewer_client, stranger_client, colleague, project
    ) -> None:
        decision = record(colleague, project)
        assert viewer_client.get(edit_url(decision)).status_code == 403
        assert viewer_client.post(edit_url(decision), form_data(title="Changed")).status_code == 403
        assert stranger_client.get(edit_url(decision)).status_code == 404
        assert stranger_client.post(edit_url(decision), form_data(title="Changed")).status_code == 404
        decision.refresh_from_db()
        assert decision.title == "Move the group to 10:30"


class TestDetail:
    def test_it_shows_the_evidence_who_was_there_and_the_promises(
        self, staff_client, colleague, lead, org, project, stage, activity, contribution, group, parent, today
    ) -> None:
        decision = record(
            colleague,
            project,
            stage=stage,
            degree_of_participation=2,
            contributions=[contribution],
            activities=[activity],
            stakeholder_groups_present=[group],
            members_present=[lead],
            people_present=[parent],
            decided_on=today - dt.timedelta(days=10),
            review_date=today,
        )
        promise(colleague, org, owner=lead, decisions=[decision], due_date=today)
        html = staff_client.get(detail_url(decision)).content.decode()
        assert reverse("contributions:contribution_detail", kwargs={"contribution_id": contribution.pk}) in html
        assert reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk}) in html
        assert "Consulted and informed" in html and "Parents and carers" in html and "Priya Lead" in html
        assert "Zainab Okafor" in html
        assert "We will move the group to 10:30" in html and "Planned" in html
        assert "Review due" in html and 'id="review-due"' in html
        assert f"{reverse('decisions:promise_create')}?decision={decision.pk}" in html

    def test_members_who_may_not_see_people_get_a_count(self, viewer_client, colleague, project, parent) -> None:
        decision = record(colleague, project, people_present=[parent])
        html = viewer_client.get(detail_url(decision)).content.decode()
        assert "Zainab" not in html and "1 person" in html
        assert edit_url(decision) not in html

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
    def test_members_who_may_not_see_contributions_get_a_count(self, org, colleague, project, role) -> None:
        said = [
            Contribution.objects.create(organisation=org, project=project, kind="quote", text=f"Private words {n}")
            for n in range(3)
        ]
        decision = record(colleague, project, contributions=said)
        html = client_for(make_member(org, f"{role}@example.org", role)).get(detail_url(decision)).content.decode()
        assert "Private words" not in html and "3 things people said" in html
        assert reverse("contributions:contribution_detail", kwargs={"contribution_id": said[0].pk}) not in html

    @pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF])
    def test_roles_that_see_contributions_get_their_words(self, org, colleague, project, role) -> None:
        said = Contribution.objects.create(organisation=org, project=project, kind="quote", text="Private words")
        decision = record(colleague, project, contributions=[said])
        html = client_for(make_member(org, f"{role}@example.org", role)).get(detail_url(decision)).content.decode()
        assert "Private words" in html and "things people said" not in html

    def test_another_organisations_decision_is_404(self, stranger_client, colleague, project) -> None:
        assert stranger_client.get(detail_url(record(colleague, project))).status_code == 404


class TestProjectSection:
    def test_it_shows_the_latest_three_and_the_ways_to_add(self, staff_client, colleague, project, today) -> None:
        for day in range(4):
            record(colleague, project, title=f"Section decision {day}", decided_on=today - dt.timedelta(days=day))
        html = staff_client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
        section = html[html.index('id="decisions"') :]
        assert "Section decision 0" in section and "Section decision 2" in section
        assert "Section decision 3" not in section
        assert create_url(project) in section
        assert f"{reverse('decisions:promise_create')}?project={project.pk}" in section
        assert project_log(project) in section

    def test_a_viewer_sees_the_section_without_the_buttons(self, viewer_client, colleague, project) -> None:
        record(colleague, project, title="Seen by a viewer")
        html = viewer_client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
        section = html[html.index('id="decisions"') :]
        assert "Seen by a viewer" in section and create_url(project) not in section

    def test_the_section_costs_one_query(self, colleague, project, django_assert_max_num_queries) -> None:
        for index in range(5):
            record(colleague, project, title=f"D{index}")
        template = Template("{% load decisions_tags %}{% project_decisions project as latest %}{{ latest|length }}")
        with django_assert_max_num_queries(1):
            assert template.render(Context({"project": project})) == "3"


def test_a_partner_can_read_the_log_but_not_record(org, colleague, project) -> None:
    partner = client_for(make_member(org, "partner@example.org", Role.PARTNER))
    record(colleague, project, title="Partners see this")
    assert "Partners see this" in partner.get(LOG).content.decode()
    assert partner.get(create_url(project)).status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_every_role_that_reaches_the_contribution_pickers_may_see_contributions(org, role) -> None:
    """The decision and promise forms list what people said: only roles that may see contributions may reach them."""
    member = make_member(org, f"{role}@example.org", role)
    if member.has_perm("decisions.record_decisions", org) or member.has_perm("decisions.record_promises", org):
        assert member.has_perm("contributions.view_contributions", org)
