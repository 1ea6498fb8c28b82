"""Statistical disclosure control for small counts: tables of "how many people" that are safe to show.

A count of 1 to 4 people can point at someone, so it is hidden (primary suppression). When exactly one cell of a
table is hidden and the table's total is shown, that cell could be worked out by subtracting the others from the
total, so the next smallest non-zero cell is hidden too (secondary suppression). When the total itself is under
the threshold, every cell (and the total) is hidden. Zero is shown: it names nobody.
"""

from __future__ import annotations

from collections.abc import Mapping

THRESHOLD = 5


def table_total(counts: Mapping[str, int], *, threshold: int = THRESHOLD) -> int | None:
    """The table's total, or None when it is under the threshold (and must be hidden too). A total of zero is
    shown: an empty table names nobody."""
    return hide_small(sum(counts.values()), threshold=threshold)


def hide_small(count: int, *, threshold: int = THRESHOLD) -> int | None:
    """One count of people on its own: None when it could identify someone (1 to threshold - 1)."""
    return None if 0 < count < threshold else count


def suppress(counts: Mapping[str, int], *, threshold: int = THRESHOLD) -> dict[str, int | None]:
    """The counts with those that could identify someone replaced by None, in the same order.

    Cells from 1 to threshold - 1 are hidden. If that hides exactly one cell while the total is shown, the
    smallest other non-zero cell is hidden as well (the first such in the table's order when several tie), so
    neither can be derived by subtraction. Hidden cells are never all 1s that the total would give away (their
    sum, known from the total, would pin each one down), so more are hidden while that is so. If the total is
    under the threshold, every cell is hidden.
    """
    if threshold < 1:
        raise ValueError("The threshold must be at least 1")
    if any(value < 0 for value in counts.values()):
        raise ValueError("Counts cannot be negative")
    if table_total(counts, threshold=threshold) is None:
        return dict.fromkeys(counts)
    hidden = {key for key, value in counts.items() if 0 < value < threshold}

    def hide_next_smallest() -> bool:
        others = [
            (value, index, key) for index, (key, value) in enumerate(counts.items()) if key not in hidden and value
        ]
        if others:
            hidden.add(min(others)[2])
        return bool(others)

    if len(hidden) == 1:
        hide_next_smallest()
    # Zeros are shown, so every hidden cell is at least 1: when the hidden cells add up to no more than how many
    # there are (the total minus the shown cells tells that sum), each must be exactly 1. Hide more until not.
    while hidden and sum(counts[key] for key in hidden) <= len(hidden) and hide_next_smallest():
        pass
    return {key: (None if key in hidden else value) for key, value in counts.items()}


def display(value: int | None, *, threshold: int = THRESHOLD) -> str:
    """How a possibly hidden count reads in a table or export."""
    return f"Fewer than {threshold}" if value is None else str(value)
