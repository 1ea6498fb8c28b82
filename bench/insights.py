# ruff: noqa: E402 (imports follow the sys.path fix below)
"""Insights benchmark: the insights report over 1,000,000 involvement records, cold and kept, the page, the API,
`refresh_insights` and the export.

    .venv/bin/python bench/insights.py [--reseed] [--rounds 15] [--warmup 2] [--explain] [--refresh-runs 3]
                                       [--redis-url redis://127.0.0.1:6379/15] [--export-runs 1]
                                       [--people 100000] [--involvements 1000000] [--activities 20000]
                                       [--json bench/results/insights.json]

Data (loaded once into its own database, coproduce_insights_bench, and reused; --reseed drops it and loads again):
the reference data (ONS Census 2021, IMD 2019) as `load_reference_data` loads it, and one organisation serving one
local authority (Hartlepool, E06000001) with a postcode lookup of 500 made-up postcodes, each in one of that
authority's real 2011 neighbourhoods (LSOA codes), so deprivation comes out as it would for a real lookup. It has
10 hubs, the eight stakeholder groups, 200 projects with five stages each, --activities activities over the last
three years (more of them recently), --people people (95 % with a postcode in the lookup), half of them in a
household with children (some expecting a baby), and --involvements involvement records: 95 % people coming to an
activity, 5 % people joining a project. Some people take part far more than others (a long tail, as with panel
members). Six in ten people have equality answers; of those, most gave consent to equality monitoring, 3 %
withdrew it and 2 % objected, and every involvement of theirs has a snapshot of their answers (mostly the same
answers each time; for one in seven, an answer changed part-way through). Two small organisations (2,000 people
and 20,000 involvements each) share the tables, so the tenant filters have work to do. The involvements are
loaded with PostgreSQL COPY in date order with time-ordered (UUID version 7) ids, as real ones accumulate; their
`source_id` is a fresh id, not a real register line or project member (the Attendance and ProjectStakeholder rows
they would come from are not made: nothing measured here reads them). ANALYZE runs after loading.

Cache: the process's cache is Redis, as in production (REDIS_URL is set to --redis-url before Django starts; a
database of its own, emptied at the start with FLUSHDB).

Measures (Django in this process, no server; median and p95 of --rounds runs after --warmup runs, every case taking
turns in a shuffled order in each round so whatever else the machine does affects them alike): the baseline,
`SELECT 1` through Django's connection; `report.build(scope)` uncached for the default period (the last 12
months) and all time (the cold cost); `representation_tables(scope)` for the default period, all time and one hub;
the organisation insights page (default period and all time) and the representation API, through Django's test
client as a signed-in administrator (the API with the administrator's API token), each cold (the organisation's
reports declared changed with `coproduce.insights.cache.changed` before each run, so the run works the report
out) and warm (the same request made once, untimed, before each run, so the report is kept); then
`manage.py refresh_insights <the organisation>` (--refresh-runs runs), and the CSV export of every involvement (all
time), streamed to nowhere in a separate process that reports its peak memory (resident set size) before and
after. Each figure is printed with its ratio to the baseline and its SQL query count, with the load average
during the rounds. --explain also times each statement `report.build` sends (for the default period, all time and
one hub), runs EXPLAIN (ANALYZE, BUFFERS) on the slowest (with the same SET LOCAL settings) and writes the plans to
bench/results/insights_explain.txt.

Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/coproduce_bench) names the PostgreSQL
server; the benchmark uses its own database on it (--database, default coproduce_insights_bench). Figures are
printed, never asserted: see docs/performance.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/insights.py` puts bench/ first on sys.path, where bench/http.py would hide the standard library's
# `http` package from Django. The project root goes there instead (as in bench/http.py).
ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.activity_page import setup_django
from bench.http import (
    DEFAULT_DATABASE_URL,
    BenchError,
    code_version,
    conninfo,
    ensure_database,
    log,
    machine,
    percentile,
    plan_summary,
)

DATABASE = "coproduce_insights_bench"
SLUG = "bench-insights"
OTHER_SLUGS = ("bench-insights-other-1", "bench-insights-other-2")
ADMIN_EMAIL = "bench.insights.admin@example.org"
LOCAL_AUTHORITY = "E06000001"  # Hartlepool
# Hartlepool's 2011 neighbourhoods lie in this range of codes; the lookup uses the ones the IMD file has.
LSOA_RANGE = ("E01011949", "E01012016")
POSTCODES = 500
HUBS = 10
PROJECTS = 200
STAGES = ("Discover", "Define", "Design", "Deliver", "Review")
YEARS = 3
PROJECT_JOIN_SHARE = 0.05  # of involvements: joining a project; the rest came to an activity
POSTCODE_IN_LOOKUP, POSTCODE_OUTSIDE = 0.95, 0.02  # the rest have no postcode
HOUSEHOLD_SHARE, SECOND_ADULT_SHARE, EXPECTING_SHARE = 0.5, 0.2, 0.06
ANSWERS_SHARE, WITHDRAWN_SHARE, OBJECTED_SHARE, CHANGED_SHARE = 0.6, 0.03, 0.02, 1 / 7
OTHERS = {"people": 2_000, "involvements": 20_000, "activities": 400, "projects": 20, "hubs": 3}
API_PATH = "/api/v1/insights/representation"
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own: the benchmark empties it
BATCH = 10_000
TODAY = dt.date.today()


def weighted(rng: random.Random, choices: list[tuple[str, float]]) -> str:
    return rng.choices([value for value, _w in choices], weights=[w for _v, w in choices])[0]


ETHNIC = [
    ("white_british", 78), ("white_other", 4), ("white_irish", 0.5), ("white_gypsy_traveller", 0.3),
    ("white_roma", 0.2), ("asian_pakistani", 2.5), ("asian_indian", 1.2), ("asian_bangladeshi", 1),
    ("asian_chinese", 0.6), ("asian_other", 0.8), ("black_african", 2), ("black_caribbean", 0.5),
    ("black_other", 0.3), ("mixed_white_black_caribbean", 0.8), ("mixed_white_asian", 0.7),
    ("mixed_white_black_african", 0.4), ("mixed_other", 0.6), ("other_arab", 0.8), ("other_any", 0.5),
    ("prefer_not", 3),
]  # fmt: skip
LANGUAGES = [
    ("English", 82), ("english", 3), ("Polish", 3), ("polish ", 0.5), ("Arabic", 2), ("Urdu", 1.5),
    ("Romanian", 1), ("Kurdish", 0.7), ("Tigrinya", 0.4), ("Farsi", 0.5), ("Bengali", 0.6), ("Somali", 0.3),
    ("Cantonese", 0.3), ("Lithuanian", 0.2), ("Pashto", 0.1), ("Amharic", 0.05), ("prefer_not", 1), ("", 3),
]  # fmt: skip


def make_answers(rng: random.Random) -> dict[str, str]:
    """One person's equality answers, roughly as parents and carers at family hubs give them."""
    answers = {
        "age_band": weighted(rng, [("16_19", 4), ("20_24", 12), ("25_34", 40), ("35_49", 36), ("50_64", 6), ("", 2)]),
        "sex": weighted(rng, [("female", 78), ("male", 19), ("prefer_not", 1), ("", 2)]),
        "ethnic_group": weighted(rng, [*ETHNIC, ("", 4)]),
        "disability": weighted(
            rng, [("no", 72), ("not_limited", 8), ("limited_a_little", 9), ("limited_a_lot", 5), ("prefer_not", 3)]
        ),
        "main_language": weighted(rng, LANGUAGES),
        "lone_parent": weighted(rng, [("yes", 24), ("no", 70), ("prefer_not", 2), ("", 4)]),
        "young_parent": weighted(rng, [("yes", 10), ("no", 86), ("", 4)]),
        "send_in_family": weighted(rng, [("yes", 18), ("no", 76), ("prefer_not", 2), ("", 4)]),
        "first_time": weighted(rng, [("yes", 30), ("no", 65), ("", 5)]),
        "religion": weighted(rng, [("none", 45), ("christian", 38), ("muslim", 8), ("hindu", 1), ("", 8)]),
    }
    return {key: value for key, value in answers.items() if value}


