"""Recording and changing decisions: who was there and the evidence must be the organisation's own, the stage the
project's; the audit line names fields and counts only; a recorded degree of participation raises the stage's
achieved degree but never lowers it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.contributions.models import Contribution
from coproduce.core.models import AuditEvent
from coproduce.decisions import services
from coproduce.decisions.forms import DecisionForm
from coproduce.decisions.models import Decision
from coproduce.decisions.tests.conftest import details, record
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import Stage
from coproduce.stakeholders.models import StakeholderGroup
from tests.cast import make_member


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_staff_record_a_decision_with_who_was_there_and_its_evidence(
    colleague, lead, project, stage, activity, contribution, group, parent
) -> None:
    decision = record(
        colleague,
        project,
        stage=stage,
        decided_by="Feeding group: 6 parents and the hub manager",
        options_considered="10:00, 10:30 or the afternoon",
        assumptions_checked="We assumed parents could not come early; we asked.",
        degree_of_participation=3,
        review_date=timezone.localdate() + dt.timedelta(days=90),
        members_present=[colleague, lead],
        people_present=[parent],
        stakeholder_groups_present=[group],
        contributions=[contribution],
        activities=[activity],
    )
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.organisation == project.organisation and decision.recorded_by == colleague
    assert set(decision.members_present.all()) == {colleague, lead}
    assert list(decision.people_present.all()) == [parent]
    assert list(decision.stakeholder_groups_present.all()) == [group]
    assert list(contribution.decisions.all()) == [decision] and list(activity.decisions.all()) == [decision]

    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="decisions.Decision")
    assert event.actor == colleague and event.object_id == str(decision.pk)
    assert event.changes["people_present"] == 1 and event.changes["members_present"] == 2
    assert "decided_by" in event.changes["fields"]
    text = f"{event.summary} {event.object_label} {event.changes}"
    for secret in ("Zainab", "Okafor", "6 parents", "Start later"):
        assert secret not in text


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("people_present", lambda other_org: [Person.objects.create(organisation=other_org, full_name="Theirs")]),
        (
            "stakeholder_groups_present",
            lambda other_org: [StakeholderGroup.objects.create(organisation=other_org, name="G")],
        ),
        ("members_present", lambda other_org: [make_member(other_org, "theirs@example.org", Role.STAFF)]),
    ],
)
def test_it_refuses_people_and_groups_of_another_organisation(colleague, project, other_org, field, make) -> None:
    with pytest.raises(ValidationError) as caught:
        record(colleague, project, **{field: make(other_org)})
    assert field in messages(caught.value)
    assert not Decision.objects.exists()


def test_it_refuses_evidence_and_stages_of_others(colleague, project, other_project, other_org) -> None:
    theirs_contribution = Contribution.objects.create(
        organisation=other_org, project=other_project, kind="idea", gathered="phone"
    )
    theirs_activity = Activity.objects.create(organisation=other_org, project=other_project, title="A", kind="workshop")
    another_project = type(project).objects.create(organisation=project.organisation, title="Another", goal="g")
    another_stage = Stage.objects.create(organisation=project.organisation, project=another_project, name="X")
    with pytest.raises(ValidationError) as caught:
        record(
            colleague,
            project,
            contributions=[theirs_contribution],
            activities=[theirs_activity],
            stage=another_stage,
        )
    assert {"contributions", "activities", "stage"} <= set(messages(caught.value))


def test_a_user_who_is_not_a_member_cannot_be_listed_as_present(colleague, project) -> None:
    from coproduce.accounts.models import User

    nobody = User.objects.create_user("nobody@example.org", "x-password-123")
    with pytest.raises(ValidationError) as caught:
        record(colleague, project, members_present=[nobody])
    assert messages(caught.value)["members_present"] == ["Choose staff who are members of your organisation"]


def test_what_was_decided_when_and_the_dates_are_checked(colleague, project) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        record(colleague, project, title=" ", what_was_decided="", decided_on=today + dt.timedelta(days=1))
    assert set(messages(caught.value)) == {"title", "what_was_decided", "decided_on"}
    with pytest.raises(ValidationError) as caught:
        record(colleague, project, review_date=today - dt.timedelta(days=1), degree_of_participation=6)
    assert set(messages(caught.value)) == {"review_date", "degree_of_participation"}


def test_an_erased_person_cannot_be_added_but_stays_where_they_were(colleague, project, parent) -> None:
    decision = record(colleague, project, people_present=[parent])
    parent.erased_at = timezone.now()
    parent.save()
    others = Person.objects.create(organisation=project.organisation, full_name="Erased", erased_at=timezone.now())
    with pytest.raises(ValidationError):
        record(colleague, project, people_present=[others])
    services.decision_update(
        actor=colleague, decision=decision, details=details(title="Renamed", people_present=[parent])
    )
    assert list(Decision.objects.get(pk=decision.pk).people_present.all()) == [parent]


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER, Role.PEER_SUPPORTER, Role.DATA_PROTECTION_OFFICER])
def test_roles_that_do_not_run_co_production_cannot_record_decisions(org, project, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert user.has_perm("decisions.view_decisions", project)
    with pytest.raises(ValidationError):
        record(user, project)
    assert not Decision.objects.exists()


def test_a_stranger_cannot_record_a_decision_for_another_organisation(stranger, project) -> None:
    with pytest.raises(ValidationError):
        record(stranger, project)


class TestStageDegree:
    def test_a_decision_raises_the_stages_achieved_degree(self, colleague, project, stage) -> None:
        record(colleague, project, stage=stage, degree_of_participation=2)
        stage.refresh_from_db()
        assert stage.achieved_degree == 2
        record(colleague, project, stage=stage, degree_of_participation=4)
        stage.refresh_from_db()
        assert stage.achieved_degree == 4
        event = AuditEvent.objects.filter(object_type="decisions.Decision").first()
        assert event.changes["stage_achieved_degree"] == ["2", "4"] and "Define stage" in event.summary

    def test_a_lower_degree_never_lowers_it(self, colleague, project, stage) -> None:
        stage.achieved_degree = 5
        stage.save()
        decision = record(colleague, project, stage=stage, degree_of_participation=3)
        stage.refresh_from_db()
        assert stage.achieved_degree == 5
        assert "stage_achieved_degree" not in AuditEvent.objects.get(object_id=str(decision.pk)).changes

    def test_changing_a_decision_can_raise_it_too(self, colleague, project, stage) -> None:
        decision = record(colleague, project)
        services.decision_update(
            actor=colleague, decision=decision, details=details(stage=stage, degree_of_participation=3)
        )
        stage.refresh_from_db()
        assert stage.achieved_degree == 3
        event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(decision.pk))
        assert event.changes == {"fields": ["degree_of_participation", "stage"], "stage_achieved_degree": ["", "3"]}

    def test_the_highest_degree_by_stage(self, colleague, project, stage, org) -> None:
        second = Stage.objects.create(organisation=org, project=project, name="Design", order=30)
        record(colleague, project, stage=stage, degree_of_participation=2)
        record(colleague, project, stage=stage, degree_of_participation=4)
        record(colleague, project, stage=second, degree_of_participation=1)
        record(colleague, project, degree_of_participation=5)  # no stage: not counted
        assert Decision.objects.for_organisation(org).highest_degree_by_stage() == {stage.pk: 4, second.pk: 1}


def test_an_update_with_nothing_changed_writes_no_audit_line(colleague, project, parent) -> None:
    decision = record(colleague, project, people_present=[parent])
    services.decision_update(actor=colleague, decision=decision, details=details(people_present=[parent]))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_an_update_names_changed_links_only(colleague, project, parent, group) -> None:
    decision = record(colleague, project, people_present=[parent])
    services.decision_update(actor=colleague, decision=decision, details=details(stakeholder_groups_present=[group]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert event.changes == {"fields": ["people_present", "stakeholder_groups_present"]}


def test_the_database_refuses_a_degree_out_of_range_and_a_review_before_the_decision(org, project) -> None:
    today = timezone.localdate()
    base = {"organisation": org, "project": project, "title": "T", "what_was_decided": "W", "decided_on": today}
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(**base, degree_of_participation=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(**base, review_date=today - dt.timedelta(days=1))


def test_decisions_due_for_review(colleague, project, org) -> None:
    today = timezone.localdate()
    due = record(colleague, project, decided_on=today - dt.timedelta(days=10), review_date=today)
    record(colleague, project, review_date=today + dt.timedelta(days=1))
    record(colleague, project)
    assert list(Decision.objects.for_organisation(org).due_for_review(today)) == [due]


def test_the_form_dates_each_activity_in_uk_time(project, activity) -> None:
    # 00:10 on 2 July in British Summer Time is still 1 July in UTC.
    activity.starts_at = dt.datetime(2025, 7, 1, 23, 10, tzinfo=dt.UTC)
    form = DecisionForm(project=project, activities=[activity])
    assert form.fields["activities"].option_hints == {str(activity.pk): "02/07/2025"}
