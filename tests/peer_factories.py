"""Objects of peer support (and learning) for the tenancy walk in test_tenancy_urls.py: one factory per URL
parameter. Kept apart from that file so each area adds its own without editing the walk."""

from __future__ import annotations

import datetime as dt

from coproduce.organisations.models import Organisation
from coproduce.people.models import Person

Made = dict[str, object]


def _supporter(org: Organisation, made: Made):
    from coproduce.peers.models import PeerSupporter

    if "supporter_id" in made:
        return PeerSupporter.objects.get(pk=made["supporter_id"])
    person = Person.objects.create(organisation=org, full_name="Sam Supporter")
    return PeerSupporter.objects.create(organisation=org, person=person, capacity=3)


def _check(org: Organisation, made: Made):
    from coproduce.peers.models import SupporterCheck

    return SupporterCheck.objects.create(
        organisation=org,
        supporter=_supporter(org, made),
        kind=SupporterCheck.Kind.DBS,
        issued_on=dt.date(2026, 1, 1),
        expires_on=dt.date(2029, 1, 1),
    ).pk


def _supervision(org: Organisation, made: Made):
    from coproduce.peers.models import Supervision

    return Supervision.objects.create(
        organisation=org, supporter=_supporter(org, made), held_on=dt.date(2026, 1, 1), next_due_on=dt.date(2026, 3, 1)
    ).pk


def _referral(org: Organisation, made: Made):
    from coproduce.peers.models import Referral, ReferralSource

    if "referral_id" in made:
        return Referral.objects.get(pk=made["referral_id"])
    person = Person.objects.create(organisation=org, full_name="Fran Family")
    return Referral.objects.create(
        organisation=org, person=person, source=ReferralSource.STAFF, help_with="Settling in", consent=True
    )


def _episode(org: Organisation, made: Made):
    from coproduce.peers.models import ReferralStatus, SupportEpisode

    if "episode_id" in made:
        return SupportEpisode.objects.get(pk=made["episode_id"])
    referral = _referral(org, made)
    referral.status = ReferralStatus.MATCHED
    referral.save()
    return SupportEpisode.objects.create(
        organisation=org, referral=referral, supporter=_supporter(org, made), person=referral.person
    )


def _session(org: Organisation, made: Made):
    from coproduce.peers.models import SessionKind, SupportSession

    return SupportSession.objects.create(
        organisation=org, episode=_episode(org, made), held_on=dt.date(2026, 2, 1), kind=SessionKind.ONE_TO_ONE
    ).pk


def _goal(org: Organisation, made: Made):
    from coproduce.peers.models import SupportGoal

    return SupportGoal.objects.create(organisation=org, episode=_episode(org, made), text="Find a playgroup").pk


def _service(org: Organisation, made: Made):
    from coproduce.peers.models import ServiceDirectoryEntry

    if "service_id" in made:
        return ServiceDirectoryEntry.objects.get(pk=made["service_id"])
    return ServiceDirectoryEntry.objects.create(
        organisation=org, name="Northby Food Bank", offers="Food parcels", who_for="Anyone in need"
    )


def _navigation(org: Organisation, made: Made):
    from coproduce.peers.models import Navigation

    return Navigation.objects.create(organisation=org, episode=_episode(org, made), service=_service(org, made)).pk


def _activity_supporter(org: Organisation, made: Made):
    from coproduce.peers.models import ActivitySupporter, FacilitationRole
    from tests.test_tenancy_urls import _activity_of

    return ActivitySupporter.objects.create(
        organisation=org,
        activity=_activity_of(org, made),
        supporter=_supporter(org, made),
        role=FacilitationRole.CO_FACILITATOR,
    ).pk


PEER_FACTORIES = {
    "supporter_id": lambda org, made: _supporter(org, made).pk,
    "check_id": _check,
    "supervision_id": _supervision,
    "referral_id": lambda org, made: _referral(org, made).pk,
    "episode_id": lambda org, made: _episode(org, made).pk,
    "session_id": _session,
    "goal_id": _goal,
    "service_id": lambda org, made: _service(org, made).pk,
    "navigation_id": _navigation,
    "activity_supporter_id": _activity_supporter,
}

# The learning app adds its factories here (community_id, course_id, ...), in tests/learning_factories.py.
