"""Send due messages from the outbox: in a loop for the worker, or once (--once) for cron."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from coproduce.comms.outbox import send_all_due


class Command(BaseCommand):
    help = "Send the email and text messages that are due (retries included). Runs until stopped unless --once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due now, then stop.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between passes (default 10).")
        parser.add_argument("--limit", type=int, default=100, help="Messages claimed at a time (default 100).")

    def handle(self, *args, once: bool, interval: float, limit: int, **options) -> None:
        stopping = False

        def stop(_signum, _frame) -> None:
            nonlocal stopping
            stopping = True  # finish the message in hand, then stop: a killed send is safe, but slower

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            report = send_all_due(limit=limit)
            if report.claimed:
                self.stdout.write(
                    f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
                    f"cancelled {report.cancelled}"
                )
            if once or stopping:
                return
            slept = 0.0
            while slept < interval and not stopping:
                time.sleep(0.5)
                slept += 0.5
            if stopping:
                return
            close_old_connections()  # as after a request: drop a connection the database has closed
