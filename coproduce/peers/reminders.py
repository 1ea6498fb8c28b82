"""Reminders to coordinators about peer supporters' checks and supervision, by email through the outbox
(coproduce.comms.outbox), before a supporter can no longer be matched with families:

- a DBS check, safeguarding training or peer support training that expires within 30 days, and again within 7 days;
- supervision due within 14 days;
- a check that has expired or supervision that is overdue (once).

Each goes to the supporter's coordinator, or to the organisation's co-production leads when they have no
coordinator or the coordinator is no longer a member (to the administrators when there are no leads). Supporters
who have left are not reminded about. Each person hears once for each check's expiry date (or supervision due date)
and each step (30 days, 7 days, expired), so a run twice, or on two machines, sends nothing extra, and a renewed
check is reminded about again when its new date comes near.

What is valid, expiring or expired is worked out by `coproduce.analysis.matching` (through `peers.matching.standings`),
so the reminders say exactly what the matching page does. `reminders_send` runs once a day:
`manage.py send_peer_reminders`, or the task of the same name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.analysis.matching import CheckKind, CheckStatus, date_words
from coproduce.comms.models import Channel, Kind, Message
from coproduce.comms.outbox import message_queue
from coproduce.organisations.models import Membership, Role
from coproduce.peers.matching import SupporterStanding, standings
from coproduce.peers.models import PeerSupporter, SupporterStatus

# Days ahead: a check is reminded about at 30 days and again at 7; supervision at 14.
CHECK_STEPS = (30, 7)
SUPERVISION_DAYS = 14


@dataclass
class ReminderReport:
    due_soon: int = 0
    expired: int = 0

    @property
    def sent(self) -> int:
        return self.due_soon + self.expired


@dataclass(frozen=True)
class Due:
    """One thing to tell a coordinator about one supporter: which check, its date, and the step."""

    supporter: PeerSupporter
    kind: str  # a CheckKind value
    on: dt.date
    step: str  # "30", "7" or "14" days ahead, or "expired"

    @property
    def expired(self) -> bool:
        return self.step == "expired"

    def key(self, user) -> str:
        return f"peer-check:{self.supporter.pk}:{self.kind}:{self.on.isoformat()}:{self.step}:{user.pk}"


def _check_name(kind: str) -> str:
    return {
        CheckKind.DBS: _("DBS check"),
        CheckKind.SAFEGUARDING_TRAINING: _("safeguarding training"),
        CheckKind.PEER_TRAINING: _("peer support training"),
    }[kind]


def what_is_due(due: Due) -> str:
    """The reminder in one or two plain sentences, e.g. "Sam Supporter's DBS check expires on 3 May 2027. Until it
    is renewed they cannot be matched with families." """
    words = {"name": due.supporter.person.full_name, "date": date_words(due.on)}
    if due.kind == CheckKind.SUPERVISION:
        if due.expired:
            return (
                _(
                    "%(name)s's supervision is overdue: it was due on %(date)s. Until it happens they cannot be "
                    "matched with families."
                )
                % words
            )
        return (
            _(
                "%(name)s's next supervision is due on %(date)s. If it has not happened by then, they cannot be "
                "matched with families until it does."
            )
            % words
        )
    words["check"] = _check_name(due.kind)
    if due.expired:
        return (
            _("%(name)s's %(check)s expired on %(date)s. Until it is renewed they cannot be matched with families.")
            % words
        )
    return (
        _("%(name)s's %(check)s expires on %(date)s. Until it is renewed they cannot be matched with families.") % words
    )


def _subject(due: Due) -> str:
    words = {"name": due.supporter.person.full_name, "date": date_words(due.on)}
    if due.kind == CheckKind.SUPERVISION:
        if due.expired:
            return _("Supervision overdue: %(name)s") % words
        return _("Supervision due on %(date)s: %(name)s") % words
    check = _check_name(due.kind)
    words["check"] = check[:1].upper() + check[1:]
    if due.expired:
        return _("%(check)s expired: %(name)s") % words
    return _("%(check)s expires on %(date)s: %(name)s") % words


def _step(kind: str, days_left: int) -> str | None:
    """Which reminder a check `days_left` days from expiry is at (None: too early)."""
    if kind == CheckKind.SUPERVISION:
        return str(SUPERVISION_DAYS) if days_left <= SUPERVISION_DAYS else None
    steps = [str(days) for days in sorted(CHECK_STEPS) if days_left <= days]
    return steps[0] if steps else None


