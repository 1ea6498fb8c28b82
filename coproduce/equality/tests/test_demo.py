"""The demo's equality answers: believable, within the census categories, with consent, objections and snapshots."""

from __future__ import annotations

import random

from coproduce.consent.models import Consent, Purpose
from coproduce.equality import services
from coproduce.equality.demo import WEIGHTS, demo_answers, seed_demo_equality
from coproduce.equality.models import ETHNIC_GROUPS, EqualityProfile, EqualitySnapshot
from coproduce.people.models import Person
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.stakeholders.models import StakeholderGroup


def test_every_demo_answer_is_one_the_questions_offer() -> None:
    census = {code for _group, options in ETHNIC_GROUPS for code, _label in options}
    assert {code for code, _w in WEIGHTS["ethnic_group"]} == census
    rng = random.Random(1)
    for _ in range(300):
        answers = demo_answers(rng)
        for name, value in answers.items():
            field = EqualityProfile._meta.get_field(name)
            if field.choices and value:
                assert value in {code for code, _label in field.flatchoices}, (name, value)


def test_seed_demo_equality(org) -> None:
    people = [Person.objects.create(organisation=org, full_name=f"Demo {i}") for i in range(200)]
    project = Project.objects.create(organisation=org, title="Demo project", goal="g")
    group = StakeholderGroup.objects.create(organisation=org, name="Families")
    for person in people[:40]:
        ProjectStakeholder.objects.create(
            organisation=org, project=project, group=group, person=person, kind="lived_experience"
        )
    made = seed_demo_equality(org, random.Random(2026))
    assert 90 <= made <= 150  # about 60% of 200
    profiles = EqualityProfile.objects.for_organisation(org)
    assert profiles.count() == made
    assert profiles.filter(objected_at__isnull=False).count() == 2
    assert profiles.filter(religion="prefer_not").exists()
    assert Consent.objects.filter(purpose=Purpose.EQUALITY_MONITORING).count() == made
    snapshots = EqualitySnapshot.objects.for_organisation(org)
    answered_in_project = profiles.filter(person__in=people[:40], objected_at__isnull=True).count()
    assert snapshots.count() == answered_in_project > 0
    assert not snapshots.filter(person__equality__objected_at__isnull=False).exists()
    # The summary has something to show.
    assert services.aggregate(org, question="sex").total == made - 2
    # Running it again changes nothing.
    assert seed_demo_equality(org, random.Random(3)) == 0
    assert EqualityProfile.objects.for_organisation(org).count() == made
