"""Background work for people: importing large spreadsheets. Run by the worker (`manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task


@task
def import_people(*, import_id: str) -> int:
    """Import a checked spreadsheet (see coproduce/people/imports.py import_queue). Returns how many were added."""
    from coproduce.people.imports import import_run

    result = import_run(import_id)
    return result.imported if result else 0
