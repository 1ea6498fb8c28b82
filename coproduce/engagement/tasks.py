"""Background work for engagement."""

from __future__ import annotations

from django.tasks import task


@task
def queue_reminders() -> int:
    """Queue the reminders that are due (the same as `manage.py queue_reminders`). Returns how many."""
    from coproduce.engagement.reminders import reminders_queue

    return reminders_queue().queued
