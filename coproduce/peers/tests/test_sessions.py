"""Recording a session with a family: only the family's own supporter (or a coordinator), only while the support is
open, a date not in the future; the page's error path; and the audit line, which never holds the notes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.peers.models import SessionKind, SupportSession
from coproduce.peers.services import support as services
from coproduce.peers.tests.support_cast import *  # noqa: F403
from tests.cast import client_for

DAY = dt.timedelta(days=1)


def record(actor, episode, **fields) -> SupportSession:
    values = {"held_on": timezone.localdate(), "kind": SessionKind.ONE_TO_ONE, **fields}
    return services.session_record(actor=actor, episode=episode, **values)


class TestTheService:
    def test_a_supporter_records_a_session_for_their_own_family(self, peer_a, episode_a) -> None:
        session = record(peer_a, episode_a, way="phone", minutes=40, notes="Talked about school places.")
        assert (session.episode, session.kind, session.way, session.minutes) == (episode_a, "one_to_one", "phone", 40)
        assert session.recorded_by == peer_a and session.organisation_id == episode_a.organisation_id

    def test_it_refuses_a_session_for_a_family_not_assigned_to_the_supporter(self, peer_a, episode_b) -> None:
        with pytest.raises(ValidationError) as error:
            record(peer_a, episode_b, notes="Should not be kept")
        assert error.value.messages == ["You can only record sessions for families you support"]
        assert not SupportSession.objects.exists()
        assert not AuditEvent.objects.filter(object_type="peers.SupportSession").exists()

    def test_a_coordinator_records_a_session_for_any_family(self, colleague, episode_b) -> None:
        assert record(colleague, episode_b).episode == episode_b

    def test_a_viewer_cannot_record_a_session(self, viewer, episode_a) -> None:
        with pytest.raises(ValidationError):
            record(viewer, episode_a)
        assert not SupportSession.objects.exists()

    def test_a_member_of_another_organisation_cannot_record_a_session(self, stranger, episode_a) -> None:
        with pytest.raises(ValidationError):
            record(stranger, episode_a)
        assert not SupportSession.objects.exists()

    def test_it_refuses_a_session_on_closed_support(self, peer_a, episode_a) -> None:
        services.episode_close(actor=peer_a, episode=episode_a, outcomes="We feel settled now.")
        with pytest.raises(ValidationError) as error:
            record(peer_a, episode_a)
        assert "Closed support cannot be changed" in error.value.messages[0]
        assert not SupportSession.objects.exists()

    def test_it_refuses_a_date_in_the_future(self, peer_a, episode_a) -> None:
        with pytest.raises(ValidationError) as error:
            record(peer_a, episode_a, held_on=timezone.localdate() + DAY)
        assert error.value.message_dict == {"held_on": ["The date of the session must be today or in the past"]}

    def test_it_refuses_a_date_before_the_support_started(self, peer_a, episode_a) -> None:
        with pytest.raises(ValidationError) as error:
            record(peer_a, episode_a, held_on=episode_a.started_on - DAY)
        assert "on or after the day the support started" in error.value.message_dict["held_on"][0]

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"kind": "party"}, "kind"),
            ({"way": "pigeon"}, "way"),
            ({"minutes": 0}, "minutes"),
            ({"minutes": 2000}, "minutes"),
        ],
    )
    def test_it_refuses_bad_values(self, peer_a, episode_a, fields, field) -> None:
        with pytest.raises(ValidationError) as error:
            record(peer_a, episode_a, **fields)
        assert list(error.value.message_dict) == [field]
        assert not SupportSession.objects.exists()

    def test_the_audit_line_never_holds_the_notes(self, peer_a, episode_a) -> None:
        session = record(peer_a, episode_a, notes="Mum worried about rent arrears")
        event = AuditEvent.objects.get(object_type="peers.SupportSession", object_id=str(session.pk))
        assert event.action == AuditEvent.Action.CREATE and event.actor == peer_a
        assert "rent" not in str(event.changes) and "rent" not in event.summary
        assert event.changes["notes"] is True


class TestThePage:
    def test_the_form_asks_for_brief_factual_notes(self, peer_a, episode_a) -> None:
        response = client_for(peer_a).get(reverse("peers:session_add", kwargs={"episode_id": episode_a.pk}))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Keep notes brief and factual" in body and "no more than needed" in body
        assert "One to one" in body and "Group" in body and "Digital" in body

    def test_a_supporter_records_a_session(self, peer_a, episode_a) -> None:
        url = reverse("peers:session_add", kwargs={"episode_id": episode_a.pk})
        response = client_for(peer_a).post(
            url,
            {
                "held_on": timezone.localdate().strftime("%d/%m/%Y"),
                "kind": "digital",
                "way": "video",
                "minutes": "30",
                "notes": "Video call.",
            },
        )
        assert response.status_code == 302
        assert response["Location"].endswith(f"/peer-support/families/{episode_a.pk}/#sessions")
        session = SupportSession.objects.get()
        assert (session.kind, session.way, session.minutes, session.notes) == ("digital", "video", 30, "Video call.")

    def test_the_error_path_shows_each_problem_and_saves_nothing(self, peer_a, episode_a) -> None:
        url = reverse("peers:session_add", kwargs={"episode_id": episode_a.pk})
        tomorrow = (timezone.localdate() + DAY).strftime("%d/%m/%Y")
        response = client_for(peer_a).post(url, {"held_on": tomorrow, "minutes": "lots"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "There is a problem" in body
        assert "Choose what kind of session it was" in body
        assert "Enter how long it was as a whole number of minutes, like 45" in body
        assert not SupportSession.objects.exists()
        # The service's rule (a date not in the future) comes back next to its field.
        response = client_for(peer_a).post(url, {"held_on": tomorrow, "kind": "group"})
        assert "The date of the session must be today or in the past" in response.content.decode()
        assert not SupportSession.objects.exists()

    def test_closed_support_takes_no_new_sessions(self, peer_a, episode_a) -> None:
        services.episode_close(actor=peer_a, episode=episode_a, outcomes="Settled.")
        url = reverse("peers:session_add", kwargs={"episode_id": episode_a.pk})
        for response in (
            client_for(peer_a).get(url, follow=True),
            client_for(peer_a).post(url, {"held_on": "1/1/2026", "kind": "group"}, follow=True),
        ):
            body = response.content.decode()
            assert "so new sessions cannot be recorded any more" in body and "Closed support is read only" in body
        assert not SupportSession.objects.exists()

    def test_a_session_for_a_family_not_assigned_to_the_supporter_is_404(self, peer_a, episode_b) -> None:
        url = reverse("peers:session_add", kwargs={"episode_id": episode_b.pk})
        assert client_for(peer_a).get(url).status_code == 404
        assert client_for(peer_a).post(url, {"held_on": "1/1/2026", "kind": "group"}).status_code == 404
        assert not SupportSession.objects.exists()
