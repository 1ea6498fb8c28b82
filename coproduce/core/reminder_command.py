"""The shape every daily reminder command shares: `--enqueue` hands the job to the task worker, `--today` tries the
reminders out as if it were another day. A command names its task and says what it did (`run`)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser


class ReminderCommand(BaseCommand):
    # The django-tasks task to queue with --enqueue (called with `today` as text), and how to name the job.
    task = None
    job_name = "reminders"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the job on the task queue for the worker (manage.py db_worker) instead of running it now.",
        )
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), to try the reminders out.")

    def handle(self, *args, enqueue: bool, today: str | None, **options) -> None:
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today must be a date like 2027-03-31, not {today!r}.") from None
        if enqueue:
            result = self.task.enqueue(today=today)
            self.stdout.write(f"Queued the {self.job_name} (task {result.id}).")
            return
        self.stdout.write(self.style.SUCCESS(self.run(day)))

    def run(self, today: dt.date | None) -> str:
        """Send the reminders now; return what was done, in a sentence."""
        raise NotImplementedError
