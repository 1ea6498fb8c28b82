"""The plain-English score: syllables, sentences, the Flesch reading ease, bands and advice."""

from __future__ import annotations

import itertools

import pytest

from coproduce.analysis.readability import READING_EASE_EXPLAINED, count_syllables, readability

STOCKPORT = (
    "Co-production happens when all voices are actively listened to from the start of the planning process. "
    "This involves a mutual respect for each other’s views, with an open and honest relationship that is "
    "transparent and continually evolving to achieve meaningful and positive outcomes."
)
BUREAUCRATIC = (
    "The implementation of the integrated commissioning framework necessitates comprehensive stakeholder "
    "engagement across organisational boundaries, notwithstanding existing contractual obligations."
)


def flesch(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def expected_band(score: float) -> str:
    """The usual Flesch bands, restated independently of the module."""
    if score >= 90:
        return "Very easy to read"
    if score >= 80:
        return "Easy to read"
    if score >= 70:
        return "Fairly easy to read"
    if score >= 60:
        return "Plain English"
    if score >= 50:
        return "Fairly difficult"
    if score >= 30:
        return "Difficult"
    return "Very difficult"


# --- syllables ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("the", 1),
        ("make", 1),  # silent final e
        ("whole", 1),
        ("table", 2),  # consonant + le is a syllable
        ("people", 2),
        ("shared", 1),  # -ed not heard
        ("wanted", 2),  # -ed heard after t
        ("needed", 2),  # ... and after d
        ("lives", 1),  # -es not heard
        ("boxes", 2),  # -es heard after x
        ("changes", 2),  # ... and after soft g
        ("families", 3),
        ("lovely", 2),
        ("completely", 3),
        ("being", 2),
        ("going", 2),
        ("social", 2),
        ("radio", 3),
        ("usually", 4),
        ("equal", 2),
        ("value", 2),
        ("league", 1),
        ("you", 1),
        ("young", 1),
        ("Families", 3),  # case does not matter
        ("co-production", 4),  # hyphenated words add up their parts
        ("don't", 1),  # apostrophes ignored
        ("other’s", 2),
        ("NHS", 3),  # an initialism is read letter by letter
        ("GP", 2),
        ("SEND", 1),  # ... but an acronym with a vowel is read as a word
        ("2024", 1),  # a number counts as one syllable
        ("hmm", 1),  # at least one
        ("", 0),
        ("–", 0),
    ],
)
def test_count_syllables(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


# Dictionary syllable counts for everyday family-hub words (not taken from the heuristic).
DICTIONARY = {
    "hub": 1, "hubs": 1, "family": 3, "children": 2, "parent": 2, "parents": 2, "carer": 2, "carers": 2,
    "support": 2, "service": 2, "services": 3, "health": 1, "visitor": 3, "midwife": 2, "nursery": 3, "school": 1,
    "together": 3, "decide": 2, "decision": 3, "meeting": 2, "workshop": 2, "community": 4, "council": 2,
    "local": 2, "listen": 2, "voice": 1, "voices": 2, "choice": 1, "involve": 2, "involved": 2, "understand": 3,
    "information": 4, "questionnaire": 3, "survey": 2, "idea": 3, "baby": 2, "babies": 2, "toddler": 2,
    "pregnant": 2, "breakfast": 2, "library": 3, "language": 2, "welcome": 2, "question": 2, "answer": 2,
    "simple": 2, "problem": 2, "money": 2, "office": 2, "open": 2, "closed": 1, "opening": 3, "saturday": 3,
    "monday": 2, "morning": 2, "evening": 2, "afternoon": 3, "important": 3, "different": 3, "everyone": 3,
    "experience": 4, "create": 2, "area": 3, "really": 2, "because": 2, "little": 2, "time": 1, "home": 1,
    "safe": 1, "safeguarding": 3, "training": 2, "volunteer": 3, "relationship": 4, "partnership": 3,
    "strategy": 3, "commissioner": 4, "practitioner": 4, "education": 4, "charity": 3, "faith": 1,
    "disability": 5, "equality": 4, "diversity": 4, "inclusion": 3, "outcome": 2, "planning": 2, "project": 2,
    "feedback": 2, "changed": 1, "asked": 1, "helped": 1, "started": 2, "agreed": 2, "believe": 2, "decided": 3,
    "ensure": 2, "measure": 2, "future": 2, "nature": 2, "picture": 2,
}  # fmt: skip


def test_syllable_heuristic_is_close_to_the_dictionary_on_everyday_words() -> None:
    errors = {word: count_syllables(word) - count for word, count in DICTIONARY.items()}
    exact = sum(1 for error in errors.values() if error == 0)
    assert exact / len(DICTIONARY) >= 0.9, {word: error for word, error in errors.items() if error}
    assert all(abs(error) <= 1 for error in errors.values()), errors


# --- empty text ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "– • …", "- \n* \n"])
def test_no_words_means_no_score_yet(text: str) -> None:
    result = readability(text)
    assert (result.words, result.sentences, result.syllables, result.long_sentences) == (0, 0, 0, 0)
    assert result.flesch_reading_ease == 0.0
    assert result.reading_age is None
    assert result.band == "No text yet"
    assert result.advice


# --- known texts --------------------------------------------------------------------------------------------------


def test_the_cat_sat_on_the_mat() -> None:
    result = readability("The cat sat on the mat.")
    assert (result.words, result.sentences, result.syllables) == (6, 1, 6)
    # 206.835 - 1.015 × 6 - 84.6 × 1 = 116.145
    assert result.flesch_reading_ease == pytest.approx(116.1, abs=0.05)
    assert result.band == "Very easy to read"
    assert result.reading_age == 5  # Flesch–Kincaid grade is below zero; a reading age never goes under 5
    assert result.long_sentences == 0
    assert "60" not in result.advice


def test_dense_bureaucratic_writing_is_very_difficult() -> None:
    result = readability(BUREAUCRATIC)
    assert (result.words, result.sentences) == (18, 1)
    assert result.flesch_reading_ease < 0  # over three syllables a word
    assert result.band == "Very difficult"
    assert result.reading_age is not None and result.reading_age >= 18
    assert "60" in result.advice


def test_stockport_definition_of_co_production() -> None:
    result = readability(STOCKPORT)
    # Counted by hand: 16 + 27 words; 26 + 51 syllables from a dictionary; so about 33.5, "Difficult".
    assert (result.words, result.sentences, result.long_sentences) == (43, 2, 1)
    assert abs(result.syllables - 77) <= 4
    assert result.flesch_reading_ease == pytest.approx(33.5, abs=6)
    assert result.band == "Difficult"
    assert result.reading_age is not None and 17 <= result.reading_age <= 21
    assert "25" in result.advice  # it has a long sentence to split


@pytest.mark.parametrize(
    "text",
    [
        "The cat sat on the mat.",
        STOCKPORT,
        BUREAUCRATIC,
        "Come to the hub on Saturday. Bring the children. There is free fruit and a place to play.",
        "Families told us what matters to them. We changed the opening times and the way we answer the phone.",
        "Our integrated family hub offers accessible, holistic services for parents, carers and children.",
    ],
)
def test_score_follows_the_formula_and_the_band_follows_the_score(text: str) -> None:
    result = readability(text)
    assert result.flesch_reading_ease == round(flesch(result.words, result.sentences, result.syllables), 1)
    assert result.band == expected_band(result.flesch_reading_ease)


# --- sentences, words, paragraphs and bullets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences", "words"),
    [
        ("Can you come? Yes! Great.", 3, 5),
        ("Bring something to do, e.g. a book. We have toys.", 2, 10),
        ("Bring something, e.g. Lego. We have toys.", 2, 7),
        ("Dr. Patel runs the clinic. It is free.", 2, 8),
        ("Open 9 a.m. to 5 p.m. on weekdays.", 1, 8),
        ("We have toys, books etc. The hub is free.", 2, 9),
        ("It costs £2.50 for 3 sessions.", 1, 6),
        ("She said “Come in.” Then she left.", 2, 7),
        ("Visit www.example.org for details.", 1, 4),
        ("Wait… then go.", 1, 3),
        ("Co-production is key.", 1, 3),
        ("the cat sat on the mat", 1, 6),
        ("Things to bring:\n- nappies\n- a drink\n- a snack", 4, 8),
        ("• Book a place\n• Come along", 2, 5),
        ("1. Book a place\n2. Come along\n3) Tell us what you think", 3, 10),
        ("Welcome to the hub\n\nWe are open on Mondays", 2, 9),
        ("Opening times\nMonday to Friday, 9 to 5.", 2, 8),
        ("The cat sat\non the mat.", 1, 6),  # a sentence wrapped onto the next line
        ("Things to bring:\n- nappies and\n  wipes\n- a drink", 3, 8),  # a bullet point wrapped onto the next line
        ("First line\r\nSecond line", 2, 4),
    ],
)
def test_sentences_and_words(text: str, sentences: int, words: int) -> None:
    result = readability(text)
    assert (result.sentences, result.words) == (sentences, words)


