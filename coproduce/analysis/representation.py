"""Whose voices are missing: the share of people involved in each group against the group's share of the population.

- `wilson_interval(successes, n)` is the Wilson score interval for a proportion. It is used rather than the
  textbook "p ± 1.96 × standard error" because it stays inside 0 to 1 and behaves sensibly for small groups and
  for shares of 0 or 1, which are common here (a group nobody from has taken part yet).
- `representation(participants, population)` builds one row per category: the participant count and share, the
  interval on that share, the population share, the representation ratio (participant share ÷ population share,
  1 means "in proportion") with its interval, and a flag when the whole interval lies below ("under") or above
  ("over") the population share — a difference too large to be put down to chance with this many people.

Small counts are hidden with `disclosure.suppress` (primary and secondary suppression), and a hidden row shows no
share, interval, ratio or flag either: with the total shown, a share is the count divided by the total, the ratio
is the share divided by a published population share, and the interval's ends pin down the share, so any of them
would give the hidden count back. Shares, intervals and ratios for shown rows only repeat what the shown count and
total already say. When the total is zero there is no share (0 of 0 is undefined) and the interval is the whole
range, 0 to 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from coproduce.analysis.disclosure import THRESHOLD, suppress, table_total

UNDER = "under"
OVER = "over"


@dataclass(frozen=True)
class RepresentationRow:
    category: str
    participants: int | None  # None when hidden
    share: float | None  # of all participants; None when hidden or when nobody took part
    ci_low: float | None  # Wilson interval on the share; None when hidden
    ci_high: float | None
    population_share: float
    ratio: float | None  # share / population_share; None when hidden, undefined, or the population share is 0
    ratio_low: float | None  # ci_low / population_share, likewise
    ratio_high: float | None
    suppressed: bool
    flag: str  # UNDER, OVER or "" (always "" when hidden, and when the category is not in the population figures)
    in_population: bool = True  # False for a category the benchmark does not have: nothing to compare with


@dataclass(frozen=True)
class RepresentationTable:
    rows: tuple[RepresentationRow, ...]
    total: int | None  # people involved; None when under the threshold (then every row is hidden too)
    method: str  # plain English, for the page: what the interval means and why some numbers are hidden
    threshold: int = THRESHOLD
    z: float = 1.96


def _check_count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, not {value!r}.")
    if value < 0:
        raise ValueError(f"{what} cannot be negative (got {value}).")
    return value


def _check_z(z: float) -> None:
    if not (isinstance(z, int | float) and math.isfinite(z) and z > 0):
        raise ValueError(f"z must be a positive number, such as 1.96 for a 95% interval (got {z!r}).")


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for the proportion successes / n, as (low, high), both within 0 to 1.

    With n == 0 nothing is known, so the interval is the whole range (0.0, 1.0). The ends are clamped so that
    rounding never takes them outside 0 to 1 or past the point share successes / n, which they always contain.
    """
    _check_count(successes, "The number of successes")
    _check_count(n, "The number of people")
    _check_z(z)
    if successes > n:
        raise ValueError(f"The number of successes ({successes}) cannot be more than the number of people ({n}).")
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, min(centre - half_width, p))
    high = 1.0 if successes == n else min(1.0, max(centre + half_width, p))
    return (low, high)


def confidence_level(z: float) -> float:
    """The two-sided confidence level for z, e.g. 0.95 for 1.96."""
    _check_z(z)
    return math.erf(z / math.sqrt(2))


def method_text(*, threshold: int = THRESHOLD, z: float = 1.96) -> str:
    """How to read the table, in plain English, for the page (and exports) to show beneath it."""
    percent = round(confidence_level(z) * 100)
    return (
        f"The range for each group is where its true share most likely lies ({percent}% confidence): a group is "
        f"marked as under- or over-represented only when the whole range is below or above its share of the local "
        f"population. Groups with fewer than {threshold} people are hidden, along with any number that would let "
        f"them be worked out, so that nobody can be identified."
    )


def _shares(population: Mapping[str, float]) -> dict[str, float]:
    """Population counts or shares as shares. No figures at all (an empty mapping) means no benchmark: every
    category is then outside the population figures."""
    if not population:
        return {}
    for category, value in population.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"The population figure for {category!r} must be a number (got {value!r}).")
        if value < 0:
            raise ValueError(f"The population figure for {category!r} cannot be negative (got {value}).")
    total = math.fsum(population.values())
    if total == 0:
        raise ValueError("The population figures add up to 0, so there are no shares to compare against.")
    return {category: value / total for category, value in population.items()}


def _divide(value: float | None, by: float) -> float | None:
    return None if value is None or by == 0 else value / by


def representation(
    participants: Mapping[str, int],
    population: Mapping[str, float],
    *,
    threshold: int = THRESHOLD,
    z: float = 1.96,
    people: int | None = None,
) -> RepresentationTable:
    """Each category's share of the people involved against its share of the population.

    participants: how many people are in each category, counting each person once. population: counts or shares
    per category (normalised to shares, so either works). A category missing from one side counts as 0 there.
    Rows follow the population's order, then categories only the participants have, in their order. A category
    missing from the population figures has nothing to compare with: no ratio and no flag, and `in_population` is
    False so the page can say so (the benchmark may simply not count that group). A population that adds up to 0
    is an error; no population figures at all (an empty mapping) gives the participants' shares with nothing to
    compare with.

    people: for a characteristic where one person can be in several categories (such as stakeholder groups), how
    many different people took part: shares are of them, so they can add up to more than 1. Without it, the people
    are the sum of the counts.
    """
    counts = {category: _check_count(value, f"The count for {category!r}") for category, value in participants.items()}
    shares = _shares(population)
    _check_z(z)
    order = list(shares) + [category for category in counts if category not in shares]
    table = {category: counts.get(category, 0) for category in order}
    shown = suppress(table, threshold=threshold)
    n = sum(table.values()) if people is None else _check_count(people, "The number of people")
    if people is not None and any(count > people for count in table.values()):
        raise ValueError(f"No category can have more people than the {people} who took part.")
    total = (
        table_total(table, threshold=threshold) if people is None else table_total({"all": people}, threshold=threshold)
    )
    rows = []
    for category in order:
        population_share = shares.get(category, 0.0)
        in_population = category in shares
        count = shown[category]
        if count is None:
            rows.append(
                RepresentationRow(
                    category, None, None, None, None, population_share, None, None, None, True, "", in_population
                )
            )
            continue
        share = count / n if n else None
        low, high = wilson_interval(count, n, z)
        flag = "" if not in_population else UNDER if high < population_share else OVER if low > population_share else ""
        rows.append(
            RepresentationRow(
                category=category,
                participants=count,
                share=share,
                ci_low=low,
                ci_high=high,
                population_share=population_share,
                ratio=_divide(share, population_share),
                ratio_low=_divide(low, population_share),
                ratio_high=_divide(high, population_share),
                suppressed=False,
                flag=flag,
                in_population=in_population,
            )
        )
    return RepresentationTable(
        rows=tuple(rows), total=total, method=method_text(threshold=threshold, z=z), threshold=threshold, z=z
    )
