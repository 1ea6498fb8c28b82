"""Involving a person in a project keeps a snapshot of their equality answers (if they agreed), in the same
transaction, so later changes to their answers don't rewrite who took part."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
from coproduce.equality import services as equality_services
from coproduce.equality.models import EqualitySnapshot
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects import services
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.stakeholders.models import Partner, StakeholderGroup
from tests.cast import client_for, make_member


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD)


@pytest.fixture
def project(org):
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Better support")


@pytest.fixture
def group(org):
    return StakeholderGroup.objects.create(organisation=org, name="Families")


def answering_person(org, *, consent: bool = True) -> Person:
    person = Person.objects.create(organisation=org, full_name="Rosa Reid")
    if consent:
        Consent.objects.create(
            organisation=org,
            person=person,
            purpose=Purpose.EQUALITY_MONITORING,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.ONLINE,
        )
    equality_services.answers_save(person=person, data={"lone_parent": "yes", "religion": "none"})
    return person


def test_involving_a_person_takes_a_snapshot(org, lead, project, group) -> None:
    person = answering_person(org)
    involvement = services.stakeholder_add(
        actor=lead, project=project, group=group, person=person, kind="lived_experience"
    )
    snapshot = EqualitySnapshot.objects.get()
    assert snapshot.person == person
    assert (snapshot.context_type, snapshot.context_id) == ("projects.ProjectStakeholder", str(involvement.pk))
    assert snapshot.answers == {"lone_parent": "yes", "religion": "none"}
    # Later changes don't rewrite it.
    equality_services.answers_save(person=person, data={"lone_parent": "no"})
    snapshot.refresh_from_db()
    assert snapshot.answers["lone_parent"] == "yes"
    assert equality_services.aggregate(org, question="lone_parent", project=project).total is None  # one person


def test_no_snapshot_without_consent_or_for_a_partner(org, lead, project, group) -> None:
    person = answering_person(org, consent=False)
    services.stakeholder_add(actor=lead, project=project, group=group, person=person, kind="lived_experience")
    partner = Partner.objects.create(organisation=org, name="Home-Start", kind="charity")
    services.stakeholder_add(actor=lead, project=project, group=group, partner=partner, kind="representative")
    assert ProjectStakeholder.objects.count() == 2
    assert not EqualitySnapshot.objects.exists()


def test_the_snapshot_rolls_back_with_the_involvement(org, lead, project, group) -> None:
    person = answering_person(org)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.stakeholder_add(actor=lead, project=project, group=group, person=person, kind="lived_experience")
        assert EqualitySnapshot.objects.count() == 1
        raise RuntimeError("something later in the same transaction failed")
    assert not ProjectStakeholder.objects.exists()
    assert not EqualitySnapshot.objects.exists()


def test_adding_a_person_from_the_project_page_takes_a_snapshot(org, lead, project, group) -> None:
    person = answering_person(org)
    url = reverse("projects:stakeholder_add", kwargs={"project_id": project.pk})
    response = client_for(lead).post(
        url, {"group": group.pk, "person": person.pk, "kind": "lived_experience", "method": "co_production"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EqualitySnapshot.objects.filter(person=person).count() == 1


def test_taking_part_keeps_the_person_active_for_retention(org, lead, project, group) -> None:
    import datetime as dt

    from django.utils import timezone

    person = Person.objects.create(organisation=org, full_name="Rosa Reid")
    Person.objects.filter(pk=person.pk).update(last_active_at=timezone.now() - dt.timedelta(days=2000))
    services.stakeholder_add(actor=lead, project=project, group=group, person=person, kind="lived_experience")
    person.refresh_from_db()
    assert timezone.now() - person.last_active_at < dt.timedelta(minutes=1)