def test_a_line_break_ends_a_sentence_that_has_no_full_stop() -> None:
    as_lines = readability("We meet on Monday\nWe play on Tuesday\nWe read on Wednesday")
    as_one = readability("We meet on Monday we play on Tuesday we read on Wednesday")
    assert (as_lines.sentences, as_one.sentences) == (3, 1)
    assert as_lines.flesch_reading_ease > as_one.flesch_reading_ease


def sentence_of(length: int) -> str:
    return " ".join(["Word"] * length) + "."


def test_long_sentences_are_those_over_25_words() -> None:
    assert readability(sentence_of(25)).long_sentences == 0
    assert readability(sentence_of(26)).long_sentences == 1
    assert readability(" ".join([sentence_of(26), sentence_of(5), sentence_of(40)])).long_sentences == 2


# --- the score moves the right way --------------------------------------------------------------------------------


def test_adding_long_words_lowers_the_score() -> None:
    base = "We help families find the support they need"
    scores = [readability(base + " comprehensive" * extra + ".").flesch_reading_ease for extra in range(8)]
    assert all(later < earlier for earlier, later in itertools.pairwise(scores)), scores


def test_longer_words_for_the_same_message_lower_the_score() -> None:
    plain = readability("We help families get the help they need.")
    wordy = readability("We facilitate families to access the assistance they require.")
    assert plain.words == 8 and wordy.words == 9
    assert wordy.flesch_reading_ease < plain.flesch_reading_ease
    assert wordy.reading_age is not None and plain.reading_age is not None
    assert wordy.reading_age > plain.reading_age


