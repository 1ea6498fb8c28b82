"""Data rights for peer support: erasure leaves nothing about the person in any text column but keeps the numbers
(counts, dates, statuses, wellbeing scores); a supporter who is erased has left; the subject access export holds the
family's support and a supporter's profile, checks and supervision dates; merging moves referrals and episodes and
refuses two supporter profiles; retention counts peer support as taking part and deletes old closed
self-referrals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.datarights.erasure import person_erase
from coproduce.datarights.export import export_json, person_export_data
from coproduce.datarights.models import RecordKind
from coproduce.datarights.retention import retention_apply, retention_plan
from coproduce.organisations.models import Role
from coproduce.peers.models import (
    GoalStatus,
    Navigation,
    NavigationOutcome,
    PeerSupporter,
    Referral,
    ReferralSource,
    ReferralStatus,
    ServiceDirectoryEntry,
    SessionKind,
    Supervision,
    SupportEpisode,
    SupporterCheck,
    SupporterStatus,
    SupportGoal,
    SupportSession,
    WellbeingMoment,
    WellbeingScore,
)
from coproduce.people import services as people_services
from coproduce.people.models import Person
from tests.cast import make_member

DAY = dt.timedelta(days=1)
# ASCII only, so a JSON column stored with \u escapes cannot hide one.
FAMILY = {
    "full_name": "Philomena Grubstake",
    "email": "philomena.grubstake@example.net",
    "phone": "07700 900517",
    "postcode": "NB6 4XW",
}
FAMILY_SECRETS = [
    "Philomena",
    "Grubstake",
    "philomena.grubstake@example.net",
    "07700 900517",
    "NB6 4XW",
    "Volapuk",  # a language they asked for
    "Jellicoe",  # what they want help with
    "Marmaduke",  # their preference
    "Thistledown",  # strengths
    "Quagmire",  # needs
    "Buttercup",  # outcomes
    "Fennimore",  # a goal
    "Gooseberry",  # a session note
    "Larkspur",  # a navigation note
    "verbally to Rosalind",  # how they agreed
]
SUPPORTER = {"full_name": "Ignatius Wobblecombe", "email": "ignatius.w@example.net", "phone": "07700 900518"}
SUPPORTER_SECRETS = [
    "Ignatius",
    "Wobblecombe",
    "ignatius.w@example.net",
    "Cornflower",  # experience notes
    "Hollyhock",  # communities
    "Lindisfarne",  # a language they speak
    "DBS-Pumpernickel",  # a check's reference
    "Mulberry",  # supervision notes
]


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def dpo(org):
    return make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER, "Dana Protector")


def _find(value: str) -> list[str]:
    """Every table.column holding `value` in its text, ignoring case (as in datarights' erasure test)."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                    continue
                table, column = model._meta.db_table, field.column
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",  # noqa: S608
                    [f"%{value.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}")
    return found


def _supporter(org, person: Person, **fields) -> PeerSupporter:
    return PeerSupporter.objects.create(organisation=org, person=person, **fields)


def _episode(org, *, person: Person, supporter: PeerSupporter, **fields) -> SupportEpisode:
    referral = Referral.objects.create(
        organisation=org,
        person=person,
        source=ReferralSource.STAFF,
        help_with="Settling in",
        consent=True,
        status=ReferralStatus.MATCHED,
    )
    return SupportEpisode.objects.create(
        organisation=org, referral=referral, supporter=supporter, person=person, **fields
    )


@pytest.fixture
def family(org, colleague, today) -> Person:
    """A family with distinctive values in every peer support text column."""
    person = Person.objects.create(organisation=org, **FAMILY)
    supporter = _supporter(org, Person.objects.create(organisation=org, full_name="Sam Supporter"))
    referral = Referral.objects.create(
        organisation=org,
        person=person,
        source=ReferralSource.PARTNER,
        referrer_name="Rita Referrer",
        contact_name="Philomena Grubstake",
        contact_email=FAMILY["email"],
        contact_phone=FAMILY["phone"],
        postcode=FAMILY["postcode"],
        help_with="Jellicoe: settling into the area",
        languages=["Volapuk"],
        wanted_experiences=["new_to_country"],
        preferences="Marmaduke, someone calm",
        consent=True,
        consent_how="verbally to Rosalind",
        status=ReferralStatus.MATCHED,
    )
    episode = SupportEpisode.objects.create(
        organisation=org,
        referral=referral,
        supporter=supporter,
        person=person,
        match_score=0.8,
        match_explanation="Speaks Volapuk, as Philomena asked.",
        started_on=today - 60 * DAY,
        strengths="Thistledown: loves cooking",
        needs="Quagmire of forms",
        closed_on=today - DAY,
        outcomes="Buttercup: I know where to go now",
    )
    SupportGoal.objects.create(organisation=org, episode=episode, text="Fennimore nursery", status=GoalStatus.ACHIEVED)
    for held in (today - 50 * DAY, today - 40 * DAY):
        SupportSession.objects.create(
            organisation=org,
            episode=episode,
            held_on=held,
            kind=SessionKind.ONE_TO_ONE,
            minutes=45,
            notes="Gooseberry: Philomena rang me on 07700 900517",
        )
    service = ServiceDirectoryEntry.objects.create(
        organisation=org, name="Northby Food Bank", offers="Food parcels", who_for="Anyone"
    )
    Navigation.objects.create(
        organisation=org, episode=episode, service=service, outcome=NavigationOutcome.REACHED, note="Larkspur"
    )
    WellbeingScore.objects.create(organisation=org, episode=episode, moment=WellbeingMoment.START, happiness=3)
    WellbeingScore.objects.create(organisation=org, episode=episode, moment=WellbeingMoment.CLOSE, happiness=7)
    return person


@pytest.fixture
def supporter_person(org, colleague, today) -> Person:
    """A peer supporter with distinctive values in their profile, checks and supervision, and a family they support
    whose session notes name them."""
    person = Person.objects.create(organisation=org, **SUPPORTER)
    account = make_member(org, "peer.account@example.org", Role.PEER_SUPPORTER, "Peer Account")
    supporter = _supporter(
        org,
        person,
        user=account,
        coordinator=colleague,
        experiences=["dad"],
        experience_notes="Cornflower: raised twins alone",
        communities="Hollyhock dads",
        languages=["Lindisfarne"],
        areas=["NB6"],
    )
    SupporterCheck.objects.create(
        organisation=org,
        supporter=supporter,
        kind=SupporterCheck.Kind.DBS,
        issued_on=today - 100 * DAY,
        expires_on=today + 900 * DAY,
        reference="DBS-Pumpernickel",
    )
    Supervision.objects.create(
        organisation=org,
        supporter=supporter,
        held_on=today - 10 * DAY,
        next_due_on=today + 50 * DAY,
        notes="Mulberry: Ignatius is doing well",
    )
    other = Person.objects.create(organisation=org, full_name="Another Family")
    episode = _episode(org, person=other, supporter=supporter, strengths="Ignatius helped with forms")
    SupportSession.objects.create(
        organisation=org,
        episode=episode,
        held_on=today - DAY,
        kind=SessionKind.ONE_TO_ONE,
        notes="Met Ignatius Wobblecombe at the hub; the family's own words stay.",
    )
    return person


class TestErasure:
    def test_nothing_about_the_family_is_left_but_the_numbers_stay(self, family, dpo, today) -> None:
        before = {value: _find(value) for value in FAMILY_SECRETS}
        assert all(before.values()), f"Never stored, so the test would prove nothing: {before}"
        person_erase(person=family, actor=dpo, keep_attribution=False)
        leftovers = {value: found for value in FAMILY_SECRETS if (found := _find(value))}
        assert not leftovers, f"Still stored after erasure: {leftovers}"

        episode = SupportEpisode.objects.get(person=family)
        assert (episode.started_on, episode.closed_on, episode.match_score) == (today - 60 * DAY, today - DAY, 0.8)
        assert episode.referral.status == ReferralStatus.MATCHED
        assert episode.referral.wanted_experiences == ["new_to_country"]
        assert episode.referral.referrer_name == "Rita Referrer"  # the referrer, not the family
        assert list(episode.goals.values_list("text", "status")) == [("[erased]", "achieved")]
        assert list(episode.sessions.values_list("minutes", flat=True)) == [45, 45]
        assert episode.navigations.get().outcome == NavigationOutcome.REACHED
        assert dict(episode.wellbeing.values_list("moment", "happiness")) == {"start": 3, "close": 7}

    def test_a_self_referral_with_their_email_goes_too(self, org, family, dpo) -> None:
        unlinked = Referral.objects.create(
            organisation=org,
            source=ReferralSource.SELF,
            contact_name="P. Grubstake",
            contact_email=FAMILY["email"].upper(),
            help_with="Jellicoe again",
            consent=True,
        )
        someone_else = Referral.objects.create(
            organisation=org,
            source=ReferralSource.SELF,
            contact_email="other@example.net",
            help_with="Kept",
            consent=True,
        )
        person_erase(person=family, actor=dpo, keep_attribution=False)
        unlinked.refresh_from_db()
        assert (unlinked.contact_name, unlinked.contact_email, unlinked.help_with) == ("", "", "[erased]")
        someone_else.refresh_from_db()
        assert (someone_else.contact_email, someone_else.help_with) == ("other@example.net", "Kept")

    def test_an_erased_supporter_has_left_and_their_name_goes_from_their_families_records(
        self, supporter_person, dpo
    ) -> None:
        before = {value: _find(value) for value in SUPPORTER_SECRETS}
        assert all(before.values()), f"Never stored, so the test would prove nothing: {before}"
        person_erase(person=supporter_person, actor=dpo, keep_attribution=False)
        leftovers = {value: found for value in SUPPORTER_SECRETS if (found := _find(value))}
        assert not leftovers, f"Still stored after erasure: {leftovers}"

        supporter = PeerSupporter.objects.get(person=supporter_person)
        assert (supporter.status, supporter.user, supporter.experiences) == (SupporterStatus.LEFT, None, ["dad"])
        assert supporter.checks.get().expires_on  # the check stays, without its reference
        assert supporter.supervisions.get().next_due_on
        episode = supporter.episodes.get()
        assert episode.strengths == "[erased] helped with forms"
        assert episode.sessions.get().notes == "Met [erased] at the hub; the family's own words stay."


def _section(data: dict, key: str) -> dict:
    return next(section for section in data["sections"] if section["key"] == key)


class TestExport:
    def test_the_family_gets_their_referral_support_goals_sessions_services_and_wellbeing(self, family) -> None:
        data = person_export_data(family)
        referral = _section(data, "peer_referrals")
        assert referral["title"] == "Referrals for peer support"
        assert referral["records"][0]["help_with"] == "Jellicoe: settling into the area"
        episode = _section(data, "peer_support_episodes")["records"][0]
        assert episode["supporter"] == "Sam Supporter"  # the supporter they know, by name
        assert episode["outcomes"] == "Buttercup: I know where to go now"
        assert _section(data, "peer_support_goals")["records"][0]["text"] == "Fennimore nursery"
        sessions = _section(data, "peer_support_sessions")["records"]
        assert [s["notes"] for s in sessions] == ["Gooseberry: Philomena rang me on 07700 900517"] * 2
        assert _section(data, "peer_support_navigations")["records"][0]["service"] == "Northby Food Bank"
        scores = _section(data, "peer_support_wellbeing")["records"]
        assert sorted(score["happiness"] for score in scores) == [3, 7]
        assert _section(data, "peer_supporter")["records"] == []  # not a supporter

    def test_a_supporter_gets_their_profile_checks_and_supervision_dates_but_not_their_families(
        self, supporter_person, today
    ) -> None:
        data = person_export_data(supporter_person)
        profile = _section(data, "peer_supporter")["records"][0]
        assert profile["experience_notes"] == "Cornflower: raised twins alone"
        assert profile["coordinator"] == "Colin Colleague"
        check = _section(data, "peer_supporter_checks")["records"][0]
        assert check["kind"] == "Enhanced DBS (Disclosure and Barring Service) check"
        assert check["reference"] == "DBS-Pumpernickel"
        supervision = _section(data, "peer_supporter_supervisions")["records"][0]
        assert (supervision["held_on"], supervision["next_due_on"]) == (today - 10 * DAY, today + 50 * DAY)
        assert "notes" not in supervision
        text = export_json(data)
        assert "Another Family" not in text and "at the hub" not in text and "Mulberry" not in text

    def test_the_number_of_queries_does_not_grow_with_the_support(self, org, family, today) -> None:
        with CaptureQueriesContext(connection) as few:
            person_export_data(family)
        episode = SupportEpisode.objects.get(person=family)
        for n in range(10):
            SupportSession.objects.create(
                organisation=org, episode=episode, held_on=today - n * DAY, kind=SessionKind.GROUP
            )
            SupportGoal.objects.create(organisation=org, episode=episode, text=f"Goal {n}")
        with CaptureQueriesContext(connection) as many:
            data = person_export_data(family)
        assert len(_section(data, "peer_support_sessions")["records"]) == 12
        assert len(many) == len(few)


class TestMerge:
    def test_referrals_episodes_and_a_supporter_profile_move_to_the_kept_person(self, org, admin, family) -> None:
        keep = Person.objects.create(organisation=org, full_name="Philomena G")
        supporter = _supporter(org, family)
        people_services.person_merge(keep=keep, other=family, actor=admin)
        assert Referral.objects.get().person == keep
        assert SupportEpisode.objects.get().person == keep
        supporter.refresh_from_db()
        assert supporter.person == keep

    def test_two_supporter_profiles_are_refused_and_nothing_changes(self, org, admin) -> None:
        keep = Person.objects.create(organisation=org, full_name="Sam One")
        other = Person.objects.create(organisation=org, full_name="Sam Two")
        _supporter(org, keep)
        theirs = _supporter(org, other)
        with pytest.raises(ValidationError, match="Both people have a peer supporter profile"):
            people_services.person_merge(keep=keep, other=other, actor=admin)
        assert Person.objects.filter(pk=other.pk).exists()
        theirs.refresh_from_db()
        assert theirs.person == other


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


class TestRetention:
    TODAY = dt.date(2027, 6, 15)  # inactive people: 36 months, so the cut-off is 15 June 2024

    def _inactive(self, org, name: str) -> Person:
        person = Person.objects.create(organisation=org, full_name=name, email=f"{name.lower()}@example.net")
        Person.objects.filter(pk=person.pk).update(last_active_at=_at(dt.date(2020, 1, 1)))
        return person

    def test_peer_support_within_the_period_counts_as_taking_part(self, org) -> None:
        supporter = _supporter(org, Person.objects.create(organisation=org, full_name="Sam Supporter"))
        recent = self._inactive(org, "Recent")  # support closed inside the period
        _episode(org, person=recent, supporter=supporter, started_on=dt.date(2020, 1, 1), closed_on=dt.date(2024, 7, 1))
        current = self._inactive(org, "Current")  # being supported now
        _episode(org, person=current, supporter=supporter, started_on=dt.date(2020, 1, 1))
        waiting = self._inactive(org, "Waiting")  # a referral waiting for a match
        Referral.objects.create(organisation=org, person=waiting, source="staff", help_with="h", consent=True)
        active_supporter = self._inactive(org, "Helper")
        _supporter(org, active_supporter)
        old = self._inactive(org, "Old")  # support that closed before the period
        _episode(org, person=old, supporter=supporter, started_on=dt.date(2020, 1, 1), closed_on=dt.date(2024, 6, 1))
        Referral.objects.filter(person=old).update(updated_at=_at(dt.date(2024, 6, 1)))
        left = self._inactive(org, "Left")  # a supporter who left before the period
        _supporter(org, left, status=SupporterStatus.LEFT)
        PeerSupporter.objects.filter(person=left).update(updated_at=_at(dt.date(2023, 1, 1)))
        # Only the closing date or status counts, not when a referral was last changed.
        Referral.objects.update(updated_at=_at(dt.date(2020, 1, 1)))

        plan = {item.kind: item.count for item in retention_plan(org, today=self.TODAY)}
        assert plan[RecordKind.INACTIVE_PEOPLE] == 2
        assert retention_apply(org, today=self.TODAY)[RecordKind.INACTIVE_PEOPLE] == 2
        erased = set(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
        assert erased == {old.pk, left.pk}

    def test_closed_self_referrals_never_linked_go_after_the_period_dry_run_first(self, org) -> None:
        def self_referral(status: str, closed: dt.date) -> Referral:
            made = Referral.objects.create(
                organisation=org,
                source=ReferralSource.SELF,
                contact_name="Jo",
                contact_phone="07700 900001",
                help_with="h",
                consent=True,
                status=status,
            )
            Referral.objects.filter(pk=made.pk).update(updated_at=_at(closed))
            return made

        old = self_referral(ReferralStatus.CLOSED, dt.date(2026, 6, 1))
        recent = self_referral(ReferralStatus.CLOSED, dt.date(2026, 7, 1))
        waiting = self_referral(ReferralStatus.NEW, dt.date(2020, 1, 1))
        plan = {item.kind: item for item in retention_plan(org, today=self.TODAY)}
        item = plan[RecordKind.CLOSED_SELF_REFERRALS]
        assert (item.count, item.months, item.cut_off) == (1, 12, dt.date(2026, 6, 15))
        assert Referral.objects.filter(pk=old.pk).exists()  # the dry run changes nothing
        assert retention_apply(org, today=self.TODAY)[RecordKind.CLOSED_SELF_REFERRALS] == 1
        assert set(Referral.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
