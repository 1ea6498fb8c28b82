"""Fixtures of the decisions area, on top of the shared cast (tests/cast.py): a project with two stages, an
activity, a contribution, a stakeholder group, a family member, a lead, and helpers that go through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.contributions.models import Contribution
from coproduce.decisions import services
from coproduce.decisions.models import Decision, Promise
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import Project, Stage
from coproduce.stakeholders.models import StakeholderGroup
from tests.cast import make_member


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Feeding support that fits")


@pytest.fixture
def stage(org, project) -> Stage:
    return Stage.objects.create(organisation=org, project=project, name="Define", order=20)


@pytest.fixture
def activity(org, project, stage) -> Activity:
    return Activity.objects.create(organisation=org, project=project, stage=stage, title="Workshop", kind="workshop")


@pytest.fixture
def contribution(org, project) -> Contribution:
    return Contribution.objects.create(
        organisation=org, project=project, kind="idea", gathered="phone", text="Start later"
    )


@pytest.fixture
def group(org) -> StakeholderGroup:
    return StakeholderGroup.objects.create(organisation=org, name="Parents and carers")


@pytest.fixture
def parent(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Zainab Okafor")


@pytest.fixture
def other_project(other_org) -> Project:
    return Project.objects.create(organisation=other_org, title="Southby project", goal="g")


def details(**fields) -> services.DecisionDetails:
    return services.DecisionDetails(
        **{
            "title": "Move the group to 10:30",
            "what_was_decided": "The feeding group starts at 10:30 from September",
            "decided_on": timezone.localdate(),
            **fields,
        }
    )


def record(actor, project, **fields) -> Decision:
    return services.decision_record(actor=actor, project=project, details=details(**fields))


def promise(actor, org, owner=None, **fields) -> Promise:
    return services.promise_create(
        actor=actor,
        organisation=org,
        **{"text": "We will move the group to 10:30", "owner": owner or actor, **fields},
    )
