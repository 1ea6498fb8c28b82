"""The activities API: reading activities (with filters and warnings) and venues, planning, changing and cancelling
through the same rules as the pages, who may do what, another organisation's records are 404, bounded queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.engagement.models import Activity, Invitation, Reply, Venue
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from coproduce.projects.models import Project, Stage
from tests.cast import make_member

TODAY = timezone.localdate()
DAY = TODAY + dt.timedelta(days=(1 - TODAY.weekday()) % 7 + 21)  # a Tuesday three weeks or so ahead


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def bearer(user) -> dict:
    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client: Client, method: str, path: str, auth: dict, body: dict | None = None):
    call = getattr(client, method.lower())
    if body is None:
        return call(f"/api/v1{path}", **auth)
    return call(f"/api/v1{path}", json.dumps(body, default=str), content_type="application/json", **auth)


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Infant feeding", goal="g", status="active")


@pytest.fixture
def venue(org) -> Venue:
    return Venue.objects.create(organisation=org, name="Eastfield Family Hub", creche=True, step_free=True)


@pytest.fixture
def activity(org, project, venue) -> Activity:
    return Activity.objects.create(
        organisation=org,
        project=project,
        title="Design the cafe",
        kind="co_design",
        starts_at=at(DAY, 9),
        ends_at=at(DAY, 11),
        join_in_person=True,
        venue=venue,
        capacity=10,
    )


@pytest.fixture
def theirs(other_org) -> Activity:
    project = Project.objects.create(organisation=other_org, title="Southby", goal="g")
    return Activity.objects.create(organisation=other_org, project=project, title="Theirs", kind="workshop")


@pytest.fixture
def sent(monkeypatch) -> list:
    from coproduce.engagement import messages

    calls: list = []
    monkeypatch.setattr(
        messages, "activity_change_messages_queue", lambda activity, *, changes: calls.append(("change", changes)) or 0
    )
    monkeypatch.setattr(messages, "activity_cancellation_messages_queue", lambda activity: calls.append("cancel") or 0)
    return calls


class TestReading:
    def test_every_member_reads_activities_with_their_warnings(self, client, viewer, activity) -> None:
        auth = bearer(viewer)
        listing = send(client, "GET", "/activities", auth).json()
        assert [a["title"] for a in listing["items"]] == ["Design the cafe"]
        assert listing["items"][0]["ways_to_join"] == ["in_person"] and listing["items"][0]["places_taken"] == 0
        detail = send(client, "GET", f"/activities/{activity.pk}", auth).json()
        assert detail["venue_id"] == str(activity.venue_id) and detail["is_data_collection"] is False
        assert [w["code"] for w in detail["warnings"]] == ["one_way_to_join", "school_run"]
        assert detail["warnings"][0]["what_to_do"].startswith("Offer a second way")

    def test_the_online_link_is_only_for_those_who_run_activities(self, client, viewer, colleague, activity) -> None:
        activity.join_online = True
        activity.online_link = "https://meet.example.org/families-only"
        activity.save()
        path = f"/activities/{activity.pk}"
        assert send(client, "GET", path, bearer(viewer)).json()["online_link"] == ""
        assert send(client, "GET", path, bearer(colleague)).json()["online_link"] == activity.online_link

    def test_filters(self, client, colleague, org, project, activity, hub) -> None:
        past = TODAY - dt.timedelta(days=4)
        Activity.objects.create(
            organisation=org,
            project=project,
            title="Gone",
            kind="workshop",
            starts_at=at(past, 10),
            ends_at=at(past, 11),
        )
        activity.hubs.add(hub)
        auth = bearer(colleague)

        def titles(query: str) -> list[str]:
            return [a["title"] for a in send(client, "GET", f"/activities{query}", auth).json()["items"]]

        assert titles("") == ["Design the cafe"]
        assert titles("?when=past") == ["Gone"]
        assert titles("?when=all") == ["Design the cafe", "Gone"]
        assert titles(f"?hub_id={hub.pk}") == ["Design the cafe"]
        assert titles("?kind=workshop&when=all") == ["Gone"]
        assert send(client, "GET", "/activities?when=soon", auth).status_code == 422

    def test_venues(self, client, viewer, venue, other_org) -> None:
        Venue.objects.create(organisation=other_org, name="Southby Hall")
        Venue.objects.create(organisation=venue.organisation, name="Old hall", is_archived=True)
        auth = bearer(viewer)
        items = send(client, "GET", "/venues", auth).json()["items"]
        assert [(v["name"], v["facilities"]) for v in items] == [("Eastfield Family Hub", ["step_free", "creche"])]
        assert [v["name"] for v in send(client, "GET", "/venues?archived=true", auth).json()["items"]] == ["Old hall"]
        assert send(client, "GET", f"/venues/{venue.pk}", auth).json()["name"] == "Eastfield Family Hub"

    def test_another_organisations_records_are_404(self, client, admin, theirs, other_org) -> None:
        their_venue = Venue.objects.create(organisation=other_org, name="Southby Hall")
        auth = bearer(admin)
        assert send(client, "GET", f"/activities/{theirs.pk}", auth).status_code == 404
        assert send(client, "PATCH", f"/activities/{theirs.pk}", auth, {"title": "Mine"}).status_code == 404
        assert send(client, "POST", f"/activities/{theirs.pk}/cancel", auth, {"reason": "x"}).status_code == 404
        assert send(client, "POST", f"/activities/{theirs.pk}/cancel", auth).status_code == 404
        assert send(client, "GET", f"/venues/{their_venue.pk}", auth).status_code == 404
        assert send(client, "GET", "/activities?when=all", auth).json()["items"] == []
        assert Activity.objects.get().title == "Theirs"

    def test_the_list_queries_do_not_grow_with_the_rows(self, client, colleague, org, project) -> None:
        auth = bearer(colleague)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert send(client, "GET", "/activities", auth).status_code == 200
            return len(queries)

        def add(n: int) -> None:
            for i in range(n):
                made = Activity.objects.create(
                    organisation=org, project=project, title=f"A{i}", kind="workshop", starts_at=at(DAY, 10)
                )
                person = Person.objects.create(organisation=org, full_name=f"P{made.pk}")
                Invitation.objects.create(organisation=org, activity=made, person=person, reply=Reply.YES)

        add(2)
        count()  # the first call also notes when the token was used
        few = count()
        add(20)
        assert count() == few


class TestWriting:
    def payload(self, project, **overrides) -> dict:
        data = {
            "project_id": str(project.pk),
            "title": "Feeding cafe",
            "kind": "workshop",
            "starts_at": f"{DAY}T13:00:00",
            "ends_at": f"{DAY}T14:30:00",
            "ways_to_join": ["online", "phone"],
            "online_link": "https://meet.example.org/a",
            "phone_details": "Call 01632 960 001",
            "provisions": ["food"],
            "interpreter_languages": ["Polish"],
        }
        data.update(overrides)
        return data

    def test_staff_plan_change_and_cancel(self, client, colleague, project, org, sent) -> None:
        stage = Stage.objects.create(organisation=org, project=project, name="Discover")
        auth = bearer(colleague)
        created = send(client, "POST", "/activities", auth, self.payload(project, stage_id=str(stage.pk)))
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["starts_at"].startswith(f"{DAY}T13:00") and body["provisions"] == ["food"]
        assert body["reminder_minutes"] == [2880, 120] and body["stage_id"] == str(stage.pk)
        activity = Activity.objects.get()
        assert activity.starts_at == at(DAY, 13) and activity.interpreter_languages == "Polish"

        changed = send(
            client,
            "PATCH",
            f"/activities/{activity.pk}",
            auth,
            {"starts_at": f"{DAY}T15:00:00+00:00", "ends_at": f"{DAY}T16:00:00+00:00"},
        )
        assert changed.status_code == 200, changed.content
        assert sent and sent[0][0] == "change"

        refused = send(client, "POST", f"/activities/{activity.pk}/cancel", auth, {"reason": " "})
        assert refused.status_code == 422 and "reason: Say why the activity is cancelled" in refused.json()["detail"]
        cancelled = send(client, "POST", f"/activities/{activity.pk}/cancel", auth, {"reason": "Snow"})
        assert cancelled.json()["status"] == "cancelled" and sent[-1] == "cancel"

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (
                {"starts_at": f"{TODAY - dt.timedelta(days=2)}T10:00:00"},
                "starts_at: The date must be today or in the future",
            ),
            ({"ways_to_join": []}, "ways_to_join: Choose at least one way to join"),
            ({"ways_to_join": ["in_person"]}, "venue: Choose the venue for people coming in person"),
            ({"ways_to_join": ["by_pigeon"]}, "ways_to_join: one or more of"),
            ({"kind": "party"}, "kind: one of"),
            ({"online_link": "javascript:alert(1)"}, "online_link: Enter a web address in the correct format"),
            ({"capacity": 0}, "capacity: Places must be 1 or more"),
        ],
    )
    def test_bad_input_is_422_and_nothing_is_saved(self, client, colleague, project, overrides, message) -> None:
        response = send(client, "POST", "/activities", bearer(colleague), self.payload(project, **overrides))
        assert response.status_code == 422 and message in response.json()["detail"]
        assert not Activity.objects.exists()

    def test_another_organisations_project_venue_or_hub_is_refused(self, client, colleague, project, other_org) -> None:
        their_project = Project.objects.create(organisation=other_org, title="T", goal="g")
        their_venue = Venue.objects.create(organisation=other_org, name="Southby Hall")
        auth = bearer(colleague)
        assert send(client, "POST", "/activities", auth, self.payload(their_project)).status_code == 422
        response = send(
            client,
            "POST",
            "/activities",
            auth,
            self.payload(project, ways_to_join=["in_person"], venue_id=str(their_venue.pk)),
        )
        assert response.status_code == 422 and "venue_id" in response.json()["detail"]
        assert not Activity.objects.exists()

    def test_capacity_below_places_taken_is_refused(self, client, colleague, activity, org, sent) -> None:
        for i in range(3):
            person = Person.objects.create(organisation=org, full_name=f"P{i}")
            Invitation.objects.create(organisation=org, activity=activity, person=person, reply=Reply.YES)
        response = send(client, "PATCH", f"/activities/{activity.pk}", bearer(colleague), {"capacity": 2})
        assert response.status_code == 422 and "3 people already have a place" in response.json()["detail"]
        activity.refresh_from_db()
        assert activity.capacity == 10

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
    def test_roles_that_do_not_run_sessions_cannot_write(self, client, org, project, activity, role, sent) -> None:
        auth = bearer(make_member(org, f"{role}@example.org", role))
        assert send(client, "POST", "/activities", auth, self.payload(project)).status_code == 403
        assert send(client, "PATCH", f"/activities/{activity.pk}", auth, {"title": "x"}).status_code == 403
        assert send(client, "POST", f"/activities/{activity.pk}/cancel", auth, {"reason": "x"}).status_code == 403
        activity.refresh_from_db()
        assert activity.title == "Design the cafe" and activity.status == "planned" and sent == []
