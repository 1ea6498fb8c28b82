"""The demo data of the commitment area loads on the demo organisation and shows every kind of status."""

from __future__ import annotations

from django.utils import timezone

from coproduce.commitments.deliverables import Status, organisation_deliverables
from coproduce.commitments.demo import seed_demo_commitments
from coproduce.commitments.models import DefinitionVersion, ParagraphComment, Strategy


def test_the_demo_shows_every_status(db) -> None:
    from coproduce.core.demo import seed_small

    northby, _created = seed_small(people=5)
    seed_demo_commitments(northby)
    seed_demo_commitments(northby)  # a second run does nothing
    assert DefinitionVersion.objects.for_organisation(northby).count() == 2
    assert ParagraphComment.objects.filter(organisation=northby).count() == 2
    assert Strategy.objects.for_organisation(northby).count() == 6
    rows = {r.number: r.progress for r in organisation_deliverables(northby, today=timezone.localdate())}
    assert rows[1].status == Status.IN_PLACE
    assert rows[1].sentence == "Commitment signed by 5 people and 3 partner organisations (6 shown publicly)."
    assert rows[2].status == Status.IN_PROGRESS
    assert "communicated to 6 of 8 stakeholder groups" in rows[2].sentence
    assert rows[2].sentence.endswith("Version 2 is being drafted, with 2 comments so far.")
    assert rows[3].sentence == "6 strategies across 6 hub processes, 3 in place; time frames set for 3."
    assert (rows[4].status, rows[4].sentence) == (Status.IN_PROGRESS, "3 sustaining strategies, 1 refresh overdue.")
    assert rows[5].sentence == "1 co-production lead: Priya Shah."
