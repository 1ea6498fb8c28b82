"""Follow-through on promises, on plain data: overdue, the counts by outcome, and the share kept on time so far."""

from __future__ import annotations

import datetime as dt

import pytest

from coproduce.analysis.follow_through import PromiseRecord, follow_through, is_overdue, sentence

TODAY = dt.date(2026, 6, 15)
DAY = dt.timedelta(days=1)


def p(status: str, due: dt.date | None = None, kept_on: dt.date | None = None) -> PromiseRecord:
    return PromiseRecord(due=due, status=status, kept_on=kept_on)


@pytest.mark.parametrize(
    ("promise", "overdue"),
    [
        (p("planned", TODAY - DAY), True),
        (p("in_progress", TODAY - DAY), True),
        (p("planned", TODAY), False),  # due today is not yet overdue
        (p("planned", None), False),
        (p("kept", TODAY - DAY, TODAY), False),
        (p("changed", TODAY - DAY), False),
        (p("not_possible", TODAY - DAY), False),
    ],
)
def test_only_open_promises_past_their_due_date_are_overdue(promise, overdue) -> None:
    assert is_overdue(promise, TODAY) is overdue


def test_the_counts_and_share() -> None:
    promises = [
        *[p("kept", TODAY - 10 * DAY, TODAY - 12 * DAY)] * 6,  # kept before the due date
        p("kept", TODAY - 10 * DAY, TODAY - 10 * DAY),  # kept on the day: on time
        p("kept", TODAY - 10 * DAY, TODAY - 2 * DAY),  # late
        p("planned", TODAY - DAY),  # overdue
        p("changed", TODAY + 30 * DAY),  # settled early, so it counts so far
        p("in_progress", TODAY + 5 * DAY),  # not due yet: not counted so far
        p("kept", TODAY + 5 * DAY, TODAY - DAY),  # kept early: on time and counted
        p("kept", None, TODAY),  # no due date
        p("not_possible", None),
    ]
    figures = follow_through(promises, TODAY)
    assert figures.total == 14
    assert (figures.kept_on_time, figures.kept_late, figures.kept_without_due_date) == (8, 1, 1)
    assert (figures.changed, figures.not_possible, figures.open, figures.overdue) == (1, 1, 2, 1)
    assert figures.so_far == 11
    assert figures.share_kept_on_time == pytest.approx(8 / 11)
    assert figures.sentence == "8 of your 11 promises with a due date so far were kept on time."


def test_a_kept_promise_with_no_date_is_not_counted_as_on_time() -> None:
    figures = follow_through([p("kept", TODAY - DAY, None)], TODAY)
    assert (figures.kept_on_time, figures.kept_late) == (0, 1)


def test_nothing_to_count_yet() -> None:
    figures = follow_through([p("planned", TODAY + DAY), p("planned")], TODAY)
    assert figures.so_far == 0 and figures.share_kept_on_time is None
    assert figures.sentence.startswith("None of your promises with a due date has reached it yet")
    assert follow_through([], TODAY).total == 0


@pytest.mark.parametrize(
    ("kept", "so_far", "words"),
    [
        (7, 10, "7 of your 10 promises with a due date so far were kept on time."),
        (1, 10, "1 of your 10 promises with a due date so far was kept on time."),
        (0, 4, "None of your 4 promises with a due date so far were kept on time."),
        (4, 4, "All 4 of your promises with a due date so far were kept on time."),
        (1, 1, "Your 1 promise with a due date so far was kept on time."),
        (0, 1, "Your 1 promise with a due date so far was not kept on time."),
    ],
)
def test_the_sentence(kept, so_far, words) -> None:
    assert sentence(kept, so_far) == words


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown promise status 'forgotten'"):
        follow_through([p("forgotten")], TODAY)
