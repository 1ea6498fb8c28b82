"""A plain-English score for text while it is being written: Flesch reading ease, an approximate UK reading age,
long sentences, and one line of advice.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Shown next to the score, so that the term is explained.
READING_EASE_EXPLAINED = (
    "The reading ease score (the Flesch reading ease) is worked out from how long the sentences and words are. "
    "Higher is easier: 60 or more is plain English that most adults can read easily."
)

LONG_SENTENCE_WORDS = 25
PLAIN_ENGLISH_SCORE = 60
YOUNGEST_READING_AGE = 5  # below school age a reading age means nothing

NO_TEXT = "No text yet"
# (lowest score, band), highest first: the usual Flesch bands.
BANDS: tuple[tuple[float, str], ...] = (
    (90, "Very easy to read"),
    (80, "Easy to read"),
    (70, "Fairly easy to read"),
    (60, "Plain English"),
    (50, "Fairly difficult"),
    (30, "Difficult"),
    (-math.inf, "Very difficult"),
)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    flesch_reading_ease: float
    reading_age: int | None
    long_sentences: int
    band: str
    advice: str


# --- syllables ---------------------------------------------------------------------------------------------------

_VOWELS = "aeiouy"
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_PARTS = re.compile(r"[A-Za-z]+|[0-9]+")
# Vowel pairs usually heard as two syllables (radio, media, medium, various; usual, actual) unless the consonant before
# them runs into them (nation, social, religion, million, opinion; equal, language).
_TWO_SYLLABLE_GROUPS = {"ia": "ctsgxln", "io": "ctsgxln", "iu": "ctsgxln", "iou": "ctsgxln", "ua": "qg"}


def _letters_syllables(word: str) -> int:
    """Syllables in a run of letters: vowel groups, less a silent final e, at least 1."""
    if len(word) >= 2 and word.isupper() and not _VOWEL_GROUP.search(word.lower()):
        return len(word)  # an initialism such as NHS or GP is read letter by letter
    word = word.lower()
    if word.startswith("y"):
        word = word[1:]  # a leading y is a consonant (you, young, yes)
    count = 0
    for group in _VOWEL_GROUP.finditer(word):
        count += 1
        before = word[group.start() - 1] if group.start() else ""
        run_together = _TWO_SYLLABLE_GROUPS.get(group.group())
        if run_together is not None and before and before not in run_together:
            count += 1
    if word.endswith("ing") and len(word) > 4 and word[-4] in _VOWELS:
        count += 1  # being, going, playing
    if count > 1 and _has_silent_ending(word):
        count -= 1
    return max(count, 1)


def _has_silent_ending(word: str) -> bool:
    """True when a final e (of -e, -es, -ed or -ely) makes no syllable of its own: make, lives, shared, lovely."""
    if word.endswith("ue"):
        return word.endswith(("gue", "que"))  # league, unique; but value, issue, continue
    if word.endswith("e") and not word.endswith(("ee", "ye", "ie")):
        # -le after a consonant is a syllable of its own (table, people); otherwise a final e is silent (make, whole).
        return not (word.endswith("le") and len(word) > 2 and word[-3] not in _VOWELS)
    if word.endswith("es") and len(word) > 3 and word[-3] not in _VOWELS:
        # -es is heard after s, x, z, ch, sh and soft c or g (boxes, services, changes) and in -les (tables).
        return not word.endswith(("ses", "xes", "zes", "ches", "shes", "ces", "ges", "les"))
    if word.endswith("ed") and len(word) > 3 and word[-3] not in _VOWELS:
        # -ed is heard after t or d (wanted, needed).
        return word[-3] not in "td"
    return word.endswith("ely") and len(word) > 4 and word[-4] not in _VOWELS


def count_syllables(word: str) -> int:
    """Estimated syllables in an English word, at least 1 if it has any letters or digits (0 otherwise).

    Heuristic: vowel groups less a silent final e; a final consonant + "le" counts; hyphenated and slashed words
    add up their parts; apostrophes are ignored; an initialism without vowels (NHS) counts a syllable per letter;
    each run of digits counts as one syllable.
    """
    parts = _PARTS.findall(word.replace("'", "").replace("’", ""))
    return sum(1 if part.isdigit() else _letters_syllables(part) for part in parts)


# --- sentences -----------------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*+•‣◦▪–—]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivx]+\))\s+")
_HAS_WORD = re.compile(r"[A-Za-z0-9]")
_CLOSERS = "\"'”’)]}»"
_OPENERS = "\"'“‘([{«"
_LINE_END_PUNCTUATION = (".", "!", "?", "…", ":", ";")
# Abbreviations that never end a sentence, even before a capital letter (e.g. Stockport; Dr Patel).
_NEVER_FINAL = frozenset(
    {"e.g.", "eg.", "i.e.", "ie.", "mr.", "mrs.", "ms.", "dr.", "prof.", "rev.", "st.", "vs.", "cf."}
)


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def _blocks(text: str) -> list[str]:
    """Split text into blocks that always end a sentence: paragraphs, bullet points, headings and other lines.

    A line break ends a sentence unless the line is a hard-wrapped sentence: it ends without punctuation and the next
    line carries on in lower case (and is not a bullet point).
    """
    blocks: list[str] = []
    current = ""
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if not line:
            if current:
                blocks.append(current)
            current = ""
            continue
        current = f"{current} {_BULLET.sub('', line)}".strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        carries_on = (
            bool(following)
            and following[0].islower()
            and not _is_bullet(following)
            and not line.rstrip(_CLOSERS).endswith(_LINE_END_PUNCTUATION)
        )
        if not carries_on:
            blocks.append(current)
            current = ""
    if current:
        blocks.append(current)
    return blocks


def _ends_sentence(token: str, following: str | None) -> bool:
    """Whether a word ends its sentence, given the next word (None at the end of a block)."""
    bare = token.rstrip(_CLOSERS)
    if bare.endswith(("!", "?")):
        return True
    if not bare.endswith((".", "…")):
        return False
    if bare.lower().lstrip(_OPENERS) in _NEVER_FINAL:
        return False
    if following is None:
        return True
    # After a full stop a new sentence starts with a capital, a number or an opening quote; "a.m. on Monday",
    # "etc. and" or "approx. ten" carry on.
    start = following.lstrip(_OPENERS)
    return following[0] in _OPENERS or not start or start[0].isupper() or start[0].isdigit()


def _split(text: str) -> list[list[str]]:
    """The sentences of a text, each as its words."""
    return [sentence for block in _blocks(text) for sentence in _sentences(block)]


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its words joined by single spaces and bullet markers dropped.

    Paragraphs, bullet points and headings always end a sentence, and "e.g." or "Dr" never do.
    """
    return [" ".join(sentence) for sentence in _split(text)]


