"""Reminders to staff about decisions and promises, by email through the outbox (coproduce.comms.outbox):

- a decision whose review date has come: to the member who recorded it, or to the organisation's co-production
  leads when they are no longer a member (or nobody recorded it);
- an overdue promise (still open, its due date passed): to its owner and to the organisation's co-production
  leads, because families can see in public that it is overdue;
- a promise due within 7 days: a heads-up to its owner (to the leads when the owner is no longer a member).

An organisation without co-production leads has its administrators told instead. Each person hears once for each
review or due date (the outbox key names the reminder, the record, the date and the person), so a run twice, or
on two machines, sends nothing extra, and a promise given a new due date is reminded about again.

`reminders_send` runs once a day: `manage.py send_decision_reminders`, or the task of the same name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.comms.models import Channel, Kind, Message
from coproduce.comms.outbox import message_queue
from coproduce.decisions.models import Decision, Promise
from coproduce.organisations.models import Membership, Role

# How many days ahead an owner gets a heads-up that a promise is due.
DUE_SOON_DAYS = 7


@dataclass
class ReminderReport:
    decisions_to_review: int = 0
    promises_overdue: int = 0
    promises_due_soon: int = 0

    @property
    def sent(self) -> int:
        return self.decisions_to_review + self.promises_overdue + self.promises_due_soon


def _link(name: str, kwargs: dict, fallback: str) -> str:
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the pages are another part of the product: the address is agreed
        path = fallback
    return settings.SITE_URL + path


def promise_url(promise: Promise) -> str:
    return _link("decisions:promise_detail", {"promise_id": promise.pk}, f"/promises/{promise.pk}/")


def decision_url(decision: Decision) -> str:
    return _link("decisions:decision_detail", {"decision_id": decision.pk}, f"/decisions/{decision.pk}/")


def review_key(decision: Decision, user) -> str:
    return f"decision-review:{decision.pk}:{decision.review_date.isoformat()}:{user.pk}"


def overdue_key(promise: Promise, user) -> str:
    return f"promise-overdue:{promise.pk}:{promise.due_date.isoformat()}:{user.pk}"


def due_soon_key(promise: Promise, user) -> str:
    return f"promise-due-soon:{promise.pk}:{promise.due_date.isoformat()}:{user.pk}"


class _Staff:
    """Who is an active member of which organisation, and each organisation's leads (or administrators), read in
    two queries for every organisation a run touches."""

    def __init__(self, organisation_ids: set, user_ids: set) -> None:
        self.members = set(
            Membership.objects.filter(
                organisation_id__in=organisation_ids, user_id__in=user_ids, user__is_active=True
            ).values_list("organisation_id", "user_id")
        )
        by_role: dict[tuple, list] = defaultdict(list)
        rows = (
            Membership.objects.filter(
                organisation_id__in=organisation_ids, role__in=(Role.LEAD, Role.ADMIN), user__is_active=True
            )
            .select_related("user")
            .order_by("user__email")
        )
        for membership in rows:
            by_role[(membership.organisation_id, membership.role)].append(membership.user)
        self.by_role = by_role

    def is_member(self, organisation_id, user) -> bool:
        return user is not None and (organisation_id, user.pk) in self.members

    def leads(self, organisation_id) -> list:
        """The co-production leads; the administrators where there are none, so that someone hears."""
        return self.by_role.get((organisation_id, Role.LEAD)) or self.by_role.get((organisation_id, Role.ADMIN), [])


def _already_sent(plans: list[tuple]) -> set[str]:
    """The keys of these planned reminders that are already in the outbox (a batch of keys per query)."""
    organisation_ids = {item.organisation_id for item, _user, _key in plans}
    keys = [key for _item, _user, key in plans]
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            Message.objects.filter(
                organisation_id__in=organisation_ids, idempotency_key__in=keys[start : start + 500]
            ).values_list("idempotency_key", flat=True)
        )
    return found


def _unique(users: Iterable) -> list:
    seen: dict = {}
    for user in users:
        if user is not None and user.email:
            seen.setdefault(user.pk, user)
    return list(seen.values())


def _queue(*, organisation, user, subject: str, text: str, key: str) -> None:
    message_queue(
        organisation=organisation,
        channel=Channel.EMAIL,
        to=user.email,
        subject=subject,
        body=text,
        kind=Kind.REMINDER,
        idempotency_key=key,
    )


def decision_reviews_send(*, today: dt.date) -> int:
    """Remind whoever recorded each decision whose review date has come (else the leads). Returns how many."""
    decisions = list(
        Decision.objects.due_for_review(today)
        .select_related("organisation", "project", "recorded_by")
        .order_by("review_date", "created_at")
    )
    staff = _Staff({d.organisation_id for d in decisions}, {d.recorded_by_id for d in decisions if d.recorded_by_id})
    plans = []
    for decision in decisions:
        recorder = decision.recorded_by if staff.is_member(decision.organisation_id, decision.recorded_by) else None
        for user in _unique([recorder] if recorder else staff.leads(decision.organisation_id)):
            plans.append((decision, user, review_key(decision, user)))

    def compose(decision: Decision, user) -> tuple[str, str, dict]:
        subject = _("Review the decision: %(title)s") % {"title": decision.title}
        context = {
            "decision": decision,
            "recorded_it": user.pk == decision.recorded_by_id,
            "link": decision_url(decision),
            "overdue": decision.review_date < today,
        }
        return subject, "decisions/email/decision_review.txt", context

    return _send(plans, compose)


def _send(plans: list[tuple], compose) -> int:
    """Queue each planned reminder not already in the outbox, each in its own transaction; `compose(record, user)`
    gives its subject, template and context (the user is added). Returns how many were queued."""
    sent = _already_sent(plans)
    count = 0
    for record, user, key in plans:
        if key in sent:
            continue
        subject, template, context = compose(record, user)
        with transaction.atomic():
            _queue(
                organisation=record.organisation,
                user=user,
                subject=subject,
                text=render_to_string(template, {"user": user, **context}),
                key=key,
            )
        count += 1
    return count


def _promise_plans(promises: list[Promise], recipients, key) -> list[tuple]:
    return [(promise, user, key(promise, user)) for promise in promises for user in _unique(recipients(promise))]


def promises_overdue_send(*, today: dt.date) -> int:
    """Tell the owner and the leads about each overdue promise, once per due date. Returns how many emails."""
    promises = list(
        Promise.objects.overdue(today)
        .select_related("organisation", "owner", "project")
        .order_by("due_date", "created_at")
    )
    staff = _Staff({p.organisation_id for p in promises}, {p.owner_id for p in promises})

    def recipients(promise: Promise) -> list:
        owner = [promise.owner] if staff.is_member(promise.organisation_id, promise.owner) else []
        return owner + staff.leads(promise.organisation_id)

    def compose(promise: Promise, user) -> tuple[str, str, dict]:
        subject = _("Overdue promise: %(text)s") % {"text": _short(promise.text)}
        context = {
            "promise": promise,
            "is_owner": user.pk == promise.owner_id,
            "owner_is_member": staff.is_member(promise.organisation_id, promise.owner),
            "days_late": (today - promise.due_date).days,
            "link": promise_url(promise),
        }
        return subject, "decisions/email/promise_overdue.txt", context

    return _send(_promise_plans(promises, recipients, overdue_key), compose)


def promises_due_soon_send(*, today: dt.date, days_ahead: int = DUE_SOON_DAYS) -> int:
    """Give each owner a heads-up about their open promises due within `days_ahead` days (today included), once per
    due date. Returns how many emails."""
    promises = list(
        Promise.objects.open()
        .filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days_ahead))
        .select_related("organisation", "owner", "project")
        .order_by("due_date", "created_at")
    )
    staff = _Staff({p.organisation_id for p in promises}, {p.owner_id for p in promises})

    def recipients(promise: Promise) -> list:
        if staff.is_member(promise.organisation_id, promise.owner):
            return [promise.owner]
        return staff.leads(promise.organisation_id)

    def compose(promise: Promise, user) -> tuple[str, str, dict]:
        subject = _("Promise due soon: %(text)s") % {"text": _short(promise.text)}
        context = {
            "promise": promise,
            "is_owner": user.pk == promise.owner_id,
            "days_left": (promise.due_date - today).days,
            "link": promise_url(promise),
        }
        return subject, "decisions/email/promise_due_soon.txt", context

    return _send(_promise_plans(promises, recipients, due_soon_key), compose)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reminders_send(*, today: dt.date | None = None) -> ReminderReport:
    """Every reminder that is due today, across organisations."""
    today = today or timezone.localdate()
    return ReminderReport(
        decisions_to_review=decision_reviews_send(today=today),
        promises_overdue=promises_overdue_send(today=today),
        promises_due_soon=promises_due_soon_send(today=today),
    )
