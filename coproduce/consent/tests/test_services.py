"""The consent services: one row per purpose, the children's rules, withdrawal taking effect at once everywhere,
objections where consent is not the basis, and audit lines that name fields only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.consent import services
from coproduce.consent.checks import has_consent, may_contact, may_share
from coproduce.consent.messages import ContactRefused, send_to_person
from coproduce.consent.models import Consent, PrivacyNotice
from coproduce.core.models import AuditEvent
from coproduce.people.models import Person
from coproduce.stakeholders.models import Partner

from .conftest import born_years_ago


def give(person, purpose="contact", **kwargs) -> Consent:
    kwargs.setdefault("method", "online")
    return services.consent_give(person=person, purpose=purpose, **kwargs)


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}


class TestGiving:
    def test_it_records_the_current_notice_and_bumps_last_active(self, admin, person, notice) -> None:
        before = person.last_active_at
        consent = give(person, actor=admin, method="paper")
        assert consent.privacy_notice == notice
        assert consent.recorded_by == admin
        assert consent.method == "paper" and consent.status == "given"
        person.refresh_from_db()
        assert person.last_active_at > before
        assert has_consent(person, "contact")

    def test_a_future_notice_is_not_the_current_one(self, org, person, notice) -> None:
        PrivacyNotice.objects.create(
            organisation=org, version="2.0", published_on=timezone.localdate() + dt.timedelta(days=5), summary="x"
        )
        assert services.current_notice(org) == notice

    def test_one_row_per_purpose_answering_again_updates_it(self, admin, person, notice) -> None:
        give(person, status="refused")
        consent = give(person, actor=admin, method="verbal", told_to="Tom Gallagher")
        assert Consent.objects.filter(person=person).count() == 1
        assert consent.status == "given" and consent.told_to == "Tom Gallagher"
        line = AuditEvent.objects.filter(action="update", object_id=str(consent.pk)).get()
        assert set(line.changes["fields"]) == {"status", "method", "told_to"}

    def test_audit_lines_name_fields_only(self, admin, child) -> None:
        give(child, actor=admin, method="paper", child_basis="parental_responsibility", given_by_name="Jo Bell")
        line = AuditEvent.objects.get(action="create")
        text = f"{line.summary} {line.changes} {line.object_label}"
        assert "Jo Bell" not in text and "Mia" not in text
        assert "given_by_name" in line.changes["fields"]
        assert line.object_label.startswith("Consent (contact) of person")

    def test_sharing_needs_a_partner_of_the_same_organisation(self, person, other_org) -> None:
        with pytest.raises(ValidationError) as error:
            give(person, "share_with_partner")
        assert "Choose the partner" in messages_of(error.value)["partner"][0]
        theirs = Partner.objects.create(organisation=other_org, name="Theirs", kind="charity")
        with pytest.raises(ValidationError) as error:
            give(person, "share_with_partner", partner=theirs)
        assert messages_of(error.value)["partner"] == ["Choose one of your organisation's partners"]

    def test_sharing_consent_is_per_partner(self, org, person, partner) -> None:
        other = Partner.objects.create(organisation=org, name="Young Carers", kind="charity")
        give(person, "share_with_partner", partner=partner)
        give(person, "share_with_partner", partner=other, status="refused")
        assert has_consent(person, "share_with_partner", partner=partner)
        assert not has_consent(person, "share_with_partner", partner=other)

    def test_a_partner_is_only_for_sharing(self, person, partner) -> None:
        with pytest.raises(ValidationError) as error:
            give(person, "photos", partner=partner)
        assert "only needed for sharing" in messages_of(error.value)["partner"][0]

    def test_verbal_consent_says_who_was_told(self, person) -> None:
        with pytest.raises(ValidationError) as error:
            give(person, method="verbal")
        assert messages_of(error.value)["told_to"] == ["Enter the name of the member of staff they told"]

    def test_the_told_to_name_is_dropped_for_other_methods(self, person) -> None:
        assert give(person, method="paper", told_to="Tom").told_to == ""

    def test_a_refusal_cannot_have_another_lawful_basis(self, person) -> None:
        with pytest.raises(ValidationError) as error:
            give(person, status="refused", lawful_basis="public_task")
        assert "nothing to refuse" in messages_of(error.value)["status"][0]

    def test_another_organisations_notice_is_refused(self, person, other_org) -> None:
        theirs = PrivacyNotice.objects.create(
            organisation=other_org, version="9", published_on=timezone.localdate(), summary="x"
        )
        with pytest.raises(ValidationError) as error:
            give(person, privacy_notice=theirs)
        assert "privacy_notice" in messages_of(error.value)

    def test_an_erased_person_cannot_be_given_consent(self, person) -> None:
        person.erased_at = timezone.now()
        person.save()
        with pytest.raises(ValidationError):
            give(person)


class TestChildrensRules:
    def test_under_13_needs_a_basis(self, child) -> None:
        with pytest.raises(ValidationError) as error:
            give(child)
        assert "This child is under 13" in messages_of(error.value)["child_basis"][0]

    def test_under_13_cannot_consent_for_themselves(self, child) -> None:
        with pytest.raises(ValidationError) as error:
            give(child, child_basis="self_13_plus")
        assert "A child under 13 cannot consent for themselves" in messages_of(error.value)["child_basis"][0]

    def test_parental_responsibility_needs_the_name(self, child) -> None:
        with pytest.raises(ValidationError) as error:
            give(child, method="paper", child_basis="parental_responsibility")
        assert messages_of(error.value)["given_by_name"] == [
            "Enter the name of the person with parental responsibility who gave consent"
        ]
        consent = give(child, method="paper", child_basis="parental_responsibility", given_by_name="Jo Bell")
        assert consent.given_by_name == "Jo Bell" and consent.gillick_assessed_by == ""

    def test_gillick_needs_the_practitioner_and_a_past_date(self, child) -> None:
        with pytest.raises(ValidationError) as error:
            give(child, method="verbal", told_to="Tom", child_basis="gillick")
        found = messages_of(error.value)
        assert found["gillick_assessed_by"] == ["Enter the name of the practitioner who assessed Gillick competence"]
        assert found["gillick_assessed_on"] == ["Enter the date of the Gillick competence assessment"]
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            give(child, child_basis="gillick", gillick_assessed_by="Kasia Nowak", gillick_assessed_on=tomorrow)
        assert messages_of(error.value)["gillick_assessed_on"] == [
            "The date of the assessment must be today or in the past"
        ]
        consent = give(
            child,
            child_basis="gillick",
            gillick_assessed_by="Kasia Nowak",
            gillick_assessed_on=timezone.localdate(),
            given_by_name="typed then abandoned",
        )
        assert consent.gillick_assessed_by == "Kasia Nowak" and consent.given_by_name == ""

    def test_a_young_person_consents_for_themselves_online_only(self, young) -> None:
        assert give(young, child_basis="self_13_plus").child_basis == "self_13_plus"
        with pytest.raises(ValidationError) as error:
            give(young, "photos", method="paper", child_basis="self_13_plus")
        assert "only online" in messages_of(error.value)["child_basis"][0]

    def test_a_young_person_needs_a_basis(self, young) -> None:
        with pytest.raises(ValidationError) as error:
            give(young)
        assert messages_of(error.value)["child_basis"] == ["This young person is under 18: say how consent was given"]

    def test_a_child_can_say_no_without_a_basis(self, child) -> None:
        assert give(child, status="refused").status == "refused"

    def test_another_lawful_basis_needs_no_childs_consent(self, child) -> None:
        assert give(child, method="paper", lawful_basis="public_task").child_basis == ""
        with pytest.raises(ValidationError):
            give(child, "photos", method="paper", lawful_basis="public_task", child_basis="self_13_plus")

    def test_adults_have_no_child_basis(self, org, person) -> None:
        adult = Person.objects.create(organisation=org, full_name="Ben Adult", date_of_birth=born_years_ago(30))
        with pytest.raises(ValidationError) as error:
            give(adult, child_basis="parental_responsibility", given_by_name="X")
        assert messages_of(error.value)["child_basis"] == [
            "Leave the basis for a child empty: this person is 18 or over"
        ]
        with pytest.raises(ValidationError) as error:
            give(person, child_basis="self_13_plus")
        assert "record their date of birth first" in messages_of(error.value)["child_basis"][0]

    def test_someone_just_18_is_an_adult_and_just_13_may_consent_online(self, org) -> None:
        eighteen = Person.objects.create(organisation=org, full_name="Just 18", date_of_birth=born_years_ago(18, 2))
        thirteen = Person.objects.create(organisation=org, full_name="Just 13", date_of_birth=born_years_ago(13, 2))
        assert services.age_group(eighteen) == "adult" and give(eighteen).child_basis == ""
        assert services.age_group(thirteen) == "young"
        assert give(thirteen, child_basis="self_13_plus").child_basis == "self_13_plus"


class TestWithdrawal:
    def test_withdrawal_stops_sending_at_once(self, person, django_capture_on_commit_callbacks) -> None:
        consent = give(person)
        with django_capture_on_commit_callbacks(execute=True):
            send_to_person(person, subject="Come along", text="An event")
        services.consent_withdraw(consent=consent, via="own link")
        assert not may_contact(person)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ContactRefused):
            send_to_person(person, subject="Come along again", text="Another event")
        assert [m.subject for m in mail.outbox] == ["Come along"]

    def test_withdrawal_stops_sharing_at_once(self, person, partner, agreement) -> None:
        consent = give(person, "share_with_partner", partner=partner)
        assert may_share(person, partner).allowed
        services.consent_withdraw(consent=consent, via="staff")
        decision = may_share(person, partner)
        assert not decision.allowed
        assert decision.reason == "Ash has not agreed to their details being shared with Home-Start Northby."

    def test_it_is_audited_and_idempotent(self, admin, person) -> None:
        consent = give(person)
        services.consent_withdraw(consent=consent, actor=admin, via="staff")
        services.consent_withdraw(consent=consent, actor=admin, via="staff")
        consent.refresh_from_db()
        assert consent.status == "withdrawn" and consent.withdrawn_via == "staff" and consent.withdrawn_at
        line = AuditEvent.objects.get(action="withdraw")
        assert line.summary == "Consent withdrawn (staff)" and line.actor == admin

    def test_a_refusal_has_nothing_to_withdraw(self, person) -> None:
        consent = give(person, status="refused")
        assert services.consent_withdraw(consent=consent, via="api").status == "refused"
        assert not AuditEvent.objects.filter(action="withdraw").exists()

    def test_another_basis_is_objected_to(self, person) -> None:
        consent = give(person, lawful_basis="public_task")
        assert may_contact(person)
        services.consent_withdraw(consent=consent, via="own link")
        assert not may_contact(person)
        assert AuditEvent.objects.get(action="withdraw").summary == "Objection recorded (own link)"

    def test_giving_again_after_withdrawal(self, person) -> None:
        consent = give(person)
        services.consent_withdraw(consent=consent, via="own link")
        again = give(person)
        assert again.pk == consent.pk and again.withdrawn_at is None and may_contact(person)
        assert "withdrawn_at" in AuditEvent.objects.filter(action="update").get().changes["fields"]

    def test_via_must_be_known(self, person) -> None:
        with pytest.raises(ValueError):
            services.consent_withdraw(consent=give(person), via="carrier pigeon")


class TestSelfUpdates:
    def test_person_self_update_names_fields_only(self, person) -> None:
        services.person_self_update(person=person, email="new.address@example.com", postcode="nb3  4cd")
        person.refresh_from_db()
        assert person.email == "new.address@example.com" and person.postcode == "NB3 4CD"
        line = AuditEvent.objects.get(action="update")
        assert line.changes == {"fields": ["email", "postcode"]} and line.actor is None
        assert "new.address" not in str(line.changes) + line.summary

    def test_person_self_update_refuses_other_fields(self, person) -> None:
        with pytest.raises(ValueError):
            services.person_self_update(person=person, full_name="Someone Else")

    def test_access_needs_are_confirmed_by_the_person(self, person) -> None:
        needs = services.access_needs_self_update(person=person, childcare=True, not_evenings=True)
        assert needs.confirmed_by_person_at is not None and needs.needs() == ["childcare"]
        assert AuditEvent.objects.get(action="create").changes == {
            "fields": ["childcare", "not_evenings"],
            "by_person": True,
        }

    def test_an_interpreter_needs_a_language(self, person) -> None:
        with pytest.raises(ValidationError) as error:
            services.access_needs_self_update(person=person, interpreter=True, interpreter_language=" ")
        assert messages_of(error.value)["interpreter_language"] == [
            "Tell us which language you need an interpreter for"
        ]
