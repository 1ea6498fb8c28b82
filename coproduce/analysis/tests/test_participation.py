"""Treseder's degrees, the crosswalk to Hart, Arnstein and Think Local Act Personal, and the stage warnings."""

from __future__ import annotations

import itertools
import re

import pytest

from coproduce.analysis.participation import (
    ARNSTEIN_RUNGS,
    DEGREES,
    FAMILY_INVOLVEMENT_LABELS,
    HART_RUNGS,
    TLAP_RUNGS,
    Degree,
    FamilyInvolvement,
    ParticipationWarning,
    StageRecord,
    degree_choices,
    degree_info,
    non_participation,
    stage_warnings,
)
from coproduce.analysis.readability import readability

# The family wording, copied from DESIGN.md ("Degrees of participation").
DESIGN_WORDING = {
    1: "Assigned but informed",
    2: "Consulted and informed",
    3: "Service-initiated, shared decisions with families",
    4: "Family-initiated and directed",
    5: "Family-initiated, shared decisions with services",
}

F = FamilyInvolvement


def stage(name: str, order: int, involvement: str, target: int | None = None, achieved: int | None = None):
    return StageRecord(name=name, order=order, target=target, achieved=achieved, family_involvement=involvement)


def codes(warnings: list[ParticipationWarning]) -> list[tuple[str, str | None]]:
    return [(warning.code, warning.stage) for warning in warnings]


# --- the degrees ------------------------------------------------------------------------------------------------


def test_five_degrees_numbered_one_to_five_with_the_design_wording() -> None:
    assert [int(degree) for degree in Degree] == [1, 2, 3, 4, 5]
    assert set(DEGREES) == set(Degree)
    for degree, info in DEGREES.items():
        assert info.degree is degree
        assert info.label == DESIGN_WORDING[degree]


def test_degree_choices_for_forms() -> None:
    choices = degree_choices()
    assert choices == list(DESIGN_WORDING.items())
    assert all(type(value) is int for value, _ in choices)


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_degree_info_accepts_plain_ints_and_enum_members(value: int) -> None:
    assert degree_info(value).degree == value
    assert degree_info(Degree(value)) is DEGREES[Degree(value)]


def test_degree_info_accepts_a_number_as_a_form_sends_it() -> None:
    assert degree_info("3").label == DESIGN_WORDING[3]


@pytest.mark.parametrize("value", [0, 6, -1, 100, None, "six", "", 2.5, True])
def test_degree_info_rejects_anything_but_one_to_five(value: object) -> None:
    with pytest.raises(ValueError, match="from 1 to 5"):
        degree_info(value)  # type: ignore[arg-type]


def test_explanations_say_when_each_degree_is_the_right_choice_without_ranking_them() -> None:
    for info in DEGREES.values():
        assert "right choice" in info.explanation
        assert not re.search(r"\b(better|best|higher|lower|top|bottom)\b", info.explanation + info.example, re.I)
        assert 1 <= readability(info.explanation).sentences <= 3
        assert info.example


# --- the crosswalk ------------------------------------------------------------------------------------------------


def test_hart_ladder_has_eight_rungs_the_first_three_not_participation() -> None:
    assert [rung.number for rung in HART_RUNGS] == list(range(1, 9))
    assert {rung.model for rung in HART_RUNGS} == {"Hart's ladder"}
    assert [rung.name for rung in HART_RUNGS[:3]] == ["Manipulation", "Decoration", "Tokenism"]
    assert [rung.participation for rung in HART_RUNGS] == [False] * 3 + [True] * 5


@pytest.mark.parametrize("degree", list(Degree))
def test_each_treseder_degree_is_hart_rung_three_higher(degree: Degree) -> None:
    rung = DEGREES[degree].hart
    assert rung.model == "Hart's ladder"
    assert rung.number == degree + 3
    assert rung is HART_RUNGS[degree + 2]
    assert rung.participation