def dues(standing: SupporterStanding) -> list[Due]:
    """What to remind about for one supporter today: checks expiring soon (at the latest step reached) and those
    already expired or overdue. A check never recorded is not a reminder: the supporter's page shows it."""
    found = []
    for check in standing.checks:
        if check.on is None or check.days_left is None:
            continue
        if check.status == CheckStatus.EXPIRED:
            found.append(Due(standing.supporter, check.kind, check.on, "expired"))
        elif (step := _step(check.kind, check.days_left)) is not None:
            found.append(Due(standing.supporter, check.kind, check.on, step))
    return found


def supporter_url(supporter: PeerSupporter) -> str:
    try:
        path = reverse("peers:supporter_detail", kwargs={"supporter_id": supporter.pk})
    except NoReverseMatch:  # the pages are another part of the product: the address is agreed
        path = f"/peer-support/supporters/{supporter.pk}/"
    return settings.SITE_URL + path


class _Staff:
    """The active members among the coordinators, and each organisation's leads (or administrators), read in two
    queries for every organisation a run touches."""

    def __init__(self, organisation_ids: set, user_ids: set) -> None:
        self.members = set(
            Membership.objects.filter(
                organisation_id__in=organisation_ids, user_id__in=user_ids, user__is_active=True
            ).values_list("organisation_id", "user_id")
        )
        self.by_role: dict[tuple, list] = defaultdict(list)
        rows = (
            Membership.objects.filter(
                organisation_id__in=organisation_ids, role__in=(Role.LEAD, Role.ADMIN), user__is_active=True
            )
            .select_related("user")
            .order_by("user__email")
        )
        for membership in rows:
            self.by_role[(membership.organisation_id, membership.role)].append(membership.user)

    def recipients(self, supporter: PeerSupporter) -> tuple[list, bool]:
        """(who to tell, whether that is the coordinator)."""
        coordinator = supporter.coordinator
        if coordinator is not None and (supporter.organisation_id, coordinator.pk) in self.members:
            return [coordinator], True
        organisation = supporter.organisation_id
        leads = self.by_role.get((organisation, Role.LEAD)) or self.by_role.get((organisation, Role.ADMIN), [])
        return leads, False


def reminders_send(*, today: dt.date | None = None) -> ReminderReport:
    """Every reminder about peer supporters due today, across organisations."""
    today = today or timezone.localdate()
    supporters = (
        PeerSupporter.objects.exclude(status=SupporterStatus.LEFT)
        .select_related("organisation", "coordinator")
        .order_by("organisation_id", "person__full_name", "id")
    )
    due_list = [due for standing in standings(supporters, today=today) for due in dues(standing)]
    staff = _Staff(
        {due.supporter.organisation_id for due in due_list},
        {due.supporter.coordinator_id for due in due_list if due.supporter.coordinator_id},
    )
    plans = []
    for due in due_list:
        users, is_coordinator = staff.recipients(due.supporter)
        seen = set()
        for user in users:
            if user.email and user.pk not in seen:
                seen.add(user.pk)
                plans.append((due, user, is_coordinator, due.key(user)))
    already = _already_sent(plans)
    report = ReminderReport()
    for due, user, is_coordinator, key in plans:
        if key in already:
            continue
        body = render_to_string(
            "peers/email/supporter_reminder.txt",
            {
                "user": user,
                "what": what_is_due(due),
                "supporter": due.supporter,
                "is_coordinator": is_coordinator,
                "has_coordinator": due.supporter.coordinator_id is not None,
                "expired": due.expired,
                "is_supervision": due.kind == CheckKind.SUPERVISION,
                "is_dbs": due.kind == CheckKind.DBS,
                "link": supporter_url(due.supporter),
            },
        )
        with transaction.atomic():
            message_queue(
                organisation=due.supporter.organisation,
                channel=Channel.EMAIL,
                to=user.email,
                subject=_subject(due),
                body=body,
                kind=Kind.REMINDER,
                idempotency_key=key,
            )
        if due.expired:
            report.expired += 1
        else:
            report.due_soon += 1
    return report


def _already_sent(plans: list[tuple]) -> set[str]:
    """The keys of these planned reminders already in the outbox (a batch of keys per query)."""
    organisation_ids = {due.supporter.organisation_id for due, *_rest in plans}
    keys = [plan[-1] for plan in plans]
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            Message.objects.filter(
                organisation_id__in=organisation_ids, idempotency_key__in=keys[start : start + 500]
            ).values_list("idempotency_key", flat=True)
        )
    return found
