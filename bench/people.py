# ruff: noqa: E402 (imports follow the sys.path fix below)
"""People benchmark: importing a spreadsheet of 50,000 people, and searching 100,000 people, on PostgreSQL.

    .venv/bin/python bench/people.py [--rows 50000] [--import-rounds 3] [--people 100000] [--rounds 60]
                                     [--reseed] [--explain] [--json bench/results/people.json]

Import: a generated CSV of --rows people (names, emails, UK phone numbers and postcodes typed the untidy ways
people type them, hubs and stakeholder groups by name) goes through coproduce.people.imports exactly as the import
pages use it: read_table, guess_mapping, validate (every check, and the duplicate scan against the organisation's
people), then import_rows (people, hub and group links, audit line, in one transaction). The baseline is a plain
Person.objects.bulk_create of the same rows, already clean, in one transaction, measured in the same run: the two
take turns going first, round by round.

Search: Person.objects.for_organisation(org).search(term), first page (50 rows ordered by Lower(full_name), id),
over an organisation of --people people made by coproduce.core.demo._bulk_people, for name fragments, an email,
a phone number and a postcode prefix. The baseline is a primary-key lookup of a random person of the same
organisation. The terms and the baseline take turns, in a shuffled order, in every round, so whatever else the
machine does affects them alike. Then EXPLAIN (ANALYZE, BUFFERS) of the name search shows which indexes it uses
(the trigram indexes exist on PostgreSQL only: coproduce/people/migrations/0002).

Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/coproduce_bench), created and migrated if
needed. The benchmark uses organisations of its own (slugs starting "bench-people-"), so it can share the database
with bench/http.py. The search organisation is made once and reused (--reseed makes it again); the import
organisations' people are deleted before each run. Figures are printed, never asserted: see docs/performance.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/people.py` puts bench/ first on sys.path, where bench/http.py would hide the standard library's
# `http` package from Django. The project root goes there instead (as in bench/http.py).
ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import secrets
import statistics
import time
from collections.abc import Callable

from bench.http import (
    DEFAULT_DATABASE_URL,
    BenchError,
    code_version,
    ensure_database,
    log,
    machine,
    percentile,
    plan_summary,
)

SEARCH_SLUG = "bench-people-search"
NEIGHBOUR_SLUG = "bench-people-neighbour"  # another organisation's people, so the tenant filter has work to do
IMPORT_SLUG = "bench-people-import"
BASELINE_SLUG = "bench-people-baseline"
NEIGHBOUR_PEOPLE = 20_000
HUBS = ["Northby Central Family Hub", "Eastfield Family Hub", "Westgate Spoke", "Family Hub Online"]
PAGE = 50

# Ofcom's numbers for drama and examples, which validate as UK numbers: 18 ranges of 1,000, so up to 18,000 rows
# get a phone number of their own. 0115 496 is in Ofcom's list but phonenumbers calls it invalid.
PHONE_RANGES = [
    "0113 496 0",
    "0114 496 0",
    "0116 496 0",
    "0117 496 0",
    "0118 496 0",
    "0121 496 0",
    "0131 496 0",
    "0141 496 0",
    "0151 496 0",
    "0161 496 0",
    "0191 498 0",
    "020 7946 0",
    "029 2018 0",
    "0306 999 0",
    "0808 157 0",
    "0909 879 0",
    "07700 900",
    "01632 960",
]


def setup_django(database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
            "DJANGO_DEBUG": "false",  # DEBUG would keep every query in memory
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    os.environ.pop("DEMO_DATA_ALLOWED", None)
    import django

    django.setup()


def vacuum_analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("people_person", "people_person_hubs", "people_person_stakeholder_groups"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def organisation(slug: str, name: str):
    """The benchmark's organisation with this slug, with the eight stakeholder groups and the bench hubs."""
    from coproduce.organisations.models import Hub, Organisation
    from coproduce.organisations.services import organisation_seed_defaults

    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        found = Organisation.objects.create(name=name, slug=slug)
        organisation_seed_defaults(organisation=found)
    for hub in HUBS:
        Hub.objects.get_or_create(organisation=found, name=hub)
    return found


