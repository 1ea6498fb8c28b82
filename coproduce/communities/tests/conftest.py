"""Fixtures of the communities area, on top of the shared cast (tests/cast.py): Northby's lead, a community
("Reaching dads") that the lead facilitates, a Southby member added to it explicitly (`outsider`), and helpers that
go through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.communities import services
from coproduce.communities.models import CommunityOfPractice
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.projects.models import Project
from tests.cast import make_member


def url(name: str, community, **kwargs) -> str:
    return reverse(f"communities:{name}", kwargs={"community_id": community.pk, **kwargs})


def set_up(actor, organisation, name: str = "Reaching dads", **fields) -> CommunityOfPractice:
    values = {
        "goal": "More dads use the hubs",
        "started_on": timezone.localdate() - dt.timedelta(days=10),
        "facilitator": actor,
        **fields,
    }
    return services.community_create(actor=actor, organisation=organisation, name=name, **values)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def community(lead, org) -> CommunityOfPractice:
    return set_up(lead, org)


@pytest.fixture
def outsider(other_org, community, lead):
    """A member of Southby, added explicitly to Northby's community."""
    user = make_member(other_org, "outsider@southby.example.org", Role.STAFF, "Olu Outsider")
    services.member_add(actor=lead, community=community, email=user.email, expertise="Saturday dads' group")
    return user


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Dads' voices", goal="Hear dads")


@pytest.fixture
def activity(org, project) -> Activity:
    return Activity.objects.create(
        organisation=org,
        project=project,
        title="Dads' evening focus group",
        kind="focus_group",
        starts_at=timezone.now() + dt.timedelta(days=7),
    )
