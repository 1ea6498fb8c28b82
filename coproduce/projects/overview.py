"""What the project page shows at a glance, worked out from the records by the pure functions in
`coproduce/analysis/` (stakeholder coverage, participation warnings, the crosswalk of degrees)."""

from __future__ import annotations

from dataclasses import dataclass

from coproduce.analysis.coverage import CoverageStatus, Involvement, needs_lived_experience, stakeholder_coverage
from coproduce.analysis.participation import (
    DegreeInfo,
    ParticipationWarning,
    StageRecord,
    degree_info,
    non_participation,
    stage_warnings,
)
from coproduce.projects.models import Project, ProjectStakeholder, Stage
from coproduce.stakeholders.models import StakeholderGroup

COVERAGE_WORDS = {
    CoverageStatus.NOBODY: "Nobody involved",
    CoverageStatus.QUESTIONNAIRE_ONLY: "Questionnaire only",
    CoverageStatus.REPRESENTATIVES_ONLY: "Representatives only",
    CoverageStatus.COVERED: "Involved",
}
REPRESENTATIVES_PROMPT = (
    "Only representatives speak for this group so far. Involve people with lived experience too: they bring a "
    "different, equally valid view."
)
QUESTIONNAIRE_PROMPT = (
    "This group has only answered a questionnaire. That is data collection, not co-production: invite them to "
    "take part in shaping the work."
)


@dataclass(frozen=True)
class GroupRow:
    group: StakeholderGroup
    status: CoverageStatus
    words: str
    prompt: str
    involvements: list[ProjectStakeholder]


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    target: DegreeInfo | None
    achieved: DegreeInfo | None
    looks_like: str  # non-participation message, or ""


def coverage_rows(groups: list[StakeholderGroup], involvements: list[ProjectStakeholder]) -> list[GroupRow]:
    """One row per top-level stakeholder group: who is involved (sub-groups count for their parent) and, where
    there is a gap, what to do about it."""
    top = [g for g in groups if g.parent_id is None]
    by_group: dict[str, list[ProjectStakeholder]] = {str(g.pk): [] for g in top}
    for involvement in involvements:
        key = str(involvement.group.parent_id or involvement.group_id)
        by_group.setdefault(key, []).append(involvement)
    coverage = stakeholder_coverage(
        [str(g.pk) for g in top],
        [Involvement(group_id=key, kind=i.kind, method=i.method) for key, rows in by_group.items() for i in rows],
        lived_experience_expected={str(g.pk) for g in top if needs_lived_experience(g.key)},
    )
    rows = []
    for group, result in zip(top, coverage, strict=True):
        prompt = {
            CoverageStatus.NOBODY: group.outreach_prompt,
            CoverageStatus.QUESTIONNAIRE_ONLY: QUESTIONNAIRE_PROMPT,
            CoverageStatus.REPRESENTATIVES_ONLY: REPRESENTATIVES_PROMPT,
        }.get(result.status, "")
        rows.append(GroupRow(group, result.status, COVERAGE_WORDS[result.status], prompt, by_group[str(group.pk)]))
    return rows


def stage_rows(stages: list[Stage]) -> list[StageRow]:
    rows = []
    for stage in stages:
        flagged = non_participation(stage.family_involvement, stage.achieved_degree)
        rows.append(
            StageRow(
                stage,
                degree_info(stage.target_degree) if stage.target_degree else None,
                degree_info(stage.achieved_degree) if stage.achieved_degree else None,
                flagged.message if flagged else "",
            )
        )
    return rows


def participation_warnings(stages: list[Stage]) -> list[ParticipationWarning]:
    return stage_warnings(
        [
            StageRecord(
                name=s.name,
                order=s.order,
                target=s.target_degree,
                achieved=s.achieved_degree,
                family_involvement=s.family_involvement,
            )
            for s in stages
        ]
    )


def project_overview(project: Project) -> dict:
    """Everything the project page needs, in a fixed number of queries whatever the size of the project."""
    groups = list(StakeholderGroup.objects.for_organisation(project.organisation))
    involvements = list(project.stakeholders.select_related("group", "partner", "person"))
    stages = list(project.stages.all())
    return {
        "coverage": coverage_rows(groups, involvements),
        "stages": stage_rows(stages),
        "warnings": participation_warnings(stages),
        "involvements": involvements,
    }
