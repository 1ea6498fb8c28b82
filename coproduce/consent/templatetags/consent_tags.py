"""Template helpers for the consent section of the person page (one query for all of a person's answers)."""

from __future__ import annotations

from django import template

from coproduce.consent.overview import ConsentRow, consent_rows
from coproduce.people.models import Person

register = template.Library()


@register.simple_tag
def person_consent_rows(person: Person) -> list[ConsentRow]:
    return consent_rows(person)
