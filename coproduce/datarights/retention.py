"""Retention: how long each kind of record is kept, what would go now (the dry run), and applying it.

Periods come from the organisation's RetentionPeriod rows, or DEFAULT_RETENTION_MONTHS. Inactive people are
anonymised through `person_erase` (never deleted: their contributions stay); the other kinds are deleted. Run
every day by `manage.py apply_retention` (or the `apply_retention_task` task).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from coproduce.consent.models import Consent, ConsentStatus, DataShare
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.datarights.erasure import person_erase
from coproduce.datarights.models import DEFAULT_RETENTION_MONTHS, DataRightsRequest, RecordKind, RetentionPeriod
from coproduce.peers.models import PeerSupporter, Referral, ReferralStatus, SupportEpisode, SupporterStatus
from coproduce.people.models import Person, PersonImport
from coproduce.safeguarding.models import ConcernStatus, SafeguardingConcern

if TYPE_CHECKING:
    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (or the last day of that month if that day does not exist)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_months(organisation: Organisation) -> dict[str, int]:
    """Months to keep each kind of record: the organisation's own periods, else the defaults."""
    months = {str(kind): value for kind, value in DEFAULT_RETENTION_MONTHS.items()}
    months.update(RetentionPeriod.objects.for_organisation(organisation).values_list("kind", "months"))
    return months


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _open_concern(person_field: str = "pk") -> Exists:
    return Exists(
        SafeguardingConcern.objects.filter(person=OuterRef(person_field)).exclude(status=ConcernStatus.CLOSED)
    )


def _open_household_concern() -> Exists:
    return Exists(
        SafeguardingConcern.objects.filter(household=OuterRef("household"), household__isnull=False).exclude(
            status=ConcernStatus.CLOSED
        )
    )


def _peer_support_activity(before: dt.datetime) -> Q:
    """Peer support counts as taking part: being supported now, support that closed within the period, a referral
    waiting or made within it, and being a peer supporter (until they leave, then from when their profile last
    changed)."""
    episodes = SupportEpisode.objects.filter(person=OuterRef("pk"))
    referrals = Referral.objects.filter(person=OuterRef("pk"))
    return (
        Q(Exists(episodes.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=before.date()))))
        | Q(Exists(referrals.filter(Q(status=ReferralStatus.NEW) | Q(updated_at__gte=before))))
        | Q(
            Exists(
                PeerSupporter.objects.filter(person=OuterRef("pk")).filter(
                    ~Q(status=SupporterStatus.LEFT) | Q(updated_at__gte=before)
                )
            )
        )
    )


def expired(organisation: Organisation, kind: str, cut_off: dt.date) -> models.QuerySet:
    """The records of `kind` that have been kept longer than the period ending at `cut_off`."""
    before = _start_of(cut_off)
    if kind == RecordKind.INACTIVE_PEOPLE:
        # People with an open safeguarding concern are kept (and erasure would refuse them anyway).
        return (
            Person.objects.for_organisation(organisation)
            .not_erased()
            .filter(last_active_at__lt=before)
            .exclude(_open_concern())
            .exclude(_open_household_concern())
            # Nor is anyone with a data rights request still open: their information must not change under it.
            .exclude(
                Exists(DataRightsRequest.objects.filter(person=OuterRef("pk"), status=DataRightsRequest.Status.OPEN))
            )
            .exclude(_peer_support_activity(before))
        )
    if kind == RecordKind.CLOSED_CONCERNS:
        return SafeguardingConcern.objects.for_organisation(organisation).filter(
            status=ConcernStatus.CLOSED, updated_at__lt=before
        )
    if kind == RecordKind.COMPLETED_REQUESTS:
        return (
            DataRightsRequest.objects.for_organisation(organisation)
            .filter(status=DataRightsRequest.Status.COMPLETED)
            .filter(Q(completed_on__lt=cut_off) | Q(completed_on__isnull=True, updated_at__lt=before))
        )
    if kind == RecordKind.WITHDRAWN_CONSENTS:
        return Consent.objects.for_organisation(organisation).filter(
            Q(status=ConsentStatus.WITHDRAWN, withdrawn_at__lt=before)
            | Q(status=ConsentStatus.WITHDRAWN, withdrawn_at__isnull=True, updated_at__lt=before)
            | Q(status=ConsentStatus.REFUSED, answered_at__lt=before)
        )
    if kind == RecordKind.DATA_SHARES:
        return DataShare.objects.for_organisation(organisation).filter(created_at__lt=before)
    if kind == RecordKind.PEOPLE_IMPORTS:
        return PersonImport.objects.for_organisation(organisation).filter(created_at__lt=before)
    if kind == RecordKind.CLOSED_SELF_REFERRALS:
        # Closing is the last change a closed referral gets; one that was matched is linked to a person instead.
        return Referral.objects.for_organisation(organisation).filter(
            person__isnull=True, status=ReferralStatus.CLOSED, updated_at__lt=before
        )
    raise ValueError(f"Unknown kind of record: {kind}")


