"""The characteristics whose representation insights measure, their categories, and where the population figures
for each come from.

- Ethnic group and sex: the equality answers kept when the person took part; population figures from the Census 2021
  for the organisation's areas.
- Disability, lone parent, SEND in the family, main language: the equality answers kept when the person took part;
  population figures only from the organisation's own upload.
- Deprivation (IMD quintile): from the person's postcode; population figures from the neighbourhoods of the
  organisation's postcode lookup.
- Age of the youngest child: from the household's children (expecting a baby counts); the organisation's own upload.
- Stakeholder group: the groups people took part through (one person may be in several); the organisation's own
  upload.

An organisation's own upload (`Benchmark`) for a characteristic replaces the shipped figures for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from coproduce.equality.models import ETHNIC_GROUPS

# Where a person's value comes from.
FROM_ANSWERS = "answers"  # equality answers (special category: consent and objection apply)
FROM_POSTCODE = "postcode"
FROM_HOUSEHOLD = "household"
FROM_GROUPS = "groups"

# Where the population figures come from when the organisation has uploaded none.
CENSUS = "census"
LOOKUP = "lookup"
UPLOAD_ONLY = "upload"


@dataclass(frozen=True)
class Characteristic:
    key: str
    label: str  # "Ethnic group": headings
    noun: str  # "ethnic group": fits "by ___" in sentences
    source: str  # FROM_*
    population: str  # CENSUS, LOOKUP or UPLOAD_ONLY
    categories: tuple[tuple[str, str], ...] = ()  # (code, label) in order; empty when they come from the data
    multiple: bool = False  # a person can be in more than one category (their shares can add up to more than 1)
    answer: str = ""  # the equality question, for FROM_ANSWERS

    @property
    def labels(self) -> dict[str, str]:
        return {code: str(label) for code, label in self.categories}


ETHNIC_CATEGORIES = tuple((code, label) for _group, options in ETHNIC_GROUPS for code, label in options)
# Census 2021 category (as in the shipped file) → the equality answer code.
CENSUS_ETHNIC = {
    "Asian, Asian British or Asian Welsh: Bangladeshi": "asian_bangladeshi",
    "Asian, Asian British or Asian Welsh: Chinese": "asian_chinese",
    "Asian, Asian British or Asian Welsh: Indian": "asian_indian",
    "Asian, Asian British or Asian Welsh: Pakistani": "asian_pakistani",
    "Asian, Asian British or Asian Welsh: Other Asian": "asian_other",
    "Black, Black British, Black Welsh, Caribbean or African: African": "black_african",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean": "black_caribbean",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black": "black_other",
    "Mixed or Multiple ethnic groups: White and Asian": "mixed_white_asian",
    "Mixed or Multiple ethnic groups: White and Black African": "mixed_white_black_african",
    "Mixed or Multiple ethnic groups: White and Black Caribbean": "mixed_white_black_caribbean",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups": "mixed_other",
    "White: English, Welsh, Scottish, Northern Irish or British": "white_british",
    "White: Irish": "white_irish",
    "White: Gypsy or Irish Traveller": "white_gypsy_traveller",
    "White: Roma": "white_roma",
    "White: Other White": "white_other",
    "Other ethnic group: Arab": "other_arab",
    "Other ethnic group: Any other ethnic group": "other_any",
}
# Census sex of people aged 16 to 64 (the ages of most parents and carers) → the equality answer code.
CENSUS_SEX = {"female": "female", "male": "male"}

IMD_QUINTILES = (
    ("1", _("Most deprived 20% of areas")),
    ("2", _("Second most deprived 20%")),
    ("3", _("Middle 20%")),
    ("4", _("Second least deprived 20%")),
    ("5", _("Least deprived 20% of areas")),
)

CHILD_AGES = (
    ("expecting", _("Expecting a baby")),
    ("0-1", _("Under 2")),
    ("2-4", _("2 to 4")),
    ("5-10", _("5 to 10")),
    ("11-15", _("11 to 15")),
    ("16-25", _("16 to 25")),
)

YES_NO = (("yes", _("Yes")), ("no", _("No")))

CHARACTERISTICS: tuple[Characteristic, ...] = (
    Characteristic(
        "imd_quintile",
        _("Deprivation of the area they live in"),
        _("how deprived their area is"),
        FROM_POSTCODE,
        LOOKUP,
        IMD_QUINTILES,
    ),
    Characteristic(
        "ethnic_group",
        _("Ethnic group"),
        _("ethnic group"),
        FROM_ANSWERS,
        CENSUS,
        ETHNIC_CATEGORIES,
        answer="ethnic_group",
    ),
    Characteristic(
        "sex", _("Sex"), _("sex"), FROM_ANSWERS, CENSUS, (("female", _("Female")), ("male", _("Male"))), answer="sex"
    ),
    Characteristic(
        "disability",
        _("Disability or long-term condition"),
        _("disability"),
        FROM_ANSWERS,
        UPLOAD_ONLY,
        (
            ("limited_a_lot", _("Limits day-to-day activities a lot")),
            ("limited_a_little", _("Limits day-to-day activities a little")),
            ("not_limited", _("Does not limit day-to-day activities")),
            ("no", _("No disability or long-term condition")),
        ),
        answer="disability",
    ),
    Characteristic(
        "child_age",
        _("Age of their youngest child"),
        _("age of their youngest child"),
        FROM_HOUSEHOLD,
        UPLOAD_ONLY,
        CHILD_AGES,
    ),
    Characteristic(
        "lone_parent", _("Lone parent"), _("lone parents"), FROM_ANSWERS, UPLOAD_ONLY, YES_NO, answer="lone_parent"
    ),
    Characteristic(
        "send_in_family",
        _("Special educational needs or disabilities (SEND) in the family"),
        _("SEND in the family"),
        FROM_ANSWERS,
        UPLOAD_ONLY,
        YES_NO,
        answer="send_in_family",
    ),
    Characteristic(
        "main_language", _("Main language"), _("main language"), FROM_ANSWERS, UPLOAD_ONLY, answer="main_language"
    ),
    Characteristic(
        "stakeholder_group",
        _("Stakeholder group"),
        _("stakeholder group"),
        FROM_GROUPS,
        UPLOAD_ONLY,
        multiple=True,
    ),
)
BY_KEY = {characteristic.key: characteristic for characteristic in CHARACTERISTICS}


def get(key: str) -> Characteristic:
    """The characteristic with this key (KeyError for an unknown one)."""
    return BY_KEY[key]