def test_hart_rungs_four_and_five_use_the_same_words_as_treseder() -> None:
    # The first two participation rungs read the same in both models; the rest swap children/adults for families.
    assert HART_RUNGS[3].name == DESIGN_WORDING[1]
    assert HART_RUNGS[4].name == DESIGN_WORDING[2]


def test_arnstein_ladder() -> None:
    assert [rung.name for rung in ARNSTEIN_RUNGS] == [
        "Manipulation",
        "Therapy",
        "Informing",
        "Consultation",
        "Placation",
        "Partnership",
        "Delegated power",
        "Citizen control",
    ]
    assert [rung.number for rung in ARNSTEIN_RUNGS] == list(range(1, 9))
    assert {rung.model for rung in ARNSTEIN_RUNGS} == {"Arnstein's ladder"}
    assert [rung.participation for rung in ARNSTEIN_RUNGS] == [False] * 2 + [True] * 6


def test_think_local_act_personal_ladder() -> None:
    assert [rung.name for rung in TLAP_RUNGS] == [
        "Coercing",
        "Educating",
        "Informing",
        "Consulting",
        "Engaging",
        "Co-designing",
        "Co-producing",
    ]
    assert [rung.number for rung in TLAP_RUNGS] == list(range(1, 8))
    assert {rung.model for rung in TLAP_RUNGS} == {"Think Local Act Personal ladder"}
    assert [rung.participation for rung in TLAP_RUNGS] == [False] * 2 + [True] * 5


def names(rungs) -> set[str]:
    return {rung.name for rung in rungs}


def test_crosswalk_to_arnstein_and_tlap() -> None:
    assert names(DEGREES[Degree.ASSIGNED_BUT_INFORMED].arnstein) == {"Informing"}
    assert names(DEGREES[Degree.ASSIGNED_BUT_INFORMED].tlap) == {"Informing"}
    assert names(DEGREES[Degree.CONSULTED_AND_INFORMED].arnstein) == {"Consultation"}
    assert names(DEGREES[Degree.CONSULTED_AND_INFORMED].tlap) == {"Consulting"}
    # Both "shared decisions" degrees are partnerships in Arnstein's terms.
    assert "Partnership" in names(DEGREES[Degree.SERVICE_INITIATED_SHARED_DECISIONS].arnstein)
    assert "Partnership" in names(DEGREES[Degree.FAMILY_INITIATED_SHARED_DECISIONS].arnstein)
    # Families directing the work means the decisions have been handed to them.
    assert "Delegated power" in names(DEGREES[Degree.FAMILY_INITIATED_AND_DIRECTED].arnstein)
    assert "Partnership" not in names(DEGREES[Degree.FAMILY_INITIATED_AND_DIRECTED].arnstein)
    # Family-initiated work is co-production in TLAP's terms; service-initiated shared decisions is not yet.
    for degree in (Degree.FAMILY_INITIATED_AND_DIRECTED, Degree.FAMILY_INITIATED_SHARED_DECISIONS):
        assert "Co-producing" in names(DEGREES[degree].tlap)
    assert "Co-producing" not in names(DEGREES[Degree.SERVICE_INITIATED_SHARED_DECISIONS].tlap)


def test_no_degree_maps_to_a_non_participation_or_placation_rung() -> None:
    for info in DEGREES.values():
        assert info.arnstein and info.tlap
        for rung in (info.hart, *info.arnstein, *info.tlap):
            assert rung.participation, (info.degree, rung)
        assert "Placation" not in names(info.arnstein)


def test_crosswalk_rungs_are_the_ladders_own_rungs_in_order() -> None:
    for info in DEGREES.values():
        assert all(rung in ARNSTEIN_RUNGS for rung in info.arnstein)
        assert all(rung in TLAP_RUNGS for rung in info.tlap)
        assert [rung.number for rung in info.arnstein] == sorted(rung.number for rung in info.arnstein)
        assert [rung.number for rung in info.tlap] == sorted(rung.number for rung in info.tlap)


def test_degrees_one_and_two_sit_below_the_shared_decision_degrees_on_both_ladders() -> None:
    # The circle has no order, but informing and consulting are still less power than sharing decisions.
    def top(rungs) -> int:
        return max(rung.number for rung in rungs)

    for low in (Degree.ASSIGNED_BUT_INFORMED, Degree.CONSULTED_AND_INFORMED):
        for high in (Degree.SERVICE_INITIATED_SHARED_DECISIONS, Degree.FAMILY_INITIATED_SHARED_DECISIONS):
            assert top(DEGREES[low].arnstein) < min(rung.number for rung in DEGREES[high].arnstein)
            assert top(DEGREES[low].tlap) < min(rung.number for rung in DEGREES[high].tlap)


# --- family involvement and non-participation ------------------------------------------------------------------


def test_every_kind_of_involvement_has_a_label() -> None:
    assert set(FAMILY_INVOLVEMENT_LABELS) == set(FamilyInvolvement)
    assert FAMILY_INVOLVEMENT_LABELS[F.DATA_COLLECTION] == "Filled in a questionnaire or survey only"
    assert len(set(FAMILY_INVOLVEMENT_LABELS.values())) == len(FamilyInvolvement)


ACHIEVED = [None, 1, 2, 3, 4, 5]


def expected_rung(involvement: FamilyInvolvement, achieved: int | None) -> int | None:
    """The rules, restated from the brief: the Hart rung number expected, or None."""
    if involvement is F.PRESENT_ONLY:
        return 2
    if involvement is F.DATA_COLLECTION and achieved is not None and achieved >= 3:
        return 3
    if involvement in (F.NONE, F.INFORMED_ONLY) and achieved is not None and achieved >= 2:
        return 1
    return None


@pytest.mark.parametrize(("involvement", "achieved"), list(itertools.product(FamilyInvolvement, ACHIEVED)))
def test_non_participation_table(involvement: FamilyInvolvement, achieved: int | None) -> None:
    found = non_participation(involvement, achieved)
    expected = expected_rung(involvement, achieved)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found.rung is HART_RUNGS[expected - 1]
        assert not found.rung.participation


def test_non_participation_accepts_string_values() -> None:
    assert non_participation("present_only", None) == non_participation(F.PRESENT_ONLY, None)
    assert non_participation("data_collection", 4) == non_participation(F.DATA_COLLECTION, 4)
    assert non_participation("taking_part", 5) is None


def test_decoration_is_named_whatever_degree_is_recorded() -> None:
    found = non_participation(F.PRESENT_ONLY, None)
    assert found is not None
    assert found.rung.name == "Decoration"
    assert "‘decoration’" in found.message
    assert "had no say" in found.message


def test_tokenism_names_the_degree_claimed_and_the_honest_alternative() -> None:
    found = non_participation(F.DATA_COLLECTION, 5)
    assert found is not None
    assert found.rung.name == "Tokenism"
    assert DESIGN_WORDING[5] in found.message
    assert "‘Consulted and informed’" in found.message  # what to record instead


def test_manipulation_is_named_gently_and_says_what_the_record_shows() -> None:
    not_involved = non_participation(F.NONE, 2)
    only_told = non_participation(F.INFORMED_ONLY, 4)
    assert not_involved is not None and only_told is not None
    assert not_involved.rung.name == only_told.rung.name == "Manipulation"
    assert "not involved" in not_involved.message
    assert "only told" in only_told.message
    assert DESIGN_WORDING[2] in not_involved.message and DESIGN_WORDING[4] in only_told.message
    assert "slip" in not_involved.message  # gentle: it may be a recording mistake


def test_non_participation_explains_hart_in_every_message() -> None:
    for involvement, achieved in itertools.product(FamilyInvolvement, ACHIEVED):
        found = non_participation(involvement, achieved)
        if found is not None:
            assert "Roger Hart's ladder of participation" in found.message


def test_non_participation_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="family involvement"):
        non_participation("photographed", 3)
    with pytest.raises(ValueError, match="from 1 to 5"):
        non_participation(F.TAKING_PART, 6)