def test_splitting_a_long_sentence_raises_the_score() -> None:
    one = readability("We open on Monday, we close on Friday, we have a café, there is a place to play.")
    split = readability("We open on Monday. We close on Friday. We have a café. There is a place to play.")
    assert (one.sentences, split.sentences) == (1, 4)
    assert one.words == split.words and one.syllables == split.syllables
    assert split.flesch_reading_ease > one.flesch_reading_ease


# --- advice -------------------------------------------------------------------------------------------------------


def test_advice_for_plain_text_with_a_long_sentence_says_to_split_it() -> None:
    result = readability(" ".join(["the cat sat on the mat"] * 5) + ".")  # 30 short words, one sentence
    assert result.flesch_reading_ease >= 60
    assert result.long_sentences == 1
    assert "split" in result.advice and "25" in result.advice


def test_advice_for_hard_text_without_long_sentences_is_about_words() -> None:
    result = readability("Comprehensive integrated commissioning necessitates collaboration.")
    assert result.long_sentences == 0 and result.flesch_reading_ease < 60
    assert "60" in result.advice and "words" in result.advice and "split" not in result.advice


def test_every_piece_of_advice_is_one_sentence_of_plain_english() -> None:
    texts = ["", "The cat sat on the mat.", STOCKPORT, BUREAUCRATIC, " ".join(["the cat sat on the mat"] * 5) + "."]
    for text in texts:
        advice = readability(text).advice
        assert readability(advice).sentences == 1, advice
        assert readability(advice).long_sentences == 0, advice


def test_the_score_is_explained() -> None:
    assert "60" in READING_EASE_EXPLAINED and "Higher is easier" in READING_EASE_EXPLAINED
