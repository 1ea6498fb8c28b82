"""The plain-English checker: reading age against a target, long sentences, passive voice, acronyms and jargon."""

from __future__ import annotations

import dataclasses
import socket

import pytest

from coproduce.analysis.plain_english import Acronym, Jargon, PlainEnglishReport, check_text
from coproduce.analysis.readability import band, readability, reading_age_for_grade, sentences

# In the style of GOV.UK: short sentences, everyday words, headings and bullet points without full stops.
GOV_UK = """You can get free childcare for your child if they are 3 or 4 years old.

Who can get it
You can get it if:
- you live in England
- your child is 3 or 4
- you earn less than £100,000 a year

How to apply
Ask your nursery or childminder. They will tell you what to bring. It is free to apply."""

COUNCIL = (
    "Following consultation with key stakeholders, it was agreed that provision for children and young people with "
    "SEND would be reconfigured in line with the LA's statutory duties under the Children and Families Act 2014, and "
    "that all EHCP reviews will be undertaken by the multi-agency panel prior to the allocation of any additional "
    "resources. Applications that are not submitted within the prescribed timescales will not be considered, and "
    "families are advised that a DBS check is required for all volunteers. Further information regarding the "
    "implementation of the Local Offer is disseminated via the SENDIASS."
)
FIRST_COUNCIL_SENTENCE = COUNCIL[: COUNCIL.index("resources.") + len("resources.")]

WELSH = (
    "Mae'r ganolfan ar agor bob dydd o naw tan bump. Croeso i bawb, gan gynnwys plant a phobl ifanc. "
    "Dewch draw am baned."
)

GLOSSARY = {
    "EHCP": "a plan for your child's education, health and care",
    "Local Offer": "the list of services for children and young people with special educational needs",
}


# --- known texts -----------------------------------------------------------------------------------------------------


def test_plain_gov_uk_text_meets_the_target_with_nothing_to_fix() -> None:
    report = check_text(GOV_UK)
    assert (report.words, report.sentences) == (62, 10)  # headings and bullet points are sentences of their own
    assert report.reading_age == 5
    assert report.target_reading_age == 9 and report.meets_target
    assert report.score == 103.7 and report.band == "Very easy to read"
    assert report.long_sentences == report.passive_sentences == ()
    assert report.explained_acronyms == report.unexplained_acronyms == report.jargon == ()
    assert report.advice == "This is plain English: most people will understand it the first time they read it."


def test_a_dense_council_paragraph_scores_badly_and_says_why() -> None:
    report = check_text(COUNCIL, glossary=GLOSSARY)
    assert (report.words, report.sentences) == (94, 3)
    assert report.reading_age == 24 and not report.meets_target
    assert report.score == 16.6 and report.band == "Very difficult"
    assert report.advice == "The reading age is 24. Aim for 9 or under: use short sentences and everyday words."

    assert [(long.text, long.words) for long in report.long_sentences] == [
        (FIRST_COUNCIL_SENTENCE, 54),
        (
            "Applications that are not submitted within the prescribed timescales will not be considered, and "
            "families are advised that a DBS check is required for all volunteers.",
            26,
        ),
    ]
    assert report.long_sentences[0].advice == (
        "This sentence has 54 words. Split it so that each sentence has 25 or fewer."
    )
    assert [passive.phrases for passive in report.passive_sentences] == [
        ("was agreed", "be reconfigured", "be undertaken"),
        ("are not submitted", "be considered", "are advised", "is required"),
        ("is disseminated",),
    ]
    assert report.passive_sentences[0].text == FIRST_COUNCIL_SENTENCE
    assert report.passive_sentences[0].advice.startswith("Say who does what")

    assert [acronym.acronym for acronym in report.unexplained_acronyms] == ["SEND", "LA", "DBS", "SENDIASS"]
    assert report.unexplained_acronyms[0] == Acronym(
        acronym="SEND",
        uses=1,
        explanation="",
        advice="Not everyone knows what SEND means. Write it out in full, or add it to your glossary.",
    )
    assert report.explained_acronyms == (
        Acronym(
            acronym="EHCP",
            uses=1,
            explanation="a plan for your child's education, health and care",
            advice="Your glossary explains EHCP. Use the plain words instead if you can.",
        ),
    )
    assert report.jargon == (
        Jargon(
            term="Local Offer",
            explanation="the list of services for children and young people with special educational needs",
            uses=1,
            advice="Not everyone knows what ‘Local Offer’ means. Use everyday words, or explain it the first time.",
        ),
    )


def test_the_target_reading_age_can_be_changed() -> None:
    text = "Every family can get help with the cost of childcare. Ask at your local library or children's centre."
    assert check_text(text).reading_age == 11
    assert not check_text(text).meets_target
    assert check_text(text, target_reading_age=11).meets_target
    assert check_text(text, target_reading_age=11).advice.startswith("This is plain English")


