"""Remind owners of sustaining strategies that a refresh is coming up (within 14 days) or overdue.

Run it once a day, from cron or a systemd timer. Each owner hears once per due date, so running it more often
does no harm.
"""

from __future__ import annotations

import datetime as dt

from coproduce.commitments.tasks import send_strategy_reminders
from coproduce.core.reminder_command import ReminderCommand


class Command(ReminderCommand):
    help = "Email owners of sustaining strategies whose refresh is due within 14 days or overdue (once per due date)."
    task = send_strategy_reminders
    job_name = "strategy reminders"

    def run(self, today: dt.date | None) -> str:
        sent = send_strategy_reminders.call(today=today.isoformat() if today else None)
        return f"Sent {sent} strategy reminder(s)."