# --- stage warnings -----------------------------------------------------------------------------------------------


def test_no_stages_no_warnings() -> None:
    assert stage_warnings([]) == []


def test_a_project_co_produced_throughout_that_met_its_targets_has_no_warnings() -> None:
    stages = [
        stage("Scoping", 1, "taking_part", target=3, achieved=3),
        stage("Design", 2, "taking_part", target=5, achieved=5),
        stage("Review", 3, "informed_only", target=1, achieved=1),
    ]
    assert stage_warnings(stages) == []


@pytest.mark.parametrize("involvement", ["none", "informed_only"])
def test_families_missing_from_the_first_stage(involvement: str) -> None:
    warnings = stage_warnings([stage("Scoping", 1, involvement), stage("Design", 2, "taking_part")])
    assert codes(warnings) == [("not_from_the_outset", None)]
    assert "co-produce from the outset" in warnings[0].message
    assert "‘Scoping’" in warnings[0].message


@pytest.mark.parametrize("involvement", ["taking_part", "data_collection", "present_only"])
def test_other_involvement_in_the_first_stage_is_not_flagged_as_late(involvement: str) -> None:
    warnings = stage_warnings([stage("Scoping", 1, involvement), stage("Design", 2, "none")])
    assert "not_from_the_outset" not in {warning.code for warning in warnings}


def test_first_stage_is_the_lowest_order_not_the_first_given() -> None:
    given_late_first = [stage("Design", 2, "none"), stage("Scoping", 1, "taking_part")]
    assert stage_warnings(given_late_first) == []
    given_early_last = [stage("Design", 2, "taking_part"), stage("Scoping", 1, "none")]
    warnings = stage_warnings(given_early_last)
    assert codes(warnings) == [("not_from_the_outset", None)]
    assert "‘Scoping’" in warnings[0].message


def test_stages_sharing_the_first_place_count_together() -> None:
    one_takes_part = [stage("Survey", 1, "none"), stage("Workshop", 1, "taking_part")]
    assert stage_warnings(one_takes_part) == []
    neither = [stage("Survey", 1, "none"), stage("Letter", 1, "informed_only"), stage("Workshop", 2, "taking_part")]
    warnings = stage_warnings(neither)
    assert codes(warnings) == [("not_from_the_outset", None)]
    assert "‘Survey’ and ‘Letter’" in warnings[0].message
    assert "Workshop" not in warnings[0].message


def test_questionnaire_only_stages() -> None:
    warnings = stage_warnings([stage("Scoping", 1, "taking_part"), stage("Survey", 2, "data_collection")])
    assert codes(warnings) == [("data_collection_only", "Survey")]
    assert "on its own it is not co-production" in warnings[0].message


@pytest.mark.parametrize(
    ("target", "achieved", "missed"),
    [
        (3, 2, True),
        (5, 1, True),
        (3, 3, False),
        (2, 4, False),  # beyond the target: the circle is not a ladder, nothing to warn about
        (3, None, False),  # not recorded yet
        (None, 3, False),  # no target set
        (None, None, False),
    ],
)
def test_target_missed_only_when_achieved_falls_short(target: int | None, achieved: int | None, missed: bool) -> None:
    warnings = stage_warnings([stage("Design", 1, "taking_part", target=target, achieved=achieved)])
    assert codes(warnings) == ([("target_missed", "Design")] if missed else [])


def test_target_missed_message_is_neutral_and_names_both_degrees() -> None:
    (warning,) = stage_warnings([stage("Design", 1, "taking_part", target=5, achieved=3)])
    assert DESIGN_WORDING[5] in warning.message and DESIGN_WORDING[3] in warning.message
    assert "circle, not a ladder" in warning.message
    assert "fail" in warning.message  # "not a failure in itself"
    assert "not a failure" in warning.message


