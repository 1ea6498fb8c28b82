"""The insights API: the same figures as the page (the Report built directly, compared with the JSON for the same
filters), 403 for roles that may not see insights, 422 for a bad filter, token authentication."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from coproduce.accounts.services import api_token_create
from coproduce.api import api  # noqa: F401  (loads the routers first: insights.api alone is a circular import)
from coproduce.engagement.models import Activity
from coproduce.insights import report
from coproduce.insights.api import representation_out
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came
from coproduce.organisations.models import Membership, Role
from coproduce.projects.models import Project
from tests.cast import make_member

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


def plain(value):
    """As JSON would give it back (dates as text, floats as floats)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@pytest.fixture
def people(org, area, activity, project, hub):
    activity.hubs.add(hub)
    for index in range(12):
        came(activity, name=f"W{index}", answers={"ethnic_group": "white_british", "sex": "female"}, decile=1)
    for index in range(6):
        came(activity, name=f"P{index}", answers={"ethnic_group": "asian_pakistani", "sex": "male"}, decile=9)
    for index in range(3):
        came(activity, name=f"A{index}", answers={"ethnic_group": "black_african"})


@pytest.mark.parametrize("query", [{}, {"period": "all"}, {"period": "3m"}, "hub", "project"])
def test_representation_is_the_pages(client, org, viewer, people, project, hub, query) -> None:
    if query == "hub":
        query, scope = {"hub": str(hub.pk)}, Scope(org, hub=hub)
    elif query == "project":
        query, scope = {"project": str(project.pk), "period": "6m"}, Scope(org, project=project, period="6m")
    else:
        scope = Scope(org, **query)
    response = get(client, "/insights/representation", viewer, **query)
    assert response.status_code == 200
    expected = plain(representation_out(report.build(scope)))
    assert response.json() == expected
    ethnic = next(c for c in response.json()["characteristics"] if c["key"] == "ethnic_group")
    rows = {row["category"]: row for row in ethnic["rows"]}
    # 12 + 6 + 3: the 3 is hidden, and so is the 6 (the smallest other), so neither comes back by subtraction.
    assert rows["white_british"]["participants"] == 12
    assert rows["asian_pakistani"]["participants"] is None
    assert rows["black_african"]["participants"] is None and rows["black_african"]["suppressed"] is True


def test_summary_is_the_pages(client, org, admin, people, project) -> None:
    response = get(client, "/insights/summary", admin, period="all")
    assert response.status_code == 200
    body = response.json()
    built = report.build(Scope(org, period="all"))
    assert body["summary"] == built.summary
    assert body["reach"] == {
        "people": built.reach.people,
        "first_time": built.reach.first_time,
        "returning": built.reach.returning,
        "once": built.reach.once,
        "more_than_once": built.reach.more_than_once,
    }
    assert body["reach"]["people"] == 21
    assert body["follow_through"]["promises"] == built.follow.promises.total
    assert body["scope"]["period"] == "all" and body["scope"]["since"] is None
    assert body["area"] == "Hartlepool"


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.PEER_SUPPORTER])
@pytest.mark.parametrize("path", ["/insights/representation", "/insights/summary"])
def test_403_for_roles_that_may_not_see_insights(client, org, role, path) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert get(client, path, user).status_code == 403


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.DATA_PROTECTION_OFFICER, Role.VIEWER])
def test_200_for_roles_that_may(client, org, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert get(client, "/insights/summary", user).status_code == 200


def test_no_token_is_401(client, org) -> None:
    assert client.get("/api/v1/insights/summary").status_code == 401
    assert client.get("/api/v1/insights/summary", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401


def test_bad_filters_are_422(client, org, other_org, viewer, stranger, other_hub) -> None:
    theirs = Project.objects.create(organisation=other_org, title="Theirs", goal="x")
    came(
        Activity.objects.create(organisation=other_org, project=theirs, title="T", kind="workshop"),
        name="Southby person",
    )
    for query in ({"period": "forever"}, {"project": str(theirs.pk)}, {"hub": str(other_hub.pk)}, {"group": "x"}):
        response = get(client, "/insights/representation", viewer, **query)
        assert response.status_code == 422, query
        assert "Southby" not in response.content.decode()
    assert "period" in get(client, "/insights/summary", viewer, period="forever").json()["detail"]


def test_another_organisations_token_sees_only_its_own(client, org, other_org, stranger, people) -> None:
    body = get(client, "/insights/summary", stranger, period="all").json()
    assert body["reach"]["people"] == 0