def clear_people(org) -> None:
    """Delete a benchmark organisation's people (which have nothing but hub and group links) with plain SQL: the
    ORM's cascade collector would take minutes for 50,000. Records of any other kind that point at them make the
    DELETE fail loudly rather than vanish."""
    from django.db import connection, transaction

    from coproduce.people.models import Person

    assert Person.hubs.through._meta.db_table == "people_person_hubs"
    assert Person.stakeholder_groups.through._meta.db_table == "people_person_stakeholder_groups"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM people_person_hubs WHERE person_id IN "
            "(SELECT id FROM people_person WHERE organisation_id = %s)",
            [org.pk],
        )
        cursor.execute(
            "DELETE FROM people_person_stakeholder_groups WHERE person_id IN "
            "(SELECT id FROM people_person WHERE organisation_id = %s)",
            [org.pk],
        )
        cursor.execute("DELETE FROM people_person WHERE organisation_id = %s", [org.pk])


def prepare_search(people: int, reseed: bool) -> tuple[object, float | None]:
    from coproduce.core.demo import _bulk_people
    from coproduce.people.models import Person

    org = organisation(SEARCH_SLUG, "Bench people search")
    neighbour = organisation(NEIGHBOUR_SLUG, "Bench people neighbour")
    have = Person.objects.filter(organisation=org).count()
    seed_s = None
    if have == people and not reseed:
        log(f"Reusing the search organisation's {have:,} people (--reseed makes them again)")
    else:
        log(f"Making {people:,} people for the search (coproduce.core.demo._bulk_people) …")
        clear_people(org)
        began = time.perf_counter()
        _bulk_people(org, list(org.hubs.all()), people, seed=2026)
        seed_s = time.perf_counter() - began
        log(f"Made in {seed_s:.1f} s")
    if Person.objects.filter(organisation=neighbour).count() != NEIGHBOUR_PEOPLE:
        clear_people(neighbour)
        _bulk_people(neighbour, list(neighbour.hubs.all()), NEIGHBOUR_PEOPLE, seed=7)
    return org, seed_s


# Import --------------------------------------------------------------------------------------------------------