def changed_answers(rng: random.Random, answers: dict[str, str]) -> dict[str, str]:
    """Earlier answers of someone whose answers changed: one answer was different (or not yet given)."""
    old = dict(answers)
    key = rng.choice(["lone_parent", "disability", "send_in_family", "main_language", "ethnic_group"])
    if rng.random() < 0.4:
        old.pop(key, None)
    else:
        old[key] = {"lone_parent": "no", "disability": "no", "send_in_family": "no"}.get(key, "prefer_not")
    return old


def uuid7_at(millis: int, rng: random.Random) -> uuid.UUID:
    """A version 7 UUID laid out as coproduce.core.models.uuid7 makes them, for a moment in the past."""
    rand = rng.getrandbits(74)
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def millis(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


# Loading --------------------------------------------------------------------------------------------------------


class CopyFile:
    """Rows for one table, written to a temporary file in COPY's text format, then sent with psycopg's COPY."""

    def __init__(self, model, fields: list[str]) -> None:
        from django.db import connection

        quote = connection.ops.quote_name
        columns = {f.attname: f.column for f in model._meta.concrete_fields}
        self.statement = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(columns[name]) for name in fields)}) FROM STDIN"
        )
        self.file = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (closed by load)
        self.rows = 0

    def write(self, line: str) -> None:
        """One row: its values already as text, separated by tabs (see `text`)."""
        self.file.write(line)
        self.file.write("\n")
        self.rows += 1

    def load(self) -> int:
        from django.db import connection

        self.file.seek(0)
        with connection.cursor() as cursor, cursor.cursor.copy(self.statement) as copy:
            while chunk := self.file.read(1 << 20):
                copy.write(chunk)
        self.file.close()
        return self.rows


def text(value: object) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@dataclass
class Spec:
    people: int
    involvements: int
    activities: int
    projects: int
    hubs: int


@dataclass
class Loaded:
    """What was made for one organisation."""

    people: int = 0
    households: int = 0
    children: int = 0
    expecting: int = 0
    profiles: int = 0
    consents: int = 0
    withdrawn: int = 0
    objected: int = 0
    activities: int = 0
    involvements: int = 0
    attended: int = 0
    joined: int = 0
    snapshots: int = 0
    last_12_months: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class Steps:
    """Times each step of the load."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds
        self.began = time.perf_counter()

    def done(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = self.seconds.get(step, 0.0) + now - self.began
        self.began = now


def make_postcodes(rng: random.Random, lsoas: list[str]) -> dict[str, str]:
    """POSTCODES made-up postcodes in Hartlepool's districts, each in one of its real neighbourhoods."""
    found: dict[str, str] = {}
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    while len(found) < POSTCODES:
        postcode = f"TS{rng.randint(24, 27)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        found.setdefault(postcode, rng.choice(lsoas))
    return found


