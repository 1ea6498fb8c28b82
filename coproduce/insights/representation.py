"""Representation: for each characteristic, the people involved in the scope against the population.

Each person in the scope counts once. Their equality answers are the ones kept when they took part (the latest
snapshot among their involvements in the scope), used only while the person allows it (consent or another lawful
basis, and no objection; people since erased count with the snapshots kept for them). Deprivation comes from their
postcode, the age of their youngest child from their household, today.

All the per-person values are worked out and counted in the database in one statement (`_counts`): a common table
expression of the people in the scope, joined to their snapshot, postcode neighbourhood and household, then one
GROUP BY per characteristic. The statement is put together from SQL that Django writes for each part, so the
filters are the same as everywhere else; the only database-specific pieces are reading a JSON key and comparing
the snapshot id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from coproduce.analysis.disclosure import THRESHOLD, hide_small
from coproduce.analysis.representation import RepresentationTable, representation
from coproduce.equality.models import EqualitySnapshot
from coproduce.equality.services import equality_consent_exists, language_normalise
from coproduce.insights import characteristics as chars
from coproduce.insights.db import large_aggregate
from coproduce.insights.models import (
    Benchmark,
    BenchmarkValue,
    LsoaDeprivation,
    OrganisationArea,
    PopulationCount,
    PostcodeLsoa,
)
from coproduce.insights.scope import Scope
from coproduce.people.models import Child, Household, Person
from coproduce.stakeholders.models import StakeholderGroup

UNKNOWN = ""
OTHER_LANGUAGE = "other_language"


@dataclass(frozen=True)
class CharacteristicTable:
    characteristic: chars.Characteristic
    table: RepresentationTable
    labels: dict[str, str]  # category code → label
    population_source: str  # where the population figures come from; "" when there are none (then no row is
    # in_population, so a row's population share is shown exactly when row.in_population)
    people: int | None  # people in the scope (None when fewer than the threshold)
    not_known: int | None  # of them, people whose value is not known (None when hidden)

    @property
    def key(self) -> str:
        return self.characteristic.key

    @property
    def has_population(self) -> bool:
        return bool(self.population_source)


# --- population figures -----------------------------------------------------------------------------------------


def areas_label(organisation) -> str:
    names = list(
        OrganisationArea.objects.for_organisation(organisation)
        .order_by("local_authority__name")
        .values_list("local_authority__name", flat=True)
    )
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def population_for(organisation, characteristic: chars.Characteristic, area: str) -> tuple[dict[str, float], str]:
    """The population figures for a characteristic (category code → count or share) and where they come from.
    The organisation's own upload comes first; then the Census for its areas, or its postcode lookup's
    neighbourhoods for deprivation. ({}, "") when there are none."""
    benchmark = Benchmark.objects.for_organisation(organisation).filter(characteristic=characteristic.key).first()
    if benchmark is not None:
        figures: dict[str, float] = {}
        for value in BenchmarkValue.objects.filter(benchmark=benchmark).order_by("category"):
            figures[value.category] = float(value.count if value.count is not None else value.share)
        if characteristic.categories:  # in the characteristic's own order, not the codes' alphabetical one
            order = [code for code, _label in characteristic.categories]
            figures = {code: figures[code] for code in order if code in figures} | figures
        if sum(figures.values()) > 0:
            return figures, _("%(source)s (uploaded by your organisation)") % {"source": benchmark.source}
    areas = OrganisationArea.objects.for_organisation(organisation).values("local_authority_id")
    if characteristic.population == chars.CENSUS:
        census_characteristic, mapping = {
            "ethnic_group": (PopulationCount.Characteristic.ETHNIC_GROUP, chars.CENSUS_ETHNIC),
            "sex": (PopulationCount.Characteristic.SEX_AGED_16_64, {"Female": "female", "Male": "male"}),
        }[characteristic.key]
        rows = (
            PopulationCount.objects.filter(local_authority_id__in=areas, characteristic=census_characteristic)
            .values_list("category")
            .annotate(total=Sum("count"))
        )
        figures = {mapping[category]: float(total) for category, total in rows if category in mapping}
        order = [code for code, _label in characteristic.categories]
        figures = {code: figures[code] for code in order if code in figures}
        if sum(figures.values()) > 0:
            what = _("people aged 16 to 64") if characteristic.key == "sex" else _("all usual residents")
            return figures, _("Census 2021, %(what)s, %(area)s") % {"what": what, "area": area}
    if characteristic.population == chars.LOOKUP:
        quintile = Cast((F("imd_decile") + 1) / 2, IntegerField())
        rows = (
            LsoaDeprivation.objects.filter(
                lsoa11_code__in=PostcodeLsoa.objects.for_organisation(organisation).values("lsoa11_code")
            )
            .annotate(quintile=quintile)
            .values_list("quintile")
            .annotate(n=Count("pk"))
        )
        figures = {str(q): float(n) for q, n in rows}
        figures = {code: figures.get(code, 0.0) for code, _label in chars.IMD_QUINTILES}
        if sum(figures.values()) > 0:
            return figures, _(
                "English Indices of Deprivation 2019: the neighbourhoods of your postcode lookup, each counted once"
            )
    return {}, ""


# --- people in the scope ----------------------------------------------------------------------------------------


def _sql(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _json_text(expression: str, key: str) -> str:
    if connection.vendor == "postgresql":
        return f"({expression} ->> '{key}')"
    return f"json_extract({expression}, '$.{key}')"


def _snapshot_join(snapshot_id: str, text: str) -> str:
    if connection.vendor == "postgresql":
        return f"{snapshot_id} = CAST({text} AS uuid)"
    return f"{snapshot_id} = {text}"


def _allowed_people(organisation):
    """People whose equality answers may be counted: consent (or another lawful basis not objected to) and no
    objection; or erased (their kept snapshots are anonymous and were kept only if they allowed it)."""
    return (
        Person.objects.for_organisation(organisation)
        .annotate(
            allowed=Case(
                When(Q(erased_at__isnull=False), then=Value(1)),
                When(Q(equality__objected_at__isnull=False), then=Value(0)),
                When(equality_consent_exists("pk"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values("id", "allowed", "postcode", "household_id", "organisation_id")
        .order_by()
    )


def child_age_cutoffs(today: dt.date) -> list[tuple[str, dt.date]]:
    """(band, born after this date) from the youngest band up: a child born after the date is in the band."""

    def years_ago(years: int) -> dt.date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    return [
        ("0-1", years_ago(2)),
        ("2-4", years_ago(5)),
        ("5-10", years_ago(11)),
        ("11-15", years_ago(16)),
        ("16-25", years_ago(26)),
    ]


# A child recorded with an age band but no date of birth counts in the band it was recorded in: the household's
# youngest such band, by its rank (youngest first), when no child has a date of birth.
STORED_BANDS = {"0-1": "0-1", "2-4": "2-4", "5-10": "5-10", "11-15": "11-15", "16-17": "16-25", "18-25": "16-25"}
BAND_RANK = {band: rank for rank, band in enumerate(STORED_BANDS, start=1)}


def _counts(scope: Scope) -> tuple[int, dict[str, dict[str, int]]]:
    """(people in the scope, characteristic key → value → people), in one statement. Also "group" (stakeholder
    group id → people who took part through it) and "no_group" (people who took part through none)."""
    organisation = scope.organisation
    today = scope.until
    # One scan of the scope: per person and group, their latest snapshot. `p` then folds the groups away.
    by_group_sql, by_group_params = _sql(
        scope.involvements()
        .order_by()
        .values("person_id", "stakeholder_group_id")
        # The snapshot of their latest involvement (by its date, then the snapshot's time-ordered id), as
        # "YYYY-MM-DD" + id: the id is what follows the first 10 characters.
        .annotate(
            snap=Max(
                Concat(
                    Cast("occurred_on", output_field=CharField(max_length=10)),
                    Cast("snapshot_id", output_field=CharField(max_length=36)),
                    output_field=CharField(max_length=46),
                ),
                filter=Q(snapshot__isnull=False),
            )
        )
    )
    allowed_sql, allowed_params = _sql(_allowed_people(organisation))
    if connection.vendor == "postgresql":
        # Not flattened into the outer query, so whether each person allows the use of their answers is worked out
        # once, not once for each answer read.
        allowed_sql += " OFFSET 0"
    lookup_sql, lookup_params = _sql(
        PostcodeLsoa.objects.for_organisation(organisation).values("postcode", "lsoa11_code").order_by()
    )
    youngest_sql, youngest_params = _sql(
        Child.objects.for_organisation(organisation)
        .values("household_id")
        .annotate(
            dob=Max("date_of_birth"),
            band_rank=Min(
                Case(
                    *[
                        When(age_band=band, date_of_birth__isnull=True, then=Value(rank))
                        for band, rank in BAND_RANK.items()
                    ],
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    )
    expecting_sql, expecting_params = _sql(
        Household.objects.for_organisation(organisation).filter(expected_due_date__gte=today).values("id").order_by()
    )
    answer_keys = [c.answer for c in chars.CHARACTERISTICS if c.source == chars.FROM_ANSWERS]
    answers = ",\n".join(
        f"CASE WHEN h.allowed = 1 THEN {_json_text('s.' + _column(EqualitySnapshot, 'answers'), key)} END AS a_{key}"
        for key in answer_keys
    )
    cutoffs = child_age_cutoffs(today)
    child_case = (
        "CASE WHEN e.id IS NOT NULL THEN 'expecting' "
        + " ".join("WHEN y.dob > %s THEN %s " for _band in cutoffs)
        + "WHEN y.dob IS NOT NULL THEN NULL "  # a grown-up child: not a family with children of these ages
        + " ".join("WHEN y.band_rank = %s THEN %s " for _band in STORED_BANDS)
        + "END"
    )
    child_params = tuple(value for band, after in cutoffs for value in (after, band)) + tuple(
        value for stored, band in STORED_BANDS.items() for value in (BAND_RANK[stored], band)
    )
    # Every piece put in here is SQL written by Django or a constant of this module; values go in as parameters.
    x_sql = f"""
        SELECT p.person_id,
            {answers},
            CAST((d.{_column(LsoaDeprivation, "imd_decile")} + 1) / 2 AS INTEGER) AS imd_quintile,
            {child_case} AS child_age
        FROM p
        JOIN ({allowed_sql}) h ON h.id = p.person_id
        LEFT JOIN {_table(EqualitySnapshot)} s ON {_snapshot_join("s.id", "SUBSTR(p.snap, 11)")}
            AND s.organisation_id = h.organisation_id
        LEFT JOIN ({lookup_sql}) l ON l.postcode = h.postcode
        LEFT JOIN {_table(LsoaDeprivation)} d ON d.{_column(LsoaDeprivation, "lsoa11_code")} = l.lsoa11_code
        LEFT JOIN ({youngest_sql}) y ON y.household_id = h.household_id
        LEFT JOIN ({expecting_sql}) e ON e.id = h.household_id
    """  # noqa: S608
    columns = [f"a_{key}" for key in answer_keys] + ["imd_quintile", "child_age"]
    keys = [*answer_keys, "imd_quintile", "child_age"]
    parts = [
        "SELECT 'people', NULL, COUNT(*) FROM p",
        "SELECT 'no_group', NULL, COUNT(*) FROM p WHERE any_group IS NULL",
        "SELECT 'group', CAST(stakeholder_group_id AS TEXT), COUNT(*) FROM pg "
        "WHERE stakeholder_group_id IS NOT NULL GROUP BY stakeholder_group_id",
    ]
    parts += [
        f"SELECT '{key}', CAST({column} AS TEXT), COUNT(*) FROM x GROUP BY {column}"  # noqa: S608
        for key, column in zip(keys, columns, strict=True)
    ]
    sql = (
        f"WITH pg AS ({by_group_sql}), "  # noqa: S608
        "p AS (SELECT person_id, MAX(snap) AS snap, MAX(CAST(stakeholder_group_id AS TEXT)) AS any_group "
        "FROM pg GROUP BY person_id), "
        f"x AS ({x_sql}) " + " UNION ALL ".join(parts)
    )
    # In the order the placeholders appear: the scope (pg), then the age bands (in x's SELECT list), then x's joins.
    params = by_group_params + child_params + allowed_params + lookup_params + youngest_params + expecting_params
    people = 0
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    with large_aggregate(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, value, n in cursor.fetchall():
            if key == "people":
                people = n
            elif key == "group":
                counts[key][str(uuid.UUID(value))] = n  # SQLite keeps ids as 32 hex digits, PostgreSQL with dashes
            else:
                counts[key][UNKNOWN if value is None else str(value)] = n
    return people, counts


def _group_labels(scope: Scope) -> dict[str, str]:
    groups = StakeholderGroup.objects.for_organisation(scope.organisation).order_by("order", "name")
    return {str(group.pk): group.name for group in groups}


def _languages(raw: dict[str, int], keep: frozenset[str] = frozenset()) -> tuple[dict[str, int], dict[str, str], int]:
    """Free-text main languages: the same however typed, rare ones counted together, except those in `keep` (the
    languages the population figures have, which must be compared one by one). (counts, labels, unknown)."""
    merged: dict[str, int] = {}
    unknown = 0
    for value, n in raw.items():
        key = language_normalise(value)
        if not key or key.casefold() == "prefer_not":
            unknown += n
        else:
            merged[key] = merged.get(key, 0) + n
    counts: dict[str, int] = {}
    for key in sorted(merged, key=lambda k: (-merged[k], k)):
        if merged[key] >= THRESHOLD or key in keep:
            counts[key] = merged[key]
        else:
            counts[OTHER_LANGUAGE] = counts.get(OTHER_LANGUAGE, 0) + merged[key]
    labels = {key: key for key in counts}
    if OTHER_LANGUAGE in counts:
        labels[OTHER_LANGUAGE] = _("Other languages")
    return counts, labels, unknown


def representation_tables(scope: Scope) -> list[CharacteristicTable]:
    """One table per characteristic, in the order of `characteristics.CHARACTERISTICS`."""
    people, counts = _counts(scope)
    group_labels = _group_labels(scope)
    group_counts = {group_id: counts.get("group", {}).get(group_id, 0) for group_id in group_labels}
    area = areas_label(scope.organisation) or scope.organisation.name
    tables = []
    for characteristic in chars.CHARACTERISTICS:
        population, source = population_for(scope.organisation, characteristic, area)
        extra = {}
        if characteristic.key == "stakeholder_group":
            known = group_counts
            labels = {group_id: group_labels[group_id] for group_id in group_counts}
            if population:
                # Uploaded figures are stored by the group's id (coproduce/insights/benchmarks.py).
                population = {k: v for k, v in population.items() if k in labels}
            # One person can take part through several groups: shares are of everyone in the scope.
            extra = {"people": people}
            unknown = counts.get("no_group", {}).get(UNKNOWN, 0)
        elif characteristic.key == "main_language":
            known, labels, unknown = _languages(
                {value: n for value, n in counts.get("main_language", {}).items() if value},
                keep=frozenset(language_normalise(k) for k in population),
            )
            unknown += counts.get("main_language", {}).get(UNKNOWN, 0)
        else:
            raw = counts.get(characteristic.answer or characteristic.key, {})
            labels = characteristic.labels
            known = {code: raw.get(code, 0) for code in labels}
            unknown = sum(n for value, n in raw.items() if value not in labels)
        if population and characteristic.key not in ("stakeholder_group", "main_language"):
            population = {code: value for code, value in population.items() if code in labels}
        elif population and characteristic.key == "main_language":
            population = {language_normalise(k): v for k, v in population.items()}
            labels = {**{k: k for k in population}, **labels}
        table = representation(known, population, **extra)
        tables.append(
            CharacteristicTable(
                characteristic=characteristic,
                table=table,
                labels=labels,
                population_source=source if population else "",
                people=hide_small(people),
                # With several groups per person, the hidden groups' sum is not known from the total: the number
                # in no group would give a lone hidden group away (people − not known − shown groups).
                not_known=None
                if characteristic.multiple and any(row.suppressed for row in table.rows)
                else hide_small(unknown),
            )
        )
    return tables
