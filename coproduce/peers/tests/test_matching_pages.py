"""Referral pages: the peer support home for each role, referring a family (error paths, consent, choosing a person),
the coordinators' list (filter, bounded queries), a referral's explained suggestions and the supporters who cannot
be matched (queries do not grow with supporters), the confirm step, a supporter who became ineligible between the
page and the POST, closing, 403 for roles without permission and 404 for another organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.peers.models import Referral, ReferralStatus, SupportEpisode, SupporterStatus
from coproduce.peers.services.referrals import match_confirm
from coproduce.peers.tests.test_referrals import make_supporter, referral_for
from coproduce.people.models import Person
from tests.cast import client_for, make_member

DAY = dt.timedelta(days=1)
HOME = "/peer-support/"
NEW = "/peer-support/referrals/new"
LIST = "/peer-support/referrals/"


def detail_url(referral) -> str:
    return reverse("peers:referral_detail", kwargs={"referral_id": referral.pk})


def confirm_url(referral, supporter) -> str:
    return reverse("peers:match_confirm", kwargs={"referral_id": referral.pk, "supporter_id": supporter.pk})


def form_data(**fields) -> dict:
    data = {
        "contact_name": "Fran Family",
        "contact_phone": "07700 900123",
        "help_with": "Someone to talk to",
        "wanted_experiences": ["dad"],
        "languages": "Urdu",
        "ways": ["phone"],
        "available": ["evening"],
        "consent": "on",
        "consent_way": "verbally",
        "consent_to": "Colin Colleague",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def partner(org):
    return make_member(org, "partner@example.org", Role.PARTNER, "Pat Partner")


@pytest.fixture
def peer(org):
    return make_member(org, "peer@example.org", Role.PEER_SUPPORTER, "Pia Peer")


@pytest.fixture
def referral(org, colleague):
    return referral_for(org, colleague, wanted_experiences=["dad"], languages=["Urdu"], ways=["phone"])


class TestHome:
    def test_coordinators_see_referrals_waiting_oldest_first_with_days(self, org, colleague) -> None:
        older = referral_for(org, colleague, contact_name="Olive Older")
        Referral.objects.filter(pk=older.pk).update(created_at=timezone.now() - 6 * DAY)
        referral_for(org, colleague, contact_name="Nina Newer")
        page = client_for(colleague).get(HOME).content.decode()
        assert page.index("Olive Older") < page.index("Nina Newer")
        assert '<span class="govuk-heading-l govuk-!-margin-bottom-0" id="waiting-count">2</span>' in page
        assert ">6</td>" in page
        assert reverse("peers:referral_list") in page

    def test_a_peer_supporter_sees_only_their_own_families(self, org, colleague, peer) -> None:
        mine = make_supporter(org, "Pia Peer", user=peer)
        theirs = make_supporter(org, "Other Supporter")
        match_confirm(
            actor=colleague, referral=referral_for(org, colleague, contact_name="Mine Family"), supporter=mine
        )
        match_confirm(
            actor=colleague,
            referral=referral_for(org, colleague, contact_name="Their Family", contact_phone="07700 900999"),
            supporter=theirs,
        )
        page = client_for(peer).get(HOME).content.decode()
        assert "Your families" in page and "Mine Family" in page and "Their Family" not in page
        assert "Refer a family" in page

    def test_a_partner_can_refer_a_family(self, partner) -> None:
        response = client_for(partner).get(HOME)
        assert response.status_code == 200
        assert NEW in response.content.decode() and "Your families" not in response.content.decode()

    def test_the_navigation_shows_peer_support_to_those_who_may_use_it(self, partner, viewer) -> None:
        assert "Peer support" in client_for(partner).get("/").content.decode()
        assert "Peer support" not in client_for(viewer).get("/").content.decode()

    def test_a_viewer_is_refused(self, viewer) -> None:
        assert client_for(viewer).get(HOME).status_code == 403


class TestReferFamily:
    def test_without_consent_the_box_says_why_and_nothing_is_saved(self, colleague) -> None:
        response = client_for(colleague).post(NEW, form_data(consent=None))
        assert response.status_code == 200
        page = response.content.decode()
        assert "The family must agree to be referred before you can send this" in page
        assert 'href="#id_consent"' in page  # the error summary links to the box
        assert not Referral.objects.exists()

    def test_every_missing_detail_is_named(self, colleague) -> None:
        data = form_data(contact_name="", contact_phone="", help_with="", consent_to="", postcode="XX")
        page = client_for(colleague).post(NEW, data).content.decode()
        for message in (
            "Enter the name of the person referred",
            "Enter their phone number or email address",
            "Say what they would like help with",
            "Say who they agreed with",
            "Enter a real UK postcode",
        ):
            assert message in page
        assert not Referral.objects.exists()

    def test_a_coordinator_goes_on_to_the_referral(self, colleague) -> None:
        response = client_for(colleague).post(NEW, form_data())
        referral = Referral.objects.get()
        assert response.status_code == 302 and response["Location"] == detail_url(referral)
        assert referral.wanted_experiences == ["dad"] and referral.languages == ["Urdu"]
        assert referral.consent_how == "Verbally to Colin Colleague"

    def test_a_partner_sees_a_confirmation_not_the_list(self, partner) -> None:
        client = client_for(partner)
        response = client.post(NEW, form_data(referrer_organisation="Northby Food Bank"))
        assert response.status_code == 302 and response["Location"] == reverse("peers:referral_sent")
        assert Referral.objects.get().referrer_organisation == "Northby Food Bank"
        assert "Referral sent" in client.get(response["Location"]).content.decode()
        assert client.get(LIST).status_code == 403

    def test_a_peer_supporter_can_refer_and_sees_the_confirmation(self, peer) -> None:
        response = client_for(peer).post(NEW, form_data())
        assert response["Location"] == reverse("peers:referral_sent")

    def test_staff_can_find_and_refer_an_existing_person(self, org, colleague) -> None:
        person = Person.objects.create(organisation=org, full_name="Priya Parent", postcode="NB1 2AB")
        client = client_for(colleague)
        found = client.get(NEW, {"q": "Priya"}).content.decode()
        assert f"?person={person.pk}" in found
        response = client.post(f"{NEW}?person={person.pk}", form_data(contact_name=None, contact_phone=None))
        referral = Referral.objects.get()
        assert response.status_code == 302 and referral.person == person and referral.contact_name == ""

    def test_a_partner_cannot_pick_a_person(self, org, partner) -> None:
        person = Person.objects.create(organisation=org, full_name="Priya Parent")
        assert client_for(partner).get(f"{NEW}?person={person.pk}").status_code == 403

    def test_another_organisations_person_is_not_found(self, other_org, colleague) -> None:
        person = Person.objects.create(organisation=other_org, full_name="Not Ours")
        assert client_for(colleague).get(f"{NEW}?person={person.pk}").status_code == 404

    def test_a_viewer_cannot_refer(self, viewer) -> None:
        assert client_for(viewer).post(NEW, form_data()).status_code == 403
        assert not Referral.objects.exists()


class TestList:
    def test_it_filters_by_status_in_bounded_queries(self, org, colleague, django_assert_max_num_queries) -> None:
        for number in range(8):
            referral_for(org, colleague, contact_name=f"Family {number}")
        closed = referral_for(org, colleague, contact_name="Closed Family")
        Referral.objects.filter(pk=closed.pk).update(status=ReferralStatus.CLOSED)
        client = client_for(colleague)
        client.get(LIST)  # warm the session and membership caches
        with django_assert_max_num_queries(10):
            page = client.get(LIST, {"status": "new"}).content.decode()
        assert "Family 7" in page and "Closed Family" not in page

    def test_roles_without_permission_are_refused(self, partner, peer, viewer) -> None:
        for user in (partner, peer, viewer):
            assert client_for(user).get(LIST).status_code == 403


class TestSuggestions:
    def test_suggestions_are_ranked_and_explained(self, org, colleague, referral) -> None:
        make_supporter(org, "Dev Dad", experiences=["dad"], languages=["Urdu"], ways=["phone"])
        make_supporter(org, "Mo Mum", experiences=["send"], ways=["face_to_face"])
        page = client_for(colleague).get(detail_url(referral)).content.decode()
        assert page.index("Dev Dad") < page.index("Mo Mum")
        assert "Strong match" in page and "Shares experience of being a dad." in page and "Speaks Urdu." in page
        assert "Shared experience" in page and "40 of 40" in page
        assert "2 places left." in page
        assert "Someone who has been through" in page and "Another dad" in page

    def test_supporters_who_cannot_be_matched_are_listed_with_reasons(self, org, colleague, referral) -> None:
        make_supporter(org, "Ex Pired", dbs_expires=timezone.localdate() - 3 * DAY)
        full = make_supporter(org, "Fay Full", capacity=1)
        referral_for(org, colleague)  # another family for Fay
        match_confirm(actor=colleague, referral=Referral.objects.exclude(pk=referral.pk).get(), supporter=full)
        resting = make_supporter(org, "Res Ting")
        resting.status = SupporterStatus.PAUSED
        resting.save()
        page = client_for(colleague).get(detail_url(referral)).content.decode()
        assert "Why isn&#x27;t someone suggested?" in page or "Why isn't someone suggested?" in page
        assert "Ex Pired" in page and "Their DBS check expired on" in page
        assert "Fay Full" in page and "which is their limit" in page
        assert "Res Ting" in page and "taking a break" in page

    def test_queries_do_not_grow_with_the_number_of_supporters(self, org, colleague, referral) -> None:
        for number in range(3):
            make_supporter(org, f"Supporter {number}", experiences=["dad"])
        client = client_for(colleague)
        client.get(detail_url(referral))
        with CaptureQueriesContext(connection) as three:
            client.get(detail_url(referral))
        for number in range(3, 12):
            make_supporter(org, f"Supporter {number}", experiences=["dad"])
        make_supporter(org, "Late Checks", dbs_expires=timezone.localdate() - DAY)
        with CaptureQueriesContext(connection) as twelve:
            page = client.get(detail_url(referral)).content.decode()
        assert page.count('class="govuk-summary-card"') == 5
        assert len(twelve) == len(three)

    def test_the_confirm_step_names_the_supporter_and_the_post_makes_the_match(self, org, colleague, referral) -> None:
        supporter = make_supporter(org, "Dev Dad", experiences=["dad"], ways=["phone"])
        client = client_for(colleague)
        page = client.get(confirm_url(referral, supporter)).content.decode()
        assert "Match the family with Dev Dad?" in page and "Confirm the match with Dev Dad" in page
        assert not SupportEpisode.objects.exists()  # the GET changes nothing
        response = client.post(confirm_url(referral, supporter))
        assert response.status_code == 302 and response["Location"] == detail_url(referral)
        episode = SupportEpisode.objects.get()
        assert episode.supporter == supporter and episode.person.full_name == "Fran Family"
        after = client.get(detail_url(referral)).content.decode()
        assert "Matched with Dev Dad" in after

    def test_a_supporter_who_became_ineligible_after_the_page_is_refused(self, org, colleague, referral) -> None:
        supporter = make_supporter(org, "Dev Dad", capacity=1)
        client = client_for(colleague)
        assert "Confirm the match" in client.get(confirm_url(referral, supporter)).content.decode()
        # Meanwhile another coordinator gives Dev Dad's last place to another family.
        other = referral_for(org, colleague, contact_name="Quick Family", contact_phone="07700 900777")
        match_confirm(actor=colleague, referral=other, supporter=supporter)
        response = client.post(confirm_url(referral, supporter))
        assert response.status_code == 409
        assert "Dev Dad can no longer be matched" in response.content.decode()
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.NEW and referral.person is None
        assert SupportEpisode.objects.count() == 1

    def test_closing_needs_a_reason_then_closes(self, org, colleague, referral) -> None:
        client = client_for(colleague)
        url = reverse("peers:referral_close", kwargs={"referral_id": referral.pk})
        assert "Say why the referral is being closed" in client.post(url, {"reason": ""}).content.decode()
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.NEW
        assert client.post(url, {"reason": "Moved away"}).status_code == 302
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.CLOSED and referral.closed_reason == "Moved away"

    def test_roles_without_permission_are_refused(self, org, referral, partner, peer, viewer) -> None:
        supporter = make_supporter(org)
        for user in (partner, peer, viewer):
            client = client_for(user)
            assert client.get(detail_url(referral)).status_code == 403
            assert client.post(confirm_url(referral, supporter)).status_code == 403
        assert not SupportEpisode.objects.exists()

    def test_another_organisations_referral_and_supporter_are_not_found(
        self, org, other_org, referral, stranger
    ) -> None:
        supporter = make_supporter(org)
        client = client_for(stranger)
        assert client.get(detail_url(referral)).status_code == 404
        assert client.post(confirm_url(referral, supporter)).status_code == 404
        their_supporter = make_supporter(other_org, "Their Supporter")
        own = referral_for(other_org, stranger)
        assert client.post(confirm_url(own, supporter)).status_code == 404
        assert client.post(confirm_url(own, their_supporter)).status_code == 302
