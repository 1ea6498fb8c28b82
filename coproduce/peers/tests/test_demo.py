"""The demo peer support: loads with the rest of the small demo on an empty database, and gives every peer support
page something to show: supporters who can and cannot be matched (and why), Kasia's own family, the services
directory, referrals waiting with suggestions, support under way and support that closed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.matching import CheckKind, CheckStatus
from coproduce.comms.models import Message
from coproduce.peers.demo import seed_demo_peers
from coproduce.peers.matching import standings, suggestions_for
from coproduce.peers.models import (
    PeerSupporter,
    Referral,
    ReferralSource,
    ServiceDirectoryEntry,
    SupportEpisode,
    SupporterStatus,
    WellbeingMoment,
)
from coproduce.peers.reminders import reminders_send


@pytest.fixture
def northby(db):
    from coproduce.core.demo import seed_small

    organisation, created = seed_small(people=5)
    assert created
    return organisation


def test_a_second_run_does_nothing(northby) -> None:
    assert PeerSupporter.objects.for_organisation(northby).count() == 8
    assert seed_demo_peers(northby) == 0
    assert PeerSupporter.objects.for_organisation(northby).count() == 8


def test_supporters_are_varied_and_kasia_is_one_of_them_with_her_account(northby) -> None:
    supporters = list(PeerSupporter.objects.for_organisation(northby).select_related("person", "user"))
    experiences = {code for s in supporters for code in s.experiences}
    assert {"dad", "send", "new_to_country", "bereavement"} <= experiences
    languages = {language for s in supporters for language in s.languages}
    assert {"Polish", "Urdu", "Arabic"} <= languages
    assert all(s.hubs.exists() for s in supporters)
    assert all(s.ways and s.available for s in supporters)
    kasia = next(s for s in supporters if s.person.full_name == "Kasia Nowak")
    assert kasia.user == User.objects.get(email="kasia.nowak@example.org")
    assert kasia.user.memberships.get(organisation=northby).role == "peer_supporter"
    assert all(s.coordinator is not None for s in supporters)


def test_one_dbs_expired_one_supervision_overdue_one_dbs_expiring_in_10_days(northby) -> None:
    today = timezone.localdate()
    found = {}
    for standing in standings(PeerSupporter.objects.for_organisation(northby), today=today):
        name = standing.supporter.person.full_name
        for check in standing.checks:
            if check.status == CheckStatus.EXPIRED:
                found.setdefault("expired", []).append((name, check.kind))
        for check in standing.expiring:
            found.setdefault("expiring", []).append((name, check.kind, check.days_left))
    assert found["expired"] == [("Imran Qureshi", CheckKind.DBS), ("Joanne Pritchard", CheckKind.SUPERVISION)]
    assert found["expiring"] == [("Layla Haddad", CheckKind.DBS, 10)]
    # And the reminders have something to say about each of them (once).
    report = reminders_send(today=today)
    assert (report.due_soon, report.expired) == (1, 2)
    assert Message.objects.filter(subject__contains="Layla Haddad").count() == 1


def test_the_services_directory_has_eight_invented_services(northby) -> None:
    services = list(ServiceDirectoryEntry.objects.for_organisation(northby))
    assert len(services) == 8
    assert all(s.phone.startswith("01632 960") for s in services)
    assert all(s.email.endswith("@example.org") for s in services)
    assert any("ESOL (English for speakers of other languages)" in s.offers for s in services)


def test_four_referrals_wait_each_with_suggestions_and_one_is_a_self_referral(northby) -> None:
    waiting = list(Referral.objects.for_organisation(northby).waiting())
    assert len(waiting) == 4
    self_referrals = [r for r in waiting if r.person_id is None]
    assert len(self_referrals) == 1
    assert self_referrals[0].source == ReferralSource.SELF
    assert self_referrals[0].contact_name and self_referrals[0].contact_phone
    for referral in waiting:
        suggestions = suggestions_for(referral)
        assert suggestions, referral.help_with
        names = {s.supporter.person.full_name for s in suggestions}
        assert "Imran Qureshi" not in names and "Joanne Pritchard" not in names  # cannot be matched today
    polish = next(r for r in waiting if "Polish" in r.languages)
    assert suggestions_for(polish)[0].supporter.person.full_name == "Kasia Nowak"


def test_three_families_are_supported_now_one_by_kasia_and_one_support_has_closed(northby) -> None:
    episodes = SupportEpisode.objects.for_organisation(northby)
    open_episodes = list(episodes.open().select_related("supporter__person"))
    assert len(open_episodes) == 3
    for episode in open_episodes:
        assert episode.goals.exists() and episode.sessions.exists() and episode.navigations.exists()
        assert list(episode.wellbeing.values_list("moment", flat=True)) == [WellbeingMoment.START]
    kasia = User.objects.get(email="kasia.nowak@example.org")
    mine = list(episodes.visible_to(kasia, northby))
    assert [e.supporter.person.full_name for e in mine] == ["Kasia Nowak"]
    closed = episodes.get(closed_on__isnull=False)
    assert closed.outcomes
    scores = dict(closed.wellbeing.values_list("moment", "life_satisfaction"))
    assert scores[WellbeingMoment.CLOSE] > scores[WellbeingMoment.START]
    assert PeerSupporter.objects.for_organisation(northby).filter(status=SupporterStatus.PAUSED).count() == 1
