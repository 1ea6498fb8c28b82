"""Everything the insights page shows for a scope, worked out once: the page, the printable summary, the exports
and the API all read the same `Report`, so their figures are always the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from coproduce.insights import measures, story
from coproduce.insights.models import OrganisationArea, PostcodeLsoa
from coproduce.insights.representation import CharacteristicTable, areas_label, representation_tables
from coproduce.insights.scope import Scope


@dataclass(frozen=True)
class Report:
    scope: Scope
    area: str  # "Hartlepool", or the organisation's name when it has chosen no area
    has_areas: bool
    has_lookup: bool
    tables: list[CharacteristicTable]
    reach: measures.Reach
    depth: measures.Depth
    follow: measures.FollowThroughFigures
    panels: measures.Panels
    sessions: measures.Sessions
    summary: list[str]
    computed_at: dt.datetime

    @property
    def below_share(self) -> list[tuple[CharacteristicTable, object]]:
        """(table, row) for every group significantly below its share of the population."""
        return [(table, row) for table in self.tables for row in table.table.rows if row.flag == "under"]

    def table(self, key: str) -> CharacteristicTable:
        return next(table for table in self.tables if table.key == key)


def build(scope: Scope) -> Report:
    organisation = scope.organisation
    area = areas_label(organisation)
    tables = representation_tables(scope)
    reach = measures.reach(scope)
    follow = measures.follow_through_figures(scope)
    sessions = measures.sessions_with_men(scope)
    return Report(
        scope=scope,
        area=area or organisation.name,
        has_areas=bool(area) or OrganisationArea.objects.for_organisation(organisation).exists(),
        has_lookup=PostcodeLsoa.objects.for_organisation(organisation).exists(),
        tables=tables,
        reach=reach,
        depth=measures.depth(scope),
        follow=follow,
        panels=measures.panels(scope),
        sessions=sessions,
        summary=story.summary(
            scope=scope, area=area or organisation.name, tables=tables, reach=reach, sessions=sessions, follow=follow
        ),
        computed_at=timezone.now(),
    )
