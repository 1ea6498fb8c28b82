"""Finding people: search, pagination, tenant scoping and a flat query count."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.people.models import Person


def test_search_by_name_email_phone_and_postcode(admin_client_: Client, org) -> None:
    Person.objects.create(
        organisation=org,
        full_name="Siobhan Murphy",
        email="s.murphy@example.com",
        phone="07700900123",
        postcode="NB4 6QD",
    )
    Person.objects.create(organisation=org, full_name="Tariq Hassan", postcode="NB1 2AB")
    url = reverse("people:person_list")
    for query in ("siobhan", "MURPHY", "s.murphy@", "07700 900123", "nb46qd", "NB4 6"):
        html = admin_client_.get(url, {"q": query}).content.decode()
        assert "Siobhan Murphy" in html and "Tariq Hassan" not in html, query
    assert "1 person found" in admin_client_.get(url, {"q": "tariq"}).content.decode()


def test_people_of_other_organisations_are_never_listed(admin_client_: Client, org, other_org) -> None:
    Person.objects.create(organisation=other_org, full_name="Southby Person")
    html = admin_client_.get(reverse("people:person_list"), {"q": "southby"}).content.decode()
    assert "Southby Person" not in html
    assert "0 people found" in html


def test_pagination_keeps_the_search(admin_client_: Client, org) -> None:
    Person.objects.bulk_create([Person(organisation=org, full_name=f"Alex {i:03d}") for i in range(120)])
    html = admin_client_.get(reverse("people:person_list"), {"q": "alex"}).content.decode()
    assert "?q=alex&amp;page=2" in html
    page3 = admin_client_.get(reverse("people:person_list"), {"q": "alex", "page": 3}).content.decode()
    assert "Alex 119" in page3 and "Alex 000" not in page3


def test_list_queries_do_not_grow_with_people(admin_client_: Client, org, django_assert_max_num_queries) -> None:
    Person.objects.bulk_create([Person(organisation=org, full_name=f"Person {i}") for i in range(60)])
    with django_assert_max_num_queries(7):
        admin_client_.get(reverse("people:person_list"))


def test_person_page_shows_how_to_say_their_name(admin_client_: Client, org, hub) -> None:
    person = Person.objects.create(organisation=org, full_name="Niamh Walsh", pronunciation="NEEV")
    person.hubs.add(hub)
    html = admin_client_.get(reverse("people:person_detail", kwargs={"person_id": person.pk})).content.decode()
    assert "NEEV" in html and hub.name in html


def test_postcode_is_stored_compact_for_search(org) -> None:
    person = Person.objects.create(organisation=org, full_name="A", postcode="nb1 2ab")
    assert person.postcode_compact == "NB12AB"


def test_partners_peer_supporters_and_viewers_do_not_see_peoples_details(org) -> None:
    from coproduce.organisations.models import Role
    from tests.cast import client_for, make_member

    person = Person.objects.create(organisation=org, full_name="Private Person", phone="07700900001")
    for role in (Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER):
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(reverse("people:person_list")).status_code == 403
        assert client.get(reverse("people:person_detail", kwargs={"person_id": person.pk})).status_code == 403
        assert "Private Person" not in client.get("/").content.decode()


def test_demo_details_are_varied_deterministic_and_loaded_once(db) -> None:
    import random

    from coproduce.organisations.models import Organisation
    from coproduce.organisations.services import organisation_seed_defaults
    from coproduce.people.demo import seed_demo_people_details
    from coproduce.people.models import AccessNeeds, Child, Household

    def demo_org(slug: str) -> Organisation:
        organisation = Organisation.objects.create(name=slug, slug=slug)
        organisation_seed_defaults(organisation=organisation)
        for i in range(100):
            Person.objects.create(
                organisation=organisation,
                full_name=f"Parent {i:03d} Surname{i % 7}",
                email=f"parent{i}@example.org",
                phone=f"07700 900{i:03d}",
            )
        return organisation

    first, second = demo_org("demo-a"), demo_org("demo-b")
    assert seed_demo_people_details(first, random.Random(7)) > 0
    seed_demo_people_details(second, random.Random(7))

    def shape(organisation) -> list:
        return [
            (p.email, p.household.name if p.household else "", p.household_role, p.languages, p.pronouns)
            for p in Person.objects.for_organisation(organisation).select_related("household").order_by("email")
        ]

    assert shape(first) == shape(second)  # the same seed gives the same demo
    people = Person.objects.for_organisation(first)
    assert 38 <= people.filter(household__isnull=False).count() <= 42
    assert 28 <= AccessNeeds.objects.for_organisation(first).count() <= 32
    assert Household.objects.for_organisation(first).filter(expected_due_date__isnull=False).count() == 1
    bands = {child.current_age_band() for child in Child.objects.for_organisation(first)}
    assert len(bands) >= 4  # children of varied ages
    assert people.exclude(pronouns="").exists() and people.exclude(languages="English").exists()
    assert people.filter(stakeholder_groups__key="families").exists()
    assert seed_demo_people_details(first, random.Random(7)) == 0  # once only
