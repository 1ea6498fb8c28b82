"""Reach, depth, follow-through and panels, for a scope. (Representation is in representation.py.)

Every count of people is of different people, counted in the database (GROUP BY), with counts that could identify
someone hidden (coproduce/analysis/disclosure.py): a hidden count is None. Counts of promises, sessions and
contributions are not counts of people and are shown as they are.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from coproduce.analysis.barriers import Need
from coproduce.analysis.disclosure import hide_small, suppress, table_total
from coproduce.analysis.follow_through import FollowThrough, follow_through
from coproduce.analysis.participation import degree_choices
from coproduce.contributions.models import Contribution
from coproduce.decisions.models import CLOSED_STATUSES, Promise
from coproduce.engagement.models import Activity, ActivityKind, Attendance, Invitation, JoinWay
from coproduce.equality.services import equality_consent_exists
from coproduce.insights.db import large_aggregate
from coproduce.insights.models import Involvement
from coproduce.insights.scope import Scope
from coproduce.people.models import ACCESS_NEEDS
from coproduce.stakeholders.models import StakeholderGroup

NO_GROUP = "none"
NOT_RECORDED = "not_recorded"
PANEL_GROUP_KEY = "parent_carer_forums"


@dataclass(frozen=True)
class Breakdown:
    """One row of a table of counts by category (e.g. a stakeholder group's people by degree of participation)."""

    label: str
    counts: dict[str, int | None]  # column → count (None when hidden)
    total: int | None


@dataclass(frozen=True)
class Reach:
    people: int | None
    first_time: int | None  # first involvement with the organisation in the period (None: hidden, or all time)
    returning: int | None
    once: int | None  # took part on one day only in the scope
    more_than_once: int | None
    invited_never: list[Breakdown]  # per group: columns "invited" and "never"


@dataclass(frozen=True)
class Depth:
    degree_columns: list[tuple[str, str]]  # (code, label): the five Treseder degrees, then not recorded
    by_degree: list[Breakdown]  # per group: times people took part, by degree of participation
    way_columns: list[tuple[str, str]]
    by_way: list[Breakdown]  # per group: people by the way they joined
    needs: list[Breakdown]  # per access need: "needed" and "met" on the registers


@dataclass(frozen=True)
class FollowThroughFigures:
    promises: FollowThrough
    contributions: int | None  # None when the people who made them are too few to show
    contributions_heard_back: int | None  # None when the people who heard back are hidden
    median_days_to_feedback: float | None
    contributors: int | None
    contributors_heard_back: int | None


@dataclass(frozen=True)
class Panels:
    members: int | None  # people who took part through the panels group in the period
    new_members: int | None  # of them, first time through that group in the period
    median_tenure_days: int | None  # from each member's first to last involvement through the group, in days
    last_joined: dt.date | None  # the last time someone new joined
    group: StakeholderGroup | None


@dataclass(frozen=True)
class Sessions:
    """'Men took part in 3 of 14 co-design sessions (7 people).'"""

    kind_label: str
    total: int
    with_men: int
    men: int


def _hidden(counts: dict[str, int]) -> tuple[dict[str, int | None], int | None]:
    return suppress(counts), table_total(counts)


def _groups(scope: Scope) -> dict[str, str]:
    groups = StakeholderGroup.objects.for_organisation(scope.organisation).order_by("order", "name")
    return {**{str(group.pk): group.name for group in groups}, NO_GROUP: _("No group recorded")}


def allowed_answers_q(prefix: str = "person") -> Q:
    """Rows whose person's equality answers may be used (see representation._allowed_people)."""
    return Q(**{f"{prefix}__erased_at__isnull": False}) | (
        ~Q(**{f"{prefix}__equality__objected_at__isnull": False}) & equality_consent_exists(f"{prefix}_id")
    )


def reach(scope: Scope) -> Reach:
    # One pass over the organisation's records up to the end of the period: per person, their first involvement
    # ever, and their first and last in the scope (none when they are not in it).
    in_scope = scope.conditions()
    per_person = (
        Involvement.objects.for_organisation(scope.organisation)
        .filter(occurred_on__lte=scope.until)
        .order_by()
        .values("person_id")
        .annotate(
            first=Min("occurred_on"),
            first_in=Min("occurred_on", filter=in_scope),
            last_in=Max("occurred_on", filter=in_scope),
        )
    )
    came = Q(first_in__isnull=False)
    with large_aggregate():
        figures = per_person.aggregate(
            people=Count("person_id", filter=came),
            first_time=Count("person_id", filter=came & (Q(first__gt=scope.since) if scope.since else Q())),
            once=Count("person_id", filter=came & Q(first_in=F("last_in"))),
        )
    people, first_time, once = figures["people"], figures["first_time"], figures["once"]
    shown, _total = _hidden({"first": first_time, "returning": people - first_time})
    if scope.since is None:
        # Over all time everyone took part for the first time within it: the split says nothing.
        shown = {"first": None, "returning": None}
    repeat, _total = _hidden({"once": once, "more": people - once})
    return Reach(
        people=hide_small(people),
        first_time=shown["first"],
        returning=shown["returning"],
        once=repeat["once"],
        more_than_once=repeat["more"],
        invited_never=_invited_never(scope),
    )


def _activities_in(scope: Scope):
    """The activities that happened in the scope's period and match its hub and project."""
    activities = Activity.objects.for_organisation(scope.organisation)
    when = Q(starts_at__date__lte=scope.until) | Q(starts_at__isnull=True, window_closes_on__lte=scope.until)
    if scope.since is not None:
        when &= Q(starts_at__date__gt=scope.since) | Q(starts_at__isnull=True, window_closes_on__gt=scope.since)
    activities = activities.filter(when).exclude(status=Activity.Status.CANCELLED)
    if scope.project is not None:
        activities = activities.filter(project=scope.project)
    if scope.hub is not None:
        activities = activities.filter(Q(venue__hub=scope.hub) | Q(hubs=scope.hub))
    return activities


def _invited_never(scope: Scope) -> list[Breakdown]:
    """Per stakeholder group of the person: people invited in the period, and of them those never involved."""
    involved = Involvement.objects.filter(
        organisation=scope.organisation, person_id=OuterRef("person_id"), occurred_on__lte=scope.until
    )
    invitations = Invitation.objects.for_organisation(scope.organisation).filter(
        activity__in=_activities_in(scope).values("pk"), person__erased_at__isnull=True
    )
    if scope.group is not None:
        invitations = invitations.filter(person__stakeholder_groups=scope.group)
    rows = (
        invitations.annotate(came=Exists(involved))
        .order_by()
        .values_list("person__stakeholder_groups")
        .annotate(
            invited=Count("person_id", distinct=True),
            never=Count("person_id", distinct=True, filter=Q(came=False)),
        )
    )
    labels = _groups(scope)
    found = {str(group_id) if group_id else NO_GROUP: (invited, never) for group_id, invited, never in rows}
    result = []
    for group_id, label in labels.items():
        if group_id not in found:
            continue
        invited, never = found[group_id]
        shown, total = _hidden({"never": never, "came": invited - never})
        result.append(Breakdown(label, {"invited": total, "never": shown["never"]}, total))
    return result


def depth(scope: Scope) -> Depth:
    with large_aggregate():
        return _depth(scope)


def _depth(scope: Scope) -> Depth:
    labels = _groups(scope)
    attended = scope.involvements().filter(kind=Involvement.Kind.ATTENDED)
    degree_columns = [(str(value), str(label)) for value, label in degree_choices()] + [
        (NOT_RECORDED, _("Not recorded"))
    ]
    rows = (
        attended.annotate(degree=Coalesce("activity__stage__achieved_degree", "activity__stage__target_degree"))
        .order_by()
        .values_list("stakeholder_group_id", "degree")
        .annotate(n=Count("pk"))
    )
    by_group: dict[str, dict[str, int]] = {}
    for group_id, degree, n in rows:
        key = str(group_id) if group_id else NO_GROUP
        column = str(degree) if degree else NOT_RECORDED
        by_group.setdefault(key, {})[column] = by_group.get(key, {}).get(column, 0) + n
    by_degree = []
    for group_id, label in labels.items():
        if group_id in by_group:
            counts = {code: by_group[group_id].get(code, 0) for code, _label in degree_columns}
            shown, total = _hidden(counts)
            by_degree.append(Breakdown(label, shown, total))

    way_columns = [(str(way.value), str(way.label)) for way in JoinWay] + [(NOT_RECORDED, _("Not recorded"))]
    rows = (
        attended.order_by()
        .values_list("stakeholder_group_id", "join_way")
        .annotate(n=Count("person_id", distinct=True))
    )
    ways: dict[str, dict[str, int]] = {}
    for group_id, way, n in rows:
        key = str(group_id) if group_id else NO_GROUP
        ways.setdefault(key, {})[way or NOT_RECORDED] = n
    by_way = []
    for group_id, label in labels.items():
        if group_id in ways:
            counts = {code: ways[group_id].get(code, 0) for code, _label in way_columns}
            shown, total = _hidden(counts)
            by_way.append(Breakdown(label, shown, None))
    return Depth(degree_columns, by_degree, way_columns, by_way, _needs(scope))


def _needs(scope: Scope) -> list[Breakdown]:
    """Per access need, counting people (not register lines, so someone who came often is one person): those whose
    register recorded the need (needed), those for whom it was met every time (met), and the others (not met)."""
    labels = {code: str(label) for code, label in ACCESS_NEEDS}
    lines = Attendance.objects.filter(
        pk__in=scope.involvements().filter(kind=Involvement.Kind.ATTENDED).values("source_id")
    )
    aggregates = {}
    for need in Need:
        aggregates[f"{need.value}__needed"] = Count(
            "person_id", distinct=True, filter=Q(needs_provided__has_key=need.value)
        )
        aggregates[f"{need.value}__missed"] = Count(
            "person_id", distinct=True, filter=Q(**{f"needs_provided__{need.value}": False})
        )
    figures = lines.aggregate(**aggregates)
    result = []
    for need in Need:
        needed, missed = figures[f"{need.value}__needed"], figures[f"{need.value}__missed"]
        if needed:
            shown, total = _hidden({"met": needed - missed, "not_met": missed})
            result.append(
                Breakdown(
                    labels.get(need.value, need.value),
                    {"needed": total, "met": shown["met"], "not_met": shown["not_met"]},
                    total,
                )
            )
    return result


def follow_through_figures(scope: Scope) -> FollowThroughFigures:
    promises = Promise.objects.for_organisation(scope.organisation).filter(created_at__date__lte=scope.until)
    contributions = Contribution.objects.for_organisation(scope.organisation).filter(
        created_at__date__lte=scope.until, person__isnull=False
    )
    if scope.since is not None:
        promises = promises.filter(created_at__date__gt=scope.since)
        contributions = contributions.filter(created_at__date__gt=scope.since)
    if scope.project is not None:
        promises = promises.filter(project=scope.project)
        contributions = contributions.filter(project=scope.project)
    if scope.hub is not None:
        promises = promises.filter(project__hubs=scope.hub).distinct()
        contributions = contributions.filter(project__hubs=scope.hub).distinct()
    if scope.group is not None:
        contributions = contributions.filter(person__stakeholder_groups=scope.group)
    figures = follow_through(promises.as_records(), scope.until)
    heard = contributions.annotate(
        heard_at=Min("promises__status_changed_at", filter=Q(promises__status__in=CLOSED_STATUSES))
    )
    pairs = list(heard.order_by().values_list("person_id", "created_at", "heard_at"))
    days = [(heard_at - created).total_seconds() / 86400 for _p, created, heard_at in pairs if heard_at]
    contributors = {person for person, _c, _h in pairs}
    heard_back = {person for person, _c, heard_at in pairs if heard_at}
    shown, total = _hidden({"heard": len(heard_back), "not": len(contributors) - len(heard_back)})
    # When how many people heard back is hidden, so are the figures about their contributions, which would
    # narrow it down (4 contributions answered means at most 4 people).
    people_hidden = shown["heard"] is None
    return FollowThroughFigures(
        promises=figures,
        # Not people, but with few contributors it would narrow down how many there are.
        contributions=None if total is None else len(pairs),
        contributions_heard_back=None if people_hidden else len(days),
        median_days_to_feedback=round(statistics.median(max(0.0, d) for d in days), 1)
        if days and not people_hidden
        else None,
        contributors=total,
        contributors_heard_back=shown["heard"],
    )


def panels(scope: Scope) -> Panels:
    group = StakeholderGroup.objects.for_organisation(scope.organisation).filter(key=PANEL_GROUP_KEY).first()
    if group is None:
        return Panels(None, None, None, None, None)
    through_group = Involvement.objects.for_organisation(scope.organisation).filter(
        stakeholder_group=group, occurred_on__lte=scope.until
    )
    if scope.hub is not None:
        through_group = through_group.filter(hub=scope.hub)
    # One pass: per member, their first and last time through the group, and whether they took part in the scope.
    rows = list(
        through_group.order_by()
        .values("person_id")
        .annotate(first=Min("occurred_on"), last=Max("occurred_on"), active=Count("pk", filter=scope.conditions()))
        .values_list("first", "last", "active")
    )
    spans = [(first, last) for first, last, active in rows if active]
    last_joined = max((first for first, _last, _active in rows), default=None)
    members = len(spans)
    new = sum(1 for first, _last in spans if scope.since is None or first > scope.since)
    shown, total = _hidden({"new": new, "staying": members - new})
    if total is None or not spans:
        # With only a few members, their time involved and when the last one joined would be about one person.
        return Panels(total, None, None, None, group)
    return Panels(
        members=total,
        new_members=shown["new"] if scope.since is not None else None,
        median_tenure_days=round(statistics.median((last - first).days for first, last in spans)),
        last_joined=last_joined,
        group=group,
    )


def sessions_with_men(scope: Scope, kind: str = ActivityKind.CO_DESIGN) -> Sessions:
    """How many sessions of a kind in the scope had at least one man taking part (by the equality answers kept
    when he took part, used only while he allows it), of all such sessions that people took part in."""
    attended = scope.involvements().filter(kind=Involvement.Kind.ATTENDED, activity__kind=kind)
    men = attended.filter(snapshot__answers__sex="male").filter(allowed_answers_q())
    figures = attended.aggregate(total=Count("activity_id", distinct=True))
    with_men = men.aggregate(sessions=Count("activity_id", distinct=True), men=Count("person_id", distinct=True))
    return Sessions(
        kind_label=str(ActivityKind(kind).label).lower().removesuffix(" session"),
        total=figures["total"],
        with_men=with_men["sessions"],
        men=with_men["men"],
    )
