"""Demo details for the small demo's people (fictional): households with children of every age (one expecting a
baby), access needs, languages, pronouns and stakeholder groups. Call `seed_demo_people_details(organisation,
random.Random(seed))` after the people exist (`coproduce/core/demo.py`); the same seed gives the same data, and
running it again on an organisation that already has households does nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from coproduce.core.models import uuid7
from coproduce.organisations.models import Organisation
from coproduce.people.models import (
    ACCESS_NEEDS,
    UNAVAILABLE_TIMES,
    AccessNeeds,
    AgeBand,
    Child,
    Household,
    HouseholdRole,
    Person,
    TakesPartAs,
)
from coproduce.stakeholders.models import StakeholderGroup

CHILD_NAMES = [
    "Alfie",
    "Amelia",
    "Ayaan",
    "Bella",
    "Eli",
    "Esme",
    "Freya",
    "Hassan",
    "Isla",
    "Kofi",
    "Layla",
    "Leo",
    "Maja",
    "Noah",
    "Nia",
    "Oscar",
    "Rayan",
    "Ruby",
    "Theo",
    "Zara",
]
LANGUAGES = [
    "English",
    "English",
    "English",
    "English, Polish",
    "Urdu, English",
    "Bengali, English",
    "Romanian",
    "Arabic, English",
    "Somali",
    "Tigrinya",
    "English, British Sign Language",
    "Punjabi, English",
]
PRONOUNS = ["she/her", "he/him", "they/them"]
# Needs drawn more often than others, roughly as family hubs report them.
COMMON_NEEDS = ["childcare", "childcare", "travel_costs", "step_free", "quiet_space", "online_only", "interpreter"]
SEND_DETAILS = ["Autism", "Speech and language", "Hearing impairment", "", "Awaiting assessment"]
HOUSEHOLD_SHARE = 0.4
ACCESS_NEEDS_SHARE = 0.3


def _date_of_birth(rng: random.Random, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=rng.randint(30, 17 * 365))


@transaction.atomic
def seed_demo_people_details(organisation: Organisation, rng: random.Random) -> int:
    """Give the organisation's people households, access needs, languages, pronouns and groups. Returns how many
    households were made (0 if it had some already)."""
    if Household.objects.for_organisation(organisation).exists():
        return 0
    today = timezone.localdate()
    # Ordered by what the demo generator made unique (ids are random), so the same seed gives the same result.
    people = list(Person.objects.for_organisation(organisation).not_erased().order_by("email", "phone", "full_name"))
    if not people:
        return 0
    groups = {group.key: group for group in StakeholderGroup.objects.for_organisation(organisation).top_level()}

    # Households: about 40% of people, some as couples (two adults sharing a surname's household).
    in_households = rng.sample(people, k=round(len(people) * HOUSEHOLD_SHARE))
    households: list[Household] = []
    children: list[Child] = []
    index = 0
    while index < len(in_households):
        size = 2 if rng.random() < 0.3 and index + 1 < len(in_households) else 1
        members = in_households[index : index + size]
        index += size
        household = Household(
            id=uuid7(),
            organisation=organisation,
            name=f"{members[0].full_name.split()[-1]} family",
            young_carer=rng.random() < 0.05,
            care_experienced=rng.random() < 0.07,
            armed_forces=rng.random() < 0.03,
            home_educated=rng.random() < 0.03,
        )
        households.append(household)
        for position, member in enumerate(members):
            member.household_id = household.id
            member.household_role = (
                rng.choice([HouseholdRole.PARENT, HouseholdRole.PARENT, HouseholdRole.CARER, HouseholdRole.GRANDPARENT])
                if position == 0
                else HouseholdRole.PARENT
            )
        for _n in range(rng.choice((0, 1, 1, 2, 2, 3))):
            known = rng.random() < 0.8
            has_send = rng.random() < 0.15
            children.append(
                Child(
                    id=uuid7(),
                    organisation=organisation,
                    household=household,
                    first_name=rng.choice(CHILD_NAMES) if rng.random() < 0.7 else "",
                    date_of_birth=_date_of_birth(rng, today) if known else None,
                    age_band="" if known else rng.choice(AgeBand.values[:5]),
                    has_send=has_send,
                    send_details=rng.choice(SEND_DETAILS) if has_send else "",
                )
            )
    # One family expecting a baby, so the pregnancy to age 2 offer has someone to show.
    if households:
        expecting = households[0]
        expecting.expected_due_date = today + dt.timedelta(days=rng.randint(30, 200))
        for person in in_households:
            if person.household_id == expecting.id:
                person.household_role = HouseholdRole.EXPECTANT_PARENT
                break
    Household.objects.bulk_create(households)
    Child.objects.bulk_create(children)

    # Languages, pronouns, how they take part, preferred channels.
    for person in people:
        person.languages = rng.choice(LANGUAGES)
        if rng.random() < 0.08:
            person.pronouns = rng.choice(PRONOUNS)
        person.takes_part_as = rng.choice(
            [TakesPartAs.LIVED_EXPERIENCE, TakesPartAs.LIVED_EXPERIENCE, TakesPartAs.REPRESENTATIVE, TakesPartAs.BOTH]
        )
        person.contact_by_email = bool(person.email) and rng.random() < 0.8
        person.contact_by_text = bool(person.phone) and rng.random() < 0.6
    Person.objects.bulk_update(
        people,
        [
            "household",
            "household_role",
            "languages",
            "pronouns",
            "takes_part_as",
            "contact_by_email",
            "contact_by_text",
        ],
        batch_size=500,
    )

    # Access needs for about 30%.
    needs = []
    for person in rng.sample(people, k=round(len(people) * ACCESS_NEEDS_SHARE)):
        chosen = {rng.choice(COMMON_NEEDS)}
        if rng.random() < 0.4:
            chosen.add(rng.choice([code for code, _label in ACCESS_NEEDS]))
        row = AccessNeeds(id=uuid7(), organisation=organisation, person=person)
        for code in chosen:
            setattr(row, code, True)
        if row.interpreter:
            row.interpreter_language = rng.choice(["Polish", "Romanian", "Arabic", "Tigrinya", "Bengali"])
        if rng.random() < 0.5:
            setattr(row, rng.choice([code for code, _label in UNAVAILABLE_TIMES]), True)
        needs.append(row)
    AccessNeeds.objects.bulk_create(needs)

    # Stakeholder groups: most are families; some are in a parent carer forum or work with families.
    Link = Person.stakeholder_groups.through
    links = []
    for person in people:
        keys = ["families"] if person.takes_part_as != TakesPartAs.REPRESENTATIVE else []
        if rng.random() < 0.15:
            keys.append("parent_carer_forums")
        if person.takes_part_as != TakesPartAs.LIVED_EXPERIENCE and rng.random() < 0.5:
            keys.append(rng.choice(["practitioners", "faith_community", "charities"]))
        links += [Link(person_id=person.pk, stakeholdergroup_id=groups[key].pk) for key in keys if key in groups]
    Link.objects.bulk_create(links, ignore_conflicts=True)
    return len(households)
