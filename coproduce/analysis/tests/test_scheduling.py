"""The "When suits you?" poll optimiser."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coproduce.analysis.scheduling import (
    HOW_WE_SCORE,
    Answer,
    PollResult,
    Respondent,
    Slot,
    rank_slots,
    suggest_slot,
    weight,
)

THU, FRI, SAT = Slot("thu", "Thursday 10am"), Slot("fri", "Friday 2pm"), Slot("sat", "Saturday 11am")
Y, M, N = Answer.YES.value, Answer.IF_NEED_BE.value, Answer.NO.value


def someone(person_id: str, under_heard: bool = False, **answers: str) -> Respondent:
    return Respondent(person_id, answers, under_heard)


def ids(result: PollResult) -> list[str]:
    return [item.slot.slot_id for item in result.ranking]


# Strategies ----------------------------------------------------------------------------------------------------

Poll = tuple[list[Slot], list[Respondent]]
SLOTS = [Slot(f"s{index}", f"Slot {index}") for index in range(5)]


@st.composite
def polls(draw: st.DrawFn) -> Poll:
    slots = SLOTS[: draw(st.integers(1, len(SLOTS)))]
    answer = st.sampled_from(list(Answer))
    slot_ids = st.sampled_from([slot.slot_id for slot in slots])
    respondents = [
        Respondent(f"p{index}", draw(st.dictionaries(slot_ids, answer)), draw(st.booleans()))
        for index in range(draw(st.integers(0, 8)))
    ]
    return slots, respondents


def expected_score(slot: Slot, respondents: list[Respondent], slots: list[Slot]) -> Fraction:
    """The rule, written out again the long way."""
    total = Fraction(0)
    for respondent in respondents:
        workable = sum(1 for s in slots if respondent.answers.get(s.slot_id, "no") != "no")
        answer = respondent.answers.get(slot.slot_id, "no")
        if answer == "no":
            continue
        value = Fraction(1) if answer == "yes" else Fraction(1, 2)
        total += value * (Fraction(3, 2) if respondent.under_heard else 1) * (1 + Fraction(1, workable))
    return total


# Properties ----------------------------------------------------------------------------------------------------


@given(polls())
def test_the_suggestion_has_the_highest_score(poll: Poll) -> None:
    slots, respondents = poll
    result = suggest_slot(slots, respondents)
    assert sorted(ids(result)) == sorted(slot.slot_id for slot in slots)
    scores = {item.slot.slot_id: item.score for item in result.ranking}
    assert scores == {slot.slot_id: expected_score(slot, respondents, slots) for slot in slots}
    if result.suggestion is None:
        assert all(item.yes + item.if_need_be == 0 for item in result.ranking)
        assert len(result.reasoning) == 1
    else:
        assert result.suggestion == result.ranking[0]
        assert result.suggestion.score == max(scores.values())
        assert result.reasoning[0] == result.suggestion.summary


@given(polls(), st.data())
def test_adding_a_yes_for_a_slot_never_lowers_its_rank(poll: Poll, data: st.DataObject) -> None:
    slots, respondents = poll
    assume(respondents)
    index = data.draw(st.integers(0, len(respondents) - 1))
    slot = data.draw(st.sampled_from(slots))
    before = ids(suggest_slot(slots, respondents)).index(slot.slot_id)
    changed = dataclasses.replace(respondents[index], answers={**respondents[index].answers, slot.slot_id: Y})
    after = ids(suggest_slot(slots, [*respondents[:index], changed, *respondents[index + 1 :]])).index(slot.slot_id)
    assert after <= before


@given(polls(), st.data())
def test_the_order_of_people_does_not_change_the_result(poll: Poll, data: st.DataObject) -> None:
    slots, respondents = poll
    shuffled = data.draw(st.permutations(respondents))
    assert suggest_slot(slots, shuffled) == suggest_slot(slots, respondents)


# Examples ------------------------------------------------------------------------------------------------------


def test_the_reasoning_reads_as_plain_english() -> None:
    respondents = [
        someone("a0", under_heard=True, thu=Y, fri=Y),
        someone("a1", under_heard=True, thu=Y, fri=Y),
        someone("a2", under_heard=True, thu=Y),  # can only make Thursday
        someone("b0", thu=Y),  # can only make Thursday
        *(someone(f"b{i}", thu=Y, fri=M) for i in range(1, 4)),
        someone("m0", thu=M, fri=Y),
        someone("m1", thu=M, fri=Y),
        someone("u4", under_heard=True, thu=N, fri=Y),
        someone("none", thu=N, fri=N),
    ]
    result = suggest_slot([THU, FRI], respondents)
    assert result.suggestion is not None and result.suggestion.slot == THU
    assert result.reasoning == (
        "Thursday 10am: 7 can come, 2 if need be, including 3 of the 4 people from groups we hear from least; "
        "2 people can only make this slot",
        "2 people who answered cannot make this slot (1 of them cannot make any slot).",
        *HOW_WE_SCORE,
    )
    # 2 × 1.5 × 1.5 + 1.5 × 2 + 2 + 3 × 1.5 + 2 × 0.5 × 1.5
    assert result.suggestion.score == Fraction(31, 2)
    assert (result.ranking[1].slot, result.ranking[1].score) == (FRI, Fraction(51, 4))
    assert result.ranking[1].summary == (
        "Friday 2pm: 5 can come, 3 if need be, including 3 of the 4 people from groups we hear from least; "
        "1 person can only make this slot"
    )


def test_if_need_be_counts_half() -> None:
    result = suggest_slot([THU, FRI], [someone("a", thu=M, fri=M), someone("b", thu=M, fri=M), someone("c", fri=Y)])
    thu, fri = sorted(result.ranking, key=lambda item: item.slot.slot_id != "thu")
    assert thu.score == 2 * Fraction(1, 2) * Fraction(3, 2)
    assert fri.score == 2 * Fraction(1, 2) * Fraction(3, 2) + 1 * 2
    assert result.suggestion == fri


def test_people_from_under_heard_groups_tip_the_balance() -> None:
    respondents = [someone("a", thu=Y, fri=N), someone("b", under_heard=False, thu=N, fri=Y)]
    assert suggest_slot([THU, FRI], respondents).suggestion.slot == THU  # a tie: first in the poll
    respondents[1] = someone("b", under_heard=True, thu=N, fri=Y)
    assert suggest_slot([THU, FRI], respondents).suggestion.slot == FRI


def test_people_who_can_make_only_one_slot_count_more() -> None:
    # Two flexible people prefer Thursday; one person can make only Friday.
    flexible = [someone(p, thu=Y, fri=M, sat=Y) for p in "ab"]
    only_friday = someone("c", fri=Y)
    result = suggest_slot([THU, FRI, SAT], [*flexible, only_friday])
    # Thursday: 2 × 1 × (1 + 1/3) = 8/3. Friday: 2 × 0.5 × 4/3 + 1 × 2 = 10/3.
    assert [item.score for item in result.ranking] == [Fraction(10, 3), Fraction(8, 3), Fraction(8, 3)]
    assert ids(result) == ["fri", "thu", "sat"]
    assert weight(only_friday, 1) == 2 and weight(someone("d", True), 2) == Fraction(9, 4)
    assert weight(someone("e"), 0) == 0


def test_ties_go_to_more_plain_yes_answers() -> None:
    # Thursday: 1 × 2 = 2. Friday: 2 × 0.5 × 2 = 2. Friday is first in the poll, but Thursday has a plain yes.
    result = suggest_slot([FRI, THU], [someone("a", thu=Y), someone("b", fri=M), someone("c", fri=M)])
    assert [(item.slot, item.score, item.yes) for item in result.ranking] == [(THU, 2, 1), (FRI, 2, 0)]
    assert result.reasoning[1] == (
        'Thursday 10am and Friday 2pm scored the same; Thursday 10am has more people saying a plain "yes".'
    )


def test_then_to_the_slot_that_comes_first_in_the_poll() -> None:
    # Thursday and Friday: 1 × 1.5 + 0.5 × 1.5 + 0.5 × 4/3 each, one yes each.
    respondents = [someone("a", thu=Y, fri=M), someone("b", thu=M, fri=Y), someone("c", sat=Y, thu=M, fri=M)]
    for slots in ([THU, FRI, SAT], [FRI, THU, SAT]):
        result = suggest_slot(slots, respondents)
        first, second = result.ranking[:2]
        assert (first.score, first.yes) == (second.score, second.yes) == (Fraction(35, 12), 1)
        assert [first.slot, second.slot] == slots[:2]
        assert result.reasoning[1] == (
            f"{first.slot.label} and {second.slot.label} scored the same with as many saying yes; "
            f"{first.slot.label} comes first in the poll."
        )


def test_a_higher_score_beats_more_plain_yes_answers_and_poll_order() -> None:
    # Friday: 2 × 1 × 1.5 = 3 (two yes). Thursday: 2 × 0.5 × 1.5 + 1 × 2 = 3.5 (one yes).
    respondents = [someone("a", fri=Y, thu=M), someone("b", fri=Y, thu=M), someone("c", thu=Y)]
    result = suggest_slot([FRI, THU], respondents)
    assert [(item.slot, item.score, item.yes) for item in result.ranking] == [(THU, Fraction(7, 2), 1), (FRI, 3, 2)]
    assert not any("scored the same" in line for line in result.reasoning)


def test_one_under_heard_person_is_named_in_the_singular() -> None:
    result = suggest_slot([THU, FRI], [someone("a", under_heard=True, thu=Y, fri=M), someone("b", fri=Y)])
    summaries = {item.slot.slot_id: item.summary for item in result.ranking}
    assert summaries["thu"] == (
        "Thursday 10am: 1 can come, 0 if need be, including the 1 person from a group we hear from least"
    )
    assert summaries["fri"] == (
        "Friday 2pm: 1 can come, 1 if need be, including the 1 person from a group we hear from least; "
        "1 person can only make this slot"
    )
    alone = suggest_slot([THU, FRI], [someone("a", under_heard=True, fri=Y), someone("b", thu=Y, fri=Y)])
    assert {item.slot.slot_id: item.summary for item in alone.ranking}["thu"] == (
        "Thursday 10am: 1 can come, 0 if need be, but not the 1 person from a group we hear from least"
    )
    many = [someone("a", under_heard=True, fri=Y), someone("b", under_heard=True, fri=Y), someone("c", thu=Y)]
    summaries = {item.slot.slot_id: item.summary for item in suggest_slot([THU, FRI], many).ranking}
    assert summaries["thu"] == (
        "Thursday 10am: 1 can come, 0 if need be, but none of the 2 people from groups we hear from least; "
        "1 person can only make this slot"
    )


def test_no_answers_no_suggestion() -> None:
    assert suggest_slot([THU, FRI], []) == PollResult(
        None, tuple(rank_slots([THU, FRI], [])), ("Nobody has answered the poll yet.",)
    )
    nobody_can = suggest_slot([THU], [someone("a", thu=N), someone("b")])
    assert nobody_can.suggestion is None
    assert nobody_can.reasoning == ("None of the 2 people who answered can make any slot.",)
    assert suggest_slot([], [someone("a")]) == PollResult(None, (), ("There are no slots to choose from.",))


def test_answers_about_slots_no_longer_in_the_poll_are_ignored() -> None:
    result = suggest_slot([THU, FRI], [someone("a", gone=Y, thu=Y), someone("b", fri=M)])
    assert result.ranking[0].only_slot == 1 and result.ranking[0].score == 2


@pytest.mark.parametrize(
    ("slots", "respondents", "message"),
    [
        ([THU, THU], [], "slot"),
        ([THU], [someone("a"), someone("a")], "person"),
        ([THU], [someone("a", thu="maybe")], "maybe"),
    ],
)
def test_bad_polls_are_refused(slots: list[Slot], respondents: list[Respondent], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suggest_slot(slots, respondents)
