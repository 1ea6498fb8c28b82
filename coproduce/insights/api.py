"""API: the insights figures as JSON, the same as the page shows (both read `report.build`).

Filters are the page's: `period` (12m, 6m, 3m or all), `hub`, `project` and `group` (ids). Counts that could
identify someone are null with `suppressed: true`, exactly as the page hides them.
"""

# No `from __future__ import annotations` here: django-ninja reads the schemas' types at run time.
import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from coproduce.api.errors import require
from coproduce.insights import cache as insights_cache
from coproduce.insights import report
from coproduce.insights.filters import ScopeForm
from coproduce.insights.scope import Scope

router = Router(tags=["insights"])

VIEW = "insights.view_insights"


class ScopeOut(Schema):
    period: str
    since: dt.date | None
    until: dt.date
    hub_id: str | None
    project_id: str | None
    group_id: str | None


class RepresentationRowOut(Schema):
    category: str
    label: str
    participants: int | None
    share: float | None
    ci_low: float | None
    ci_high: float | None
    population_share: float | None
    ratio: float | None
    ratio_low: float | None
    ratio_high: float | None
    flag: str
    suppressed: bool


class CharacteristicOut(Schema):
    key: str
    label: str
    population_source: str
    people: int | None
    not_known: int | None
    several_per_person: bool
    rows: list[RepresentationRowOut]


class RepresentationOut(Schema):
    scope: ScopeOut
    area: str
    method: str
    characteristics: list[CharacteristicOut]


class ReachOut(Schema):
    people: int | None
    first_time: int | None
    returning: int | None
    once: int | None
    more_than_once: int | None


class FollowThroughOut(Schema):
    promises: int
    kept_on_time: int
    kept_late: int
    changed: int
    not_possible: int
    open: int
    overdue: int
    share_kept_on_time: float | None
    contributions: int | None
    contributions_heard_back: int | None
    median_days_to_feedback: float | None
    contributors: int | None
    contributors_heard_back: int | None


class PanelsOut(Schema):
    members: int | None
    new_members: int | None
    median_tenure_days: int | None
    last_joined: dt.date | None


class SummaryOut(Schema):
    scope: ScopeOut
    area: str
    summary: list[str]
    reach: ReachOut
    follow_through: FollowThroughOut
    panels: PanelsOut


def _scope(request: HttpRequest) -> Scope:
    require(request, VIEW)
    form = ScopeForm(request.GET, organisation=request.organisation)
    if not form.is_valid():
        problems = [f"{field}: {' '.join(messages)}" for field, messages in form.errors.items()]
        raise HttpError(422, "; ".join(problems))
    return form.scope()


def _scope_out(scope: Scope) -> dict:
    return {
        "period": scope.period,
        "since": scope.since,
        "until": scope.until,
        "hub_id": str(scope.hub.pk) if scope.hub else None,
        "project_id": str(scope.project.pk) if scope.project else None,
        "group_id": str(scope.group.pk) if scope.group else None,
    }


def representation_out(built: report.Report) -> dict:
    """The representation figures of a report, as the API gives them (also used by the tests that compare the
    API with the page)."""
    method = built.tables[0].table.method if built.tables else ""
    return {
        "scope": _scope_out(built.scope),
        "area": built.area,
        "method": method,
        "characteristics": [
            {
                "key": table.key,
                "label": str(table.characteristic.label),
                "population_source": table.population_source,
                "people": table.people,
                "not_known": table.not_known,
                "several_per_person": table.characteristic.multiple,
                "rows": [
                    {
                        "category": row.category,
                        "label": table.labels.get(row.category, row.category),
                        "participants": row.participants,
                        "share": row.share,
                        "ci_low": row.ci_low,
                        "ci_high": row.ci_high,
                        "population_share": row.population_share if row.in_population else None,
                        "ratio": row.ratio,
                        "ratio_low": row.ratio_low,
                        "ratio_high": row.ratio_high,
                        "flag": row.flag,
                        "suppressed": row.suppressed,
                    }
                    for row in table.table.rows
                ],
            }
            for table in built.tables
        ],
    }


@router.get(
    "/insights/representation",
    response=RepresentationOut,
    summary="Who took part against the population, per characteristic (small numbers hidden)",
)
def representation(request: HttpRequest):
    return representation_out(insights_cache.report_for(_scope(request)))


@router.get(
    "/insights/summary",
    response=SummaryOut,
    summary="The plain-English summary, reach, follow-through and panel figures",
)
def summary(request: HttpRequest):
    built = insights_cache.report_for(_scope(request))
    promises, follow, reach, panels = built.follow.promises, built.follow, built.reach, built.panels
    return {
        "scope": _scope_out(built.scope),
        "area": built.area,
        "summary": built.summary,
        "reach": {
            "people": reach.people,
            "first_time": reach.first_time,
            "returning": reach.returning,
            "once": reach.once,
            "more_than_once": reach.more_than_once,
        },
        "follow_through": {
            "promises": promises.total,
            "kept_on_time": promises.kept_on_time,
            "kept_late": promises.kept_late + promises.kept_without_due_date,
            "changed": promises.changed,
            "not_possible": promises.not_possible,
            "open": promises.open,
            "overdue": promises.overdue,
            "share_kept_on_time": promises.share_kept_on_time,
            "contributions": follow.contributions,
            "contributions_heard_back": follow.contributions_heard_back,
            "median_days_to_feedback": follow.median_days_to_feedback,
            "contributors": follow.contributors,
            "contributors_heard_back": follow.contributors_heard_back,
        },
        "panels": {
            "members": panels.members,
            "new_members": panels.new_members,
            "median_tenure_days": panels.median_tenure_days,
            "last_joined": panels.last_joined,
        },
    }
