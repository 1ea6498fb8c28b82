"""Settings for the few large aggregate statements of insights (over hundreds of thousands of records)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def large_aggregate() -> Iterator[None]:
    """Run the statements inside in a transaction where, on PostgreSQL, just-in-time compilation is off (the
    planner's high estimates for these statements make it compile them on every run, which costs more than the
    query: bench/insights.py) and sorts and hashes get 64 MB before spilling to disk. SET LOCAL ends with the
    transaction (or with the outer one, when called inside one: harmless for the rest of a request)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield
