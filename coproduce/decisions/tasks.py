"""Background tasks of the decisions area. Run by the worker (`manage.py db_worker`), or at once by
`manage.py send_decision_reminders`."""

from __future__ import annotations

import datetime as dt

from django.tasks import task


@task
def send_decision_reminders(*, today: str | None = None) -> int:
    """Email staff about decisions whose review date has come, overdue promises and promises due within 7 days
    (each person once per review or due date). `today` is an ISO date (YYYY-MM-DD), for trying the reminders out;
    by default, today. Returns how many reminders were queued."""
    from coproduce.decisions.reminders import reminders_send

    return reminders_send(today=dt.date.fromisoformat(today) if today else None).sent
