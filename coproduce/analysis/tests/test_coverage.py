"""Stakeholder coverage: which groups are involved, and how."""

from __future__ import annotations

import pytest

from coproduce.analysis.coverage import (
    COVERAGE_STATUS_LABELS,
    CoverageStatus,
    GroupCoverage,
    Involvement,
    InvolvementKind,
    InvolvementMethod,
    needs_lived_experience,
    stakeholder_coverage,
)

SEEDED_GROUP_KEYS = [
    "families",
    "parent_carer_forums",
    "practitioners",
    "faith_community",
    "commissioners",
    "strategic_bodies",
    "charities",
    "education",
]

LIVED = InvolvementKind.LIVED_EXPERIENCE.value
REP = InvolvementKind.REPRESENTATIVE.value
CO = InvolvementMethod.CO_PRODUCTION.value
Q = InvolvementMethod.QUESTIONNAIRE.value


def one(group_id: str, involvements: list[Involvement], expected: set[str] | None = None) -> GroupCoverage:
    (coverage,) = stakeholder_coverage([group_id], involvements, expected)
    return coverage


def test_a_group_with_nobody_involved() -> None:
    coverage = one("families", [])
    assert coverage == GroupCoverage("families", CoverageStatus.NOBODY, 0, 0, questionnaire_only=False)


@pytest.mark.parametrize("kinds", [[LIVED], [REP], [LIVED, REP, LIVED]])
def test_questionnaires_alone_are_questionnaire_only_whoever_filled_them_in(kinds: list[str]) -> None:
    coverage = one("families", [Involvement("families", kind, Q) for kind in kinds])
    assert coverage.status is CoverageStatus.QUESTIONNAIRE_ONLY
    assert coverage.questionnaire_only
    assert coverage.lived_experience == kinds.count(LIVED)
    assert coverage.representative == kinds.count(REP)


def test_representatives_only_when_lived_experience_is_expected() -> None:
    coverage = one("families", [Involvement("families", REP, CO), Involvement("families", REP, CO)])
    assert coverage.status is CoverageStatus.REPRESENTATIVES_ONLY
    assert (coverage.lived_experience, coverage.representative, coverage.questionnaire_only) == (0, 2, False)


def test_a_lived_experience_questionnaire_does_not_make_up_for_representatives_only_in_co_production() -> None:
    coverage = one("families", [Involvement("families", REP, CO), Involvement("families", LIVED, Q)])
    assert coverage.status is CoverageStatus.REPRESENTATIVES_ONLY
    assert (coverage.lived_experience, coverage.representative) == (1, 1)  # counted, whatever the method
    assert not coverage.questionnaire_only


def test_lived_experience_in_co_production_covers_the_group() -> None:
    coverage = one("families", [Involvement("families", LIVED, CO), Involvement("families", REP, Q)])
    assert coverage.status is CoverageStatus.COVERED
    assert (coverage.lived_experience, coverage.representative, coverage.questionnaire_only) == (1, 1, False)


def test_questionnaire_only_takes_precedence_over_representatives_only() -> None:
    assert one("families", [Involvement("families", REP, Q)]).status is CoverageStatus.QUESTIONNAIRE_ONLY


def test_representatives_cover_groups_that_are_organisations_by_nature() -> None:
    involvements = [Involvement("families", REP, CO), Involvement("commissioners", REP, CO)]
    result = stakeholder_coverage(["families", "commissioners"], involvements, lived_experience_expected={"families"})
    assert [(c.group_id, c.status) for c in result] == [
        ("families", CoverageStatus.REPRESENTATIVES_ONLY),
        ("commissioners", CoverageStatus.COVERED),
    ]


def test_an_empty_expectation_means_representatives_are_enough_everywhere() -> None:
    assert one("families", [Involvement("families", REP, CO)], set()).status is CoverageStatus.COVERED


def test_no_expectation_given_means_every_group_expects_lived_experience() -> None:
    assert one("commissioners", [Involvement("commissioners", REP, CO)]).status is CoverageStatus.REPRESENTATIVES_ONLY


