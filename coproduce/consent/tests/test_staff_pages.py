"""Staff pages: a person's consents, recording and withdrawing, sending a person their own link, sharing with a
partner, privacy notices and the data sharing register — by role, across organisations, and their error paths."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coproduce.consent import services
from coproduce.consent.models import Consent, DataShare, DataSharingAgreement, PrivacyNotice
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.stakeholders.models import Partner
from tests.cast import client_for, make_member


def url(name: str, **kwargs) -> str:
    return reverse(f"consent:{name}", kwargs=kwargs)


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD)


@pytest.fixture
def dpo(org):
    return make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER)


class TestPersonConsents:
    def test_it_lists_every_purpose_with_the_answer(self, admin_client_, person, notice, partner) -> None:
        services.consent_give(person=person, purpose="contact", method="verbal", told_to="Tom Gallagher")
        services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="paper")
        html = admin_client_.get(url("person_consents", person_id=person.pk)).content.decode()
        assert "Contact about co-production" in html and "Photos of them" in html
        assert "told Tom Gallagher" in html and "Version 1.0" in html
        assert "Sharing their details with Home-Start Northby" in html
        assert "Not asked" in html

    def test_another_organisations_person_is_404(self, stranger_client, person) -> None:
        assert stranger_client.get(url("person_consents", person_id=person.pk)).status_code == 404
        assert stranger_client.get(url("consent_record", person_id=person.pk)).status_code == 404

    def test_roles(self, org, person, viewer) -> None:
        assert client_for(viewer).get(url("person_consents", person_id=person.pk)).status_code == 403
        safeguarding = make_member(org, "sg@example.org", Role.SAFEGUARDING_LEAD)
        client = client_for(safeguarding)
        html = client.get(url("person_consents", person_id=person.pk)).content.decode()
        assert "Record consent to share" not in html  # may see, may not record
        assert client.get(url("consent_record", person_id=person.pk)).status_code == 403

    def test_query_count_does_not_grow_with_partners(
        self, org, admin_client_, person, django_assert_max_num_queries
    ) -> None:
        for i in range(12):
            partner = Partner.objects.create(organisation=org, name=f"Partner {i}", kind="charity")
            services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="online")
        with django_assert_max_num_queries(9):
            assert admin_client_.get(url("person_consents", person_id=person.pk)).status_code == 200


class TestRecording:
    def test_it_records_an_answer(self, admin_client_, admin, person, notice) -> None:
        response = admin_client_.post(
            url("consent_record", person_id=person.pk),
            {"purpose": "photos", "status": "given", "method": "paper", "lawful_basis": "consent"},
        )
        assert response["Location"] == url("person_consents", person_id=person.pk)
        consent = Consent.objects.get(person=person)
        assert (consent.purpose, consent.status, consent.recorded_by, consent.privacy_notice) == (
            "photos",
            "given",
            admin,
            notice,
        )

    def test_a_past_date_is_kept(self, admin_client_, person) -> None:
        admin_client_.post(
            url("consent_record", person_id=person.pk),
            {
                "purpose": "photos",
                "status": "given",
                "method": "paper",
                "lawful_basis": "consent",
                "answered_on": "1/2/2025",
            },
        )
        assert timezone.localtime(Consent.objects.get().answered_at).date() == dt.date(2025, 2, 1)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"method": "verbal"}, "Enter the name of the member of staff they told"),
            ({"purpose": "share_with_partner"}, "Choose the partner their details would be shared with"),
            ({"purpose": ""}, "Choose what the consent is for"),
            ({"status": ""}, "Say whether they agreed or said no"),
            ({"answered_on": "1/1/2999"}, "The date of their answer must be today or in the past"),
            ({"answered_on": "31/2/2025"}, "Enter date of their answer as a real date"),
        ],
    )
    def test_error_messages(self, admin_client_, person, data, message) -> None:
        payload = {"purpose": "contact", "status": "given", "method": "online", "lawful_basis": "consent", **data}
        response = admin_client_.post(url("consent_record", person_id=person.pk), payload)
        html = response.content.decode()
        assert response.status_code == 200 and message in html and "<title>Error: " in html
        assert not Consent.objects.exists()

    def test_the_form_for_a_child_explains_the_rules_and_refuses_self_consent(self, admin_client_, child) -> None:
        html = admin_client_.get(url("consent_record", person_id=child.pk) + "?purpose=photos").content.decode()
        assert "Under 13, consent must be given by someone with parental responsibility" in html
        assert 'name="given_by_name"' in html
        response = admin_client_.post(
            url("consent_record", person_id=child.pk),
            {
                "purpose": "photos",
                "status": "given",
                "method": "online",
                "lawful_basis": "consent",
                "child_basis": "self_13_plus",
            },
        )
        assert "A child under 13 cannot consent for themselves" in response.content.decode()
        response = admin_client_.post(
            url("consent_record", person_id=child.pk),
            {
                "purpose": "photos",
                "status": "given",
                "method": "paper",
                "lawful_basis": "consent",
                "child_basis": "parental_responsibility",
                "given_by_name": "Jo Bell",
            },
        )
        assert response.status_code == 302
        assert Consent.objects.get(person=child).given_by_name == "Jo Bell"

    def test_the_form_for_an_adult_has_no_child_fields(self, admin_client_, person) -> None:
        html = admin_client_.get(url("consent_record", person_id=person.pk)).content.decode()
        assert 'name="child_basis"' not in html
        assert "record their date of birth first" in html

    def test_changing_an_answer_starts_from_it(self, admin_client_, person, partner) -> None:
        services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="online")
        html = admin_client_.get(
            url("consent_record", person_id=person.pk) + f"?purpose=share_with_partner&partner={partner.pk}"
        ).content.decode()
        assert "Change their answer" in html
        assert f'<option value="{partner.pk}" selected>' in html
        # A partner id that is not a UUID, or another organisation's, is ignored.
        assert (
            admin_client_.get(
                url("consent_record", person_id=person.pk) + "?purpose=share_with_partner&partner=x"
            ).status_code
            == 200
        )

    def test_another_organisations_partner_is_refused(self, admin_client_, person, other_org) -> None:
        theirs = Partner.objects.create(organisation=other_org, name="Theirs", kind="charity")
        response = admin_client_.post(
            url("consent_record", person_id=person.pk),
            {
                "purpose": "share_with_partner",
                "partner": theirs.pk,
                "status": "given",
                "method": "online",
                "lawful_basis": "consent",
            },
        )
        assert "Choose one of your organisation&#x27;s partners" in response.content.decode()


class TestWithdrawing:
    def test_staff_withdraw_with_a_confirmation(self, admin_client_, admin, person) -> None:
        consent = services.consent_give(person=person, purpose="contact", method="online")
        page = url("consent_withdraw", person_id=person.pk, consent_id=consent.pk)
        assert "This takes effect straight away" in admin_client_.get(page).content.decode()
        consent.refresh_from_db()
        assert consent.status == "given"  # looking at the page changes nothing
        assert admin_client_.post(page).status_code == 302
        consent.refresh_from_db()
        assert consent.status == "withdrawn" and consent.withdrawn_via == "staff"
        assert AuditEvent.objects.get(action="withdraw").actor == admin

    def test_a_consent_of_another_person_is_404(self, org, admin_client_, person) -> None:
        from coproduce.people.models import Person

        someone = Person.objects.create(organisation=org, full_name="Someone")
        consent = services.consent_give(person=someone, purpose="contact", method="online")
        page = url("consent_withdraw", person_id=person.pk, consent_id=consent.pk)
        assert admin_client_.post(page).status_code == 404
        consent.refresh_from_db()
        assert consent.status == "given"

    def test_viewers_cannot_withdraw(self, viewer, person) -> None:
        consent = services.consent_give(person=person, purpose="contact", method="online")
        page = url("consent_withdraw", person_id=person.pk, consent_id=consent.pk)
        assert client_for(viewer).post(page).status_code == 403


class TestSendLink:
    def test_it_emails_the_person_their_link(
        self, admin_client_, admin, person, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client_.post(url("send_link", person_id=person.pk))
        assert response["Location"] == reverse("people:person_detail", kwargs={"person_id": person.pk})
        assert mail.outbox[0].to == ["aisha.rahman@example.com"]
        assert "http://testserver/my/" in mail.outbox[0].body
        line = AuditEvent.objects.get(action="invite")
        assert line.actor == admin and "aisha" not in line.summary.lower()

    def test_no_contact_consent_is_needed_but_an_email_is(
        self, org, admin_client_, django_capture_on_commit_callbacks
    ) -> None:
        from coproduce.people.models import Person

        no_email = Person.objects.create(organisation=org, full_name="No Email")
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client_.post(url("send_link", person_id=no_email.pk), {"back": "consents"}, follow=True)
        assert "Add an email address for them first" in response.content.decode()
        assert response.redirect_chain[-1][0] == url("person_consents", person_id=no_email.pk)
        assert mail.outbox == []

    def test_it_is_post_only_and_404_for_strangers(self, admin_client_, stranger_client, person) -> None:
        assert admin_client_.get(url("send_link", person_id=person.pk)).status_code == 405
        assert stranger_client.post(url("send_link", person_id=person.pk)).status_code == 404


class TestSharing:
    def share(self, client, person, partner, **data):
        payload = {"partner": partner.pk, "reason": "Referral for home visits", "details": ["name", "phone"], **data}
        return client.post(url("person_share", person_id=person.pk), payload)

    def test_refused_without_a_current_agreement(self, colleague_client, person, partner) -> None:
        services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="online")
        html = self.share(colleague_client, person, partner).content.decode()
        assert "There is no current data sharing agreement with Home-Start Northby" in html
        assert not DataShare.objects.exists()

    def test_refused_after_the_review_date(self, colleague_client, person, partner, agreement) -> None:
        services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="online")
        DataSharingAgreement.objects.filter(pk=agreement.pk).update(
            review_on=timezone.localdate() - dt.timedelta(days=1)
        )
        assert "no current data sharing agreement" in self.share(colleague_client, person, partner).content.decode()

    def test_refused_without_consent_or_after_withdrawal(self, colleague_client, person, partner, agreement) -> None:
        html = self.share(colleague_client, person, partner).content.decode()
        assert "Ash has not agreed to their details being shared with Home-Start Northby." in html
        consent = services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="online")
        services.consent_withdraw(consent=consent, via="own link")
        assert "has not agreed" in self.share(colleague_client, person, partner).content.decode()
        assert not DataShare.objects.exists()

    def test_the_partner_needs_a_contact_email(self, colleague_client, person, partner, agreement) -> None:
        services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="online")
        Partner.objects.filter(pk=partner.pk).update(contact_email="")
        html = self.share(colleague_client, person, partner).content.decode()
        assert "Home-Start Northby has no contact email address" in html

    @pytest.mark.parametrize(
        ("data", "message"),
        [({"details": []}, "Choose which details to share"), ({"reason": ""}, "Say why you are sharing their details")],
    )
    def test_form_errors(self, colleague_client, person, partner, agreement, data, message) -> None:
        assert message in self.share(colleague_client, person, partner, **data).content.decode()

    def test_it_shares_the_chosen_details_only(
        self, colleague, colleague_client, person, partner, agreement, django_capture_on_commit_callbacks
    ) -> None:
        services.consent_give(person=person, purpose="share_with_partner", partner=partner, method="online")
        with django_capture_on_commit_callbacks(execute=True):
            response = self.share(colleague_client, person, partner)
        assert response.status_code == 302
        share = DataShare.objects.get()
        assert (share.agreement, share.shared_by, share.details_shared) == (agreement, colleague, "Name, Phone number")
        message = mail.outbox[0]
        assert message.to == ["ruth@example.org"]
        assert "Aisha Rahman" in message.body and "07700 900123" in message.body
        assert "aisha.rahman@example.com" not in message.body and "NB1 2AB" not in message.body
        assert "Aisha" not in message.subject
        line = AuditEvent.objects.get(action="share")
        assert line.changes["fields"] == ["name", "phone"]
        assert "Aisha" not in line.summary and "Referral" not in str(line.changes)

    def test_roles(self, org, dpo, viewer, person) -> None:
        assert client_for(dpo).get(url("person_share", person_id=person.pk)).status_code == 403
        assert client_for(viewer).get(url("person_share", person_id=person.pk)).status_code == 403


class TestNotices:
    def test_add_a_version_and_list_it(self, dpo) -> None:
        client = client_for(dpo)
        response = client.post(
            url("notice_create"), {"version": "2.1", "published_on": "1/3/2026", "summary": "What we collect"}
        )
        assert response["Location"] == url("notice_list")
        notice = PrivacyNotice.objects.get()
        assert notice.version == "2.1" and notice.published_on == dt.date(2026, 3, 1)
        assert AuditEvent.objects.filter(action="create", object_id=str(notice.pk)).exists()
        assert "2.1" in client.get(url("notice_list")).content.decode()

    def test_versions_are_never_edited(self, dpo, notice) -> None:
        response = client_for(dpo).post(
            url("notice_create"), {"version": "1.0", "published_on": "1/3/2026", "summary": "Changed"}
        )
        assert "Version 1.0 already exists. Versions are never changed" in response.content.decode()
        notice.refresh_from_db()
        assert notice.summary != "Changed"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"version": ""}, "Enter the version number, for example 2.1"),
            ({"published_on": ""}, "Enter date published"),
            ({"summary": ""}, "Enter a summary of the notice in plain English"),
            ({"url": "not a url"}, "Enter a web address in the correct format"),
        ],
    )
    def test_errors(self, dpo, data, message) -> None:
        payload = {"version": "3", "published_on": "1/3/2026", "summary": "x", **data}
        assert message in client_for(dpo).post(url("notice_create"), payload).content.decode()

    def test_roles(self, lead, colleague) -> None:
        assert client_for(lead).get(url("notice_list")).status_code == 403
        assert client_for(colleague).get(url("notice_create")).status_code == 403


class TestRegister:
    def make(self, org, name, *, review_in, ends_in=None, starts_in=-100):
        today = timezone.localdate()
        partner = Partner.objects.create(organisation=org, name=name, kind="charity")
        return DataSharingAgreement.objects.create(
            organisation=org,
            partner=partner,
            purpose="Referrals",
            data_shared="Name",
            starts_on=today + dt.timedelta(days=starts_in),
            review_on=today + dt.timedelta(days=review_in),
            ends_on=today + dt.timedelta(days=ends_in) if ends_in is not None else None,
        )

    def test_status_tags(self, org, colleague_client) -> None:
        self.make(org, "Current one", review_in=100)
        self.make(org, "Due one", review_in=20)
        self.make(org, "Overdue one", review_in=-1)
        self.make(org, "Ended one", review_in=100, ends_in=-1)
        html = colleague_client.get(url("agreement_list")).content.decode()
        for tag in ("Current", "Review due soon", "Review overdue: sharing stopped", "Ended"):
            assert f">{tag}</strong>" in html
        assert "Add an agreement" not in html  # staff may see, not change

    def test_add_and_edit(self, org, dpo, partner) -> None:
        client = client_for(dpo)
        data = {
            "partner": partner.pk,
            "purpose": "Referrals",
            "data_shared": "Name, phone",
            "starts_on": "1/1/2026",
            "review_on": "1/1/2027",
        }
        assert client.post(url("agreement_create"), data)["Location"] == url("agreement_list")
        agreement = DataSharingAgreement.objects.get()
        response = client.post(url("agreement_edit", agreement_id=agreement.pk), {**data, "review_on": "1/6/2027"})
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.review_on == dt.date(2027, 6, 1)
        line = AuditEvent.objects.get(action="update", object_id=str(agreement.pk))
        assert "review_on" in line.changes

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"review_on": "1/1/2026"}, "The review date must be after the start date"),
            ({"ends_on": "31/12/2025"}, "The end date must be the same as or after the start date"),
            ({"partner": ""}, "Choose the partner"),
            ({"data_shared": ""}, "Say which details you share"),
            ({"starts_on": ""}, "Enter start date"),
        ],
    )
    def test_errors(self, dpo, partner, data, message) -> None:
        payload = {
            "partner": partner.pk,
            "purpose": "Referrals",
            "data_shared": "Name",
            "starts_on": "1/1/2026",
            "review_on": "1/1/2027",
            **data,
        }
        response = client_for(dpo).post(url("agreement_create"), payload)
        assert message in response.content.decode() and not DataSharingAgreement.objects.exists()

    def test_another_organisations_partner_cannot_be_chosen(self, dpo, other_org) -> None:
        theirs = Partner.objects.create(organisation=other_org, name="Theirs", kind="charity")
        payload = {
            "partner": theirs.pk,
            "purpose": "x",
            "data_shared": "x",
            "starts_on": "1/1/2026",
            "review_on": "1/1/2027",
        }
        response = client_for(dpo).post(url("agreement_create"), payload)
        assert "Choose one of your organisation&#x27;s partners" in response.content.decode()

    def test_roles_and_tenancy(self, org, colleague_client, viewer, stranger_client) -> None:
        agreement = self.make(org, "P", review_in=100)
        assert colleague_client.get(url("agreement_edit", agreement_id=agreement.pk)).status_code == 403
        assert client_for(viewer).get(url("agreement_list")).status_code == 403
        assert stranger_client.get(url("agreement_edit", agreement_id=agreement.pk)).status_code == 404

    @pytest.mark.parametrize("count", [2, 12])
    def test_query_count_does_not_grow(self, org, admin_client_, count, django_assert_num_queries) -> None:
        for i in range(count):
            self.make(org, f"Partner {i}", review_in=i * 10)
        with django_assert_num_queries(4):
            assert admin_client_.get(url("agreement_list")).status_code == 200


def test_the_person_section_shows_answers_and_actions(org, admin, person, partner, notice) -> None:
    services.consent_give(person=person, purpose="contact", method="online")
    request = RequestFactory().get("/")
    request.user = admin
    html = render_to_string(
        "consent/_person_section.html",
        {"person": person, "user": admin, "organisation": org, "request": request},
    )
    assert "Consent and sharing" in html and ">Given</strong>" in html
    assert url("send_link", person_id=person.pk) in html
    assert url("person_share", person_id=person.pk) in html
    assert url("agreement_list") in html
    assert "Withdraw" in html


def test_cancelling_links_stops_every_link_already_sent(org, admin, person) -> None:
    from coproduce.consent.links import make_token, person_from_token

    sent = make_token(person)
    assert person_from_token(sent) == person
    viewer = client_for(make_member(org, "viewer.links@example.org", Role.VIEWER))
    url = reverse("consent:cancel_links", kwargs={"person_id": person.pk})
    assert viewer.post(url).status_code == 403
    assert person_from_token(sent) == person
    response = client_for(admin).post(url)
    assert response.status_code == 302
    assert person_from_token(sent) is None
    person.refresh_from_db()
    assert person_from_token(make_token(person)) == person  # a new link works
    line = AuditEvent.objects.get(action="revoke", object_id=str(person.pk))
    assert person.full_name not in f"{line.object_label} {line.summary}"
