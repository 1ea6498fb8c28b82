"""Payments arithmetic in pence: typed amounts, honoraria by hour and session, totals and budgets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.analysis.payments import (
    AmountError,
    Budget,
    Line,
    format_pence,
    honorarium_pence,
    hours_between,
    parse_pounds,
    pence_to_pounds,
    pounds_to_pence,
    summarise,
    summarise_totals,
)

rates = st.integers(min_value=0, max_value=100_000)
hours = st.decimals(min_value=0, max_value=99, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("15", 1500),
        ("15.00", 1500),
        ("15.5", 1550),
        ("£15.00", 1500),
        (" £ 7.25 ", 725),
        ("1,250.50", 125050),
        ("0", 0),
        ("0.01", 1),
        (".5", 50),
        ("15.", 1500),
    ],
)
def test_it_reads_amounts_typed_in_pounds(typed: str, pence: int) -> None:
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-5", "negative"),
        ("£-5", "negative"),
        ("−5", "negative"),
        ("15.001", "decimals"),
        ("1.234", "decimals"),
        ("fifteen", "invalid"),
        ("15,00", "invalid"),
        ("1e3", "invalid"),
        ("$15", "invalid"),
        ("15.0.0", "invalid"),
        ("99999999999", "too_large"),
    ],
)
def test_it_refuses_what_is_not_an_amount(typed: str, code: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_pounds(typed)
    assert caught.value.code == code


@given(st.integers(min_value=0, max_value=10**9))
def test_pounds_written_back_read_the_same(pence: int) -> None:
    assert parse_pounds(pence_to_pounds(pence)) == pence
    assert parse_pounds(format_pence(pence)) == pence


def test_formatting() -> None:
    assert format_pence(125050) == "£1,250.50"
    assert format_pence(5) == "£0.05"
    assert format_pence(None) == "£0.00"
    assert pence_to_pounds(1500) == "15.00"
    assert pence_to_pounds(7) == "0.07"


def test_honorarium_by_hour_rounds_half_up_to_the_penny() -> None:
    assert honorarium_pence("hour", 1500, Decimal("2")) == 3000
    assert honorarium_pence("hour", 1500, Decimal("1.5")) == 2250
    # £10.01 an hour for 0.25 hours is 250.25p: down to 250p; for 0.5 hours 500.5p: half up to 501p.
    assert honorarium_pence("hour", 1001, Decimal("0.25")) == 250
    assert honorarium_pence("hour", 1001, Decimal("0.5")) == 501
    # Hours are taken to 2 places first (1.005 hours is 1.01 hours).
    assert honorarium_pence("hour", 1000, Decimal("1.005")) == 1010
    assert honorarium_pence("hour", 1500, None) == 0


def test_honorarium_by_session_and_none() -> None:
    assert honorarium_pence("session", 2500, Decimal("3.5")) == 2500
    assert honorarium_pence("session", 2500, None) == 2500
    assert honorarium_pence("none", 2500, Decimal("3")) == 0


def test_it_refuses_negative_or_unknown_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        honorarium_pence("hour", -1, Decimal(1))
    with pytest.raises(ValueError, match="negative"):
        honorarium_pence("hour", 100, Decimal(-1))
    with pytest.raises(ValueError, match="basis"):
        honorarium_pence("day", 100, Decimal(1))


@given(rates, hours)
def test_an_honorarium_is_never_negative(rate: int, time: Decimal) -> None:
    for basis in ("hour", "session", "none"):
        assert honorarium_pence(basis, rate, time) >= 0


@given(rates, hours, hours)
def test_more_hours_never_pay_less(rate: int, first: Decimal, second: Decimal) -> None:
    low, high = sorted((first, second))
    assert honorarium_pence("hour", rate, low) <= honorarium_pence("hour", rate, high)


@given(rates, st.integers(min_value=0, max_value=99))
def test_whole_hours_are_exact(rate: int, whole: int) -> None:
    assert honorarium_pence("hour", rate, Decimal(whole)) == rate * whole


@given(rates, hours)
def test_within_half_a_penny_of_the_exact_amount(rate: int, time: Decimal) -> None:
    assert abs(Decimal(honorarium_pence("hour", rate, time)) - rate * time) <= Decimal("0.5")


def test_hours_between() -> None:
    assert hours_between(90) == Decimal("1.50")
    assert hours_between(100) == Decimal("1.67")
    assert hours_between(0) is None
    assert hours_between(None) is None


def test_totals_keep_honoraria_apart_from_expenses_and_declined_apart_from_totals() -> None:
    summary = summarise(
        [
            Line("honorarium", "due", 3000),
            Line("honorarium", "paid", 1500),
            Line("honorarium", "declined", 4500),
            Line("honorarium", "cancelled", 9900),
            ("travel", "due", 460),
            ("childcare", "paid", 1200),
            ("other_expense", "declined", 300),
        ]
    )
    assert (summary.honoraria.due, summary.honoraria.paid, summary.honoraria.declined) == (3000, 1500, 4500)
    assert (summary.expenses.due, summary.expenses.paid, summary.expenses.declined) == (460, 1200, 300)
    assert summary.due == 3460
    assert summary.paid == 2700
    assert summary.by_kind["travel"].due_count == 1
    assert summary.honoraria.declined_count == 1


@given(st.lists(st.tuples(st.sampled_from(["honorarium", "travel"]), st.sampled_from(["due", "paid"]), rates)))
def test_totals_add_up(lines: list[tuple[str, str, int]]) -> None:
    summary = summarise(lines)
    assert summary.due + summary.paid == sum(amount for _kind, _status, amount in lines)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["honorarium", "travel", "childcare"]),
            st.sampled_from(["due", "paid", "declined", "cancelled"]),
            rates,
        )
    )
)
def test_totals_added_up_elsewhere_give_the_same_summary(lines: list[tuple[str, str, int]]) -> None:
    grouped: dict[tuple[str, str], list[int]] = {}
    for kind, status, amount in lines:
        grouped.setdefault((kind, status), []).append(amount)
    rows = [(kind, status, sum(amounts), len(amounts)) for (kind, status), amounts in grouped.items()]
    assert summarise_totals(rows) == summarise(lines)


def test_budget() -> None:
    budget = Budget(budget=pounds_to_pence(Decimal("500.00")), committed=12000, spent=8000)
    assert budget.remaining == 30000
    assert budget.percent_used == 40
    assert not budget.over
    assert Budget(budget=10000, committed=6000, spent=5000).over
    assert Budget(budget=None, committed=1, spent=1).remaining is None
    assert Budget(budget=0, committed=0, spent=0).percent_used is None
    assert pounds_to_pence(Decimal("12.345")) == 1235
    assert pounds_to_pence(None) is None
