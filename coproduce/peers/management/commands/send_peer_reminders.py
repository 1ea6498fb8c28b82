"""Tell coordinators (or the co-production leads) about peer supporters' checks expiring within 30 and 7 days,
supervision due within 14 days, and anything already expired or overdue.

Run it once a day, from cron or a systemd timer. Each person hears once per date and step, so running it more often
does no harm.
"""

from __future__ import annotations

import datetime as dt

from coproduce.core.reminder_command import ReminderCommand
from coproduce.peers.reminders import reminders_send
from coproduce.peers.tasks import send_peer_reminders


class Command(ReminderCommand):
    help = (
        "Email coordinators about peer supporters' checks expiring within 30 and 7 days, supervision due within "
        "14 days, and checks expired or supervision overdue (once per date)."
    )
    task = send_peer_reminders
    job_name = "peer supporter reminders"

    def run(self, today: dt.date | None) -> str:
        report = reminders_send(today=today)
        return (
            f"Queued {report.sent} reminder(s): {report.due_soon} about checks or supervision due soon, "
            f"{report.expired} about checks expired or supervision overdue."
        )
