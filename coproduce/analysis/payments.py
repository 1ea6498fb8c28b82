"""Involvement payments arithmetic, in whole pence (never floats).

- `parse_pounds("£15.00")` reads an amount typed in pounds; it refuses more than two decimal places, negative
  amounts and anything that is not a plain number (a leading "£" and thousands commas are allowed).
- `honorarium_pence(basis, rate_pence, hours)` is what someone is paid for their time: the rate times the hours
  for "hour" (hours to 2 decimal places, the result rounded half up to the penny), the rate once for "session",
  nothing for "none". It is never negative, never falls when the hours go up, and is exact for whole hours.
- `summarise(lines)` adds up lines by kind and status; declined and cancelled lines are kept apart from the totals.
- `format_pence(1550)` is "£15.50"; `pence_to_pounds(1550)` is "15.50" (for spreadsheets and forms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HOUR = "hour"
SESSION = "session"
NONE = "none"
BASES = (HOUR, SESSION, NONE)

HONORARIUM = "honorarium"
EXPENSE_KINDS = ("travel", "childcare", "other_expense")
KINDS = (HONORARIUM, *EXPENSE_KINDS)

DUE = "due"
PAID = "paid"
DECLINED = "declined"
CANCELLED = "cancelled"

HUNDREDTH = Decimal("0.01")
PENNY = Decimal("1")
# The largest amount the product stores on one line (PositiveIntegerField holds up to 2,147,483,647 pence).
MAX_PENCE = 2_147_483_647
# Digits (optionally grouped by commas in threes) and any number of decimals: the number of decimals is checked
# separately, so that "1.234" gets its own message rather than "not a number".
_AMOUNT_RE = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$|^\.\d+$")


class AmountError(ValueError):
    """Why a typed amount was refused: `code` is one of "empty", "negative", "decimals", "invalid", "too_large"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_pounds(text: str) -> int:
    """An amount typed in pounds ("15", "15.5", "£1,250.00") as whole pence; AmountError otherwise."""
    value = (text or "").strip().replace(" ", "")
    if not value:
        raise AmountError("empty")
    if value.startswith(("-", "−")) or value.startswith(("£-", "£−")):
        raise AmountError("negative")
    value = value.removeprefix("£")
    if not _AMOUNT_RE.match(value):
        raise AmountError("invalid")
    whole, _dot, decimals = value.partition(".")
    if len(decimals) > 2:
        raise AmountError("decimals")
    try:
        pounds = Decimal(whole.replace(",", "") or "0") + (Decimal(f"0.{decimals}") if decimals else Decimal(0))
    except InvalidOperation:  # pragma: no cover - the pattern above lets only digits through
        raise AmountError("invalid") from None
    pence = int((pounds * 100).to_integral_value())
    if pence > MAX_PENCE:
        raise AmountError("too_large")
    return pence


def pounds_to_pence(pounds: Decimal | int | None) -> int | None:
    """A Decimal amount of pounds (a budget) as whole pence, rounded half up; None stays None."""
    if pounds is None:
        return None
    return int((Decimal(pounds) * 100).quantize(PENNY, rounding=ROUND_HALF_UP))


