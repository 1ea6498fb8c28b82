"""The plain-English summary for crafted data sets: the under-represented group with the right percentages, no
hidden count mentioned, the small numbers caveat, sessions with men, promises, and an empty organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.analysis.narrative import SMALL_NUMBERS_CAVEAT
from coproduce.decisions.models import Promise
from coproduce.engagement.models import Activity, ActivityKind
from coproduce.insights import report
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came

pytestmark = pytest.mark.django_db


def summary(org, **kwargs) -> list[str]:
    return report.build(Scope(org, **kwargs)).summary


def test_an_under_represented_group_with_the_right_percentages(org, area, activity) -> None:
    # Hartlepool (the fixture): 80% White British, 15% Pakistani, 5% Black African. 90 + 5 + 5 people took part:
    # Pakistani people are 5% (95% interval up to about 11%, below 15%); African people 5%, their share.
    for index in range(90):
        came(activity, name=f"W{index}", answers={"ethnic_group": "white_british"})
    for index in range(5):
        came(activity, name=f"P{index}", answers={"ethnic_group": "asian_pakistani"})
    for index in range(5):
        came(activity, name=f"A{index}", answers={"ethnic_group": "black_african"})
    sentences = summary(org)
    [pakistani] = [s for s in sentences if "Pakistani" in s]
    assert "are 15% of people in Hartlepool" in pakistani
    assert "But they are 5% of the people who took part in the last 12 months" in pakistani
    assert pakistani.endswith("That is well below their share.")
    assert not any("African" in s for s in sentences)
    # 100 people: no caveat; the reach sentence comes first.
    assert SMALL_NUMBERS_CAVEAT not in sentences
    assert sentences[0] == "100 people took part in the last 12 months. 100 of them took part for the first time."


def test_no_sentence_mentions_a_hidden_count(org, area, activity) -> None:
    for index in range(27):
        came(activity, name=f"W{index}", answers={"ethnic_group": "white_british", "sex": "female"})
    for index in range(3):
        came(activity, name=f"P{index}", answers={"ethnic_group": "asian_pakistani", "sex": "male"})
    sentences = summary(org)
    text = " ".join(sentences)
    # 3 Pakistani people and 3 men are hidden: neither group is named, and no share gives them back.
    assert "Pakistani" not in text
    assert "Men " not in text.replace("Men took part", "")
    assert " 3 " not in f" {text} " and "10%" not in text and "(3 people)" not in text
    # Men took part in the one co-design session, but "fewer than 5" of them.
    assert "Men took part in the 1 co-design session (fewer than 5 people)." in sentences


def test_caveat_when_fewer_than_30_people(org, area, activity) -> None:
    for index in range(20):
        came(activity, name=f"W{index}", answers={"ethnic_group": "white_british"})
    for index in range(6):
        came(activity, name=f"P{index}", answers={"ethnic_group": "asian_pakistani"})
    sentences = summary(org)
    assert sentences.count(SMALL_NUMBERS_CAVEAT) == 1


def test_no_caveat_with_30_or_more(org, area, activity) -> None:
    for index in range(24):
        came(activity, name=f"W{index}", answers={"ethnic_group": "white_british"})
    for index in range(6):
        came(activity, name=f"P{index}", answers={"ethnic_group": "asian_pakistani"})
    assert SMALL_NUMBERS_CAVEAT not in summary(org)


def test_men_took_part_in_x_of_y_co_design_sessions(org, area, activity, project) -> None:
    other = Activity.objects.create(
        organisation=org, project=project, title="Second", kind=ActivityKind.CO_DESIGN, starts_at=timezone.now()
    )
    third = Activity.objects.create(
        organisation=org, project=project, title="Third", kind=ActivityKind.CO_DESIGN, starts_at=timezone.now()
    )
    for index in range(6):
        came(activity, name=f"Dad{index}", answers={"sex": "male"})
    for index in range(5):
        came(other, name=f"Mum{index}", answers={"sex": "female"})
        came(third, name=f"Nan{index}", answers={"sex": "female"})
    assert "Men took part in 1 of 3 co-design sessions (6 people)." in summary(org)


def test_promises_sentence(org, project, admin) -> None:
    today = timezone.localdate()
    for due, kept_on in (
        (today - dt.timedelta(days=5), today - dt.timedelta(days=6)),
        (today - dt.timedelta(days=3), today - dt.timedelta(days=3)),
        (today - dt.timedelta(days=9), today - dt.timedelta(days=1)),
    ):
        Promise.objects.create(
            organisation=org, project=project, owner=admin, text="We will", status="kept", due_date=due, kept_on=kept_on
        )
    Promise.objects.create(
        organisation=org, project=project, owner=admin, text="Not due", due_date=today + dt.timedelta(days=9)
    )
    assert "2 of 3 promises made in the last 12 months were kept on time." in summary(org)


def test_an_empty_organisation(org) -> None:
    built = report.build(Scope(org))
    assert built.summary == []
    assert built.reach.people == 0
    assert all(isinstance(s, str) for s in summary(org, period="all"))


def test_an_empty_organisation_with_population_figures(org, area) -> None:
    sentences = summary(org)
    assert all("Nobody took part" in s or "Too few" in s for s in sentences)
