"""Background tasks of insights. Run by the worker (`manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

MAX_ROUNDS = 3


@task
def refresh_report(*, organisation_id: str) -> bool:
    """Work out the organisation-wide report of the default period again and keep it, after a change (see
    cache.changed), so that the next person to open the insights page does not wait for it. False when the
    organisation no longer exists."""
    from coproduce.insights import cache as insights_cache
    from coproduce.insights.scope import Scope
    from coproduce.organisations.models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    try:
        if organisation is None:
            return False
        for _round in range(MAX_ROUNDS):
            before = insights_cache.version(organisation.pk)
            insights_cache.report_for(Scope(organisation), fresh=True)
            if insights_cache.version(organisation.pk) == before:
                break  # nothing changed while it was worked out
        return True
    finally:
        insights_cache.refreshed(organisation_id)
