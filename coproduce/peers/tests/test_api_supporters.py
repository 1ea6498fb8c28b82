"""The peer supporters API (coordinators only; a peer supporter, partner or viewer gets 403): whether each supporter
can be matched and why not, their checks' status without references, paginated, audited reads, another
organisation's supporter is 404, a flat number of queries; and the services directory for every member."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.accounts.services import api_token_create
from coproduce.analysis.matching import date_words
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership
from coproduce.peers.models import SupporterCheck
from coproduce.peers.services import supporters as services
from coproduce.peers.tests.supporters_cast import *  # noqa: F403
from coproduce.peers.tests.supporters_cast import DAY, all_checks, give_family, make_supporter


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


class TestSupporters:
    def test_a_coordinator_lists_supporters_with_their_standing(self, client, colleague, org, ready, today) -> None:
        services.check_add(
            actor=colleague,
            supporter=ready,
            kind="dbs",
            issued_on=today,
            expires_on=today + 20 * DAY,
            reference="001234567890",
        )
        unchecked = make_supporter(colleague, org, "Zed Unchecked")
        give_family(org, unchecked)
        response = get(client, "/peer-supporters", colleague)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        by_name = {item["name"]: item for item in body["items"]}
        sam, zed = by_name["Sam Supporter"], by_name["Zed Unchecked"]
        assert sam["can_be_matched"] is True and sam["reasons"] == []
        assert sam["expiring_soon"] == [f"Their DBS check expires on {date_words(today + 20 * DAY)}, in 20 days."]
        statuses = sorted((check["kind"], check["status"]) for check in sam["checks"])
        assert ("dbs", "expiring_soon") in statuses and ("dbs", "replaced") in statuses
        assert "001234567890" not in response.content.decode()
        assert zed["can_be_matched"] is False
        assert "There is no DBS (Disclosure and Barring Service) check on record." in zed["reasons"]
        assert zed["current_families"] == 1 and zed["capacity"] == 3

    def test_an_expired_check_makes_it_false_with_the_reason(self, client, colleague, ready, today) -> None:
        SupporterCheck.objects.filter(supporter=ready, kind="peer_training").update(
            issued_on=today - 400 * DAY, expires_on=today - 3 * DAY
        )
        item = get(client, f"/peer-supporters/{ready.pk}", colleague).json()
        assert item["can_be_matched"] is False
        assert item["reasons"] == [f"Their peer support training expired on {date_words(today - 3 * DAY)}."]
        assert {"kind": "peer_training", "status": "expired"}.items() <= next(
            check for check in item["checks"] if check["kind"] == "peer_training"
        ).items()

    def test_filters_and_bad_filters(self, client, colleague, org, hub, supporter) -> None:
        make_supporter(colleague, org, "Hubbed Helper", hubs=[hub], status="paused")
        assert get(client, "/peer-supporters", colleague, status="paused").json()["count"] == 1
        assert get(client, "/peer-supporters", colleague, hub=str(hub.pk)).json()["items"][0]["name"] == (
            "Hubbed Helper"
        )
        assert get(client, "/peer-supporters", colleague, status="asleep").status_code == 422

    @pytest.mark.parametrize("who", ["peer_user", "partner_user", "viewer"])
    def test_others_get_403(self, request, client, who, supporter) -> None:
        user = request.getfixturevalue(who)
        assert get(client, "/peer-supporters", user).status_code == 403
        assert get(client, f"/peer-supporters/{supporter.pk}", user).status_code == 403
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=user).exists()

    def test_another_organisations_supporter_is_404(self, client, stranger, supporter) -> None:
        assert get(client, f"/peer-supporters/{supporter.pk}", stranger).status_code == 404
        assert get(client, "/peer-supporters", stranger).json()["count"] == 0

    def test_reads_are_audited(self, client, colleague, supporter) -> None:
        get(client, "/peer-supporters", colleague)
        get(client, f"/peer-supporters/{supporter.pk}", colleague)
        views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=colleague)
        assert views.filter(object_id="", summary__contains="(API)").count() == 1
        assert views.filter(object_id=str(supporter.pk), summary__contains="(API)").count() == 1

    def test_the_number_of_queries_does_not_grow(
        self, client, colleague, org, hub, django_assert_max_num_queries
    ) -> None:
        headers = bearer(colleague)
        for number in range(2):
            all_checks(colleague, make_supporter(colleague, org, f"Supporter {number}", hubs=[hub]))
        client.get("/api/v1/peer-supporters", **headers)
        with CaptureQueriesContext(connection) as few:
            client.get("/api/v1/peer-supporters", **headers)
        for number in range(2, 12):
            all_checks(colleague, make_supporter(colleague, org, f"Supporter {number}", hubs=[hub]))
        with django_assert_max_num_queries(len(few.captured_queries)):
            body = client.get("/api/v1/peer-supporters", **headers).json()
        assert body["count"] == 12 and all(item["can_be_matched"] for item in body["items"])


class TestServices:
    @pytest.mark.parametrize("who", ["viewer", "peer_user", "partner_user", "colleague"])
    def test_every_member_reads_the_directory(self, request, client, colleague, org, who) -> None:
        services.directory_entry_create(
            actor=colleague, organisation=org, name="Food Bank", offers="Food", who_for="Anyone", phone="0300 1"
        )
        services.directory_entry_create(
            actor=colleague, organisation=org, name="Old Club", offers="Games", who_for="Teens", active=False
        )
        body = get(client, "/services", request.getfixturevalue(who)).json()
        assert [item["name"] for item in body["items"]] == ["Food Bank"]
        assert body["items"][0]["phone"] == "0300 1"

    def test_search_and_stopped_services(self, client, colleague, org) -> None:
        services.directory_entry_create(
            actor=colleague, organisation=org, name="Food Bank", offers="Food", who_for="Anyone"
        )
        services.directory_entry_create(
            actor=colleague, organisation=org, name="Old Club", offers="Games", who_for="Teens", active=False
        )
        assert get(client, "/services", colleague, q="teens").json()["count"] == 0
        assert get(client, "/services", colleague, q="teens", include_stopped="true").json()["count"] == 1

    def test_another_organisations_directory_is_not_shown(self, client, colleague, org, stranger) -> None:
        services.directory_entry_create(actor=colleague, organisation=org, name="Ours", offers="x", who_for="y")
        assert get(client, "/services", stranger).json()["count"] == 0
