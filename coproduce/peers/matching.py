"""Rows to `coproduce.analysis.matching` dataclasses and back: who may be matched today, and the ranked,
explained suggestions for a referral. Every supporter of the organisation is loaded in a fixed number of queries
(their latest check of each kind, their latest supervision and their open families are aggregated in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from coproduce.analysis import matching
from coproduce.peers.models import PeerSupporter, Referral, Supervision, SupporterCheck


def _latest_expiry(kind: str) -> Subquery:
    """The expiry of the supporter's newest check of this kind (by issue date): renewing replaces the old one."""
    return Subquery(
        SupporterCheck.objects.filter(supporter=OuterRef("pk"), kind=kind)
        .order_by("-issued_on", "-created_at")
        .values("expires_on")[:1]
    )


def supporters_with_checks(queryset) -> object:
    """Annotates each supporter with what matching needs: `current_families`, `dbs_expires`,
    `safeguarding_training_expires`, `peer_training_expires` and `supervision_next_due`."""
    return (
        queryset.with_current_families()
        .annotate(
            dbs_expires=_latest_expiry(SupporterCheck.Kind.DBS),
            safeguarding_training_expires=_latest_expiry(SupporterCheck.Kind.SAFEGUARDING_TRAINING),
            peer_training_expires=_latest_expiry(SupporterCheck.Kind.PEER_TRAINING),
            supervision_next_due=Subquery(
                Supervision.objects.filter(supporter=OuterRef("pk"))
                .order_by("-held_on", "-created_at")
                .values("next_due_on")[:1]
            ),
        )
        .select_related("person")
        .prefetch_related("hubs")
    )


def supporter_record(supporter: PeerSupporter) -> matching.Supporter:
    """An annotated supporter (see `supporters_with_checks`) as matching's plain record."""
    return matching.Supporter(
        id=supporter.pk,
        experiences=frozenset(supporter.experiences),
        languages=frozenset(supporter.languages),
        areas=frozenset([str(hub.pk) for hub in supporter.hubs.all()] + list(supporter.areas)),
        ways=frozenset(supporter.ways),
        available=frozenset(supporter.available),
        capacity=supporter.capacity,
        current_families=supporter.current_families,
        dbs_expires=supporter.dbs_expires,
        safeguarding_training_expires=supporter.safeguarding_training_expires,
        peer_training_expires=supporter.peer_training_expires,
        supervision_next_due=supporter.supervision_next_due,
        travels=supporter.travels,
    )


def postcode_district(postcode: str) -> str:
    """The outward part of a UK postcode ("NB1 2AB" → "NB1"); the whole text when it has no space and is short."""
    compact = "".join(postcode.split()).upper()
    return compact[:-3] if len(compact) > 4 else compact


def referral_record(referral: Referral) -> matching.Referral:
    """The family's area is their hub when one is chosen, otherwise their postcode district."""
    if referral.hub_id:
        area = str(referral.hub_id)
    elif referral.postcode:
        area = postcode_district(referral.postcode)
    else:
        area = None
    return matching.Referral(
        id=referral.pk,
        wanted_experiences=frozenset(referral.wanted_experiences),
        languages=frozenset(referral.languages),
        area=area,
        ways=frozenset(referral.ways),
        available=frozenset(referral.available),
        online_only=referral.online_only,
        consent=referral.consent,
    )


@dataclass(frozen=True)
class SupporterStanding:
    """A supporter with whether they can be matched today and what will stop them soon."""

    supporter: PeerSupporter
    eligibility: matching.Eligibility
    checks: tuple[matching.Check, ...]
    expiring: tuple[matching.Check, ...]


def standings(queryset, *, today: dt.date | None = None, soon_days: int = 30) -> list[SupporterStanding]:
    today = today or timezone.localdate()
    result = []
    for supporter in supporters_with_checks(queryset):
        record = supporter_record(supporter)
        result.append(
            SupporterStanding(
                supporter=supporter,
                eligibility=matching.eligibility(record, today),
                checks=matching.checks(record, today),
                expiring=matching.expiring_soon(record, today, soon_days),
            )
        )
    return result


@dataclass(frozen=True)
class SuggestedSupporter:
    supporter: PeerSupporter
    suggestion: matching.Suggestion


def suggestions_for(referral: Referral, *, limit: int = 5, today: dt.date | None = None) -> list[SuggestedSupporter]:
    """The organisation's active supporters ranked for the referral, each with its explanation."""
    today = today or timezone.localdate()
    supporters = {
        supporter.pk: supporter
        for supporter in supporters_with_checks(PeerSupporter.objects.for_organisation(referral.organisation).active())
    }
    ranked = matching.suggest(
        referral_record(referral), [supporter_record(s) for s in supporters.values()], today, limit=limit
    )
    return [SuggestedSupporter(supporter=supporters[s.supporter_id], suggestion=s) for s in ranked]
