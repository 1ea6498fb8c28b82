"""The plain-English summary at the top of the insights page: "What narrative does our data tell us about the
involvement of families whose needs haven't been met?"

Put together from the measures by the rules in coproduce/analysis/narrative.py (no language model): the groups
that stand out against the population (under-represented first), how many sessions of co-design men took part in,
how many promises were kept on time, and how many people came for the first time. Hidden numbers are never
mentioned, and a caveat is added when numbers are small.
"""

from __future__ import annotations

from coproduce.analysis import narrative
from coproduce.analysis.disclosure import THRESHOLD
from coproduce.insights.measures import FollowThroughFigures, Reach, Sessions
from coproduce.insights.representation import CharacteristicTable
from coproduce.insights.scope import Scope

MAX_GROUP_SENTENCES = 3

IMD_NAMES = {
    "1": "People living in the most deprived 20% of areas",
    "2": "People living in the next most deprived 20% of areas",
    "3": "People living in middling areas",
    "4": "People living in the second least deprived 20% of areas",
    "5": "People living in the least deprived 20% of areas",
}
SEX_NAMES = {"female": "Women", "male": "Men"}


def _names(table: CharacteristicTable) -> dict[str, str]:
    if table.key == "imd_quintile":
        return IMD_NAMES
    if table.key == "sex":
        return SEX_NAMES
    noun = str(table.characteristic.noun)
    return {code: f"People whose {noun} is {label}" for code, label in table.labels.items()}


def _population_noun(table: CharacteristicTable) -> str:
    if table.key == "sex":
        return "people aged 16 to 64"
    return "people"


def representation_part(tables: list[CharacteristicTable], scope: Scope, area: str) -> list[str]:
    """Up to three groups that stand out, from the characteristics that have population figures (deprivation
    and ethnic group first), then one caveat when numbers are small."""
    sentences: list[str] = []
    caveat = False
    broad: list[str] = []
    for table in tables:
        if not table.has_population or table.characteristic.multiple:
            continue
        found = narrative.representation_sentences(
            str(table.characteristic.noun),
            table.table,
            area=area,
            period=scope.period_words,
            max_sentences=1,
            names=_names(table),
            population_noun=_population_noun(table),
        )
        for sentence in found:
            if sentence == narrative.SMALL_NUMBERS_CAVEAT:
                caveat = True
            elif "broadly match" in sentence or sentence.startswith(("Too few", "Nobody")):
                broad.append(sentence)
            elif len(sentences) < MAX_GROUP_SENTENCES:
                sentences.append(sentence)
    if not sentences and broad:
        sentences.append(broad[0])
    if caveat:
        sentences.append(narrative.SMALL_NUMBERS_CAVEAT)
    return sentences


def reach_sentence(reach: Reach, scope: Scope) -> str:
    if reach.people is None:
        return f"Fewer than {THRESHOLD} people took part {scope.period_words}."
    if reach.people == 0:
        return ""
    people = narrative.people_count(reach.people)
    if scope.since is None or reach.first_time is None:
        return f"{people[0].upper()}{people[1:]} took part {scope.period_words}."
    if reach.first_time == 0:
        return f"{people[0].upper()}{people[1:]} took part {scope.period_words}. All of them had taken part before."
    # A count shown at all is never a small one (it would be hidden, None, and left out above).
    return (
        f"{people[0].upper()}{people[1:]} took part {scope.period_words}. "
        f"{reach.first_time:,} of them took part for the first time."
    )


def sessions_sentence(sessions: Sessions) -> str:
    if sessions.total == 0:
        return ""
    return narrative.count_sentence("Men", sessions.with_men, sessions.total, sessions.kind_label, people=sessions.men)


def promises_sentence(figures: FollowThroughFigures, scope: Scope) -> str:
    promises = figures.promises
    if promises.total == 0:
        return ""
    return narrative.follow_through_sentence(promises.kept_on_time, promises.so_far, scope.period_words)


def summary(
    *,
    scope: Scope,
    area: str,
    tables: list[CharacteristicTable],
    reach: Reach,
    sessions: Sessions,
    follow: FollowThroughFigures,
) -> list[str]:
    """The summary as a list of sentences (the page shows them as one or two short paragraphs)."""
    parts = [
        reach_sentence(reach, scope),
        *representation_part(tables, scope, area),
        sessions_sentence(sessions),
        promises_sentence(follow, scope),
    ]
    return [part for part in parts if part]
