"""Warnings about an activity's timing and access, for the organiser: fed plain data, no Django.

The checks:

- Only one way to join (or none): people who cannot join that way are left out.
- The school run: the activity's local time span overlaps 08:15–09:15 or 14:45–15:45 on a school day. A school day
  is a weekday (Monday to Friday) that is neither in one of the organisation's school holidays nor a bank holiday.
  Spans are half-open ([start, end)), so a session ending at 08:15 or starting at 09:15 is clear of the morning
  run; a start with no end (or an end not after the start) is a moment, which clashes when it falls inside a
  window. A span that runs past midnight is cut into one span per day.
- A school holiday or a bank holiday on any day the activity runs (each named).
- No childcare (neither the activity's childcare nor, for people coming in person, a crèche at the venue) while
  some invitees have children under 5. Children are counted once per household, however many of its members are
  invited. Activities that can only be done by post or in people's own time need no childcare.
- Evenings (from 18:00), weekends and working hours (09:00–17:00 on a weekday that is not a bank holiday) when
  invitees said those times do not work for them (counted).

Timing checks need a start; an activity with only an open window (done in people's own time) gets none. Every
warning has plain-English text and what to do about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

DAY_SECONDS = 24 * 60 * 60
# At most this many days of a long activity are looked at (a year covers every holiday once).
MAX_DAYS = 366


def _seconds(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


SCHOOL_RUN_WINDOWS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(8, 15), dt.time(9, 15)),
    (dt.time(14, 45), dt.time(15, 45)),
)
EVENING_STARTS = dt.time(18, 0)
WORKING_HOURS = (dt.time(9, 0), dt.time(17, 0))

WAY_WORDS = {
    "in_person": "in person",
    "online": "online",
    "phone": "by phone",
    "post": "by post or on paper",
    "async": "in people's own time",
}
OWN_TIME_WAYS = frozenset({"post", "async"})


@dataclass(frozen=True)
class Holiday:
    name: str
    starts_on: dt.date
    ends_on: dt.date  # the last day, inclusive

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Invitee:
    """One person invited (who has not said no): their household's children under 5 on the day, and the times
    they said do not work for them."""

    household: Hashable | None = None
    children_under_5: int = 0
    not_school_run: bool = False
    not_working_hours: bool = False
    not_evenings: bool = False
    not_weekends: bool = False


@dataclass(frozen=True)
class ActivityFacts:
    ways_to_join: frozenset[str]  # JoinWay values: in_person, online, phone, post, async
    starts_at: dt.datetime | None = None  # local wall-clock time, naive
    ends_at: dt.datetime | None = None
    childcare: bool = False
    venue_creche: bool = False


@dataclass(frozen=True)
class Warning:
    code: str
    text: str
    what_to_do: str


# --- words ------------------------------------------------------------------------------------------------------


def time_words(value: dt.time) -> str:
    """8:15am, 9am, midday, 3:45pm."""
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def date_words(day: dt.date) -> str:
    """Monday 7 December 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _children(count: int) -> str:
    return "1 child" if count == 1 else f"{count} children"


def _and_more(days: list[dt.date], what: str) -> str:
    first = date_words(days[0])
    if len(days) == 1:
        return first
    others = len(days) - 1
    return f"{first} and {others} other {what}{'' if others == 1 else 's'}"


# --- time spans ---------------------------------------------------------------------------------------------------


def day_spans(starts_at: dt.datetime, ends_at: dt.datetime | None) -> list[tuple[dt.date, int, int]]:
    """The activity's span cut at each midnight: (day, from second, to second) with 0 <= from < to <= 86400. A
    start with no end, or an end not after the start, is a moment: one (day, s, s)."""
    start = _seconds(starts_at.time())
    if ends_at is None or ends_at <= starts_at:
        return [(starts_at.date(), start, start)]
    spans = []
    day = starts_at.date()
    last = min(ends_at.date(), day + dt.timedelta(days=MAX_DAYS - 1))
    while day <= last:
        low = start if day == starts_at.date() else 0
        high = _seconds(ends_at.time()) if day == ends_at.date() else DAY_SECONDS
        if high > low:
            spans.append((day, low, high))
        day += dt.timedelta(days=1)
    return spans


