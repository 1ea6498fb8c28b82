"""Referral services: a referral without consent saves nothing, the service's checks name each field, confirming a
match links the family to a person and starts their support (with the score and reasons), a supporter who can no
longer be matched is refused with nothing saved, closing needs a reason, and the emails say nothing of the family.

`make_supporter` and `details` are shared by the other referral test modules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.peers.models import (
    PeerSupporter,
    Referral,
    ReferralSource,
    ReferralStatus,
    Supervision,
    SupportEpisode,
    SupporterCheck,
)
from coproduce.peers.services import referrals as services
from coproduce.people.models import Person
from tests.cast import make_member

DAY = dt.timedelta(days=1)


def make_supporter(
    org,
    name: str = "Sam Supporter",
    *,
    experiences=(),
    languages=(),
    ways=("face_to_face", "phone"),
    available=(),
    areas=(),
    capacity: int = 2,
    user=None,
    coordinator=None,
    dbs_expires: dt.date | None = None,
) -> PeerSupporter:
    """An active supporter with every check in date (DBS until `dbs_expires` if given) and supervision due later."""
    today = timezone.localdate()
    person = Person.objects.create(organisation=org, full_name=name)
    supporter = PeerSupporter.objects.create(
        organisation=org,
        person=person,
        user=user,
        coordinator=coordinator,
        experiences=list(experiences),
        languages=list(languages),
        ways=list(ways),
        available=list(available),
        areas=list(areas),
        capacity=capacity,
    )
    for kind in SupporterCheck.Kind.values:
        expires = dbs_expires if kind == SupporterCheck.Kind.DBS and dbs_expires else today + 300 * DAY
        SupporterCheck.objects.create(
            organisation=org, supporter=supporter, kind=kind, issued_on=today - 400 * DAY, expires_on=expires
        )
    Supervision.objects.create(
        organisation=org, supporter=supporter, held_on=today - 10 * DAY, next_due_on=today + 50 * DAY
    )
    return supporter


def details(**fields) -> services.ReferralDetails:
    values = {
        "help_with": "Feeling alone since we moved here",
        "consent": True,
        "contact_name": "Fran Family",
        "contact_phone": "07700 900123",
        "consent_how": "Verbally to Colin",
    }
    values.update(fields)
    return services.ReferralDetails(**values)


def referral_for(org, actor=None, **fields) -> Referral:
    return services.referral_create(actor=actor, organisation=org, details=details(**fields))


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a service and the emails it leaves for after the commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


class TestReferralCreate:
    def test_without_consent_nothing_is_saved_and_the_message_says_why(self, org, colleague) -> None:
        with pytest.raises(ValidationError) as error:
            referral_for(org, colleague, consent=False)
        assert error.value.message_dict["consent"] == ["The family must agree to be referred before you can send this"]
        assert not Referral.objects.exists()
        assert not AuditEvent.objects.filter(object_type="peers.Referral").exists()

    def test_each_problem_is_named_by_its_field(self, org, colleague) -> None:
        with pytest.raises(ValidationError) as error:
            referral_for(
                org,
                colleague,
                help_with=" ",
                contact_name="",
                contact_phone="",
                postcode="nonsense",
                online_only=True,
                ways=["face_to_face"],
            )
        problems = error.value.message_dict
        assert set(problems) == {"help_with", "contact_name", "contact_phone", "postcode", "ways"}
        assert "online" in problems["ways"][0].lower()

    def test_a_staff_referral_keeps_the_wishes_and_how_the_family_agreed(self, org, colleague, hub) -> None:
        referral = referral_for(
            org, colleague, hub=hub, wanted_experiences=["dad", "dad"], languages=[" Urdu ", ""], postcode="nb1 2ab"
        )
        assert referral.source == ReferralSource.STAFF and referral.status == ReferralStatus.NEW
        assert referral.wanted_experiences == ["dad"] and referral.languages == ["Urdu"]
        assert referral.postcode == "NB1 2AB" and referral.contact_phone == "07700 900123"
        assert referral.consent and referral.consent_how == "Verbally to Colin" and referral.consent_given_at
        assert referral.referred_by == colleague and referral.referrer_name == "Colin Colleague"

    def test_a_partners_referral_tells_the_coordinators_without_family_details(self, org, admin, send) -> None:
        partner = make_member(org, "partner@example.org", Role.PARTNER)
        referral = send(services.referral_create, actor=partner, organisation=org, details=details())
        assert referral.source == ReferralSource.PARTNER
        (message,) = mail.outbox
        assert message.to == ["admin@example.org"]
        assert str(referral.pk) in message.body
        assert "Fran" not in message.body and "07700" not in message.body and "alone" not in message.body

    def test_a_peer_supporters_referral_says_it_came_from_a_peer_supporter(self, org, admin, send) -> None:
        peer = make_member(org, "peer@example.org", Role.PEER_SUPPORTER)
        referral = send(services.referral_create, actor=peer, organisation=org, details=details())
        assert referral.source == ReferralSource.PEER_SUPPORTER
        assert [m.to for m in mail.outbox] == [["admin@example.org"]]

    def test_named_coordinators_are_told_rather_than_every_administrator(self, org, admin, colleague, send) -> None:
        make_supporter(org, coordinator=colleague)
        send(services.referral_create, actor=None, organisation=org, details=details())
        assert [m.to for m in mail.outbox] == [["colleague@example.org"]]

    def test_a_coordinators_own_referral_sends_no_email(self, org, admin, colleague, send) -> None:
        send(services.referral_create, actor=colleague, organisation=org, details=details())
        assert mail.outbox == []

    def test_a_person_of_another_organisation_cannot_be_referred(self, org, other_org, colleague) -> None:
        stranger_person = Person.objects.create(organisation=other_org, full_name="Not Ours")
        with pytest.raises(ValidationError):
            referral_for(org, colleague, person=stranger_person)
        assert not Referral.objects.exists()


class TestMatchConfirm:
    def test_it_starts_support_and_makes_a_person_from_the_contact_details(self, org, colleague, send) -> None:
        supporter_user = make_member(org, "sam@example.org", Role.PEER_SUPPORTER)
        supporter = make_supporter(org, experiences=["dad"], user=supporter_user)
        referral = referral_for(org, colleague, wanted_experiences=["dad"], contact_email="fran@example.org")
        episode = send(services.match_confirm, actor=colleague, referral=referral, supporter=supporter)
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.MATCHED
        assert referral.person is not None and referral.person.full_name == "Fran Family"
        assert referral.person.email == "fran@example.org" and referral.person.phone == "07700 900123"
        assert (referral.contact_name, referral.contact_email, referral.contact_phone) == ("", "", "")
        assert episode.person == referral.person and episode.supporter == supporter and episode.matched_by == colleague
        assert episode.match_score > 0.9 and "being a dad" in episode.match_explanation
        assert AuditEvent.objects.filter(object_id=str(episode.pk), summary__contains="Matched").exists()
        (message,) = mail.outbox
        assert message.to == ["sam@example.org"] and message.subject == "You have been matched with a family"
        assert "Fran" not in message.body and f"/peer-support/families/{episode.pk}/" in message.body

    def test_it_links_an_existing_person_with_the_same_phone_number(self, org, colleague) -> None:
        known = Person.objects.create(organisation=org, full_name="Francesca Family", phone="07700 900123")
        referral = referral_for(org, colleague)
        episode = services.match_confirm(actor=colleague, referral=referral, supporter=make_supporter(org))
        assert episode.person == known
        assert Person.objects.filter(organisation=org, full_name__startswith="Fran").count() == 1

    def test_a_self_referral_is_never_linked_to_someone_by_their_phone_number(self, org, colleague) -> None:
        """Anyone can type a known family's number into the public form: the match makes a new person instead."""
        known = Person.objects.create(organisation=org, full_name="Francesca Family", phone="07700 900123")
        referral = services.referral_create(actor=None, organisation=org, details=details())
        episode = services.match_confirm(actor=colleague, referral=referral, supporter=make_supporter(org))
        assert episode.person != known and episode.person.phone == "07700 900123"
        known.refresh_from_db()
        assert known.full_name == "Francesca Family"

    def test_a_supporter_who_filled_their_last_place_meanwhile_is_refused(self, org, colleague) -> None:
        supporter = make_supporter(org, capacity=1)
        first, second = referral_for(org, colleague), referral_for(org, colleague, contact_phone="07700 900456")
        services.match_confirm(actor=colleague, referral=first, supporter=supporter)
        people_before = Person.objects.count()
        with pytest.raises(ValidationError) as error:
            services.match_confirm(actor=colleague, referral=second, supporter=supporter)
        assert "can no longer be matched" in error.value.messages[0]
        assert "their limit" in error.value.messages[0]
        second.refresh_from_db()
        assert second.status == ReferralStatus.NEW and second.person is None and second.contact_name == "Fran Family"
        assert SupportEpisode.objects.count() == 1 and Person.objects.count() == people_before

    def test_a_supporter_whose_dbs_check_expired_is_refused(self, org, colleague) -> None:
        supporter = make_supporter(org, dbs_expires=timezone.localdate() - DAY)
        referral = referral_for(org, colleague)
        with pytest.raises(ValidationError, match="DBS check expired"):
            services.match_confirm(actor=colleague, referral=referral, supporter=supporter)
        assert not SupportEpisode.objects.exists()

    def test_a_family_wanting_online_support_only_is_not_matched_in_person(self, org, colleague) -> None:
        supporter = make_supporter(org, ways=["face_to_face"])
        referral = referral_for(org, colleague, online_only=True)
        with pytest.raises(ValidationError, match="online support only"):
            services.match_confirm(actor=colleague, referral=referral, supporter=supporter)
        assert not SupportEpisode.objects.exists()

    def test_a_referral_is_matched_only_once(self, org, colleague) -> None:
        referral = referral_for(org, colleague)
        services.match_confirm(actor=colleague, referral=referral, supporter=make_supporter(org))
        with pytest.raises(ValidationError, match="no longer waiting"):
            services.match_confirm(actor=colleague, referral=referral, supporter=make_supporter(org, "Other One"))
        assert SupportEpisode.objects.count() == 1


class TestReferralClose:
    def test_closing_needs_a_reason(self, org, colleague) -> None:
        referral = referral_for(org, colleague)
        with pytest.raises(ValidationError) as error:
            services.referral_close(actor=colleague, referral=referral, reason="  ")
        assert error.value.message_dict == {"reason": ["Say why the referral is being closed"]}
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.NEW

    def test_a_closed_referral_keeps_its_reason(self, org, colleague) -> None:
        referral = referral_for(org, colleague)
        services.referral_close(actor=colleague, referral=referral, reason="No longer wanted")
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.CLOSED and referral.closed_reason == "No longer wanted"


def test_coordinators_get_at_most_ten_emails_an_hour_however_many_referrals_arrive(org, admin, send) -> None:
    for index in range(12):
        send(
            services.referral_create,
            actor=None,
            organisation=org,
            details=details(contact_phone=f"07700 900{index:03d}"),
        )
    assert Referral.objects.count() == 12
    assert len(mail.outbox) == services.EMAILS_PER_HOUR