def test_the_reading_age_is_the_one_the_definition_editor_shows() -> None:
    for text in (GOV_UK, COUNCIL, "Every family can get help with the cost of childcare."):
        assert check_text(text).reading_age == readability(text).reading_age, text
    assert check_text(COUNCIL).reading_age == 24  # far too high


def test_the_score_and_band_match_the_definition_editor() -> None:
    expected = readability(COUNCIL)
    report = check_text(COUNCIL)
    assert (report.score, report.band, report.words) == (expected.flesch_reading_ease, expected.band, expected.words)


def test_good_reading_age_with_findings_points_to_them() -> None:
    report = check_text("Your form is checked by our team. We will call you.")
    assert report.reading_age is not None and report.reading_age <= 9
    assert report.passive_sentences[0].phrases == ("is checked",)
    assert report.advice == (
        f"The reading age is {report.reading_age}, which is good. The points below will make it clearer still."
    )


# --- no text, links and other languages ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n", "– • …"])
def test_empty_text_has_no_score_and_no_findings(text: str) -> None:
    report = check_text(text, glossary=GLOSSARY)
    assert (report.words, report.sentences, report.reading_age, report.score) == (0, 0, None, None)
    assert report.band == "No text yet" and not report.meets_target
    assert report.advice == "Start writing and the checks will appear here."
    assert report.long_sentences == report.passive_sentences == report.jargon == ()


@pytest.mark.parametrize("text", ["https://www.gov.uk/free-childcare", "www.stockport.gov.uk\n", "hubs@example.org"])
def test_a_link_on_its_own_is_not_scored(text: str) -> None:
    report = check_text(text)
    assert (report.words, report.reading_age, report.band) == (0, None, "No text yet")
    assert report.unexplained_acronyms == ()


def test_links_are_left_out_of_the_words_and_acronyms() -> None:
    report = check_text("Read more at https://example.org/SEND/EHCP-guide. Then call us.")
    assert (report.words, report.sentences) == (6, 2)  # "Read more at." and "Then call us."
    assert report.unexplained_acronyms == ()


def test_welsh_text_does_not_crash_or_find_english_problems() -> None:
    report = check_text(WELSH, glossary=GLOSSARY)
    assert (report.words, report.sentences) == (23, 3)
    assert isinstance(report.reading_age, int)
    assert report.passive_sentences == ()  # "am baned" is "for a cuppa", not "am" + a participle
    assert report.unexplained_acronyms == report.jargon == ()


def test_text_with_no_latin_letters_says_the_checker_reads_english() -> None:
    report = check_text("مرحبا بكم في المركز")
    assert (report.words, report.reading_age) == (0, None)
    assert report.advice == "The checker can only score text written in English."


# --- passive voice -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("The form was signed by your parent.", ("was signed",)),
        ("Letters are sent every Monday.", ("are sent",)),
        ("You will be told the date.", ("be told",)),
        ("Your place has been given to another family.", ("been given",)),
        ("The room is not needed.", ("is not needed",)),
        ("Families were quickly contacted.", ("were quickly contacted",)),
        ("The group isn't run by the council.", ("isn't run",)),
        ("I am told it is free.", ("am told",)),
        ("Your child is being assessed.", ("being assessed",)),
        # Active, or describing a state:
        ("We sent you a letter.", ()),
        ("I am tired and worried.", ()),
        ("Are you interested in joining?", ()),
        ("Parents who are disabled can bring a carer.", ()),
        ("Children are aged 5 to 11.", ()),
        ("The hub is based in Stockport.", ()),
        ("Places are limited.", ()),
        ("How to get involved.", ()),
        ("My name is Fred.", ()),
        ("The dog is red.", ()),
        ("There is a need for speed.", ()),
        ("We are the team that helped.", ()),
        ("The hub is closed on Mondays.", ()),
    ],
)
def test_passive_voice(text: str, phrases: tuple[str, ...]) -> None:
    found = check_text(text).passive_sentences
    assert (found[0].phrases if found else ()) == phrases


# --- acronyms ------------------------------------------------------------------------------------------------------


