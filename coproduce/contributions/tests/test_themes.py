"""The organisation's themes: co-production leads and administrators add, rename and remove them (only when no
contribution uses them); names are unique ignoring case; every change is audited by field name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.contributions.models import Theme
from coproduce.contributions.tests.conftest import record
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from tests.cast import client_for, make_member

LIST = reverse("contributions:theme_list")


def edit_url(theme) -> str:
    return reverse("contributions:theme_edit", kwargs={"theme_id": theme.pk})


def delete_url(theme) -> str:
    return reverse("contributions:theme_delete", kwargs={"theme_id": theme.pk})


def test_a_lead_adds_a_theme(lead_client, org) -> None:
    assert "There are no themes yet." in lead_client.get(LIST).content.decode()
    response = lead_client.post(LIST, {"name": "  Feeling   welcome "})
    assert response.status_code == 302
    theme = Theme.objects.get(organisation=org)
    assert theme.name == "Feeling welcome"
    event = AuditEvent.objects.get(object_type="contributions.Theme")
    assert event.action == "create" and event.changes == {"fields": ["name"]}


def test_a_theme_name_must_be_given_and_new(lead_client, org, timing) -> None:
    response = lead_client.post(LIST, {"name": ""})
    assert response.context["form"].errors == {"name": ["Enter a name for the theme"]}
    response = lead_client.post(LIST, {"name": "TIMING"})
    assert response.context["form"].errors == {"name": ["There is already a theme called TIMING"]}
    assert "Error: Themes" in response.content.decode()
    assert Theme.objects.filter(organisation=org).count() == 1


def test_another_organisation_may_use_the_same_name(lead_client, other_org, org) -> None:
    Theme.objects.create(organisation=other_org, name="Timing")
    assert lead_client.post(LIST, {"name": "Timing"}).status_code == 302
    assert Theme.objects.filter(organisation=org, name="Timing").exists()


def test_a_lead_renames_a_theme_and_its_contributions_keep_it(lead_client, colleague, project, timing) -> None:
    contribution = record(colleague, project, themes=[timing])
    page = lead_client.get(edit_url(timing))
    assert page.context["form"]["name"].value() == "Timing"
    assert lead_client.post(edit_url(timing), {"name": "Times that work"}).status_code == 302
    assert [t.name for t in contribution.themes.all()] == ["Times that work"]
    assert AuditEvent.objects.filter(object_type="contributions.Theme", action="update").count() == 1


def test_renaming_to_a_name_already_used_is_refused(lead_client, org, timing) -> None:
    Theme.objects.create(organisation=org, name="Childcare")
    response = lead_client.post(edit_url(timing), {"name": "childcare"})
    assert response.context["form"].errors == {"name": ["There is already a theme called childcare"]}
    timing.refresh_from_db()
    assert timing.name == "Timing"


def test_an_unused_theme_is_removed(lead_client, timing) -> None:
    page = lead_client.get(delete_url(timing)).content.decode()
    assert "Remove Timing?" in page
    assert lead_client.post(delete_url(timing)).status_code == 302
    assert not Theme.objects.exists()
    assert AuditEvent.objects.filter(object_type="contributions.Theme", action="delete").count() == 1


def test_a_theme_in_use_cannot_be_removed(lead_client, colleague, project, timing) -> None:
    record(colleague, project, themes=[timing])
    page = lead_client.get(delete_url(timing)).content.decode()
    assert "Timing cannot be removed" in page and "Remove the theme" not in page
    assert "Remove<span" not in lead_client.get(LIST).content.decode()
    response = lead_client.post(delete_url(timing))
    assert response.status_code == 200
    assert "is used by contributions" in response.content.decode()
    assert Theme.objects.filter(pk=timing.pk).exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER, Role.PARTNER, Role.DATA_PROTECTION_OFFICER])
def test_other_roles_cannot_manage_themes(org, timing, role) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"name": "New"}).status_code == 403
    assert client.post(edit_url(timing), {"name": "Renamed"}).status_code == 403
    assert client.post(delete_url(timing)).status_code == 403
    assert list(Theme.objects.values_list("name", flat=True)) == ["Timing"]


def test_another_organisations_theme_is_404(stranger, timing) -> None:
    client = client_for(stranger)
    assert client.get(edit_url(timing)).status_code == 404
    assert client.post(delete_url(timing)).status_code == 404
    assert Theme.objects.filter(pk=timing.pk).exists()


def test_the_list_shows_how_many_contributions_use_each_theme(lead_client, colleague, project, timing) -> None:
    record(colleague, project, themes=[timing])
    record(colleague, project, themes=[timing])
    themes = lead_client.get(LIST).context["themes"]
    assert [(t.name, t.uses) for t in themes] == [("Timing", 2)]
