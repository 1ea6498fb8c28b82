"""Delete newsletter sign-ups never confirmed within 30 days (run daily from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coproduce.newsletter.services import pending_cleanup


class Command(BaseCommand):
    help = "Delete newsletter sign-ups whose address was never confirmed within 30 days (run daily)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Unconfirmed newsletter sign-ups deleted: {pending_cleanup()}")