@dataclass(frozen=True)
class PlanItem:
    kind: str
    what_happens: str
    months: int
    count: int
    cut_off: dt.date

    @property
    def anonymises(self) -> bool:
        return self.kind == RecordKind.INACTIVE_PEOPLE


def retention_plan(organisation: Organisation, today: dt.date | None = None) -> list[PlanItem]:
    """The dry run: for each kind of record, what happens, how many records it would touch now, and the cut-off
    (records older than this go)."""
    today = today or timezone.localdate()
    months = retention_months(organisation)
    plan = []
    for kind in RecordKind:
        cut_off = months_before(today, months[kind])
        plan.append(
            PlanItem(
                kind=kind.value,
                what_happens=str(kind.label),
                months=months[kind],
                count=expired(organisation, kind, cut_off).count(),
                cut_off=cut_off,
            )
        )
    return plan


def retention_apply(
    organisation: Organisation, *, actor: User | None = None, today: dt.date | None = None
) -> dict[str, int]:
    """Anonymise inactive people and delete expired records. Returns how many of each kind; audits each kind
    applied (counts only)."""
    today = today or timezone.localdate()
    months = retention_months(organisation)
    done: dict[str, int] = {}
    for kind in RecordKind:
        cut_off = months_before(today, months[kind])
        with transaction.atomic():  # the records go with their audit line, or neither does
            if kind == RecordKind.INACTIVE_PEOPLE:
                count = _anonymise_inactive(organisation, cut_off, actor)
            else:
                count = expired(organisation, kind, cut_off).count()
                if count:
                    expired(organisation, kind, cut_off).delete()
            done[kind.value] = count
            if count:
                audit_record(
                    action=AuditEvent.Action.ERASE if kind == RecordKind.INACTIVE_PEOPLE else AuditEvent.Action.DELETE,
                    actor=actor,
                    organisation=organisation,
                    object_type=RetentionPeriod._meta.label,
                    object_label=f"Retention: {kind.value}",
                    summary=(
                        f"Retention applied: {count} {kind.value.replace('_', ' ')} older than {cut_off.isoformat()}"
                    ),
                    changes={
                        "kind": kind.value,
                        "count": count,
                        "cut_off": cut_off.isoformat(),
                        "months": months[kind],
                    },
                )
    return done


def _anonymise_inactive(organisation: Organisation, cut_off: dt.date, actor: User | None) -> int:
    """Each person is erased in their own transaction, so one refusal (a concern opened meanwhile) stops no one
    else."""
    ids = list(expired(organisation, RecordKind.INACTIVE_PEOPLE, cut_off).values_list("pk", flat=True))
    count = 0
    for person in Person.objects.filter(pk__in=ids).iterator(chunk_size=500):
        try:
            person_erase(person=person, actor=actor, keep_attribution=False, by_retention=True)
        except ValidationError:
            continue
        count += 1
    return count
