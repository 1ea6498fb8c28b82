"""Load the ONS Census 2021 and IMD 2019 reference data shipped in `data/ons/` into the reference tables.

All four files are read and checked first; every problem is collected with its file and line, and if there is
any, nothing is written. Otherwise one transaction replaces the reference tables, so loading again is harmless.
Local authorities are updated in place (matched by code), so the areas organisations picked keep pointing at them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

from coproduce.insights.models import (
    AreaDeprivation,
    LocalAuthority,
    LsoaDeprivation,
    PopulationCount,
)

DEFAULT_DIRECTORY = Path(__file__).resolve().parent / "data" / "ons"
ETHNICITY_FILE = "ethnicity21_ltla21_long.csv"
SEX_FILE = "sex21_ltla21_ew.csv"
LTLA_IMD_FILE = "imd2019_england_ltla19.csv"
LSOA_IMD_FILE = "imd2019_england_lsoa11.csv"

ETHNICITY_HEADER = ["ltla21_code", "ltla21_name", "ethnic_group", "value"]
SEX_HEADER = ["ltla21_code", "total_population", "total_females", "total_males", "females_16_64", "males_16_64"]
LTLA_IMD_HEADER = [
    "ltla19_code", "Score", "Proportion", "Extent",
    "Income_Score", "Income_Proportion", "Employment_Score", "Employment_Proportion",
    "Education_Score", "Education_Proportion", "Health_Score", "Health_Proportion",
    "Crime_Score", "Crime_Proportion", "Housing_and_Access_Score", "Housing_and_Access_Proportion",
    "Environment_Score", "Environment_Proportion",
]  # fmt: skip
LSOA_IMD_HEADER = [
    "lsoa11_code", "IMD_decile", "Income_decile", "Employment_decile", "Education_decile", "Health_decile",
    "Crime_decile", "Housing_and_Access_decile", "Environment_decile", "IMD_rank", "Income_rank",
    "Employment_rank", "Education_rank", "Health_rank", "Crime_rank", "Housing_and_Access_rank",
    "Environment_rank",
]  # fmt: skip

ETHNIC_GROUP_COUNT = 19  # the Census 2021 classification for England and Wales
NUMBER_SUFFIX = "(number)"
PERCENT_SUFFIX = "(percent)"
LA_CODE = re.compile(r"[EW]0\d{7}")
LSOA_CODE = re.compile(r"[EW]01\d{6}")
BATCH_SIZE = 5_000
SHOWN_PROBLEMS = 50

Characteristic = PopulationCount.Characteristic


class ReferenceDataError(Exception):
    """The reference files have problems; `problems` lists each one as "file:line: what is wrong"."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(f"- {problem}" for problem in problems[:SHOWN_PROBLEMS])
        more = f"\n… and {len(problems) - SHOWN_PROBLEMS} more" if len(problems) > SHOWN_PROBLEMS else ""
        super().__init__(
            f"The reference data was not loaded (nothing was changed): {len(problems)} problem(s).\n{shown}{more}"
        )


@dataclass
class Parsed:
    """Everything read from the files, ready to write."""

    names: dict[str, str] = field(default_factory=dict)
    populations: dict[str, int] = field(default_factory=dict)
    counts: list[tuple[str, str, str, int]] = field(default_factory=list)
    areas: list[tuple[str, Decimal, Decimal, Decimal]] = field(default_factory=list)
    lsoas: list[tuple[str, int]] = field(default_factory=list)


class _File:
    """Reads one CSV file, checking its header and the width of each row, and records problems with file:line."""

    def __init__(self, directory: Path, name: str, header: list[str], problems: list[str]) -> None:
        self.path = directory / name
        self.name = name
        self.header = header
        self.problems = problems
        self.line = 0
        self.readable = False  # the file exists and its header is right

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(f"{self.name}:{self.line if line is None else line}: {message}")

    def rows(self) -> Iterator[list[str]]:
        if not self.path.is_file():
            self.problems.append(f"{self.name}: the file is missing from {self.path.parent}")
            return
        with self.path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            first = next(reader, None)
            self.line = reader.line_num
            if first != self.header:
                self.problem(f"the header should be {','.join(self.header)} but is {','.join(first or [])}")
                return
            self.readable = True
            for row in reader:
                self.line = reader.line_num
                if not row:
                    continue
                if len(row) != len(self.header):
                    self.problem(f"expected {len(self.header)} columns, found {len(row)}")
                    continue
                yield row

    def code(self, text: str, pattern: re.Pattern[str], column: str) -> str | None:
        if pattern.fullmatch(text):
            return text
        example = "E01000001" if pattern is LSOA_CODE else "E06000001"
        self.problem(f"{column} {text!r} is not an ONS code like {example}")
        return None

    def whole(self, text: str, column: str) -> int | None:
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0 or number != number.to_integral_value():
            self.problem(f"{column} {text!r} is not a whole number of 0 or more")
            return None
        return int(number)

    def decimal(self, text: str, column: str, model_field: str, model: type = AreaDeprivation) -> Decimal | None:
        places = model._meta.get_field(model_field).decimal_places
        digits = model._meta.get_field(model_field).max_digits
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            self.problem(f"{column} {text!r} is not a number of 0 or more")
            return None
        number = number.quantize(Decimal(1).scaleb(-places))
        if len(number.as_tuple().digits) > digits:
            self.problem(f"{column} {text!r} is too large")
            return None
        return number


