"""The postcode → neighbourhood (2011 LSOA) lookup, and people's IMD decile from their postcode.

The lookup is imported from the ONS Postcode Directory (ONSPD) CSV the organisation downloads: a file of about
2.7 million rows, read one row at a time. Only the postcodes of the organisation's areas (`OrganisationArea`) are
kept, so the rows held in memory are bounded by the size of those areas (tens of thousands, not millions). The
organisation's previous lookup is replaced in one transaction at the end: a failure leaves it as it was.

Source: Office for National Statistics, ONS Postcode Directory. Open Government Licence v3.0.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.insights import cache as insights_cache
from coproduce.insights.models import LsoaDeprivation, OrganisationArea, PostcodeLsoa

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

POSTCODE_COLUMN = "pcds"
LSOA_COLUMN = "lsoa11"
AREA_COLUMN = "oslaua"
TERMINATED_COLUMN = "doterm"
REQUIRED_COLUMNS = (POSTCODE_COLUMN, LSOA_COLUMN, AREA_COLUMN)
LSOA_CODE = re.compile(r"[EW]01\d{6}")
# The shape of a UK postcode (the same rule as a person's postcode), without the space.
POSTCODE_SHAPE = re.compile(r"GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
BATCH_SIZE = 5_000
SHOWN_LINES = 10
LOOKUP_CHUNK = 10_000  # postcodes per query when looking up a long list


@dataclass
class ImportResult:
    """What a postcode lookup import did. Counts only: no postcode is recorded."""

    rows_read: int = 0
    kept: int = 0
    skipped_other_area: int = 0
    skipped_terminated: int = 0
    duplicates: int = 0  # a postcode seen again in the file: the later row wins
    invalid: int = 0  # a bad postcode or LSOA code in the organisation's area
    invalid_lines: list[int] = field(default_factory=list)  # the first few

    def counts(self) -> dict[str, int | list[int]]:
        return {
            "rows_read": self.rows_read,
            "kept": self.kept,
            "skipped_other_area": self.skipped_other_area,
            "skipped_terminated": self.skipped_terminated,
            "duplicates": self.duplicates,
            "invalid": self.invalid,
            "invalid_lines": self.invalid_lines,
        }


def postcode_normalise(text: str | None) -> str | None:
    """'nb11aa' or ' NB1  1AA ' -> 'NB1 1AA'; None if it is not shaped like a UK postcode."""
    compact = "".join((text or "").split()).upper()
    if not POSTCODE_SHAPE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _text_stream(file: IO) -> tuple[io.TextIOBase, bool]:
    """The file as text; True when it was wrapped here (and must be detached, so the caller's file stays open)."""
    if isinstance(file, io.TextIOBase):
        return file, False
    return io.TextIOWrapper(file, encoding="utf-8-sig", errors="replace", newline=""), True


def _area_codes(organisation: Organisation) -> set[str]:
    return set(
        OrganisationArea.objects.filter(organisation=organisation).values_list("local_authority__code", flat=True)
    )


def _read(text: io.TextIOBase, area_codes: set[str], result: ImportResult) -> dict[str, str]:
    """Stream the rows, keeping {postcode: LSOA code} for the organisation's areas."""
    reader = csv.DictReader(text)
    header = reader.fieldnames
    if not header:
        raise ValidationError(_("The file is empty: it should be the ONS Postcode Directory as a CSV file."))
    reader.fieldnames = [name.strip().lower() for name in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in reader.fieldnames]
    if missing:
        raise ValidationError(
            _(
                "This does not look like the ONS Postcode Directory: the first row has no %(columns)s column. "
                "Use the CSV file with the columns pcds (postcode), lsoa11 (2011 neighbourhood code) and "
                "oslaua (local authority code)."
            )
            % {"columns": ", ".join(missing)}
        )
    has_terminated = TERMINATED_COLUMN in reader.fieldnames
    kept: dict[str, str] = {}
    for row in reader:
        result.rows_read += 1
        if (row.get(AREA_COLUMN) or "").strip() not in area_codes:
            result.skipped_other_area += 1
            continue
        if has_terminated and (row.get(TERMINATED_COLUMN) or "").strip():
            result.skipped_terminated += 1
            continue
        postcode = postcode_normalise(row.get(POSTCODE_COLUMN))
        lsoa = (row.get(LSOA_COLUMN) or "").strip().upper()
        if postcode is None or not LSOA_CODE.fullmatch(lsoa):
            result.invalid += 1
            if len(result.invalid_lines) < SHOWN_LINES:
                result.invalid_lines.append(reader.line_num)
            continue
        if postcode in kept:
            result.duplicates += 1
        kept[postcode] = lsoa
    return kept


def postcode_lookup_import(
    *, organisation: Organisation, file: IO, actor: User | None = None, request: HttpRequest | None = None
) -> ImportResult:
    """Import the organisation's postcode lookup from an ONS Postcode Directory CSV (a binary or text stream).

    Refuses (ValidationError, nothing changed) a file without the pcds, lsoa11 and oslaua columns, and an
    organisation that has not picked its areas. Rows of other areas, terminated postcodes (a `doterm` date) and
    invalid rows are skipped and counted. The previous lookup is replaced in one transaction.
    """
    area_codes = _area_codes(organisation)
    if not area_codes:
        raise ValidationError(
            _(
                "Choose your local authority areas first: only the postcodes in your areas are kept from the "
                "ONS Postcode Directory."
            )
        )
    result = ImportResult()
    text, wrapped = _text_stream(file)
    try:
        kept = _read(text, area_codes, result)
    finally:
        if wrapped:
            text.detach()
    result.kept = len(kept)
    rows = [
        PostcodeLsoa(organisation=organisation, postcode=postcode, lsoa11_code=lsoa) for postcode, lsoa in kept.items()
    ]
    with transaction.atomic():
        PostcodeLsoa.objects.filter(organisation=organisation).delete()
        for start in range(0, len(rows), BATCH_SIZE):
            PostcodeLsoa.objects.bulk_create(rows[start : start + BATCH_SIZE])
        audit_record(
            action=AuditEvent.Action.IMPORT,
            actor=actor,
            organisation=organisation,
            object_type=PostcodeLsoa._meta.label,
            object_label="Postcode lookup",
            summary=f"Imported the postcode lookup: {result.kept} postcodes kept of {result.rows_read} rows",
            changes=result.counts(),
            request=request,
        )
        insights_cache.changed(organisation.pk)  # deprivation figures change with the lookup
    return result


def imd_deciles_for_postcodes(organisation: Organisation, postcodes: Iterable[str]) -> dict[str, int]:
    """{postcode as given: IMD 2019 decile} for those found in the organisation's lookup (and in the reference
    data). One query (per 10,000 postcodes); postcodes not found are left out."""
    normal = {postcode: postcode_normalise(postcode) for postcode in postcodes}
    wanted = sorted({value for value in normal.values() if value})
    found: dict[str, int] = {}
    decile = LsoaDeprivation.objects.filter(lsoa11_code=OuterRef("lsoa11_code")).values("imd_decile")[:1]
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        rows = (
            PostcodeLsoa.objects.filter(organisation=organisation, postcode__in=wanted[start : start + LOOKUP_CHUNK])
            .annotate(decile=Subquery(decile))
            .values_list("postcode", "decile")
        )
        found.update((postcode, value) for postcode, value in rows if value is not None)
    return {given: found[value] for given, value in normal.items() if value in found}


def imd_decile_for_postcode(organisation: Organisation, postcode: str) -> int | None:
    """The IMD 2019 decile (1 most deprived to 10 least) of a postcode in the organisation's lookup, or None."""
    return imd_deciles_for_postcodes(organisation, [postcode]).get(postcode)


def imd_decile_subquery(organisation_ref: str = "organisation", postcode_ref: str = "postcode") -> Subquery:
    """An expression giving the IMD decile of each row's postcode in the database, for aggregations such as
    `Person.objects.annotate(imd_decile=imd_decile_subquery())` (the postcode must be stored normalised)."""
    decile = LsoaDeprivation.objects.filter(lsoa11_code=OuterRef("lsoa11_code")).values("imd_decile")[:1]
    lookup = PostcodeLsoa.objects.filter(
        organisation=OuterRef(organisation_ref), postcode=OuterRef(postcode_ref)
    ).annotate(decile=Subquery(decile))
    return Subquery(lookup.values("decile")[:1])
