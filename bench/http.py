# ruff: noqa: E402 (imports follow the sys.path fix below)
"""HTTP benchmark: the signed-in home page and the people list, against a trivial Django view in the same run.

    .venv/bin/python bench/http.py [--requests 2000] [--clients 20] [--reseed] [--json bench/results/http.json]

Sets up a PostgreSQL database with the `large` demo data (created and seeded once, then reused), serves the app
with gunicorn on loopback with production settings, signs in once as the demo administrator through the real
sign-in form, and sends each endpoint's requests from concurrent clients, the endpoints taking turns in rounds.
It prints the median and p95 latency of every endpoint with its ratio to a trivial Django view's, measured by the
same server in the same rounds. Then, in-process, it times each page alone, counts its SQL queries and runs
EXPLAIN ANALYZE on the people list's queries.

See docs/performance.md for what the figures mean. Exit status: 0 when every request answered 200, 1 when any
did not, 2 when the database or the server could not be set up.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/http.py` puts bench/ first on sys.path, where this file would hide the standard library's `http`
# package from everything imported below. The project root goes there instead, so `bench.settings_bench` imports.
ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coproduce_bench"
DEMO_SLUG = "northby-family-hubs"  # coproduce/core/demo.py
ADMIN_EMAIL = "amara.okafor@example.org"  # the demo organisation's administrator
LOAD_TEST_ORGANISATIONS = 19  # seed_large's other organisations, load-test-001 to load-test-019
SEARCH_TERM = "Patel"  # one of demo.LAST_NAMES: about 1 person in 43
PROJECTS = 5_000  # seed_large's projects in the demo organisation
HOST = "127.0.0.1"


class BenchError(Exception):
    """Setting up the database or the server failed: printed, exit status 2."""


@dataclass
class Endpoint:
    name: str
    path: str
    signed_in: bool
    expect: str  # text the page must contain, checked once before measuring


@dataclass
class Phase:
    """One endpoint's measured requests, gathered over all the rounds."""

    endpoint: Endpoint
    latencies: list[float] = field(default_factory=list)  # seconds, counted requests only
    statuses: Counter = field(default_factory=Counter)
    round_medians: list[float] = field(default_factory=list)  # ms, one per round
    wall: float = 0.0  # seconds spent in this endpoint's blocks
    completed: int = 0  # requests completed within those seconds, counted or filler (for throughput)
    connections: int = 0  # TCP connections opened (gunicorn's sync workers close one after each response)
    client_cpu: float = 0.0  # CPU seconds this process (the clients) used
    cpu_ticks: list[int] = field(default_factory=lambda: [0, 0])  # machine CPU ticks (busy, total), Linux only

    @property
    def failures(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != 200)

    def summary(self) -> dict:
        ms = sorted(x * 1000 for x in self.latencies)
        busy, total = self.cpu_ticks
        return {
            "endpoint": self.endpoint.name,
            "path": self.endpoint.path,
            "signed_in": self.endpoint.signed_in,
            "requests": len(ms),
            "failures": self.failures,
            "statuses": {str(k): v for k, v in self.statuses.items()},
            "median_ms": statistics.median(ms) if ms else None,
            "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99),
            "mean_ms": statistics.fmean(ms) if ms else None,
            "max_ms": ms[-1] if ms else None,
            "round_medians_ms": self.round_medians,
            "throughput_rps": self.completed / self.wall if self.wall else None,
            "connections": self.connections,
            "client_cpu_ms_per_request": self.client_cpu * 1000 / self.completed if self.completed else None,
            "machine_cpu_busy_pct": busy * 100 / total if total else None,
        }


def percentile(sorted_values: list[float], pct: int) -> float | None:
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[pct - 1]


def log(message: str) -> None:
    print(message, flush=True)


# Database ------------------------------------------------------------------------------------------------------


def conninfo(url: str, dbname: str | None = None) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise BenchError(f"BENCH_DATABASE_URL must be a postgres:// URL; got {url!r}.")
    if dbname is not None:
        parts = parts._replace(path="/" + quote(dbname))
    return urlunsplit(parts)


