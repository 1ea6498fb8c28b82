"""Equality monitoring answers: special category data, kept apart from the person's main record.

Only the data protection officer sees a person's answers (every read is audited); everywhere else they appear
only as aggregates with small numbers suppressed. A snapshot of the answers is taken at each involvement, so
later changes do not rewrite history. Categories follow the ONS Census 2021 for England.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel

PREFER_NOT = ("prefer_not", _("Prefer not to say"))


def _with_prefer_not(*choices: tuple[str, str]) -> list[tuple[str, str]]:
    return [*choices, PREFER_NOT]


# Census 2021 ethnic group, 19 categories, grouped as the census asks it (the codes match ONS's order).
ETHNIC_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        _("Asian, Asian British or Asian Welsh"),
        [
            ("asian_bangladeshi", _("Bangladeshi")),
            ("asian_chinese", _("Chinese")),
            ("asian_indian", _("Indian")),
            ("asian_pakistani", _("Pakistani")),
            ("asian_other", _("Any other Asian background")),
        ],
    ),
    (
        _("Black, Black British, Black Welsh, Caribbean or African"),
        [
            ("black_african", _("African")),
            ("black_caribbean", _("Caribbean")),
            ("black_other", _("Any other Black, Black British or Caribbean background")),
        ],
    ),
    (
        _("Mixed or multiple ethnic groups"),
        [
            ("mixed_white_asian", _("White and Asian")),
            ("mixed_white_black_african", _("White and Black African")),
            ("mixed_white_black_caribbean", _("White and Black Caribbean")),
            ("mixed_other", _("Any other mixed or multiple ethnic background")),
        ],
    ),
    (
        _("White"),
        [
            ("white_british", _("English, Welsh, Scottish, Northern Irish or British")),
            ("white_irish", _("Irish")),
            ("white_gypsy_traveller", _("Gypsy or Irish Traveller")),
            ("white_roma", _("Roma")),
            ("white_other", _("Any other White background")),
        ],
    ),
    (
        _("Other ethnic group"),
        [
            ("other_arab", _("Arab")),
            ("other_any", _("Any other ethnic group")),
        ],
    ),
]
ETHNIC_GROUP_CHOICES = [(code, f"{group}: {label}") for group, options in ETHNIC_GROUPS for code, label in options] + [
    PREFER_NOT
]

YES_NO = _with_prefer_not(("yes", _("Yes")), ("no", _("No")))


class EqualityProfile(TenantModel):
    """A person's current answers. Every answer is optional; blank means not asked or not answered."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="equality")
    age_band = models.CharField(
        _("age"),
        max_length=20,
        blank=True,
        choices=_with_prefer_not(
            ("under_16", _("Under 16")),
            ("16_19", _("16 to 19")),
            ("20_24", _("20 to 24")),
            ("25_34", _("25 to 34")),
            ("35_49", _("35 to 49")),
            ("50_64", _("50 to 64")),
            ("65_plus", _("65 or over")),
        ),
    )
    sex = models.CharField(
        _("sex"), max_length=20, blank=True, choices=_with_prefer_not(("female", _("Female")), ("male", _("Male")))
    )
    gender_same_as_sex = models.CharField(
        _("gender identity the same as sex registered at birth"), max_length=20, blank=True, choices=YES_NO
    )
    sexual_orientation = models.CharField(
        _("sexual orientation"),
        max_length=20,
        blank=True,
        choices=_with_prefer_not(
            ("straight", _("Straight or heterosexual")),
            ("gay_lesbian", _("Gay or lesbian")),
            ("bisexual", _("Bisexual")),
            ("other", _("Another sexual orientation")),
        ),
    )
    ethnic_group = models.CharField(_("ethnic group"), max_length=40, blank=True, choices=ETHNIC_GROUP_CHOICES)
    religion = models.CharField(
        _("religion"),
        max_length=20,
        blank=True,
        choices=_with_prefer_not(
            ("none", _("No religion")),
            ("christian", _("Christian")),
            ("buddhist", _("Buddhist")),
            ("hindu", _("Hindu")),
            ("jewish", _("Jewish")),
            ("muslim", _("Muslim")),
            ("sikh", _("Sikh")),
            ("other", _("Any other religion")),
        ),
    )
    disability = models.CharField(
        _("disability or long-term condition"),
        max_length=20,
        blank=True,
        choices=_with_prefer_not(
            ("limited_a_lot", _("Yes, and it limits my day-to-day activities a lot")),
            ("limited_a_little", _("Yes, and it limits my day-to-day activities a little")),
            ("not_limited", _("Yes, but it does not limit my day-to-day activities")),
            ("no", _("No")),
        ),
    )
    main_language = models.CharField(_("main language"), max_length=60, blank=True)
    english_proficiency = models.CharField(
        _("how well they speak English"),
        max_length=20,
        blank=True,
        choices=_with_prefer_not(
            ("main_language", _("English is my main language")),
            ("very_well", _("Very well")),
            ("well", _("Well")),
            ("not_well", _("Not well")),
            ("not_at_all", _("Not at all")),
        ),
    )
    lone_parent = models.CharField(_("lone parent"), max_length=20, blank=True, choices=YES_NO)
    young_parent = models.CharField(_("young parent (under 25)"), max_length=20, blank=True, choices=YES_NO)
    care_experienced = models.CharField(_("care-experienced"), max_length=20, blank=True, choices=YES_NO)
    send_in_family = models.CharField(
        _("special educational needs or disabilities (SEND) in the family"), max_length=20, blank=True, choices=YES_NO
    )
    migration = models.CharField(
        _("refugee, asylum seeker or migrant"),
        max_length=20,
        blank=True,
        choices=_with_prefer_not(
            ("refugee", _("Refugee")),
            ("asylum_seeker", _("Asylum seeker")),
            ("migrant", _("Moved to the UK in the last 5 years")),
            ("none", _("None of these")),
        ),
    )
    first_time = models.CharField(_("first time using family services"), max_length=20, blank=True, choices=YES_NO)
    # The person objected to the use of their answers: they are then left out of every aggregate and snapshot.
    objected_at = models.DateTimeField(null=True, blank=True)

    ANSWER_FIELDS = (
        "age_band",
        "sex",
        "gender_same_as_sex",
        "sexual_orientation",
        "ethnic_group",
        "religion",
        "disability",
        "main_language",
        "english_proficiency",
        "lone_parent",
        "young_parent",
        "care_experienced",
        "send_in_family",
        "migration",
        "first_time",
    )
    # Asked of people aged 16 and over only.
    ADULT_ONLY_FIELDS = ("gender_same_as_sex", "sexual_orientation")

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"Equality answers of person {str(self.person_id)[-8:].upper()}"

    def answers(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.ANSWER_FIELDS if getattr(self, name)}


class EqualitySnapshot(TenantModel):
    """The answers as they were when the person took part in something (e.g. joined a project)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="equality_snapshots")
    context_type = models.CharField(max_length=100)
    context_id = models.CharField(max_length=64)
    taken_at = models.DateTimeField()
    answers = models.JSONField(default=dict)

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["organisation", "context_type", "context_id"], name="eqsnap_context")]

    def __str__(self) -> str:
        return f"Equality snapshot of person {str(self.person_id)[-8:].upper()}"
