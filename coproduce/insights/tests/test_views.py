"""The insights pages: who may see them, the filters (and another organisation's ids in them), the summary
sentences and the Open Government Licence credit, bounded queries, and the printable summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.engagement.models import Activity
from coproduce.insights.models import Involvement
from coproduce.insights.tests.conftest import came
from coproduce.organisations.models import Hub, Role
from coproduce.projects.models import Project
from coproduce.stakeholders.models import StakeholderGroup
from tests.cast import client_for, make_member

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("insights:overview")
SUMMARY = reverse("insights:summary")
EXPORT = reverse("insights:export", args=["reach", "csv"])

ALLOWED = [Role.ADMIN, Role.LEAD, Role.DATA_PROTECTION_OFFICER, Role.VIEWER]
REFUSED = [Role.STAFF, Role.PARTNER, Role.PEER_SUPPORTER]


@pytest.mark.parametrize("url", [OVERVIEW, SUMMARY, EXPORT])
@pytest.mark.parametrize("role", ALLOWED + REFUSED)
def test_who_may_see_insights(org, role, url) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    response = client.get(url)
    assert response.status_code == (200 if role in ALLOWED else 403)


def test_signed_out_people_are_sent_to_sign_in(client, org) -> None:
    response = client.get(OVERVIEW)
    assert response.status_code == 302


def people_at(activity, count: int, prefix: str, **kwargs) -> None:
    for index in range(count):
        came(activity, name=f"{prefix}{index}", **kwargs)


@pytest.fixture
def two_hubs(org, project):
    north = Hub.objects.create(organisation=org, name="North hub")
    south = Hub.objects.create(organisation=org, name="South hub")
    other_project = Project.objects.create(organisation=org, title="Play spaces", goal="More play")
    families = StakeholderGroup.objects.create(organisation=org, key="families", name="Families")
    at_north = Activity.objects.create(
        organisation=org, project=project, title="North session", kind="workshop", starts_at=timezone.now()
    )
    at_north.hubs.add(north)
    at_south = Activity.objects.create(
        organisation=org, project=other_project, title="South session", kind="workshop", starts_at=timezone.now()
    )
    at_south.hubs.add(south)
    people_at(at_north, 6, "N", groups=[families])
    people_at(at_south, 7, "S")
    # Someone who came 8 months ago at the north hub: in 12 months, not in 6.
    old = Activity.objects.create(
        organisation=org,
        project=project,
        title="Old",
        kind="workshop",
        starts_at=timezone.now() - dt.timedelta(days=240),
    )
    old.hubs.add(north)
    people_at(old, 5, "O")
    return north, south, other_project, families


def figures(client, **query) -> int | None:
    response = client.get(OVERVIEW, query)
    assert response.status_code == 200
    return response.context["report"].reach.people


def test_filters_change_the_figures(org, admin, project, two_hubs) -> None:
    north, south, other_project, families = two_hubs
    client = client_for(admin)
    assert figures(client) == 18
    assert figures(client, hub=north.pk) == 11
    assert figures(client, hub=south.pk) == 7
    assert figures(client, project=other_project.pk) == 7
    assert figures(client, project=project.pk) == 11
    assert figures(client, group=families.pk) == 6
    assert figures(client, period="6m") == 13
    assert figures(client, period="6m", hub=north.pk) == 6


def test_another_organisations_hub_is_not_used(org, other_org, other_hub, admin, two_hubs) -> None:
    came(
        Activity.objects.create(
            organisation=other_org,
            project=Project.objects.create(organisation=other_org, title="Theirs", goal="x"),
            title="Theirs",
            kind="workshop",
            starts_at=timezone.now(),
        ),
        name="Southby person",
    )
    response = client_for(admin).get(OVERVIEW, {"hub": other_hub.pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "govuk-error-summary" in response.content.decode()
    # The figures are Northby's whole organisation, not Southby's hub.
    assert response.context["scope"].hub is None
    assert response.context["report"].reach.people == 18
    assert Involvement.objects.filter(organisation=other_org).count() == 1


def test_an_unknown_period_is_an_error_message_not_a_crash(org, admin) -> None:
    response = client_for(admin).get(OVERVIEW, {"period": "forever"})
    assert response.status_code == 200
    assert "period" in response.context["form"].errors


def test_the_page_shows_the_summary_and_the_ogl_credit(org, area, admin, activity) -> None:
    people_at(activity, 6, "P", answers={"sex": "male"})
    response = client_for(admin).get(OVERVIEW)
    html = response.content.decode()
    sentences = response.context["report"].summary
    assert sentences
    assert "6 people took part in the last 12 months." in sentences[0]
    for sentence in sentences:
        assert sentence in html
    assert "Open Government Licence v3.0" in html


def test_the_printable_summary_renders(org, area, admin, activity) -> None:
    people_at(activity, 6, "P", answers={"sex": "male"})
    response = client_for(admin).get(SUMMARY, {"period": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Whose voices are missing" in html
    assert "6 people took part so far." in html
    assert "Open Government Licence v3.0" in html
    assert response.context["print_layout"] is True


def test_the_overview_makes_the_same_queries_for_10_or_40_people(org, area, admin, activity) -> None:
    client = client_for(admin)
    client.get(OVERVIEW)  # warm up (session, caches)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OVERVIEW).status_code == 200
        return len(queries)

    people_at(activity, 10, "A", answers={"sex": "female", "ethnic_group": "white_british"}, decile=2)
    ten = count()
    people_at(activity, 30, "B", answers={"sex": "male", "ethnic_group": "asian_pakistani"}, decile=9)
    forty = count()
    assert ten == forty
