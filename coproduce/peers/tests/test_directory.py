"""The services directory: every member reads and searches it (by name, what it offers or who it is for), with
phone and email as links; services no longer running are hidden unless asked for, and tagged; coordinators add
and change entries (one name per organisation, however it is typed); a flat number of queries; strangers get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.peers.models import ServiceDirectoryEntry
from coproduce.peers.services import supporters as services
from coproduce.peers.tests.supporters_cast import *  # noqa: F403
from coproduce.peers.tests.supporters_cast import DAY
from tests.cast import client_for

LIST = reverse("peers:service_list")
NEW = reverse("peers:service_new")


def edit_url(entry) -> str:
    return reverse("peers:service_edit", kwargs={"service_id": entry.pk})


def add(actor, org, name: str, **fields) -> ServiceDirectoryEntry:
    fields.setdefault("offers", "Help and advice")
    fields.setdefault("who_for", "Families in Northby")
    return services.directory_entry_create(actor=actor, organisation=org, name=name, **fields)


def entry_form(**fields) -> dict:
    return {
        "name": "Northby Food Bank",
        "offers": "Food parcels",
        "who_for": "Anyone in need",
        "active": "on",
        **fields,
    }


@pytest.fixture
def food_bank(colleague, org) -> ServiceDirectoryEntry:
    return add(
        colleague,
        org,
        "Northby Food Bank",
        offers="Food parcels and baby milk",
        who_for="Anyone referred by a hub",
        phone="01234 567 890",
        email="help@foodbank.example.org",
        website="https://foodbank.example.org",
        how_to_get_there="Bus 12 to the library",
    )


class TestList:
    @pytest.mark.parametrize("who", ["viewer", "peer_user", "partner_user", "colleague"])
    def test_every_member_can_read_it(self, request, who, food_bank) -> None:
        html = client_for(request.getfixturevalue(who)).get(LIST).content.decode()
        assert "Northby Food Bank" in html and "Bus 12 to the library" in html

    def test_contact_details_are_links(self, staff_client, food_bank) -> None:
        html = staff_client.get(LIST).content.decode()
        assert 'href="tel:01234567890"' in html
        assert 'href="mailto:help@foodbank.example.org"' in html
        assert 'href="https://foodbank.example.org"' in html
        assert f"{food_bank.last_checked_on.day} {food_bank.last_checked_on:%B %Y}" in html

    def test_searching_by_name_offer_or_who_for(self, staff_client, colleague, org, food_bank) -> None:
        add(colleague, org, "Stay and Play", offers="Toddler sessions", who_for="Under 5s and their carers")
        assert "Stay and Play" not in staff_client.get(LIST, {"q": "food"}).content.decode()
        assert "Northby Food Bank" in staff_client.get(LIST, {"q": "baby milk"}).content.decode()
        html = staff_client.get(LIST, {"q": "under 5s"}).content.decode()
        assert "Stay and Play" in html and "Northby Food Bank" not in html
        assert "No services match your search." in staff_client.get(LIST, {"q": "zzz"}).content.decode()

    def test_services_no_longer_running_are_hidden_unless_asked_for(self, staff_client, colleague, org) -> None:
        add(colleague, org, "Old Drop-in", active=False)
        assert "Old Drop-in" not in staff_client.get(LIST).content.decode()
        html = staff_client.get(LIST, {"stopped": "on"}).content.decode()
        assert "Old Drop-in" in html and "No longer running" in html

    def test_only_coordinators_see_the_buttons_to_change_it(self, viewer, staff_client, food_bank) -> None:
        assert edit_url(food_bank) in staff_client.get(LIST).content.decode()
        html = client_for(viewer).get(LIST).content.decode()
        assert edit_url(food_bank) not in html and NEW not in html

    def test_another_organisations_services_are_not_shown(self, stranger, food_bank) -> None:
        assert "Northby Food Bank" not in client_for(stranger).get(LIST).content.decode()

    def test_the_number_of_queries_does_not_grow(
        self, staff_client, colleague, org, django_assert_max_num_queries
    ) -> None:
        for number in range(2):
            add(colleague, org, f"Service {number}")
        staff_client.get(LIST)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            staff_client.get(LIST)
        for number in range(2, 20):
            add(colleague, org, f"Service {number}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = staff_client.get(LIST).content.decode()
        assert "Service 19" in html


class TestAddAndChange:
    def test_a_coordinator_adds_a_service(self, staff_client, colleague) -> None:
        response = staff_client.post(NEW, entry_form(phone="0300 123 4567", last_checked_on_day=""))
        assert response.status_code == 302 and response["Location"] == LIST
        entry = ServiceDirectoryEntry.objects.get()
        assert entry.name == "Northby Food Bank" and entry.phone == "0300 123 4567" and entry.active
        assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(entry.pk)).exists()

    @pytest.mark.parametrize("who", ["viewer", "peer_user", "partner_user"])
    def test_others_may_not(self, request, who) -> None:
        client = client_for(request.getfixturevalue(who))
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, entry_form()).status_code == 403
        assert not ServiceDirectoryEntry.objects.exists()

    def test_one_name_per_organisation_however_it_is_typed(self, staff_client, food_bank) -> None:
        html = staff_client.post(NEW, entry_form(name="northby food bank")).content.decode()
        assert "There is already a service called northby food bank in your directory" in html
        assert ServiceDirectoryEntry.objects.count() == 1

    def test_another_organisation_may_use_the_same_name(self, stranger, food_bank) -> None:
        client_for(stranger).post(NEW, entry_form())
        assert ServiceDirectoryEntry.objects.count() == 2

    def test_the_database_refuses_a_duplicate_as_a_backstop(self, org, food_bank) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceDirectoryEntry.objects.create(organisation=org, name="NORTHBY FOOD BANK", offers="x", who_for="y")

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"name": ""}, "Enter the name of the service"),
            ({"offers": ""}, "Enter what the service offers"),
            ({"who_for": ""}, "Enter who the service is for"),
            ({"email": "not an email"}, "Enter an email address in the correct format, like name@example.com"),
            ({"website": "not a website"}, "Enter a website address in the correct format"),
        ],
    )
    def test_each_mistake_is_named(self, staff_client, fields, message) -> None:
        html = staff_client.post(NEW, entry_form(**fields)).content.decode()
        assert message in html and "govuk-error-summary" in html
        assert not ServiceDirectoryEntry.objects.exists()

    def test_a_checked_date_in_the_future_is_refused(self, staff_client, today) -> None:
        later = today + 2 * DAY
        html = staff_client.post(
            NEW,
            entry_form(
                last_checked_on_day=str(later.day),
                last_checked_on_month=str(later.month),
                last_checked_on_year=str(later.year),
            ),
        ).content.decode()
        assert "The date the details were checked must be today or in the past" in html
        assert not ServiceDirectoryEntry.objects.exists()

    def test_changing_a_service_and_marking_it_stopped(self, staff_client, food_bank) -> None:
        html = staff_client.get(edit_url(food_bank)).content.decode()
        assert 'value="Northby Food Bank"' in html
        checked = dt.date(2026, 1, 5)
        kept = {name: getattr(food_bank, name) for name in ("who_for", "how_to_get_there", "phone", "email", "website")}
        response = staff_client.post(
            edit_url(food_bank),
            entry_form(
                **kept,
                offers="Food parcels on Fridays",
                active="",
                last_checked_on_day="5",
                last_checked_on_month="1",
                last_checked_on_year="2026",
            ),
        )
        assert response.status_code == 302
        food_bank.refresh_from_db()
        assert food_bank.offers == "Food parcels on Fridays" and not food_bank.active
        assert food_bank.last_checked_on == checked
        line = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(food_bank.pk)).get()
        assert set(line.changes["fields"]) == {"offers", "active", "last_checked_on"}

    def test_changing_to_another_services_name_is_refused(self, staff_client, colleague, org, food_bank) -> None:
        other = add(colleague, org, "Stay and Play")
        html = staff_client.post(edit_url(other), entry_form(name="Northby food bank")).content.decode()
        assert "There is already a service called Northby food bank in your directory" in html
        other.refresh_from_db()
        assert other.name == "Stay and Play"

    def test_another_organisation_gets_404(self, stranger, food_bank) -> None:
        client = client_for(stranger)
        assert client.get(edit_url(food_bank)).status_code == 404
        assert client.post(edit_url(food_bank), entry_form(name="Taken over")).status_code == 404
        food_bank.refresh_from_db()
        assert food_bank.name == "Northby Food Bank"
