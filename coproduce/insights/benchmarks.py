"""Where an organisation's population figures come from: the local authority areas it chooses (Census 2021 figures
follow from them) and its own benchmark tables, uploaded as CSV files (for example from its Joint Strategic Needs
Assessment, its SEND data, or births in the last two years).

A benchmark file has a header row and one row per category: characteristic, category, and a count or a share.
Every row is checked before anything is written; every problem is reported with its line number.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.equality.models import ETHNIC_GROUP_CHOICES
from coproduce.equality.services import language_normalise
from coproduce.insights import characteristics
from coproduce.insights.characteristics import CENSUS_ETHNIC, CHARACTERISTICS, Characteristic
from coproduce.insights.models import Benchmark, BenchmarkValue, LocalAuthority, OrganisationArea
from coproduce.stakeholders.models import StakeholderGroup

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2_000
COLUMNS = ("characteristic", "category", "count", "share")
# Shares are often rounded: a characteristic's shares may add up to a little over 100%.
SHARE_TOLERANCE = Decimal("0.005")
SHARE_PLACES = Decimal("0.000001")
MAX_COUNT = 2_147_483_647  # the largest a count column holds
CATEGORY_MAX_LENGTH = BenchmarkValue._meta.get_field("category").max_length
SOURCE_MAX_LENGTH = Benchmark._meta.get_field("source").max_length


@dataclass(frozen=True)
class BenchmarkRow:
    """One checked row of a benchmark file. `category` is what is stored: a category code, a main language in
    title case, or a stakeholder group's id (the id insights count people's groups by)."""

    line: int
    characteristic: str
    category: str
    count: int | None = None
    share: Decimal | None = None


def _key(text: str) -> str:
    """The same for any case and spacing: ' White:  Irish ' and 'white: irish' match."""
    return " ".join(text.split()).casefold()


def _category_aliases(characteristic: Characteristic) -> dict[str, str]:
    """{any accepted spelling, as _key: category code} for a characteristic with fixed categories."""
    aliases: dict[str, str] = {}
    for code, label in characteristic.categories:
        aliases[_key(code)] = code
        aliases.setdefault(_key(str(label)), code)
    if characteristic.key == "ethnic_group":
        # The full names too: 'Asian, Asian British or Asian Welsh: Pakistani' as in the equality form, and the
        # Census 2021 names as in ONS tables.
        for code, label in ETHNIC_GROUP_CHOICES:
            if code in characteristic.labels:
                aliases.setdefault(_key(str(label)), code)
        for census_name, code in CENSUS_ETHNIC.items():
            aliases.setdefault(_key(census_name), code)
    return aliases


def _characteristic_aliases() -> dict[str, Characteristic]:
    aliases: dict[str, Characteristic] = {}
    for characteristic in CHARACTERISTICS:
        aliases[_key(characteristic.key)] = characteristic
        aliases.setdefault(_key(str(characteristic.label)), characteristic)
    return aliases


def _group_aliases(organisation: Organisation) -> tuple[dict[str, str], list[str]]:
    """({key or name, as _key: group id}, the group names in order) for the organisation's stakeholder groups."""
    aliases: dict[str, str] = {}
    names: list[str] = []
    for pk, key, name in StakeholderGroup.objects.for_organisation(organisation).values_list("pk", "key", "name"):
        names.append(name)
        aliases[_key(name)] = str(pk)
        if key:
            aliases.setdefault(_key(key), str(pk))
    return aliases, names


def _percent(value: Decimal) -> str:
    text = f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"
    return text.removesuffix(".0") + "%"


# Reading the file ---------------------------------------------------------------------------------------------------


def _read_text(file: IO | bytes | str) -> str:
    """The file's text: UTF-8 with or without a byte order mark, at most MAX_BYTES."""
    if isinstance(file, str | bytes):
        content, size = file, len(file)
    else:
        size = getattr(file, "size", None)
        if hasattr(file, "seek"):
            file.seek(0)
        content = file.read(MAX_BYTES + 1)
        size = max(size or 0, len(content))
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB. It must be 1 MB or smaller: split it into smaller files")
            % {"size": f"{-(-size * 10 // MAX_BYTES) / 10:.1f}"}
        )
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    if not content.strip():
        raise ValidationError(_("The selected file is empty"))
    if content.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("The selected file is a spreadsheet workbook. Save it as ‘CSV UTF-8’ and upload the CSV file")
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file could not be read as text. Save it as ‘CSV UTF-8 (comma delimited)’ and upload it again")
        ) from None


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, values) for each non-empty row, the header first."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            values = [value.strip() for value in values]
            if any(values):
                yield reader.line_num, values
    except csv.Error:
        raise ValidationError(
            _("The file could not be read as a CSV file. Save it as ‘CSV UTF-8 (comma delimited)’ and upload it again")
        ) from None


