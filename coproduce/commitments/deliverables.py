"""Where an organisation stands on the five deliverables the family hubs brief asks for, worked out from its
records (never a tick box).

The rules that turn plain facts (counts and dates) into a status and a sentence are pure functions, tested
without the database; `organisation_deliverables` reads the facts in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.commitments.models import (
    Commitment,
    DefinitionCommunication,
    DefinitionVersion,
    ParagraphComment,
    Signature,
    Strategy,
)
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.stakeholders.models import StakeholderGroup


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    IN_PLACE = "in_place"

    @property
    def label(self) -> str:
        return {
            Status.NOT_STARTED: _("Not started"),
            Status.IN_PROGRESS: _("In progress"),
            Status.IN_PLACE: _("In place"),
        }[self]


@dataclass(frozen=True)
class Progress:
    status: Status
    sentence: str


def long_date(day: dt.date) -> str:
    return format_date(day, "j F Y")


# --- the pure rules ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentFacts:
    written: bool
    people: int  # members who signed as themselves, and named people
    partners: int
    shown_publicly: int


def commitment_progress(facts: CommitmentFacts) -> Progress:
    """In place once the commitment is written and signed by at least one person and one partner organisation."""
    if not facts.written:
        return Progress(Status.NOT_STARTED, _("No commitment written yet."))
    if not facts.people and not facts.partners:
        return Progress(Status.IN_PROGRESS, _("Commitment written, but nobody has signed it yet."))
    people = ngettext("%(count)d person", "%(count)d people", facts.people) % {"count": facts.people}
    partners = ngettext("%(count)d partner organisation", "%(count)d partner organisations", facts.partners) % {
        "count": facts.partners
    }
    sentence = _("Commitment signed by %(people)s and %(partners)s (%(public)d shown publicly).") % {
        "people": people,
        "partners": partners,
        "public": facts.shown_publicly,
    }
    status = Status.IN_PLACE if facts.people and facts.partners else Status.IN_PROGRESS
    return Progress(status, sentence)


@dataclass(frozen=True)
class DefinitionFacts:
    adopted_number: int | None
    adopted_on: dt.date | None
    draft_number: int | None
    draft_comments: int
    groups_total: int
    groups_reached: int


def definition_progress(facts: DefinitionFacts) -> Progress:
    """In place once a version is adopted and has been communicated to every one of the stakeholder groups."""
    drafting = ""
    if facts.draft_number is not None:
        drafting = ngettext(
            "Version %(number)d is being drafted, with %(count)d comment so far.",
            "Version %(number)d is being drafted, with %(count)d comments so far.",
            facts.draft_comments,
        ) % {"number": facts.draft_number, "count": facts.draft_comments}
    if facts.adopted_on is None:
        if not drafting:
            return Progress(Status.NOT_STARTED, _("No definition drafted yet."))
        return Progress(Status.IN_PROGRESS, drafting)
    sentence = _("Definition adopted %(date)s, communicated to %(reached)d of %(total)d stakeholder groups.") % {
        "date": long_date(facts.adopted_on),
        "reached": facts.groups_reached,
        "total": facts.groups_total,
    }
    if drafting:
        sentence = f"{sentence} {drafting}"
    reached_all = facts.groups_total > 0 and facts.groups_reached >= facts.groups_total
    return Progress(Status.IN_PLACE if reached_all else Status.IN_PROGRESS, sentence)


@dataclass(frozen=True)
class StrategyRow:
    """One strategy that has not been stopped, as the deliverables need it."""

    area: str
    status: str
    has_time_frame: bool
    is_sustaining: bool
    next_refresh_due: dt.date | None


@dataclass(frozen=True)
class StrategyFacts:
    total: int
    areas: int
    in_place: int
    with_time_frame: int


def strategy_facts(rows: Iterable[StrategyRow]) -> StrategyFacts:
    rows = list(rows)
    return StrategyFacts(
        total=len(rows),
        areas=len({row.area for row in rows}),
        in_place=sum(1 for row in rows if row.status == Strategy.Status.IN_PLACE),
        with_time_frame=sum(1 for row in rows if row.has_time_frame),
    )


def strategies_progress(facts: StrategyFacts) -> Progress:
    """In place once at least one strategy is in place and every strategy has a time frame (start and end)."""
    if not facts.total:
        return Progress(Status.NOT_STARTED, _("No strategies agreed yet."))
    strategies = ngettext("%(count)d strategy", "%(count)d strategies", facts.total) % {"count": facts.total}
    processes = ngettext("%(count)d hub process", "%(count)d hub processes", facts.areas) % {"count": facts.areas}
    sentence = _("%(strategies)s across %(processes)s, %(in_place)d in place; time frames set for %(timed)d.") % {
        "strategies": strategies,
        "processes": processes,
        "in_place": facts.in_place,
        "timed": facts.with_time_frame,
    }
    done = facts.in_place > 0 and facts.with_time_frame == facts.total
    return Progress(Status.IN_PLACE if done else Status.IN_PROGRESS, sentence)


@dataclass(frozen=True)
class SustainingFacts:
    total: int
    in_place: int
    overdue: int
    next_due: dt.date | None  # the soonest refresh not yet overdue


def sustaining_facts(rows: Iterable[StrategyRow], today: dt.date) -> SustainingFacts:
    sustaining = [row for row in rows if row.is_sustaining]
    upcoming = [row.next_refresh_due for row in sustaining if row.next_refresh_due and row.next_refresh_due > today]
    return SustainingFacts(
        total=len(sustaining),
        in_place=sum(1 for row in sustaining if row.status == Strategy.Status.IN_PLACE),
        overdue=sum(1 for row in sustaining if row.next_refresh_due and row.next_refresh_due <= today),
        next_due=min(upcoming, default=None),
    )


def sustaining_progress(facts: SustainingFacts) -> Progress:
    """In place once at least one sustaining strategy is in place and no refresh is overdue."""
    if not facts.total:
        return Progress(
            Status.NOT_STARTED,
            _("No sustaining strategies yet, such as refreshing the members of a parent panel every year."),
        )
    strategies = ngettext("%(count)d sustaining strategy", "%(count)d sustaining strategies", facts.total) % {
        "count": facts.total
    }
    if facts.overdue:
        overdue = ngettext("%(count)d refresh overdue", "%(count)d refreshes overdue", facts.overdue) % {
            "count": facts.overdue
        }
        return Progress(Status.IN_PROGRESS, f"{strategies}, {overdue}.")
    if facts.next_due:
        sentence = _("%(strategies)s, none overdue; next refresh due %(date)s.") % {
            "strategies": strategies,
            "date": long_date(facts.next_due),
        }
    else:
        sentence = _("%(strategies)s, none overdue.") % {"strategies": strategies}
    return Progress(Status.IN_PLACE if facts.in_place else Status.IN_PROGRESS, sentence)


def leads_progress(names: list[str]) -> Progress:
    """In place once the organisation has at least one member with the role of co-production lead."""
    if not names:
        return Progress(
            Status.NOT_STARTED,
            _("No co-production lead yet. An administrator can give a member the role of co-production lead."),
        )
    sentence = ngettext(
        "%(count)d co-production lead: %(names)s.", "%(count)d co-production leads: %(names)s.", len(names)
    ) % {"count": len(names), "names": ", ".join(names)}
    return Progress(Status.IN_PLACE, sentence)


# --- reading the records -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deliverable:
    number: int
    title: str
    brief: str  # what the family hubs brief asks for, in its words
    progress: Progress
    url: str | None
    link_text: str


def _definition_facts(organisation: Organisation) -> DefinitionFacts:
    versions = list(
        DefinitionVersion.objects.for_organisation(organisation)
        .filter(status__in=[DefinitionVersion.Status.ADOPTED, DefinitionVersion.Status.DRAFT])
        .values("pk", "number", "status", "adopted_on")
    )
    adopted = next((v for v in versions if v["status"] == DefinitionVersion.Status.ADOPTED), None)
    draft = next((v for v in versions if v["status"] == DefinitionVersion.Status.DRAFT), None)
    top_level = StakeholderGroup.objects.for_organisation(organisation).top_level()
    reached = 0
    if adopted:
        reached = (
            DefinitionCommunication.objects.for_organisation(organisation)
            .filter(version_id=adopted["pk"], group__parent__isnull=True)
            .aggregate(groups=Count("group", distinct=True))["groups"]
        )
    comments = ParagraphComment.objects.filter(version_id=draft["pk"]).count() if draft else 0
    return DefinitionFacts(
        adopted_number=adopted["number"] if adopted else None,
        adopted_on=adopted["adopted_on"] if adopted else None,
        draft_number=draft["number"] if draft else None,
        draft_comments=comments,
        groups_total=top_level.count(),
        groups_reached=reached,
    )


def _commitment_facts(organisation: Organisation) -> CommitmentFacts:
    written = Commitment.objects.for_organisation(organisation).exclude(text="").exists()
    counts = (
        Signature.objects.for_organisation(organisation)
        .active()
        .aggregate(
            people=Count("pk", filter=Q(kind__in=[Signature.Kind.MEMBER, Signature.Kind.PERSON])),
            partners=Count("pk", filter=Q(kind=Signature.Kind.PARTNER)),
            public=Count("pk", filter=Q(show_publicly=True)),
        )
    )
    return CommitmentFacts(
        written=written, people=counts["people"], partners=counts["partners"], shown_publicly=counts["public"]
    )


def strategy_rows(organisation: Organisation) -> list[StrategyRow]:
    return [
        StrategyRow(
            area=area,
            status=status,
            has_time_frame=start is not None and end is not None,
            is_sustaining=sustaining,
            next_refresh_due=due,
        )
        for area, status, start, end, sustaining, due in Strategy.objects.for_organisation(organisation)
        .current()
        .values_list("area", "status", "start_date", "end_date", "is_sustaining", "next_refresh_due")
    ]


def lead_names(organisation: Organisation) -> list[str]:
    return [
        str(m.user)
        for m in Membership.objects.for_organisation(organisation)
        .filter(role=Role.LEAD)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ]


def organisation_deliverables(organisation: Organisation, *, today: dt.date) -> list[Deliverable]:
    """The five deliverables with their status and sentence, in about ten queries whatever the organisation's size."""
    rows = strategy_rows(organisation)
    sustaining_url = reverse("commitments:strategy_list") + "?sustaining=1"
    return [
        Deliverable(
            1,
            _("Commitment"),
            _("A shared commitment to co-produce from all stakeholders."),
            commitment_progress(_commitment_facts(organisation)),
            reverse("commitments:commitment"),
            _("See the commitment and who has signed it"),
        ),
        Deliverable(
            2,
            _("Shared definition of co-production"),
            _("A shared understanding of what co-production means, communicated to all stakeholders."),
            definition_progress(_definition_facts(organisation)),
            reverse("commitments:definition"),
            _("See the definition"),
        ),
        Deliverable(
            3,
            _("Strategies across hub processes"),
            _("Agreed strategies for co-production throughout family hub processes, with clear time frames."),
            strategies_progress(strategy_facts(rows)),
            reverse("commitments:strategy_list"),
            _("See the strategies"),
        ),
        Deliverable(
            4,
            _("Sustaining co-production"),
            _("Agreed strategies for sustaining co-production, including regular refreshing of involvement."),
            sustaining_progress(sustaining_facts(rows, today)),
            sustaining_url,
            _("See the sustaining strategies"),
        ),
        Deliverable(
            5,
            _("Co-production lead"),
            _(
                "Someone assigned to develop, organise and deliver co-production, and to look after the people "
                "involved."
            ),
            leads_progress(lead_names(organisation)),
            reverse("organisations:member_list"),
            _("Manage members and their roles"),
        ),
    ]


def without_link(deliverable: Deliverable) -> Deliverable:
    return replace(deliverable, url=None)
