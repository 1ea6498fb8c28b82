"""Insights reports kept for a few minutes in the shared cache, so that the page, the summary, the exports and the
API answer at once however many records there are (bench/insights.py measured several seconds to work out a
report from a million involvement records).

A report is kept under the organisation's *version*, which goes up whenever something changes that the figures
must show at once: an involvement record is written or removed, or someone's equality answers, objection or
equality monitoring consent change (so an objection stops the use of their answers at once). Other changes (a
promise kept, a postcode corrected) show when the report is next worked out: after INSIGHTS_CACHE_SECONDS at most.
`manage.py refresh_insights` works out the organisation-wide reports ahead of time (run it every few minutes).
Reports are kept only with a shared cache (Redis, REDIS_URL): see INSIGHTS_CACHE_SECONDS in settings.py.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from coproduce.insights import report
from coproduce.insights.scope import Scope

logger = logging.getLogger(__name__)

DEFAULT_SECONDS = 600
REFRESH_BURST_SECONDS = 30


def _version_key(organisation_id) -> str:
    return f"insights:version:{organisation_id}"


def version(organisation_id) -> int:
    key = _version_key(organisation_id)
    value = cache.get(key)
    if value is None:
        # Never a value used before (the key may have been evicted): the time, in nanoseconds.
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key) or time.time_ns()
    return value


def changed(organisation_id) -> None:
    """The organisation's figures have changed: reports kept so far are no longer used. Called inside the
    transaction that makes the change, it also takes effect when that commits, so that a report worked out from the
    old records in between is not kept either."""
    _bump(organisation_id)
    transaction.on_commit(lambda: _committed(organisation_id))


def _committed(organisation_id) -> None:
    _bump(organisation_id)
    # Work the organisation-wide report out again in the background, once for a burst of changes (a register
    # saved several times in a minute; the task goes round again if more came while it worked): the next visitor
    # finds it kept instead of waiting for it.
    if not (seconds() and getattr(settings, "INSIGHTS_REFRESH_AFTER_CHANGE", True)):
        return
    try:
        first_of_burst = cache.add(_refreshing_key(organisation_id), 1, timeout=REFRESH_BURST_SECONDS)
    except Exception:
        return  # no cache, nothing kept to refresh
    if first_of_burst:
        from coproduce.insights.tasks import refresh_report

        refresh_report.enqueue(organisation_id=str(organisation_id))


def _refreshing_key(organisation_id) -> str:
    return f"insights:refreshing:{organisation_id}"


def refreshed(organisation_id) -> None:
    """The background refresh is over: the next change may start another."""
    cache.delete(_refreshing_key(organisation_id))


def _bump(organisation_id) -> None:
    key = _version_key(organisation_id)
    try:
        try:
            cache.incr(key)
        except ValueError:  # not there (or evicted): start again from a value never used before
            cache.add(key, time.time_ns(), timeout=None)
    except Exception:  # the cache cannot be reached: a register must still save (reports are not read then either)
        logger.warning("Could not mark the insights of organisation %s as changed", organisation_id, exc_info=True)


def _key(scope: Scope) -> str:
    filters = ":".join(f"{name}={value}" for name, value in sorted(scope.as_query().items()))
    return f"insights:report:{scope.organisation.pk}:{version(scope.organisation.pk)}:{scope.until}:{filters}"


def seconds() -> int:
    return getattr(settings, "INSIGHTS_CACHE_SECONDS", DEFAULT_SECONDS)


def report_for(scope: Scope, *, fresh: bool = False) -> report.Report:
    """The report for the scope: the kept one if there is one for the organisation's current version, otherwise
    worked out now and kept. `fresh` works it out again whatever is kept. With INSIGHTS_CACHE_SECONDS at 0 (the
    default without a shared cache, where one process could not tell the others of a change) nothing is kept."""
    if not seconds():
        return report.build(scope)
    try:
        key = _key(scope)
        built = None if fresh else cache.get(key)
    except Exception:  # the cache cannot be reached: work the report out, keep nothing
        logger.warning("Insights cache unavailable; working the report out", exc_info=True)
        return report.build(scope)
    if built is None:
        built = report.build(scope)
        try:
            cache.set(key, built, timeout=seconds())
        except Exception:
            logger.warning("Insights cache unavailable; the report was not kept", exc_info=True)
    return built
