"""The glossary: adding, changing and removing terms (unique per organisation whatever their case), each
explanation with its plain-English report, and who may do what."""

from __future__ import annotations

from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.publishing.models import GlossaryTerm
from tests.cast import client_for

LIST = reverse("publishing:glossary_list")
SEND = {
    "term": "SEND",
    "stands_for": "Special educational needs and disabilities",
    "explanation": "When a child needs extra help with learning, or has a disability.",
}


def _term(org, term="SEND", explanation="When a child needs extra help.") -> GlossaryTerm:
    return GlossaryTerm.objects.create(organisation=org, term=term, explanation=explanation)


def test_staff_add_a_term_and_it_is_audited(staff_client, org) -> None:
    response = staff_client.post(LIST, {**SEND, "term": "  SEND  "})
    assert response.status_code == 302
    entry = GlossaryTerm.objects.get()
    assert (entry.organisation, entry.term, entry.stands_for) == (org, "SEND", SEND["stands_for"])
    assert AuditEvent.objects.get(object_id=str(entry.pk)).summary == "Added a glossary term"


def test_a_term_is_unique_ignoring_case_with_a_helpful_message(staff_client, org, other_org) -> None:
    _term(org, "Family hub")
    _term(other_org, "send")  # another organisation's glossary is its own
    response = staff_client.post(LIST, {**SEND, "term": "family HUB"})
    assert response.status_code == 200
    assert response.context["form"].errors["term"] == [
        "Your glossary already explains Family hub: change that one instead"
    ]
    assert staff_client.post(LIST, SEND).status_code == 302
    assert GlossaryTerm.objects.filter(organisation=org).count() == 2


def test_missing_fields_are_explained(staff_client) -> None:
    response = staff_client.post(LIST, {"term": "", "explanation": ""})
    errors = response.context["form"].errors
    assert errors["term"] == ["Enter the term"] and errors["explanation"] == ["Explain the term in plain words"]
    assert not GlossaryTerm.objects.exists()


def test_changing_a_term_keeps_it_unique(staff_client, org) -> None:
    send, hub = _term(org, "SEND"), _term(org, "Family hub")
    url = reverse("publishing:glossary_edit", kwargs={"term_id": hub.pk})
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {**SEND, "term": "send"})
    assert "already explains SEND" in response.context["form"].errors["term"][0]
    response = staff_client.post(url, {"term": "family hub", "explanation": "A place for families."})
    assert response.status_code == 302
    hub.refresh_from_db()
    assert (hub.term, hub.explanation) == ("family hub", "A place for families.")
    send.refresh_from_db()
    assert send.term == "SEND"


def test_removing_a_term_asks_first(staff_client, org) -> None:
    entry = _term(org)
    url = reverse("publishing:glossary_delete", kwargs={"term_id": entry.pk})
    assert "Remove SEND from the glossary?" in staff_client.get(url).content.decode()
    assert GlossaryTerm.objects.exists()
    assert staff_client.post(url).status_code == 302
    assert not GlossaryTerm.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(entry.pk)).exists()


def test_each_explanation_has_a_plain_english_report_and_the_list_is_a_few_queries(
    staff_client, org, django_assert_max_num_queries
) -> None:
    for number in range(10):
        _term(
            org, f"Term {number}", "When a child needs extra help with learning, or has a disability. You can ask us."
        )
    _term(
        org,
        "Zzz",
        "The reconfiguration of multi-agency safeguarding arrangements necessitates comprehensive "
        "stakeholder engagement and the establishment of robust governance frameworks across the partnership.",
    )
    with django_assert_max_num_queries(8):
        response = staff_client.get(LIST)
    html = response.content.decode()
    assert html.count("Plain English: easy to read") == 10
    assert html.count("Plain English: some things to check") == 1


def test_viewers_read_the_glossary_but_cannot_change_it(viewer, org) -> None:
    entry = _term(org)
    client = client_for(viewer)
    page = client.get(LIST)
    assert page.status_code == 200 and "Add a term" not in page.content.decode()
    assert client.post(LIST, SEND).status_code == 403
    assert client.get(reverse("publishing:glossary_edit", kwargs={"term_id": entry.pk})).status_code == 403
    assert client.post(reverse("publishing:glossary_delete", kwargs={"term_id": entry.pk})).status_code == 403
    assert GlossaryTerm.objects.count() == 1


def test_another_organisations_term_is_not_found(stranger_client, org) -> None:
    entry = _term(org)
    assert stranger_client.get(reverse("publishing:glossary_edit", kwargs={"term_id": entry.pk})).status_code == 404
    assert stranger_client.post(reverse("publishing:glossary_delete", kwargs={"term_id": entry.pk})).status_code == 404
    assert "When a child needs extra help." not in stranger_client.get(LIST).content.decode()
    assert GlossaryTerm.objects.count() == 1