def _parse_ethnicity(directory: Path, problems: list[str], parsed: Parsed) -> dict[str, int]:
    """Read the ethnic group counts; return the first line of each local authority (for later messages)."""
    file = _File(directory, ETHNICITY_FILE, ETHNICITY_HEADER, problems)
    first_line: dict[str, int] = {}
    groups: dict[str, None] = {}  # in file order
    seen: dict[str, set[str]] = {}
    for code_text, name, group, value in file.rows():
        code = file.code(code_text, LA_CODE, "ltla21_code")
        if code is None:
            continue
        group = group.strip()
        if group.endswith(PERCENT_SUFFIX):
            continue
        if not group.endswith(NUMBER_SUFFIX):
            file.problem(f"ethnic_group {group!r} should end in {NUMBER_SUFFIX} or {PERCENT_SUFFIX}")
            continue
        category = group.removesuffix(NUMBER_SUFFIX).strip()
        count = file.whole(value, "value")
        name = name.strip()
        if not name:
            file.problem(f"{code} has no name")
        elif parsed.names.setdefault(code, name) != name:
            file.problem(f"{code} is called {name!r} here but {parsed.names[code]!r} earlier")
        first_line.setdefault(code, file.line)
        groups.setdefault(category, None)
        if category in seen.setdefault(code, set()):
            file.problem(f"{code} has a second count for {category!r}")
            continue
        seen[code].add(category)
        if count is not None:
            parsed.counts.append((code, Characteristic.ETHNIC_GROUP, category, count))
    if not first_line:
        if not any(problem.startswith(ETHNICITY_FILE) for problem in problems):
            problems.append(f"{ETHNICITY_FILE}: no rows")
        return first_line
    if len(groups) != ETHNIC_GROUP_COUNT:
        problems.append(
            f"{ETHNICITY_FILE}: found {len(groups)} ethnic groups, expected the {ETHNIC_GROUP_COUNT} "
            f"Census 2021 categories: {', '.join(groups)}"
        )
    for code, line in first_line.items():
        missing = [group for group in groups if group not in seen[code]]
        if missing:
            problems.append(f"{ETHNICITY_FILE}:{line}: {code} has no count for {', '.join(missing)}")
    return first_line


def _parse_sex(directory: Path, problems: list[str], parsed: Parsed) -> None:
    file = _File(directory, SEX_FILE, SEX_HEADER, problems)
    rows_for: set[str] = set()
    for row in file.rows():
        code = file.code(row[0], LA_CODE, "ltla21_code")
        rows_for.add(row[0])
        numbers = [file.whole(text, column) for text, column in zip(row[1:], SEX_HEADER[1:], strict=True)]
        if code is None or None in numbers:
            continue
        total, females, males, females_16_64, males_16_64 = numbers
        if code in parsed.populations:
            file.problem(f"{code} appears twice")
            continue
        if code not in parsed.names:
            file.problem(f"{code} has no ethnic group counts in {ETHNICITY_FILE}")
            continue
        if females + males != total:
            file.problem(f"total_females {females} and total_males {males} do not add up to total_population {total}")
            continue
        parsed.populations[code] = total
        parsed.counts += [
            (code, Characteristic.SEX, "Female", females),
            (code, Characteristic.SEX, "Male", males),
            (code, Characteristic.SEX_AGED_16_64, "Female", females_16_64),
            (code, Characteristic.SEX_AGED_16_64, "Male", males_16_64),
        ]
    if file.readable:
        for code in sorted(parsed.names.keys() - rows_for):
            file.problem(f"no row for {code} ({parsed.names[code]})", line=file.line)


