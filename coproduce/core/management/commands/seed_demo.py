"""Load demo data: `--scale small` for trying the service (used by `make run`), `--scale large` for load tests."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.core import demo
from coproduce.env import env_bool
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person


class Command(BaseCommand):
    help = "Load fictional demo data (Northby Family Hubs). Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any organisation exists.")
        parser.add_argument("--people", type=int, default=None, help="How many people (default 300 / 100,000).")

    def handle(self, *args, scale: str, if_empty: bool, people: int | None, **options) -> None:
        if not settings.DEBUG and not env_bool("DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data has well-known passwords, so it only loads with DJANGO_DEBUG=true, or with "
                "DEMO_DATA_ALLOWED=true for a load-test database. Never load it into a live service."
            )
        if if_empty and Organisation.objects.exists():
            self.stdout.write("The database already has data: demo data not loaded.")
            return
        started = time.monotonic()
        if scale == "small":
            organisation, created = demo.seed_small(people=people or 300)
            if not created:
                self.stdout.write(f"{organisation.name} is already loaded: nothing to do.")
                return
        else:
            organisation = demo.seed_large(people=people or 100_000)
        count = Person.objects.for_organisation(organisation).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {scale} demo data: {organisation.name} with {count:,} people, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
