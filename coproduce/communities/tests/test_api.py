"""The communities API: the token's organisation's communities plus those its member was added to elsewhere; any
other community is 404; a member from another organisation gets the community's own records, not the host's
activity ids; bounded queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.accounts.services import api_token_create
from coproduce.communities import services
from coproduce.communities.tests.conftest import set_up
from coproduce.organisations.models import Membership, Role
from tests.cast import make_member


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


def test_the_list_gives_own_and_explicit_communities(client, lead, org, community, outsider, other_org):
    set_up(lead, org, name="Early language")
    host = make_member(other_org, "host@southby.example.org", Role.LEAD)
    set_up(host, other_org, name="Southby only")
    own = get(client, "/communities", lead).json()
    assert sorted(item["name"] for item in own["items"]) == ["Early language", "Reaching dads"]
    theirs = get(client, "/communities", outsider).json()
    names = {item["name"]: item for item in theirs["items"]}
    assert set(names) == {"Reaching dads", "Southby only"}
    assert names["Reaching dads"]["host_organisation"] == "Northby Family Hubs"
    assert names["Reaching dads"]["member_count"] == 2


def test_a_member_from_elsewhere_reads_the_community_log_and_resources(
    client, lead, community, outsider, activity, today
):
    services.meeting_link(actor=lead, community=community, activity=activity)
    services.theme_save(actor=lead, community=community, title="Posters", kind="problem")
    services.log_entry_save(
        actor=lead, community=community, happened_on=today, tried="Breakfast", learnt="Works", today=today
    )
    services.resource_add(actor=lead, community=community, title="Guide", url="https://example.org/guide")
    detail = get(client, f"/communities/{community.pk}", outsider)
    assert detail.status_code == 200
    body = detail.json()
    assert body["themes"][0]["title"] == "Posters"
    assert {member["organisation"] for member in body["members"]} == {"Northby Family Hubs", "Southby Family Hubs"}
    assert body["meetings"][0]["title"] == "Dads' evening focus group"
    assert body["meetings"][0]["activity_id"] is None  # the host's record
    assert body["log_entry_count"] == 1 and body["resource_count"] == 1
    log = get(client, f"/communities/{community.pk}/log-entries", outsider).json()
    assert log["items"][0]["tried"] == "Breakfast"
    resources = get(client, f"/communities/{community.pk}/resources", outsider).json()
    assert resources["items"][0]["url"] == "https://example.org/guide"
    host_view = get(client, f"/communities/{community.pk}", lead).json()
    assert host_view["meetings"][0]["activity_id"] == str(activity.pk)


def test_a_stranger_and_a_member_of_another_community_get_404(client, lead, org, community, outsider, stranger):
    other = set_up(lead, org, name="Early language")
    for path in (
        f"/communities/{other.pk}",
        f"/communities/{other.pk}/log-entries",
        f"/communities/{other.pk}/resources",
    ):
        assert get(client, path, outsider).status_code == 404
    assert get(client, f"/communities/{community.pk}", stranger).status_code == 404
    assert get(client, "/communities", stranger).json()["items"] == []


def test_the_list_and_detail_are_bounded(client, lead, org, community, today):
    for n in range(5):
        extra = set_up(lead, org, name=f"Community {n}")
        services.theme_save(actor=lead, community=extra, title="T", kind="problem")
        member = make_member(org, f"m{n}@example.org", Role.STAFF)
        services.member_add(actor=lead, community=community, email=member.email)
        services.log_entry_save(
            actor=member, community=community, happened_on=today - dt.timedelta(days=n), tried="x", learnt="y",
            today=today,
        )  # fmt: skip
    headers = bearer(lead)
    for path, most in (("/communities", 6), (f"/communities/{community.pk}", 10)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1{path}", **headers).status_code == 200
        assert len(queries) <= most, path
