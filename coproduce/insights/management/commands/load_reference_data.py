"""Load the ONS Census 2021 and IMD 2019 reference data shipped with the product (coproduce/insights/data/ons/).

Safe to run again: the files are checked first (nothing is written if any problem is found), then the reference
tables are replaced in one transaction.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.insights.models import LocalAuthority
from coproduce.insights.reference_data import DEFAULT_DIRECTORY, ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = "Load the ONS Census 2021 and English Indices of Deprivation 2019 reference data (population benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", default=str(DEFAULT_DIRECTORY), help="Folder holding the four ONS CSV files."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when reference data is already loaded.")

    def handle(self, *args, directory: str, if_empty: bool = False, **options) -> None:
        if if_empty and LocalAuthority.objects.exists():
            self.stdout.write("Reference data is already loaded.")
            return
        started = time.perf_counter()
        try:
            counts = load_reference_data(directory)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {elapsed:.2f} s."))
