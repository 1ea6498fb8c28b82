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
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        log(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
