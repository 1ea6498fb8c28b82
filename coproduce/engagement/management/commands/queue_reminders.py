"""Queue the reminders that are due (2 days and 2 hours before each activity, by default). Run every 5 minutes."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coproduce.engagement.reminders import reminders_queue


class Command(BaseCommand):
    help = "Queue reminder messages for activities whose reminder time has come (run every 5 minutes from cron)."

    def handle(self, *args, **options) -> None:
        report = reminders_queue()
        self.stdout.write(f"Reminders queued: {report.queued}, for {report.activities} activities")
