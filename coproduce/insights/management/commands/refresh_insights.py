"""Work out each organisation's insights reports ahead of time (the whole organisation, each period), so the
insights page and API answer at once. Run it every few minutes (for example from cron, every 5 minutes); reports
are kept for INSIGHTS_CACHE_SECONDS. Safe to run at any time: it only reads records and fills the cache."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from coproduce.insights import cache as insights_cache
from coproduce.insights.management import organisations_named
from coproduce.insights.scope import PERIODS, Scope


class Command(BaseCommand):
    help = "Work out the organisation-wide insights reports ahead of time, for every organisation or one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", nargs="?", help="The organisation's slug (default: every organisation).")

    def handle(self, *args, organisation: str | None = None, **options) -> None:
        if not insights_cache.seconds():
            self.stdout.write(
                "Nothing to do: reports are not kept (INSIGHTS_CACHE_SECONDS is 0, or there is no Redis)."
            )
            return
        for org in organisations_named(organisation):
            started = time.perf_counter()
            for period in PERIODS:
                insights_cache.report_for(Scope(org, period=period), fresh=True)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{org.slug}: {len(PERIODS)} reports in {elapsed:.1f} s")
