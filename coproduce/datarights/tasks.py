"""Background tasks of the data rights area. Run by the worker (`manage.py db_worker`), or at once by
`manage.py apply_retention`."""

from __future__ import annotations

import datetime as dt

from django.tasks import task


@task
def apply_retention_task(*, organisation: str | None = None, today: str | None = None) -> dict[str, dict[str, int]]:
    """Apply retention for every organisation (or the one with this slug): anonymise people inactive for longer
    than their period and delete expired records. `today` is an ISO date (YYYY-MM-DD), by default today. Returns
    {organisation slug: {kind of record: how many}}."""
    from coproduce.datarights.retention import retention_apply
    from coproduce.organisations.models import Organisation

    day = dt.date.fromisoformat(today) if today else None
    organisations = Organisation.objects.order_by("slug")
    if organisation:
        organisations = organisations.filter(slug=organisation)
    return {org.slug: retention_apply(org, today=day) for org in organisations}
