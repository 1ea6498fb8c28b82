"""Import an organisation's postcode → neighbourhood lookup from the ONS Postcode Directory CSV it downloaded.

The file is streamed (it has millions of rows); only the postcodes of the organisation's areas are kept, and its
previous lookup is replaced in one transaction.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.insights.postcodes import postcode_lookup_import
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = "Import an organisation's postcode lookup (postcode to 2011 LSOA) from the ONS Postcode Directory CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's slug, for example northby.")
        parser.add_argument("path", help="The ONS Postcode Directory CSV file.")

    def handle(self, *args, organisation: str, path: str, **options) -> None:
        try:
            org = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation has the slug {organisation!r}.") from None
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"No file at {file_path}.")
        started = time.perf_counter()
        try:
            with file_path.open("rb") as handle:
                result = postcode_lookup_import(organisation=org, file=handle)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(f"rows read: {result.rows_read:,}")
        self.stdout.write(f"postcodes kept: {result.kept:,}")
        self.stdout.write(f"skipped, outside the organisation's areas: {result.skipped_other_area:,}")
        self.stdout.write(f"skipped, terminated postcodes: {result.skipped_terminated:,}")
        self.stdout.write(f"repeated postcodes (the later row kept): {result.duplicates:,}")
        lines = f" (lines {', '.join(map(str, result.invalid_lines))})" if result.invalid_lines else ""
        self.stdout.write(f"invalid rows: {result.invalid:,}{lines}")
        self.stdout.write(self.style.SUCCESS(f"Postcode lookup imported in {elapsed:.2f} s."))
