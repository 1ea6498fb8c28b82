"""Pages a child or young person reaches from their own link use shorter, simpler words than the adult pages: the
"About you" questions and asking for a copy or deletion of their information."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.links import make_token
from coproduce.people.models import Person


def _person(org, age: int | None) -> Person:
    born = None
    if age is not None:
        today = timezone.localdate()
        born = dt.date(today.year - age, 1, 1) if today.month > 1 else dt.date(today.year - age - 1, 1, 1)
    return Person.objects.create(organisation=org, full_name="Jo Young", date_of_birth=born)


@pytest.mark.parametrize(
    ("age", "young_words", "adult_words"),
    [
        (15, "Your answers will never change how we treat you.", "never used to make decisions about you"),
        (None, "never used to make decisions about you", "Your answers will never change how we treat you."),
    ],
)
def test_the_about_you_page_speaks_to_young_people_simply(org, age, young_words, adult_words) -> None:
    person = _person(org, age)
    html = Client().get(reverse("equality:my_answers", kwargs={"link": make_token(person)})).content.decode()
    assert young_words in html
    assert adult_words not in html


@pytest.mark.parametrize(
    ("kind", "young_words", "adult_words"),
    [
        ("access", "everything we have written down about you", "You have the right to see the information"),
        ("erasure", "nobody will know they were yours", "What you said or made may stay, without your name"),
    ],
)
def test_asking_for_a_copy_or_deletion_speaks_to_young_people_simply(org, kind, young_words, adult_words) -> None:
    link = make_token(_person(org, 14))
    html = Client().get(reverse("datarights:my_request", kwargs={"link": link, "kind": kind})).content.decode()
    assert young_words in html
    assert adult_words not in html
    adult = make_token(_person(org, 30))
    html = Client().get(reverse("datarights:my_request", kwargs={"link": adult, "kind": kind})).content.decode()
    assert adult_words in html
