"""The demo contributions: 15 to 25 for the demo projects, in parents' own words, with themes, two stories with a
content note and support, provenance mixed; made once only."""

from __future__ import annotations

import random

from coproduce.contributions.demo import seed_demo_contributions
from coproduce.contributions.models import Contribution, Theme
from coproduce.core.demo_projects import seed_demo_projects
from coproduce.organisations.models import Role
from coproduce.organisations.services import organisation_seed_defaults
from coproduce.people.models import Person
from coproduce.stakeholders.models import StakeholderGroup
from tests.cast import make_member


def test_the_demo_makes_realistic_contributions_once(org, hub) -> None:
    for number in range(30):
        Person.objects.create(organisation=org, full_name=f"Parent {number:02d}")
    for email, role in [
        ("priya.shah@example.org", Role.LEAD),
        ("tom.gallagher@example.org", Role.STAFF),
        ("amara.okafor@example.org", Role.ADMIN),
    ]:
        make_member(org, email, role)
    if not StakeholderGroup.objects.for_organisation(org).exists():
        organisation_seed_defaults(organisation=org)
    seed_demo_projects(org)

    made = seed_demo_contributions(org, rng=random.Random(1))
    contributions = Contribution.objects.for_organisation(org)
    assert 15 <= made == contributions.count() <= 25
    assert {t.name for t in Theme.objects.for_organisation(org)} == {
        "Timing", "Childcare", "Feeling welcome", "Information", "Dads",
    }  # fmt: skip
    assert contributions.filter(text__contains="The 9:30 slot is impossible with the school run").exists()
    stories = contributions.filter(kind="story")
    assert stories.count() == 2
    assert all(s.content_note and s.support_info for s in stories)
    assert len(set(contributions.values_list("gathered", flat=True))) >= 5
    assert contributions.filter(is_anonymous=True).exists() and contributions.filter(person__isnull=False).exists()
    assert all(c.themes.exists() for c in contributions)

    assert seed_demo_contributions(org, rng=random.Random(1)) == 0
    assert contributions.count() == made
