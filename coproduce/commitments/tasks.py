"""Background tasks of the commitment area. Run by the worker (`manage.py db_worker`), or at once by
`manage.py send_strategy_reminders`."""

from __future__ import annotations

import datetime as dt

from django.tasks import task


@task
def send_strategy_reminders(*, today: str | None = None) -> int:
    """Email owners whose sustaining strategy is due to be refreshed within 14 days, or is overdue (once per due
    date). `today` is an ISO date (YYYY-MM-DD), for trying the reminders out; by default, today. Returns how
    many reminders were sent."""
    from coproduce.commitments.services import strategy_reminders_send

    return strategy_reminders_send(today=dt.date.fromisoformat(today) if today else None)
