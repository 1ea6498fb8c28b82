"""Tell coordinators (or the co-production leads) about peer supporters' checks expiring within 30 and 7 days,
supervision due within 14 days, and anything already expired or overdue.

Run it once a day, from cron or a systemd timer. Each person hears once per date and step, so running it more often
does no harm.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.peers.reminders import reminders_send
from coproduce.peers.tasks import send_peer_reminders


class Command(BaseCommand):
    help = (
        "Email coordinators about peer supporters' checks expiring within 30 and 7 days, supervision due within "
        "14 days, and checks expired or supervision overdue (once per date)."
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
            result = send_peer_reminders.enqueue(today=today)
            self.stdout.write(f"Queued the peer supporter reminders (task {result.id}).")
            return
        report = reminders_send(today=day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Queued {report.sent} reminder(s): {report.due_soon} about checks or supervision due soon, "
                f"{report.expired} about checks expired or supervision overdue."
            )
        )
