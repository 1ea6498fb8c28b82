"""Remind owners of sustaining strategies that a refresh is coming up (within 14 days) or overdue.

Run it once a day, from cron or a systemd timer. Each owner hears once per due date, so running it more often
does no harm.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.commitments.tasks import send_strategy_reminders


class Command(BaseCommand):
    help = "Email owners of sustaining strategies whose refresh is due within 14 days or overdue (once per due date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the job on the task queue for the worker (manage.py db_worker) instead of running it now.",
        )
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), to try the reminders out.")

    def handle(self, *args, enqueue: bool, today: str | None, **options) -> None:
        if today:
            try:
                dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today must be a date like 2027-03-31, not {today!r}.") from None
        if enqueue:
            result = send_strategy_reminders.enqueue(today=today)
            self.stdout.write(f"Queued the strategy reminders (task {result.id}).")
            return
        sent = send_strategy_reminders.call(today=today)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} strategy reminder(s)."))
