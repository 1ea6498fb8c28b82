"""Background work for messages. `send_messages` is queued when a transaction that queued messages commits; the
`send_messages` management command runs the same loop on a timer, for retries and anything the task missed."""

from __future__ import annotations

from django.tasks import task


@task
def send_messages() -> int:
    """Send every message that is due. Returns how many were sent."""
    from coproduce.comms.outbox import send_all_due

    return send_all_due().sent