def generated_rows(count: int, groups: list[str], seed: int = 50_000) -> list[dict[str, str]]:
    """`count` people as a spreadsheet might hold them: spaces and case as people type them, some columns blank.
    Emails and phone numbers are unique, so the only duplicates are people with the same name and postcode."""
    from coproduce.core.demo import FIRST_NAMES, LAST_NAMES, LETTERS, POSTCODE_DISTRICTS

    rng = random.Random(seed)
    rows = []
    phones = iter(f"{prefix}{n:03d}" for n in range(1000) for prefix in PHONE_RANGES)
    for i in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        contact = rng.random()
        phone = next(phones, "") if i % 20 < 7 else ""
        postcode = f"{rng.choice(POSTCODE_DISTRICTS)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
        rows.append(
            {
                "Full name": f" {first}  {last}" if i % 50 == 0 else f"{first} {last}",
                "E-mail": f"{first}.{last}.{i}@example.net".lower().replace("'", "") if contact < 0.8 else "",
                "Mobile": phone.replace(" ", "") if i % 3 == 0 else phone,
                "Post code": (postcode.lower().replace(" ", "") if i % 4 == 0 else postcode) if contact > 0.1 else "",
                "Languages": rng.choice(["", "", "English", "English, Polish", "Urdu", "Somali"]),
                "Hub": "; ".join(rng.sample(HUBS, k=rng.choice((0, 1, 1, 2)))),
                "Groups": rng.choice(groups) if i % 5 == 0 else "",
            }
        )
    return rows


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def bench_import(count: int, rounds: int) -> dict:
    from django.db import connection, transaction

    from coproduce.core.models import uuid7
    from coproduce.people import imports
    from coproduce.people.models import Person
    from coproduce.stakeholders.models import StakeholderGroup

    target = organisation(IMPORT_SLUG, "Bench people import")
    baseline_org = organisation(BASELINE_SLUG, "Bench people baseline")
    groups = list(StakeholderGroup.objects.for_organisation(target).values_list("name", flat=True))
    rows = generated_rows(count, groups)
    content = as_csv(rows)
    log(f"Import: {count:,} generated rows, a CSV of {len(content) / 1024 / 1024:.1f} MB, {rounds} rounds")

    def baseline() -> dict:
        """The same people, already clean, straight into the table (building the objects is not timed)."""
        people = []
        for row in rows:
            postcode = imports.normalise_postcode(row["Post code"]) if row["Post code"] else ""
            phone = imports.normalise_phone(row["Mobile"]) if row["Mobile"] else ""
            people.append(
                Person(
                    id=uuid7(),
                    organisation=baseline_org,
                    full_name=" ".join(row["Full name"].split()),
                    email=row["E-mail"],
                    phone=phone or "",
                    postcode=postcode or "",
                    postcode_compact=(postcode or "").replace(" ", ""),
                    languages=row["Languages"],
                )
            )
        began = time.perf_counter()
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=imports.BATCH_SIZE)
        return {"baseline_s": time.perf_counter() - began}

    def run_import() -> dict:
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            began = time.perf_counter()
            table = imports.read_table(content, "bench.csv")
            read_s = time.perf_counter() - began
            columns = imports.guess_mapping(table.header)
            began = time.perf_counter()
            report = imports.validate(table.rows, columns, target)
            validate_s = time.perf_counter() - began
            if report.has_errors:
                first = list(report.problems)[:5]
                raise BenchError(f"The generated file has {report.problem_count} problems, for example {first}")
            began = time.perf_counter()
            result = imports.import_rows(organisation=target, actor=None, report=report, skip_duplicates=True)
            import_s = time.perf_counter() - began
        return {
            "read_s": read_s,
            "validate_s": validate_s,
            "import_s": import_s,
            "total_s": read_s + validate_s + import_s,
            "queries": counter.count,
            "imported": result.imported,
            "skipped_duplicates": result.skipped,
            "columns": columns,
        }

    measured = []
    for number in range(rounds):
        for org in (target, baseline_org):
            clear_people(org)
        vacuum_analyse()
        # Taking turns at going first, so neither always meets the other's freshly grown indexes.
        figures = {**run_import(), **baseline()} if number % 2 else {**baseline(), **run_import()}
        figures["ratio"] = figures["total_s"] / figures["baseline_s"]
        log(
            f"  round {number + 1}: import {figures['total_s']:.2f} s, baseline {figures['baseline_s']:.2f} s, "
            f"ratio {figures['ratio']:.2f}"
        )
        measured.append(figures)
    links = (
        Person.hubs.through.objects.filter(person__organisation=target).count()
        + Person.stakeholder_groups.through.objects.filter(person__organisation=target).count()
    )

    def median(key: str) -> float:
        return statistics.median(figures[key] for figures in measured)

    total_s, baseline_s = median("total_s"), median("baseline_s")
    return {
        "rows": count,
        "rounds": rounds,
        "csv_mb": len(content) / 1024 / 1024,
        "columns": measured[0]["columns"],
        "imported": measured[0]["imported"],
        "skipped_duplicates": measured[0]["skipped_duplicates"],
        "links": links,
        "queries": measured[0]["queries"],
        "read_s": median("read_s"),
        "validate_s": median("validate_s"),
        "import_s": median("import_s"),
        "total_s": total_s,
        "rows_per_s": count / total_s,
        "baseline_s": baseline_s,
        "baseline_rows_per_s": count / baseline_s,
        "ratio": total_s / baseline_s,
        "round_ratios": [figures["ratio"] for figures in measured],
        "rounds_measured": measured,
    }