def _columns(header: list[str]) -> dict[str, int]:
    """{column name: its index}; a ValidationError naming the missing columns."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        name = _key(name).replace(" ", "_")
        if name in COLUMNS and name not in found:
            found[name] = index
    missing = [name for name in ("characteristic", "category") if name not in found]
    if "count" not in found and "share" not in found:
        missing.append(_("count or share"))
    if missing:
        raise ValidationError(
            _(
                "The first row of the file must name the columns: characteristic, category, and count or share. "
                "Missing: %(missing)s. Download the template to see the format"
            )
            % {"missing": ", ".join(missing)}
        )
    return found


# Checking each row --------------------------------------------------------------------------------------------------


class _RowChecker:
    def __init__(self, organisation: Organisation) -> None:
        self.characteristics = _characteristic_aliases()
        self.categories = {c.key: _category_aliases(c) for c in CHARACTERISTICS if c.categories}
        self.groups, self.group_names = _group_aliases(organisation)
        self.problems: list[tuple[int, str]] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, _("Line %(line)s: %(message)s") % {"line": line, "message": message}))

    def characteristic(self, line: int, text: str) -> Characteristic | None:
        if not text:
            self.problem(line, _("the characteristic is missing"))
            return None
        found = self.characteristics.get(_key(text))
        if found is None:
            self.problem(
                line,
                _("‘%(text)s’ is not a characteristic. Use one of: %(keys)s")
                % {"text": text, "keys": ", ".join(c.key for c in CHARACTERISTICS)},
            )
        return found

    def category(self, line: int, characteristic: Characteristic, text: str) -> str | None:
        noun = str(characteristic.noun)
        if not text:
            self.problem(line, _("the category of %(noun)s is missing") % {"noun": noun})
            return None
        if characteristic.categories:
            code = self.categories[characteristic.key].get(_key(text))
            if code is None:
                self.problem(
                    line,
                    _("‘%(text)s’ is not a category of %(noun)s. Use one of: %(codes)s")
                    % {
                        "text": text,
                        "noun": noun,
                        "codes": ", ".join(code for code, _label in characteristic.categories),
                    },
                )
            return code
        if characteristic.key == "stakeholder_group":
            group_id = self.groups.get(_key(text))
            if group_id is None:
                names = ", ".join(self.group_names) or _("(you have no stakeholder groups yet)")
                self.problem(
                    line,
                    _("‘%(text)s’ is not one of your stakeholder groups. Use one of: %(names)s")
                    % {"text": text, "names": names},
                )
            return group_id
        category = language_normalise(text)
        if len(category) > CATEGORY_MAX_LENGTH:
            self.problem(line, _("the category must be %(max)s characters or fewer") % {"max": CATEGORY_MAX_LENGTH})
            return None
        return category

    def count(self, line: int, text: str) -> int | None:
        compact = text.replace(",", "").replace(" ", "")
        try:
            value = Decimal(compact)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value != value.to_integral_value():
            self.problem(line, _("the count ‘%(text)s’ must be a whole number, like 1250") % {"text": text})
            return None
        if value < 0:
            self.problem(line, _("the count ‘%(text)s’ must be 0 or more") % {"text": text})
            return None
        if value > MAX_COUNT:
            self.problem(line, _("the count ‘%(text)s’ is too big") % {"text": text})
            return None
        return int(value)

    def share(self, line: int, text: str) -> Decimal | None:
        compact = text.replace(" ", "")
        percent = compact.endswith("%")
        try:
            value = Decimal(compact.removesuffix("%"))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.problem(
                line,
                _("the share ‘%(text)s’ must be a number from 0 to 1, like 0.31, or a percentage, like 31%%")
                % {"text": text},
            )
            return None
        if percent:
            value = value / 100
        if not Decimal(0) <= value <= Decimal(1):
            if percent:
                message = _("the share ‘%(text)s’ must be from 0%% to 100%%")
            else:
                message = _("the share ‘%(text)s’ must be a number from 0 to 1, like 0.31, or a percentage, like 31%%")
            self.problem(line, message % {"text": text})
            return None
        return value.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def benchmark_parse(file: IO | bytes | str, organisation: Organisation) -> list[BenchmarkRow]:
    """The checked rows of a benchmark CSV file, or a ValidationError listing every problem, each with its line.

    Rows with neither a count nor a share are left out when their characteristic has no figures at all (so the
    template can be uploaded with only some characteristics filled in); within a characteristic with figures, a
    row without one is a problem.
    """
    text = _read_text(file)
    records = _records(text)
    first = next(records, None)
    if first is None:
        raise ValidationError(_("The selected file is empty"))
    columns = _columns(first[1])

    def cell(values: list[str], name: str) -> str:
        index = columns.get(name)
        return values[index] if index is not None and index < len(values) else ""

    checker = _RowChecker(organisation)
    rows: list[BenchmarkRow] = []
    blanks: dict[str, list[int]] = defaultdict(list)  # characteristic: lines with no figure
    data_rows = 0
    for line, values in records:
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s rows. Split it into files of %(max)s rows or fewer")
                % {"max": f"{MAX_ROWS:,}"}
            )
        characteristic = checker.characteristic(line, cell(values, "characteristic"))
        category = checker.category(line, characteristic, cell(values, "category")) if characteristic else None
        count_text, share_text = cell(values, "count"), cell(values, "share")
        if count_text and share_text:
            checker.problem(line, _("give a count or a share, not both"))
            continue
        if not count_text and not share_text:
            if characteristic is not None:
                blanks[characteristic.key].append(line)
            continue
        count = checker.count(line, count_text) if count_text else None
        share = checker.share(line, share_text) if share_text else None
        if characteristic is not None and category is not None and (count is not None or share is not None):
            rows.append(BenchmarkRow(line, characteristic.key, category, count, share))

    if data_rows == 0:
        raise ValidationError(_("The file has a header row but no figures under it"))
    with_figures = {row.characteristic for row in rows}
    for key, lines in blanks.items():
        if key in with_figures:
            for line in lines:
                checker.problem(line, _("the count or share is missing. Give one, or 0"))
    _check_characteristics(rows, checker)
    if checker.problems:
        # In the order of the file (sorted keeps each line's problems in the order they were found).
        raise ValidationError([message for _line, message in sorted(checker.problems, key=lambda item: item[0])])
    if not rows:
        raise ValidationError(_("The file has no figures: give a count or a share for at least one characteristic"))
    return rows


def _check_characteristics(rows: list[BenchmarkRow], checker: _RowChecker) -> None:
    """Checks across the rows of each characteristic: one category once, counts or shares (not both), shares that
    add up to no more than 100%, counts that are not all 0."""
    by_characteristic: dict[str, list[BenchmarkRow]] = defaultdict(list)
    for row in rows:
        by_characteristic[row.characteristic].append(row)
    for key, group in by_characteristic.items():
        characteristic = characteristics.get(key)
        noun = str(characteristic.noun)
        seen: dict[str, int] = {}
        for row in group:
            if row.category in seen:
                checker.problem(
                    row.line,
                    _("this category of %(noun)s is already on line %(first)s")
                    % {"noun": noun, "first": seen[row.category]},
                )
            else:
                seen[row.category] = row.line
        first = group[0]
        uses_counts = first.count is not None
        mixed = [row for row in group[1:] if (row.count is not None) != uses_counts]
        for row in mixed:
            if uses_counts:
                message = _("%(noun)s uses counts (line %(first)s), so this line needs a count, not a share")
            else:
                message = _("%(noun)s uses shares (line %(first)s), so this line needs a share, not a count")
            checker.problem(row.line, message % {"noun": noun, "first": first.line})
        if mixed:
            continue
        if uses_counts and sum(row.count for row in group) == 0:
            checker.problem(
                group[-1].line, _("the counts of %(noun)s are all 0. Give at least one count above 0") % {"noun": noun}
            )
        if not uses_counts and not characteristic.multiple:
            total = sum((row.share for row in group), Decimal(0))
            if total > 1 + SHARE_TOLERANCE:
                checker.problem(
                    group[-1].line,
                    _("the shares of %(noun)s add up to %(total)s. They must not add up to more than 100%%")
                    % {"noun": noun, "total": _percent(total)},
                )


# Writing ------------------------------------------------------------------------------------------------------------


def benchmark_import(
    *,
    organisation: Organisation,
    actor: User | None,
    file: IO | bytes | str,
    source: str,
    request: HttpRequest | None = None,
) -> list[Benchmark]:
    """Replace the organisation's own benchmark for each characteristic in the file. Checks everything first:
    on any problem, a ValidationError listing them all and nothing written."""
    source = " ".join((source or "").split())
    if not source:
        raise ValidationError({"source": _("Enter where these figures come from")})
    if len(source) > SOURCE_MAX_LENGTH:
        raise ValidationError(
            {
                "source": _("Where the figures come from must be %(max)s characters or fewer")
                % {"max": SOURCE_MAX_LENGTH}
            }
        )
    rows = benchmark_parse(file, organisation)
    by_characteristic: dict[str, list[BenchmarkRow]] = defaultdict(list)
    for row in rows:
        by_characteristic[row.characteristic].append(row)
    saved = []
    with transaction.atomic():
        for key, group in by_characteristic.items():
            benchmark = (
                Benchmark.objects.for_organisation(organisation).select_for_update().filter(characteristic=key).first()
            )
            replaced = benchmark is not None
            if benchmark is None:
                benchmark = Benchmark(organisation=organisation, characteristic=key)
            else:
                previous_source = benchmark.source
                BenchmarkValue.objects.filter(benchmark=benchmark).delete()
            benchmark.source = source
            benchmark.uploaded_by = actor if actor is not None and actor.is_authenticated else None
            benchmark.save()
            BenchmarkValue.objects.bulk_create(
                BenchmarkValue(
                    organisation=organisation,
                    benchmark=benchmark,
                    category=row.category,
                    count=row.count,
                    share=row.share,
                )
                for row in group
            )
            changes = {
                "categories": len(group),
                "source": source,
                "figures": "counts" if group[0].count is not None else "shares",
            }
            if replaced:
                changes["previous_source"] = previous_source
            audit_record(
                action=AuditEvent.Action.IMPORT,
                actor=actor,
                organisation=organisation,
                obj=benchmark,
                summary=(
                    f"{'Replaced' if replaced else 'Uploaded'} the {key} benchmark "
                    f"({len(group)} categories) from {source}"
                ),
                changes=changes,
                request=request,
            )
            saved.append(benchmark)
    return saved


def benchmark_delete(*, benchmark: Benchmark, actor: User | None, request: HttpRequest | None = None) -> None:
    """Remove one of the organisation's own benchmarks: the shipped figures (if any) are used again."""
    with transaction.atomic():
        audit_record(
            action=AuditEvent.Action.DELETE,
            actor=actor,
            organisation=benchmark.organisation,
            obj=benchmark,
            summary=f"Deleted the {benchmark.characteristic} benchmark from {benchmark.source}",
            changes={"source": benchmark.source, "categories": benchmark.values.count()},
            request=request,
        )
        benchmark.delete()


