"""Stakeholder coverage of a project: which of the brief's stakeholder groups took part, how (co-production or only a
questionnaire), and whether people with lived experience were involved where that matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class InvolvementKind(StrEnum):
    LIVED_EXPERIENCE = "lived_experience"  # someone speaking from their own experience, e.g. a parent
    REPRESENTATIVE = "representative"  # someone speaking for a group or organisation, e.g. a charity worker


class InvolvementMethod(StrEnum):
    CO_PRODUCTION = "co_production"  # workshops, co-design, panels, meetings, conversations
    QUESTIONNAIRE = "questionnaire"  # data collection only


@dataclass(frozen=True)
class Involvement:
    group_id: str  # the top-level stakeholder group this involvement counts for
    kind: str  # an InvolvementKind value
    method: str  # an InvolvementMethod value


class CoverageStatus(StrEnum):
    NOBODY = "nobody"
    QUESTIONNAIRE_ONLY = "questionnaire_only"
    REPRESENTATIVES_ONLY = "representatives_only"
    COVERED = "covered"


COVERAGE_STATUS_LABELS: dict[CoverageStatus, str] = {
    CoverageStatus.NOBODY: "Nobody from this group is involved yet",
    CoverageStatus.QUESTIONNAIRE_ONLY: (
        "Only through a questionnaire or survey, which collects views but is not co-production on its own"
    ),
    CoverageStatus.REPRESENTATIVES_ONLY: (
        "Only people speaking for the group, not people with lived experience (their own experience of the issue)"
    ),
    CoverageStatus.COVERED: "Involved in co-production",
}


@dataclass(frozen=True)
class GroupCoverage:
    group_id: str
    status: CoverageStatus
    lived_experience: int  # involvements of each kind, by any method
    representative: int
    questionnaire_only: bool  # involved, but only through questionnaires


# The brief's groups whose own members (families, parent carers) should take part, not only people speaking for them.
LIVED_EXPERIENCE_GROUP_KEYS: frozenset[str] = frozenset({"families", "parent_carer_forums"})


def needs_lived_experience(group_key: str) -> bool:
    """True for stakeholder groups (by key) where people with lived experience should be involved, not only
    representatives; for organisations by nature (commissioners, strategic bodies and so on) representatives are normal.
    """
    return group_key in LIVED_EXPERIENCE_GROUP_KEYS


def _validated(involvement: Involvement) -> Involvement:
    try:
        InvolvementKind(involvement.kind)
        InvolvementMethod(involvement.method)
    except ValueError as error:
        raise ValueError(f"Invalid involvement for group {involvement.group_id!r}: {error}") from None
    return involvement


def _status(involvements: list[Involvement], expects_lived_experience: bool) -> CoverageStatus:
    """Precedence: nobody; then questionnaire only; then representatives only (where lived experience is expected)."""
    if not involvements:
        return CoverageStatus.NOBODY
    co_production = [item for item in involvements if item.method == InvolvementMethod.CO_PRODUCTION]
    if not co_production:
        return CoverageStatus.QUESTIONNAIRE_ONLY
    # A lived-experience questionnaire does not make up for co-producing only with representatives.
    if expects_lived_experience and not any(item.kind == InvolvementKind.LIVED_EXPERIENCE for item in co_production):
        return CoverageStatus.REPRESENTATIVES_ONLY
    return CoverageStatus.COVERED


def _count(involvements: Iterable[Involvement], kind: InvolvementKind) -> int:
    return sum(1 for item in involvements if item.kind == kind)


def stakeholder_coverage(
    group_ids: list[str],
    involvements: list[Involvement],
    lived_experience_expected: set[str] | None = None,
) -> list[GroupCoverage]:
    """Coverage of each group, in the order of `group_ids`; involvements for other groups are ignored.

    `lived_experience_expected` holds the group ids for which representatives alone are not enough
    (REPRESENTATIVES_ONLY); for every other group, co-producing with representatives counts as COVERED.
    None means every group expects lived experience.
    """
    wanted = set(group_ids)
    by_group: dict[str, list[Involvement]] = {group_id: [] for group_id in group_ids}
    for involvement in involvements:
        if involvement.group_id in wanted:
            by_group[involvement.group_id].append(_validated(involvement))
    result: list[GroupCoverage] = []
    for group_id in group_ids:
        items = by_group[group_id]
        expects = lived_experience_expected is None or group_id in lived_experience_expected
        status = _status(items, expects)
        result.append(
            GroupCoverage(
                group_id=group_id,
                status=status,
                lived_experience=_count(items, InvolvementKind.LIVED_EXPERIENCE),
                representative=_count(items, InvolvementKind.REPRESENTATIVE),
                questionnaire_only=status is CoverageStatus.QUESTIONNAIRE_ONLY,
            )
        )
    return result
