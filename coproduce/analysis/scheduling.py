"""The "When suits you?" poll: which of the proposed slots to suggest, and why.

Each person marks each slot yes, if need be, or no (a slot they did not mark counts as no). A slot scores, for each
person who can make it:

    answer × weight, where answer is 1 for yes and 0.5 (half) for if need be, and
    weight = (1.5 if the person is from a group we hear from least, else 1) × (1 + 1 / workable slots)

"Workable slots" are the slots the person marked yes or if need be, so someone who can make only one slot counts
double there, and someone who can make many counts a little over once: the suggestion leans towards the people who
are hardest to fit in, and towards the groups we hear from least. The slot with the highest score is suggested;
ties go to the slot with more plain "yes" answers, then to the slot that comes first in the poll. Scores are exact
fractions, so the order in which people answered never changes the result.

With no answers, or nobody able to make any slot, there is no suggestion, and the reasoning says why.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

YES_SCORE = Fraction(1)
IF_NEED_BE_SCORE = Fraction(1, 2)
UNDER_HEARD_WEIGHT = Fraction(3, 2)


class Answer(StrEnum):
    YES = "yes"
    IF_NEED_BE = "if_need_be"
    NO = "no"


@dataclass(frozen=True)
class Slot:
    slot_id: Hashable
    label: str  # e.g. "Thursday 10am"


@dataclass(frozen=True)
class Respondent:
    person_id: Hashable
    answers: Mapping[Hashable, str]  # slot id -> an Answer value; slots left out count as no
    under_heard: bool = False  # from a group we hear from least


@dataclass(frozen=True)
class SlotScore:
    slot: Slot
    score: Fraction
    yes: int
    if_need_be: int
    under_heard: int  # people from groups we hear from least who can come (yes or if need be)
    only_slot: int  # people for whom this is the only slot they can make
    summary: str  # one plain-English line


@dataclass(frozen=True)
class PollResult:
    suggestion: SlotScore | None
    ranking: tuple[SlotScore, ...]  # best first
    reasoning: tuple[str, ...]


HOW_WE_SCORE = (
    'Each "yes" counts as 1 and each "if need be" as a half.',
    "People from groups we hear from least count one and a half times as much.",
    "People who can make fewer slots count more, so someone who can make only one slot counts twice as much there.",
)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _validated(slots: list[Slot], respondents: list[Respondent]) -> None:
    slot_ids = [slot.slot_id for slot in slots]
    if len(set(slot_ids)) != len(slot_ids):
        raise ValueError("Each slot can be in the poll only once")
    person_ids = [respondent.person_id for respondent in respondents]
    if len(set(person_ids)) != len(person_ids):
        raise ValueError("Each person can answer the poll only once")
    for respondent in respondents:
        for answer in respondent.answers.values():
            try:
                Answer(answer)
            except ValueError:
                raise ValueError(f"Unknown answer {answer!r} from {respondent.person_id!r}") from None


def _workable(respondent: Respondent, slot_ids: set[Hashable]) -> set[Hashable]:
    """The poll's slots this person marked yes or if need be (answers about slots no longer in the poll are ignored)."""
    return {slot_id for slot_id, answer in respondent.answers.items() if slot_id in slot_ids and answer != Answer.NO}


def weight(respondent: Respondent, workable_slots: int) -> Fraction:
    """How much this person's answers count: ×1.5 for groups we hear from least, × (1 + 1 / workable slots)."""
    if workable_slots == 0:
        return Fraction(0)
    base = UNDER_HEARD_WEIGHT if respondent.under_heard else Fraction(1)
    return base * (1 + Fraction(1, workable_slots))


def _under_heard_clause(here: int, total: int) -> str:
    if total == 0:
        return ""
    if total == 1:
        return f", {'including' if here else 'but not'} the 1 person from a group we hear from least"
    if here == 0:
        return f", but none of the {total} people from groups we hear from least"
    return f", including {here} of the {total} people from groups we hear from least"