def load_organisation(org, spec: Spec, rng: random.Random) -> Loaded:
    """Everything an organisation has, as the module docstring says."""
    from django.utils import timezone

    from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, LawfulBasis, Purpose
    from coproduce.core.demo import FIRST_NAMES, LAST_NAMES
    from coproduce.engagement.models import Activity, ActivityKind, JoinWay
    from coproduce.equality.models import EqualityProfile, EqualitySnapshot
    from coproduce.insights.models import (
        Involvement,
        LocalAuthority,
        LsoaDeprivation,
        OrganisationArea,
        PostcodeLsoa,
    )
    from coproduce.organisations.models import Hub
    from coproduce.people.models import Child, Household, Person
    from coproduce.projects.models import Project, Stage
    from coproduce.stakeholders.models import StakeholderGroup

    loaded = Loaded()
    steps = Steps(loaded.seconds)
    now = timezone.now()
    start = now - dt.timedelta(days=YEARS * 365)

    # Hubs, the area, the postcode lookup.
    hubs = Hub.objects.bulk_create(
        Hub(organisation=org, name=f"{org.name} hub {n + 1}", postcode="TS24 7AA") for n in range(spec.hubs)
    )
    OrganisationArea.objects.create(organisation=org, local_authority=LocalAuthority.objects.get(code=LOCAL_AUTHORITY))
    lsoas = list(LsoaDeprivation.objects.filter(lsoa11_code__range=LSOA_RANGE).values_list("lsoa11_code", flat=True))
    if not lsoas:
        raise BenchError(f"No neighbourhoods between {LSOA_RANGE[0]} and {LSOA_RANGE[1]} in the reference data.")
    lookup = make_postcodes(rng, lsoas)
    PostcodeLsoa.objects.bulk_create(
        PostcodeLsoa(organisation=org, postcode=postcode, lsoa11_code=code) for postcode, code in lookup.items()
    )
    groups = list(StakeholderGroup.objects.for_organisation(org).order_by("order", "name"))
    group_weights = [70, 10, 7, 3, 2, 1, 3, 4][: len(groups)]
    steps.done("organisation, hubs, postcode lookup")

    # Projects with stages, then activities over the last three years, more of them recently.
    projects = []
    for n in range(spec.projects):
        begins = (start - dt.timedelta(days=rng.randint(0, 180))).date()
        projects.append(
            Project(
                organisation=org,
                title=f"Project {n + 1:03d}: {rng.choice(['Welcome', 'Infant feeding', 'SEND', 'Start for Life'])}",
                goal="Families find the support they need, when they need it.",
                start_date=begins,
                is_ongoing=True,
                status=weighted(rng, [("active", 70), ("closed", 20), ("paused", 5), ("draft", 5)]),
            )
        )
    Project.objects.bulk_create(projects, batch_size=BATCH)
    Stage.objects.bulk_create(
        (
            Stage(
                organisation=org,
                project=project,
                name=name,
                order=order,
                target_degree=rng.randint(2, 5),
                achieved_degree=rng.choice([None, 1, 2, 3, 4, 5]),
            )
            for project in projects
            for order, name in enumerate(STAGES)
        ),
        batch_size=BATCH,
    )
    Project.hubs.through.objects.bulk_create(
        Project.hubs.through(project_id=project.pk, hub_id=hub.pk)
        for project in projects
        for hub in rng.sample(hubs, k=min(len(hubs), rng.randint(1, 2)))
    )
    # A project's hub is its first (by id), as coproduce.insights.involvement takes it: later pairs win in dict().
    project_hub = dict(
        Project.hubs.through.objects.filter(project__organisation=org)
        .order_by("-hub_id")
        .values_list("project_id", "hub_id")
    )
    kinds = [(kind.value, weight) for kind, weight in zip(ActivityKind, [6, 5, 3, 5, 4, 3, 2, 1, 1, 1], strict=False)]
    activity_rows = []
    for n in range(spec.activities):
        days_ago = YEARS * 365 * rng.random() ** 1.3 + 0.5  # about 43 % in the last year
        starts = (now - dt.timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
        activity_rows.append(
            Activity(
                id=uuid7_at(millis(starts - dt.timedelta(days=21)), rng),
                organisation=org,
                project=rng.choice(projects),
                title=f"Session {n + 1}",
                kind=weighted(rng, kinds),
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                join_in_person=True,
            )
        )
    activity_rows.sort(key=lambda activity: activity.starts_at)
    Activity.objects.bulk_create(activity_rows, batch_size=BATCH)
    activity_hub = {activity.pk: rng.choice(hubs).pk for activity in activity_rows}
    Activity.hubs.through.objects.bulk_create(
        (Activity.hubs.through(activity_id=pk, hub_id=hub_id) for pk, hub_id in activity_hub.items()), batch_size=BATCH
    )
    loaded.activities = len(activity_rows)
    steps.done("projects and activities")

    # People, households and children, hubs and groups.
    postcodes = list(lookup)
    people, households, children, person_groups = [], [], [], []
    household = None
    for n in range(spec.people):
        joined_at = now - dt.timedelta(days=rng.uniform(0, (YEARS + 1) * 365))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        roll = rng.random()
        if roll < POSTCODE_IN_LOOKUP:
            postcode = rng.choice(postcodes)
        elif roll < POSTCODE_IN_LOOKUP + POSTCODE_OUTSIDE:
            postcode = f"DL{rng.randint(1, 9)} {rng.randint(1, 9)}AB"
        else:
            postcode = ""
        person = Person(
            id=uuid7_at(millis(joined_at), rng),
            organisation=org,
            full_name=f"{first} {last}",
            email=f"{first}.{last}.{n}@example.net".lower().replace("'", ""),
            postcode=postcode,
            postcode_compact=postcode.replace(" ", ""),
            contact_by_email=True,
        )
        if rng.random() < HOUSEHOLD_SHARE:
            if household is not None and rng.random() < SECOND_ADULT_SHARE:
                person.household = household  # a second adult in the previous household
                household = None
            else:
                expecting = rng.random() < EXPECTING_SHARE
                household = Household(
                    id=uuid7_at(millis(joined_at), rng),
                    organisation=org,
                    name=f"{last} family",
                    expected_due_date=TODAY + dt.timedelta(days=rng.randint(-30, 260)) if expecting else None,
                )
                loaded.expecting += bool(expecting and household.expected_due_date >= TODAY)
                households.append(household)
                person.household = household
                for _child in range(rng.choice([0, 1, 1, 1, 2, 2, 3]) if expecting else rng.randint(1, 3)):
                    if rng.random() < 0.85:
                        born = TODAY - dt.timedelta(days=rng.randint(10, 17 * 365))
                        children.append(Child(organisation=org, household=household, date_of_birth=born))
                    else:
                        band = rng.choice(["0-1", "2-4", "5-10", "11-15", "16-17"])
                        children.append(Child(organisation=org, household=household, age_band=band))
            person.household_role = "parent"
        people.append(person)
        person_groups.append(rng.choices(groups, weights=group_weights)[0].pk)
    order = sorted(range(len(people)), key=lambda i: people[i].pk.int)  # in the order they were added
    people = [people[i] for i in order]
    person_groups = [person_groups[i] for i in order]
    Household.objects.bulk_create(households, batch_size=BATCH)
    Person.objects.bulk_create(people, batch_size=BATCH)
    Child.objects.bulk_create(children, batch_size=BATCH)
    Person.hubs.through.objects.bulk_create(
        (Person.hubs.through(person_id=p.pk, hub_id=rng.choice(hubs).pk) for p in people), batch_size=BATCH
    )
    Person.stakeholder_groups.through.objects.bulk_create(
        (
            Person.stakeholder_groups.through(person_id=p.pk, stakeholdergroup_id=group_id)
            for p, group_id in zip(people, person_groups, strict=True)
        ),
        batch_size=BATCH,
    )
    loaded.people, loaded.households, loaded.children = len(people), len(households), len(children)
    steps.done("people, households, children")

    # Equality answers and consent for six in ten.
    answers: list[dict | None] = [None] * len(people)
    earlier: list[tuple[dt.date, str] | None] = [None] * len(people)  # (answers changed on, the earlier ones)
    profiles, consents = [], []
    for i, person in enumerate(people):
        if rng.random() >= ANSWERS_SHARE:
            continue
        given = make_answers(rng)
        answers[i] = given
        objected = rng.random() < OBJECTED_SHARE
        withdrawn = not objected and rng.random() < WITHDRAWN_SHARE / (1 - OBJECTED_SHARE)
        profiles.append(
            EqualityProfile(
                organisation=org, person=person, objected_at=now - dt.timedelta(days=30) if objected else None, **given
            )
        )
        consents.append(
            Consent(
                organisation=org,
                person=person,
                purpose=Purpose.EQUALITY_MONITORING,
                status=ConsentStatus.WITHDRAWN if withdrawn else ConsentStatus.GIVEN,
                lawful_basis=LawfulBasis.CONSENT,
                method=ConsentMethod.ONLINE,
                withdrawn_at=now - dt.timedelta(days=60) if withdrawn else None,
            )
        )
        loaded.objected += objected
        loaded.withdrawn += withdrawn
        if rng.random() < CHANGED_SHARE:
            when = TODAY - dt.timedelta(days=rng.randint(30, YEARS * 365))
            earlier[i] = (when, json.dumps(changed_answers(rng, given)))
    EqualityProfile.objects.bulk_create(profiles, batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH)
    loaded.profiles, loaded.consents = len(profiles), len(consents)
    steps.done("equality answers and consent")

    # Involvements, in date order, each with a snapshot of the person's answers if they have any.
    current = [json.dumps(given) if given is not None else None for given in answers]
    # A long tail: a few take part very often (capped, so the keenest come to about one session in ten a week).
    weights = [min(rng.paretovariate(1.3), 40.0) for _person in people]
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    person_ids = [str(p.pk) for p in people]
    joins = round(spec.involvements * PROJECT_JOIN_SHARE)
    attended = spec.involvements - joins
    sizes = [0] * len(activity_rows)
    popularity = [rng.lognormvariate(0, 0.6) for _activity in activity_rows]
    for index in rng.choices(range(len(activity_rows)), weights=popularity, k=attended):
        sizes[index] += 1
    events: list[tuple[dt.datetime, object, object | None, int]] = [
        (activity.starts_at, activity.project_id, activity.pk, size)
        for activity, size in zip(activity_rows, sizes, strict=True)
        if size
    ]
    for _join in range(joins):
        project = rng.choice(projects)
        begins = dt.datetime.combine(project.start_date, dt.time(10), tzinfo=dt.UTC)
        days = max(1, (now - begins).days)
        events.append((begins + dt.timedelta(days=rng.uniform(0, days - 1)), project.pk, None, 1))
    events.sort(key=lambda event: event[0])

    org_id = str(org.pk)
    group_of = [str(group_id) for group_id in person_groups]
    hub_of_activity = {pk: str(hub_id) for pk, hub_id in activity_hub.items()}
    hub_of_project = {pk: str(hub_id) for pk, hub_id in project_hub.items()}
    join_ways = [(JoinWay.IN_PERSON.value, 75), (JoinWay.ONLINE.value, 14), (JoinWay.PHONE.value, 3), ("", 8)]
    join_way_list = [way for way, weight in join_ways for _n in range(weight)]
    inv_file = CopyFile(
        Involvement,
        [
            "id", "organisation_id", "created_at", "updated_at", "person_id", "kind", "occurred_on", "project_id",
            "activity_id", "hub_id", "stakeholder_group_id", "join_way", "source_id", "snapshot_id",
        ],
    )  # fmt: skip
    snap_file = CopyFile(
        EqualitySnapshot,
        ["id", "organisation_id", "created_at", "updated_at", "person_id", "context_type", "context_id", "taken_at",
         "answers"],
    )  # fmt: skip
    since = TODAY - dt.timedelta(days=365)
    for moment, project_id, activity_id, size in events:
        day = moment.date()
        recorded = moment + dt.timedelta(hours=3)
        stamp = recorded.isoformat()
        ms = millis(recorded)
        chosen: set[int] = set()
        while len(chosen) < size:
            chosen.add(min(bisect.bisect_left(cumulative, rng.random() * total), len(people) - 1))
        if activity_id is None:
            kind, context, activity_text = "project", "projects.ProjectStakeholder", "\\N"
            hub = hub_of_project.get(project_id, "\\N")
        else:
            kind, context, activity_text = "attended", "engagement.Attendance", str(activity_id)
            hub = hub_of_activity[activity_id]
        for i in sorted(chosen):
            source = uuid7_at(ms, rng)
            snapshot_text = "\\N"
            if current[i] is not None:
                snapshot_text = str(uuid7_at(ms, rng))
                change = earlier[i]
                given = change[1] if change is not None and day < change[0] else current[i]
                snap_file.write(
                    f"{snapshot_text}\t{org_id}\t{stamp}\t{stamp}\t{person_ids[i]}\t{context}\t{source}\t{stamp}\t"
                    + text(given)
                )
            way = rng.choice(join_way_list) if activity_id is not None else ""
            inv_file.write(
                f"{uuid7_at(ms, rng)}\t{org_id}\t{stamp}\t{stamp}\t{person_ids[i]}\t{kind}\t{day.isoformat()}\t"
                f"{project_id}\t{activity_text}\t{hub}\t{group_of[i]}\t{way}\t{source}\t{snapshot_text}"
            )
            loaded.last_12_months += day > since
        if activity_id is None:
            loaded.joined += size
        else:
            loaded.attended += size
    steps.done("involvements: made")
    loaded.snapshots = snap_file.load()
    steps.done("involvements: COPY of the snapshots")
    loaded.involvements = inv_file.load()
    steps.done("involvements: COPY")
    return loaded


def load_all(args: argparse.Namespace) -> tuple[dict[str, Loaded], float]:
    """Load everything in one transaction: a failure leaves an empty database, not half a load."""
    from django.db import connection, transaction

    from coproduce.accounts.models import User
    from coproduce.insights.reference_data import load_reference_data
    from coproduce.organisations.models import Membership, Organisation, Role
    from coproduce.organisations.services import organisation_seed_defaults

    began = time.perf_counter()
    made: dict[str, Loaded] = {}
    with transaction.atomic():
        step = time.perf_counter()
        rows = load_reference_data()
        log(f"  reference data: {sum(rows.values()):,} rows in {time.perf_counter() - step:.1f} s")
        specs = [(SLUG, Spec(args.people, args.involvements, args.activities, PROJECTS, HUBS), 1)]
        specs += [(slug, Spec(**OTHERS), n + 2) for n, slug in enumerate(OTHER_SLUGS)]
        for slug, spec, seed in specs:
            step = time.perf_counter()
            org = Organisation.objects.create(name=f"Bench {slug}", slug=slug)
            organisation_seed_defaults(organisation=org)
            if slug == SLUG:
                admin = User.objects.create_user(ADMIN_EMAIL, None, full_name="Bench Admin")
                Membership.objects.create(organisation=org, user=admin, role=Role.ADMIN)
            made[slug] = load_organisation(org, spec, random.Random(seed))
            log(f"  {slug}: {spec.people:,} people, {spec.involvements:,} involvements in "
                f"{time.perf_counter() - step:.1f} s")  # fmt: skip
            for name, seconds in made[slug].seconds.items():
                log(f"      {name}: {seconds:.1f} s")
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    log(f"  VACUUM (ANALYZE): {time.perf_counter() - step:.1f} s")
    return made, time.perf_counter() - began


def check_loaded(args: argparse.Namespace) -> bool:
    """True when the data is there as asked; False when the database is empty. Anything else is an error."""
    from coproduce.insights.models import Involvement
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person

    org = Organisation.objects.filter(slug=SLUG).first()
    if org is None:
        if Organisation.objects.exists():
            raise BenchError("The database holds other organisations: use one of its own (--database).")
        return False
    people = Person.objects.for_organisation(org).count()
    involvements = Involvement.objects.for_organisation(org).count()
    if (people, involvements) != (args.people, args.involvements):
        raise BenchError(
            f"The database holds {people:,} people and {involvements:,} involvements, not {args.people:,} and "
            f"{args.involvements:,}: run with --reseed to load it again."
        )
    return True


def data_summary() -> dict:
    """The counts of what the database holds, for the output (from the database, so a reused one says it too)."""
    from django.db.models import Count, Min, Q

    from coproduce.equality.models import EqualitySnapshot
    from coproduce.insights.models import Involvement
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Household, Person

    org = Organisation.objects.get(slug=SLUG)
    since = TODAY - dt.timedelta(days=365)
    rows = Involvement.objects.for_organisation(org).aggregate(
        all=Count("pk"),
        year=Count("pk", filter=Q(occurred_on__gt=since)),
        people=Count("person_id", distinct=True),
        people_year=Count("person_id", distinct=True, filter=Q(occurred_on__gt=since)),
        with_snapshot=Count("snapshot_id"),
        joined=Count("pk", filter=Q(kind="project")),
        first=Min("occurred_on"),
    )
    return {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.for_organisation(org).count(),
        "households": Household.objects.for_organisation(org).count(),
        "involvements": rows["all"],
        "involvements_12m": rows["year"],
        "people_involved": rows["people"],
        "people_involved_12m": rows["people_year"],
        "with_snapshot": rows["with_snapshot"],
        "project_joins": rows["joined"],
        "first_day": str(rows["first"]),
        "snapshots_all_organisations": EqualitySnapshot.objects.count(),
        "involvements_all_organisations": Involvement.objects.count(),
    }


# Measuring ------------------------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    action: Callable[[], object]
    queries: int | None = None
    before: Callable[[], object] | None = None  # run before each timed run, not timed (nor its queries counted)


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def count_queries(action: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def admin_client():
    from django.test import Client

    from coproduce.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=ADMIN_EMAIL))
    return client


