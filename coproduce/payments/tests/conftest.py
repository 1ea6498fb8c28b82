"""Shared set-up for the payments tests: a project with a past activity, two people who came, the policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from coproduce.engagement.models import Activity, Attendance
from coproduce.organisations.models import Role
from coproduce.payments.models import PaymentLine, PaymentPolicy
from coproduce.payments.services import default_policy_fields
from coproduce.people.models import Person
from coproduce.projects.models import Project
from tests.cast import make_member


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Lola Lead")


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(
        organisation=org, title="Infant feeding", goal="Better support", budget_involvement=Decimal("500.00")
    )


@pytest.fixture
def activity(org, project) -> Activity:
    starts = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=3)
    return Activity.objects.create(
        organisation=org,
        project=project,
        title="Feeding workshop",
        kind="workshop",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        join_in_person=True,
    )


@pytest.fixture
def policy(org) -> PaymentPolicy:
    return PaymentPolicy.objects.create(organisation=org, **{**default_policy_fields(), "rate_pence": 1500})


@pytest.fixture
def aisha(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Aisha Begum", preferred_name="Aisha")


@pytest.fixture
def ben(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Ben Carter")


@pytest.fixture
def came(org, activity, aisha, ben) -> list[Attendance]:
    return [
        Attendance.objects.create(
            organisation=org, activity=activity, person=person, attended=True, hours=Decimal("2.00")
        )
        for person in (aisha, ben)
    ]


def make_line(activity: Activity, person: Person, **fields) -> PaymentLine:
    values = {
        "organisation": activity.organisation,
        "person": person,
        "activity": activity,
        "project": activity.project,
        "kind": PaymentLine.Kind.HONORARIUM,
        "amount_pence": 3000,
        **fields,
    }
    return PaymentLine.objects.create(**values)
