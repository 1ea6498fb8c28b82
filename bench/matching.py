# ruff: noqa: E402 (imports follow the sys.path fix below)
"""Peer support matching benchmark: 1,000 referrals matched against 300 peer supporters, in plain Python.

    .venv/bin/python bench/matching.py [--referrals 1000] [--supporters 300] [--limit 5] [--seed 8]
                                       [--json bench/results/matching.json]

Data (seeded, so every run matches the same people): --supporters peer supporters with one to three lived
experiences (SEND and a child's mental health most often, adoption least), English and, for one in three, another
language, one to three of 30 areas, two to five ways of support, two to six times they are free, room for one to six
families and some of it taken (about one in eight full), and checks mostly in date: about one in twelve has a check
expired or missing, or supervision overdue. --referrals referrals, all with consent, asking for up to two
experiences, a language for one in four, an area (none for one in ten), online support only for one in six, one to
three ways and one to four times.

Measured: coproduce.analysis.matching.suggest(referral, supporters, today, limit) once per referral, as the matching
page will call it (eligibility of every supporter, scoring, ranking and the explanations of the suggestions). Two
baselines are measured in the same run, taking turns with the referrals: sorting --supporters random floats, and one
eligibility() call (the check the coordinator's page shows for one supporter). Each baseline is timed in batches of
100 and divided, as one call is close to the clock's resolution. Figures are printed, never asserted (no Django
needed): see docs/performance.md.

With --database, a second part runs the same on the database through Django (coproduce.peers.matching): the
supporters (with their latest checks and supervision, their hubs and their current families as open support
episodes) and the referrals are written to the database in DATABASE_URL (PostgreSQL by default,
postgres://postgres@127.0.0.1:5432/coproduce_bench, created and migrated if missing; or SQLite), in their own
organisation, inside a transaction rolled back at the end. It times `suggestions_for(referral)` once per referral (the
query of every supporter with their checks, the matching and the ranking) against a primary-key lookup of one
supporter taking turns with it, and counts the SQL queries of each call: the count must be the same for every
referral.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/matching.py` puts bench/ first on sys.path, where bench/http.py would hide the standard library's
# `http` package. The project root goes there instead (as in bench/http.py).
ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import statistics
import time
from collections import Counter

from coproduce.analysis.matching import (
    SLOT_ORDER,
    Experience,
    Referral,
    Supporter,
    Way,
    eligibility,
    suggest,
)

TODAY = dt.date(2026, 3, 4)
BATCH = 100  # baseline calls per timing
AREAS = [f"LS{number}" for number in range(1, 21)] + [f"hub-{number}" for number in range(1, 11)]
# How often each experience comes up, roughly as peer support services describe their families.
EXPERIENCE_SPREAD = {
    Experience.SEND: 30,
    Experience.CHILD_MENTAL_HEALTH: 25,
    Experience.DOMESTIC_ABUSE: 10,
    Experience.NEW_TO_COUNTRY: 10,
    Experience.DAD: 12,
    Experience.BEREAVEMENT: 8,
    Experience.ADOPTION: 5,
}
LANGUAGES = ["urdu", "punjabi", "polish", "arabic", "bengali", "romanian", "somali", "kurdish", "tigrinya", "ukrainian"]
WAYS = list(Way)
REMOTE = [Way.PHONE, Way.TEXT, Way.EMAIL, Way.VIDEO, Way.SOCIAL_MEDIA]
SLOTS = list(SLOT_ORDER)


def log(message: str) -> None:
    print(message, flush=True)


def percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def experiences(rng: random.Random, low: int, high: int) -> frozenset[str]:
    codes, weights = list(EXPERIENCE_SPREAD), list(EXPERIENCE_SPREAD.values())
    return frozenset(rng.choices(codes, weights, k=rng.randint(low, high)))


def check_date(rng: random.Random, *, soonest: int = 1) -> dt.date | None:
    """Mostly in date; about one in 200 missing and one in 70 expired, per check."""
    roll = rng.random()
    if roll < 0.005:
        return None
    if roll < 0.02:
        return TODAY - dt.timedelta(days=rng.randint(1, 200))
    return TODAY + dt.timedelta(days=rng.randint(soonest, 700))


def make_supporters(rng: random.Random, count: int) -> list[Supporter]:
    made = []
    for number in range(count):
        capacity = rng.choices([1, 2, 3, 4, 6], [15, 30, 30, 15, 10])[0]
        made.append(
            Supporter(
                id=number,
                experiences=experiences(rng, 1, 3),
                languages=frozenset({"english"} | ({rng.choice(LANGUAGES)} if rng.random() < 1 / 3 else set())),
                areas=frozenset(rng.sample(AREAS, rng.randint(1, 3))),
                ways=frozenset(rng.sample(WAYS, rng.randint(2, 5))),
                available=frozenset(rng.sample(SLOTS, rng.randint(2, 6))),
                capacity=capacity,
                current_families=capacity if rng.random() < 1 / 8 else rng.randint(0, capacity - 1),
                dbs_expires=check_date(rng),
                safeguarding_training_expires=check_date(rng),
                peer_training_expires=check_date(rng),
                supervision_next_due=check_date(rng, soonest=0),
                travels=rng.random() < 0.4,
            )
        )
    return made


def make_referrals(rng: random.Random, count: int) -> list[Referral]:
    made = []
    for number in range(count):
        online_only = rng.random() < 1 / 6
        ways = frozenset(rng.sample(REMOTE if online_only else WAYS, rng.randint(1, 3)))
        made.append(
            Referral(
                id=number,
                wanted_experiences=experiences(rng, 0, 2),
                languages=frozenset({rng.choice(LANGUAGES)}) if rng.random() < 0.25 else frozenset(),
                area=None if rng.random() < 0.1 else rng.choice(AREAS),
                ways=ways,
                available=frozenset(rng.sample(SLOTS, rng.randint(1, 4))),
                online_only=online_only,
                consent=True,
            )
        )
    return made


def per_call(function, *args) -> float:
    """Seconds per call, from a batch of BATCH calls."""
    began = time.perf_counter()
    for _ in range(BATCH):
        function(*args)
    return (time.perf_counter() - began) / BATCH


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median_us": statistics.median(ordered) * 1e6, "p95_us": percentile(ordered, 95) * 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=1000, help="referrals to match (default 1000)")
    parser.add_argument("--supporters", type=int, default=300, help="peer supporters to match against (default 300)")
    parser.add_argument("--limit", type=int, default=5, help="suggestions per referral (default 5)")
    parser.add_argument("--seed", type=int, default=8, help="random seed for the data (default 8)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument(
        "--database",
        action="store_true",
        help="also time suggestions_for() on the database in DATABASE_URL (see above)",
    )
    args = parser.parse_args()
    if args.referrals < 20 or args.supporters < 1 or args.limit < 1:
        parser.error("--referrals must be at least 20, --supporters and --limit at least 1")

    rng = random.Random(args.seed)
    supporters = make_supporters(rng, args.supporters)
    referrals = make_referrals(rng, args.referrals)
    floats = [rng.random() for _ in range(args.supporters)]
    eligible = sum(eligibility(supporter, TODAY).eligible for supporter in supporters)
    one = supporters[0]
    log(
        f"{args.supporters} supporters ({eligible} can be matched today), {args.referrals} referrals "
        f"({sum(referral.online_only for referral in referrals)} online only), limit {args.limit}, seed {args.seed}"
    )

    for referral in referrals[:20]:  # warm-up, not counted
        suggest(referral, supporters, TODAY, args.limit)
        per_call(sorted, floats)
        per_call(eligibility, one, TODAY)

    match_times: list[float] = []
    sort_times: list[float] = []
    check_times: list[float] = []
    returned: Counter[int] = Counter()
    gc.disable()  # a collection landing in one call would say more about the collector than about matching
    try:
        for referral in referrals:
            began = time.perf_counter()
            found = suggest(referral, supporters, TODAY, args.limit)
            match_times.append(time.perf_counter() - began)
            returned[len(found)] += 1
            sort_times.append(per_call(sorted, floats))
            check_times.append(per_call(eligibility, one, TODAY))
            gc.collect()
    finally:
        gc.enable()

    match, sort, check = summary(match_times), summary(sort_times), summary(check_times)
    example = suggest(referrals[0], supporters, TODAY, args.limit)
    log("")
    log(f"{'measure':<44} {'median':>11} {'p95':>11} {'× sort':>9} {'× check':>9}")
    for name, figures in (
        (f"suggest() for 1 referral, {args.supporters} supporters", match),
        (f"baseline: sorted() of {args.supporters} floats", sort),
        ("baseline: eligibility() of 1 supporter", check),
    ):
        log(
            f"{name:<44} {figures['median_us']:>8.1f} µs {figures['p95_us']:>8.1f} µs "
            f"{figures['median_us'] / sort['median_us']:>8.1f}× {figures['median_us'] / check['median_us']:>8.1f}×"
        )
    log("")
    log(f"All {args.referrals} referrals: {sum(match_times):.2f} s.")
    log(f"Suggestions per referral (how many: referrals): {dict(sorted(returned.items()))}")
    if example:
        log(f"Referral 0, first suggestion (score {example[0].score:.2f}): {example[0].explanation}")
    host = {
        "cpus": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load_1min": os.getloadavg()[0],
    }
    log(f"Machine: {host}")

    database = database_part(args, supporters, referrals, match["median_us"]) if args.database else None

    if args.json:
        result = {
            "benchmark": "matching",
            "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "options": vars(args),
            "eligible_supporters": eligible,
            "suggest": match,
            "baseline_sort": sort,
            "baseline_eligibility": check,
            "ratio_median_to_sort": match["median_us"] / sort["median_us"],
            "ratio_median_to_eligibility": match["median_us"] / check["median_us"],
            "machine": host,
            "database": database,
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        log(f"Wrote {args.json}")
    return 0


# The database part -------------------------------------------------------------------------------------------------

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench"
SLUG = "bench-matching"


def write_rows(supporters: list[Supporter], referrals: list[Referral]):
    """The plain records as rows: an organisation with 10 hubs ("hub-N"), each supporter a person with a profile,
    their checks (a missing check is not written), their supervision and an open support episode for each family
    they support now; each referral waiting, for a hub or a postcode in its area ("LS5" → "LS5 1AA")."""
    from django.utils import timezone

    from coproduce.core.models import uuid7
    from coproduce.organisations.models import Hub, Organisation
    from coproduce.peers.models import (
        PeerSupporter,
        ReferralSource,
        ReferralStatus,
        Supervision,
        SupportEpisode,
        SupporterCheck,
    )
    from coproduce.peers.models import (
        Referral as ReferralRow,
    )
    from coproduce.people.models import Person

    started = time.perf_counter()
    organisation = Organisation.objects.create(name="Matching bench", slug=SLUG)
    hubs = {
        f"hub-{number}": Hub.objects.create(organisation=organisation, name=f"Bench hub {number}")
        for number in range(1, 11)
    }
    people = Person.objects.bulk_create(
        Person(id=uuid7(), organisation=organisation, full_name=f"Supporter {record.id}") for record in supporters
    )
    rows = PeerSupporter.objects.bulk_create(
        PeerSupporter(
            id=uuid7(),
            organisation=organisation,
            person=person,
            experiences=sorted(record.experiences),
            languages=sorted(record.languages),
            areas=sorted(area for area in record.areas if area not in hubs),
            travels=record.travels,
            ways=sorted(record.ways),
            available=sorted(record.available),
            capacity=record.capacity,
            started_on=TODAY - dt.timedelta(days=400),
        )
        for person, record in zip(people, supporters, strict=True)
    )
    PeerSupporter.hubs.through.objects.bulk_create(
        PeerSupporter.hubs.through(peersupporter_id=row.pk, hub_id=hubs[area].pk)
        for row, record in zip(rows, supporters, strict=True)
        for area in record.areas
        if area in hubs
    )
    checks = []
    supervisions = []
    for row, record in zip(rows, supporters, strict=True):
        for kind, expires in (
            (SupporterCheck.Kind.DBS, record.dbs_expires),
            (SupporterCheck.Kind.SAFEGUARDING_TRAINING, record.safeguarding_training_expires),
            (SupporterCheck.Kind.PEER_TRAINING, record.peer_training_expires),
        ):
            if expires is not None:
                # An older check of the same kind too, so "the newest of each kind" has something to choose from.
                for issued, until in (
                    (expires - dt.timedelta(days=1095), expires),
                    (expires - dt.timedelta(days=2190), expires - dt.timedelta(days=1095)),
                ):
                    checks.append(
                        SupporterCheck(
                            id=uuid7(),
                            organisation=organisation,
                            supporter=row,
                            kind=kind,
                            issued_on=issued,
                            expires_on=until,
                        )
                    )
        if record.supervision_next_due is not None:
            due = record.supervision_next_due
            for held, next_due in (
                (due - dt.timedelta(days=56), due),
                (due - dt.timedelta(days=112), due - dt.timedelta(days=56)),
            ):
                supervisions.append(
                    Supervision(
                        id=uuid7(), organisation=organisation, supporter=row, held_on=held, next_due_on=next_due
                    )
                )
    SupporterCheck.objects.bulk_create(checks, batch_size=1000)
    Supervision.objects.bulk_create(supervisions, batch_size=1000)

    families = [(row, n) for row, record in zip(rows, supporters, strict=True) for n in range(record.current_families)]
    family_people = Person.objects.bulk_create(
        (Person(id=uuid7(), organisation=organisation, full_name=f"Family {n}") for n in range(len(families))),
        batch_size=1000,
    )
    matched = ReferralRow.objects.bulk_create(
        (
            ReferralRow(
                id=uuid7(),
                organisation=organisation,
                person=person,
                source=ReferralSource.STAFF,
                help_with="-",
                consent=True,
                consent_given_at=timezone.now(),
                status=ReferralStatus.MATCHED,
            )
            for person in family_people
        ),
        batch_size=1000,
    )
    SupportEpisode.objects.bulk_create(
        (
            SupportEpisode(
                id=uuid7(),
                organisation=organisation,
                referral=referral,
                supporter=row,
                person=person,
                started_on=TODAY - dt.timedelta(days=30),
            )
            for (row, _n), person, referral in zip(families, family_people, matched, strict=True)
        ),
        batch_size=1000,
    )
    waiting = ReferralRow.objects.bulk_create(
        (
            ReferralRow(
                id=uuid7(),
                organisation=organisation,
                source=ReferralSource.SELF,
                contact_name=f"Family {record.id}",
                hub=hubs.get(record.area or ""),
                postcode=f"{record.area} 1AA" if record.area and record.area not in hubs else "",
                help_with="-",
                wanted_experiences=sorted(record.wanted_experiences),
                languages=sorted(record.languages),
                ways=sorted(record.ways),
                available=sorted(record.available),
                online_only=record.online_only,
                consent=True,
                consent_given_at=timezone.now(),
            )
            for record in referrals
        ),
        batch_size=1000,
    )
    log(
        f"Wrote {len(rows)} supporters ({len(checks)} checks, {len(supervisions)} supervisions, {len(matched)} "
        f"families supported now) and {len(waiting)} referrals in {time.perf_counter() - started:.1f} s"
    )
    return organisation, rows


def database_part(args: argparse.Namespace, supporters: list[Supporter], referrals: list[Referral], pure_us: float):
    from urllib.parse import urlsplit

    from bench.subject_access import BenchError, ensure_postgres_database, set_up_django

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    try:
        if urlsplit(url).scheme in {"postgres", "postgresql"}:
            ensure_postgres_database(url)
        set_up_django(url)
    except BenchError as exc:
        log(f"bench/matching.py: {exc}")
        raise SystemExit(2) from exc

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic():
        try:
            return measure_database(args, supporters, referrals, pure_us, connection, CaptureQueriesContext)
        finally:
            transaction.set_rollback(True)


def measure_database(args, supporters, referrals, pure_us, connection, CaptureQueriesContext) -> dict:
    from coproduce.peers.matching import suggestions_for
    from coproduce.peers.models import PeerSupporter
    from coproduce.peers.models import Referral as ReferralRow

    organisation, rows = write_rows(supporters, referrals)
    with connection.cursor() as cursor:  # fresh statistics for the planner, as autovacuum would give in time
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    # Fetched as a page would fetch the referral for the member: with its organisation.
    waiting = list(
        ReferralRow.objects.filter(organisation=organisation).waiting().select_related("organisation").order_by("id")
    )
    one = rows[0].pk

    def lookup():
        return PeerSupporter.objects.get(pk=one)

    for referral in waiting[:20]:  # warm-up, not counted
        suggestions_for(referral, limit=args.limit, today=TODAY)
        lookup()

    call_times: list[float] = []
    lookup_times: list[float] = []
    returned: Counter[int] = Counter()
    for referral in waiting:  # taking turns, so a slow moment of the machine falls on both alike
        began = time.perf_counter()
        found = suggestions_for(referral, limit=args.limit, today=TODAY)
        call_times.append(time.perf_counter() - began)
        returned[len(found)] += 1
        began = time.perf_counter()
        lookup()
        lookup_times.append(time.perf_counter() - began)

    query_counts: Counter[int] = Counter()
    for referral in waiting:
        with CaptureQueriesContext(connection) as queries:
            suggestions_for(referral, limit=args.limit, today=TODAY)
        query_counts[len(queries)] += 1

    call, base = summary(call_times), summary(lookup_times)
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    log("")
    log(f"On the database ({vendor} {version}): {len(waiting)} referrals, {len(rows)} supporters")
    log(f"{'measure':<48} {'median':>11} {'p95':>11} {'× lookup':>10}")
    for name, figures in (
        ("suggestions_for() for 1 referral", call),
        ("baseline: primary-key lookup of 1 supporter", base),
    ):
        log(
            f"{name:<48} {figures['median_us']:>8.1f} µs {figures['p95_us']:>8.1f} µs "
            f"{figures['median_us'] / base['median_us']:>9.1f}×"
        )
    log(f"suggestions_for() median is {call['median_us'] / pure_us:.1f}× the pure suggest() median above.")
    log(f"SQL queries per call (queries: referrals): {dict(sorted(query_counts.items()))}")
    log(
        f"All {len(waiting)} referrals: {sum(call_times):.2f} s. "
        f"Suggestions per referral: {dict(sorted(returned.items()))}"
    )
    if len(query_counts) != 1:
        log("WARNING: the number of queries per call is not the same for every referral.")
    return {
        "vendor": f"{vendor} {version}",
        "suggestions_for": call,
        "baseline_pk_lookup": base,
        "ratio_median_to_lookup": call["median_us"] / base["median_us"],
        "ratio_median_to_pure": call["median_us"] / pure_us,
        "queries_per_call": sorted(query_counts),
    }


if __name__ == "__main__":
    sys.exit(main())
