"""The narrative: plain-English sentences, made by rules from the measures, that answer the reflection question
"What narrative does our data tell us about the involvement of families whose needs haven't been met?".

No language model: each sentence is a template filled with figures that are already safe to show.

- `representation_sentences(label, table, area=..., period=...)`: the groups flagged as under-represented, most
  under-represented (lowest ratio) first, then those flagged as over-represented, with whole percentages. "Well
  below their share" is said only for a flagged group, whose whole confidence range lies below its population
  share. A hidden (suppressed) row is never mentioned: its share or ratio would give its count back. A caveat
  follows when the table counts few people, and one sentence says there are too few people when the total is
  hidden.
- `follow_through_sentence(kept_on_time, with_due_date, period)`: "9 of 12 promises made in spring were kept on time."
- `count_sentence(who, took_part, of_sessions, kind, people=None)`: "Dads took part in 3 of 14 co-design sessions."
  A number of people under the disclosure threshold is written as "fewer than 5".
- `summary(*parts)`: the sentences joined into one paragraph.

`period` is a phrase such as "this year", "in spring" or "spring"; a bare name gets "in" in front of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from coproduce.analysis.disclosure import THRESHOLD
from coproduce.analysis.representation import OVER, UNDER, RepresentationRow, RepresentationTable

SMALL_TOTAL = 30  # below this many people, shares move a lot when one person more or less takes part
SMALL_NUMBERS_CAVEAT = "These numbers are small, so treat them with care."

_PERIOD_OPENERS = ("this ", "last ", "in ", "during ", "since ", "over ", "from ", "between ", "so far")


def _when(period: str) -> str:
    """'spring' → 'in spring'; 'this year' and 'in May 2026' stay as they are."""
    period = " ".join(period.split())
    if not period:
        return "so far"
    return period if period.lower().startswith(_PERIOD_OPENERS) else f"in {period}"


def _round_half_up(value: float, places: int = 0) -> float:
    factor = 10**places
    return math.floor(value * factor + 0.5) / factor


def _percent(share: float, places: int = 0) -> str:
    value = _round_half_up(share * 100, places)
    if places == 0 or value == int(value):
        return f"{int(value)}%"
    return f"{value:.{places}f}%"


def _percent_pair(population: float, involved: float) -> tuple[str, str]:
    """Whole percentages, or one decimal place when whole ones would look the same but the shares differ."""
    for places in (0, 1):
        pair = (_percent(population, places), _percent(involved, places))
        if pair[0] != pair[1] or population == involved:
            return pair
    return pair


def _involved_part(share: float, involved_percent: str, when: str) -> str:
    if share == 0:
        return f"none of the people who took part {when} are in this group"
    if involved_percent in ("0%", "0.0%"):
        return f"they are less than 1% of the people who took part {when}"
    return f"they are {involved_percent} of the people who took part {when}"


def _group_sentence(subject: str, row: RepresentationRow, *, area: str, when: str, population_noun: str) -> str:
    """Three short sentences rather than one long one, to keep the reading age down."""
    assert row.share is not None and not row.suppressed
    population, involved = _percent_pair(row.population_share, row.share)
    second = _involved_part(row.share, involved, when)
    second = f"But {second}" if row.flag == UNDER else second[0].upper() + second[1:]
    ending = "well below their share" if row.flag == UNDER else "more than their share"
    return f"{subject} are {population} of {population_noun} in {area}. {second}. That is {ending}."


def _subject(row: RepresentationRow, label: str, names: Mapping[str, str] | None) -> str:
    if names and names.get(row.category):
        return names[row.category]
    return f"People whose {label} is {row.category}"


def representation_sentences(
    characteristic_label: str,
    table: RepresentationTable,
    *,
    area: str,
    period: str,
    max_sentences: int = 3,
    names: Mapping[str, str] | None = None,
    population_noun: str = "people",
    small_total: int = SMALL_TOTAL,
) -> list[str]:
    """Sentences about the groups that stand out for one characteristic (such as "ethnic group").

    Each item of the list is about one group (three short sentences, e.g. "... are 31% of families in Northby. But
    they are 12% of the people who took part this year. That is well below their share."), or is the caveat.

    characteristic_label: lower case words that fit "by ___" and "whose ___ is", e.g. "ethnic group". names: an
    optional subject for each category, e.g. {"1-2": "Families living in the most deprived 20% of areas"}; without
    one the subject is "People whose <label> is <category>". population_noun: what the population counts, e.g.
    "families". At most max_sentences sentences about groups (under-represented ones first), then the small numbers
    caveat when fewer than small_total people took part.
    """
    when = _when(period)
    label = " ".join(characteristic_label.split())
    if table.total is None:
        return [f"Too few people took part {when} to compare them with {area} by {label}."]
    if table.total == 0:
        return [f"Nobody took part {when}, so there is nothing to compare yet."]
    shown = [row for row in table.rows if not row.suppressed and row.share is not None]
    if not any(row.in_population for row in shown):
        return [f"Too few people took part {when} to compare them with {area} by {label}."]

    under = sorted(
        (row for row in shown if row.flag == UNDER and row.ratio is not None), key=lambda row: row.ratio or 0.0
    )
    over = sorted(
        (row for row in shown if row.flag == OVER and row.ratio is not None),
        key=lambda row: row.ratio or 0.0,
        reverse=True,
    )
    stand_out = (under + over)[: max(0, max_sentences)]
    if stand_out:
        result = [
            _group_sentence(_subject(row, label, names), row, area=area, when=when, population_noun=population_noun)
            for row in stand_out
        ]
    else:
        result = [f"The people who took part {when} broadly match the {population_noun} in {area} by {label}."]
    if table.total < small_total:
        result.append(SMALL_NUMBERS_CAVEAT)
    return result


def _check_count(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number of 0 or more (got {value!r}).")


def follow_through_sentence(kept_on_time: int, with_due_date: int, period: str) -> str:
    """'9 of 12 promises made in spring were kept on time.' Promises are not people, so small numbers are shown."""
    _check_count(kept_on_time, "The number of promises kept on time")
    _check_count(with_due_date, "The number of promises with a due date")
    if kept_on_time > with_due_date:
        raise ValueError(
            f"More promises kept on time ({kept_on_time}) than promises with a due date ({with_due_date})."
        )
    made = f"made {_when(period)}"
    if with_due_date == 0:
        return f"No promises {made} have a due date yet."
    if with_due_date == 1:
        return f"The 1 promise {made} was {'' if kept_on_time else 'not '}kept on time."
    if kept_on_time == with_due_date:
        return f"All {with_due_date} promises {made} were kept on time."
    if kept_on_time == 0:
        return f"None of the {with_due_date} promises {made} were kept on time."
    verb = "was" if kept_on_time == 1 else "were"
    return f"{kept_on_time} of {with_due_date} promises {made} {verb} kept on time."


def people_count(people: int, *, threshold: int = THRESHOLD) -> str:
    """'7 people', '1 person'... except that 1 to threshold - 1 people read 'fewer than 5 people'."""
    _check_count(people, "The number of people")
    if 0 < people < threshold:
        return f"fewer than {threshold} people"
    return f"{people} {'person' if people == 1 else 'people'}"


def count_sentence(
    who: str, took_part: int, of_sessions: int, kind: str, *, people: int | None = None, threshold: int = THRESHOLD
) -> str:
    """'Dads took part in 3 of 14 co-design sessions.' took_part and of_sessions count sessions, not people.

    people (optional): how many different people from the group took part, added as "(7 people)"; from 1
    to threshold - 1 it reads "fewer than 5", so that nobody can be singled out.
    """
    _check_count(took_part, "The number of sessions taken part in")
    _check_count(of_sessions, "The number of sessions")
    if took_part > of_sessions:
        raise ValueError(f"{who} cannot take part in more sessions ({took_part}) than there were ({of_sessions}).")
    kind = " ".join(kind.split())
    sessions = f"{kind} session" if of_sessions == 1 else f"{kind} sessions"
    if of_sessions == 0:
        return f"There were no {kind} sessions for {who} to take part in."
    if took_part == 0:
        if of_sessions == 1:
            return f"{who} did not take part in the 1 {sessions}."
        return f"{who} did not take part in any of the {of_sessions} {sessions}."
    if of_sessions == 1:
        sentence = f"{who} took part in the 1 {sessions}"
    elif took_part == of_sessions:
        sentence = f"{who} took part in all {of_sessions} {sessions}"
    else:
        sentence = f"{who} took part in {took_part} of {of_sessions} {sessions}"
    if people is not None:
        _check_count(people, "The number of people")
        if (people == 0) != (took_part == 0):
            raise ValueError(f"{people} people cannot have taken part in {took_part} sessions.")
        sentence += f" ({people_count(people, threshold=threshold)})"
    return sentence + "."


def summary(*parts: str | Iterable[str]) -> str:
    """The sentences, in order, as one paragraph. Each part is a sentence or a list of them; empty ones are skipped."""
    sentences: list[str] = []
    for part in parts:
        for sentence in [part] if isinstance(part, str) else part:
            sentence = " ".join(sentence.split())
            if sentence:
                sentences.append(sentence)
    return " ".join(sentences)
