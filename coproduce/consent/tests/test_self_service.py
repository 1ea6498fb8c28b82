"""A person's own pages, opened from their link without an account: links that don't work, private headers,
their details, needs and choices (with wording for their age), and asking for a link by email."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.consent import services
from coproduce.consent.checks import may_contact
from coproduce.consent.links import links_revoke, make_token, person_from_token
from coproduce.consent.messages import ContactRefused, send_to_person
from coproduce.consent.models import Consent
from coproduce.core.models import AuditEvent
from coproduce.people.models import AccessNeeds, Person

PAGES = ["my_information", "my_details", "my_needs", "my_consents"]


def page(name: str, person_or_token) -> str:
    token = person_or_token if isinstance(person_or_token, str) else make_token(person_or_token)
    return reverse(f"consent:{name}", kwargs={"link": token})


@pytest.fixture
def anon() -> Client:
    return Client()


class TestLinks:
    @pytest.mark.parametrize("name", PAGES)
    def test_a_good_link_opens_the_page_with_private_headers(self, anon, person, name) -> None:
        response = anon.get(page(name, person))
        assert response.status_code == 200
        assert response["Referrer-Policy"] == "strict-origin"
        assert response["Cache-Control"] == "private, no-store"
        assert "noindex" in response["X-Robots-Tag"]

    @pytest.mark.parametrize("name", PAGES)
    def test_a_forged_link_is_404(self, anon, person, name) -> None:
        token = make_token(person)
        response = anon.get(page(name, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
        assert anon.post(page(name, "not-a-token")).status_code == 404

    @pytest.mark.parametrize("name", PAGES)
    def test_an_expired_link_is_404(self, anon, person, name) -> None:
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 31 * 24 * 3600):
            token = make_token(person)
        assert anon.get(page(name, token)).status_code == 404

    @pytest.mark.parametrize("name", PAGES)
    def test_a_revoked_link_is_404(self, anon, person, name) -> None:
        token = make_token(person)
        links_revoke(person)
        assert anon.get(page(name, token)).status_code == 404
        assert anon.post(page(name, token), {"purpose": "contact", "answer": "yes"}).status_code == 404
        assert not Consent.objects.exists()

    def test_an_erased_persons_link_is_404(self, anon, person) -> None:
        token = make_token(person)
        Person.objects.filter(pk=person.pk).update(erased_at=timezone.now())
        assert anon.get(page("my_information", token)).status_code == 404

    def test_a_link_opens_only_its_own_person(self, anon, person, other_person) -> None:
        html = anon.get(page("my_details", other_person)).content.decode()
        assert "Sam Southby" in html and "Aisha" not in html
        assert "Southby Family Hubs" in html


class TestMyInformation:
    def test_it_greets_by_preferred_name_and_links_everything(self, anon, person) -> None:
        token = make_token(person)
        html = anon.get(page("my_information", token)).content.decode()
        assert "Hello Ash" in html
        assert reverse("equality:my_answers", kwargs={"link": token}) in html
        assert reverse("datarights:my_request", kwargs={"link": token, "kind": "access"}) in html
        assert reverse("datarights:my_request", kwargs={"link": token, "kind": "erasure"}) in html
        assert "Ask for a copy of your information" in html and "Ask us to delete your information" in html
        assert "Northby Family Hubs" in html

    def test_young_people_get_their_own_wording(self, anon, young) -> None:
        html = anon.get(page("my_information", young)).content.decode()
        assert "You can change your mind at any time." in html
        assert "This is your page." in html


class TestMyDetails:
    def test_a_person_corrects_their_details(self, anon, person) -> None:
        response = anon.post(
            page("my_details", person),
            {
                "preferred_name": "Aisha",
                "pronunciation": "EYE-sha",
                "pronouns": "she/her",
                "email": "aisha.new@example.com",
                "phone": "07700 900456",
                "postcode": "nb2 3cd",
                "languages": "English, Bengali",
                "channels": ["contact_by_email", "contact_by_text"],
            },
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert (person.email, person.postcode, person.pronunciation) == ("aisha.new@example.com", "NB2 3CD", "EYE-sha")
        assert person.contact_by_email and person.contact_by_text and not person.contact_by_post
        line = AuditEvent.objects.get(action="update", object_id=str(person.pk))
        assert line.actor is None and "email" in line.changes["fields"]
        assert "aisha.new" not in str(line.changes) and "Bengali" not in str(line.changes)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"email": "not-an-email"}, "Enter an email address in the correct format"),
            ({"phone": "12345"}, "Enter a phone number, like 07700 900 982"),
            ({"postcode": "NOT A CODE"}, "Enter a real postcode, like NB1 2AB"),
            ({"email": "", "channels": ["contact_by_email"]}, "Enter your email address, or untick email"),
            ({"phone": "", "channels": ["contact_by_text"]}, "Enter your phone number, or untick text message"),
            ({"channels": ["contact_by_post"]}, "Enter your address, or untick post"),
        ],
    )
    def test_errors_in_plain_words(self, anon, person, data, message) -> None:
        payload = {"email": "aisha.rahman@example.com", "phone": "07700 900123", "postcode": "NB1 2AB", **data}
        response = anon.post(page("my_details", person), payload)
        html = response.content.decode()
        assert response.status_code == 200 and message in html and "<title>Error: " in html
        person.refresh_from_db()
        assert person.email == "aisha.rahman@example.com"


class TestMyNeeds:
    def test_a_person_says_what_they_need(self, anon, person) -> None:
        response = anon.post(
            page("my_needs", person),
            {"needs": ["childcare", "interpreter"], "interpreter_language": "Polish", "unavailable": ["not_evenings"]},
        )
        assert response.status_code == 302
        needs = AccessNeeds.objects.get(person=person)
        assert needs.needs() == ["childcare", "interpreter"] and needs.unavailable() == ["not_evenings"]
        assert needs.interpreter_language == "Polish" and needs.confirmed_by_person_at is not None
        html = Client().get(page("my_needs", person)).content.decode()
        assert 'value="childcare" checked' in html

    def test_an_interpreter_needs_a_language(self, anon, person) -> None:
        html = anon.post(page("my_needs", person), {"needs": ["interpreter"]}).content.decode()
        assert "Tell us which language you need an interpreter for" in html
        assert not AccessNeeds.objects.exists()

    def test_the_wording_speaks_to_the_person(self, anon, person) -> None:
        html = anon.get(page("my_needs", person)).content.decode()
        assert "What do you need to take part?" in html and "You can only take part online" in html


class TestMyConsents:
    def test_one_click_withdrawal_takes_effect_at_once(self, anon, person, django_capture_on_commit_callbacks) -> None:
        consent = services.consent_give(person=person, purpose="contact", method="paper")
        response = anon.post(page("my_consents", person), {"purpose": "contact", "answer": "no"})
        assert response.status_code == 302
        consent.refresh_from_db()
        assert consent.status == "withdrawn" and consent.withdrawn_via == "own link"
        assert not may_contact(person)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ContactRefused):
            send_to_person(person, subject="Next event", text="Come along")
        assert mail.outbox == []
        assert AuditEvent.objects.get(action="withdraw").actor is None

    def test_an_adult_gives_consent_online(self, anon, person, notice) -> None:
        anon.post(page("my_consents", person), {"purpose": "photos", "answer": "yes"})
        consent = Consent.objects.get(person=person, purpose="photos")
        assert (consent.status, consent.method, consent.child_basis, consent.privacy_notice) == (
            "given",
            "online",
            "",
            notice,
        )

    def test_saying_no_to_something_not_asked_records_a_no(self, anon, person) -> None:
        anon.post(page("my_consents", person), {"purpose": "panel", "answer": "no"})
        assert Consent.objects.get(person=person, purpose="panel").status == "refused"

    def test_a_young_person_consents_for_themselves(self, anon, young) -> None:
        html = anon.get(page("my_consents", young)).content.decode()
        assert "You decide." in html and "You can change your mind at any time." in html
        assert "Send you messages about ways to have your say" in html
        anon.post(page("my_consents", young), {"purpose": "contact", "answer": "yes"})
        assert Consent.objects.get(person=young).child_basis == "self_13_plus"

    def test_a_child_can_withdraw_but_not_give(self, anon, child) -> None:
        consent = services.consent_give(
            person=child,
            purpose="photos",
            method="paper",
            child_basis="parental_responsibility",
            given_by_name="Jo Bell",
        )
        html = anon.get(page("my_consents", child)).content.decode()
        assert "Your parent or carer said yes on" in html
        assert 'value="yes"' not in html
        assert "Your parent or carer can say yes for you" in html
        response = anon.post(page("my_consents", child), {"purpose": "contact", "answer": "yes"}, follow=True)
        assert "You are under 13, so your parent or carer says yes for you" in response.content.decode()
        assert not Consent.objects.filter(purpose="contact").exists()
        anon.post(page("my_consents", child), {"purpose": "photos", "answer": "no"})
        consent.refresh_from_db()
        assert consent.status == "withdrawn"

    def test_an_objection_where_consent_is_not_the_basis(self, anon, person) -> None:
        consent = services.consent_give(person=person, purpose="contact", method="paper", lawful_basis="public_task")
        html = anon.get(page("my_consents", person)).content.decode()
        assert "Ask us to stop" in html
        anon.post(page("my_consents", person), {"purpose": "contact", "answer": "no"})
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None and not may_contact(person)

    def test_sharing_is_only_answered_for_partners_already_asked_about(self, anon, person, partner, other_org) -> None:
        from coproduce.stakeholders.models import Partner

        theirs = Partner.objects.create(organisation=other_org, name="Theirs", kind="charity")
        anon.post(page("my_consents", person), {"purpose": "share_with_partner", "partner": theirs.pk, "answer": "yes"})
        anon.post(page("my_consents", person), {"purpose": "share_with_partner", "partner": "x", "answer": "yes"})
        assert not Consent.objects.exists()
        consent = services.consent_give(
            person=person, purpose="share_with_partner", partner=partner, method="paper", status="refused"
        )
        html = anon.get(page("my_consents", person)).content.decode()
        assert "Share your details with Home-Start Northby" in html
        anon.post(
            page("my_consents", person), {"purpose": "share_with_partner", "partner": partner.pk, "answer": "yes"}
        )
        consent.refresh_from_db()
        assert consent.status == "given"

    def test_nonsense_changes_nothing(self, anon, person) -> None:
        response = anon.post(page("my_consents", person), {"purpose": "everything", "answer": "yes"}, follow=True)
        assert "Something went wrong" in response.content.decode()
        assert not Consent.objects.exists()


class TestRequestLink:
    URL = "/o/northby/my-information"

    def test_unknown_organisation_is_404(self, anon, org) -> None:
        assert anon.get("/o/nowhere/my-information").status_code == 404

    def test_the_answer_is_the_same_whether_or_not_we_know_the_address(
        self, anon, org, person, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            known = anon.post(self.URL, {"contact": "AISHA.RAHMAN@example.com"})
            unknown = anon.post(self.URL, {"contact": "nobody@example.com"})
        assert known.status_code == unknown.status_code == 200
        assert "If we have your email address, we have sent you a link" in known.content.decode()
        assert known.content == unknown.content
        assert [m.to for m in mail.outbox] == [["aisha.rahman@example.com"]]
        assert "http://testserver/my/" in mail.outbox[0].body
        assert AuditEvent.objects.get(action="invite").actor is None

    def test_everyone_with_the_address_gets_their_own_link_but_not_the_erased_or_other_organisations(
        self, anon, org, other_org, person, django_capture_on_commit_callbacks
    ) -> None:
        partner_of_aisha = Person.objects.create(organisation=org, full_name="Sam Rahman", email=person.email)
        Person.objects.create(organisation=org, full_name="Gone", email=person.email, erased_at=timezone.now())
        Person.objects.create(organisation=other_org, full_name="Elsewhere", email=person.email)
        with django_capture_on_commit_callbacks(execute=True):
            anon.post(self.URL, {"contact": person.email})
        assert len(mail.outbox) == 2
        # Each email holds a link that opens its own person's page (tokens carry a timestamp, so compare people).
        linked = [person_from_token(re.search(r"/my/([^/\s]+)/", m.body).group(1)) for m in mail.outbox]
        assert sorted(p.full_name for p in linked) == sorted([person.full_name, partner_of_aisha.full_name])

    def test_an_invalid_address_is_explained(self, anon, org) -> None:
        html = anon.post(self.URL, {"contact": "nonsense@"}).content.decode()
        assert "Enter an email address in the correct format" in html

    def test_too_many_attempts_for_an_address(self, anon, org, person, django_capture_on_commit_callbacks) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(5):
                assert anon.post(self.URL, {"contact": "someone@example.com"}).status_code == 200
            response = anon.post(self.URL, {"contact": "someone@example.com"})
        assert response.status_code == 429
        assert "Too many attempts, try again in 15 minutes" in response.content.decode()
        # Another address from the same client still works.
        assert anon.post(self.URL, {"contact": "other@example.com"}).status_code == 200

    def test_too_many_attempts_from_one_client(self, anon, org) -> None:
        for i in range(30):
            anon.post(self.URL, {"contact": f"person{i}@example.com"})
        response = anon.post(self.URL, {"contact": "another@example.com"})
        assert response.status_code == 429
        assert "Too many attempts, try again in an hour" in response.content.decode()

    def test_a_person_gets_at_most_three_links_in_a_window(
        self, org, person, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(5):
                Client(REMOTE_ADDR=f"192.0.2.{i + 1}").post(self.URL, {"contact": person.email})
        assert len(mail.outbox) == 3


class TestRequestLinkByText:
    """Families who gave only a mobile number can get their link (and so withdraw consent) by text message."""

    URL = "/o/northby/my-information"

    def test_a_mobile_number_gets_the_link_by_text(self, anon, org, person, django_capture_on_commit_callbacks) -> None:
        from coproduce.comms.models import Channel, Message

        with django_capture_on_commit_callbacks(execute=True):
            response = anon.post(self.URL, {"contact": "+44 7700 900123"})
        assert response.status_code == 200
        assert "Check your text messages" in response.content.decode()
        message = Message.objects.get()
        assert (message.channel, message.to, message.person) == (Channel.SMS, "07700 900123", person)
        assert "own link" in message.body
        assert not mail.outbox
        assert AuditEvent.objects.get(action="invite").summary == (
            "Own link sent by text message (asked for on the public page)"
        )

    def test_the_answer_is_the_same_for_an_unknown_number(self, anon, org, person) -> None:
        from coproduce.comms.models import Message

        known = anon.post(self.URL, {"contact": "07700 900123"})
        unknown = anon.post(self.URL, {"contact": "07700 900999"})
        assert known.content == unknown.content
        assert Message.objects.count() == 1

    @pytest.mark.parametrize("typed", ["0161 496 0000", "12345", "not a number"])
    def test_a_landline_or_nonsense_is_explained(self, anon, org, typed) -> None:
        html = anon.post(self.URL, {"contact": typed}).content.decode()
        assert "or a mobile phone number like 07700 900 982" in html
