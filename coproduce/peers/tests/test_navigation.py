"""Helping a family reach a local service from the organisation's directory, and recording whether they got there:
another organisation's service, or one no longer running, is refused; every form's error path; nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.peers.models import Navigation, NavigationOutcome, ServiceDirectoryEntry
from coproduce.peers.services import support as services
from coproduce.peers.tests.support_cast import *  # noqa: F403
from tests.cast import client_for

DAY = dt.timedelta(days=1)


def url(name: str, episode, **kwargs) -> str:
    return reverse(f"peers:{name}", kwargs={"episode_id": episode.pk, **kwargs})


class TestAddingAService:
    def test_the_form_offers_the_organisations_running_services(self, org, peer_a, episode_a, service, other_service):
        ServiceDirectoryEntry.objects.create(
            organisation=org, name="Closed Clinic", offers="x", who_for="y", active=False
        )
        body = client_for(peer_a).get(url("navigation_add", episode_a)).content.decode()
        assert "Northby Food Bank" in body
        assert "Southby Food Bank" not in body and "Closed Clinic" not in body

    def test_a_supporter_adds_a_service_with_a_note(self, peer_a, episode_a, service) -> None:
        response = client_for(peer_a).post(
            url("navigation_add", episode_a), {"service": str(service.pk), "note": "Ask for Jo"}
        )
        assert response.status_code == 302
        navigation = Navigation.objects.get()
        assert (navigation.episode, navigation.service, navigation.note) == (episode_a, service, "Ask for Jo")
        assert navigation.outcome == NavigationOutcome.PLANNED
        event = AuditEvent.objects.get(object_type="peers.Navigation")
        assert event.changes["service"] == str(service.pk) and "Jo" not in str(event.changes)

    def test_another_organisations_service_is_refused_on_the_page(self, peer_a, episode_a, other_service) -> None:
        response = client_for(peer_a).post(url("navigation_add", episode_a), {"service": str(other_service.pk)})
        assert response.status_code == 200
        assert "Choose a service from your organisation&#x27;s directory" in response.content.decode()
        assert not Navigation.objects.exists()

    def test_another_organisations_service_is_refused_by_the_service(self, peer_a, episode_a, other_service) -> None:
        with pytest.raises(ValidationError) as error:
            services.navigation_add(actor=peer_a, episode=episode_a, service=other_service)
        assert error.value.message_dict == {"service": ["Choose a service from your organisation's directory"]}
        assert not Navigation.objects.exists()

    def test_a_service_no_longer_running_is_refused(self, peer_a, episode_a, service) -> None:
        service.active = False
        service.save()
        with pytest.raises(ValidationError) as error:
            services.navigation_add(actor=peer_a, episode=episode_a, service=service)
        assert "no longer running" in error.value.message_dict["service"][0]

    def test_the_error_path(self, peer_a, episode_a, service) -> None:
        response = client_for(peer_a).post(url("navigation_add", episode_a), {"service": "", "note": "x" * 301})
        body = response.content.decode()
        assert "There is a problem" in body
        assert "Choose a service from your organisation&#x27;s directory" in body
        assert "The note must be 300 characters or fewer" in body
        assert not Navigation.objects.exists()

    def test_another_supporters_family_is_refused(self, peer_a, episode_b, service) -> None:
        with pytest.raises(ValidationError):
            services.navigation_add(actor=peer_a, episode=episode_b, service=service)
        assert (
            client_for(peer_a).post(url("navigation_add", episode_b), {"service": str(service.pk)}).status_code == 404
        )
        assert not Navigation.objects.exists()


class TestWhetherTheyGotThere:
    @pytest.fixture
    def navigation(self, peer_a, episode_a, service) -> Navigation:
        return services.navigation_add(actor=peer_a, episode=episode_a, service=service)

    def test_the_outcome_and_date_are_saved(self, peer_a, episode_a, navigation) -> None:
        yesterday = timezone.localdate() - DAY
        response = client_for(peer_a).post(
            url("navigation_update", episode_a, navigation_id=navigation.pk),
            {"outcome": "reached", "outcome_on": yesterday.strftime("%d/%m/%Y")},
        )
        assert response.status_code == 302
        navigation.refresh_from_db()
        assert (navigation.outcome, navigation.outcome_on) == (NavigationOutcome.REACHED, yesterday)
        body = client_for(peer_a).get(url("episode_detail", episode_a)).content.decode()
        assert "Got there" in body

    @pytest.mark.parametrize("outcome", ["not_reached", "not_needed"])
    def test_the_other_outcomes(self, peer_a, navigation, outcome) -> None:
        services.navigation_update(actor=peer_a, navigation=navigation, outcome=outcome)
        navigation.refresh_from_db()
        assert navigation.outcome == outcome and navigation.outcome_on == timezone.localdate()

    def test_the_error_path(self, peer_a, episode_a, navigation) -> None:
        target = url("navigation_update", episode_a, navigation_id=navigation.pk)
        response = client_for(peer_a).post(target, {"outcome": "planned", "outcome_on": ""})
        body = response.content.decode()
        assert "Choose whether the family got there" in body and "Enter date" in body
        tomorrow = (timezone.localdate() + DAY).strftime("%d/%m/%Y")
        response = client_for(peer_a).post(target, {"outcome": "reached", "outcome_on": tomorrow})
        assert "The date must be today or in the past" in response.content.decode()
        navigation.refresh_from_db()
        assert navigation.outcome == NavigationOutcome.PLANNED and navigation.outcome_on is None

    def test_a_navigation_of_another_family_is_404(self, colleague, episode_b, navigation) -> None:
        target = url("navigation_update", episode_b, navigation_id=navigation.pk)
        assert client_for(colleague).get(target).status_code == 404
