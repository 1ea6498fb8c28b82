"""The plain-English checker for text that families read (public pages, messages, the newsletter, the definition):
reading age against a target, long sentences, passive voice, acronyms and jargon, each with a line of advice.

It advises and never blocks. The reading age, the reading ease score, its band and the sentences come from
`readability`, so that they match what the definition editor shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from coproduce.analysis.readability import LONG_SENTENCE_WORDS, NO_TEXT, readability, sentences

DEFAULT_TARGET_READING_AGE = 9  # GOV.UK writes for a reading age of 9

# Widely known: flagging them on every page would teach people to ignore the checker.
WELL_KNOWN_ACRONYMS = frozenset({"UK", "NHS", "GP", "ID", "OK", "TV"})


@dataclass(frozen=True)
class LongSentence:
    text: str
    words: int
    advice: str


@dataclass(frozen=True)
class PassiveSentence:
    text: str
    phrases: tuple[str, ...]  # as written, such as "were supported"
    advice: str


@dataclass(frozen=True)
class Acronym:
    acronym: str
    uses: int
    explanation: str  # from the glossary, or the words written out in the text; "" when unexplained
    advice: str


@dataclass(frozen=True)
class Jargon:
    term: str  # as the glossary spells it
    explanation: str  # the glossary's plain explanation
    uses: int
    advice: str


@dataclass(frozen=True)
class PlainEnglishReport:
    words: int
    sentences: int
    reading_age: int | None  # UK years; None without text to score
    target_reading_age: int
    score: float | None  # the Flesch reading ease (see readability.READING_EASE_EXPLAINED); higher is easier
    band: str
    advice: str
    long_sentences: tuple[LongSentence, ...]
    passive_sentences: tuple[PassiveSentence, ...]
    explained_acronyms: tuple[Acronym, ...]
    unexplained_acronyms: tuple[Acronym, ...]
    jargon: tuple[Jargon, ...]

    @property
    def meets_target(self) -> bool:
        return self.reading_age is not None and self.reading_age <= self.target_reading_age


# --- links ---------------------------------------------------------------------------------------------------------

# Web and email addresses are not read as words; a full stop after one still ends its sentence.
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’”]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
)
_LETTER = re.compile(r"[^\W\d_]")


def _without_links(text: str) -> str:
    return _LINK.sub("", text)


# --- passive voice -------------------------------------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Forms of "be"; not "get", because "get involved" and "get started" are everyday phrases.
_BE = _word_set("am is are was were be been being isn't aren't wasn't weren't")
# Words allowed between the verb and the participle: "is not needed", "were quickly sent", "are all invited".
_BETWEEN = _word_set("not never also always often usually still already all just now")
_IRREGULAR_PARTICIPLES = _word_set(
    """
    agreed begun bent bought bound broken brought built caught chosen cut dealt done drawn driven eaten fallen fed felt
    forbidden forgiven forgotten found freed frozen given grown guaranteed heard held hidden hit hung hurt kept known
    laid led left lent let lost made meant met overseen paid put read run said seen sent set shown shut sold sought
    spent spoken spread stolen struck stuck taken taught thought thrown told torn understood undertaken upheld withdrawn
    won worn written
    """
)
# Words ending in -ed that usually describe a state after "is" or "are" ("I am tired", "they are disabled"), or are
# not verbs at all.
_DESCRIBING_WORDS = _word_set(
    """
    aged amazed annoyed ashamed based bored called closed committed complicated concerned confused dedicated delighted
    detailed determined disabled embarrassed excited experienced frightened hundred interested involved isolated
    limited located married mixed naked pleased qualified related relaxed sacred satisfied scared skilled stressed
    supposed surprised talented tired varied wicked worried
    """
)
_WORD_EDGES = re.compile(r"^\W+|\W+$")


def _bare(token: str) -> str:
    return _WORD_EDGES.sub("", token.replace("’", "'")).lower()


def _is_participle(token: str) -> bool:
    if token[:1].isupper():
        return False  # a name, such as Fred or Ted
    word = _bare(token)
    if word in _DESCRIBING_WORDS:
        return False
    if word in _IRREGULAR_PARTICIPLES:
        return True
    return len(word) >= 4 and word.endswith("ed") and not word.endswith("eed") and word.isalpha()


def _passive_phrases(sentence: str) -> list[str]:
    """Heuristic: a form of "be", then a past participle as the next word or after one word such as "not"."""
    tokens = sentence.split()
    words = [_bare(token) for token in tokens]
    phrases: list[str] = []
    for index, word in enumerate(words):
        if word not in _BE or (word == "am" and words[index - 1 : index] != ["i"]):
            continue  # "am" only after "I": in Welsh it means "for"
        following = tokens[index + 1 : index + 3]
        if following and _is_participle(following[0]):
            phrases.append(" ".join(tokens[index : index + 2]))
        elif len(following) == 2 and _is_between(_bare(following[0])) and _is_participle(following[1]):
            phrases.append(" ".join(tokens[index : index + 3]))
    return [_WORD_EDGES.sub("", phrase) for phrase in phrases]


def _is_between(word: str) -> bool:
    return word in _BETWEEN or (len(word) > 4 and word.endswith("ly"))


# --- acronyms ------------------------------------------------------------------------------------------------------

_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z&]*[A-Z])(?:s|'s|’s)?(?![\w&])")
# I, V, X and L only: numerals with C, D or M are rare in what we write and would hide CV, CD and MD.
_ROMAN_NUMERAL = re.compile(r"L?X{0,3}(?:IX|IV|V?I{0,3})")
# Words that may be left out of an acronym: "special educational needs and disabilities (SEND)".
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"})
_LONG_FORM_WORD = re.compile(r"[^\W\d_][\w'’]*")


def _is_shouting(sentence: str) -> bool:
    """True for a sentence written all in capitals, where capitals do not mark acronyms."""
    return not any(character.islower() for character in sentence) and len(_LONG_FORM_WORD.findall(sentence)) >= 2


def _acronym_uses(sentences: Sequence[str]) -> dict[str, int]:
    """Acronyms in the order they first appear, with how often each is used."""
    uses: dict[str, int] = {}
    for sentence in sentences:
        if _is_shouting(sentence):
            continue
        for acronym in _ACRONYM.findall(sentence):
            if acronym in WELL_KNOWN_ACRONYMS or _ROMAN_NUMERAL.fullmatch(acronym):
                continue
            uses[acronym] = uses.get(acronym, 0) + 1
    return uses


def _spells(words: Sequence[str], letters: str) -> bool:
    """Whether the words, in order, spell the letters: each word gives the first one or more of its letters, and small
    words such as "and" may give none."""
    words = [word.lower() for word in words]

    @cache
    def spells_from(word_index: int, letter_index: int) -> bool:
        if word_index == len(words):
            return letter_index == len(letters)
        word = words[word_index]
        if word in _SMALL_WORDS and spells_from(word_index + 1, letter_index):
            return True
        return any(
            letters[letter_index : letter_index + length] == word[:length]
            and spells_from(word_index + 1, letter_index + length)
            for length in range(1, min(len(word), len(letters) - letter_index) + 1)
        )

    return spells_from(0, 0)


def _long_form_words(text: str) -> list[str]:
    return _LONG_FORM_WORD.findall(text.replace("-", " "))


def _written_out(acronym: str, text: str) -> str:
    """The words the text gives for an acronym, as "words (ACRONYM)" or "ACRONYM (words)"; "" if it gives none."""
    letters = acronym.replace("&", "").lower()
    most_words = 2 * len(letters) + 2
    for before in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        words = _long_form_words(text[: before.start()])[-most_words:]
        for start in range(len(words)):
            if words[start].lower() not in _SMALL_WORDS and _spells(words[start:], letters):
                return " ".join(words[start:])
    for after in re.finditer(rf"(?<![\w&]){re.escape(acronym)}\s*\(([^()]+)\)", text):
        words = _long_form_words(after.group(1))
        if any(_spells(words[:end], letters) for end in range(1, min(len(words), most_words) + 1)):
            return after.group(1).strip()
    return ""


def _acronyms(
    sentences: Sequence[str], text: str, glossary: Mapping[str, str]
) -> tuple[tuple[Acronym, ...], tuple[Acronym, ...]]:
    by_acronym = {term.strip().casefold(): explanation.strip() for term, explanation in glossary.items()}
    explained: list[Acronym] = []
    unexplained: list[Acronym] = []
    for acronym, uses in _acronym_uses(sentences).items():
        if explanation := by_acronym.get(acronym.casefold(), ""):
            advice = f"Your glossary explains {acronym}. Use the plain words instead if you can."
            explained.append(Acronym(acronym=acronym, uses=uses, explanation=explanation, advice=advice))
        elif explanation := _written_out(acronym, text):
            advice = f"You say what {acronym} stands for. Use the full words instead if you can."
            explained.append(Acronym(acronym=acronym, uses=uses, explanation=explanation, advice=advice))
        else:
            advice = f"Not everyone knows what {acronym} means. Write it out in full, or add it to your glossary."
            unexplained.append(Acronym(acronym=acronym, uses=uses, explanation="", advice=advice))
    return tuple(explained), tuple(unexplained)


# --- jargon --------------------------------------------------------------------------------------------------------


def _is_acronym_term(term: str) -> bool:
    # Matched case by case as an acronym, so that "SEND" in the glossary does not match "we will send you".
    return bool(_ACRONYM.fullmatch(term))


def _jargon(text: str, glossary: Mapping[str, str]) -> tuple[Jargon, ...]:
    found: list[tuple[int, Jargon]] = []
    for term, explanation in glossary.items():
        term = term.strip()
        if not term or _is_acronym_term(term):
            continue
        words = r"\s+".join(re.escape(word) for word in term.split())
        matches = list(re.finditer(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", text, flags=re.IGNORECASE))
        if matches:
            advice = f"Not everyone knows what ‘{term}’ means. Use everyday words, or explain it the first time."
            jargon = Jargon(term=term, explanation=explanation.strip(), uses=len(matches), advice=advice)
            found.append((matches[0].start(), jargon))
    return tuple(jargon for _, jargon in sorted(found, key=lambda pair: pair[0]))


# --- the report ----------------------------------------------------------------------------------------------------

_PASSIVE_ADVICE = "Say who does what: ‘we will send you a letter’, not ‘a letter will be sent to you’."


def _advice(reading_age: int, target: int, findings: int) -> str:
    if reading_age > target:
        return f"The reading age is {reading_age}. Aim for {target} or under: use short sentences and everyday words."
    if findings:
        return f"The reading age is {reading_age}, which is good. The points below will make it clearer still."
    return "This is plain English: most people will understand it the first time they read it."


def _empty_report(text: str, target_reading_age: int) -> PlainEnglishReport:
    if _LETTER.search(text):
        advice = "The checker can only score text written in English."
    else:
        advice = "Start writing and the checks will appear here."
    return PlainEnglishReport(
        words=0,
        sentences=0,
        reading_age=None,
        target_reading_age=target_reading_age,
        score=None,
        band=NO_TEXT,
        advice=advice,
        long_sentences=(),
        passive_sentences=(),
        explained_acronyms=(),
        unexplained_acronyms=(),
        jargon=(),
    )


def check_text(
    text: str,
    *,
    glossary: Mapping[str, str] | None = None,
    target_reading_age: int = DEFAULT_TARGET_READING_AGE,
) -> PlainEnglishReport:
    """How plain a piece of English text is, with advice; the glossary maps terms to plain explanations.

    The reading age is the Flesch–Kincaid grade (a US school year, from words per sentence and syllables per word,
    with the syllables counted by `readability`, offline) plus 5 years, rounded half up and never below 5: a US
    grade 4 is a UK reading age of 9.

    Sentences come from `readability.sentences`, so paragraphs, headings and bullet points end a sentence; web and
    email addresses are left out. Findings are in the order they appear.
    """
    glossary = glossary or {}
    text = _without_links(text)
    ease = readability(text)
    split = sentences(text)
    if not ease.words:
        return _empty_report(text, target_reading_age)
    reading_age = ease.reading_age

    long_sentences = []
    passive_sentences = []
    for sentence in split:
        words = len(sentence.split())
        if words > LONG_SENTENCE_WORDS:
            advice = (
                f"This sentence has {words} words. Split it so that each sentence has {LONG_SENTENCE_WORDS} or fewer."
            )
            long_sentences.append(LongSentence(text=sentence, words=words, advice=advice))
        if phrases := _passive_phrases(sentence):
            passive_sentences.append(PassiveSentence(text=sentence, phrases=tuple(phrases), advice=_PASSIVE_ADVICE))
    explained, unexplained = _acronyms(split, text, glossary)
    jargon = _jargon(text, glossary)

    findings = len(long_sentences) + len(passive_sentences) + len(unexplained) + len(jargon)
    return PlainEnglishReport(
        words=ease.words,
        sentences=ease.sentences,
        reading_age=reading_age,
        target_reading_age=target_reading_age,
        score=ease.flesch_reading_ease,
        band=ease.band,
        advice=_advice(reading_age, target_reading_age, findings),
        long_sentences=tuple(long_sentences),
        passive_sentences=tuple(passive_sentences),
        explained_acronyms=explained,
        unexplained_acronyms=unexplained,
        jargon=jargon,
    )