def pence_to_pounds(pence: int) -> str:
    """ "15.50" for 1550: two decimals, no symbol, no thousands separator (for spreadsheets and forms)."""
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}{pence // 100}.{pence % 100:02d}"


def format_pence(pence: int | None) -> str:
    """ "£1,250.50" for 125050; "£0.00" for None."""
    pence = pence or 0
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}£{pence // 100:,}.{pence % 100:02d}"


def quantize_hours(hours: Decimal | int | str) -> Decimal:
    """Hours to 2 decimal places, rounded half up (as the register stores them)."""
    return Decimal(hours).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def honorarium_pence(basis: str, rate_pence: int, hours: Decimal | int | str | None) -> int:
    """What someone is paid for their time, in pence. `hours` may be None for "session" and "none"; for "hour"
    None (not known) pays nothing. Negative rates or hours are refused (ValueError)."""
    if basis not in BASES:
        raise ValueError(f"Unknown basis {basis!r}")
    if rate_pence < 0:
        raise ValueError("The rate cannot be negative")
    if basis == NONE:
        return 0
    if basis == SESSION:
        return rate_pence
    if hours is None:
        return 0
    hours = quantize_hours(hours)
    if hours < 0:
        raise ValueError("Hours cannot be negative")
    return int((Decimal(rate_pence) * hours).quantize(PENNY, rounding=ROUND_HALF_UP))


def hours_between(minutes: int | None) -> Decimal | None:
    """A length in minutes as hours to 2 decimal places (90 -> 1.50); None or not positive -> None."""
    if minutes is None or minutes <= 0:
        return None
    return quantize_hours(Decimal(minutes) / 60)


@dataclass(frozen=True)
class Line:
    kind: str
    status: str
    amount_pence: int


@dataclass
class KindTotals:
    due: int = 0
    paid: int = 0
    declined: int = 0
    due_count: int = 0
    paid_count: int = 0
    declined_count: int = 0

    @property
    def owed_or_paid(self) -> int:
        return self.due + self.paid


@dataclass
class Summary:
    """Totals by kind. `honoraria` and `expenses` are kept apart; declined amounts are counted on their own and
    never in `due` or `paid`; cancelled lines are left out altogether."""

    by_kind: dict[str, KindTotals] = field(default_factory=lambda: {kind: KindTotals() for kind in KINDS})

    @property
    def honoraria(self) -> KindTotals:
        return self.by_kind[HONORARIUM]

    @property
    def expenses(self) -> KindTotals:
        total = KindTotals()
        for kind in EXPENSE_KINDS:
            one = self.by_kind[kind]
            total.due += one.due
            total.paid += one.paid
            total.declined += one.declined
            total.due_count += one.due_count
            total.paid_count += one.paid_count
            total.declined_count += one.declined_count
        return total

    @property
    def due(self) -> int:
        return self.honoraria.due + self.expenses.due

    @property
    def paid(self) -> int:
        return self.honoraria.paid + self.expenses.paid


def summarise(lines: Iterable[Line | tuple[str, str, int]]) -> Summary:
    summary = Summary()
    for line in lines:
        kind, status, amount = (line.kind, line.status, line.amount_pence) if isinstance(line, Line) else line
        if amount < 0:
            raise ValueError("A payment line cannot be negative")
        totals = summary.by_kind.setdefault(kind, KindTotals())
        if status == DUE:
            totals.due += amount
            totals.due_count += 1
        elif status == PAID:
            totals.paid += amount
            totals.paid_count += 1
        elif status == DECLINED:
            totals.declined += amount
            totals.declined_count += 1
    return summary


def summarise_totals(rows: Iterable[tuple[str, str, int, int]]) -> Summary:
    """The same Summary from totals already added up by kind and status: (kind, status, total pence, count)."""
    summary = Summary()
    for kind, status, total, count in rows:
        if total < 0 or count < 0:
            raise ValueError("Totals cannot be negative")
        totals = summary.by_kind.setdefault(kind, KindTotals())
        if status in (DUE, PAID, DECLINED):
            setattr(totals, status, getattr(totals, status) + total)
            setattr(totals, f"{status}_count", getattr(totals, f"{status}_count") + count)
    return summary


@dataclass(frozen=True)
class Budget:
    """A project's budget for involving families against what is committed (to pay) and spent (paid)."""

    budget: int | None
    committed: int
    spent: int

    @property
    def used(self) -> int:
        return self.committed + self.spent

    @property
    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget - self.used

    @property
    def over(self) -> bool:
        return self.budget is not None and self.used > self.budget

    @property
    def percent_used(self) -> int | None:
        """Whole per cent of the budget used, rounded half up (None without a budget or with a budget of 0)."""
        if not self.budget:
            return None
        return int((Decimal(self.used) * 100 / Decimal(self.budget)).quantize(PENNY, rounding=ROUND_HALF_UP))
