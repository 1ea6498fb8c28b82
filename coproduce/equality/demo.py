"""Fictional equality monitoring answers for the demo organisation: about 60% of people answer (some choosing
"prefer not to say"), each with equality monitoring consent, two objecting to the use of their answers, and a
snapshot for every project involvement through a person. Nothing here describes a real person."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
from coproduce.core.models import uuid7
from coproduce.equality.models import PREFER_NOT, EqualityProfile, EqualitySnapshot
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person

ANSWER_SHARE = 0.6
OBJECTIONS = 2
PREFER_NOT_SHARE = 0.06

# Rough weights for a diverse English town's parents and carers (invented, not any real area's figures).
WEIGHTS: dict[str, list[tuple[str, float]]] = {
    "age_band": [("16_19", 3), ("20_24", 10), ("25_34", 42), ("35_49", 38), ("50_64", 6), ("65_plus", 1)],
    "sex": [("female", 78), ("male", 22)],
    "gender_same_as_sex": [("yes", 97), ("no", 1)],
    "sexual_orientation": [("straight", 90), ("gay_lesbian", 3), ("bisexual", 4), ("other", 1)],
    "ethnic_group": [
        ("white_british", 55),
        ("white_other", 8),
        ("white_irish", 1),
        ("white_gypsy_traveller", 1),
        ("white_roma", 1),
        ("asian_pakistani", 8),
        ("asian_bangladeshi", 4),
        ("asian_indian", 4),
        ("asian_chinese", 1),
        ("asian_other", 2),
        ("black_african", 6),
        ("black_caribbean", 2),
        ("black_other", 1),
        ("mixed_white_black_caribbean", 2),
        ("mixed_white_asian", 1),
        ("mixed_white_black_african", 1),
        ("mixed_other", 1),
        ("other_arab", 1),
        ("other_any", 1),
    ],
    "religion": [
        ("none", 40),
        ("christian", 35),
        ("muslim", 17),
        ("hindu", 2),
        ("sikh", 2),
        ("jewish", 1),
        ("buddhist", 1),
        ("other", 1),
    ],
    "disability": [("no", 78), ("not_limited", 6), ("limited_a_little", 10), ("limited_a_lot", 6)],
    "english_proficiency": [("main_language", 82), ("very_well", 8), ("well", 5), ("not_well", 4), ("not_at_all", 1)],
    "lone_parent": [("yes", 22), ("no", 78)],
    "young_parent": [("yes", 12), ("no", 88)],
    "care_experienced": [("yes", 5), ("no", 95)],
    "send_in_family": [("yes", 24), ("no", 76)],
    "migration": [("none", 88), ("migrant", 8), ("refugee", 3), ("asylum_seeker", 1)],
    "first_time": [("yes", 35), ("no", 65)],
}
OTHER_LANGUAGES = [("Polish", 3), ("Urdu", 3), ("Bengali", 2), ("Arabic", 2), ("Romanian", 1), ("Somali", 1)]


def _pick(rng: random.Random, options: list[tuple[str, float]]) -> str:
    codes, weights = zip(*options, strict=True)
    return rng.choices(codes, weights=weights)[0]


def demo_answers(rng: random.Random) -> dict[str, str]:
    """One person's invented answers: most questions answered, a few "prefer not to say" or left out."""
    answers: dict[str, str] = {}
    for name, options in WEIGHTS.items():
        roll = rng.random()
        if roll < PREFER_NOT_SHARE:
            answers[name] = PREFER_NOT[0]
        elif roll < PREFER_NOT_SHARE + 0.04:
            answers[name] = ""  # skipped the question
        else:
            answers[name] = _pick(rng, options)
    if answers["english_proficiency"] == "main_language":
        answers["main_language"] = "English"
    elif answers["english_proficiency"] not in ("", PREFER_NOT[0]):
        answers["main_language"] = _pick(rng, OTHER_LANGUAGES)
    if answers["age_band"] in ("16_19", "20_24") and answers["young_parent"] not in ("", PREFER_NOT[0]):
        answers["young_parent"] = "yes"
    return answers


@transaction.atomic
def seed_demo_equality(organisation: Organisation, rng: random.Random) -> int:
    """Answers for about 60% of the organisation's people, with consent; two objections; snapshots for project
    involvements through a person. Safe to run twice (does nothing if anyone already has answers). Returns how
    many people were given answers."""
    if EqualityProfile.objects.for_organisation(organisation).exists():
        return 0
    person_ids = list(
        Person.objects.for_organisation(organisation).not_erased().order_by("id").values_list("id", flat=True)
    )
    answering = [pk for pk in person_ids if rng.random() < ANSWER_SHARE]
    now = timezone.now()
    profiles = [
        EqualityProfile(id=uuid7(), organisation=organisation, person_id=pk, **demo_answers(rng)) for pk in answering
    ]
    for profile in rng.sample(profiles, k=min(OBJECTIONS, len(profiles))):
        profile.objected_at = now - timedelta(days=rng.randint(1, 60))
    EqualityProfile.objects.bulk_create(profiles, batch_size=2000)
    # Answering the questions online (or on a paper form) is the person's agreement to equality monitoring. A
    # consent recorded by another part of the demo is left as it is.
    Consent.objects.bulk_create(
        [
            Consent(
                id=uuid7(),
                organisation=organisation,
                person_id=pk,
                purpose=Purpose.EQUALITY_MONITORING,
                status=ConsentStatus.GIVEN,
                method=rng.choice([ConsentMethod.ONLINE, ConsentMethod.ONLINE, ConsentMethod.PAPER]),
                answered_at=now - timedelta(days=rng.randint(30, 400)),
            )
            for pk in answering
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    _snapshot_involvements(organisation, {p.person_id: p for p in profiles if p.objected_at is None})
    return len(profiles)


def _snapshot_involvements(organisation: Organisation, profiles: dict) -> None:
    """A snapshot for each involvement through a person who answered, agreed and did not object, dated when
    they joined (as the projects' stakeholder_add does for new involvements)."""
    from coproduce.equality.services import equality_consent_exists
    from coproduce.projects.models import ProjectStakeholder

    involvements = (
        ProjectStakeholder.objects.for_organisation(organisation)
        .filter(person__equality__isnull=False, person__equality__objected_at__isnull=True)
        .filter(equality_consent_exists())
        .only("id", "person_id", "created_at")
    )
    EqualitySnapshot.objects.bulk_create(
        [
            EqualitySnapshot(
                id=uuid7(),
                organisation=organisation,
                person_id=involvement.person_id,
                context_type=ProjectStakeholder._meta.label,
                context_id=str(involvement.pk),
                taken_at=involvement.created_at,
                answers=profiles[involvement.person_id].answers(),
            )
            for involvement in involvements
            if involvement.person_id in profiles
        ],
        batch_size=2000,
    )
