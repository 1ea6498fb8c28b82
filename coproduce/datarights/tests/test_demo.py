"""The demo data of the data rights area: one overdue request, one completed, the default periods."""

from __future__ import annotations

from coproduce.datarights.demo import seed_demo_datarights
from coproduce.datarights.models import DEFAULT_RETENTION_MONTHS, DataRightsRequest, RetentionPeriod
from coproduce.datarights.services import days_left


def test_the_demo_shows_an_overdue_and_a_completed_request(db) -> None:
    from coproduce.core.demo import seed_small

    northby, _created = seed_small(people=5)
    seed_demo_datarights(northby)  # (the core demo may have run it already)
    assert seed_demo_datarights(northby) == 0  # a second run does nothing
    assert DataRightsRequest.objects.for_organisation(northby).count() == 4
    requests = list(DataRightsRequest.objects.for_organisation(northby))
    open_requests = [r for r in requests if r.status == "open"]
    assert len([r for r in open_requests if days_left(r) < 0]) == 1
    assert len([r for r in open_requests if days_left(r) >= 0]) == 2
    completed = [r for r in requests if r.status == "completed"]
    assert len(completed) == 1 and completed[0].completed_by.email == "helen.fraser@example.org"
    assert dict(RetentionPeriod.objects.for_organisation(northby).values_list("kind", "months")) == {
        str(kind): months for kind, months in DEFAULT_RETENTION_MONTHS.items()
    }
