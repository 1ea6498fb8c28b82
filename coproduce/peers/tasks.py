"""Background tasks of the peer support area. Run by the worker (`manage.py db_worker`), or at once by
`manage.py send_peer_reminders`."""

from __future__ import annotations

import datetime as dt

from django.tasks import task


@task
def send_peer_reminders(*, today: str | None = None) -> int:
    """Email coordinators about peer supporters' checks expiring within 30 and 7 days, supervision due within 14
    days, and checks expired or supervision overdue (each person once per date and step). `today` is an ISO date
    (YYYY-MM-DD), for trying the reminders out; by default, today. Returns how many reminders were queued."""
    from coproduce.peers.reminders import reminders_send

    return reminders_send(today=dt.date.fromisoformat(today) if today else None).sent
