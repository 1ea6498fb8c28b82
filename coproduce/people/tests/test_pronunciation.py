"""How to say a person's name is shown wherever staff meet them, not only on the person's page."""

from __future__ import annotations

from django.urls import reverse

from coproduce.people.models import Household, Person
from tests.cast import client_for


def test_lists_of_people_say_how_to_say_each_name(org, colleague) -> None:
    household = Household.objects.create(organisation=org, name="Walsh family")
    person = Person.objects.create(
        organisation=org, full_name="Siobhan Walsh", pronunciation="shiv-AWN", household=household
    )
    client = client_for(colleague)
    for url in (
        reverse("people:person_list"),
        reverse("people:household_detail", kwargs={"household_id": household.pk}),
        reverse("people:person_detail", kwargs={"person_id": person.pk}),
    ):
        assert "shiv-AWN" in client.get(url).content.decode(), url


def test_nothing_is_added_when_it_is_not_known(org, colleague) -> None:
    Person.objects.create(organisation=org, full_name="Sam Smith")
    assert "say it:" not in client_for(colleague).get(reverse("people:person_list")).content.decode()
