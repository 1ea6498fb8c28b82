"""Segments of people to invite: the people list's search and filters (coproduce/people/filters.py: name, hub,
stakeholder group, access need, language) plus household circumstances and "never involved before".

Every filter is an EXISTS subquery or a join to one row (the household), so each person appears once and the
count stays one query however many people match.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.engagement.models import Attendance
from coproduce.people.models import AgeBand, Child, Person
from coproduce.projects.models import ProjectStakeholder

# (code, label): the household circumstances staff can invite by.
CIRCUMSTANCES: list[tuple[str, str]] = [
    ("under_5", _("Children under 5")),
    ("send", _("A child with special educational needs or disabilities (SEND)")),
    ("expecting", _("Expecting a baby")),
    ("young_carer", _("A young carer in the family")),
    ("care_experienced", _("Care-experienced")),
    ("armed_forces", _("Armed forces family")),
    ("home_educated", _("Children educated at home")),
]
HOUSEHOLD_FLAGS = ("young_carer", "care_experienced", "armed_forces", "home_educated")
UNDER_5_BANDS = (AgeBand.UNDER_2.value, AgeBand.TWO_TO_4.value)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def under_5_condition(today: dt.date) -> Q:
    """A child under 5 today: born less than five years ago, or (no date of birth) in an age band under 5."""
    return Q(date_of_birth__gt=years_before(today, 5)) | Q(date_of_birth__isnull=True, age_band__in=UNDER_5_BANDS)


def circumstance_condition(code: str, today: dt.date) -> Q:
    """People whose household has the circumstance `code` (see CIRCUMSTANCES)."""
    if code in HOUSEHOLD_FLAGS:
        return Q(**{f"household__{code}": True})
    if code == "expecting":
        return Q(household__expected_due_date__gte=today)
    children = Child.objects.filter(household_id=OuterRef("household_id"))
    if code == "under_5":
        return Q(Exists(children.filter(under_5_condition(today))))
    if code == "send":
        return Q(Exists(children.filter(has_send=True)))
    raise ValueError(f"Unknown household circumstance {code!r}")


def with_circumstances(people: QuerySet[Person], codes: list[str], *, today: dt.date) -> QuerySet[Person]:
    """People whose household has every one of the circumstances."""
    for code in codes:
        people = people.filter(circumstance_condition(code, today))
    return people


def never_involved(people: QuerySet[Person]) -> QuerySet[Person]:
    """People who have never come to an activity and are not involved in any project."""
    came = Attendance.objects.filter(person_id=OuterRef("pk"), attended=True)
    involved = ProjectStakeholder.objects.filter(person_id=OuterRef("pk"))
    return people.filter(~Exists(came), ~Exists(involved))
