"""Follow-through on promises: which are overdue, and how many were kept on time so far, in plain English.

- `is_overdue(promise, today)`: still open (not kept, changed or not possible) and due before today.
- `follow_through(promises, today)` counts kept on time, kept late, kept with no due date, changed, not possible,
  open and overdue, and the share kept on time "so far": of the promises with a due date whose outcome is known —
  the due date has passed, or the promise is already kept, changed or not possible. An open promise not yet due
  is left out, so a new promise neither helps nor hurts the figure. A promise kept on its due date is on time; one
  marked kept with no date counts as kept late, since nothing shows it was on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PLANNED = "planned"
IN_PROGRESS = "in_progress"
KEPT = "kept"
CHANGED = "changed"
NOT_POSSIBLE = "not_possible"
STATUSES = (PLANNED, IN_PROGRESS, KEPT, CHANGED, NOT_POSSIBLE)
CLOSED = frozenset({KEPT, CHANGED, NOT_POSSIBLE})


@dataclass(frozen=True)
class PromiseRecord:
    due: dt.date | None
    status: str
    kept_on: dt.date | None = None


@dataclass(frozen=True)
class FollowThrough:
    total: int
    kept_on_time: int
    kept_late: int
    kept_without_due_date: int
    changed: int
    not_possible: int
    open: int
    overdue: int  # of the open ones
    so_far: int  # promises with a due date whose outcome is known: the denominator of the share
    share_kept_on_time: float | None  # kept_on_time / so_far, or None when so_far is 0
    sentence: str


def _check(promise: PromiseRecord) -> None:
    if promise.status not in STATUSES:
        raise ValueError(f"Unknown promise status {promise.status!r}; expected one of: {', '.join(STATUSES)}.")


def is_overdue(promise: PromiseRecord, today: dt.date) -> bool:
    _check(promise)
    return promise.status not in CLOSED and promise.due is not None and promise.due < today


def _kept_on_time(promise: PromiseRecord) -> bool:
    return (
        promise.status == KEPT
        and promise.due is not None
        and promise.kept_on is not None
        and promise.kept_on <= promise.due
    )


def _counts_so_far(promise: PromiseRecord, today: dt.date) -> bool:
    return promise.due is not None and (promise.status in CLOSED or promise.due < today)


def sentence(kept_on_time: int, so_far: int) -> str:
    """'7 of your 10 promises with a due date so far were kept on time.'"""
    if so_far == 0:
        return "None of your promises with a due date has reached it yet, so there is nothing to count so far."
    if so_far == 1:
        return f"Your 1 promise with a due date so far was {'' if kept_on_time else 'not '}kept on time."
    if kept_on_time == 0:
        return f"None of your {so_far} promises with a due date so far were kept on time."
    if kept_on_time == so_far:
        return f"All {so_far} of your promises with a due date so far were kept on time."
    verb = "was" if kept_on_time == 1 else "were"
    return f"{kept_on_time} of your {so_far} promises with a due date so far {verb} kept on time."


def follow_through(promises: Iterable[PromiseRecord], today: dt.date) -> FollowThrough:
    promises = list(promises)
    for promise in promises:
        _check(promise)
    kept = [p for p in promises if p.status == KEPT]
    on_time = sum(1 for p in kept if _kept_on_time(p))
    undated = sum(1 for p in kept if p.due is None)
    so_far = sum(1 for p in promises if _counts_so_far(p, today))
    return FollowThrough(
        total=len(promises),
        kept_on_time=on_time,
        kept_late=len(kept) - on_time - undated,
        kept_without_due_date=undated,
        changed=sum(1 for p in promises if p.status == CHANGED),
        not_possible=sum(1 for p in promises if p.status == NOT_POSSIBLE),
        open=sum(1 for p in promises if p.status not in CLOSED),
        overdue=sum(1 for p in promises if is_overdue(p, today)),
        so_far=so_far,
        share_kept_on_time=on_time / so_far if so_far else None,
        sentence=sentence(on_time, so_far),
    )
