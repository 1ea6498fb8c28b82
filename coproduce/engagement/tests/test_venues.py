"""Venues: adding one with its access facilities, changing and archiving it, bad input, who may do what, and
another organisation's venues."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, Venue
from coproduce.organisations.models import Hub, Role
from coproduce.projects.models import Project
from tests.cast import client_for, make_member

LIST = reverse("engagement:venue_list")
CREATE = reverse("engagement:venue_create")


def url(name: str, venue: Venue) -> str:
    return reverse(f"engagement:{name}", kwargs={"venue_id": venue.pk})


@pytest.fixture
def venue(org) -> Venue:
    return Venue.objects.create(organisation=org, name="Riverside Library", postcode="NB2 3RL", baby_change=True)


@pytest.fixture
def theirs(other_org) -> Venue:
    return Venue.objects.create(organisation=other_org, name="Southby Hall")


class TestAdding:
    def test_staff_add_a_venue_with_its_facilities(self, colleague, hub) -> None:
        response = client_for(colleague).post(
            CREATE,
            {
                "name": " Eastfield Family Hub ",
                "address": "Foundry Lane\nNorthby",
                "postcode": "NB4 6QD",
                "hub": str(hub.pk),
                "facilities": ["step_free", "creche", "hearing_loop"],
                "how_to_get_there": "Bus 12",
            },
        )
        venue = Venue.objects.get()
        assert response.status_code == 302 and response["Location"] == url("venue_detail", venue)
        assert venue.name == "Eastfield Family Hub" and venue.hub == hub
        assert venue.step_free and venue.creche and venue.hearing_loop and not venue.parking
        line = AuditEvent.objects.get(object_id=str(venue.pk))
        assert line.action == "create" and "creche" in line.changes["fields"]
        page = client_for(colleague).get(url("venue_detail", venue)).content.decode()
        assert "Crèche" in page and "Bus 12" in page

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": ""}, "Enter the name of the venue"),
            ({"name": "riverside library"}, "There is already a venue called riverside library"),
        ],
    )
    def test_bad_input_is_explained_and_nothing_is_saved(self, colleague, venue, data, message) -> None:
        response = client_for(colleague).post(CREATE, data)
        assert response.status_code == 200 and message in response.content.decode()
        assert Venue.objects.count() == 1

    def test_another_organisations_hub_is_refused(self, colleague, other_org) -> None:
        their_hub = Hub.objects.create(organisation=other_org, name="Southby hub")
        page = client_for(colleague).post(CREATE, {"name": "Hall", "hub": str(their_hub.pk)}).content.decode()
        assert "Choose one of your own organisation&#x27;s hubs" in page and not Venue.objects.exists()


class TestChangingAndArchiving:
    def test_changing_the_facilities(self, colleague, venue) -> None:
        client = client_for(colleague)
        form = client.get(url("venue_edit", venue)).content.decode()
        assert 'value="baby_change" checked' in form
        response = client.post(
            url("venue_edit", venue), {"name": "Riverside Library", "postcode": "NB2 3RL", "facilities": ["quiet_room"]}
        )
        assert response.status_code == 302
        venue.refresh_from_db()
        assert venue.quiet_room and not venue.baby_change
        line = AuditEvent.objects.get(action="update", object_id=str(venue.pk))
        assert set(line.changes["fields"]) == {"baby_change", "quiet_room"}

    def test_archiving_hides_it_from_new_activities_and_it_can_come_back(self, colleague, org, venue) -> None:
        client = client_for(colleague)
        project = Project.objects.create(organisation=org, title="P", goal="g", status="active")
        Activity.objects.create(
            organisation=org, project=project, title="Here", kind="workshop", join_in_person=True, venue=venue
        )
        confirm = client.get(url("venue_archive", venue)).content.decode()
        assert "Archive Riverside Library" in confirm
        assert client.post(url("venue_archive", venue)).status_code == 302
        venue.refresh_from_db()
        assert venue.is_archived
        assert client.get(LIST).context["rows"] == []
        assert [row["venue"] for row in client.get(LIST + "?archived=1").context["rows"]] == [venue]
        form = client.get(reverse("engagement:activity_create", kwargs={"project_id": project.pk})).content.decode()
        assert "Riverside Library" not in form
        client.post(url("venue_archive", venue))
        venue.refresh_from_db()
        assert not venue.is_archived
        assert [e.summary for e in AuditEvent.objects.filter(object_id=str(venue.pk)).order_by("id")] == [
            "Archived venue Riverside Library",
            "Brought back venue Riverside Library",
        ]


class TestWhoMayDoWhat:
    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
    def test_other_roles_see_venues_but_do_not_change_them(self, org, venue, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(LIST).status_code == 200
        assert client.get(url("venue_detail", venue)).status_code == 200
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"name": "New"}).status_code == 403
        assert client.post(url("venue_edit", venue), {"name": "Changed"}).status_code == 403
        assert client.post(url("venue_archive", venue)).status_code == 403
        venue.refresh_from_db()
        assert venue.name == "Riverside Library" and not venue.is_archived and Venue.objects.count() == 1

    def test_another_organisations_venue_is_404(self, colleague, theirs) -> None:
        client = client_for(colleague)
        for name in ("venue_detail", "venue_edit", "venue_archive"):
            assert client.get(url(name, theirs)).status_code == 404
            assert client.post(url(name, theirs), {"name": "x"}).status_code == 404
        theirs.refresh_from_db()
        assert theirs.name == "Southby Hall" and not theirs.is_archived
        assert "Southby Hall" not in client.get(LIST).content.decode()
