# ruff: noqa: E402 (imports follow the sys.path fix below)
"""Public "You said, we did" benchmark: an organisation with 2,000 promises, its public page and feeds, on PostgreSQL.

    .venv/bin/python bench/public_you_said.py [--promises 2000] [--small 50] [--rounds 30] [--warmup 3]
                                              [--keep-database] [--json bench/results/public_you_said.json]

Data: one organisation with 40 projects and --promises promises (default 2,000) spread over them (one in ten for
the organisation as a whole): a third kept (most on time), a fifth in progress, some planned (a share of them
overdue), changed or not possible with an explanation for families, a third with an Arabic translation. Each
promise answers one to three contributions (a quarter with no person, the others from 1,500 people, of whom a
third agreed to be quoted by name, a third anonymously, a third not at all) and one decision (one decision for
every three promises, with two to six people present). A second organisation, made the same way with --small
promises, shows whether the number of SQL queries grows with the number of promises.

Pages: through Django's test client (no server), not signed in, as the public sees them: "You said, we did"
(page 1, a deep page, only the kept ones, in Arabic), its JSON and Atom feeds, and the public home page. The
baseline is /bench/trivial (bench/urls_bench.py: the middleware stack and a view that returns "ok"), through the
same client. The pages and the baseline take turns, in a shuffled order, in every round, so whatever else the
machine does affects them alike. Each page's SQL queries are counted (CaptureQueriesContext) for both
organisations. Responses are not cached between requests: every request renders the page again.

Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/coproduce_bench) names the PostgreSQL
server. The benchmark makes a throwaway database of its own on it (coproduce_bench_public_<random>), migrates it,
and drops it at the end (--keep-database keeps it). Figures are printed, never asserted: see docs/performance.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/public_you_said.py` puts bench/ first on sys.path, where bench/http.py would hide the standard
# library's `http` package from Django. The project root goes there instead (as in bench/http.py).
ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse
import datetime as dt
import json
import os
import random
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from bench.activity_page import drop_database, setup_django
from bench.http import DEFAULT_DATABASE_URL, BenchError, code_version, conninfo, log, machine, percentile

PROJECTS = 40
PEOPLE = 1_500
PROMISES_PER_DECISION = 3
# Of the promises: (status, share); whatever is left over is planned.
STATUS_SHARES = (("kept", 0.35), ("in_progress", 0.2), ("changed", 0.08), ("not_possible", 0.07))
KEPT_LATE_SHARE = 0.2
TRANSLATED_SHARE = 0.33
SAID = [
    "Sessions after the school run suit us better.",
    "A quiet corner for feeding would help.",
    "Signs in Polish at the door, please.",
    "The ramp at the side door is hard to find.",
    "We did not know the hub was there until a friend told us.",
]


def create_database(url: str) -> str:
    """Make a throwaway database next to the one the URL names; returns its name."""
    name = f"coproduce_bench_public_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(conninfo(url, "postgres"), autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(f"Cannot create a database on the server of BENCH_DATABASE_URL: {exc}") from exc
    log(f"Created database {name}")
    return name


# Data ----------------------------------------------------------------------------------------------------------


@dataclass
class Made:
    slug: str
    promises: int
    decisions: int
    contributions: int
    people: int
    statuses: dict


def make_organisation(slug: str, promises: int, seed: int) -> Made:
    from coproduce.accounts.models import User
    from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
    from coproduce.contributions.models import Contribution
    from coproduce.core.models import uuid7
    from coproduce.decisions.models import Decision, Promise
    from coproduce.organisations.models import Membership, Organisation, Role
    from coproduce.people.models import Person
    from coproduce.projects.models import Project
    from coproduce.publishing.models import PublicSite

    rng = random.Random(seed)
    today = dt.date.today()
    org = Organisation.objects.create(name=f"Bench {slug}", slug=slug)
    PublicSite.objects.create(organisation=org, languages=["ar", "pl"], contact_email="together@example.org")
    lead = User.objects.create_user(f"lead@{slug}.example.org", secrets.token_urlsafe(16), full_name="Bench Lead")
    Membership.objects.create(organisation=org, user=lead, role=Role.LEAD)
    projects = Project.objects.bulk_create(
        Project(organisation=org, title=f"Project {i:02d}", goal="Better support for families") for i in range(PROJECTS)
    )
    people_count = min(PEOPLE, max(30, promises))
    people = Person.objects.bulk_create(
        Person(id=uuid7(), organisation=org, full_name=f"Parent {i:04d}") for i in range(people_count)
    )
    consents = []
    for index, person in enumerate(people):
        purpose = (Purpose.QUOTE_BY_NAME, Purpose.QUOTE_ANONYMOUSLY, None)[index % 3]
        if purpose is not None:
            consents.append(
                Consent(
                    organisation=org,
                    person=person,
                    purpose=purpose,
                    status=ConsentStatus.GIVEN,
                    method=ConsentMethod.ONLINE,
                )
            )
    Consent.objects.bulk_create(consents)

    decisions = Decision.objects.bulk_create(
        Decision(
            id=uuid7(),
            organisation=org,
            project=rng.choice(projects),
            title=f"Decision {i}",
            what_was_decided="We will change the session times to suit the school run.",
            decided_on=today - dt.timedelta(days=rng.randint(30, 400)),
            degree_of_participation=rng.randint(1, 5),
        )
        for i in range(max(1, promises // PROMISES_PER_DECISION))
    )
    Decision.people_present.through.objects.bulk_create(
        Decision.people_present.through(decision_id=decision.pk, person_id=person.pk)
        for decision in decisions
        for person in rng.sample(people, k=rng.randint(2, 6))
    )

    rows = []
    counts: dict[str, int] = {}
    for i in range(promises):
        roll, status = rng.random(), "planned"
        for name, share in STATUS_SHARES:
            if roll < share:
                status = name
                break
            roll -= share
        due = today + dt.timedelta(days=rng.randint(-300, 120))
        kept_on = None
        if status == "kept":
            kept_on = due + dt.timedelta(days=rng.randint(1, 20) if rng.random() < KEPT_LATE_SHARE else -5)
        counts[status] = counts.get(status, 0) + 1
        explanation = (
            "We could not find a venue open on Saturdays, so we now run Friday evening sessions instead."
            if status in ("changed", "not_possible") or status == "kept"
            else ""
        )
        translations = (
            {"ar": {"text": "سنغير أوقات الجلسات", "public_explanation": "غيرنا الأوقات"}}
            if rng.random() < TRANSLATED_SHARE
            else {}
        )
        rows.append(
            Promise(
                id=uuid7(),
                organisation=org,
                project=rng.choice(projects) if rng.random() > 0.1 else None,
                text=f"We will move session {i} to after the school run",
                owner=lead,
                due_date=due,
                status=status,
                kept_on=kept_on,
                public_explanation=explanation,
                translations=translations,
            )
        )
    made_promises = Promise.objects.bulk_create(rows)
    contributions = []
    links = []
    for promise in made_promises:
        for _n in range(rng.randint(1, 3)):
            contribution = Contribution(
                id=uuid7(),
                organisation=org,
                project=promise.project or projects[0],
                person=rng.choice(people) if rng.random() > 0.25 else None,
                kind="idea",
                text=rng.choice(SAID),
                gathered=Contribution.Gathered.ACTIVITY,
            )
            contributions.append(contribution)
            links.append(Promise.contributions.through(promise_id=promise.pk, contribution_id=contribution.pk))
    Contribution.objects.bulk_create(contributions)
    Promise.contributions.through.objects.bulk_create(links)
    Promise.decisions.through.objects.bulk_create(
        Promise.decisions.through(promise_id=promise.pk, decision_id=decisions[i // PROMISES_PER_DECISION].pk)
        for i, promise in enumerate(made_promises)
        if i // PROMISES_PER_DECISION < len(decisions)
    )
    return Made(
        slug=slug,
        promises=promises,
        decisions=len(decisions),
        contributions=len(contributions),
        people=len(people),
        statuses=counts,
    )


# Measuring -----------------------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    expect: str


def pages_for(slug: str, promises: int) -> list[Page]:
    deep = max(1, promises // 25 // 2)
    base = f"/o/{slug}/you-said-we-did"
    return [
        Page("you said, we did: page 1", base, "kept on time"),
        Page(f"… page {deep}", f"{base}?page={deep}", "kept on time"),
        Page("… kept only", f"{base}?status=kept", "Kept"),
        Page("… in Arabic", f"{base}?lang=ar", 'dir="rtl"'),
        Page("JSON feed (50 latest)", f"{base}.json", "jsonfeed.org"),
        Page("Atom feed (50 latest)", f"{base}.atom", "<feed"),
        Page("public home page", f"/o/{slug}/", "You said, we did"),
    ]


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def measure(large: Made, small: Made, rounds: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    failures: dict[str, int] = {}
    sizes: dict[str, int] = {}

    def get(path: str):
        response = client.get(path)
        if response.status_code != 200:
            failures[path] = failures.get(path, 0) + 1
        return response

    large_pages, small_pages = pages_for(large.slug, large.promises), pages_for(small.slug, small.promises)
    for page in [*large_pages, *small_pages]:
        response = get(page.path)
        if response.status_code != 200:
            raise BenchError(f"{page.path} answered {response.status_code}.")
        if page.expect not in response.content.decode():
            raise BenchError(f"{page.path} answered without {page.expect!r}.")
    for page in large_pages:
        sizes[page.name] = len(get(page.path).content)

    def queries(path: str) -> int:
        get(path)
        with CaptureQueriesContext(connection) as captured:
            get(path)
        return len(captured)

    counts = {
        page.name: (queries(small_page.path), queries(page.path))
        for page, small_page in zip(large_pages, small_pages, strict=True)
    }
    baseline = "trivial view (baseline)"
    cases: list[tuple[str, Callable[[], object]]] = [(baseline, lambda: get("/bench/trivial"))]
    cases += [(page.name, lambda page=page: get(page.path)) for page in large_pages]
    for _warm in range(warmup):
        for _label, action in cases:
            action()
    rng = random.Random(7)
    timings: dict[str, list[float]] = {label: [] for label, _action in cases}
    for _round in range(rounds):
        order = cases[:]
        rng.shuffle(order)
        for label, action in order:
            timings[label].append(timed(action) * 1000)
    base = sorted(timings[baseline])
    base_median, base_p95 = statistics.median(base), percentile(base, 95)
    results = []
    for label, _action in cases:
        values = sorted(timings[label])
        median, p95 = statistics.median(values), percentile(values, 95)
        results.append(
            {
                "page": label,
                "queries": counts[label][1] if label in counts else 0,
                "kb": round(sizes[label] / 1024, 1) if label in sizes else None,
                "median_ms": median,
                "p95_ms": p95,
                "median_ratio": median / base_median,
                "p95_ratio": p95 / base_p95,
            }
        )
    bounded = [{"page": name, "small": s, "large": n} for name, (s, n) in counts.items()]
    return {"rounds": rounds, "results": results, "bounded": bounded, "failures": failures}


# Output --------------------------------------------------------------------------------------------------------


def print_results(figures: dict, large: Made, small: Made) -> None:
    statuses = ", ".join(f"{count:,} {status}" for status, count in sorted(large.statuses.items()))
    log(
        f"Organisation with {large.promises:,} promises ({statuses}), {large.decisions:,} decisions, "
        f"{large.contributions:,} contributions from {large.people:,} people."
    )
    log("")
    log(f"Public pages, not signed in (Django test client, no server), {figures['rounds']} rounds")
    header = f"{'page':<28} {'queries':>7} {'KB':>6} {'median ms':>10} {'p95 ms':>8} {'median ×':>9} {'p95 ×':>7}"
    log(header)
    log("-" * len(header))
    for row in figures["results"]:
        kb = f"{row['kb']:>6.1f}" if row["kb"] is not None else f"{'':>6}"
        log(
            f"{row['page']:<28} {row['queries']:>7} {kb} {row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} "
            f"{row['median_ratio']:>9.1f} {row['p95_ratio']:>7.1f}"
        )
    log("× = ratio to the trivial view (/bench/trivial), measured in the same rounds of this run.")
    log("")
    log(f"SQL queries per page, for {small.promises:,} and {large.promises:,} promises")
    header = f"{'page':<28} {small.promises:>7,} {large.promises:>7,}  bounded"
    log(header)
    log("-" * len(header))
    for row in figures["bounded"]:
        same = "yes" if row["small"] == row["large"] else f"no (+{row['large'] - row['small']})"
        log(f"{row['page']:<28} {row['small']:>7} {row['large']:>7}  {same}")
    if figures["failures"]:
        log(f"Answers other than 200: {figures['failures']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--promises", type=int, default=2000, help="promises of the organisation (default 2000)")
    parser.add_argument("--small", type=int, default=50, help="promises of the second organisation (default 50)")
    parser.add_argument("--rounds", type=int, default=30, help="measured rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="uncounted rounds first (default 3)")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the throwaway database at the end")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    if min(args.promises, args.small) < 10 or args.rounds < 1 or args.warmup < 0:
        parser.error("--promises and --small must be at least 10, --rounds at least 1 and --warmup at least 0")

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    host = machine()
    load = os.getloadavg()[0]
    started_at = dt.datetime.now(dt.UTC)
    static_root = tempfile.mkdtemp(prefix="coproduce-bench-static-")
    name = None
    try:
        name = create_database(url)
        setup_django(conninfo(url, name), static_root)
        from django.core.management import call_command
        from django.db import connection

        began = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        log(f"Migrated in {time.perf_counter() - began:.1f} s")
        call_command("collectstatic", interactive=False, verbosity=0)
        began = time.perf_counter()
        large = make_organisation("bench-public-large", args.promises, seed=2000)
        small = make_organisation("bench-public-small", args.small, seed=50)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
        log(f"Made the data in {time.perf_counter() - began:.1f} s")
        figures = measure(large, small, args.rounds, args.warmup)
    except BenchError as error:
        log(f"Error: {error}")
        return 2
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        if name and not args.keep_database:
            drop_database(url, name)
        elif name:
            log(f"Kept database {name} (--keep-database): drop it with DROP DATABASE {name}")
    log("")
    log(
        f"{started_at:%Y-%m-%d %H:%M} UTC, {code_version()}; {host['cpus']} CPUs ({host['cpu_model']}), "
        f"{host['memory_gib']} GiB; Python {host['python']}; PostgreSQL {postgresql}; load average {load:.1f} at the "
        f"start, {os.getloadavg()[0]:.1f} at the end"
    )
    print_results(figures, large, small)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(
            json.dumps(
                {
                    "started_at": started_at.isoformat(),
                    "code": code_version(),
                    "machine": host,
                    "postgresql": postgresql,
                    "promises": args.promises,
                    "small": args.small,
                    "data": vars(large),
                    **figures,
                },
                indent=2,
                default=str,
            )
            + "\n"
        )
        log(f"\nWrote {args.json}")
    return 1 if figures["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
