"""Warnings about an activity's timing and access: the school run windows (property-based, against a minute-by-minute
brute force), school and bank holidays, childcare for children under 5, and times invitees said do not work."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from coproduce.analysis.activity_warnings import (
    SCHOOL_RUN_WINDOWS,
    ActivityFacts,
    Holiday,
    Invitee,
    activity_warnings,
    children_under_5,
    day_spans,
    is_school_day,
    school_run_clashes,
    time_words,
)

MONDAY = dt.date(2026, 12, 7)  # a school day in term
SATURDAY = dt.date(2026, 12, 5)
CHRISTMAS = Holiday("Christmas holidays", dt.date(2026, 12, 21), dt.date(2027, 1, 1))
BANK = {dt.date(2026, 12, 25): "Christmas Day", dt.date(2026, 12, 28): "Boxing Day"}
IN_PERSON = frozenset({"in_person"})
TWO_WAYS = frozenset({"in_person", "online"})


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def codes(warnings) -> list[str]:
    return [w.code for w in warnings]


def facts(start: dt.datetime | None = None, end: dt.datetime | None = None, **kwargs) -> ActivityFacts:
    kwargs.setdefault("ways_to_join", TWO_WAYS)
    return ActivityFacts(starts_at=start, ends_at=end, **kwargs)


# --- the school run: properties ------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(2026, 9, 1), max_value=dt.date(2027, 8, 31))
minutes_of_day = st.integers(min_value=0, max_value=24 * 60 - 1)
durations = st.integers(min_value=0, max_value=3 * 24 * 60)


def _brute_force_clash(start: dt.datetime, minutes: int, holidays, bank) -> bool:
    """Minute by minute: is any minute of [start, start + minutes) (or the moment itself) inside a window on a
    school day?"""
    moments = [start] if minutes == 0 else [start + dt.timedelta(minutes=m) for m in range(minutes)]
    for moment in moments:
        if not is_school_day(moment.date(), holidays, bank):
            continue
        for low, high in SCHOOL_RUN_WINDOWS:
            if low <= moment.time() < high:
                return True
    return False


@given(day=days, start=minutes_of_day, duration=durations)
def test_the_clash_is_exactly_the_minutes_inside_a_window_on_a_school_day(day, start, duration) -> None:
    starts_at = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
    ends_at = starts_at + dt.timedelta(minutes=duration) if duration else None
    found = bool(school_run_clashes(starts_at, ends_at, [CHRISTMAS], BANK))
    assert found == _brute_force_clash(starts_at, duration, [CHRISTMAS], BANK)


@given(day=days, start=minutes_of_day, duration=durations, more=st.integers(min_value=0, max_value=600))
def test_a_longer_activity_never_loses_a_clash(day, start, duration, more) -> None:
    starts_at = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
    shorter = school_run_clashes(starts_at, starts_at + dt.timedelta(minutes=duration), [CHRISTMAS], BANK)
    longer = school_run_clashes(starts_at, starts_at + dt.timedelta(minutes=duration + more), [CHRISTMAS], BANK)
    assert set(shorter) <= set(longer)


@given(day=days, start=minutes_of_day, duration=st.integers(min_value=1, max_value=3 * 24 * 60))
def test_the_day_spans_add_up_to_the_whole_activity(day, start, duration) -> None:
    starts_at = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
    spans = day_spans(starts_at, starts_at + dt.timedelta(minutes=duration))
    assert sum(high - low for _day, low, high in spans) == duration * 60
    assert all(0 <= low < high <= 24 * 3600 for _day, low, high in spans)
    assert [d for d, _l, _h in spans] == sorted({d for d, _l, _h in spans})


@given(day=days, start=st.integers(min_value=9 * 60 + 15, max_value=14 * 60 + 44), length=st.integers(0, 330))
def test_between_the_runs_is_always_clear(day, start, length) -> None:
    starts_at = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
    ends_at = min(starts_at + dt.timedelta(minutes=length), dt.datetime.combine(day, dt.time(14, 45)))
    assert school_run_clashes(starts_at, ends_at if ends_at > starts_at else None, [], {}) == []


@given(day=days)
def test_weekends_holidays_and_bank_holidays_are_not_school_days(day) -> None:
    expected = day.weekday() < 5 and not CHRISTMAS.covers(day) and day not in BANK
    assert is_school_day(day, [CHRISTMAS], BANK) is expected
    assert bool(school_run_clashes(at(day, 8), at(day, 16), [CHRISTMAS], BANK)) is expected


# --- the school run: examples ------------------------------------------------------------------------------------


class TestSchoolRun:
    def test_nine_am_on_a_weekday_in_term_clashes_with_the_morning_run(self) -> None:
        assert school_run_clashes(at(MONDAY, 9), at(MONDAY, 11), [], {}) == [(MONDAY, (dt.time(8, 15), dt.time(9, 15)))]

    def test_the_edges_are_clear(self) -> None:
        assert school_run_clashes(at(MONDAY, 9, 15), at(MONDAY, 14, 45), [], {}) == []
        assert school_run_clashes(at(MONDAY, 7), at(MONDAY, 8, 15), [], {}) == []
        assert school_run_clashes(at(MONDAY, 15, 45), at(MONDAY, 17), [], {}) == []

    def test_a_start_with_no_end_is_a_moment(self) -> None:
        assert school_run_clashes(at(MONDAY, 8, 30), None, [], {})
        assert not school_run_clashes(at(MONDAY, 8), None, [], {})

    def test_a_whole_day_clashes_with_both_runs_and_the_warning_names_them(self) -> None:
        warnings = activity_warnings(facts(at(MONDAY, 8), at(MONDAY, 16)))
        assert codes(warnings) == ["school_run"]
        assert warnings[0].text == (
            "It clashes with the school run (8:15am to 9:15am and 2:45pm to 3:45pm) on Monday 7 December 2026."
        )
        assert "9:15am" in warnings[0].what_to_do

    def test_the_warning_counts_people_who_said_school_runs_do_not_work(self) -> None:
        invitees = [Invitee(not_school_run=True), Invitee(not_school_run=True), Invitee()]
        (warning,) = activity_warnings(facts(at(MONDAY, 9), at(MONDAY, 10)), invitees)
        assert warning.text.endswith("2 people invited said school run times do not work for them.")
        (hidden,) = activity_warnings(facts(at(MONDAY, 9), at(MONDAY, 10)), invitees, show_counts=False)
        assert hidden.text.endswith("Some people invited said school run times do not work for them.")

    def test_in_the_holidays_there_is_no_school_run_but_a_holiday_warning(self) -> None:
        day = dt.date(2026, 12, 22)
        warnings = activity_warnings(facts(at(day, 9), at(day, 11)), holidays=[CHRISTMAS])
        assert codes(warnings) == ["school_holiday"]
        assert warnings[0].text == (
            "It is in the school holidays: Christmas holidays (Monday 21 December 2026 to Friday 1 January 2027)."
        )


class TestHolidays:
    def test_a_bank_holiday_is_named(self) -> None:
        day = dt.date(2026, 12, 28)
        warnings = activity_warnings(facts(at(day, 10), at(day, 12)), holidays=[CHRISTMAS], bank_holidays=BANK)
        assert codes(warnings) == ["school_holiday", "bank_holiday"]
        assert warnings[1].text == "Monday 28 December 2026 is a bank holiday (Boxing Day)."

    def test_an_activity_over_two_days_finds_a_holiday_on_the_second(self) -> None:
        warnings = activity_warnings(
            facts(at(dt.date(2026, 12, 20), 20), at(dt.date(2026, 12, 21), 10)), holidays=[CHRISTMAS]
        )
        assert "school_holiday" in codes(warnings)

    def test_a_one_day_holiday_names_one_date(self) -> None:
        inset = Holiday("Training day", MONDAY, MONDAY)
        (warning,) = activity_warnings(facts(at(MONDAY, 10), at(MONDAY, 12)), holidays=[inset])
        assert warning.text == "It is in the school holidays: Training day (Monday 7 December 2026)."

    def test_an_open_window_gets_no_timing_warnings(self) -> None:
        assert activity_warnings(facts(ways_to_join=frozenset({"async", "post"})), holidays=[CHRISTMAS]) == []


class TestWaysToJoin:
    def test_one_way_is_a_warning_with_what_to_do(self) -> None:
        (warning,) = activity_warnings(facts(ways_to_join=IN_PERSON))
        assert warning.code == "one_way_to_join"
        assert warning.text == "The only way to join is in person."
        assert "online" in warning.what_to_do

    def test_only_online_suggests_in_person_or_phone(self) -> None:
        (warning,) = activity_warnings(facts(ways_to_join=frozenset({"online"})))
        assert warning.text == "The only way to join is online." and "by phone" in warning.what_to_do

    def test_no_way_at_all(self) -> None:
        assert codes(activity_warnings(facts(ways_to_join=frozenset()))) == ["no_way_to_join"]

    def test_two_ways_are_fine(self) -> None:
        assert activity_warnings(facts(ways_to_join=TWO_WAYS)) == []


class TestChildcare:
    parents = (
        Invitee(household="a", children_under_5=2),
        Invitee(household="a", children_under_5=2),  # the other parent of the same two children
        Invitee(household="b", children_under_5=1),
        Invitee(household="c", children_under_5=0),
    )

    def test_children_are_counted_once_per_household(self) -> None:
        assert children_under_5(self.parents) == (3, 3)

    def test_no_childcare_and_no_creche_is_a_warning(self) -> None:
        (warning,) = activity_warnings(facts(), self.parents)
        assert warning.code == "no_childcare"
        assert (
            warning.text == "3 people invited have children under 5 (3 children), and there is no childcare or crèche."
        )
        (hidden,) = activity_warnings(facts(), self.parents, show_counts=False)
        assert "3" not in hidden.text and hidden.text.startswith("Some people invited")

    def test_one_parent_one_child(self) -> None:
        (warning,) = activity_warnings(facts(), [Invitee(household="a", children_under_5=1)])
        assert warning.text.startswith("1 person invited has children under 5 (1 child)")

    def test_childcare_or_a_creche_for_people_in_person_meets_it(self) -> None:
        assert activity_warnings(facts(childcare=True), self.parents) == []
        assert activity_warnings(facts(venue_creche=True), self.parents) == []

    def test_a_creche_does_not_help_when_nobody_comes_in_person(self) -> None:
        online_and_phone = frozenset({"online", "phone"})
        warnings = activity_warnings(facts(ways_to_join=online_and_phone, venue_creche=True), self.parents)
        assert codes(warnings) == ["no_childcare"]

    def test_things_done_in_their_own_time_need_no_childcare(self) -> None:
        own_time = frozenset({"post", "async"})
        assert activity_warnings(facts(ways_to_join=own_time), self.parents) == []

    def test_nobody_with_young_children_no_warning(self) -> None:
        assert activity_warnings(facts(), [Invitee(household="c")]) == []


class TestTimesThatDoNotWork:
    def test_evenings_weekends_and_working_hours_are_counted(self) -> None:
        invitees = [Invitee(not_evenings=True), Invitee(not_weekends=True), Invitee(not_weekends=True)]
        saturday_evening = activity_warnings(facts(at(SATURDAY, 18, 30), at(SATURDAY, 20)), invitees)
        assert codes(saturday_evening) == ["evening", "weekend"]
        assert saturday_evening[0].text == "It is in the evening. 1 person invited said evenings do not work for them."
        assert saturday_evening[1].text == "It is at the weekend. 2 people invited said weekends do not work for them."
        workers = [Invitee(not_working_hours=True)]
        assert codes(activity_warnings(facts(at(MONDAY, 10), at(MONDAY, 12)), workers)) == ["working_hours"]
        assert activity_warnings(facts(at(MONDAY, 17), at(MONDAY, 17, 45)), workers) == []

    def test_no_one_said_so_no_warning(self) -> None:
        assert activity_warnings(facts(at(SATURDAY, 19), at(SATURDAY, 21)), [Invitee()]) == []

    def test_an_evening_ending_at_six_is_not_the_evening(self) -> None:
        assert activity_warnings(facts(at(MONDAY, 16), at(MONDAY, 18)), [Invitee(not_evenings=True)]) == []


def test_times_are_written_the_gov_uk_way() -> None:
    assert [time_words(dt.time(h, m)) for h, m in [(9, 0), (8, 15), (12, 0), (0, 0), (15, 45)]] == [
        "9am",
        "8:15am",
        "midday",
        "midnight",
        "3:45pm",
    ]
