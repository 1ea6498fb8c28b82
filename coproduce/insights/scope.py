"""What the insights are about: an organisation, and optionally a period, a hub, a project or a stakeholder group.

Every measure counts from the involvement records (`Involvement`) in the scope, so the figures on the page, in the
exports and from the API are the same for the same scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.insights.models import Involvement
from coproduce.organisations.models import Hub, Organisation
from coproduce.projects.models import Project
from coproduce.stakeholders.models import StakeholderGroup

# period code → (label for the filter, words for sentences, days back from today or None for all time)
PERIODS: dict[str, tuple[str, str, int | None]] = {
    "12m": (_("The last 12 months"), "in the last 12 months", 365),
    "6m": (_("The last 6 months"), "in the last 6 months", 182),
    "3m": (_("The last 3 months"), "in the last 3 months", 91),
    "all": (_("All time"), "so far", None),
}
DEFAULT_PERIOD = "12m"


@dataclass(frozen=True)
class Scope:
    organisation: Organisation
    period: str = DEFAULT_PERIOD
    hub: Hub | None = None
    project: Project | None = None
    group: StakeholderGroup | None = None
    today: dt.date | None = None

    def __post_init__(self) -> None:
        if self.period not in PERIODS:
            raise ValueError(f"Unknown period {self.period!r}; expected one of {', '.join(PERIODS)}.")
        for record in (self.hub, self.project, self.group):
            if record is not None and record.organisation_id != self.organisation.pk:
                raise ValueError("A filter must belong to the same organisation.")

    @property
    def until(self) -> dt.date:
        return self.today or timezone.localdate()

    @property
    def since(self) -> dt.date | None:
        days = PERIODS[self.period][2]
        return None if days is None else self.until - dt.timedelta(days=days)

    @property
    def period_label(self) -> str:
        return str(PERIODS[self.period][0])

    @property
    def period_words(self) -> str:
        """For sentences: 'in the last 12 months', 'so far'."""
        return PERIODS[self.period][1]

    @property
    def is_filtered(self) -> bool:
        return any(record is not None for record in (self.hub, self.project, self.group))

    def conditions(self) -> Q:
        """What makes one of the organisation's involvement records part of this scope."""
        condition = Q(occurred_on__lte=self.until)
        if self.since is not None:
            condition &= Q(occurred_on__gt=self.since)
        for name, record in (("hub", self.hub), ("project", self.project), ("stakeholder_group", self.group)):
            if record is not None:
                condition &= Q(**{name: record})
        return condition

    def involvements(self) -> QuerySet[Involvement]:
        return Involvement.objects.for_organisation(self.organisation).filter(self.conditions())

    def as_query(self) -> dict[str, str]:
        """The scope as the filter form's query parameters (for export and API links)."""
        query = {"period": self.period}
        for name, record in (("hub", self.hub), ("project", self.project), ("group", self.group)):
            if record is not None:
                query[name] = str(record.pk)
        return query
