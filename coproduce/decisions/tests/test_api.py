"""The decisions and promises API: the same permissions as the pages, another organisation's records are 404, ids
in a body must be the organisation's own (422), the services' rules come back as 422 naming the field, families
present are named only to members who may see people, a status change tells contributors, bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.accounts.services import api_token_create
from coproduce.comms.models import Kind, Message
from coproduce.consent import services as consent_services
from coproduce.consent.models import Purpose
from coproduce.contributions.models import Contribution
from coproduce.decisions.models import Decision, Promise, PromiseUpdate
from coproduce.decisions.tests.conftest import promise, record
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from tests.cast import make_member

DAY = dt.timedelta(days=1)


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


def post(client, path: str, user, body: dict):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **bearer(user))


def patch(client, path: str, user, body: dict):
    return client.patch(f"/api/v1{path}", body, content_type="application/json", **bearer(user))


@pytest.fixture
def decision(colleague, project, parent, contribution, group, activity, stage, today) -> Decision:
    return record(
        colleague,
        project,
        stage=stage,
        degree_of_participation=3,
        review_date=today + 30 * DAY,
        members_present=[colleague],
        people_present=[parent],
        stakeholder_groups_present=[group],
        contributions=[contribution],
        activities=[activity],
    )


@pytest.fixture
def other_decision(stranger, other_project) -> Decision:
    return record(stranger, other_project)


class TestDecisions:
    def test_the_list_gives_decisions_with_their_links(
        self, client, colleague, decision, parent, contribution, group, activity
    ) -> None:
        response = get(client, "/decisions", colleague)
        assert response.status_code == 200
        [item] = response.json()["items"]
        assert item["id"] == str(decision.pk) and item["degree_of_participation"] == 3
        assert item["members_present_ids"] == [str(colleague.pk)]
        assert item["people_present_ids"] == [str(parent.pk)] and item["people_present_count"] == 1
        assert item["stakeholder_group_ids"] == [str(group.pk)]
        assert item["contribution_ids"] == [str(contribution.pk)] and item["activity_ids"] == [str(activity.pk)]
        assert item["recorded_by"] == "Colin Colleague"

    def test_families_present_are_named_only_to_members_who_may_see_people(self, client, viewer, decision) -> None:
        item = get(client, f"/decisions/{decision.pk}", viewer).json()
        assert item["people_present_ids"] == [] and item["people_present_count"] == 1

    def test_the_list_filters_by_project_and_review(self, client, colleague, org, decision, today) -> None:
        from coproduce.projects.models import Project

        elsewhere = Project.objects.create(organisation=org, title="Other", goal="g")
        past = record(colleague, elsewhere, decided_on=today - 10 * DAY, review_date=today - DAY)
        ids = lambda response: [item["id"] for item in response.json()["items"]]  # noqa: E731
        assert ids(get(client, "/decisions", colleague, project=decision.project_id)) == [str(decision.pk)]
        assert ids(get(client, "/decisions", colleague, review_due="true")) == [str(past.pk)]
        assert ids(get(client, "/decisions", colleague, review_due="false")) == [str(decision.pk)]

    def test_another_organisations_decisions_are_404_and_not_listed(
        self, client, stranger, colleague, decision, other_decision
    ) -> None:
        assert get(client, f"/decisions/{decision.pk}", stranger).status_code == 404
        assert [i["id"] for i in get(client, "/decisions", stranger).json()["items"]] == [str(other_decision.pk)]
        assert patch(client, f"/decisions/{other_decision.pk}", colleague, {"title": "Mine"}).status_code == 404
        assert Decision.objects.get(pk=other_decision.pk).title != "Mine"

    def test_staff_record_a_decision(self, client, colleague, project, parent, contribution, today) -> None:
        body = {
            "project_id": str(project.pk),
            "title": "Meet on Saturdays",
            "what_was_decided": "The dads' group meets on Saturday mornings",
            "decided_on": today.isoformat(),
            "degree_of_participation": 5,
            "people_present_ids": [str(parent.pk)],
            "contribution_ids": [str(contribution.pk)],
            "members_present_ids": [str(colleague.pk)],
        }
        response = post(client, "/decisions", colleague, body)
        assert response.status_code == 201, response.content
        made = Decision.objects.get(pk=response.json()["id"])
        assert made.title == "Meet on Saturdays" and made.recorded_by == colleague
        assert list(made.people_present.all()) == [parent] and list(made.contributions.all()) == [contribution]

    def test_the_services_rules_come_back_as_422_naming_the_field(self, client, colleague, project, today) -> None:
        body = {"project_id": str(project.pk), "title": " ", "what_was_decided": "W", "decided_on": today.isoformat()}
        response = post(client, "/decisions", colleague, body)
        assert response.status_code == 422
        assert response.json()["detail"] == "title: Enter a short title for the decision"
        body |= {"title": "T", "decided_on": (today + DAY).isoformat()}
        assert (
            "decided_on: The date of the decision must be today or in the past"
            in (post(client, "/decisions", colleague, body).json()["detail"])
        )
        assert post(client, "/decisions", colleague, {"title": "T"}).status_code == 422  # project_id missing
        assert not Decision.objects.exists()

    def test_ids_from_another_organisation_are_422(
        self, client, colleague, project, other_project, other_org, today
    ) -> None:
        theirs = Contribution.objects.create(
            organisation=other_org, project=other_project, kind="idea", gathered="phone", text="x"
        )
        body = {"project_id": str(project.pk), "title": "T", "what_was_decided": "W", "decided_on": today.isoformat()}
        response = post(client, "/decisions", colleague, body | {"contribution_ids": [str(theirs.pk)]})
        assert response.status_code == 422
        assert response.json()["detail"] == "contribution_ids: choose only your own organisation's records"
        response = post(client, "/decisions", colleague, body | {"project_id": str(other_project.pk)})
        assert response.status_code == 422 and response.json()["detail"].startswith("project_id:")
        assert not Decision.objects.filter(organisation=project.organisation).exists()

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD])
    def test_roles_that_do_not_record_decisions_get_403(self, client, org, project, decision, role, today) -> None:
        user = make_member(org, f"{role}@example.org", role)
        assert get(client, "/decisions", user).status_code == 200  # every member reads
        body = {"project_id": str(project.pk), "title": "T", "what_was_decided": "W", "decided_on": today.isoformat()}
        assert post(client, "/decisions", user, body).status_code == 403
        assert patch(client, f"/decisions/{decision.pk}", user, {"title": "T"}).status_code == 403

    def test_a_change_keeps_what_was_not_sent(self, client, colleague, decision, parent, today) -> None:
        response = patch(client, f"/decisions/{decision.pk}", colleague, {"title": "Move to 10:45", "activity_ids": []})
        assert response.status_code == 200, response.content
        decision.refresh_from_db()
        assert decision.title == "Move to 10:45" and decision.degree_of_participation == 3
        assert list(decision.people_present.all()) == [parent] and not decision.activities.exists()
        response = patch(client, f"/decisions/{decision.pk}", colleague, {"review_date": (today - DAY).isoformat()})
        assert response.status_code == 422 and response.json()["detail"].startswith("review_date:")


class TestPromises:
    def test_the_list_filters_by_status_and_overdue(self, client, colleague, org, project, today) -> None:
        soon = promise(colleague, org, text="We will open later", due_date=today + DAY, project=project)
        late = promise(colleague, org, text="We will add a ramp", due_date=today + DAY)
        Promise.objects.filter(pk=late.pk).update(due_date=today - DAY)
        kept = promise(colleague, org, text="We will buy toys")
        Promise.objects.filter(pk=kept.pk).update(status="kept", kept_on=today)
        ids = lambda response: {item["id"] for item in response.json()["items"]}  # noqa: E731
        assert ids(get(client, "/promises", colleague)) == {str(soon.pk), str(late.pk), str(kept.pk)}
        assert ids(get(client, "/promises", colleague, status="kept")) == {str(kept.pk)}
        assert ids(get(client, "/promises", colleague, overdue="true")) == {str(late.pk)}
        assert ids(get(client, "/promises", colleague, overdue="false")) == {str(soon.pk), str(kept.pk)}
        assert ids(get(client, "/promises", colleague, project=project.pk)) == {str(soon.pk)}
        assert ids(get(client, "/promises", colleague, owner=colleague.pk)) == {
            str(soon.pk),
            str(late.pk),
            str(kept.pk),
        }
        by_id = {item["id"]: item for item in get(client, "/promises", colleague).json()["items"]}
        assert by_id[str(late.pk)]["is_overdue"] is True and by_id[str(soon.pk)]["is_overdue"] is False
        response = get(client, "/promises", colleague, status="broken")
        assert response.status_code == 422 and response.json()["detail"].startswith("status: one of planned")

    def test_one_promise_with_its_history(self, client, colleague, org, contribution) -> None:
        made = promise(colleague, org, contributions=[contribution])
        post(client, f"/promises/{made.pk}/status", colleague, {"to_status": "in_progress"})
        body = get(client, f"/promises/{made.pk}", colleague).json()
        assert body["status"] == "in_progress" and body["contribution_ids"] == [str(contribution.pk)]
        assert [(u["from_status"], u["to_status"]) for u in body["updates"]] == [("planned", "in_progress")]
        assert body["updates"][0]["changed_by"] == "Colin Colleague"

    def test_staff_make_a_promise_owned_by_them_or_another_member(
        self, client, colleague, lead, org, decision, today
    ) -> None:
        response = post(
            client, "/promises", colleague, {"text": "We will move the group", "decision_ids": [str(decision.pk)]}
        )
        assert response.status_code == 201, response.content
        assert response.json()["owner_id"] == str(colleague.pk) and response.json()["status"] == "planned"
        response = post(
            client, "/promises", colleague,
            {"text": "We will add a ramp", "owner_id": str(lead.pk), "due_date": (today + DAY).isoformat()},
        )  # fmt: skip
        assert response.status_code == 201 and Promise.objects.get(pk=response.json()["id"]).owner == lead

    def test_bad_promises_are_422(self, client, colleague, stranger, org, other_decision, today) -> None:
        response = post(client, "/promises", colleague, {"text": "We will", "due_date": (today - DAY).isoformat()})
        assert response.status_code == 422
        assert response.json()["detail"] == "due_date: The due date must be today or in the future"
        response = post(client, "/promises", colleague, {"text": "We will", "owner_id": str(stranger.pk)})
        assert response.status_code == 422 and response.json()["detail"].startswith("owner_id:")
        response = post(client, "/promises", colleague, {"text": "We will", "decision_ids": [str(other_decision.pk)]})
        assert response.status_code == 422 and response.json()["detail"].startswith("decision_ids:")
        assert not Promise.objects.filter(organisation=org).exists()

    def test_kept_tells_the_contributors(self, client, colleague, admin, org, project) -> None:
        person = Person.objects.create(
            organisation=org, full_name="Zainab", email="z@example.org", contact_by_email=True
        )
        consent_services.consent_give(person=person, purpose=Purpose.CONTACT, method="online", actor=admin)
        said = Contribution.objects.create(
            organisation=org, project=project, person=person, kind="idea", gathered="phone", text="Later please"
        )
        made = promise(colleague, org, contributions=[said])
        response = post(client, f"/promises/{made.pk}/status", colleague, {"to_status": "kept"})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "kept" and response.json()["kept_on"] is not None
        assert Message.objects.get(kind=Kind.PROMISE_UPDATE).person == person

    def test_a_status_change_without_the_explanation_families_need_is_422(self, client, colleague, org) -> None:
        made = promise(colleague, org)
        response = post(client, f"/promises/{made.pk}/status", colleague, {"to_status": "not_possible"})
        assert response.status_code == 422
        assert response.json()["detail"].startswith("explanation: Explain to families why this promise cannot be kept")
        response = post(client, f"/promises/{made.pk}/status", colleague, {})
        assert response.status_code == 422 and response.json()["detail"] == "to_status: Field required"
        assert not PromiseUpdate.objects.exists()

    def test_the_owner_may_report_on_their_own_promise_but_not_others(self, client, colleague, org) -> None:
        partner = make_member(org, "partner@example.org", Role.PARTNER)
        theirs = promise(colleague, org, owner=partner)
        someone_elses = promise(colleague, org)
        assert post(client, f"/promises/{theirs.pk}/status", partner, {"to_status": "in_progress"}).status_code == 200
        response = post(client, f"/promises/{someone_elses.pk}/status", partner, {"to_status": "in_progress"})
        assert response.status_code == 403
        assert post(client, "/promises", partner, {"text": "We will"}).status_code == 403

    def test_another_organisations_promises_are_404(self, client, colleague, stranger, org) -> None:
        made = promise(colleague, org)
        assert get(client, f"/promises/{made.pk}", stranger).status_code == 404
        assert post(client, f"/promises/{made.pk}/status", stranger, {"to_status": "kept"}).status_code == 404
        empty = client.post(f"/api/v1/promises/{made.pk}/status", **bearer(stranger))
        assert empty.status_code == 404  # the promise is looked up before the body is read
        assert get(client, "/promises", stranger).json()["count"] == 0
        assert Promise.objects.get(pk=made.pk).status == "planned"


class TestQueries:
    def test_the_lists_take_the_same_queries_for_many_rows(self, client, colleague, org, project, parent) -> None:
        def make(count: int) -> None:
            for number in range(count):
                said = Contribution.objects.create(
                    organisation=org, project=project, kind="idea", gathered="phone", text=f"{number}"
                )
                decision = record(colleague, project, people_present=[parent], contributions=[said])
                promise(colleague, org, decisions=[decision], contributions=[said])

        auth = bearer(colleague)
        make(2)
        paths = ("/api/v1/decisions", "/api/v1/promises")
        client.get(paths[0], **auth)  # the token's first use is written down once
        few = {}
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path, **auth).json()["count"] == 2
            few[path] = len(queries)
        make(15)
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path, **auth).json()["count"] == 17
            assert len(queries) == few[path], path