def _sentences(block: str) -> list[list[str]]:
    """The sentences of a block, each as its words (tokens with a letter or digit)."""
    tokens = block.split()
    sentences: list[list[str]] = []
    current: list[str] = []
    for index, token in enumerate(tokens):
        if _HAS_WORD.search(token):
            current.append(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if current and (following is None or _ends_sentence(token, following)):
            sentences.append(current)
            current = []
    return sentences


# --- the score -----------------------------------------------------------------------------------------------------


def band(score: float) -> str:
    """The usual Flesch band for a reading ease score."""
    return next(name for lowest, name in BANDS if score >= lowest)


def _advice(score: float, long_sentences: int) -> str:
    if score >= PLAIN_ENGLISH_SCORE and not long_sentences:
        return "This is plain English: most people will understand it the first time they read it."
    if score >= PLAIN_ENGLISH_SCORE:
        return (
            f"The score is good, but split sentences of more than {LONG_SENTENCE_WORDS} words "
            "so they are easier to follow."
        )
    if long_sentences:
        return (
            f"Aim for a score of {PLAIN_ENGLISH_SCORE} or more: split sentences of more than {LONG_SENTENCE_WORDS} "
            "words and use everyday words where you can."
        )
    return (
        f"Aim for a score of {PLAIN_ENGLISH_SCORE} or more: swap long words for everyday ones, "
        "for example ‘help’ for ‘facilitate’."
    )


def reading_age_for_grade(grade: float) -> int:
    """A UK reading age from a US school grade: the grade plus 5 years, rounded half up, and never below 5."""
    return max(YOUNGEST_READING_AGE, math.floor(grade + 5 + 0.5))


def readability(text: str) -> Readability:
    """Readability of a piece of text; an empty text scores 0.0 with the band "No text yet"."""
    split = _split(text)
    words = sum(len(sentence) for sentence in split)
    if not words:
        return Readability(
            words=0,
            sentences=0,
            syllables=0,
            flesch_reading_ease=0.0,
            reading_age=None,
            long_sentences=0,
            band=NO_TEXT,
            advice="Start writing and the score will appear here.",
        )
    syllables = sum(count_syllables(word) for sentence in split for word in sentence)
    words_per_sentence = words / len(split)
    syllables_per_word = syllables / words
    score = round(206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word, 1)
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59  # Flesch–Kincaid grade (US school year)
    long_sentences = sum(1 for sentence in split if len(sentence) > LONG_SENTENCE_WORDS)
    return Readability(
        words=words,
        sentences=len(split),
        syllables=syllables,
        flesch_reading_ease=score,
        reading_age=reading_age_for_grade(grade),
        long_sentences=long_sentences,
        band=band(score),
        advice=_advice(score, long_sentences),
    )