def overlaps(low: int, high: int, window_low: int, window_high: int) -> bool:
    """Whether the span [low, high) (or the moment low, when low == high) meets the window [window_low,
    window_high)."""
    if low == high:
        return window_low <= low < window_high
    return low < window_high and high > window_low


def is_school_day(day: dt.date, holidays: Iterable[Holiday], bank_holidays: Mapping[dt.date, str]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays and not any(h.covers(day) for h in holidays)


def school_run_clashes(
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
    holidays: Iterable[Holiday],
    bank_holidays: Mapping[dt.date, str],
) -> list[tuple[dt.date, tuple[dt.time, dt.time]]]:
    """Each (school day, school run window) the activity's span overlaps, in time order."""
    holidays = list(holidays)
    clashes = []
    for day, low, high in day_spans(starts_at, ends_at):
        if not is_school_day(day, holidays, bank_holidays):
            continue
        for window in SCHOOL_RUN_WINDOWS:
            if overlaps(low, high, _seconds(window[0]), _seconds(window[1])):
                clashes.append((day, window))
    return clashes


def activity_days(starts_at: dt.datetime, ends_at: dt.datetime | None) -> list[dt.date]:
    return [day for day, _low, _high in day_spans(starts_at, ends_at)]


def holidays_during(starts_at: dt.datetime, ends_at: dt.datetime | None, holidays: Iterable[Holiday]) -> list[Holiday]:
    """The school holidays that cover any day of the activity, in the order given."""
    days = activity_days(starts_at, ends_at)
    return [holiday for holiday in holidays if any(holiday.covers(day) for day in days)]


def bank_holidays_during(
    starts_at: dt.datetime, ends_at: dt.datetime | None, bank_holidays: Mapping[dt.date, str]
) -> list[tuple[dt.date, str]]:
    return [(day, bank_holidays[day]) for day in activity_days(starts_at, ends_at) if day in bank_holidays]


def in_evening(starts_at: dt.datetime, ends_at: dt.datetime | None) -> bool:
    return any(
        overlaps(low, high, _seconds(EVENING_STARTS), DAY_SECONDS) for _d, low, high in day_spans(starts_at, ends_at)
    )


def at_weekend(starts_at: dt.datetime, ends_at: dt.datetime | None) -> bool:
    return any(day.weekday() >= 5 for day in activity_days(starts_at, ends_at))


def in_working_hours(starts_at: dt.datetime, ends_at: dt.datetime | None, bank_holidays: Mapping[dt.date, str]) -> bool:
    low_hours, high_hours = (_seconds(t) for t in WORKING_HOURS)
    return any(
        day.weekday() < 5 and day not in bank_holidays and overlaps(low, high, low_hours, high_hours)
        for day, low, high in day_spans(starts_at, ends_at)
    )


# --- the warnings ----------------------------------------------------------------------------------------------


def children_under_5(invitees: Iterable[Invitee]) -> tuple[int, int]:
    """(invitees with children under 5, children under 5 counted once per household)."""
    people = 0
    by_household: dict[Hashable, int] = {}
    for invitee in invitees:
        if invitee.children_under_5 <= 0:
            continue
        people += 1
        key = invitee.household if invitee.household is not None else ("person", id(invitee))
        by_household[key] = max(by_household.get(key, 0), invitee.children_under_5)
    return people, sum(by_household.values())


def _ways_warning(ways: frozenset[str]) -> Warning | None:
    if not ways:
        return Warning(
            "no_way_to_join",
            "No way to join has been chosen.",
            "Choose at least one way to join: in person, online, by phone, by post or in people's own time.",
        )
    if len(ways) > 1:
        return None
    (way,) = ways
    if way == "in_person":
        suggestion = "such as online, by phone or in their own time, for people who cannot travel or get away"
    elif way == "online":
        suggestion = "such as in person or by phone, for people without a device, data or confidence online"
    else:
        suggestion = "such as in person or online, so people can talk it through with others"
    return Warning(
        "one_way_to_join",
        f"The only way to join is {WAY_WORDS.get(way, way)}.",
        f"Offer a second way to take part, {suggestion}.",
    )


def _count_clause(count: int, what: str, show_counts: bool) -> str:
    """ " 2 people invited said evenings do not work for them." (empty when nobody said so)."""
    if count <= 0:
        return ""
    who = _people(count) if show_counts else "Some people"
    return f" {who} invited said {what} do not work for them."


def activity_warnings(
    activity: ActivityFacts,
    invitees: Iterable[Invitee] = (),
    holidays: Iterable[Holiday] = (),
    bank_holidays: Mapping[dt.date, str] | None = None,
    *,
    show_counts: bool = True,
) -> list[Warning]:
    """Every warning for the activity, in a fixed order. `show_counts=False` words the counts of people as "some
    people" (for members who may not see people's details)."""
    invitees = list(invitees)
    holidays = list(holidays)
    bank_holidays = bank_holidays or {}
    warnings: list[Warning] = []

    ways = _ways_warning(frozenset(activity.ways_to_join))
    if ways:
        warnings.append(ways)

    start, end = activity.starts_at, activity.ends_at
    if start is not None:
        clashes = school_run_clashes(start, end, holidays, bank_holidays)
        if clashes:
            windows = sorted({window for _day, window in clashes})
            window_words = " and ".join(f"{time_words(low)} to {time_words(high)}" for low, high in windows)
            days = sorted({day for day, _window in clashes})
            text = f"It clashes with the school run ({window_words}) on {_and_more(days, 'school day')}."
            text += _count_clause(sum(i.not_school_run for i in invitees), "school run times", show_counts)
            warnings.append(
                Warning(
                    "school_run",
                    text,
                    "Start after 9:15am and finish by 2:45pm, so parents and carers can take children to school and "
                    "collect them, or offer another way to take part.",
                )
            )
        for holiday in holidays_during(start, end, holidays):
            span = (
                date_words(holiday.starts_on)
                if holiday.starts_on == holiday.ends_on
                else f"{date_words(holiday.starts_on)} to {date_words(holiday.ends_on)}"
            )
            warnings.append(
                Warning(
                    "school_holiday",
                    f"It is in the school holidays: {holiday.name} ({span}).",
                    "Families may be away or have their children at home. Check the date suits the people you are "
                    "inviting; if you keep it, arrange childcare or something for children to do.",
                )
            )
        for day, name in bank_holidays_during(start, end, bank_holidays):
            warnings.append(
                Warning(
                    "bank_holiday",
                    f"{date_words(day)} is a bank holiday ({name}).",
                    "Many families have plans, and hubs and buses may keep different hours. Choose another day "
                    "unless families asked for this one.",
                )
            )

    people, children = children_under_5(invitees)
    creche = activity.venue_creche and "in_person" in activity.ways_to_join
    needs_childcare = bool(activity.ways_to_join - OWN_TIME_WAYS)
    if people and needs_childcare and not (activity.childcare or creche):
        if show_counts:
            has = "has" if people == 1 else "have"
            text = (
                f"{_people(people)} invited {has} children under 5 ({_children(children)}), and there is no "
                "childcare or crèche."
            )
        else:
            text = "Some people invited have children under 5, and there is no childcare or crèche."
        warnings.append(
            Warning(
                "no_childcare",
                text,
                "Arrange childcare, hold it at a venue with a crèche, or tell families that young children are "
                "welcome and there will be toys and space for them.",
            )
        )

    if start is not None:
        own_time = "Ask them whether another time would suit, or offer a way to take part in their own time."
        checks = (
            ("evening", in_evening(start, end), "not_evenings", "It is in the evening.", "evenings"),
            ("weekend", at_weekend(start, end), "not_weekends", "It is at the weekend.", "weekends"),
            (
                "working_hours",
                in_working_hours(start, end, bank_holidays),
                "not_working_hours",
                "It is in working hours.",
                "working hours",
            ),
        )
        for code, applies, field, opening, words in checks:
            count = sum(getattr(i, field) for i in invitees)
            if applies and count:
                warnings.append(Warning(code, opening + _count_clause(count, words, show_counts), own_time))
    return warnings
