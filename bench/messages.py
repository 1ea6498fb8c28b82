# ruff: noqa: E402 (imports follow the sys.path fix below)
"""Messages benchmark: 10,000 messages through the outbox to a local fake of GOV.UK Notify, on PostgreSQL, and the
same with the worker killed (SIGKILL) part-way through and started again.

    .venv/bin/python bench/messages.py [--messages 10000] [--kill-at 0.4] [--limit 100] [--json PATH]

What is measured, in one run:
- baseline: Message.objects.bulk_create of the same 10,000 rows (bodies, addresses and keys made beforehand), in
  one transaction: the cost of just writing them.
- queue: message_queue() for each message, in one transaction, as the engagement code does (the idempotency
  look-up, the person's own-link footer and one-click unsubscribe address signed for each, the savepoint).
- send: the `send_messages` worker (manage.py send_messages, a process of its own, batches of --limit) sending
  them all to the fake Notify over HTTP (the real notifications-python-client, a JWT per request), with the
  consent check for each batch; timed from the worker's start until every message is marked sent.
- kill: the same again, but the worker is killed with SIGKILL once --kill-at of the messages are sent. The
  messages it held stay "sending" until their lease (10 minutes) runs out: the benchmark moves the lease's end to
  now instead of waiting (what the clock would do), then starts a new worker, which looks each one up at Notify by
  its reference before sending. The fake then holds exactly one notification per message: duplicates and lost
  messages are counted, and must both be 0.

The fake Notify runs in this process (coproduce/comms/fake_notify.py). Database: BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/coproduce_bench), created and migrated if needed; the benchmark's own
organisation (slug "bench-messages") has its people made once and its messages deleted before each run. Figures
are printed, never asserted: see docs/performance.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse
import datetime as dt
import json
import os
import secrets
import signal
import subprocess
import tempfile
import time
import uuid
from collections import Counter

from bench.http import DEFAULT_DATABASE_URL, BenchError, code_version, ensure_database, log, machine

SLUG = "bench-messages"
EMAIL_TEMPLATE, SMS_TEMPLATE = str(uuid.uuid4()), str(uuid.uuid4())
POLL = 0.2  # seconds between progress checks
TIMEOUT = 30 * 60  # a run that takes longer than this has stalled


def bench_env(database_url: str, notify) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "MESSAGE_BACKEND": "notify",
            "NOTIFY_API_KEY": notify.api_key,
            "NOTIFY_BASE_URL": notify.url,
            "NOTIFY_EMAIL_TEMPLATE_ID": EMAIL_TEMPLATE,
            "NOTIFY_SMS_TEMPLATE_ID": SMS_TEMPLATE,
            "NO_PROXY": "127.0.0.1,localhost",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop("DEMO_DATA_ALLOWED", None)
    return env


def setup_django(env: dict[str, str]) -> None:
    env["BENCH_SECRET_KEY"] = env["SECRET_KEY"]  # the worker signs nothing, but keep one key for the run
    os.environ.update(env)
    import django

    django.setup()


def prepare_people(count: int):
    """The benchmark organisation with `count` people who may be contacted by email (made once, then reused)."""
    from django.db import transaction

    from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
    from coproduce.core.models import uuid7
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person

    org, _created = Organisation.objects.get_or_create(slug=SLUG, defaults={"name": "Bench messages"})
    have = Person.objects.filter(organisation=org).count()
    if have >= count:
        return org, list(Person.objects.filter(organisation=org).select_related("organisation").order_by("pk")[:count])
    log(f"Making {count - have:,} people who may be contacted …")
    with transaction.atomic():
        people = [
            Person(
                id=uuid7(),
                organisation=org,
                full_name=f"Bench Parent {number}",
                email=f"parent{number}@example.net",
                contact_by_email=True,
            )
            for number in range(have, count)
        ]
        Person.objects.bulk_create(people, batch_size=2000)
        Consent.objects.bulk_create(
            [
                Consent(
                    organisation=org,
                    person=person,
                    purpose=Purpose.CONTACT,
                    status=ConsentStatus.GIVEN,
                    method=ConsentMethod.ONLINE,
                )
                for person in people
            ],
            batch_size=2000,
        )
    return org, list(Person.objects.filter(organisation=org).select_related("organisation").order_by("pk")[:count])


def clear_messages(org) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM comms_contactproblem WHERE organisation_id = %s", [org.pk])
        cursor.execute("DELETE FROM comms_message WHERE organisation_id = %s", [org.pk])
        cursor.execute("VACUUM (ANALYZE) comms_message")


BODY = (
    "Hello {name},\n\nNorthby Family Hubs would like to invite you to: Breakfast club workshop.\n\n"
    "When: Thursday 3 December 2026, 10am to midday\n\nCan you come? Tell us yes, no or maybe:\n"
    "https://coproduce.example/r/{number}"
)


def baseline(org, people, run: str) -> float:
    """bulk_create of the same rows (made beforehand, footer included), in one transaction."""
    from django.db import transaction

    from coproduce.comms.models import Message
    from coproduce.core.models import uuid7

    rows = [
        Message(
            id=uuid7(),
            organisation=org,
            person=person,
            channel="email",
            to=person.email,
            subject="You're invited: Breakfast club workshop",
            body=BODY.format(name=person.full_name, number=number) + "\n\n--\n" + "x" * 250,
            kind="invitation",
            idempotency_key=f"bench:{run}:{number}",
            unsubscribe_url="http://127.0.0.1/unsubscribe/" + "x" * 120,
        )
        for number, person in enumerate(people)
    ]
    began = time.perf_counter()
    with transaction.atomic():
        Message.objects.bulk_create(rows, batch_size=1000)
    return time.perf_counter() - began


def queue_all(org, people, run: str) -> float:
    from django.db import transaction

    from coproduce.comms.outbox import message_queue
    from coproduce.comms.unsubscribe import unsubscribe_url
    from coproduce.consent.links import person_url

    person_url(people[0]), unsubscribe_url(people[0])  # load the URL patterns before the clock starts
    began = time.perf_counter()
    with transaction.atomic():
        for number, person in enumerate(people):
            message_queue(
                organisation=org,
                person=person,
                channel="email",
                to=person.email,
                subject="You're invited: Breakfast club workshop",
                body=BODY.format(name=person.full_name, number=number),
                kind="invitation",
                idempotency_key=f"bench:{run}:{number}",
            )
    return time.perf_counter() - began


def counts(org, run: str) -> Counter:
    from django.db.models import Count

    from coproduce.comms.models import Message

    rows = (
        Message.objects.filter(organisation=org, idempotency_key__startswith=f"bench:{run}:")
        .values("status")
        .annotate(n=Count("pk"))
    )
    return Counter({row["status"]: row["n"] for row in rows})


class Worker:
    """manage.py send_messages in a process of its own (its own group, so SIGKILL takes it at once)."""

    def __init__(self, env: dict[str, str], limit: int) -> None:
        self.log = tempfile.NamedTemporaryFile(prefix="coproduce-bench-worker-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "send_messages",
                "--interval",
                str(POLL),
                "--limit",
                str(limit),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()[-2000:]


def wait_until(org, run: str, worker: Worker, done) -> Counter:
    began = time.monotonic()
    while True:
        now = counts(org, run)
        if done(now):
            return now
        if worker.process.poll() is not None:
            raise BenchError(f"The worker stopped (exit {worker.process.returncode}):\n{worker.tail()}")
        if time.monotonic() - began > TIMEOUT:
            raise BenchError(f"No progress after {TIMEOUT} s: {dict(now)}")
        time.sleep(POLL)


def at_fake(notify, org, run: str) -> dict:
    """Duplicates and lost messages, from what the fake Notify holds for this run's messages."""
    from coproduce.comms.models import Message

    references = {
        str(pk)
        for pk in Message.objects.filter(organisation=org, idempotency_key__startswith=f"bench:{run}:").values_list(
            "pk", flat=True
        )
    }
    received = Counter(n["reference"] for n in notify.sent() if n["reference"] in references)
    return {
        "at_fake": sum(received.values()),
        "duplicates": sum(n - 1 for n in received.values() if n > 1),
        "lost": len(references - set(received)),
    }


