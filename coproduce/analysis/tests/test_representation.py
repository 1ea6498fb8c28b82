"""Representation against the population: Wilson intervals, ratios, flags and small-number suppression."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.analysis.representation import (
    OVER,
    UNDER,
    RepresentationTable,
    confidence_level,
    representation,
    wilson_interval,
)


def rows_by_category(table: RepresentationTable) -> dict:
    return {row.category: row for row in table.rows}


# Wilson interval -----------------------------------------------------------------------------------------------
# Checked by hand with the closed form (2np + z² ± z·√(z² + 4np(1 − p))) / (2(n + z²)), z = 1.96, z² = 3.8416:
# 12 of 50: (24 + 3.8416 ± 1.96·√(3.8416 + 36.48)) / 107.6832 = (27.8416 ± 12.44586) / 107.6832 → 0.1430, 0.3741.
# 0 of 10: (3.8416 ± 1.96·√3.8416) / 27.6832 = (3.8416 ± 3.8416) / 27.6832 → 0, 0.2775.
# 10 of 10 is the mirror image of 0 of 10 → 0.7225, 1.


@pytest.mark.parametrize(
    ("successes", "n", "expected"),
    [
        (12, 50, (0.1430, 0.3741)),
        (0, 10, (0.0, 0.2775)),
        (10, 10, (0.7225, 1.0)),
        (40, 100, (0.3094, 0.4980)),
    ],
)
def test_wilson_matches_hand_computed_values(successes: int, n: int, expected: tuple[float, float]) -> None:
    low, high = wilson_interval(successes, n)
    assert (round(low, 4), round(high, 4)) == expected


def test_wilson_ends_are_exact_at_zero_and_all() -> None:
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0


def test_wilson_with_nobody_is_the_whole_range() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_a_wider_z_gives_a_wider_interval() -> None:
    low95, high95 = wilson_interval(12, 50)
    low99, high99 = wilson_interval(12, 50, z=2.576)
    assert low99 < low95 and high99 > high95


@pytest.mark.parametrize(
    ("successes", "n", "z", "message"),
    [
        (-1, 10, 1.96, "cannot be negative"),
        (1, -10, 1.96, "cannot be negative"),
        (11, 10, 1.96, "cannot be more than"),
        (1, 10, 0.0, "z must be a positive number"),
        (1, 10, -1.96, "z must be a positive number"),
        (1, 10, math.nan, "z must be a positive number"),
        (1.5, 10, 1.96, "whole number"),
        (True, 10, 1.96, "whole number"),
    ],
)
def test_wilson_rejects_bad_input(successes: int, n: int, z: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wilson_interval(successes, n, z)


@given(st.integers(0, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))), st.floats(0.5, 4))
def test_wilson_stays_in_range_and_contains_the_share(case: tuple[int, int], z: float) -> None:
    successes, n = case
    low, high = wilson_interval(successes, n, z)
    assert 0.0 <= low <= high <= 1.0
    if n:
        assert low <= successes / n <= high


def test_confidence_level_of_1_96_is_95_percent() -> None:
    assert round(confidence_level(1.96), 3) == 0.95


# The table -----------------------------------------------------------------------------------------------------

CRAFTED = representation({"a": 40, "b": 50, "c": 10}, {"a": 600, "b": 300, "c": 100})


def test_shares_ratios_and_flags_on_a_crafted_table() -> None:
    rows = rows_by_category(CRAFTED)
    assert CRAFTED.total == 100
    assert [row.participants for row in CRAFTED.rows] == [40, 50, 10]
    assert rows["a"].share == pytest.approx(0.4) and rows["a"].population_share == pytest.approx(0.6)
    assert rows["a"].ratio == pytest.approx(0.4 / 0.6)
    assert (rows["a"].ci_low, rows["a"].ci_high) == wilson_interval(40, 100)
    assert rows["a"].ratio_low == pytest.approx(rows["a"].ci_low / 0.6)
    assert rows["a"].ratio_high == pytest.approx(rows["a"].ci_high / 0.6)
    # a: 40% (30.9% to 49.8%) of those involved against 60% of the population: well below its share.
    assert rows["a"].flag == UNDER
    # b: 50% (40.4% to 59.6%) against 30%: well above.
    assert rows["b"].flag == OVER and rows["b"].ratio == pytest.approx(5 / 3)
    # c: 10% (5.5% to 17.4%) against 10%: in proportion.
    assert rows["c"].flag == "" and rows["c"].ratio == pytest.approx(1.0)
    assert not any(row.suppressed for row in CRAFTED.rows)


def test_population_counts_and_shares_give_the_same_table() -> None:
    as_shares = representation({"a": 40, "b": 50, "c": 10}, {"a": 0.6, "b": 0.3, "c": 0.1})
    for left, right in zip(CRAFTED.rows, as_shares.rows, strict=True):
        assert left.population_share == pytest.approx(right.population_share)
        assert left.flag == right.flag


def test_a_small_gap_with_few_people_is_not_flagged() -> None:
    # 5 of 20 (25%) against 40%: below, but the interval (11.2% to 46.9%) still includes 40%.
    row = rows_by_category(representation({"dads": 5, "mums": 15}, {"dads": 40, "mums": 60}))["dads"]
    assert row.share == pytest.approx(0.25) and row.flag == ""


def test_small_cells_are_hidden_with_their_share_interval_ratio_and_flag() -> None:
    table = representation(
        {"white": 40, "asian": 7, "black": 3, "mixed": 0}, {"white": 50, "asian": 20, "black": 25, "mixed": 5}
    )
    rows = rows_by_category(table)
    assert table.total == 50
    # black (3) is hidden; asian (7), the next smallest non-zero, is hidden too so black cannot be worked out.
    for category in ("black", "asian"):
        row = rows[category]
        assert row.suppressed
        assert (row.participants, row.share, row.ci_low, row.ci_high) == (None, None, None, None)
        assert (row.ratio, row.ratio_low, row.ratio_high, row.flag) == (None, None, None, "")
    # The population share is public anyway and stays.
    assert rows["black"].population_share == pytest.approx(0.25)
    assert rows["white"].participants == 40 and not rows["white"].suppressed
    assert rows["mixed"].participants == 0 and rows["mixed"].share == 0.0 and not rows["mixed"].suppressed


def test_a_total_under_the_threshold_hides_everything() -> None:
    table = representation({"a": 2, "b": 2}, {"a": 1, "b": 1})
    assert table.total is None
    assert all(row.suppressed and row.share is None and row.ci_high is None for row in table.rows)


def test_a_custom_threshold_is_used_and_explained() -> None:
    table = representation({"a": 8, "b": 30, "c": 30}, {"a": 1, "b": 1, "c": 1}, threshold=10)
    assert rows_by_category(table)["a"].suppressed
    assert "fewer than 10 people" in table.method


def test_nobody_involved_has_no_shares() -> None:
    table = representation({}, {"a": 3, "b": 1})
    assert table.total == 0
    row = rows_by_category(table)["a"]
    assert row.participants == 0 and row.share is None and row.ratio is None and row.flag == ""
    assert (row.ci_low, row.ci_high) == (0.0, 1.0)


def test_missing_categories_count_as_zero_and_keep_the_population_order() -> None:
    table = representation({"other": 6, "b": 20, "a": 10}, {"a": 50, "b": 30, "c": 20})
    assert [row.category for row in table.rows] == ["a", "b", "c", "other"]
    rows = rows_by_category(table)
    assert rows["c"].participants == 0 and rows["c"].share == 0.0
    assert rows["c"].flag == UNDER  # none of 36 (interval 0% to 9.6%) against 20% of the population
    assert rows["other"].population_share == 0.0
    assert rows["other"].ratio is None and rows["other"].ratio_low is None and rows["other"].ratio_high is None
    # Not in the population figures: nothing to compare with, so no flag (the page says so).
    assert rows["other"].share == pytest.approx(6 / 36) and rows["other"].flag == ""
    assert rows["other"].in_population is False and rows["c"].in_population is True


def test_method_explains_the_interval_and_the_hiding() -> None:
    assert "95% confidence" in CRAFTED.method
    assert "fewer than 5 people" in CRAFTED.method
    assert "99% confidence" in representation({"a": 10}, {"a": 1}, z=2.576).method


@pytest.mark.parametrize(
    ("participants", "population", "message"),
    [
        ({"a": 5}, {"a": 0, "b": 0}, "add up to 0"),
        ({"a": 5}, {"a": -1, "b": 3}, "cannot be negative"),
        ({"a": 5}, {"a": math.nan}, "must be a number"),
        ({"a": 5}, {"a": "12"}, "must be a number"),
        ({"a": -5}, {"a": 1}, "cannot be negative"),
        ({"a": 2.5}, {"a": 1}, "whole number"),
    ],
)
def test_representation_rejects_bad_input(participants: dict, population: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        representation(participants, population)


def test_representation_rejects_a_bad_z() -> None:
    with pytest.raises(ValueError, match="z must be a positive number"):
        representation({"a": 5}, {"a": 1}, z=0)


# Properties ----------------------------------------------------------------------------------------------------

CATEGORIES = st.sampled_from(["a", "b", "c", "d", "e", "f"])
counts_st = st.dictionaries(CATEGORIES, st.integers(0, 30), max_size=6)
population_st = st.dictionaries(CATEGORIES, st.integers(0, 1000) | st.floats(0, 1), max_size=6).filter(
    lambda population: sum(population.values()) > 0
)


@given(counts_st, population_st)
def test_shown_intervals_are_in_range_and_contain_the_share(counts: dict, population: dict) -> None:
    for row in representation(counts, population).rows:
        if row.suppressed or row.share is None:
            continue
        assert 0.0 <= row.ci_low <= row.share <= row.ci_high <= 1.0
        if row.flag == UNDER:
            assert row.share < row.population_share
        if row.flag == OVER:
            assert row.share > row.population_share


@given(st.dictionaries(CATEGORIES, st.just(0) | st.integers(5, 500), min_size=1, max_size=6), population_st)
def test_shares_sum_to_one_when_nothing_is_hidden(counts: dict, population: dict) -> None:
    if not sum(counts.values()):
        counts = {**counts, "a": 5}
    table = representation(counts, population)
    assert not any(row.suppressed for row in table.rows)
    assert math.fsum(row.share for row in table.rows) == pytest.approx(1.0)
    assert math.fsum(row.population_share for row in table.rows) == pytest.approx(1.0)


@given(counts_st, population_st)
def test_no_hidden_count_can_be_worked_out(counts: dict, population: dict) -> None:
    table = representation(counts, population)
    hidden = [row for row in table.rows if row.suppressed]
    # The subtraction attack needs the total and exactly one hidden cell.
    assert table.total is None or len(hidden) != 1
    if table.total is None:
        assert all(row.suppressed for row in table.rows)
    for row in hidden:
        assert (row.participants, row.share, row.ci_low, row.ci_high) == (None, None, None, None)
        assert (row.ratio, row.ratio_low, row.ratio_high, row.flag) == (None, None, None, "")
    for row in table.rows:
        if row.participants and not row.suppressed:
            assert row.participants >= table.threshold
            # A shown share says nothing the shown count and total do not already say.
            assert row.share == pytest.approx(row.participants / table.total)


def test_no_population_figures_gives_shares_with_nothing_to_compare() -> None:
    table = representation({"a": 30, "b": 10}, {})
    assert [row.share for row in table.rows] == [0.75, 0.25]
    assert all(not row.in_population and row.flag == "" and row.ratio is None for row in table.rows)


def test_several_categories_per_person_share_of_people() -> None:
    # 40 people, of whom 30 are in group a and 20 in group b (10 in both).
    table = representation({"a": 30, "b": 20}, {"a": 1, "b": 1}, people=40)
    assert table.total == 40
    assert [row.share for row in table.rows] == [0.75, 0.5]
    with pytest.raises(ValueError, match="more people"):
        representation({"a": 41}, {}, people=40)