def _parse_ltla_imd(directory: Path, problems: list[str], parsed: Parsed) -> None:
    file = _File(directory, LTLA_IMD_FILE, LTLA_IMD_HEADER, problems)
    seen: set[str] = set()
    for row in file.rows():
        code = file.code(row[0], LA_CODE, "ltla19_code")
        score = file.decimal(row[1], "Score", "imd_average_score")
        proportion = file.decimal(row[2], "Proportion", "proportion_most_deprived_10")
        extent = file.decimal(row[3], "Extent", "extent")
        for text, column in ((row[2], "Proportion"), (row[3], "Extent")):
            value = _as_decimal(text)
            if value is not None and value > 1:
                file.problem(f"{column} {text!r} is a proportion and cannot be more than 1")
        if code is None or score is None or proportion is None or extent is None:
            continue
        if code in seen:
            file.problem(f"{code} appears twice")
            continue
        seen.add(code)
        parsed.areas.append((code, score, proportion, extent))


def _parse_lsoa_imd(directory: Path, problems: list[str], parsed: Parsed) -> None:
    file = _File(directory, LSOA_IMD_FILE, LSOA_IMD_HEADER, problems)
    seen: set[str] = set()
    for row in file.rows():
        code = file.code(row[0], LSOA_CODE, "lsoa11_code")
        decile = file.whole(row[1], "IMD_decile")
        if decile is not None and not 1 <= decile <= 10:
            file.problem(f"IMD_decile {row[1]!r} should be from 1 to 10")
            continue
        if code is None or decile is None:
            continue
        if code in seen:
            file.problem(f"{code} appears twice")
            continue
        seen.add(code)
        parsed.lsoas.append((code, decile))


def _as_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_reference_data(directory: Path | str = DEFAULT_DIRECTORY) -> Parsed:
    """Read and check all four files without touching the database; raise ReferenceDataError listing every problem."""
    directory = Path(directory)
    problems: list[str] = []
    parsed = Parsed()
    _parse_ethnicity(directory, problems, parsed)
    _parse_sex(directory, problems, parsed)
    _parse_ltla_imd(directory, problems, parsed)
    _parse_lsoa_imd(directory, problems, parsed)
    if problems:
        raise ReferenceDataError(problems)
    return parsed


def load_reference_data(directory: Path | str = DEFAULT_DIRECTORY) -> dict[str, int]:
    """Check the files, then replace the reference tables in one transaction. Returns the number of rows of each."""
    parsed = parse_reference_data(directory)
    with transaction.atomic():
        LocalAuthority.objects.bulk_create(
            [
                LocalAuthority(code=code, name=name, total_population=parsed.populations[code])
                for code, name in parsed.names.items()
            ],
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "total_population"],
        )
        try:
            LocalAuthority.objects.exclude(code__in=list(parsed.names)).delete()
        except ProtectedError as error:
            codes = sorted({area.local_authority.code for area in error.protected_objects})
            raise ReferenceDataError(
                [f"{ETHNICITY_FILE}: organisations use local authorities no longer in the file: {', '.join(codes)}"]
            ) from None
        ids = dict(LocalAuthority.objects.values_list("code", "pk"))

        PopulationCount.objects.all().delete()
        PopulationCount.objects.bulk_create(
            (
                PopulationCount(local_authority_id=ids[code], characteristic=characteristic, category=category, count=n)
                for code, characteristic, category, n in parsed.counts
            ),
            batch_size=BATCH_SIZE,
        )
        AreaDeprivation.objects.all().delete()
        AreaDeprivation.objects.bulk_create(
            (
                AreaDeprivation(
                    code=code,
                    local_authority_id=ids.get(code),
                    imd_average_score=score,
                    proportion_most_deprived_10=proportion,
                    extent=extent,
                )
                for code, score, proportion, extent in parsed.areas
            ),
            batch_size=BATCH_SIZE,
        )
        LsoaDeprivation.objects.all().delete()
        LsoaDeprivation.objects.bulk_create(
            (LsoaDeprivation(lsoa11_code=code, imd_decile=decile) for code, decile in parsed.lsoas),
            batch_size=BATCH_SIZE,
        )
    return {
        "local_authorities": len(parsed.names),
        "population_counts": len(parsed.counts),
        "area_deprivation": len(parsed.areas),
        "lsoa_deprivation": len(parsed.lsoas),
    }