def benchmarks_for(organisation: Organisation):
    """The organisation's own benchmarks, each with `category_count`: one query."""
    return (
        Benchmark.objects.for_organisation(organisation)
        .select_related("uploaded_by")
        .annotate(category_count=Count("values"))
        .order_by("characteristic")
    )


def characteristic_label(key: str) -> str:
    characteristic = characteristics.BY_KEY.get(key)
    return str(characteristic.label) if characteristic else key


def template_rows(organisation: Organisation) -> list[list[str]]:
    """The rows of the CSV template: every characteristic and its categories, with empty counts and shares."""
    rows: list[list[str]] = []
    ethnic_full = {code: str(label) for code, label in ETHNIC_GROUP_CHOICES}
    for characteristic in CHARACTERISTICS:
        if characteristic.categories:
            for code, label in characteristic.categories:
                name = ethnic_full.get(code, str(label)) if characteristic.key == "ethnic_group" else str(label)
                rows.append([characteristic.key, name, "", ""])
        elif characteristic.key == "stakeholder_group":
            for name in _group_aliases(organisation)[1]:
                rows.append([characteristic.key, name, "", ""])
        else:
            rows.append([characteristic.key, _("English"), "", ""])
    return rows


# The organisation's areas -------------------------------------------------------------------------------------------


def area_add(
    *,
    organisation: Organisation,
    actor: User | None,
    local_authority: LocalAuthority,
    request: HttpRequest | None = None,
) -> OrganisationArea | None:
    """Choose a local authority area; None if it was already chosen (nothing changes)."""
    with transaction.atomic():
        area, created = OrganisationArea.objects.get_or_create(
            organisation=organisation, local_authority=local_authority
        )
        if not created:
            return None
        audit_record(
            action=AuditEvent.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=area,
            summary=f"Added the area {local_authority}",
            changes={"local_authority": local_authority.code},
            request=request,
        )
    return area


def area_remove(*, area: OrganisationArea, actor: User | None, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        audit_record(
            action=AuditEvent.Action.DELETE,
            actor=actor,
            organisation=area.organisation,
            obj=area,
            summary=f"Removed the area {area.local_authority}",
            changes={"local_authority": area.local_authority.code},
            request=request,
        )
        area.delete()