def acronyms(text: str, glossary: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    report = check_text(text, glossary=glossary)
    explained = {acronym.acronym: acronym.explanation for acronym in report.explained_acronyms}
    return explained, [acronym.acronym for acronym in report.unexplained_acronyms]


def test_a_glossary_entry_explains_an_acronym() -> None:
    assert acronyms("Ask about a DBS check.") == ({}, ["DBS"])
    assert acronyms("Ask about a DBS check.", {"DBS": "a check of criminal records"}) == (
        {"DBS": "a check of criminal records"},
        [],
    )
    assert acronyms("Ask about a DBS check.", {" dbs ": "a check"}) == ({"DBS": "a check"}, [])  # any case


@pytest.mark.parametrize(
    ("text", "acronym", "explanation"),
    [
        (
            "Children with special educational needs and disabilities (SEND) can get help. Ask about SEND.",
            "SEND",
            "special educational needs and disabilities",
        ),
        ("Ask for an EHCP (Education, Health and Care plan).", "EHCP", "Education, Health and Care plan"),
        ("Go to Accident and Emergency (A&E) if it is serious.", "A&E", "Accident and Emergency"),
        ("Ask your Special Educational Needs Co-ordinator (SENCO).", "SENCO", "Special Educational Needs Co ordinator"),
        (
            "Child and Adolescent Mental Health Services (CAMHS) can help.",
            "CAMHS",
            "Child and Adolescent Mental Health Services",
        ),
        ("Ask your health visitor about the DBS (Disclosure and Barring Service) check.", "DBS",
         "Disclosure and Barring Service"),
    ],
)  # fmt: skip
def test_an_acronym_written_out_in_the_text_is_explained(text: str, acronym: str, explanation: str) -> None:
    assert acronyms(text) == ({acronym: explanation}, [])


def test_brackets_that_do_not_spell_the_acronym_do_not_explain_it() -> None:
    assert acronyms("Talk to the SENDCO (see page 3).") == ({}, ["SENDCO"])
    assert acronyms("Our team is very kind (DBS).") == ({}, ["DBS"])


def test_acronym_uses_are_counted_with_plurals_and_possessives() -> None:
    report = check_text("EHCPs take time. Your EHCP's review is yearly. Ask about the EHCP.")
    assert [(acronym.acronym, acronym.uses) for acronym in report.unexplained_acronyms] == [("EHCP", 3)]


def test_roman_numerals_well_known_acronyms_and_shouting_are_not_flagged() -> None:
    assert acronyms("Read Part II and Part IV. Ask your GP or the NHS. Bring your ID.") == ({}, [])
    assert acronyms("PLEASE READ THIS BEFORE YOU APPLY.\n\nThen ask about CAMHS.") == ({}, ["CAMHS"])
    assert acronyms("Send your CV.") == ({}, ["CV"])  # only numerals made of I, V, X and L


# --- jargon --------------------------------------------------------------------------------------------------------


def test_glossary_terms_are_found_in_any_case_and_in_the_plural() -> None:
    glossary = {"early help": "support before problems grow", "Family Hub": "a place where families get help"}
    report = check_text("Family hubs offer Early Help. Visit a family hub for early help.", glossary=glossary)
    assert [(jargon.term, jargon.uses, jargon.explanation) for jargon in report.jargon] == [
        ("Family Hub", 2, "a place where families get help"),
        ("early help", 2, "support before problems grow"),
    ]


def test_an_acronym_in_the_glossary_does_not_match_an_ordinary_word() -> None:
    report = check_text("We will send you a letter.", glossary={"SEND": "special educational needs"})
    assert report.jargon == report.explained_acronyms == report.unexplained_acronyms == ()


def test_part_of_a_word_is_not_jargon() -> None:
    assert check_text("Our offering is free.", glossary={"offer": "what we provide"}).jargon == ()


# --- the report ----------------------------------------------------------------------------------------------------


def test_the_report_cannot_be_changed() -> None:
    report = check_text(COUNCIL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.reading_age = 9  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.long_sentences[0].words = 1  # type: ignore[misc]
    assert isinstance(report, PlainEnglishReport)


def test_the_advice_is_itself_plain_english() -> None:
    report = check_text(COUNCIL + " Ask us. It was kind.", glossary=GLOSSARY)
    advice = {report.advice}
    for findings in (report.long_sentences, report.passive_sentences, report.unexplained_acronyms, report.jargon):
        advice.update(finding.advice for finding in findings)
    advice.update(acronym.advice for acronym in report.explained_acronyms)
    assert len(advice) == 10  # the summary, 2 long sentences, passive voice, 5 acronyms, 1 jargon
    for text in advice:
        assert readability(text).long_sentences == 0, text
        assert readability(text).flesch_reading_ease >= 50, text


# --- offline -------------------------------------------------------------------------------------------------------


def test_it_never_reaches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    report = check_text(COUNCIL + " " + GOV_UK + " " + WELSH)
    assert report.reading_age == readability(COUNCIL + " " + GOV_UK + " " + WELSH).reading_age


# --- what readability shares with the checker ----------------------------------------------------------------------


def test_readability_shares_sentences_bands_and_reading_ages() -> None:
    assert sentences("Who can apply\n- parents\n- carers, e.g. grandparents.\n\nAsk Dr Patel.") == [
        "Who can apply",
        "parents",
        "carers, e.g. grandparents.",
        "Ask Dr Patel.",
    ]
    assert (band(60), band(59.9), band(-200)) == ("Plain English", "Fairly difficult", "Very difficult")
    assert (reading_age_for_grade(3.5), reading_age_for_grade(3.49), reading_age_for_grade(-4)) == (9, 8, 5)
