"""Peer supporters cannot see other supporters' families (web, API, exports): the test the issue names. Asha (peer
supporter A) supports Farah; Ben (peer supporter B) supports Bella. Everything of Bella's is a 404 to Asha, exactly
like another organisation's record, and never appears in her lists, export or API answers; nothing she sends about
Bella is saved."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.organisations.models import Membership
from coproduce.peers.models import Navigation, SessionKind, SupportGoal, SupportSession, WellbeingScore
from coproduce.peers.services import support as services
from coproduce.peers.tests.support_cast import *  # noqa: F403
from tests.cast import client_for


@pytest.fixture
def bellas(colleague, episode_b, service) -> dict:
    """Bella's support, recorded by a coordinator: a session, a goal and a service."""
    return {
        "episode": episode_b,
        "session": services.session_record(
            actor=colleague,
            episode=episode_b,
            held_on=timezone.localdate(),
            kind=SessionKind.ONE_TO_ONE,
            notes="Bella's private note",
        ),
        "goal": services.goal_add(actor=colleague, episode=episode_b, text="Bella's goal"),
        "navigation": services.navigation_add(actor=colleague, episode=episode_b, service=service),
    }


def _pages(bellas: dict) -> list[tuple[str, dict]]:
    episode_id = bellas["episode"].pk
    return [
        ("episode_detail", {"episode_id": episode_id}),
        ("episode_plan", {"episode_id": episode_id}),
        ("goal_add", {"episode_id": episode_id}),
        ("goal_update", {"episode_id": episode_id, "goal_id": bellas["goal"].pk}),
        ("session_add", {"episode_id": episode_id}),
        ("navigation_add", {"episode_id": episode_id}),
        ("navigation_update", {"episode_id": episode_id, "navigation_id": bellas["navigation"].pk}),
        ("wellbeing_start", {"episode_id": episode_id}),
        ("episode_close", {"episode_id": episode_id}),
    ]


def test_peer_supporter_a_cannot_see_or_change_supporter_bs_family_on_the_web(
    peer_a, episode_a, bellas, service
) -> None:
    client = client_for(peer_a)
    posted = {
        "held_on": timezone.localdate().strftime("%d/%m/%Y"),
        "kind": "group",
        "text": "Asha's goal for Bella",
        "status": "achieved",
        "strengths": "Changed by Asha",
        "service": str(service.pk),
        "outcome": "reached",
        "outcome_on": timezone.localdate().strftime("%d/%m/%Y"),
        "outcomes": "Closed by Asha",
        "life_satisfaction": "5",
        "worthwhile": "5",
        "happiness": "5",
        "anxiety": "5",
    }
    for name, kwargs in _pages(bellas):
        url = reverse(f"peers:{name}", kwargs=kwargs)
        assert client.get(url).status_code == 404, url
        assert client.post(url, posted).status_code == 404, url
    # Her own family's page is there (so the 404s above mean "not yours").
    assert client.get(reverse("peers:episode_detail", kwargs={"episode_id": episode_a.pk})).status_code == 200
    body = client.get(reverse("peers:episode_list")).content.decode()
    assert "Bella" not in body and "Farah" in body
    assert "Bella" not in client.get(reverse("peers:episode_list"), {"show": "closed"}).content.decode()
    # Nothing she sent was saved.
    episode = bellas["episode"]
    episode.refresh_from_db()
    assert episode.is_open and episode.strengths == "" and episode.outcomes == ""
    assert SupportSession.objects.filter(episode=episode).count() == 1
    assert SupportGoal.objects.get(episode=episode).status == "working_on"
    assert list(SupportGoal.objects.filter(episode=episode).values_list("text", flat=True)) == ["Bella's goal"]
    assert Navigation.objects.get(episode=episode).outcome == "planned"
    assert not WellbeingScore.objects.exists()


def test_peer_supporter_a_cannot_raise_a_concern_from_supporter_bs_family(peer_a, bellas) -> None:
    url = f"{reverse('safeguarding:concern_raise')}?support={bellas['episode'].pk}"
    assert client_for(peer_a).get(url).status_code == 404


def test_peer_supporter_a_cannot_export_supporter_bs_family(peer_a, episode_a, bellas) -> None:
    for file_format in ("csv", "xlsx"):
        response = client_for(peer_a).get(reverse("peers:episode_export"), {"format": file_format})
        assert response.status_code == 200
    response = client_for(peer_a).get(reverse("peers:episode_export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    references = [row[0] for row in rows[1:]]
    assert references == [str(episode_a.pk)[-8:].upper()]
    assert str(bellas["episode"].pk)[-8:].upper() not in str(rows) and "Bella" not in str(rows)


def test_peer_supporter_a_cannot_reach_supporter_bs_family_through_the_api(client, peer_a, episode_a, bellas) -> None:
    _token, raw = api_token_create(membership=Membership.objects.get(user=peer_a), name="asha")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    base = "/api/v1/peer-support"
    episode_id = bellas["episode"].pk
    assert client.get(f"{base}/episodes/{episode_id}", **headers).status_code == 404
    assert client.get(f"{base}/episodes/{episode_id}/sessions", **headers).status_code == 404
    response = client.post(
        f"{base}/episodes/{episode_id}/sessions",
        {"held_on": timezone.localdate().isoformat(), "kind": "group", "notes": "Asha's"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert SupportSession.objects.filter(episode_id=episode_id).count() == 1
    episodes = client.get(f"{base}/episodes", **headers).json()["items"]
    assert [item["id"] for item in episodes] == [str(episode_a.pk)]
    sessions = client.get(f"{base}/sessions", **headers).json()["items"]
    assert sessions == []
    assert "Bella" not in client.get(f"{base}/sessions", **headers).content.decode()


def test_supporter_b_still_sees_their_own_family(peer_b, bellas) -> None:
    """The control: the family is there for its own supporter, with the notes."""
    url = reverse("peers:episode_detail", kwargs={"episode_id": bellas["episode"].pk})
    body = client_for(peer_b).get(url).content.decode()
    assert "Bella Brown" in body and "Bella&#x27;s private note" in body


def test_a_supporter_who_has_left_no_longer_sees_their_families(peer_a, supporter_a, episode_a) -> None:
    from coproduce.peers.models import SupporterStatus

    url = reverse("peers:episode_detail", kwargs={"episode_id": episode_a.pk})
    assert client_for(peer_a).get(url).status_code == 200
    supporter_a.status = SupporterStatus.LEFT
    supporter_a.save()
    assert client_for(peer_a).get(url).status_code == 404
