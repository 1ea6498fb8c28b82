"""The families export: one row per support with its counts and wellbeing change, as CSV or XLSX; never session
notes; families named only for coordinators; formulas made plain text; an audit line for each export."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coproduce.core.models import AuditEvent
from coproduce.peers.models import GoalStatus, NavigationOutcome, SessionKind
from coproduce.peers.services import support as services
from coproduce.peers.tests.support_cast import *  # noqa: F403
from coproduce.peers.tests.support_cast import make_episode, make_supporter
from tests.cast import client_for

EXPORT = reverse("peers:episode_export")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def fill(actor, episode, service) -> None:
    today = timezone.localdate()
    services.session_record(
        actor=actor, episode=episode, held_on=today, kind=SessionKind.ONE_TO_ONE, notes="SECRET-NOTE about rent"
    )
    services.session_record(actor=actor, episode=episode, held_on=today, kind=SessionKind.GROUP)
    goal = services.goal_add(actor=actor, episode=episode, text="Find a playgroup")
    services.goal_update(actor=actor, goal=goal, status=GoalStatus.ACHIEVED)
    services.goal_add(actor=actor, episode=episode, text="Sleep better")
    navigation = services.navigation_add(actor=actor, episode=episode, service=service)
    services.navigation_update(actor=actor, navigation=navigation, outcome=NavigationOutcome.REACHED)
    scores = {"life_satisfaction": 4, "worthwhile": None, "happiness": 5, "anxiety": 8}
    services.wellbeing_record(actor=actor, episode=episode, moment="start", scores=scores)
    services.episode_close(
        actor=actor,
        episode=episode,
        outcomes="We are settled",
        wellbeing={"life_satisfaction": 7, "worthwhile": 6, "happiness": 5, "anxiety": 4},
    )


def test_a_coordinator_exports_every_family_with_names_and_no_notes(
    colleague, episode_a, episode_b, service, other_org
) -> None:
    fill(colleague, episode_a, service)
    make_episode(other_org, make_supporter(other_org, "Southby Sam"), "Southby Family")
    response = client_for(colleague).get(EXPORT, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "Reference",
        "Family",
        "Supporter",
        "Started",
        "Closed",
        "Sessions",
        "Goals achieved",
        "Goals set",
        "Services reached",
        "Wellbeing change (close minus start)",
    ]
    assert len(rows) == 3  # the header and Northby's two families, never Southby's
    by_family = {row[1]: row for row in rows[1:]}
    farah = by_family["Farah"]
    assert farah[0] == str(episode_a.pk)[-8:].upper() and farah[2] == "Asha Peer"
    assert farah[4] == timezone.localdate().isoformat()
    assert farah[5:9] == ["2", "1", "2", "1"]
    # Worthwhile was not answered at the start, happiness did not change.
    assert farah[9] == "Life satisfaction +3; Happiness +0; Anxiety -4"
    assert "Bella Brown" in by_family
    whole = str(rows)
    assert "SECRET-NOTE" not in whole and "We are settled" not in whole and "playgroup" not in whole


def test_a_peer_supporter_exports_only_their_own_families_by_reference(peer_a, episode_a, episode_b) -> None:
    rows = csv_rows(client_for(peer_a).get(EXPORT, {"format": "csv"}))
    assert rows[0][:2] == ["Reference", "Supporter"] and "Family" not in rows[0]
    assert [row[0] for row in rows[1:]] == [str(episode_a.pk)[-8:].upper()]
    whole = str(rows)
    assert "Farah" not in whole and "Bella" not in whole and str(episode_b.pk)[-8:].upper() not in whole


def test_the_xlsx_has_the_same_rows_and_neutralises_formulas(colleague, org, peer_a) -> None:
    supporter = make_supporter(org, "=HYPERLINK(evil)", peer_a)
    make_episode(org, supporter, "Plain Family")
    response = client_for(colleague).get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Reference", "Family", "Supporter"]
    assert rows[1][1] == "Plain Family" and rows[1][2] == "'=HYPERLINK(evil)"


def test_the_open_or_closed_choice_is_kept(colleague, episode_a, episode_b) -> None:
    services.episode_close(actor=colleague, episode=episode_b, outcomes="Done")
    rows = csv_rows(client_for(colleague).get(EXPORT, {"format": "csv", "show": "closed"}))
    assert [row[1] for row in rows[1:]] == ["Bella Brown"]


def test_each_export_has_an_audit_line(colleague, peer_a, episode_a, episode_b) -> None:
    client_for(colleague).get(EXPORT, {"format": "xlsx"})
    csv_rows(client_for(peer_a).get(EXPORT, {"format": "csv"}))
    coordinator, peer = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("id")
    assert coordinator.actor == colleague and coordinator.changes["rows"] == 2
    assert coordinator.changes["family_names"] is True
    assert peer.actor == peer_a and peer.changes == {"format": "csv", "rows": 1, "show": "all", "family_names": False}


def test_an_unknown_format_goes_back_to_the_list(colleague) -> None:
    response = client_for(colleague).get(EXPORT, {"format": "pdf"})
    assert response.status_code == 302 and response["Location"] == reverse("peers:episode_list")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_viewer_may_not_export(viewer) -> None:
    assert client_for(viewer).get(EXPORT, {"format": "csv"}).status_code == 403
