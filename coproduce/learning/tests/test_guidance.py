"""The organisation's guidance: managed by leads, with every form's error path, and listed as plain links on the
decision form's "assumptions and biases checked" prompt."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.learning import services
from coproduce.learning.models import OrganisationGuidance
from coproduce.learning.tests.conftest import errors_of
from coproduce.projects.models import Project

UNHCR = "https://www.unhcr.org/uk/about-unhcr/who-we-protect"


def test_the_suggested_guidance_explains_migrants_refugees_and_asylum_seekers(lead_client, org) -> None:
    lead_client.post(reverse("learning:guidance_add_suggested"))
    lead_client.post(reverse("learning:guidance_add_suggested"))
    guidance = OrganisationGuidance.objects.get(organisation=org)
    assert guidance.title == "Migrants, refugees and asylum seekers: what is the difference"
    assert guidance.url == UNHCR


def test_the_decision_form_lists_the_organisations_guidance(org, lead, colleague_client, other_org) -> None:
    services.guidance_add_suggested(actor=lead, organisation=org)
    services.guidance_create(actor=lead, organisation=org, title="Our note on bias", text="Ask who is missing.")
    OrganisationGuidance.objects.create(organisation=other_org, title="Southby only", url="https://example.org/s")
    project = Project.objects.create(organisation=org, title="Feeding", goal="Support")
    page = colleague_client.get(
        reverse("decisions:decision_create", kwargs={"project_id": project.pk})
    ).content.decode()
    prompt = page[page.index('id="assumptions-prompt"') :]
    prompt = prompt[: prompt.index("</div>")]
    assert (
        f'<a class="govuk-link" href="{UNHCR}">Migrants, refugees and asylum seekers: what is the difference</a>'
        in prompt
    )
    assert "Our note on bias" in prompt and reverse("learning:guidance_list") in prompt
    assert 'target="_blank"' not in prompt and "Southby only" not in page


def test_the_decision_form_says_nothing_of_guidance_when_there_is_none(org, colleague_client) -> None:
    project = Project.objects.create(organisation=org, title="Feeding", goal="Support")
    page = colleague_client.get(
        reverse("decisions:decision_create", kwargs={"project_id": project.pk})
    ).content.decode()
    assert "organisation-guidance" not in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "url": "https://example.org/"}, "title", "Enter a title"),
        ({"title": "Bias", "url": "", "text": ""}, "url", "Enter a link to the guidance, or write the guidance"),
        ({"title": "Bias", "url": "not a link"}, "url", "Enter the link as a web address"),
    ],
)
def test_guidance_with_bad_input_says_what_is_wrong_and_saves_nothing(lead_client, data, field, message) -> None:
    response = lead_client.post(reverse("learning:guidance_create"), data)
    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    assert not OrganisationGuidance.objects.exists()


def test_changing_and_removing_guidance(lead_client, lead, org) -> None:
    guidance = services.guidance_create(actor=lead, organisation=org, title="Bias", url="https://example.org/a")
    url = reverse("learning:guidance_edit", kwargs={"guidance_id": guidance.pk})
    response = lead_client.post(url, {"title": "", "url": "https://example.org/a"})
    assert "Enter a title" in " ".join(errors_of(response)["title"])
    lead_client.post(url, {"title": "Bias and assumptions", "url": "https://example.org/b"})
    guidance.refresh_from_db()
    assert (guidance.title, guidance.url) == ("Bias and assumptions", "https://example.org/b")
    delete = reverse("learning:guidance_delete", kwargs={"guidance_id": guidance.pk})
    assert lead_client.get(delete).status_code == 200
    lead_client.post(delete)
    assert not OrganisationGuidance.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(guidance.pk), action="delete").exists()


def test_everyone_reads_guidance_and_only_leads_change_it(colleague_client, viewer, lead, org) -> None:
    from tests.cast import client_for

    services.guidance_create(actor=lead, organisation=org, title="Bias", url="https://example.org/a")
    assert "Bias" in client_for(viewer).get(reverse("learning:guidance_list")).content.decode()
    assert colleague_client.get(reverse("learning:guidance_create")).status_code == 403


def test_guidance_on_the_decision_form_is_escaped_and_takes_one_query(org, lead, colleague_client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = Project.objects.create(organisation=org, title="Feeding", goal="Support")
    url = reverse("decisions:decision_create", kwargs={"project_id": project.pk})
    services.guidance_create(actor=lead, organisation=org, title="<script>alert(1)</script>", text="Bias")

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = colleague_client.get(url).content.decode()
        return len(queries), page

    few, page = count()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    for n in range(10):
        services.guidance_create(actor=lead, organisation=org, title=f"Note {n}", url=f"https://example.org/{n}")
    many, page = count()
    assert many == few and "Note 9" in page
