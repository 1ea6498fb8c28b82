# ruff: noqa: E402 (imports follow the settings set-up below)
"""Subject access benchmark: the export of everything held about a person with 1,000 records, against a
primary-key lookup of the same person in the same run.

    .venv/bin/python bench/subject_access.py [--records 1000] [--runs 30] [--json bench/results/subject_access.json]

DATABASE_URL picks the database: PostgreSQL by default (postgres://postgres@127.0.0.1:5432/coproduce_bench, created
and migrated if missing), or SQLite (for example sqlite:///build/bench.sqlite3, or sqlite://:memory:). The bench
person is made in its own organisation inside a transaction that is rolled back at the end, so the database is left
as it was (bench/http.py shares it, and its append-only audit log could not be cleaned up otherwise).

It prints the median time of each step over --runs runs, and each as a ratio to the primary-key lookup:
`person_export_data` (the queries and the walk), the JSON rendering of its result, and the two together, with the
number of SQL queries of one export. Tests never assert times; this only prints them.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/subject_access.py` puts bench/ first on sys.path, where bench/http.py would hide the standard
# library's `http` package from Django. The project root goes there instead.
ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from urllib.parse import quote, unquote, urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench"
SLUG = "bench-subject-access"


class BenchError(Exception):
    """The database could not be set up: printed, exit status 2."""


def log(message: str) -> None:
    print(message, flush=True)


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` if it is missing."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise BenchError(f"DATABASE_URL names no database: {url!r}.")
    admin = urlunsplit(parts._replace(path="/" + quote("postgres")))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                log(f"Creating database {name}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(f"Cannot reach PostgreSQL at {parts.hostname}:{parts.port}: {exc}") from exc


def set_up_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings_test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated in {time.perf_counter() - started:.1f} s")


def make_person(records: int):
    """A person with `records` related records spread over audit lines, project involvements, data shares and
    equality snapshots (consents cannot outnumber the purposes), plus a household, access needs and consents."""
    from django.db import transaction
    from django.utils import timezone

    from coproduce.accounts.models import User
    from coproduce.consent.models import Consent, DataShare, DataSharingAgreement, PrivacyNotice, Purpose
    from coproduce.core.models import AuditEvent, uuid7
    from coproduce.datarights.models import DataRightsRequest
    from coproduce.equality.models import EqualityProfile, EqualitySnapshot
    from coproduce.organisations.models import Hub, Organisation
    from coproduce.people.models import AccessNeeds, Child, Household, Person
    from coproduce.projects.models import Project, ProjectStakeholder
    from coproduce.stakeholders.models import Partner, StakeholderGroup

    started = time.perf_counter()
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Subject access bench", slug=SLUG)
        staff, _created = User.objects.get_or_create(email="bench.subject.access@example.org")
        hub = Hub.objects.create(organisation=organisation, name="Bench hub")
        group = StakeholderGroup.objects.create(organisation=organisation, name="Families")
        household = Household.objects.create(organisation=organisation, name="Bench household")
        Child.objects.create(organisation=organisation, household=household, age_band="2-4", has_send=True)
        person = Person.objects.create(
            organisation=organisation,
            full_name="Bench Person",
            email="bench.person@example.net",
            phone="07700 900000",
            postcode="NB1 1AA",
            household=household,
            household_role="parent",
        )
        person.hubs.add(hub)
        person.stakeholder_groups.add(group)
        AccessNeeds.objects.create(organisation=organisation, person=person, childcare=True)
        EqualityProfile.objects.create(organisation=organisation, person=person, sex="female")
        notice = PrivacyNotice.objects.create(organisation=organisation, version="1", published_on=today, summary="-")
        consents = Consent.objects.bulk_create(
            Consent(
                id=uuid7(),
                organisation=organisation,
                person=person,
                purpose=purpose,
                status="given",
                method="online",
                privacy_notice=notice,
            )
            for purpose in Purpose.values
            if purpose != Purpose.SHARE_WITH_PARTNER
        )
        DataRightsRequest.objects.create(
            organisation=organisation, person=person, kind="access", made_by="staff", received_on=today
        )
        partner = Partner.objects.create(organisation=organisation, name="Bench partner", kind="charity")
        agreement = DataSharingAgreement.objects.create(
            organisation=organisation, partner=partner, purpose="-", data_shared="-", starts_on=today, review_on=today
        )
        project = Project.objects.create(organisation=organisation, title="Bench project", goal="-")

        share, rest = divmod(records - len(consents), 4)
        involvements = ProjectStakeholder.objects.bulk_create(
            ProjectStakeholder(
                id=uuid7(),
                organisation=organisation,
                project=project,
                group=group,
                person=person,
                kind="lived_experience",
            )
            for _n in range(share)
        )
        DataShare.objects.bulk_create(
            DataShare(
                id=uuid7(),
                organisation=organisation,
                person=person,
                partner=partner,
                agreement=agreement,
                shared_by=staff,
                details_shared="name, phone",
                reason="Referral",
            )
            for _n in range(share)
        )
        EqualitySnapshot.objects.bulk_create(
            EqualitySnapshot(
                id=uuid7(),
                organisation=organisation,
                person=person,
                context_type="projects.ProjectStakeholder",
                context_id=str(involvement.pk),
                taken_at=now,
                answers={"sex": "female"},
            )
            for involvement in involvements
        )
        # Audit lines about the person and about their consents (found by the records' ids).
        targets = [("people.Person", person.pk)] + [("consent.Consent", consent.pk) for consent in consents]
        AuditEvent.objects.bulk_create(
            AuditEvent(
                organisation=organisation,
                actor=staff,
                actor_label=staff.email,
                action="update",
                object_type=targets[n % len(targets)][0],
                object_id=str(targets[n % len(targets)][1]),
                object_label=person.audit_label,
                summary="Changed a person's details",
                changes={"fields": ["phone"]},
            )
            for n in range(share + rest)
        )
    log(f"Made the bench person with {records:,} records in {time.perf_counter() - started:.1f} s")
    return person


def timed_ms(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000, help="records about the person (default 1000)")
    parser.add_argument("--runs", type=int, default=30, help="measured runs of each step (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="uncounted runs of each step first (default 3)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    if args.records < 10 or args.runs < 1 or args.warmup < 0:
        parser.error("--records must be at least 10, --runs at least 1 and --warmup at least 0")

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    try:
        if urlsplit(url).scheme in {"postgres", "postgresql"}:
            ensure_postgres_database(url)
        set_up_django(url)
    except BenchError as exc:
        log(f"bench/subject_access.py: {exc}")
        return 2

    from django.db import transaction

    with transaction.atomic():
        try:
            return measure(args)
        finally:
            transaction.set_rollback(True)


def measure(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.datarights.export import export_json, person_export_data
    from coproduce.people.models import Person

    person = make_person(args.records)
    pk = person.pk
    steps: dict[str, Callable[[], object]] = {
        "primary-key lookup (baseline)": lambda: Person.objects.get(pk=pk),
        "person_export_data": lambda: person_export_data(person),
    }
    data = person_export_data(person)
    held = sum(len(section["records"]) for section in data["sections"])
    steps["JSON rendering of the export"] = lambda: export_json(data)
    steps["export and JSON together"] = lambda: export_json(person_export_data(person))

    for _n in range(args.warmup):
        for step in steps.values():
            step()
    # Steps take turns run by run, so a slow moment of the machine falls on all of them alike.
    timings: dict[str, list[float]] = {name: [] for name in steps}
    for _n in range(args.runs):
        for name, step in steps.items():
            timings[name].append(timed_ms(step))
    with CaptureQueriesContext(connection) as queries:
        person_export_data(person)
    size = len(export_json(data).encode())

    baseline = statistics.median(timings["primary-key lookup (baseline)"])
    vendor = connection.vendor
    version = ".".join(str(part) for part in connection.Database.sqlite_version_info) if vendor == "sqlite" else ""
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    log("")
    log(f"coproduce subject access benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    log(
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; Python {platform.python_version()}; "
        f"database {vendor} {version}"
    )
    log(
        f"Data: one person with {args.records:,} records ({held:,} rows in the export, {size / 1024:,.0f} KiB of "
        f"JSON); {len(queries)} SQL queries per export. Median of {args.runs} runs, steps taking turns."
    )
    log("")
    log(f"{'step':<32} {'median ms':>10} {'p95 ms':>8} {'× baseline':>11}")
    rows = []
    for name, values in timings.items():
        ordered = sorted(values)
        median = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        rows.append({"step": name, "median_ms": median, "p95_ms": p95, "ratio": median / baseline})
        log(f"{name:<32} {median:>10.2f} {p95:>8.2f} {median / baseline:>11.1f}")
    log(f"× = ratio to the primary-key lookup of the same person, measured in the same runs ({baseline:.3f} ms).")
    if args.json:
        results = {
            "records": args.records,
            "rows_exported": held,
            "json_bytes": size,
            "queries": len(queries),
            "runs": args.runs,
            "database": f"{vendor} {version}",
            "baseline": "primary-key lookup (baseline)",
            "results": rows,
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        log(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
