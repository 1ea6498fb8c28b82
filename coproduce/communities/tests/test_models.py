"""The natural time limit of a community in words ("Ends in N weeks", "Review due", "Ended"), the visibility rule
on the QuerySet, and the demo data."""

from __future__ import annotations

import datetime as dt

import pytest

from coproduce.communities.models import CommunityMember, CommunityOfPractice
from coproduce.communities.views import theme_balance

TODAY = dt.date(2026, 11, 27)


def limit(**fields):
    values = {"started_on": TODAY - dt.timedelta(days=30), "status": "active", **fields}
    return CommunityOfPractice(**values).time_limit(TODAY)


@pytest.mark.parametrize(
    ("fields", "words", "ended"),
    [
        ({}, "Active", False),
        ({"ends_on": TODAY + dt.timedelta(days=14)}, "Ends in 2 weeks", False),
        ({"ends_on": TODAY + dt.timedelta(days=20)}, "Ends in 2 weeks", False),
        ({"ends_on": TODAY + dt.timedelta(days=13)}, "Ends in 13 days", False),
        ({"ends_on": TODAY + dt.timedelta(days=1)}, "Ends in 1 day", False),
        ({"ends_on": TODAY}, "Ends today", False),
        ({"ends_on": TODAY - dt.timedelta(days=1)}, "Ended", True),
        ({"status": "ended", "ends_on": TODAY + dt.timedelta(days=30)}, "Ended", True),
        ({"review_on": TODAY, "ends_on": TODAY + dt.timedelta(days=60)}, "Review due", False),
        ({"review_on": TODAY + dt.timedelta(days=1)}, "Active", False),
    ],
)
def test_the_time_limit_in_words(fields, words, ended) -> None:
    result = limit(**fields)
    assert (result.words, result.ended) == (words, ended)


def test_parked_themes_do_not_count_in_the_balance() -> None:
    from coproduce.communities.models import CommunityTheme

    themes = [
        CommunityTheme(title="a", kind="problem", status="open"),
        CommunityTheme(title="b", kind="opportunity", status="parked"),
    ]
    sentence, nudge = theme_balance(themes)
    assert sentence == "1 problem, 0 opportunities"
    assert "Every theme is about solving a problem" in nudge
    assert theme_balance([]) == ("", "")


def test_visible_to_needs_an_explicit_membership_elsewhere(admin, org, other_org, community, stranger, outsider):
    assert list(CommunityOfPractice.objects.visible_to(admin, org)) == [community]
    # Asked about Southby, Northby's admin (not a member of the community) sees nothing of Northby's.
    assert list(CommunityOfPractice.objects.visible_to(admin, other_org)) == []
    assert list(CommunityOfPractice.objects.visible_to(stranger, other_org)) == []
    assert list(CommunityOfPractice.objects.visible_to(outsider, other_org)) == [community]


def test_the_demo_has_a_community_with_a_member_from_southby(db) -> None:
    from coproduce.communities.demo import seed_demo_communities
    from coproduce.core.demo import seed_small

    northby, _created = seed_small(people=20)
    community = CommunityOfPractice.objects.get(organisation=northby, name="Reaching dads")
    homes = set(CommunityMember.objects.filter(community=community).values_list("home_organisation__name", flat=True))
    assert homes == {"Northby Family Hubs", "Southby Family Hubs"}
    assert community.themes.filter(kind="opportunity").exists()
    assert community.log_entries.count() == 3
    assert seed_demo_communities(northby) is None  # safe to run again