def api_token() -> str:
    from coproduce.accounts.models import ApiToken
    from coproduce.accounts.services import api_token_create
    from coproduce.organisations.models import Membership

    membership = Membership.objects.get(user__email=ADMIN_EMAIL, organisation__slug=SLUG)
    ApiToken.objects.filter(membership=membership).delete()  # one per run: the raw key is shown only once
    _token, raw = api_token_create(membership=membership, name="bench")
    return raw


def page_cases(client, org, notes: list[str]) -> list[Case]:
    """The insights page and the representation API, cold and warm. Cold: the organisation's reports are declared
    changed (`cache.changed`) before each run, so each run works the report out as the first request after a register
    is taken would. Warm: the same request, made once untimed before each timed run, so the report is kept."""
    from django.urls import NoReverseMatch, reverse

    from coproduce.insights import cache as insights_cache

    def changed():
        insights_cache.changed(org.pk)

    requests: list[tuple[str, Callable[[], object]]] = []
    try:
        overview = reverse("insights:overview")
    except NoReverseMatch:
        notes.append("insights page: not measured (the URL name insights:overview does not exist yet)")
    else:
        requests.append(("insights page (last 12 months)", lambda: ok(client.get(overview))))
        requests.append(("insights page, all time", lambda: ok(client.get(overview, {"period": "all"}))))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token()}"}
    requests.append(("API: representation (last 12 months)", lambda: ok(client.get(API_PATH, **headers))))
    cases = []
    for name, request in requests:
        cases.append(Case(f"{name}, cold", request, before=changed))
        cases.append(Case(f"{name}, warm", request, before=request))
    return cases


