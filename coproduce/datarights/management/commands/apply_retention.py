"""Apply each organisation's retention periods: anonymise people inactive for longer than their period and delete
expired records. With --dry-run, only print what would happen.

Run it once a day, from cron or a systemd timer. Running it more often does no harm: what has gone has gone.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.comms.short_links import expired_short_links_delete
from coproduce.datarights.models import RecordKind
from coproduce.datarights.retention import retention_plan
from coproduce.datarights.tasks import apply_retention_task
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = "Anonymise people inactive beyond their retention period and delete expired records (--dry-run: report)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print what would happen, and change nothing.")
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation (its short web name).")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the job on the task queue for the worker (manage.py db_worker) instead of running it now.",
        )
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool, organisation: str | None, enqueue: bool, today: str | None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today must be a date like 2027-03-31, not {today!r}.") from None
        organisations = Organisation.objects.order_by("slug")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation has the short web name {organisation!r}.")
        if dry_run:
            for org in organisations:
                self.stdout.write(f"{org.name} ({org.slug}), dry run: nothing is changed")
                for item in retention_plan(org, today=day):
                    self.stdout.write(
                        f"  {item.what_happens}: {item.count} older than {item.cut_off.isoformat()} "
                        f"(kept {item.months} months)"
                    )
            return
        if enqueue:
            result = apply_retention_task.enqueue(organisation=organisation, today=today)
            self.stdout.write(f"Queued retention (task {result.id}).")
            return
        done = apply_retention_task.call(organisation=organisation, today=today)
        names = dict(organisations.values_list("slug", "name"))
        for slug, counts in done.items():
            self.stdout.write(f"{names.get(slug, slug)} ({slug})")
            for kind in RecordKind:
                self.stdout.write(f"  {kind.label}: {counts.get(kind.value, 0)}")
        if not organisation:
            # Short links in text messages live a fixed time (comms/short_links.py), whatever the organisation.
            self.stdout.write(f"Expired short links in text messages (deleted): {expired_short_links_delete()}")
        self.stdout.write(
            self.style.SUCCESS(f"Retention applied: {sum(sum(c.values()) for c in done.values())} records.")
        )
