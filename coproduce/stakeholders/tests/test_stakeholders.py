"""Stakeholder groups (seeded for every organisation, with sub-groups) and partner organisations."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.organisations.models import Organisation, Role
from coproduce.organisations.services import organisation_create, organisation_seed_defaults
from coproduce.stakeholders.models import Partner, StakeholderGroup
from coproduce.stakeholders.services import stakeholder_groups_seed
from tests.cast import client_for, make_member


@pytest.fixture
def seeded(org):
    organisation_seed_defaults(organisation=org)
    return org


def test_every_new_organisation_gets_the_eight_groups(platform_admin) -> None:
    organisation = organisation_create(
        actor=platform_admin, name="Westby", slug="westby", first_admin_email="a@westby.example.org"
    )
    keys = list(StakeholderGroup.objects.for_organisation(organisation).values_list("key", flat=True))
    assert keys == [
        "families",
        "parent_carer_forums",
        "practitioners",
        "faith_community",
        "commissioners",
        "strategic_bodies",
        "charities",
        "education",
    ]
    assert all(g.outreach_prompt for g in StakeholderGroup.objects.for_organisation(organisation))


def test_seeding_twice_adds_nothing(seeded) -> None:
    assert stakeholder_groups_seed(organisation=seeded) == []
    assert StakeholderGroup.objects.for_organisation(seeded).count() == 8


def test_a_lead_adds_a_sub_group(seeded) -> None:
    lead = make_member(seeded, "lead@example.org", Role.LEAD)
    families = StakeholderGroup.objects.for_organisation(seeded).get(key="families")
    client = client_for(lead)
    client.post(reverse("stakeholders:group_list"), {"parent": str(families.pk), "name": "Adoptive families"})
    assert StakeholderGroup.objects.get(name="Adoptive families").parent == families
    html = client.post(
        reverse("stakeholders:group_list"), {"parent": str(families.pk), "name": "adoptive families"}
    ).content.decode()
    assert "There is already a group called adoptive families" in html
    html = client.post(reverse("stakeholders:group_list"), {"name": "No parent"}).content.decode()
    assert "Choose the group it is part of" in html
    assert "Adoptive families" in client.get(reverse("stakeholders:group_list")).content.decode()


def test_staff_see_groups_but_cannot_add(seeded, colleague) -> None:
    client = client_for(colleague)
    assert client.get(reverse("stakeholders:group_list")).status_code == 200
    families = StakeholderGroup.objects.for_organisation(seeded).get(key="families")
    assert (
        client.post(reverse("stakeholders:group_list"), {"parent": str(families.pk), "name": "Dads"}).status_code == 403
    )
    assert not StakeholderGroup.objects.filter(name="Dads").exists()


def test_partners_are_added_and_changed_with_clear_errors(seeded, colleague_client: Client) -> None:
    group = StakeholderGroup.objects.for_organisation(seeded).get(key="charities")
    url = reverse("stakeholders:partner_create")
    html = colleague_client.post(url, {"name": "", "contact_email": "nope"}).content.decode()
    assert "Enter the name of the partner organisation" in html
    assert "Choose the type of organisation" in html
    assert "Enter an email address in the correct format" in html
    colleague_client.post(
        url,
        {
            "name": "Home-Start",
            "kind": "charity",
            "stakeholder_group": str(group.pk),
            "contact_name": "Ruth",
            "is_active": "on",
        },
    )
    partner = Partner.objects.get()
    edit = reverse("stakeholders:partner_edit", kwargs={"partner_id": partner.pk})
    colleague_client.post(edit, {"name": "Home-Start Northby", "kind": "charity", "is_active": "on"})
    partner.refresh_from_db()
    assert partner.name == "Home-Start Northby"
    assert "Home-Start Northby" in colleague_client.get(reverse("stakeholders:partner_list")).content.decode()


def test_partner_group_must_be_ours(seeded, colleague_client: Client, other_org: Organisation) -> None:
    organisation_seed_defaults(organisation=other_org)
    theirs = StakeholderGroup.objects.for_organisation(other_org).first()
    html = colleague_client.post(
        reverse("stakeholders:partner_create"), {"name": "X", "kind": "charity", "stakeholder_group": str(theirs.pk)}
    ).content.decode()
    assert "Choose one of your organisation&#x27;s stakeholder groups" in html
    assert not Partner.objects.exists()


def test_viewers_cannot_change_partners(seeded) -> None:
    viewer = make_member(seeded, "v@example.org", Role.VIEWER)
    client = client_for(viewer)
    assert client.get(reverse("stakeholders:partner_list")).status_code == 200
    assert client.post(reverse("stakeholders:partner_create"), {"name": "X", "kind": "charity"}).status_code == 403


def test_journey_areas_are_editable(seeded) -> None:
    lead = make_member(seeded, "lead@example.org", Role.LEAD)
    client = client_for(lead)
    url = reverse("projects:journey_areas")
    client.post(url, {"add": "1", "name": "Youth services"})
    from coproduce.projects.models import JourneyArea

    area = JourneyArea.objects.get(name="Youth services")
    html = client.post(url, {"add": "1", "name": "youth services"}).content.decode()
    assert "youth services is already on the list" in html
    client.post(url, {"remove": str(area.pk)})
    assert not JourneyArea.objects.filter(name="Youth services").exists()