def test_the_expectation_does_not_soften_nobody_or_questionnaire_only() -> None:
    assert one("commissioners", [], set()).status is CoverageStatus.NOBODY
    questionnaire = [Involvement("commissioners", REP, Q)]
    assert one("commissioners", questionnaire, set()).status is CoverageStatus.QUESTIONNAIRE_ONLY


def test_result_follows_the_order_of_group_ids_and_ignores_other_groups() -> None:
    involvements = [
        Involvement("education", LIVED, CO),
        Involvement("retired", LIVED, CO),  # not asked about
        Involvement("families", LIVED, Q),
        Involvement("charities", REP, CO),
    ]
    group_ids = ["families", "charities", "education", "faith_community"]
    result = stakeholder_coverage(group_ids, involvements)
    assert [c.group_id for c in result] == group_ids
    assert [c.status for c in result] == [
        CoverageStatus.QUESTIONNAIRE_ONLY,
        CoverageStatus.REPRESENTATIVES_ONLY,
        CoverageStatus.COVERED,
        CoverageStatus.NOBODY,
    ]
    assert "retired" not in {c.group_id for c in result}


def test_no_groups_no_coverage() -> None:
    assert stakeholder_coverage([], [Involvement("families", LIVED, CO)]) == []


def test_plain_enum_members_work_as_well_as_strings() -> None:
    involvement = Involvement("families", InvolvementKind.LIVED_EXPERIENCE, InvolvementMethod.CO_PRODUCTION)
    coverage = one("families", [involvement])
    assert coverage.status is CoverageStatus.COVERED


@pytest.mark.parametrize(("kind", "method"), [("parent", CO), (LIVED, "survey"), ("", "")])
def test_unknown_kinds_and_methods_are_refused(kind: str, method: str) -> None:
    with pytest.raises(ValueError, match="families"):
        stakeholder_coverage(["families"], [Involvement("families", kind, method)])


def test_unknown_values_for_groups_not_asked_about_are_ignored_too() -> None:
    assert stakeholder_coverage(["families"], [Involvement("other", "parent", "survey")])[0].status == "nobody"


def test_lived_experience_is_needed_only_from_families_and_parent_carer_forums() -> None:
    needing = [key for key in SEEDED_GROUP_KEYS if needs_lived_experience(key)]
    assert needing == ["families", "parent_carer_forums"]
    assert not needs_lived_experience("Families")  # keys are exact
    assert not needs_lived_experience("")


def test_seeded_groups_end_to_end() -> None:
    expected = {key for key in SEEDED_GROUP_KEYS if needs_lived_experience(key)}
    involvements = [
        Involvement("families", LIVED, CO),
        Involvement("parent_carer_forums", REP, CO),
        Involvement("practitioners", REP, CO),
        Involvement("commissioners", REP, Q),
    ]
    statuses = {c.group_id: c.status for c in stakeholder_coverage(SEEDED_GROUP_KEYS, involvements, expected)}
    assert statuses == {
        "families": CoverageStatus.COVERED,
        "parent_carer_forums": CoverageStatus.REPRESENTATIVES_ONLY,
        "practitioners": CoverageStatus.COVERED,
        "faith_community": CoverageStatus.NOBODY,
        "commissioners": CoverageStatus.QUESTIONNAIRE_ONLY,
        "strategic_bodies": CoverageStatus.NOBODY,
        "charities": CoverageStatus.NOBODY,
        "education": CoverageStatus.NOBODY,
    }


def test_every_status_has_a_plain_label_that_explains_its_terms() -> None:
    assert set(COVERAGE_STATUS_LABELS) == set(CoverageStatus)
    assert "lived experience (" in COVERAGE_STATUS_LABELS[CoverageStatus.REPRESENTATIVES_ONLY]
    assert "not co-production" in COVERAGE_STATUS_LABELS[CoverageStatus.QUESTIONNAIRE_ONLY]