def test_non_participation_warnings_carry_the_non_participation_message() -> None:
    stages = [
        stage("Scoping", 1, "taking_part"),
        stage("Launch", 2, "present_only"),
        stage("Report", 3, "none", target=None, achieved=3),
    ]
    warnings = stage_warnings(stages)
    assert codes(warnings) == [("non_participation", "Launch"), ("non_participation", "Report")]
    assert warnings[0].message == non_participation("present_only", None).message
    assert warnings[1].message == non_participation("none", 3).message


def test_one_stage_can_have_several_warnings_most_serious_first() -> None:
    warnings = stage_warnings([stage("Scoping", 1, "taking_part"), stage("Survey", 2, "data_collection", 5, 3)])
    assert codes(warnings) == [
        ("non_participation", "Survey"),
        ("data_collection_only", "Survey"),
        ("target_missed", "Survey"),
    ]


def test_warnings_are_ordered_project_first_then_by_stage_order_whatever_the_input_order() -> None:
    stages = [
        stage("Review", 30, "data_collection"),
        stage("Scoping", 10, "none", target=2, achieved=2),
        stage("Design", 20, "present_only"),
    ]
    expected = [
        ("not_from_the_outset", None),
        ("non_participation", "Scoping"),
        ("non_participation", "Design"),
        ("data_collection_only", "Review"),
    ]
    for permutation in itertools.permutations(stages):
        assert codes(stage_warnings(list(permutation))) == expected
    assert stage_warnings(stages) == stage_warnings(list(reversed(stages)))


def test_stage_warnings_rejects_unknown_involvement() -> None:
    with pytest.raises(ValueError, match="family involvement"):
        stage_warnings([stage("Scoping", 1, "photographed")])


# --- the words themselves -----------------------------------------------------------------------------------------


def user_facing_strings(with_labels: bool = True) -> list[str]:
    strings = [info.explanation for info in DEGREES.values()] + [info.example for info in DEGREES.values()]
    if with_labels:
        strings += list(FAMILY_INVOLVEMENT_LABELS.values())
    for involvement, achieved in itertools.product(FamilyInvolvement, ACHIEVED):
        found = non_participation(involvement, achieved)
        if found is not None:
            strings.append(found.message)
    every_warning = [
        stage("Scoping", 1, "none", 5, 2),
        stage("Survey", 2, "data_collection", 4, 3),
        stage("Launch", 3, "present_only"),
    ]
    strings += [warning.message for warning in stage_warnings(every_warning)]
    return strings


def test_every_warning_code_is_exercised_by_the_wording_checks() -> None:
    every_warning = [stage("Scoping", 1, "none", 5, 2), stage("Survey", 2, "data_collection", 4, 3)]
    assert {w.code for w in stage_warnings(every_warning)} == {
        "not_from_the_outset",
        "data_collection_only",
        "target_missed",
        "non_participation",
    }


def test_user_facing_words_are_plain_english() -> None:
    # Form labels are fragments of a few words, which a reading ease score cannot judge fairly.
    for text in user_facing_strings(with_labels=False):
        score = readability(text)
        assert score.long_sentences == 0, text
        assert score.flesch_reading_ease >= 50, (score.flesch_reading_ease, text)


def test_acronyms_are_explained_where_they_are_used() -> None:
    for text in user_facing_strings():
        for acronym in set(re.findall(r"\b[A-Z]{2,}\b", text)):
            assert f"({acronym})" in text, (acronym, text)


def test_british_spelling() -> None:
    american = re.compile(r"\b(organiz\w*|color|behavior\w*|center|program)\b", re.I)
    for text in user_facing_strings():
        assert not american.search(text), text


@pytest.mark.parametrize(("target", "achieved"), [(7, None), (None, 0), (3, "lots")])
def test_stage_warnings_rejects_degrees_outside_one_to_five(target: object, achieved: object) -> None:
    with pytest.raises(ValueError, match="from 1 to 5"):
        stage_warnings([stage("Scoping", 1, "taking_part", target=target, achieved=achieved)])  # type: ignore[arg-type]
