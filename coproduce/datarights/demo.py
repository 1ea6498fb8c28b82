"""Demo data for the data rights area: a few requests in the register (one overdue, one completed, two open and
in time) and the default retention periods written out, so the retention page shows the organisation's own.

Call `seed_demo_datarights(organisation)` after the organisation has its people and its data protection officer
(the demo staff of `coproduce/core/demo.py`). Dates are relative to today. Running it twice does nothing the
second time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.datarights.models import DEFAULT_RETENTION_MONTHS, DataRightsRequest, RetentionPeriod
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import Person

# (kind, who asked, received this many days ago, completed this many days ago or None, notes)
REQUESTS = [
    ("access", "staff", 40, None, "Asked at the Eastfield stay and play session; identity checked in person."),
    ("access", "person", 3, None, ""),
    ("erasure", "staff", 10, None, "Letter received at Northby Central."),
    ("rectification", "person", 60, 45, "Wanted their phone number corrected."),
]


@transaction.atomic
def seed_demo_datarights(organisation: Organisation) -> int:
    """Returns how many requests were made (0 if the register already had some)."""
    for kind, months in DEFAULT_RETENTION_MONTHS.items():
        RetentionPeriod.objects.get_or_create(organisation=organisation, kind=kind, defaults={"months": months})
    if DataRightsRequest.objects.for_organisation(organisation).exists():
        return 0
    people = list(Person.objects.for_organisation(organisation).not_erased().order_by("created_at")[: len(REQUESTS)])
    dpo = (
        Membership.objects.for_organisation(organisation)
        .filter(role=Role.DATA_PROTECTION_OFFICER)
        .select_related("user")
        .first()
    )
    staff = dpo.user if dpo else None
    today = timezone.localdate()
    made = 0
    for (kind, made_by, days_ago, completed_days_ago, notes), person in zip(REQUESTS, people, strict=False):
        completed = completed_days_ago is not None
        DataRightsRequest.objects.create(
            organisation=organisation,
            person=person,
            kind=kind,
            made_by=made_by,
            received_on=today - dt.timedelta(days=days_ago),
            notes=notes,
            logged_by=staff if made_by == "staff" else None,
            status=DataRightsRequest.Status.COMPLETED if completed else DataRightsRequest.Status.OPEN,
            completed_on=today - dt.timedelta(days=completed_days_ago) if completed else None,
            completed_by=staff if completed else None,
        )
        made += 1
    return made
