# ruff: noqa: E402 (imports follow the sys.path fix below)
"""Activity page benchmark: an activity with 500 replies, and the pages that read them, on PostgreSQL.

    .venv/bin/python bench/activity_page.py [--people 500] [--small 50] [--rounds 30] [--warmup 3]
                                            [--keep-database] [--json bench/results/activity_page.json]

Data: one organisation with a project, a venue (no step-free access, no crèche) and an activity happening now, in
person and online, with places for 80 % of the people invited (400 for 500). --people people are invited: 85 % say
yes (those past the places are on the waiting list), 5 % maybe, 4 % no, the rest have not replied; three in ten have
access needs (childcare, with children under 5 in their household; a Polish interpreter; step-free access; others),
which the activity does not provide, so the barrier check has a to-do list (one line ticked off). The register is
partly taken (60 % of the people with a place, 90 % of them came) with walk-ins; a "When suits you?" poll has three
times answered by three in four of the people invited; there are contributions, a payment policy and payment lines
(payments for time, travel and childcare expenses), and photo consents. A second activity, made the same way with
--small people invited, shows whether the number of SQL queries grows with the number of people.

Pages: through Django's test client (no server), signed in as a co-production lead (REQUIRE_STAFF_MFA is off here,
as in bench/http.py: the second factor is asked once per sign-in, not per request): the activity page, the barrier
check, the register, the poll's results page, and the API's list of replies (first page, with an API token of the
same lead). The baseline is a primary-key lookup of the activity. The pages and the baseline take turns, in a shuffled
order, in every round, so whatever else the machine does affects them alike. Each page's SQL queries are counted
(CaptureQueriesContext) for both activities.

Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/coproduce_bench) names the PostgreSQL
server. The benchmark makes a throwaway database of its own on it (coproduce_bench_activity_<random>), migrates it,
and drops it at the end (--keep-database keeps it), so it leaves nothing behind in the database the URL names.
Figures are printed, never asserted: see docs/performance.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/activity_page.py` puts bench/ first on sys.path, where bench/http.py would hide the standard
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
from dataclasses import dataclass, field
from decimal import Decimal

import psycopg
from psycopg import sql

from bench.http import (
    DEFAULT_DATABASE_URL,
    BenchError,
    code_version,
    conninfo,
    log,
    machine,
    percentile,
)

SLUG = "bench-activity-page"
LEAD_EMAIL = "bench.activity.lead@example.org"
# Of the people invited: (reply, share); whoever is left over has not replied. Yes is more than the places, so
# there is a waiting list.
PLACES_SHARE = 0.8
YES_SHARE, MAYBE_SHARE, NO_SHARE = 0.85, 0.05, 0.04
NEEDS_SHARE = 0.3  # people with access needs recorded
REGISTER_SHARE, CAME_SHARE, WALK_IN_SHARE = 0.6, 0.9, 0.04
POLL_ANSWER_SHARE = 0.75
CONTRIBUTION_SHARE = 0.12
API_PAGE = 100  # coproduce/engagement/api_replies.py: @paginate(page_size=100)
THEMES = ["Getting there", "Feeling welcome", "Childcare", "Information and language"]


def setup_django(database_url: str, static_root: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
            "DJANGO_DEBUG": "false",  # DEBUG would keep every query in memory
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "testserver",  # Django's test client
            "SITE_URL": "http://testserver",
            "SECURE_SSL_REDIRECT": "false",  # no TLS in the test client
            "REQUIRE_STAFF_MFA": "false",  # the second factor is asked once per sign-in, not per request
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "STATIC_ROOT": static_root,  # production static files (hashed names, a manifest), collected below
        }
    )
    os.environ.pop("DEMO_DATA_ALLOWED", None)
    import django

    django.setup()


# Database ------------------------------------------------------------------------------------------------------


def create_database(url: str) -> str:
    """Make a throwaway database next to the one the URL names; returns its name."""
    name = f"coproduce_bench_activity_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(conninfo(url, "postgres"), autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(f"Cannot create a database on the server of BENCH_DATABASE_URL: {exc}") from exc
    log(f"Created database {name}")
    return name


def drop_database(url: str, name: str) -> None:
    from django.apps import apps

    if apps.ready:
        from django.db import connections

        connections.close_all()
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    log(f"Dropped database {name}")


# Data ----------------------------------------------------------------------------------------------------------


@dataclass
class Made:
    """One benchmark activity and what was made for it."""

    activity: object
    poll: object
    invited: int
    replies: dict[str, int] = field(default_factory=dict)
    with_needs: dict[str, int] = field(default_factory=dict)
    attendance: int = 0
    came: int = 0
    walk_ins: int = 0
    poll_answers: int = 0
    contributions: int = 0
    payment_lines: int = 0
    todo: int = 0


def make_organisation():
    """The organisation, its lead (with an API token), a hub, a project, a venue, themes and the payment policy."""
    from coproduce.accounts.models import User
    from coproduce.accounts.services import api_token_create
    from coproduce.consent.models import PrivacyNotice
    from coproduce.contributions.models import Theme
    from coproduce.engagement.models import Venue
    from coproduce.organisations.models import Hub, Membership, Organisation, Role
    from coproduce.organisations.services import organisation_seed_defaults
    from coproduce.payments.models import PaymentPolicy
    from coproduce.projects.models import Project

    org = Organisation.objects.create(name="Bench activity page", slug=SLUG)
    organisation_seed_defaults(organisation=org)
    # As tests/cast.py make_member does, without a password: the test client signs in with force_login.
    lead = User.objects.create_user(LEAD_EMAIL, None, full_name="Bench Lead")
    membership = Membership.objects.create(organisation=org, user=lead, role=Role.LEAD)
    _token, raw_token = api_token_create(membership=membership, name="bench")
    hub = Hub.objects.create(organisation=org, name="Bench Central Family Hub", postcode="NB1 1AA")
    project = Project.objects.create(
        organisation=org, title="A family hub that feels welcoming", goal="Families feel welcome at the hub."
    )
    venue = Venue.objects.create(
        organisation=org,
        name="Bench Central Family Hub, main hall",
        address="1 High Street, Northby",
        postcode="NB1 1AA",
        hub=hub,
        accessible_toilet=True,
        baby_change=True,
        public_transport=True,
    )
    themes = Theme.objects.bulk_create(Theme(organisation=org, name=name) for name in THEMES)
    PaymentPolicy.objects.create(
        organisation=org,
        basis=PaymentPolicy.Basis.HOUR,
        rate_pence=1500,
        benefits_note="Payments for your time can affect some benefits.",
        advice_signposting="Citizens Advice Northby, 0808 000 0000.",
    )
    notice = PrivacyNotice.objects.create(
        organisation=org, version="1", published_on=dt.date(2026, 1, 1), summary="How we use your information."
    )
    return org, lead, raw_token, hub, project, venue, themes, notice


def make_people(org, hub, groups, count: int, rng: random.Random, tag: str) -> tuple[list, dict, dict[str, int]]:
    """`count` people, three in ten with access needs; households for the childcare ones (a child under 5) and for
    some others (older children). Returns the people, the kind of need of each person with needs, and how many
    have each kind."""
    from django.utils import timezone

    from coproduce.core.demo import FIRST_NAMES, LAST_NAMES, LETTERS, POSTCODE_DISTRICTS
    from coproduce.core.models import uuid7
    from coproduce.people.models import AccessNeeds, Child, Household, Person

    today = timezone.localdate()
    people, households, children, needs = [], [], [], []
    need_of: dict = {}
    kinds = {"childcare": 0, "interpreter": 0, "step_free": 0, "other": 0}
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        person = Person(
            id=uuid7(),
            organisation=org,
            full_name=f"{first} {last}",
            email=f"{first}.{last}.{tag}{index}@example.net".lower().replace("'", "") if index % 5 else "",
            phone=f"07700 9{index % 100_000:05d}",
            postcode=f"{rng.choice(POSTCODE_DISTRICTS)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}",
            contact_by_email=bool(index % 5),
            contact_by_text=not index % 5,
        )
        person.postcode_compact = person.postcode.replace(" ", "")
        share = rng.random()
        kind = None
        if share < NEEDS_SHARE:
            kind = ("childcare", "childcare", "interpreter", "step_free", "other")[int(share / NEEDS_SHARE * 5)]
            kinds[kind] += 1
            need_of[person.pk] = kind
        if kind == "childcare" or rng.random() < 0.3:
            household = Household(id=uuid7(), organisation=org, name=f"{last} family")
            households.append(household)
            person.household, person.household_role = household, "parent"
            if kind == "childcare":
                born = today - dt.timedelta(days=rng.randint(200, 4 * 365))
                children.append(Child(organisation=org, household=household, date_of_birth=born))
            children.append(Child(organisation=org, household=household, age_band=rng.choice(["5-10", "11-15"])))
        if kind is not None:
            fields = {
                "childcare": {"childcare": True, "not_school_run": True},
                "interpreter": {"interpreter": True, "interpreter_language": "Polish"},
                "step_free": {"step_free": True, "accessible_toilet": rng.random() < 0.5},
                "other": {rng.choice(["large_print", "quiet_space", "travel_costs", "easy_read"]): True},
            }[kind]
            if kind == "interpreter":
                person.languages = "Polish"
            needs.append(AccessNeeds(organisation=org, person=person, **fields))
        people.append(person)
    Household.objects.bulk_create(households)
    Person.objects.bulk_create(people)
    Child.objects.bulk_create(children)
    AccessNeeds.objects.bulk_create(needs)
    Person.hubs.through.objects.bulk_create(Person.hubs.through(person_id=p.pk, hub_id=hub.pk) for p in people)
    Person.stakeholder_groups.through.objects.bulk_create(
        Person.stakeholder_groups.through(person_id=p.pk, stakeholdergroup_id=rng.choice(groups).pk) for p in people
    )
    return people, need_of, kinds


def make_activity(org, lead, hub, groups, project, venue, themes, notice, count: int, seed: int) -> Made:
    """An activity with `count` people invited and everything the pages show (see the module docstring)."""
    from django.utils import timezone

    from coproduce.consent.models import Consent, Purpose
    from coproduce.contributions.models import Contribution
    from coproduce.core.models import uuid7
    from coproduce.engagement.models import (
        Activity,
        ActivityKind,
        Attendance,
        BarrierToDo,
        HeardAbout,
        Invitation,
        Poll,
        PollAnswer,
        PollSlot,
        Reply,
    )
    from coproduce.engagement.services.barriers import activity_barriers
    from coproduce.payments.models import PaymentLine, PaymentMethod

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    walk_in_count = round(count * WALK_IN_SHARE)
    people, need_of, kinds = make_people(org, hub, groups, count + walk_in_count, rng, tag=f"{count}-")
    invited_people, walk_in_people = people[:count], people[count:]
    places = max(1, round(count * PLACES_SHARE))
    activity = Activity.objects.create(
        organisation=org,
        project=project,
        title=f"What would make the hub feel welcoming? ({count:,} invited)",
        kind=ActivityKind.WORKSHOP,
        description="A morning to share ideas over coffee. Children are welcome.",
        # Happening now, so the warnings, the barrier check and the register all apply.
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
        capacity=places,
        join_in_person=True,
        venue=venue,
        join_online=True,
        online_link="https://meet.example.org/bench-welcome",
        food=True,
        travel_costs_paid=True,
        lead_on_duty=lead,
        children_present=True,
        ratio_adults=1,
        ratio_children=4,
        reminder_minutes=list(Activity.DEFAULT_REMINDER_MINUTES),
        created_by=lead,
    )
    activity.hubs.set([hub])
    activity.stakeholder_groups.set(groups[:2])
    activity.facilitators.set([lead])

    # Replies, in the order people replied: yes past the places means the waiting list.
    order = invited_people[:]
    rng.shuffle(order)
    yes, maybe, no = round(count * YES_SHARE), round(count * MAYBE_SHARE), round(count * NO_SHARE)
    sent_at = now - dt.timedelta(days=21)
    invitations = []
    for index, person in enumerate(order):
        if index < yes:
            reply = Reply.YES
        elif index < yes + maybe:
            reply = Reply.MAYBE
        elif index < yes + maybe + no:
            reply = Reply.NO
        else:
            reply = Reply.INVITED
        joining = ""
        if reply in (Reply.YES, Reply.MAYBE):
            joining = "online" if rng.random() < 0.2 and person.pk not in need_of else "in_person"
        invitations.append(
            Invitation(
                id=uuid7(),
                organisation=org,
                activity=activity,
                person=person,
                reply=reply,
                joining=joining,
                on_waiting_list=reply == Reply.YES and index >= places,
                replied_at=sent_at + dt.timedelta(minutes=20 * index) if reply != Reply.INVITED else None,
                invited_by=lead,
                channel="email" if person.email else "sms",
            )
        )
    Invitation.objects.bulk_create(invitations)
    coming = [inv for inv in invitations if inv.reply == Reply.YES and not inv.on_waiting_list]

    # The register: partly taken, with walk-ins.
    on_register = coming[: round(len(coming) * REGISTER_SHARE)]
    lines = []
    for index, invitation in enumerate(on_register):
        attended = index < round(len(on_register) * CAME_SHARE)
        provided = {}
        kind = need_of.get(invitation.person.pk)
        if kind in ("childcare", "interpreter", "step_free"):
            provided[kind] = kind == "childcare" and rng.random() < 0.5
        lines.append(
            Attendance(
                id=uuid7(),
                organisation=org,
                activity=activity,
                person=invitation.person,
                invitation=invitation,
                attended=attended,
                hours=Decimal("2.00") if attended else None,
                needs_provided=provided,
                recorded_by=lead,
            )
        )
    for person in walk_in_people:
        lines.append(
            Attendance(
                id=uuid7(),
                organisation=org,
                activity=activity,
                person=person,
                attended=True,
                walk_in=True,
                heard_about=rng.choice(HeardAbout.values),
                hours=Decimal("1.50"),
                recorded_by=lead,
            )
        )
    Attendance.objects.bulk_create(lines)
    came = [line for line in lines if line.attended]

    # Photo consents for about half of everyone (some refused).
    Consent.objects.bulk_create(
        Consent(
            organisation=org,
            person=person,
            purpose=Purpose.PHOTOS,
            status="given" if rng.random() < 0.8 else "refused",
            method="paper",
            recorded_by=lead,
            privacy_notice=notice,
        )
        for person in people
        if rng.random() < 0.5
    )

    # Payments: for time, for everyone who came (some paid, some declined), and travel and childcare expenses.
    payment_lines = []
    for line in came:
        status = rng.choices(["due", "paid", "declined"], weights=(6, 3, 1))[0]
        payment_lines.append(
            PaymentLine(
                organisation=org,
                person=line.person,
                activity=activity,
                attendance=line,
                project=project,
                kind=PaymentLine.Kind.HONORARIUM,
                amount_pence=int(line.hours * 1500),
                method=PaymentMethod.VOUCHER if status != "declined" else "",
                status=status,
                benefits_note_shown_at=now if status != "declined" else None,
                paid_on=today if status == "paid" else None,
                recorded_by=lead,
            )
        )
        expenses = []
        if rng.random() < 0.15:
            expenses.append((PaymentLine.Kind.TRAVEL, rng.randint(300, 1200)))
        if need_of.get(line.person.pk) == "childcare":
            expenses.append((PaymentLine.Kind.CHILDCARE, 1500))
        for kind, pence in expenses:
            receipt = rng.random() < 0.7
            payment_lines.append(
                PaymentLine(
                    organisation=org,
                    person=line.person,
                    activity=activity,
                    project=project,
                    kind=kind,
                    amount_pence=pence,
                    method=PaymentMethod.BANK_TRANSFER,
                    receipt_received=receipt,
                    receipt_reference="Receipt on file" if receipt else "",
                    recorded_by=lead,
                )
            )
    PaymentLine.objects.bulk_create(payment_lines)

    # Contributions, with themes.
    contributions = []
    for index in range(max(1, round(count * CONTRIBUTION_SHARE))):
        person = rng.choice(came).person if index % 4 else None
        contributions.append(
            Contribution(
                id=uuid7(),
                organisation=org,
                project=project,
                activity=activity,
                person=person,
                kind=rng.choice(["note", "idea", "quote", "story"]),
                text=rng.choice(
                    [
                        "A quiet corner for feeding would help.",
                        "Signs in Polish at the door, please.",
                        "The ramp at the side door is hard to find.",
                        "Sessions after the school run suit us better.",
                    ]
                ),
                gathered=Contribution.Gathered.ACTIVITY,
                is_anonymous=person is None,
                recorded_by=lead,
                checked_by_person=person is not None and rng.random() < 0.5,
            )
        )
    Contribution.objects.bulk_create(contributions)
    Contribution.themes.through.objects.bulk_create(
        Contribution.themes.through(contribution_id=contribution.pk, theme_id=theme.pk)
        for contribution in contributions
        for theme in rng.sample(themes, k=rng.randint(1, 2))
    )

    # A "When suits you?" poll for the next session: three times, answered by three in four of the people invited.
    monday = today + dt.timedelta(days=7 - today.weekday())
    poll = Poll.objects.create(
        organisation=org, activity=activity, question="When suits you for the next one?", closes_on=monday
    )
    slots = PollSlot.objects.bulk_create(
        PollSlot(
            organisation=org,
            poll=poll,
            starts_at=timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=day), start)),
            ends_at=timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=day), end)),
        )
        for day, start, end in (
            (1, dt.time(10, 0), dt.time(11, 30)),
            (3, dt.time(12, 30), dt.time(14, 0)),
            (3, dt.time(18, 0), dt.time(19, 30)),
        )
    )
    answering = [person for person in invited_people if rng.random() < POLL_ANSWER_SHARE]
    PollAnswer.objects.bulk_create(
        PollAnswer(
            organisation=org,
            slot=slot,
            person=person,
            answer=rng.choices(PollAnswer.Answer.values, weights=(5, 2, 3))[0],
            via=PollAnswer.Via.LINK if person.email else PollAnswer.Via.TEXT,
        )
        for person in answering
        for slot in slots
    )

    # One line of the barrier check's to-do list ticked off.
    todo = activity_barriers(activity).todo
    if todo:
        BarrierToDo.objects.create(
            organisation=org, activity=activity, key=todo[0].todo.key, done_by=lead, note="Arranged with the hub"
        )
    replies = {
        "coming": len(coming),
        "waiting list": sum(1 for inv in invitations if inv.on_waiting_list),
        "maybe": maybe,
        "no": no,
        "not replied": count - yes - maybe - no,
    }
    return Made(
        activity=activity,
        poll=poll,
        invited=count,
        replies=replies,
        with_needs=kinds,
        attendance=len(lines),
        came=len(came),
        walk_ins=len(walk_in_people),
        poll_answers=len(answering),
        contributions=len(contributions),
        payment_lines=len(payment_lines),
        todo=len(todo),
    )


# Measuring -----------------------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    expect: str  # text the answer must contain, checked once before measuring (for the API: the count)
    api: bool = False


def pages_for(made: Made) -> list[Page]:
    activity_id, poll_id = made.activity.pk, made.poll.pk
    return [
        Page("activity page", f"/activities/{activity_id}/", made.activity.title),
        Page("barrier check", f"/activities/{activity_id}/barriers/", "Polish"),
        Page("register", f"/activities/{activity_id}/register/", "Register"),
        Page("poll results", f"/polls/{poll_id}/", "When suits you for the next one?"),
        Page(f"replies API, first page of {API_PAGE}", f"/api/v1/activities/{activity_id}/replies", "", api=True),
    ]


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def measure(made: Made, small: Made, lead, raw_token: str, rounds: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coproduce.engagement.models import Activity

    client = Client()
    client.force_login(lead)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_token}"}
    failures: dict[str, int] = {}

    def get(page: Page):
        response = client.get(page.path, **headers) if page.api else client.get(page.path)
        if response.status_code != 200:
            failures[page.path] = failures.get(page.path, 0) + 1
        return response

    large_pages, small_pages = pages_for(made), pages_for(small)
    checks = [(page, made.invited) for page in large_pages] + [(page, small.invited) for page in small_pages]
    for page, invited in checks:
        response = get(page)
        if response.status_code != 200:
            raise BenchError(f"{page.path} answered {response.status_code}.")
        if page.api and response.json().get("count") != invited:
            raise BenchError(f"{page.path} counted {response.json().get('count')} replies, not {invited}.")
        if not page.api and page.expect not in response.content.decode():
            raise BenchError(f"{page.path} answered without {page.expect!r}.")

    def queries(page: Page) -> int:
        get(page)  # the first request of a page may fill caches; count a later one
        with CaptureQueriesContext(connection) as captured:
            get(page)
        return len(captured)

    pairs = zip(large_pages, small_pages, strict=True)
    counts = {page.name: (queries(small_page), queries(page)) for page, small_page in pairs}

    pk = made.activity.pk
    rng = random.Random(5)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("primary-key lookup (baseline)", lambda: Activity.objects.get(pk=pk))
    ]
    for page in large_pages:
        cases.append((page.name, lambda page=page: get(page)))
    cases.append((f"activity page, {small.invited:,} invited", lambda page=small_pages[0]: get(page)))
    for _warm in range(warmup):
        for _label, action in cases:
            action()
    timings: dict[str, list[float]] = {label: [] for label, _action in cases}
    for _round in range(rounds):
        order = cases[:]
        rng.shuffle(order)
        for label, action in order:
            timings[label].append(timed(action) * 1000)
    base = sorted(timings[cases[0][0]])
    base_median, base_p95 = statistics.median(base), percentile(base, 95)
    query_counts = {name: large for name, (_small, large) in counts.items()}
    query_counts[f"activity page, {small.invited:,} invited"] = counts["activity page"][0]
    query_counts[cases[0][0]] = 1
    results = []
    for label, _action in cases:
        values = sorted(timings[label])
        median, p95 = statistics.median(values), percentile(values, 95)
        results.append(
            {
                "page": label,
                "queries": query_counts[label],
                "median_ms": median,
                "p95_ms": p95,
                "median_ratio": median / base_median,
                "p95_ratio": p95 / base_p95,
            }
        )
    bounded = [{"page": name, "small": small_count, "large": large} for name, (small_count, large) in counts.items()]
    return {"rounds": rounds, "results": results, "bounded": bounded, "failures": failures}


# Output --------------------------------------------------------------------------------------------------------


def print_data(made: Made) -> None:
    replies = ", ".join(f"{value:,} {key}" for key, value in made.replies.items())
    needs = made.with_needs
    log(
        f"Activity with {made.invited:,} invited ({made.activity.capacity:,} places): {replies}. Access needs: "
        f"{needs['childcare']} childcare (child under 5 at home), {needs['interpreter']} Polish interpreter, "
        f"{needs['step_free']} step-free, {needs['other']} other; {made.todo} lines on the barrier to-do list. "
        f"Register: {made.attendance:,} lines, {made.came:,} came ({made.walk_ins} walk-ins). Poll: 3 times, "
        f"{made.poll_answers:,} people answered. {made.contributions} contributions, {made.payment_lines:,} payment "
        "lines."
    )


def print_results(figures: dict, made: Made, small: Made) -> None:
    log("")
    log(
        f"Pages of the activity with {made.invited:,} invited, signed in as a co-production lead (Django test "
        f"client, no server), {figures['rounds']} rounds"
    )
    header = f"{'page':<36} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'median ×':>9} {'p95 ×':>7}"
    log(header)
    log("-" * len(header))
    for row in figures["results"]:
        log(
            f"{row['page']:<36} {row['queries']:>7} {row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} "
            f"{row['median_ratio']:>9.1f} {row['p95_ratio']:>7.1f}"
        )
    log("× = ratio to the primary-key lookup of the activity, measured in the same rounds of this run.")
    log("")
    log(f"SQL queries per page, for {small.invited:,} and {made.invited:,} people invited")
    header = f"{'page':<36} {small.invited:>7,} {made.invited:>7,}  bounded"
    log(header)
    log("-" * len(header))
    for row in figures["bounded"]:
        same = "yes" if row["small"] == row["large"] else f"no (+{row['large'] - row['small']})"
        log(f"{row['page']:<36} {row['small']:>7} {row['large']:>7}  {same}")
    if figures["failures"]:
        log(f"Answers other than 200: {figures['failures']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=500, help="people invited to the activity (default 500)")
    parser.add_argument(
        "--small", type=int, default=50, help="people invited to the second activity, to compare queries (default 50)"
    )
    parser.add_argument("--rounds", type=int, default=30, help="measured rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="uncounted rounds first (default 3)")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the throwaway database at the end")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    if min(args.people, args.small) < 20 or args.rounds < 1 or args.warmup < 0:
        parser.error("--people and --small must be at least 20, --rounds at least 1 and --warmup at least 0")

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

        from coproduce.stakeholders.models import StakeholderGroup

        began = time.perf_counter()
        org, lead, raw_token, hub, project, venue, themes, notice = make_organisation()
        groups = list(StakeholderGroup.objects.for_organisation(org).order_by("name"))
        shared = (org, lead, hub, groups, project, venue, themes, notice)
        made = make_activity(*shared, count=args.people, seed=500)
        small = make_activity(*shared, count=args.small, seed=50)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
        log(f"Made the data in {time.perf_counter() - began:.1f} s")
        figures = measure(made, small, lead, raw_token, args.rounds, args.warmup)
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
    print_data(made)
    print_results(figures, made, small)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(
            json.dumps(
                {
                    "started_at": started_at.isoformat(),
                    "code": code_version(),
                    "machine": host,
                    "postgresql": postgresql,
                    "people": args.people,
                    "small": args.small,
                    "data": {key: value for key, value in vars(made).items() if key not in {"activity", "poll"}},
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