def _summary(label: str, yes: int, if_need_be: int, under_heard: int, under_heard_total: int, only: int) -> str:
    line = f"{label}: {yes} can come, {if_need_be} if need be"
    line += _under_heard_clause(under_heard, under_heard_total)
    if only:
        line += f"; {_people(only)} can only make this slot"
    return line


def _score_slots(slots: list[Slot], respondents: list[Respondent]) -> list[SlotScore]:
    slot_ids = {slot.slot_id for slot in slots}
    workable = [_workable(respondent, slot_ids) for respondent in respondents]
    under_heard_total = sum(1 for respondent in respondents if respondent.under_heard)
    scores: list[SlotScore] = []
    for slot in slots:
        score, yes, if_need_be, under_heard, only = Fraction(0), 0, 0, 0, 0
        for respondent, theirs in zip(respondents, workable, strict=True):
            answer = respondent.answers.get(slot.slot_id, Answer.NO)
            if answer == Answer.NO:
                continue
            yes += answer == Answer.YES
            if_need_be += answer == Answer.IF_NEED_BE
            under_heard += respondent.under_heard
            only += len(theirs) == 1
            value = YES_SCORE if answer == Answer.YES else IF_NEED_BE_SCORE
            score += value * weight(respondent, len(theirs))
        summary = _summary(slot.label, yes, if_need_be, under_heard, under_heard_total, only)
        scores.append(SlotScore(slot, score, yes, if_need_be, under_heard, only, summary))
    return scores


def rank_slots(slots: Iterable[Slot], respondents: Iterable[Respondent]) -> tuple[SlotScore, ...]:
    """Every slot scored, best first: highest score, then more plain "yes" answers, then earlier in the poll."""
    slots, respondents = list(slots), list(respondents)
    _validated(slots, respondents)
    scored = _score_slots(slots, respondents)
    order = {slot.slot_id: index for index, slot in enumerate(slots)}
    return tuple(sorted(scored, key=lambda item: (-item.score, -item.yes, order[item.slot.slot_id])))


def _why_not_runner_up(best: SlotScore, runner_up: SlotScore) -> str | None:
    if runner_up.score != best.score:
        return None
    if runner_up.yes != best.yes:
        return (
            f"{best.slot.label} and {runner_up.slot.label} scored the same; "
            f'{best.slot.label} has more people saying a plain "yes".'
        )
    return (
        f"{best.slot.label} and {runner_up.slot.label} scored the same with as many saying yes; "
        f"{best.slot.label} comes first in the poll."
    )


def suggest_slot(slots: Iterable[Slot], respondents: Iterable[Respondent]) -> PollResult:
    """The suggested slot (None when there is none to suggest), the full ranking and the reasoning, in plain English.

    Reasoning: the suggested slot's summary line, how tie-breaks decided it (if they did), who cannot make it, and
    how the scores work.
    """
    slots, respondents = list(slots), list(respondents)
    ranking = rank_slots(slots, respondents)
    if not slots:
        return PollResult(None, ranking, ("There are no slots to choose from.",))
    if not respondents:
        return PollResult(None, ranking, ("Nobody has answered the poll yet.",))
    best = ranking[0]
    if best.yes + best.if_need_be == 0:
        return PollResult(None, ranking, (f"None of the {_people(len(respondents))} who answered can make any slot.",))
    reasoning = [best.summary]
    if len(ranking) > 1 and (tie := _why_not_runner_up(best, ranking[1])):
        reasoning.append(tie)
    missing = len(respondents) - best.yes - best.if_need_be
    if missing:
        slot_ids = {slot.slot_id for slot in slots}
        no_slot = sum(1 for respondent in respondents if not _workable(respondent, slot_ids))
        line = f"{_people(missing)} who answered cannot make this slot"
        if no_slot:
            line += f" ({no_slot} of them cannot make any slot)"
        reasoning.append(line + ".")
    reasoning.extend(HOW_WE_SCORE)
    return PollResult(best, ranking, tuple(reasoning))
