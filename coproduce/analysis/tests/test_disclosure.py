"""Small-number suppression: primary, secondary (against the subtraction attack) and small totals."""

from __future__ import annotations

import itertools

import pytest

from coproduce.analysis.disclosure import display, suppress, table_total


def derivable_cells(shown: dict[str, int | None], total: int | None) -> set[str]:
    """The hidden cells an attacker can work out from the shown cells and the total (the subtraction attack)."""
    hidden = [key for key, value in shown.items() if value is None]
    if total is None or len(hidden) != 1:
        return set()
    return set(hidden)


def test_counts_of_five_or_more_are_shown() -> None:
    assert suppress({"yes": 5, "no": 12}) == {"yes": 5, "no": 12}


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_counts_from_one_to_four_are_hidden(small: int) -> None:
    shown = suppress({"a": small, "b": 3, "c": 20})
    assert shown["a"] is None and shown["b"] is None
    assert shown["c"] == 20


def test_zero_is_shown() -> None:
    assert suppress({"a": 0, "b": 7, "c": 9}) == {"a": 0, "b": 7, "c": 9}


def test_a_single_hidden_cell_takes_the_next_smallest_with_it() -> None:
    shown = suppress({"bisexual": 2, "straight": 40, "gay_lesbian": 6, "prefer_not": 0})
    assert shown == {"bisexual": None, "straight": 40, "gay_lesbian": None, "prefer_not": 0}


def test_the_subtraction_attack_fails() -> None:
    counts = {"bisexual": 2, "straight": 40, "gay_lesbian": 6}
    shown = suppress(counts)
    total = table_total(counts)
    assert total == 48
    # Without secondary suppression, 48 - 40 - 6 would give the 2 away.
    assert derivable_cells(shown, total) == set()
    known = sum(value for value in shown.values() if value is not None)
    assert total - known == 8  # only the sum of two hidden cells is known, not either one


def test_secondary_suppression_picks_the_smallest_non_zero_and_breaks_ties_by_order() -> None:
    shown = suppress({"a": 3, "b": 9, "c": 0, "d": 7, "e": 7})
    assert shown == {"a": None, "b": 9, "c": 0, "d": None, "e": 7}


def test_two_hidden_cells_need_no_secondary_suppression() -> None:
    assert suppress({"a": 1, "b": 2, "c": 30, "d": 8}) == {"a": None, "b": None, "c": 30, "d": 8}


def test_a_total_under_the_threshold_hides_every_cell() -> None:
    counts = {"a": 2, "b": 0, "c": 2}
    assert suppress(counts) == {"a": None, "b": None, "c": None}
    assert table_total(counts) is None


def test_a_single_person_table_hides_everything() -> None:
    assert suppress({"only": 1}) == {"only": None}


def test_an_empty_table_shows_its_zeros() -> None:
    assert suppress({"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert table_total({"a": 0, "b": 0}) == 0
    assert suppress({}) == {}


def test_the_threshold_can_be_changed() -> None:
    assert suppress({"a": 9, "b": 30, "c": 12}, threshold=10) == {"a": None, "b": 30, "c": None}
    assert suppress({"a": 1, "b": 1}, threshold=1) == {"a": 1, "b": 1}


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        suppress({"a": -1, "b": 10})
    with pytest.raises(ValueError):
        suppress({"a": 1}, threshold=0)


def test_order_is_kept() -> None:
    assert list(suppress({"z": 10, "a": 1, "m": 12})) == ["z", "a", "m"]


def test_no_table_ever_leaves_exactly_one_hidden_cell_with_its_total_shown() -> None:
    """Exhaustively over small tables: every shown count is 0 or at least 5, and no hidden cell is derivable."""
    for values in itertools.product([0, 1, 2, 4, 5, 6, 11], repeat=4):
        counts = dict(zip("abcd", values, strict=True))
        shown = suppress(counts)
        total = table_total(counts)
        assert all(value is None or value == 0 or value >= 5 for value in shown.values()), counts
        assert derivable_cells(shown, total) == set(), counts
        # Whatever is shown is the true count.
        assert all(value is None or value == counts[key] for key, value in shown.items())


def test_display() -> None:
    assert display(None) == "Fewer than 5"
    assert display(0) == "0"
    assert display(12) == "12"
    assert display(None, threshold=10) == "Fewer than 10"


def test_one_count_on_its_own() -> None:
    from coproduce.analysis.disclosure import hide_small

    assert [hide_small(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]
    assert hide_small(2, threshold=2) == 2