def database_name(url: str) -> str:
    name = unquote(urlsplit(url).path.lstrip("/"))
    if not name:
        raise BenchError(f"BENCH_DATABASE_URL names no database: {url!r}.")
    return name


def ensure_database(url: str, *, reseed: bool) -> bool:
    """Create the bench database if it is missing (drop it first with --reseed). Returns True if it was created."""
    name = database_name(url)
    if reseed and "bench" not in name:
        raise BenchError(f"--reseed drops the database, so it only does so for one whose name says 'bench' ({name}).")
    try:
        with psycopg.connect(conninfo(url, "postgres"), autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
            if exists and reseed:
                log(f"Dropping database {name} (--reseed)")
                conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
                exists = False
            if not exists:
                log(f"Creating database {name}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return not exists
    except psycopg.Error as exc:
        raise BenchError(f"Cannot reach PostgreSQL at {urlsplit(url).hostname}:{urlsplit(url).port}: {exc}") from exc


def demo_projects(url: str) -> int:
    """Projects of the demo organisation in the bench database (0 before the projects tables exist)."""
    with psycopg.connect(conninfo(url), connect_timeout=5) as conn:
        exists = conn.execute("SELECT to_regclass('projects_project') IS NOT NULL").fetchone()[0]
        if not exists:
            return 0
        return conn.execute(
            "SELECT count(*) FROM projects_project p JOIN organisations_organisation o ON o.id = p.organisation_id "
            "WHERE o.slug = %s",
            [DEMO_SLUG],
        ).fetchone()[0]


def demo_data(url: str) -> tuple[int, int, int]:
    """(people in the demo organisation, other load-test organisations, all organisations) in the bench database."""
    with psycopg.connect(conninfo(url), connect_timeout=5) as conn:
        people = conn.execute(
            "SELECT count(*) FROM people_person p JOIN organisations_organisation o ON o.id = p.organisation_id "
            "WHERE o.slug = %s",
            [DEMO_SLUG],
        ).fetchone()[0]
        load_test = conn.execute(
            "SELECT count(*) FROM organisations_organisation WHERE slug LIKE %s", ["load-test-%"]
        ).fetchone()[0]
        organisations = conn.execute("SELECT count(*) FROM organisations_organisation").fetchone()[0]
    return people, load_test, organisations


def run_manage(args: list[str], env: dict[str, str], what: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        raise BenchError(f"{what} failed (manage.py {' '.join(args)}):\n    " + "\n    ".join(output[-25:]))
    return elapsed


def prepare_database(url: str, env: dict[str, str], *, reseed: bool, people: int) -> dict:
    ensure_database(url, reseed=reseed)
    migrate_s = run_manage(["migrate", "--noinput"], env, "Migrating the bench database")
    log(f"Migrated in {migrate_s:.1f} s")
    have, load_test, organisations = demo_data(url)
    seed_s = None
    if have >= people and load_test >= LOAD_TEST_ORGANISATIONS and demo_projects(url) >= PROJECTS:
        log(f"Reusing the demo data already loaded: {have:,} people (--reseed loads it afresh and times it)")
    else:
        if organisations and not have:
            raise BenchError(
                f"{database_name(url)} holds {organisations} organisations but not the demo one: it does not look "
                "like a benchmark database, so demo data (with its well-known passwords) is not loaded into it."
            )
        log(f"Loading the large demo data (seed_demo --scale large --people {people}) …")
        seed_s = run_manage(
            ["seed_demo", "--scale", "large", "--people", str(people)],
            {**env, "DEMO_DATA_ALLOWED": "true"},
            "Loading the demo data",
        )
        log(f"Seeded in {seed_s:.1f} s")
    # Fresh statistics and visibility map, so plans (and index-only scans) do not depend on when autovacuum last ran.
    started = time.perf_counter()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        version = conn.execute("SHOW server_version").fetchone()[0]
    log(f"VACUUM (ANALYZE) in {time.perf_counter() - started:.1f} s")
    have, load_test, organisations = demo_data(url)
    if have < people:
        raise BenchError(f"The demo organisation has {have:,} people after seeding; expected {people:,}.")
    return {
        "people": have,
        "organisations": organisations,
        "seed_seconds": seed_s,
        "migrate_seconds": migrate_s,
        "postgresql": version,
    }


# Server --------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(database_url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),  # a fresh random key every run
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"http://{HOST}:{port}",
            "SECURE_SSL_REDIRECT": "false",  # loopback has no TLS
            "REQUIRE_STAFF_MFA": "false",  # the second factor is asked once per sign-in, not per request
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop("DEMO_DATA_ALLOWED", None)
    return env


class Server:
    """gunicorn in its own process group, always stopped by stop()."""

    def __init__(self, env: dict[str, str], port: int, workers: int, threads: int) -> None:
        self.port = port
        self.log = tempfile.NamedTemporaryFile(prefix="coproduce-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "coproduce.wsgi:application",
            "--chdir",
            str(ROOT),
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace").strip().splitlines()
        return "\n    ".join(text[-lines:])

    def wait_healthy(self, timeout: float = 60.0) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with status {self.process.returncode}:\n    {self.log_tail()}")
            try:
                status, _headers, _body = request("GET", "/healthz", self.port)
            except OSError:
                status = None
            if status == 200:
                return time.perf_counter() - started
            time.sleep(0.1)
        raise BenchError(f"/healthz did not answer 200 within {timeout:.0f} s:\n    {self.log_tail()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: the gunicorn master stops its workers gracefully
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


# HTTP ----------------------------------------------------------------------------------------------------------


def request(
    method: str, path: str, port: int, *, headers: dict[str, str] | None = None, body: str | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def cookies_from(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in through the real sign-in form; returns the session cookie for every signed-in request."""
    status, headers, body = request("GET", "/accounts/login/", port)
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}.")
    csrf_cookie = cookies_from(headers).get("csrftoken")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf_cookie or not match:
        raise BenchError("The sign-in page set no csrftoken cookie or has no csrfmiddlewaretoken field.")
    form = urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "login": email, "password": password})
    status, headers, body = request(
        "POST",
        "/accounts/login/",
        port,
        headers={"Cookie": f"csrftoken={csrf_cookie}", "Content-Type": "application/x-www-form-urlencoded"},
        body=form,
    )
    session = cookies_from(headers).get("sessionid")
    if status != 302 or not session:
        raise BenchError(
            f"Signing in as {email} failed: status {status}, session cookie {'set' if session else 'missing'}."
        )
    return f"sessionid={session}"


def check(endpoint: Endpoint, port: int, cookie: str) -> None:
    headers = {"Cookie": cookie} if endpoint.signed_in else {}
    status, _headers, body = request("GET", endpoint.path, port, headers=headers)
    if status != 200 or endpoint.expect.encode() not in body:
        raise BenchError(
            f"{endpoint.path} answered {status} without the expected text {endpoint.expect!r}: nothing to measure."
        )


def one_request(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> tuple[float, int | str, int]:
    """(latency in seconds, status or error name, connections opened) for one GET on the client's connection."""
    opened = 0
    for attempt in (1, 2):
        reused = conn.sock is not None
        opened += not reused
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            return time.perf_counter() - began, response.status, opened
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
            conn.close()
            if reused and attempt == 1:
                continue  # the server closed an idle keep-alive connection: retry once on a new one
            return time.perf_counter() - began, type(exc).__name__, opened
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            return time.perf_counter() - began, type(exc).__name__, opened
    raise AssertionError("unreachable")


def run_block(
    phase: Phase | None, endpoint: Endpoint, port: int, cookie: str, counted: int, clients: int, stop: threading.Event
) -> None:
    """`clients` threads, each with its own HTTP/1.1 connection, send requests to one endpoint in a closed loop until
    `counted` requests have completed. Requests issued after the first `counted` are fillers, not measured: they keep
    `clients` requests in flight until the last measured one completes, so every measured request sees the same
    concurrency. With `phase` None the block is a warm-up and nothing is recorded."""
    headers = {"Cookie": cookie} if endpoint.signed_in else {}
    lock = threading.Lock()
    done = threading.Event()
    state = {"issued": 0, "remaining": counted, "last": 0.0, "completed": 0}
    start = threading.Barrier(clients + 1)
    latencies: list[float] = []
    statuses: Counter = Counter()
    connections = [0]

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            start.wait()
            while not stop.is_set() and not done.is_set():
                with lock:
                    measured = state["issued"] < counted
                    state["issued"] += 1
                latency, status, opened = one_request(conn, endpoint.path, headers)
                finished = time.perf_counter()
                with lock:
                    connections[0] += opened
                    if not done.is_set():
                        state["completed"] += 1
                    if measured:
                        latencies.append(latency)
                        statuses[status] += 1
                        state["remaining"] -= 1
                        if state["remaining"] == 0:
                            state["last"] = finished
                            done.set()
        finally:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began, cpu, machine = time.perf_counter(), process_cpu(), machine_cpu()
    while not done.wait(timeout=0.5):  # short waits keep Ctrl-C responsive
        if stop.is_set() or not any(thread.is_alive() for thread in threads):
            break
    cpu_after, machine_after = process_cpu(), machine_cpu()
    for thread in threads:
        while thread.is_alive():
            thread.join(timeout=0.5)
    if phase is None:
        return
    phase.latencies.extend(latencies)
    phase.statuses.update(statuses)
    if latencies:
        phase.round_medians.append(statistics.median(latencies) * 1000)
    phase.wall += (state["last"] or time.perf_counter()) - began
    phase.completed += state["completed"]
    phase.connections += connections[0]
    phase.client_cpu += cpu_after - cpu
    if machine and machine_after:
        phase.cpu_ticks[0] += machine_after[0] - machine[0]
        phase.cpu_ticks[1] += machine_after[1] - machine[1]


def process_cpu() -> float:
    times = os.times()
    return times.user + times.system


def machine_cpu() -> tuple[int, int] | None:
    """(busy, total) CPU time of the whole machine so far, in clock ticks, from /proc/stat; None elsewhere."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


# Where the time goes: queries per page, and the people list's query plans ---------------------------------------


def analyse(env: dict[str, str], cookie: str, endpoints: list[Endpoint], repeat: int = 20) -> dict:
    """In this process, through Django's test client (no server, no HTTP, one request at a time): each page's time
    and SQL queries, and EXPLAIN ANALYZE plus timings of the queries on the people table."""
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    anonymous, signed_in = Client(HTTP_HOST=HOST), Client(HTTP_HOST=HOST)
    signed_in.cookies.load(cookie)
    pages = {}
    people_sql: dict[str, str] = {}
    for endpoint in endpoints:
        client = signed_in if endpoint.signed_in else anonymous
        client.get(endpoint.path)  # warm: first-request work (templates, URL resolver) is not counted
        with CaptureQueriesContext(connection) as captured:
            response = client.get(endpoint.path)
        captured_queries = list(captured.captured_queries)  # the next request resets Django's query log
        if response.status_code != 200:
            raise BenchError(f"In-process {endpoint.path} answered {response.status_code}.")
        timings, sql_timings = [], []
        sql_seconds = [0.0]

        def timed(execute, sql, params, many, context, sql_seconds=sql_seconds):
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_seconds[0] += time.perf_counter() - began

        with connection.execute_wrapper(timed):
            for _ in range(repeat):
                sql_seconds[0] = 0.0
                began = time.perf_counter()
                client.get(endpoint.path)
                timings.append(time.perf_counter() - began)
                sql_timings.append(sql_seconds[0])
        queries = [q["sql"] for q in captured_queries]
        pages[endpoint.name] = {
            "path": endpoint.path,
            "median_ms": statistics.median(timings) * 1000,
            "queries": len(queries),
            "sql_ms": statistics.median(sql_timings) * 1000,
            "sql": queries,
        }
        for query in queries:
            if '"people_person"' in query:
                kind = "count" if query.startswith("SELECT COUNT(*)") else "rows"
                people_sql[f"{endpoint.path} {kind}"] = query
    plans = {}
    with connection.cursor() as cursor:
        for label, query in people_sql.items():
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query)
            plan = [row[0] for row in cursor.fetchall()]
            timings = []
            for _ in range(repeat):
                began = time.perf_counter()
                cursor.execute(query)
                cursor.fetchall()
                timings.append(time.perf_counter() - began)
            plans[label] = {
                "sql": query,
                "plan": plan,
                "median_ms": statistics.median(timings) * 1000,
                "summary": plan_summary(plan),
            }
    return {"pages": pages, "people_queries": plans}


def plan_summary(plan: list[str]) -> str:
    top = plan[0].split("  (")[0].strip()
    scans = []
    for line in plan:
        match = re.search(r"((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)[^(]*)", line)
        if match:
            scans.append(match.group(1).strip())
    execution = next((line.split(":")[1].strip() for line in plan if line.startswith("Execution Time")), "?")
    return f"{top}; {'; '.join(dict.fromkeys(scans))}; execution {execution}"


# Output --------------------------------------------------------------------------------------------------------


def machine() -> dict:
    model = platform.processor() or platform.machine()
    memory = None
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        model = found.group(1).strip() if found else model
        meminfo = Path("/proc/meminfo").read_text()
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
        memory = round(int(found.group(1)) / 1024 / 1024, 1) if found else None
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def print_table(rows: list[dict], baseline: dict) -> None:
    header = (
        f"{'endpoint':<32} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'req/s':>7} {'median ×':>9} {'p95 ×':>7}"
        f" {'rounds ×':>11} {'CPU busy':>8} {'client CPU':>10}"
    )
    log(header)
    log("-" * len(header))
    for row in rows:
        ratios = row["round_median_ratios"]
        spread = f"{min(ratios):.1f}–{max(ratios):.1f}" if ratios else "–"
        log(
            f"{row['endpoint']:<32} {row['requests']:>8,} {fmt(row['median_ms'], 2):>10} {fmt(row['p95_ms'], 2):>8} "
            f"{fmt(row['throughput_rps'], 0):>7} {fmt(row['median_ratio']):>9} {fmt(row['p95_ratio']):>7}"
            f" {spread:>11} {fmt(row['machine_cpu_busy_pct'], 0):>7}% {fmt(row['client_cpu_ms_per_request'], 2):>7} ms"
        )
    log(
        f"× = ratio to '{baseline['endpoint']}', measured in the same rounds of this run (median "
        f"{fmt(baseline['median_ms'], 2)} ms, p95 {fmt(baseline['p95_ms'], 2)} ms); rounds × = lowest–highest ratio of "
        "the medians round by round."
    )
    log(
        "CPU busy = share of all the machine's CPUs in use while measuring (whoever used them); client CPU = this "
        "process's CPU time per request, taken from the same CPUs as the server's."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per endpoint (default 2000)")
    parser.add_argument("--warmup", type=int, default=200, help="uncounted requests per endpoint first (default 200)")
    parser.add_argument(
        "--block", type=int, default=100, help="requests per endpoint per round; endpoints take turns (default 100)"
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker; >1 makes gunicorn use gthread")
    parser.add_argument("--people", type=int, default=100_000, help="people in the demo organisation (default 100000)")
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the bench database, and time the seed")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--explain", action="store_true", help="print the full EXPLAIN ANALYZE plans")
    args = parser.parse_args()
    if min(args.requests, args.block, args.clients, args.workers, args.threads) < 1 or args.warmup < 0:
        parser.error("--requests, --block, --clients, --workers and --threads must be at least 1, --warmup at least 0")

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    port = free_port()
    env = server_env(database_url, port)
    started_at = dt.datetime.now(dt.UTC)
    host = machine()
    code = code_version()
    load = os.getloadavg()[0]
    if host["cpus"] and load > host["cpus"]:
        log(
            f"Warning: the machine is busy (load average {load:.1f} on {host['cpus']} CPUs). Other work will share "
            "the CPUs with the server and the clients, so the figures will be noisy; the ratios less so."
        )
    from importlib.metadata import version

    versions = {"django": version("django"), "gunicorn": version("gunicorn"), "psycopg": version("psycopg")}

    def on_sigterm(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    server = None
    stop = threading.Event()
    # Production static files: collectstatic with the production storage (hashed names and a manifest).
    env["STATIC_ROOT"] = static_root = tempfile.mkdtemp(prefix="coproduce-bench-static-")
    try:
        database = prepare_database(database_url, env, reseed=args.reseed, people=args.people)
        collect_s = run_manage(["collectstatic", "--noinput"], env, "Collecting the static files")
        log(f"Collected the static files in {collect_s:.1f} s")
        worker_class = "gthread" if args.threads > 1 else "sync"
        server_config = f"gunicorn {versions['gunicorn']}, {args.workers} {worker_class} workers"
        server_config += f" × {args.threads} threads" if args.threads > 1 else " × 1 thread"
        log(f"Starting {server_config} on {HOST}:{port}")
        server = Server(env, port, args.workers, args.threads)
        ready_s = server.wait_healthy()
        log(f"/healthz answered 200 after {ready_s:.1f} s")
        cookie = sign_in(port, ADMIN_EMAIL, demo_password())
        people = database["people"]
        endpoints = [
            Endpoint("trivial view (baseline)", "/bench/trivial", signed_in=False, expect="ok"),
            Endpoint("trivial view, signed in", "/bench/trivial", signed_in=True, expect="ok"),
            Endpoint("home, signed in", "/", signed_in=True, expect="Hello, Amara"),
            Endpoint("people list, page 1", "/people/", signed_in=True, expect=f"{people} people"),
            Endpoint("people list, page 1000", "/people/?page=1000", signed_in=True, expect="1000 of"),
            Endpoint(f"people search ?q={SEARCH_TERM}", f"/people/?q={SEARCH_TERM}", True, "people found for"),
            Endpoint(f"project list ({PROJECTS:,} projects)", "/projects/", signed_in=True, expect="projects"),
        ]
        for endpoint in endpoints:
            check(endpoint, port, cookie)
        blocks = [args.block] * (args.requests // args.block) + (
            [args.requests % args.block] if args.requests % args.block else []
        )
        log(
            f"Measuring: {args.clients} concurrent clients; {args.warmup:,} warm-up requests per endpoint, then "
            f"{len(blocks)} round(s) of up to {args.block:,} measured requests per endpoint, endpoints in turn"
        )
        load_before = os.getloadavg()
        if args.warmup:
            for endpoint in endpoints:
                run_block(None, endpoint, port, cookie, args.warmup, args.clients, stop)
        phases = [Phase(endpoint) for endpoint in endpoints]
        for number, counted in enumerate(blocks, 1):
            for phase in phases:
                run_block(phase, phase.endpoint, port, cookie, counted, args.clients, stop)
            medians = ", ".join(f"{p.round_medians[-1]:.1f}" for p in phases)
            log(f"  round {number}/{len(blocks)}: median ms {medians}")
        load_after = os.getloadavg()
        server.stop()
        server = None
        analysis = analyse(env, cookie, endpoints)
    except BenchError as exc:
        log(f"\nbench/http.py: {exc}")
        return 2
    except KeyboardInterrupt:
        log("\nInterrupted.")
        return 130
    finally:
        stop.set()
        if server is not None:
            server.stop()
            log("Stopped gunicorn.")
        shutil.rmtree(static_root, ignore_errors=True)

    rows = [phase.summary() for phase in phases]
    opened, sent = sum(r["connections"] for r in rows), sum(r["requests"] for r in rows)
    connection_note = (
        "the sync workers close it after each response, so every request opens a new one"
        if opened >= sent
        else f"kept alive: {opened:,} connections for {sent:,} requests"
    )
    baseline = rows[0]
    for row in rows:
        row["median_ratio"] = row["median_ms"] / baseline["median_ms"]
        row["p95_ratio"] = row["p95_ms"] / baseline["p95_ms"]
        # The same ratio round by round: how far the figure moved while the run went on.
        row["round_median_ratios"] = [
            m / b for m, b in zip(row["round_medians_ms"], baseline["round_medians_ms"], strict=False)
        ]
    log("")
    log(f"coproduce HTTP benchmark, {started_at:%Y-%m-%d %H:%M} UTC, {code}")
    log(
        f"Machine: {host['cpus']} CPUs ({host['cpu_model']}), {host['memory_gib']} GiB RAM, {host['os']}; "
        f"Python {host['python']}, Django {versions['django']}, PostgreSQL {database['postgresql']}"
    )
    seed = (
        f"seed_demo --scale large took {database['seed_seconds']:.1f} s"
        if database["seed_seconds"] is not None
        else "reused the data loaded by an earlier run (--reseed times a fresh load)"
    )
    log(
        f"Data: {people:,} people in the demo organisation, {database['organisations']} organisations; {seed}. "
        f"Database {database_name(database_url)} on {urlsplit(database_url).hostname}."
    )
    log(
        f"Server: {server_config}, {HOST}, DJANGO_DEBUG=false, REQUIRE_STAFF_MFA=false (per sign-in, not per "
        "request), SECURE_SSL_REDIRECT=false (no TLS on loopback), static files collected but not requested, "
        f"cache {'Redis (REDIS_URL)' if env.get('REDIS_URL') else 'local memory'}."
    )
    log(
        f"Load: {args.clients} client threads in this process on the same machine, closed loop, one HTTP/1.1 "
        f"connection each ({connection_note}); {args.warmup:,} warm-up then {args.requests:,} measured requests per "
        f"endpoint, in {len(blocks)} round(s) where the endpoints take turns ({args.block:,} requests each a round). "
        f"Load average {load_before[0]:.1f} before, {load_after[0]:.1f} after."
    )
    log("")
    print_table(rows, baseline)
    log("")
    log(
        "One request at a time, in this process through Django's test client (no HTTP, no concurrency): median of "
        "20, the SQL queries of one (CaptureQueriesContext), and the median time spent in them"
    )
    log(f"  {'endpoint':<32} {'median ms':>9} {'queries':>7} {'SQL ms':>7}")
    for name, page in analysis["pages"].items():
        log(f"  {name:<32} {page['median_ms']:>9.2f} {page['queries']:>7} {page['sql_ms']:>7.2f}")
    log("People list queries (EXPLAIN ANALYZE; median of 20 runs from Python):")
    for label, plan in analysis["people_queries"].items():
        log(f"  {label:<28} {fmt(plan['median_ms'], 2):>7} ms  {plan['summary']}")
        if args.explain:
            for line in plan["plan"]:
                log(f"      {line}")
    failures = sum(row["failures"] for row in rows)
    if args.json:
        results = {
            "started_at": started_at.isoformat(),
            "code": code,
            "machine": host,
            "versions": {**versions, "postgresql": database["postgresql"], "python": host["python"]},
            "database": database,
            "server": {"workers": args.workers, "threads": args.threads, "worker_class": worker_class},
            "load": {
                "clients": args.clients,
                "warmup": args.warmup,
                "requests": args.requests,
                "block": args.block,
                "rounds": len(blocks),
                "order": "interleaved: in each round every endpoint gets one block, in table order",
                "load_average_before": load_before,
                "load_average_after": load_after,
            },
            "baseline": baseline["endpoint"],
            "results": rows,
            "analysis": analysis,
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        log(f"\nWrote {args.json}")
    if failures:
        log(f"\n{failures} requests did not answer 200: see the statuses in the table above and --json.")
        for row in rows:
            if row["failures"]:
                log(f"  {row['endpoint']}: {row['statuses']}")
        return 1
    return 0


def demo_password() -> str:
    # Read from the demo module's source rather than copied here, so the benchmark follows it (importing the module
    # would need Django set up, which happens in this process only after the load test).
    source = (ROOT / "coproduce" / "core" / "demo.py").read_text()
    match = re.search(r'^DEMO_PASSWORD = "([^"]+)"', source, re.MULTILINE)
    if not match:
        raise BenchError("DEMO_PASSWORD not found in coproduce/core/demo.py.")
    return match.group(1)


if __name__ == "__main__":
    sys.exit(main())
