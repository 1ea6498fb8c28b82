"""Ask GOV.UK Notify what became of recently sent messages (delivered, or bounced) and record it. For cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coproduce.comms.outbox import delivery_statuses_poll


class Command(BaseCommand):
    help = "Record delivered and failed messages from the provider's status (GOV.UK Notify)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="Messages checked in one run (default 500).")

    def handle(self, *args, limit: int, **options) -> None:
        changed = delivery_statuses_poll(limit=limit)
        self.stdout.write(f"{changed} message(s) changed status")
