"""The peer support API: episodes and sessions as the pages allow (a peer supporter's own families only), sessions
recorded through the same service (closed support is 422, another supporter's family 404), notes only for the
family's supporter and coordinators, the date filter, and bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership
from coproduce.peers.models import SessionKind, SupportSession
from coproduce.peers.services import support as services
from coproduce.peers.tests.support_cast import *  # noqa: F403
from coproduce.peers.tests.support_cast import make_episode

DAY = dt.timedelta(days=1)


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(client, path: str, user, **query):
    return client.get(f"/api/v1/peer-support{path}", query, **bearer(user))


def post(client, path: str, user, body):
    return client.post(f"/api/v1/peer-support{path}", body, content_type="application/json", **bearer(user))


def session(actor, episode, held_on=None, notes="Brief note") -> SupportSession:
    return services.session_record(
        actor=actor,
        episode=episode,
        held_on=held_on or timezone.localdate(),
        kind=SessionKind.ONE_TO_ONE,
        notes=notes,
    )


class TestEpisodes:
    def test_a_coordinator_lists_every_family(self, client, colleague, episode_a, episode_b) -> None:
        session(colleague, episode_a)
        response = get(client, "/episodes", colleague)
        assert response.status_code == 200
        items = {item["id"]: item for item in response.json()["items"]}
        assert set(items) == {str(episode_a.pk), str(episode_b.pk)}
        farah = items[str(episode_a.pk)]
        assert farah["family_name"] == "Farah" and farah["supporter"] == "Asha Peer"
        assert farah["sessions_count"] == 1 and farah["is_open"] is True

    def test_a_peer_supporter_lists_only_their_own_families(self, client, peer_a, episode_a, episode_b) -> None:
        items = get(client, "/episodes", peer_a).json()["items"]
        assert [item["id"] for item in items] == [str(episode_a.pk)]

    def test_the_status_filter(self, client, colleague, episode_a, episode_b) -> None:
        services.episode_close(actor=colleague, episode=episode_b, outcomes="Done")
        assert [i["id"] for i in get(client, "/episodes", colleague, status="closed").json()["items"]] == [
            str(episode_b.pk)
        ]
        assert [i["id"] for i in get(client, "/episodes", colleague, status="open").json()["items"]] == [
            str(episode_a.pk)
        ]
        assert get(client, "/episodes", colleague, status="maybe").status_code == 422

    def test_one_episode_with_its_goals_services_and_wellbeing(self, client, peer_a, episode_a, service) -> None:
        services.goal_add(actor=peer_a, episode=episode_a, text="Find a playgroup")
        services.navigation_add(actor=peer_a, episode=episode_a, service=service)
        scores = {"life_satisfaction": 5, "worthwhile": None, "happiness": 6, "anxiety": 2}
        services.wellbeing_record(actor=peer_a, episode=episode_a, moment="start", scores=scores)
        response = get(client, f"/episodes/{episode_a.pk}", peer_a)
        assert response.status_code == 200
        body = response.json()
        assert body["match_explanation"] == "Both are dads; both speak Urdu."
        assert [goal["text"] for goal in body["goals"]] == ["Find a playgroup"]
        assert body["navigations"][0]["service"] == "Northby Food Bank"
        assert body["wellbeing"] == [{"moment": "start", **scores}]
        assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=peer_a).exists()

    def test_a_viewer_is_refused(self, client, viewer, episode_a) -> None:
        assert get(client, "/episodes", viewer).status_code == 403

    def test_another_organisations_episode_is_404(self, client, stranger, episode_a) -> None:
        assert get(client, f"/episodes/{episode_a.pk}", stranger).status_code == 404

    def test_the_list_takes_a_fixed_number_of_queries(self, client, org, colleague, supporter_a) -> None:
        def count() -> int:
            headers = bearer(colleague)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/api/v1/peer-support/episodes", **headers).status_code == 200
            return len(queries)

        make_episode(org, supporter_a, "One")
        few = count()
        for n in range(10):
            session(colleague, make_episode(org, supporter_a, f"Family {n}"))
        assert count() == few


class TestSessions:
    def test_a_supporter_records_a_session(self, client, peer_a, episode_a) -> None:
        held_on = (timezone.localdate() - DAY).isoformat()
        response = post(
            client,
            f"/episodes/{episode_a.pk}/sessions",
            peer_a,
            {"held_on": held_on, "kind": "digital", "way": "text", "minutes": 15, "notes": "Texted about the group"},
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["held_on"], body["kind"], body["way"], body["minutes"]) == (held_on, "digital", "text", 15)
        assert body["notes"] == "Texted about the group" and body["recorded_by"] == "Asha Peer"
        assert SupportSession.objects.get().episode == episode_a

    def test_a_session_on_closed_support_is_422(self, client, peer_a, episode_a) -> None:
        services.episode_close(actor=peer_a, episode=episode_a, outcomes="Done")
        body = {"held_on": timezone.localdate().isoformat(), "kind": "group"}
        response = post(client, f"/episodes/{episode_a.pk}/sessions", peer_a, body)
        assert response.status_code == 422 and "closed" in response.json()["detail"]
        assert not SupportSession.objects.exists()

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"held_on": "2999-01-01", "kind": "group"}, "held_on"),
            ({"held_on": "2026-01-01", "kind": "party"}, "kind"),
            ({"kind": "group"}, "held_on"),
        ],
    )
    def test_bad_sessions_are_422_naming_the_field(self, client, peer_a, episode_a, body, field) -> None:
        response = post(client, f"/episodes/{episode_a.pk}/sessions", peer_a, body)
        assert response.status_code == 422 and field in response.json()["detail"]
        assert not SupportSession.objects.exists()

    def test_bad_json_is_422(self, client, peer_a, episode_a) -> None:
        response = post(client, f"/episodes/{episode_a.pk}/sessions", peer_a, "not json")
        assert response.status_code == 422

    def test_an_episodes_sessions(self, client, colleague, episode_a, episode_b) -> None:
        mine = session(colleague, episode_a)
        session(colleague, episode_b)
        items = get(client, f"/episodes/{episode_a.pk}/sessions", colleague).json()["items"]
        assert [item["id"] for item in items] == [str(mine.pk)]

    def test_all_visible_sessions_filtered_by_date(self, client, peer_a, colleague, episode_a, episode_b) -> None:
        today = timezone.localdate()
        old = session(colleague, episode_a, held_on=episode_a.started_on)
        new = session(colleague, episode_a, held_on=today)
        session(colleague, episode_b, held_on=today)
        items = get(client, "/sessions", peer_a).json()["items"]
        assert [item["id"] for item in items] == [str(new.pk), str(old.pk)]
        items = get(client, "/sessions", peer_a, held_from=today.isoformat()).json()["items"]
        assert [item["id"] for item in items] == [str(new.pk)]
        items = get(client, "/sessions", peer_a, held_to=episode_a.started_on.isoformat()).json()["items"]
        assert [item["id"] for item in items] == [str(old.pk)]
        bad = get(client, "/sessions", peer_a, held_from=today.isoformat(), held_to=(today - DAY).isoformat())
        assert bad.status_code == 422

    def test_notes_are_only_for_the_familys_supporter_and_coordinators(
        self, client, rf, org, colleague, peer_a, peer_b, episode_a
    ) -> None:
        recorded = session(colleague, episode_a, notes="Only for Asha and coordinators")
        assert get(client, "/sessions", colleague).json()["items"][0]["notes"] == "Only for Asha and coordinators"
        assert get(client, "/sessions", peer_a).json()["items"][0]["notes"] == "Only for Asha and coordinators"
        assert get(client, "/sessions", peer_b).json()["items"] == []
        # Should another member ever see the session, the notes are still not theirs.
        from coproduce.peers.api_support import SessionOut  # after coproduce.api, which imports it

        request = rf.get("/")
        request.user, request.organisation = peer_b, org
        assert SessionOut.resolve_notes(recorded, {"request": request}) is None
        request.user = peer_a
        assert SessionOut.resolve_notes(recorded, {"request": request}) == "Only for Asha and coordinators"
