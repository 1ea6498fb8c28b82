"""Remind staff about decisions due for review, overdue promises (owner and co-production leads) and promises due
within 7 days (owner).

Run it once a day, from cron or a systemd timer. Each person hears once per review or due date, so running it more
often does no harm.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.decisions.reminders import reminders_send
from coproduce.decisions.tasks import send_decision_reminders


class Command(BaseCommand):
    help = (
        "Email staff about decisions due for review, overdue promises and promises due within 7 days "
        "(once per review or due date)."
    )

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
            result = send_decision_reminders.enqueue(today=today)
            self.stdout.write(f"Queued the decision and promise reminders (task {result.id}).")
            return
        report = reminders_send(today=day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Queued {report.sent} reminder(s): {report.decisions_to_review} about decisions to review, "
                f"{report.promises_overdue} about overdue promises, {report.promises_due_soon} about promises "
                "due soon."
            )
        )
