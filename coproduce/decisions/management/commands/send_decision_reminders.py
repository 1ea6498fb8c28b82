"""Remind staff about decisions due for review, overdue promises (owner and co-production leads) and promises due
within 7 days (owner).

Run it once a day, from cron or a systemd timer. Each person hears once per review or due date, so running it more
often does no harm.
"""

from __future__ import annotations

import datetime as dt

from coproduce.core.reminder_command import ReminderCommand
from coproduce.decisions.reminders import reminders_send
from coproduce.decisions.tasks import send_decision_reminders


class Command(ReminderCommand):
    help = (
        "Email staff about decisions due for review, overdue promises and promises due within 7 days "
        "(once per review or due date)."
    )
    task = send_decision_reminders
    job_name = "decision and promise reminders"

    def run(self, today: dt.date | None) -> str:
        report = reminders_send(today=today)
        return (
            f"Queued {report.sent} reminder(s): {report.decisions_to_review} about decisions to review, "
            f"{report.promises_overdue} about overdue promises, {report.promises_due_soon} about promises due soon."
        )
