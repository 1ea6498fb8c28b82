"""Write every involvement record again from the registers and project stakeholders: for records made before
insights existed, or after loading data in bulk. Safe to run again: each organisation is rebuilt in one
transaction, and equality snapshots already taken are kept."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.insights.involvement import involvements_rebuild
from coproduce.insights.management import organisations_named


class Command(BaseCommand):
    help = "Rebuild the involvement records (what insights count) of one organisation, or of all of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", nargs="?", help="The organisation's slug; leave out with --all.")
        parser.add_argument("--all", action="store_true", help="Rebuild every organisation.")

    def handle(self, *args, organisation: str | None, **options) -> None:
        every = options["all"]
        if bool(organisation) == bool(every):
            raise CommandError("Give an organisation's slug, or --all.")
        for org in organisations_named(organisation):
            started = time.perf_counter()
            count = involvements_rebuild(org)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{org.slug}: {count:,} involvement records in {elapsed:.1f} s")