def send_run(org, notify, env: dict[str, str], total: int, limit: int, run: str, kill_at: float | None) -> dict:
    from django.utils import timezone

    from coproduce.comms.models import Message

    notify.reset()
    figures: dict = {}
    began = time.perf_counter()
    worker = Worker(env, limit)
    try:
        if kill_at is None:
            final = wait_until(org, run, worker, lambda c: c[Message.Status.SENT] >= total)
        else:
            at_kill = wait_until(org, run, worker, lambda c: c[Message.Status.SENT] >= total * kill_at)
            worker.kill()
            after_kill = counts(org, run)
            figures["killed_at"] = {
                "sent": after_kill[Message.Status.SENT],
                "sending": after_kill[Message.Status.SENDING],
                "queued": after_kill[Message.Status.QUEUED],
                "at_fake": len(notify.sent()),
            }
            figures["killed_after_s"] = time.perf_counter() - began
            del at_kill
            # The lease of the messages the dead worker held would run out in 10 minutes: let it run out now.
            expired = Message.objects.filter(
                organisation=org, idempotency_key__startswith=f"bench:{run}:", status=Message.Status.SENDING
            ).update(next_attempt_at=timezone.now())
            figures["leases_expired"] = expired
            restarted = time.perf_counter()
            worker = Worker(env, limit)
            final = wait_until(
                org,
                run,
                worker,
                lambda c: (
                    c[Message.Status.SENT] + c[Message.Status.FAILED_PERMANENTLY] >= total
                    and not c[Message.Status.SENDING]
                    and not c[Message.Status.QUEUED]
                ),
            )
            figures["after_restart_s"] = time.perf_counter() - restarted
    finally:
        worker.stop()
    elapsed = time.perf_counter() - began
    lookups = sum(1 for method, path in notify.requests if method == "GET" and path == "/v2/notifications")
    return figures | {
        "seconds": elapsed,
        "per_second": total / elapsed,
        "sent": final[Message.Status.SENT],
        "failed": final[Message.Status.FAILED_PERMANENTLY],
        "lookups_at_notify": lookups,
        **at_fake(notify, org, run),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000, help="messages per run (default 10000)")
    parser.add_argument("--kill-at", type=float, default=0.4, help="kill the worker when this share is sent")
    parser.add_argument("--limit", type=int, default=100, help="messages the worker claims at a time (default 100)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    if args.messages < 1 or not 0 < args.kill_at < 1:
        parser.error("--messages must be at least 1 and --kill-at between 0 and 1")

    from coproduce.comms.fake_notify import FakeNotify

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    host = machine()
    load = os.getloadavg()[0]
    started_at = dt.datetime.now(dt.UTC)
    notify = FakeNotify().start()
    try:
        ensure_database(database_url, reseed=False)
        env = bench_env(database_url, notify)
        setup_django(env)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", interactive=False, verbosity=0)
        org, people = prepare_people(args.messages)
        clear_messages(org)

        base_s = baseline(org, people, "baseline")
        clear_messages(org)
        log(f"Baseline bulk_create of {args.messages:,} messages: {base_s:.2f} s")

        queue_s = queue_all(org, people, "plain")
        log(f"Queued {args.messages:,} with message_queue: {queue_s:.2f} s")
        plain = send_run(org, notify, env, args.messages, args.limit, "plain", None)
        log(f"Sent: {plain['seconds']:.1f} s")

        kill_queue_s = queue_all(org, people, "killed")
        killed = send_run(org, notify, env, args.messages, args.limit, "killed", args.kill_at)
        log(f"Sent with a kill: {killed['seconds']:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
        clear_messages(org)
    except BenchError as error:
        log(f"Error: {error}")
        return 2
    finally:
        notify.stop()

    n = args.messages
    log("")
    log(
        f"{started_at:%Y-%m-%d %H:%M} UTC, {code_version()}; {host['cpus']} CPUs ({host['cpu_model']}), "
        f"{host['memory_gib']} GiB; Python {host['python']}; PostgreSQL {postgresql}; load average {load:.1f} at the "
        f"start, {os.getloadavg()[0]:.1f} at the end"
    )
    log(f"{n:,} emails through the outbox to the fake GOV.UK Notify (worker batches of {args.limit})")
    log(f"  baseline: bulk_create of the same rows, one transaction   {base_s:7.2f} s  {n / base_s:8,.0f} rows/s")
    log(
        f"  queue: message_queue each, one transaction              {queue_s:7.2f} s  {n / queue_s:8,.0f} msgs/s"
        f"  {queue_s / base_s:5.1f} × baseline"
    )
    log(
        f"  send: worker to fake Notify until all marked sent       {plain['seconds']:7.2f} s  "
        f"{plain['per_second']:8,.0f} msgs/s  {plain['seconds'] / base_s:5.1f} × baseline"
    )
    log(
        f"    sent {plain['sent']:,}, at the fake {plain['at_fake']:,}, duplicates {plain['duplicates']}, "
        f"lost {plain['lost']}, look-ups at Notify {plain['lookups_at_notify']}"
    )
    k = killed["killed_at"]
    log(
        f"  kill: SIGKILL after {killed['killed_after_s']:.1f} s with {k['sent']:,} marked sent, {k['sending']} held "
        f"by the worker, {k['at_fake']:,} at the fake; {killed['leases_expired']} leases expired; new worker"
    )
    log(
        f"    total {killed['seconds']:.2f} s ({killed['per_second']:,.0f} msgs/s; queueing {kill_queue_s:.2f} s not "
        f"included), after the restart {killed['after_restart_s']:.2f} s"
    )
    log(
        f"    sent {killed['sent']:,}, failed {killed['failed']}, at the fake {killed['at_fake']:,}, "
        f"duplicates {killed['duplicates']} (must be 0), lost {killed['lost']} (must be 0), "
        f"look-ups at Notify {killed['lookups_at_notify']}"
    )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(
            json.dumps(
                {
                    "started_at": started_at.isoformat(),
                    "code": code_version(),
                    "machine": host,
                    "postgresql": postgresql,
                    "messages": n,
                    "baseline_s": base_s,
                    "queue_s": queue_s,
                    "send": plain,
                    "killed": killed,
                },
                indent=2,
                default=str,
            )
        )
    return 0 if killed["duplicates"] == 0 and killed["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
