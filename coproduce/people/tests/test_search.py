"""Finding people fast: PersonFilterForm (shared with the export) and the filters on the people list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Hub
from coproduce.people.filters import PersonFilterForm
from coproduce.people.models import AccessNeeds, Person
from coproduce.stakeholders.models import StakeholderGroup

LIST = reverse("people:person_list")


def found(org, **data) -> list[str]:
    form = PersonFilterForm(data, organisation=org)
    return sorted(p.full_name for p in form.apply(Person.objects.all()))


@pytest.fixture
def cast(org, hub):
    """Four people with different hubs, groups, needs and languages."""
    families = StakeholderGroup.objects.create(organisation=org, name="Families")
    dads = StakeholderGroup.objects.create(organisation=org, name="Dads", parent=families)
    forum = StakeholderGroup.objects.create(organisation=org, name="Forum")
    other_hub = Hub.objects.create(organisation=org, name="Eastfield")
    ama = Person.objects.create(organisation=org, full_name="Ama Owusu", languages="Twi, English", phone="07700 900123")
    ben = Person.objects.create(organisation=org, full_name="Ben Ali", languages="English", postcode="NB4 6QD")
    cai = Person.objects.create(organisation=org, full_name="Cai Jones", languages="Welsh", email="cai@example.com")
    Person.objects.create(organisation=org, full_name="Dee Erased", languages="Welsh", erased_at=timezone.now())
    ama.hubs.add(hub, other_hub)
    ben.hubs.add(other_hub)
    ama.stakeholder_groups.add(families, dads)  # in a group and its sub-group: still listed once
    ben.stakeholder_groups.add(dads)
    cai.stakeholder_groups.add(forum)
    AccessNeeds.objects.create(organisation=org, person=ama, childcare=True, interpreter=True)
    AccessNeeds.objects.create(organisation=org, person=cai, step_free=True)
    return {"families": families, "dads": dads, "forum": forum, "eastfield": other_hub}


def test_each_filter(org, hub, cast) -> None:
    assert found(org) == ["Ama Owusu", "Ben Ali", "Cai Jones"]  # never the erased person
    assert found(org, hub=str(hub.pk)) == ["Ama Owusu"]
    assert found(org, hub=str(cast["eastfield"].pk)) == ["Ama Owusu", "Ben Ali"]
    assert found(org, group=str(cast["families"].pk)) == ["Ama Owusu", "Ben Ali"]  # sub-groups count
    assert found(org, group=str(cast["dads"].pk)) == ["Ama Owusu", "Ben Ali"]
    assert found(org, need="childcare") == ["Ama Owusu"]
    assert found(org, need="step_free") == ["Cai Jones"]
    assert found(org, need="bsl") == []
    assert found(org, language="welsh") == ["Cai Jones"]
    assert found(org, language="English") == ["Ama Owusu", "Ben Ali"]
    assert found(org, hub=str(cast["eastfield"].pk), group=str(cast["families"].pk), language="twi") == ["Ama Owusu"]


@pytest.mark.parametrize("typed", ["07700900123", "07700 900123", "+44 7700 900123", "900123", "Ama", "owusu"])
def test_search_finds_a_phone_number_however_it_is_typed(org, cast, typed: str) -> None:
    assert found(org, q=typed) == ["Ama Owusu"]
    # The queryset's own search (used by the API and the benchmarks) matches the same way.
    assert list(Person.objects.for_organisation(org).search(typed).values_list("full_name", flat=True)) == ["Ama Owusu"]


def test_search_by_postcode_and_email(org, cast) -> None:
    assert found(org, q="nb46qd") == ["Ben Ali"]
    assert found(org, q="cai@") == ["Cai Jones"]


def test_the_filters_never_reach_another_organisation(org, other_org, other_hub, cast) -> None:
    theirs = Person.objects.create(organisation=other_org, full_name="Southby Person")
    theirs.hubs.add(other_hub)
    assert "Southby Person" not in found(org)  # even given an unscoped queryset
    form = PersonFilterForm({"hub": str(other_hub.pk)}, organisation=org)
    assert not form.is_valid() and "Choose a hub from the list" in str(form.errors)
    # An invalid filter is ignored rather than emptying the list.
    assert found(org, hub=str(other_hub.pk)) == ["Ama Owusu", "Ben Ali", "Cai Jones"]


def test_many_to_many_filters_use_exists_not_joins(org, cast) -> None:
    form = PersonFilterForm({"group": str(cast["families"].pk), "hub": str(cast["eastfield"].pk)}, organisation=org)
    sql = str(form.apply(Person.objects.all()).query).upper()
    assert "EXISTS" in sql and "DISTINCT" not in sql


def test_filters_helper_lists_only_what_was_chosen(org, cast) -> None:
    form = PersonFilterForm({"q": " ", "need": "childcare", "language": ""}, organisation=org)
    assert form.filters() == {"need": "childcare"}
    assert form.is_filtered
    assert not PersonFilterForm({}, organisation=org).is_filtered


# ---------------------------------------------------------------------------------------------------------------
# The people list


def test_the_list_filters_and_counts(admin_client_: Client, org, cast) -> None:
    html = admin_client_.get(LIST, {"need": "childcare"}).content.decode()
    assert "1 person found" in html and "Ama Owusu" in html and "Ben Ali" not in html
    assert "Clear filters" in html
    html = admin_client_.get(LIST).content.decode()
    assert "3 people" in html and "Dee Erased" not in html
    assert "Clear filters" not in html
    for label in ("Hub they use", "Stakeholder group", "Access need", "Language they speak"):
        assert label in html


def test_pagination_keeps_the_filters_but_not_empty_ones(admin_client_: Client, org) -> None:
    Person.objects.bulk_create(
        [Person(organisation=org, full_name=f"Alex {i:03d}", languages="Polish") for i in range(60)]
    )
    html = admin_client_.get(LIST, {"q": "", "language": "polish", "hub": ""}).content.decode()
    assert "?language=polish&amp;page=2" in html


def test_the_export_link_carries_the_filters_for_those_allowed(admin_client_: Client, colleague_client: Client, org):
    html = admin_client_.get(LIST, {"language": "polish"}).content.decode()
    assert f"{reverse('people:export')}?language=polish" in html and "Export these people" in html
    assert reverse("people:export") not in colleague_client.get(LIST).content.decode()


def test_the_list_queries_do_not_grow(admin_client_: Client, org, hub, django_assert_num_queries) -> None:
    group = StakeholderGroup.objects.create(organisation=org, name="Families")

    def make(start: int, count: int) -> None:
        for n in range(start, start + count):
            person = Person.objects.create(organisation=org, full_name=f"Person {n}", languages="English")
            person.hubs.add(hub)
            person.stakeholder_groups.add(group)
            AccessNeeds.objects.create(organisation=org, person=person, childcare=True)

    filters = {"q": "person", "hub": str(hub.pk), "group": str(group.pk), "need": "childcare", "language": "eng"}
    make(0, 2)
    admin_client_.get(LIST, filters)
    with CaptureQueriesContext(connection) as two:
        admin_client_.get(LIST, filters)
    make(2, 10)
    with django_assert_num_queries(len(two.captured_queries)):
        html = admin_client_.get(LIST, filters).content.decode()
    assert "12 people found" in html
