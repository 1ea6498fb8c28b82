"""Peer supporter pages: the list (who can be matched and why not, what expires soon, those needing attention
first, filters, a flat number of queries, audited), adding a supporter (server-side search, once per person, their
account and coordinator from the right roles), the profile form and its errors, and one supporter's page (audited,
families counted but never named, the safeguarding link). Coordinators only: others get 403, strangers 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.analysis.matching import date_words
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Hub, Role
from coproduce.peers.models import (
    PeerSupporter,
    SupporterCheck,
    SupporterStatus,
)
from coproduce.peers.services import supporters as services
from coproduce.peers.tests.supporters_cast import *  # noqa: F403
from coproduce.peers.tests.supporters_cast import DAY, all_checks, detail_url, edit_url, give_family, make_supporter
from coproduce.people.models import Person
from tests.cast import client_for, make_member

LIST = reverse("peers:supporter_list")
NEW = reverse("peers:supporter_new")


# --- the list ---------------------------------------------------------------------------------------------------


class TestList:
    def test_a_supporter_with_everything_in_date_and_room_can_be_matched(self, staff_client, ready) -> None:
        html = staff_client.get(LIST).content.decode()
        assert "Sam Supporter" in html
        assert 'govuk-tag--green">Can be matched<' in html
        assert 'govuk-tag--red">Cannot be matched<' not in html
        assert "0 of 3" in html

    def test_an_expired_dbs_check_cannot_be_matched_and_says_when_it_expired(
        self, staff_client, colleague, ready, today
    ) -> None:
        expired_on = today - 5 * DAY
        SupporterCheck.objects.filter(supporter=ready, kind="dbs").update(
            issued_on=today - 1000 * DAY, expires_on=expired_on
        )
        html = staff_client.get(LIST).content.decode()
        assert 'govuk-tag--red">Cannot be matched<' in html
        assert f"Their DBS check expired on {date_words(expired_on)}." in html
        assert 'govuk-tag--green">Can be matched<' not in html

    def test_overdue_supervision_cannot_be_matched(self, staff_client, colleague, supporter, today) -> None:
        all_checks(colleague, supporter, due_in=60)
        services.supervision_record(
            actor=colleague, supporter=supporter, held_on=today - 100 * DAY, next_due_on=today - 3 * DAY
        )
        # An older supervision recorded later does not count: the newest by the date held does.
        html = staff_client.get(LIST).content.decode()
        assert 'govuk-tag--green">Can be matched<' in html
        services.supervision_record(
            actor=colleague, supporter=supporter, held_on=today - 5 * DAY, next_due_on=today - 1 * DAY
        )
        html = staff_client.get(LIST).content.decode()
        assert 'govuk-tag--red">Cannot be matched<' in html
        assert f"Their supervision is overdue: it was due on {date_words(today - DAY)}." in html

    def test_missing_checks_and_a_full_caseload_are_reasons(self, staff_client, org, colleague, supporter) -> None:
        services.supporter_update(actor=colleague, supporter=supporter, capacity=1)
        give_family(org, supporter)
        html = staff_client.get(LIST).content.decode()
        assert "There is no DBS (Disclosure and Barring Service) check on record." in html
        assert "They already support 1 family, which is their limit." in html
        assert "1 of 1" in html

    def test_a_supporter_taking_a_break_cannot_be_matched(self, staff_client, colleague, ready) -> None:
        services.supporter_update(actor=colleague, supporter=ready, status=SupporterStatus.PAUSED)
        html = staff_client.get(LIST).content.decode()
        assert 'govuk-tag--red">Cannot be matched<' in html
        assert "They are taking a break from peer support." in html

    def test_a_check_expiring_within_30_days_is_flagged(self, staff_client, colleague, supporter, today) -> None:
        all_checks(colleague, supporter, expires_in=12)
        html = staff_client.get(LIST).content.decode()
        assert 'govuk-tag--green">Can be matched<' in html
        assert 'govuk-tag--yellow">Expires soon<' in html
        assert f"Their DBS check expires on {date_words(today + 12 * DAY)}, in 12 days." in html

    def test_those_who_cannot_be_matched_then_those_expiring_soon_come_first(
        self, staff_client, colleague, org
    ) -> None:
        fine = make_supporter(colleague, org, "Aaron Able")
        all_checks(colleague, fine)
        soon = make_supporter(colleague, org, "Bella Soon")
        all_checks(colleague, soon, expires_in=10)
        make_supporter(colleague, org, "Zed Unchecked")
        html = staff_client.get(LIST).content.decode()
        assert html.index("Zed Unchecked") < html.index("Bella Soon") < html.index("Aaron Able")

    def test_the_filters(self, staff_client, colleague, org, hub) -> None:
        able = make_supporter(colleague, org, "Aaron Able", hubs=[hub])
        all_checks(colleague, able)
        soon = make_supporter(colleague, org, "Bella Soon")
        all_checks(colleague, soon, expires_in=10)
        make_supporter(colleague, org, "Cora Unchecked", status=SupporterStatus.PAUSED)

        def names(**query) -> set[str]:
            html = staff_client.get(LIST, query).content.decode()
            return {name for name in ("Aaron Able", "Bella Soon", "Cora Unchecked") if name in html}

        assert names() == {"Aaron Able", "Bella Soon", "Cora Unchecked"}
        assert names(matchable="can") == {"Aaron Able", "Bella Soon"}
        assert names(matchable="cannot") == {"Cora Unchecked"}
        assert names(matchable="expiring") == {"Bella Soon"}
        assert names(status="paused") == {"Cora Unchecked"}
        assert names(hub=str(hub.pk)) == {"Aaron Able"}

    def test_a_filter_that_is_not_valid_shows_why_and_is_ignored(self, staff_client, supporter, other_hub) -> None:
        response = staff_client.get(LIST, {"hub": str(other_hub.pk)})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Choose a hub from the list" in html
        assert "Sam Supporter" in html

    def test_the_number_of_queries_does_not_grow_with_the_supporters(
        self, staff_client, colleague, org, hub, django_assert_max_num_queries
    ) -> None:
        def add(count: int, start: int) -> None:
            for number in range(start, start + count):
                made = make_supporter(colleague, org, f"Supporter {number:02d}", hubs=[hub])
                all_checks(colleague, made)
                give_family(org, made, f"Family {number:02d}")

        add(2, 0)
        staff_client.get(LIST)  # sessions and caches warm
        with CaptureQueriesContext(connection) as few:
            staff_client.get(LIST)
        add(10, 2)
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = staff_client.get(LIST).content.decode()
        assert html.count('govuk-tag--green">Can be matched<') == 12

    def test_reading_the_list_is_audited(self, staff_client, colleague, supporter) -> None:
        staff_client.get(LIST)
        line = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=colleague).latest("id")
        assert line.object_type == "peers.PeerSupporter"
        assert line.changes == {"count": 1}


# --- who may see them -------------------------------------------------------------------------------------------


def coordinator_pages(supporter) -> list[str]:
    kwargs = {"supporter_id": supporter.pk}
    return [
        LIST,
        NEW,
        reverse("peers:supporter_detail", kwargs=kwargs),
        reverse("peers:supporter_edit", kwargs=kwargs),
        reverse("peers:check_add", kwargs=kwargs),
        reverse("peers:supervision_add", kwargs=kwargs),
        reverse("peers:activity_supporter_add", kwargs=kwargs),
    ]


class TestAccess:
    @pytest.mark.parametrize("who", ["peer_user", "partner_user", "viewer"])
    def test_only_coordinators_may_open_the_supporter_pages(self, request, who, supporter) -> None:
        client = client_for(request.getfixturevalue(who))
        for url in coordinator_pages(supporter):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url
        assert PeerSupporter.objects.count() == 1

    @pytest.mark.parametrize("who", ["admin", "colleague"])
    def test_coordinators_may(self, request, who, supporter) -> None:
        client = client_for(request.getfixturevalue(who))
        for url in coordinator_pages(supporter):
            assert client.get(url).status_code == 200, url

    def test_a_lead_may_too(self, org, supporter) -> None:
        lead = make_member(org, "lead@example.org", Role.LEAD)
        assert client_for(lead).get(detail_url(supporter)).status_code == 200

    def test_another_organisation_gets_404(self, stranger, supporter) -> None:
        client = client_for(stranger)
        for url in coordinator_pages(supporter)[2:]:
            assert client.get(url).status_code == 404, url
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=stranger).exists()

    def test_signed_out_people_are_sent_to_sign_in(self, client, supporter) -> None:
        response = client.get(detail_url(supporter))
        assert response.status_code == 302
        assert "login" in response["Location"]


# --- adding a supporter -----------------------------------------------------------------------------------------


@pytest.fixture
def parent(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Nadia Hussain", email="nadia@example.org")


class TestAdd:
    def test_the_search_finds_people_by_name_or_email_without_javascript(self, staff_client, parent, org) -> None:
        Person.objects.create(organisation=org, full_name="Someone Else")
        html = staff_client.get(NEW, {"q": "nadia"}).content.decode()
        assert "Nadia Hussain" in html and "Someone Else" not in html
        assert f'href="?person={parent.pk}"' in html
        html = staff_client.get(NEW, {"q": "nadia@example"}).content.decode()
        assert "Nadia Hussain" in html

    def test_the_search_marks_people_who_are_already_supporters(self, staff_client, supporter) -> None:
        html = staff_client.get(NEW, {"q": "Sam"}).content.decode()
        assert "Already a peer supporter" in html
        assert detail_url(supporter) in html

    def test_the_search_never_shows_another_organisations_people(self, staff_client, other_org) -> None:
        Person.objects.create(organisation=other_org, full_name="Nadia Elsewhere")
        html = staff_client.get(NEW, {"q": "nadia"}).content.decode()
        assert "Nadia Elsewhere" not in html
        assert "Nobody on your list of people matches" in html

    def test_adding_a_person_with_their_account_and_coordinator(
        self, staff_client, colleague, parent, peer_user
    ) -> None:
        html = staff_client.get(NEW, {"person": str(parent.pk)}).content.decode()
        assert "Nadia Hussain" in html and 'name="user"' in html
        response = staff_client.post(
            NEW, {"person": str(parent.pk), "user": str(peer_user.pk), "coordinator": str(colleague.pk)}
        )
        made = PeerSupporter.objects.get(person=parent)
        assert response.status_code == 302 and response["Location"] == edit_url(made)
        assert made.user == peer_user and made.coordinator == colleague
        line = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(made.pk))
        assert "Nadia" not in line.summary + line.object_label

    def test_a_person_can_be_a_supporter_only_once(self, staff_client, supporter) -> None:
        html = staff_client.get(NEW, {"person": str(supporter.person.pk)}).content.decode()
        assert "Sam Supporter is already a peer supporter" in html
        response = staff_client.post(NEW, {"person": str(supporter.person.pk)})
        html = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in html and "Sam Supporter is already a peer supporter" in html
        assert PeerSupporter.objects.count() == 1

    def test_the_service_refuses_a_second_supporter_for_a_person(self, colleague, org, supporter) -> None:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as raised:
            services.supporter_create(actor=colleague, organisation=org, person=supporter.person)
        assert "already a peer supporter" in str(raised.value)

    def test_the_account_must_be_a_peer_supporter_member(self, staff_client, parent, colleague, viewer) -> None:
        response = staff_client.post(NEW, {"person": str(parent.pk), "user": str(viewer.pk)})
        html = response.content.decode()
        assert "Choose a member of your organisation whose role is peer supporter" in html
        assert not PeerSupporter.objects.exists()

    def test_the_coordinator_must_be_staff_a_lead_or_an_administrator(self, staff_client, parent, peer_user) -> None:
        response = staff_client.post(NEW, {"person": str(parent.pk), "coordinator": str(peer_user.pk)})
        assert "Choose a member of staff, a co-production lead or an administrator" in response.content.decode()
        assert not PeerSupporter.objects.exists()

    def test_another_organisations_person_cannot_be_added(self, staff_client, other_org) -> None:
        theirs = Person.objects.create(organisation=other_org, full_name="Not Yours")
        response = staff_client.post(NEW, {"person": str(theirs.pk)})
        assert "Search for the person and choose them" in response.content.decode()
        assert not PeerSupporter.objects.exists()

    def test_a_person_must_be_chosen(self, staff_client) -> None:
        response = staff_client.post(NEW, {})
        assert "Search for the person and choose them" in response.content.decode()

    def test_an_account_links_to_one_supporter_only(self, colleague, org, peer_user) -> None:
        from django.core.exceptions import ValidationError

        make_supporter(colleague, org, "First One", user=peer_user)
        with pytest.raises(ValidationError) as raised:
            make_supporter(colleague, org, "Second One", user=peer_user)
        assert "already linked to another peer supporter, First One" in str(raised.value)


# --- the profile ------------------------------------------------------------------------------------------------


def profile(**fields) -> dict:
    return {"status": "active", "capacity": "2", **fields}


class TestProfile:
    def test_saving_the_whole_profile(self, staff_client, supporter, hub, colleague, peer_user) -> None:
        response = staff_client.post(
            edit_url(supporter),
            profile(
                experiences=["dad", "send"],
                experience_notes="A child with diabetes",
                communities="Polish community",
                languages="urdu,  Polish , URDU, british sign language",
                hubs=[str(hub.pk)],
                areas="nb1, nb 2",
                travels="on",
                ways=["phone", "face_to_face"],
                available_mornings=["mon_am"],
                available_afternoons=["fri_pm"],
                available_other=["evening"],
                capacity="0",
                co_delivers_training="on",
                user=str(peer_user.pk),
                coordinator=str(colleague.pk),
            ),
        )
        assert response.status_code == 302
        supporter.refresh_from_db()
        assert supporter.experiences == ["dad", "send"]
        assert supporter.experience_notes == "A child with diabetes"
        assert supporter.languages == ["Urdu", "Polish", "British Sign Language"]
        assert list(supporter.hubs.all()) == [hub]
        assert supporter.areas == ["NB1", "NB2"]
        assert supporter.travels and supporter.co_delivers_training
        assert supporter.ways == ["face_to_face", "phone"]
        assert supporter.available == ["mon_am", "fri_pm", "evening"]
        assert supporter.capacity == 0
        assert supporter.user == peer_user

    def test_the_form_shows_what_is_saved(self, staff_client, colleague, supporter) -> None:
        services.supporter_update(
            actor=colleague, supporter=supporter, languages=["Urdu", "Polish"], available=["tue_pm"], capacity=4
        )
        html = staff_client.get(edit_url(supporter)).content.decode()
        assert 'value="Urdu, Polish"' in html
        assert 'value="tue_pm" checked' in html
        assert 'value="4"' in html

    @pytest.mark.parametrize(
        ("capacity", "message"),
        [
            ("11", "The number of families must be 10 or fewer"),
            ("-1", "The number of families cannot be negative"),
            ("two", "Enter how many families they can support at once as a whole number, like 2"),
            ("", "Enter how many families they can support at once, from 0 to 10"),
        ],
    )
    def test_capacity_is_0_to_10(self, staff_client, supporter, capacity, message) -> None:
        response = staff_client.post(edit_url(supporter), profile(capacity=capacity, communities="Changed"))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_capacity-error"' in html and message in html
        supporter.refresh_from_db()
        assert supporter.capacity == 3 and supporter.communities == ""

    def test_postcode_districts_must_look_like_districts(self, staff_client, supporter) -> None:
        response = staff_client.post(edit_url(supporter), profile(areas="NB1, not a postcode"))
        assert "Enter postcode districts, the first part of a postcode" in response.content.decode()
        supporter.refresh_from_db()
        assert supporter.areas == []

    def test_another_organisations_hub_is_refused(self, staff_client, supporter, other_hub) -> None:
        response = staff_client.post(edit_url(supporter), profile(hubs=[str(other_hub.pk)]))
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
        assert not supporter.hubs.exists()

    def test_a_status_must_be_chosen(self, staff_client, supporter) -> None:
        response = staff_client.post(edit_url(supporter), {"capacity": "2"})
        assert "Choose whether they are active, taking a break or no longer a peer supporter" in (
            response.content.decode()
        )

    def test_an_organisations_own_experience_is_kept_when_saving(self, staff_client, colleague, supporter) -> None:
        services.supporter_update(actor=colleague, supporter=supporter, experiences=["kinship_care"])
        html = staff_client.get(edit_url(supporter)).content.decode()
        assert "Kinship care" in html
        staff_client.post(edit_url(supporter), profile(experiences=["kinship_care", "dad"]))
        supporter.refresh_from_db()
        assert supporter.experiences == ["kinship_care", "dad"]

    def test_a_change_is_audited_by_field_name(self, staff_client, colleague, supporter) -> None:
        staff_client.post(edit_url(supporter), profile(languages="Urdu"))
        line = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(supporter.pk)).latest("id")
        assert "languages" in line.changes["fields"]


# --- one supporter ----------------------------------------------------------------------------------------------


class TestDetail:
    def test_the_page_shows_profile_checks_supervision_and_standing(
        self, staff_client, colleague, ready, today
    ) -> None:
        services.supporter_update(actor=colleague, supporter=ready, languages=["Urdu"], experiences=["dad"])
        html = staff_client.get(detail_url(ready)).content.decode()
        assert 'govuk-tag--green">Can be matched<' in html
        assert "Being a dad" in html and "Urdu" in html
        assert "Enhanced DBS (Disclosure and Barring Service) check" in html
        assert html.count('govuk-tag--green">In date<') == 3
        assert f"Their next supervision is due on {(today + 60 * DAY).day}" in html

    def test_an_expired_check_shows_red_and_the_reason(self, staff_client, colleague, supporter, today) -> None:
        all_checks(colleague, supporter)
        SupporterCheck.objects.filter(supporter=supporter, kind="safeguarding_training").update(
            issued_on=today - 400 * DAY, expires_on=today - 2 * DAY
        )
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert 'govuk-tag--red">Cannot be matched<' in html
        assert f"Their safeguarding training expired on {date_words(today - 2 * DAY)}." in html
        assert 'govuk-tag--red">Expired<' in html

    def test_a_renewed_check_replaces_the_old_one(self, staff_client, colleague, ready, today) -> None:
        services.check_add(actor=colleague, supporter=ready, kind="dbs", issued_on=today, expires_on=today + 1000 * DAY)
        html = staff_client.get(detail_url(ready)).content.decode()
        assert html.count("Replaced by a newer one") == 1

    def test_families_are_counted_never_named(self, staff_client, org, supporter) -> None:
        give_family(org, supporter, "Fran Family")
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert "1 of 3" in html
        assert "Fran Family" not in html

    def test_the_safeguarding_link_names_the_person(self, staff_client, supporter) -> None:
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert f"{reverse('safeguarding:concern_raise')}?person={supporter.person.pk}" in html
        assert "Raise a safeguarding concern" in html

    def test_reading_the_page_is_audited(self, staff_client, colleague, supporter) -> None:
        staff_client.get(detail_url(supporter))
        line = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_id=str(supporter.pk))
        assert line.actor == colleague
        assert "Sam" not in line.summary + line.object_label

    def test_a_hub_is_shown_by_name(self, staff_client, colleague, org, supporter) -> None:
        services.supporter_update(
            actor=colleague, supporter=supporter, hubs=[Hub.objects.create(organisation=org, name="Riverside")]
        )
        assert "Riverside" in staff_client.get(detail_url(supporter)).content.decode()