# Search --------------------------------------------------------------------------------------------------------


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def bench_search(org, rounds: int, explain: bool) -> dict:
    from django.db import connection
    from django.db.models.functions import Lower

    from coproduce.people.models import Person

    people = Person.objects.for_organisation(org)
    rng = random.Random(4)
    ids = list(people.order_by().values_list("pk", flat=True)[:: max(1, people.count() // 2000)])
    with_email = people.exclude(email="").order_by("pk").values_list("email", flat=True)
    email = with_email[with_email.count() // 2]
    terms = [
        ("surname 'Patel'", "Patel"),
        ("name fragment 'ann'", "ann"),
        ("rare name fragment 'Zofia Wal'", "Zofia Wal"),
        ("no match 'Xqzt'", "Xqzt"),
        ("email", email),
        ("phone as typed '07700 900123'", "07700 900123"),
        ("phone digits '900123'", "900123"),
        ("postcode prefix 'NB4 6'", "NB4 6"),
    ]

    def page(term: str):
        return lambda: list(people.search(term).order_by(Lower("full_name"), "id")[:PAGE])

    def pk_lookup():
        return Person.objects.for_organisation(org).get(pk=rng.choice(ids))

    def count(term: str):
        return lambda: people.search(term).count()

    cases: list[tuple[str, Callable[[], object]]] = [("primary-key lookup (baseline)", pk_lookup)]
    for label, term in terms:
        cases.append((f"{label}: first page", page(term)))
    for label, term in terms[:1]:
        cases.append((f"{label}: count", count(term)))
    for _warm in range(3):
        for _label, action in cases:
            action()
    timings: dict[str, list[float]] = {label: [] for label, _action in cases}
    for _round in range(rounds):
        order = cases[:]
        rng.shuffle(order)
        for label, action in order:
            timings[label].append(timed(action) * 1000)
    matches = {label: people.search(term).count() for label, term in terms}
    base = timings[cases[0][0]]
    base_median, base_p95 = statistics.median(base), percentile(sorted(base), 95)
    results = []
    for label, _action in cases:
        values = sorted(timings[label])
        median, p95 = statistics.median(values), percentile(values, 95)
        term_label = label.rsplit(":", 1)[0]
        results.append(
            {
                "query": label,
                "matches": matches.get(term_label),
                "median_ms": median,
                "p95_ms": p95,
                "median_ratio": median / base_median,
                "p95_ratio": p95 / base_p95,
            }
        )
    plans = {}
    for label, term in (terms[0], terms[2], terms[3]):
        sql, params = people.search(term).order_by(Lower("full_name"), "id")[:PAGE].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        plans[label] = {"summary": plan_summary(plan), "plan": plan}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'people_person' AND indexname LIKE %s ORDER BY 1",
            ["%trgm%"],
        )
        trigram = [row[0] for row in cursor.fetchall()]
    return {
        "people": people.count(),
        "rounds": rounds,
        "results": results,
        "plans": plans,
        "trigram_indexes": trigram,
        "explain": explain,
    }


# Output --------------------------------------------------------------------------------------------------------


def print_import(figures: dict) -> None:
    log("")
    log(f"Import of {figures['rows']:,} rows ({figures['csv_mb']:.1f} MB CSV): medians of {figures['rounds']} rounds")
    log(f"  read_table     {figures['read_s']:7.2f} s")
    log(f"  validate       {figures['validate_s']:7.2f} s   (every check, and the duplicate scan)")
    log(
        f"  import_rows    {figures['import_s']:7.2f} s   ({figures['imported']:,} people and {figures['links']:,} "
        f"hub and group links; {figures['skipped_duplicates']:,} matching rows skipped)"
    )
    log(
        f"  total          {figures['total_s']:7.2f} s   {figures['rows_per_s']:,.0f} rows/s, "
        f"{figures['queries']} queries"
    )
    log(
        f"  baseline: plain Person.objects.bulk_create of the same rows, clean, in one transaction: "
        f"{figures['baseline_s']:.2f} s ({figures['baseline_rows_per_s']:,.0f} rows/s)"
    )
    ratios = figures["round_ratios"]
    log(
        f"  import ÷ baseline: {figures['ratio']:.1f} × (round by round {min(ratios):.1f}–{max(ratios):.1f} ×; the "
        "import also checks every row, looks for duplicates and writes the hub and group links)"
    )


def print_search(figures: dict, explain: bool) -> None:
    log("")
    log(
        f"Search over {figures['people']:,} people of one organisation, {figures['rounds']} rounds "
        f"(first page: {PAGE} rows ordered by Lower(full_name), id)"
    )
    header = f"{'query':<58} {'matches':>8} {'median ms':>10} {'p95 ms':>8} {'median ×':>9} {'p95 ×':>7}"
    log(header)
    log("-" * len(header))
    for row in figures["results"]:
        matches = "–" if row["matches"] is None else f"{row['matches']:,}"
        log(
            f"{row['query']:<58} {matches:>8} {row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} "
            f"{row['median_ratio']:>9.1f} {row['p95_ratio']:>7.1f}"
        )
    log("× = ratio to the primary-key lookup, measured in the same rounds of this run.")
    log(f"Trigram indexes on people_person: {', '.join(figures['trigram_indexes']) or 'none'}")
    for label, plan in figures["plans"].items():
        log(f"EXPLAIN {label}: {plan['summary']}")
        if explain:
            for line in plan["plan"]:
                log(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rows in the imported file (default 50000)")
    parser.add_argument("--people", type=int, default=100_000, help="people to search (default 100000)")
    parser.add_argument("--rounds", type=int, default=60, help="search rounds (default 60)")
    parser.add_argument("--import-rounds", type=int, default=3, help="import rounds (default 3)")
    parser.add_argument("--reseed", action="store_true", help="make the search organisation's people again")
    parser.add_argument("--explain", action="store_true", help="print the full EXPLAIN ANALYZE plans")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--skip-import", action="store_true", help="only the search")
    args = parser.parse_args()
    if min(args.rows, args.people, args.rounds, args.import_rounds) < 1:
        parser.error("--rows, --people, --rounds and --import-rounds must be at least 1")

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    host = machine()
    load = os.getloadavg()[0]
    started_at = dt.datetime.now(dt.UTC)
    try:
        ensure_database(database_url, reseed=False)
        setup_django(database_url)
        from django.core.management import call_command
        from django.db import connection

        began = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        log(f"Migrated in {time.perf_counter() - began:.1f} s")
        search_org, seed_s = prepare_search(args.people, args.reseed)
        vacuum_analyse()
        import_figures = None if args.skip_import else bench_import(args.rows, args.import_rounds)
        vacuum_analyse()
        search_figures = bench_search(search_org, args.rounds, args.explain)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
    except BenchError as error:
        log(f"Error: {error}")
        return 2
    log("")
    log(
        f"{started_at:%Y-%m-%d %H:%M} UTC, {code_version()}; {host['cpus']} CPUs ({host['cpu_model']}), "
        f"{host['memory_gib']} GiB; Python {host['python']}; PostgreSQL {postgresql}; load average {load:.1f} at the "
        f"start, {os.getloadavg()[0]:.1f} at the end"
    )
    if import_figures:
        print_import(import_figures)
    print_search(search_figures, args.explain)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(
            json.dumps(
                {
                    "started_at": started_at.isoformat(),
                    "code": code_version(),
                    "machine": host,
                    "postgresql": postgresql,
                    "seed_seconds": seed_s,
                    "import": import_figures,
                    "search": search_figures,
                },
                indent=2,
                default=str,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
