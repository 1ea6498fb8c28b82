"""The commitment: its text and history, members signing as themselves, leads recording signatures of partner
organisations and named people (with or without consent to show the name), and withdrawing signatures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coproduce.commitments import services
from coproduce.commitments.models import Commitment, Signature
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership, Role
from coproduce.stakeholders.models import Partner
from tests.cast import client_for, make_member


def url(name: str, **kwargs) -> str:
    return reverse(f"commitments:{name}", kwargs=kwargs)


@pytest.fixture
def partner(seeded) -> Partner:
    return Partner.objects.create(organisation=seeded, name="Northby Parent Carer Forum", kind="parent_carer_forum")


class TestText:
    def test_a_lead_writes_then_changes_the_commitment_with_history(self, lead_client, seeded) -> None:
        lead_client.post(url("commitment_edit"), {"text": "We will listen."})
        lead_client.post(url("commitment_edit"), {"text": "We will listen and act."})
        commitment = Commitment.objects.get()
        assert commitment.text == "We will listen and act."
        html = lead_client.get(url("commitment")).content.decode()
        assert "Wrote the commitment to co-produce" in html and "Changed the commitment to co-produce" in html
        event = AuditEvent.objects.filter(object_id=str(commitment.pk), action="update").get()
        assert event.changes["text"] == ["We will listen.", "We will listen and act."]

    def test_an_empty_commitment_is_refused(self, lead_client, seeded) -> None:
        html = lead_client.post(url("commitment_edit"), {"text": " "}).content.decode()
        assert "Enter the commitment" in html and 'href="#id_text"' in html
        assert not Commitment.objects.exists()

    def test_the_edit_page_shows_the_readability_score(self, lead_client, commitment) -> None:
        assert "Reading ease score" in lead_client.get(url("commitment_edit")).content.decode()

    def test_one_commitment_per_organisation(self, commitment) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Commitment.objects.create(organisation=commitment.organisation, text="Another")


class TestSigning:
    def test_a_member_signs_as_themselves(self, colleague_client, colleague, commitment, today) -> None:
        colleague_client.post(url("commitment_sign"), {"show_publicly": "on"})
        signature = Signature.objects.get()
        assert (signature.kind, signature.name, signature.signed_on, signature.show_publicly) == (
            "member",
            "Colin Colleague",
            today,
            True,
        )
        assert signature.member == Membership.objects.get(user=colleague)
        html = colleague_client.get(url("commitment")).content.decode()
        assert "You have signed the commitment." in html
        assert f'href="{url("commitment_sign")}"' not in html

    def test_a_name_is_private_unless_the_member_agrees(self, colleague_client, commitment) -> None:
        colleague_client.post(url("commitment_sign"), {})
        assert Signature.objects.get().show_publicly is False

    def test_signing_twice_is_refused(self, colleague, commitment) -> None:
        membership = Membership.objects.get(user=colleague)
        services.commitment_sign(actor=colleague, membership=membership, show_publicly=False)
        with pytest.raises(ValidationError):
            services.commitment_sign(actor=colleague, membership=membership, show_publicly=False)
        assert Signature.objects.count() == 1

    def test_nothing_to_sign_before_the_commitment_is_written(self, colleague_client, seeded) -> None:
        response = colleague_client.get(url("commitment_sign"))
        assert response["Location"] == url("commitment")
        assert not Signature.objects.exists()

    def test_a_lead_records_a_partner_organisation(self, lead_client, commitment, partner, today) -> None:
        response = lead_client.post(
            url("signature_partner"),
            {"partner": str(partner.pk), "signed_by": "Joanne Reid, chair", "signed_on": today.strftime("%d/%m/%Y")},
        )
        assert response.status_code == 302
        signature = Signature.objects.get()
        assert (signature.kind, signature.partner, signature.name, signature.show_publicly) == (
            "partner",
            partner,
            partner.name,
            False,
        )

    def test_a_lead_records_a_named_person_who_signed_on_paper(self, lead_client, commitment, today) -> None:
        signed = (today - dt.timedelta(days=3)).strftime("%d/%m/%Y")
        lead_client.post(
            url("signature_person"),
            {"name": "Aisha Mensah", "role_or_organisation": "Parent", "signed_on": signed, "show_publicly": "on"},
        )
        signature = Signature.objects.get()
        assert (signature.kind, signature.name, signature.role_or_organisation) == ("person", "Aisha Mensah", "Parent")
        assert signature.signed_on == today - dt.timedelta(days=3) and signature.show_publicly

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"name": ""}, "name", "Enter the name of the person who signed"),
            ({"signed_on": ""}, "signed_on", "Enter date signed"),
            ({"signed_on": "30/2/2027"}, "signed_on", "Enter date signed as a real date"),
            ({"signed_on": "1/1/2999"}, "signed_on", "The date signed must be today or in the past"),
        ],
    )
    def test_bad_person_signatures_are_refused(self, lead_client, commitment, today, data, field, message) -> None:
        form = {"name": "Aisha Mensah", "signed_on": today.strftime("%d/%m/%Y"), **data}
        html = lead_client.post(url("signature_person"), form).content.decode()
        assert message in html and f'href="#id_{field}"' in html
        assert not Signature.objects.exists()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"partner": ""}, "Choose the partner organisation that signed"),
            ({"signed_on": "1/1/2999"}, "The date signed must be today or in the past"),
        ],
    )
    def test_bad_partner_signatures_are_refused(self, lead_client, commitment, partner, today, data, message) -> None:
        form = {"partner": str(partner.pk), "signed_on": today.strftime("%d/%m/%Y"), **data}
        html = lead_client.post(url("signature_partner"), form).content.decode()
        assert message in html
        assert not Signature.objects.exists()

    def test_a_partner_of_another_organisation_is_refused(self, lead_client, lead, commitment, other_org, today):
        theirs = Partner.objects.create(organisation=other_org, name="Southby Forum", kind="charity")
        html = lead_client.post(
            url("signature_partner"), {"partner": str(theirs.pk), "signed_on": today.strftime("%d/%m/%Y")}
        ).content.decode()
        assert "Choose one of your organisation&#x27;s partners" in html
        with pytest.raises(ValidationError):
            services.signature_record_partner(
                actor=lead, organisation=commitment.organisation, partner=theirs, signed_on=today
            )
        assert not Signature.objects.exists()

    def test_a_partner_signs_once(self, lead, commitment, partner, today) -> None:
        services.signature_record_partner(
            actor=lead, organisation=commitment.organisation, partner=partner, signed_on=today
        )
        with pytest.raises(ValidationError):
            services.signature_record_partner(
                actor=lead, organisation=commitment.organisation, partner=partner, signed_on=today
            )


class TestWithdrawing:
    def test_a_member_withdraws_their_own_signature(self, colleague_client, colleague, commitment, today) -> None:
        signature = services.commitment_sign(
            actor=colleague, membership=Membership.objects.get(user=colleague), show_publicly=True
        )
        colleague_client.post(url("signature_withdraw", signature_id=signature.pk), {"reason": "Changed my mind"})
        signature.refresh_from_db()
        assert (signature.withdrawn_on, signature.withdrawn_by, signature.withdrawal_reason) == (
            today,
            colleague,
            "Changed my mind",
        )
        html = colleague_client.get(url("commitment")).content.decode()
        assert "Withdrawn signatures" in html and "Changed my mind" in html
        assert AuditEvent.objects.filter(object_id=str(signature.pk), action="revoke").exists()
        # Withdrawn, they may sign again.
        services.commitment_sign(
            actor=colleague, membership=Membership.objects.get(user=colleague), show_publicly=False
        )
        assert Signature.objects.active().count() == 1

    def test_a_member_cannot_withdraw_someone_elses(self, colleague_client, lead, commitment, today) -> None:
        signature = services.signature_record_person(
            actor=lead, organisation=commitment.organisation, name="Aisha", signed_on=today
        )
        assert colleague_client.get(url("signature_withdraw", signature_id=signature.pk)).status_code == 403
        assert colleague_client.post(url("signature_withdraw", signature_id=signature.pk)).status_code == 403
        signature.refresh_from_db()
        assert signature.is_active

    def test_a_lead_withdraws_any_signature(self, lead_client, lead, commitment, today) -> None:
        signature = services.signature_record_person(
            actor=lead, organisation=commitment.organisation, name="Aisha", signed_on=today
        )
        lead_client.post(url("signature_withdraw", signature_id=signature.pk), {})
        signature.refresh_from_db()
        assert not signature.is_active
        with pytest.raises(ValidationError):
            services.signature_withdraw(actor=lead, signature=signature)

    def test_the_withdraw_permission_follows_the_signature(self, org, colleague, lead, commitment, today) -> None:
        own = services.commitment_sign(
            actor=colleague, membership=Membership.objects.get(user=colleague), show_publicly=False
        )
        other = services.signature_record_person(actor=lead, organisation=org, name="Aisha", signed_on=today)
        viewer = make_member(org, "v@example.org", Role.VIEWER)
        assert colleague.has_perm("commitments.withdraw_signature", own)
        assert not colleague.has_perm("commitments.withdraw_signature", other)
        assert not viewer.has_perm("commitments.withdraw_signature", own)
        assert lead.has_perm("commitments.withdraw_signature", own)


class TestQueryCounts:
    def test_the_commitment_page_needs_a_fixed_number_of_queries(
        self, lead_client, lead, commitment, seeded, today, django_assert_max_num_queries
    ) -> None:
        for i in range(30):
            services.signature_record_person(
                actor=lead, organisation=seeded, name=f"Parent {i}", signed_on=today, show_publicly=i % 2 == 0
            )
        for i in range(10):
            partner = Partner.objects.create(organisation=seeded, name=f"Partner {i}", kind="charity")
            services.signature_record_partner(actor=lead, organisation=seeded, partner=partner, signed_on=today)
        for i in range(5):
            member = make_member(seeded, f"m{i}@example.org", Role.STAFF)
            services.commitment_sign(actor=member, membership=Membership.objects.get(user=member), show_publicly=True)
        with django_assert_max_num_queries(7):
            assert lead_client.get(url("commitment")).status_code == 200
        client = client_for(make_member(seeded, "new@example.org", Role.PARTNER))
        with django_assert_max_num_queries(7):
            assert client.get(url("commitment")).status_code == 200