def ok(response):
    if response.status_code != 200:
        raise BenchError(f"{response.request['PATH_INFO']} answered {response.status_code}.")
    return response


@dataclass
class Statement:
    sql: str
    params: tuple
    settings: list[str]  # the SET LOCAL statements sent before it in the same transaction
    ms: float
    caller: str  # the function of coproduce.insights that sent it


def statements_of(action: Callable[[], object]) -> list[Statement]:
    """Every statement the action sends, with its own time and the function of coproduce/insights that sent it."""
    import traceback

    from django.db import connection

    found: list[Statement] = []
    pending: list[str] = []

    def keep(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SET LOCAL"):
            pending.append(sql)
            return execute(sql, params, many, context)
        caller = "?"
        for frame in reversed(traceback.extract_stack()):
            if "coproduce/insights/" in frame.filename and "/management/" not in frame.filename:
                caller = f"{Path(frame.filename).stem}.{frame.name}"
                break
        began = time.perf_counter()
        result = execute(sql, params, many, context)
        ms = (time.perf_counter() - began) * 1000
        settings = list(pending) if connection.in_atomic_block else []
        found.append(Statement(sql, tuple(params or ()), settings, ms, caller))
        if not connection.in_atomic_block:
            pending.clear()
        return result

    with connection.execute_wrapper(keep):
        action()
    return found


def explain(scopes: dict[str, object], path: Path, top: int = 8) -> list[str]:
    """Each statement of `report.build` for each scope, slowest first, with its time; EXPLAIN (ANALYZE, BUFFERS) of
    the `top` slowest (run with the same SET LOCAL settings, in a transaction of their own). Full plans to `path`."""
    from django.db import connection, transaction

    from coproduce.insights import report

    summaries, full = [], []
    for name, scope in scopes.items():
        report.build(scope)  # the first run reads the tables into memory; time a later one
        statements = statements_of(lambda scope=scope: report.build(scope))
        total = sum(s.ms for s in statements)
        summaries.append(f"{name}: {len(statements)} statements, {total:,.0f} ms in the database; slowest first:")
        for rank, statement in enumerate(sorted(statements, key=lambda s: -s.ms)):
            line = f"{statement.ms:>8,.0f} ms  {statement.caller}"
            if rank >= top:
                summaries.append(f"    {line}")
                continue
            with transaction.atomic(), connection.cursor() as cursor:
                for setting in statement.settings:
                    cursor.execute(setting)
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.params)
                plan = [row[0] for row in cursor.fetchall()]
            summaries.append(f"    {line}: {plan_summary(plan)}")
            full += [f"== {name}: {statement.caller}, {statement.ms:,.0f} ms", *statement.settings, statement.sql,
                     f"-- parameters: {statement.params!r}", *plan, ""]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(full) + "\n")
    summaries.append(f"Full plans written to {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return summaries


def check_cache(notes: list[str]) -> str:
    """Empty the benchmark's Redis database (the cache of the process serving the pages); name the backend."""
    from django.core.cache import cache, caches

    backend = type(caches["default"]).__name__
    if "Redis" not in backend:
        raise BenchError(f"The cache is {backend}, not Redis: is REDIS_URL set (--redis-url)?")
    cache.clear()  # FLUSHDB of the database REDIS_URL names
    return f"{backend} at {os.environ['REDIS_URL']} (emptied at the start)"


def measure_refresh(runs: int) -> dict:
    """`manage.py refresh_insights <the organisation>`: every period's organisation-wide report worked out afresh."""
    from io import StringIO

    from django.core.management import call_command

    def refresh():
        call_command("refresh_insights", SLUG, stdout=StringIO())

    queries = count_queries(refresh)
    seconds = [timed(refresh) / 1000 for _run in range(runs)]
    return {"runs": runs, "seconds": seconds, "median_s": statistics.median(seconds), "queries": queries}


def measure(args: argparse.Namespace) -> dict:
    from django.db import connection

    from coproduce.insights import report
    from coproduce.insights.representation import representation_tables
    from coproduce.insights.scope import Scope
    from coproduce.organisations.models import Hub, Organisation

    org = Organisation.objects.get(slug=SLUG)
    hub = Hub.objects.filter(organisation=org).order_by("name").first()
    notes: list[str] = []
    cache_backend = check_cache(notes)

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    builds = {
        "report.build, last 12 months (uncached)": Scope(org),
        "report.build, all time (uncached)": Scope(org, period="all"),
    }
    scopes = {
        "representation_tables, last 12 months": Scope(org),
        "representation_tables, all time": Scope(org, period="all"),
        "representation_tables, one hub, 12 months": Scope(org, hub=hub),
    }
    cases = [Case("SELECT 1 (baseline)", select_one)]
    cases += [Case(name, lambda scope=scope: report.build(scope)) for name, scope in builds.items()]
    cases += [Case(name, lambda scope=scope: representation_tables(scope)) for name, scope in scopes.items()]
    client = admin_client()
    cases += page_cases(client, org, notes)
    for case in cases:
        case.action()  # the first run may fill caches; count the queries of a later one
        if case.before:
            case.before()
        case.queries = count_queries(case.action)
    for _warm in range(args.warmup):
        for case in cases:
            if case.before:
                case.before()
            case.action()
    timings: dict[str, list[float]] = {case.name: [] for case in cases}
    loads = [os.getloadavg()[0]]
    rng = random.Random(7)
    for _round in range(args.rounds):
        order = cases[:]
        rng.shuffle(order)
        for case in order:
            if case.before:
                case.before()
            timings[case.name].append(timed(case.action))
        loads.append(os.getloadavg()[0])
    base = sorted(timings[cases[0].name])
    base_median, base_p95 = statistics.median(base), percentile(base, 95)
    results = []
    for case in cases:
        values = sorted(timings[case.name])
        median, p95 = statistics.median(values), percentile(values, 95)
        results.append(
            {
                "case": case.name,
                "queries": case.queries,
                "median_ms": median,
                "p95_ms": p95,
                "median_ratio": median / base_median,
                "p95_ratio": p95 / base_p95,
            }
        )
    refresh = measure_refresh(args.refresh_runs) if args.refresh_runs else None
    if refresh:
        refresh["ratio"] = refresh["median_s"] * 1000 / base_median
    loads.append(os.getloadavg()[0])
    explained = {**builds, "report.build, one hub, 12 months": Scope(org, hub=hub)}
    plans = explain(explained, ROOT / "bench" / "results" / "insights_explain.txt") if args.explain else []
    return {"rounds": args.rounds, "warmup": args.warmup, "results": results, "notes": notes, "plans": plans,
            "baseline_ms": base_median, "refresh": refresh, "cache": cache_backend,
            "load_during": [min(loads), max(loads)]}  # fmt: skip


# The export, in a process of its own so that its peak memory is its own -------------------------------------------


def export_path(notes: list[str]) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("insights:export", args=["involvements", "csv"]) + "?period=all"
    except NoReverseMatch:
        notes.append("export: not measured (the URL name insights:export does not exist yet)")
        return None


def memory_kib() -> tuple[int, int]:
    """(resident set size now, its peak) of this process, in KiB. From /proc on Linux: getrusage's ru_maxrss would
    include the parent's memory at the fork, which hides growth smaller than the parent. Elsewhere, ru_maxrss."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak, peak
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def export_child(path: str) -> int:
    """Runs in the child process: fetch the export, count its bytes and lines, print figures as JSON."""
    client = admin_client()
    rss_before, peak_before = memory_kib()
    began = time.perf_counter()
    response = client.get(path)
    first_byte = time.perf_counter() - began
    size = lines = 0
    streamed = bool(getattr(response, "streaming", False))
    chunks = response.streaming_content if streamed else [response.content]
    with open(os.devnull, "wb") as sink:
        for chunk in chunks:
            data = chunk if isinstance(chunk, bytes) else bytes(chunk)
            sink.write(data)
            size += len(data)
            lines += data.count(b"\n")
    seconds = time.perf_counter() - began
    _rss_after, peak_after = memory_kib()
    print(json.dumps({"status": response.status_code, "streamed": streamed, "bytes": size, "lines": lines,
                      "seconds": seconds, "first_byte_seconds": first_byte, "rss_before_kib": rss_before,
                      "peak_before_kib": peak_before, "rss_peak_kib": peak_after}))  # fmt: skip
    return 0


def measure_export(args: argparse.Namespace, database_url: str, static_root: str, baseline_ms: float) -> dict | None:
    notes: list[str] = []
    path = export_path(notes)
    if path is None:
        return {"notes": notes}
    runs = []
    for _run in range(args.export_runs):
        env = {**os.environ, "BENCH_INSIGHTS_CHILD_URL": database_url, "BENCH_INSIGHTS_CHILD_STATIC": static_root}
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--export-child", path],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            raise BenchError(f"The export process failed:\n{child.stderr[-3000:]}")
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        if figures["status"] != 200:
            notes.append(f"export: not measured ({path} answered {figures['status']}: not written yet)")
            return {"notes": notes}
        runs.append(figures)
    best = min(runs, key=lambda run: run["seconds"])
    return {
        "path": path,
        "runs": runs,
        "seconds": [run["seconds"] for run in runs],
        "rows": best["lines"] - 1,
        "ratio": best["seconds"] * 1000 / baseline_ms,
        "notes": notes,
    }


# Output ---------------------------------------------------------------------------------------------------------


def print_results(figures: dict, export: dict | None) -> None:
    log("")
    log(
        f"Insights of the organisation, Django in this process (no server), signed in as an administrator; "
        f"median and p95 of {figures['rounds']} rounds after {figures['warmup']} warm-up rounds"
    )
    header = f"{'case':<48} {'queries':>7} {'median ms':>10} {'p95 ms':>9} {'median ×':>9} {'p95 ×':>8}"
    log(header)
    log("-" * len(header))
    for row in figures["results"]:
        log(
            f"{row['case']:<48} {row['queries']:>7} {row['median_ms']:>10.2f} {row['p95_ms']:>9.2f} "
            f"{row['median_ratio']:>9,.0f} {row['p95_ratio']:>8,.0f}"
        )
    log("× = ratio to SELECT 1 through Django's connection, measured in the same rounds of this run.")
    log(
        "cold: the organisation's reports declared changed (cache.changed) before each run, so the report is worked "
        "out; warm: the same request made once, untimed, before each run, so the report is kept."
    )
    log(f"Cache: {figures['cache']}. Load average during the rounds: {figures['load_during'][0]:.1f} to "
        f"{figures['load_during'][1]:.1f} (1-minute).")  # fmt: skip
    refresh = figures.get("refresh")
    if refresh:
        log(
            f"refresh_insights {SLUG} (every period's report afresh): median {refresh['median_s']:.1f} s of "
            f"{refresh['runs']} runs ({', '.join(f'{s:.1f}' for s in refresh['seconds'])} s; "
            f"{refresh['ratio']:,.0f} × the baseline), {refresh['queries']} SQL queries"
        )
    for note in figures["notes"]:
        log(f"Not measured: {note}")
    if export is not None:
        for note in export.get("notes", []):
            log(f"Not measured: {note}")
        if export.get("runs"):
            log("")
            log(f"Export {export['path']} ({export['rows']:,} rows), streamed to /dev/null in a separate process:")
            for run in export["runs"]:
                log(
                    f"  {run['seconds']:.1f} s ({run['seconds'] * 1000 / figures['baseline_ms']:,.0f} × the "
                    f"baseline), first byte after {run['first_byte_seconds'] * 1000:.0f} ms, "
                    f"{run['bytes'] / 1024 / 1024:.1f} MiB, {'streamed' if run['streamed'] else 'NOT streamed'}; "
                    f"RSS {run['rss_before_kib'] / 1024:.0f} MiB before the request, peak "
                    f"{run['rss_peak_kib'] / 1024:.0f} MiB by the end "
                    f"(+{(run['rss_peak_kib'] - run['rss_before_kib']) / 1024:.0f} MiB)"
                )
    if figures["plans"]:
        log("")
        log("The statements of report.build, slowest first, with EXPLAIN (ANALYZE, BUFFERS) of the slowest:")
        for line in figures["plans"]:
            log(f"  {line}")


def print_data(data: dict) -> None:
    log(
        f"Data: {data['people']:,} people ({data['households']:,} households), {data['involvements']:,} involvements "
        f"since {data['first_day']} ({data['involvements_12m']:,} in the last 12 months, of "
        f"{data['people_involved_12m']:,} people; {data['people_involved']:,} people in all; "
        f"{data['with_snapshot']:,} with an equality snapshot; "
        f"{data['project_joins']:,} project joins); {data['organisations']} organisations, "
        f"{data['involvements_all_organisations']:,} involvements and {data['snapshots_all_organisations']:,} "
        "snapshots in all. Involvement source ids are fresh ids: no Attendance or ProjectStakeholder rows were made."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark database and load the data again")
    parser.add_argument("--database", default=DATABASE, help=f"the database to use (default {DATABASE})")
    parser.add_argument("--people", type=int, default=100_000, help="people (default 100,000)")
    parser.add_argument("--involvements", type=int, default=1_000_000, help="involvement records (default 1,000,000)")
    parser.add_argument("--activities", type=int, default=20_000, help="activities (default 20,000)")
    parser.add_argument("--rounds", type=int, default=15, help="measured rounds (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="uncounted rounds first (default 2)")
    parser.add_argument("--export-runs", type=int, default=1, help="runs of the export (default 1; 0 skips it)")
    parser.add_argument(
        "--explain", action="store_true", help="also time each statement of report.build and EXPLAIN the slowest"
    )
    parser.add_argument(
        "--refresh-runs", type=int, default=3, help="runs of refresh_insights for the organisation (default 3; 0 skips)"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", REDIS_URL),
        help=f"the Redis database used as the cache, emptied at the start (default {REDIS_URL})",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--export-child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.export_child:
        setup_django(os.environ["BENCH_INSIGHTS_CHILD_URL"], os.environ["BENCH_INSIGHTS_CHILD_STATIC"])
        return export_child(args.export_child)
    if min(args.people, args.activities) < 100 or args.involvements < args.people or args.rounds < 1:
        parser.error("--people and --activities must be at least 100, --involvements at least --people")
    if "bench" not in args.database:
        parser.error("--database must name a database whose name says 'bench'")

    url = conninfo(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL), args.database)
    os.environ["REDIS_URL"] = args.redis_url  # read by the settings, as in production; the export child inherits it
    host = machine()
    load = os.getloadavg()[0]
    started_at = dt.datetime.now(dt.UTC)
    static_root = tempfile.mkdtemp(prefix="coproduce-bench-static-")
    loaded_seconds = None
    try:
        ensure_database(url, reseed=args.reseed)
        setup_django(url, static_root)
        from django.core.management import call_command
        from django.db import connection

        began = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        log(f"Migrated and collected static files in {time.perf_counter() - began:.1f} s")
        if not check_loaded(args):
            log(f"Loading the data into {args.database}:")
            _made, loaded_seconds = load_all(args)
            log(f"Loaded the data in {loaded_seconds:.1f} s (with VACUUM (ANALYZE))")
        else:
            log(f"Reusing the data in {args.database} (--reseed loads it again)")
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
        data = data_summary()
        figures = measure(args)
        export = measure_export(args, url, static_root, figures["baseline_ms"]) if args.export_runs else None
    except BenchError as error:
        log(f"Error: {error}")
        return 2
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    log("")
    log(
        f"{started_at:%Y-%m-%d %H:%M} UTC, {code_version()}; {host['cpus']} CPUs ({host['cpu_model']}), "
        f"{host['memory_gib']} GiB; Python {host['python']}; PostgreSQL {postgresql}; load average {load:.1f} at the "
        f"start, {os.getloadavg()[0]:.1f} at the end"
    )
    print_data(data)
    print_results(figures, export)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(
            json.dumps(
                {
                    "started_at": started_at.isoformat(),
                    "code": code_version(),
                    "machine": host,
                    "postgresql": postgresql,
                    "load_seconds": loaded_seconds,
                    "data": data,
                    **figures,
                    "export": export,
                },
                indent=2,
                default=str,
            )
            + "\n"
        )
        log(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
