"""Raising a concern: from a person, a household or anywhere; the leads are told at once without any detail;
the organisation's own records only; the confirmation page."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.people.models import Household
from coproduce.safeguarding import services
from coproduce.safeguarding.models import SafeguardingArrangements, SafeguardingConcern
from coproduce.safeguarding.tests.conftest import WHAT_HAPPENED
from tests.cast import client_for, make_member

RAISE = reverse("safeguarding:concern_raise")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Raise a concern through the page, running what waits for the commit (the emails)."""

    def post(client, query: str = "", danger: str = "no"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"{RAISE}{query}", {"what_happened": WHAT_HAPPENED, "immediate_danger": danger})

    return post


def test_staff_raise_a_concern_about_a_person_and_every_lead_is_told_at_once(
    colleague, person, sg_lead, second_lead, send
) -> None:
    client = client_for(colleague)
    page = client.get(f"{RAISE}?person={person.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "If someone is in immediate danger, call 999 now." in body
    assert "Siobhan Walsh" in body
    assert "What happened, or what did you see or hear?" in body

    response = send(client, f"?person={person.pk}")
    concern = SafeguardingConcern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("safeguarding:concern_detail", kwargs={"concern_id": concern.pk}) + (
        "?raised=1"
    )
    assert (concern.person, concern.raised_by, concern.what_happened) == (person, colleague, WHAT_HAPPENED)
    assert concern.status == "new" and concern.immediate_danger is False

    # One email to each lead, saying only that a concern is waiting, with the link.
    assert sorted(m.to[0] for m in mail.outbox) == ["dsl2@example.org", "dsl@example.org"]
    for message in mail.outbox:
        assert message.subject == "New safeguarding concern"
        assert f"/safeguarding/{concern.pk}/" in message.body
        assert services.concern_reference(concern) in message.body
        assert "Maya" not in message.body and "Siobhan" not in message.body and "belt" not in message.body

    line = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(concern.pk))
    assert line.summary == "Raised a safeguarding concern"
    assert line.actor == colleague
    assert "Maya" not in str(line.changes) + line.summary + line.object_label
    assert "Siobhan" not in str(line.changes) + line.summary + line.object_label


def test_the_confirmation_gives_the_reference_and_what_happens_next(colleague, person, sg_lead, send) -> None:
    client = client_for(colleague)
    response = client.get(send(client, f"?person={person.pk}")["Location"])
    body = response.content.decode()
    concern = SafeguardingConcern.objects.get()
    assert "Concern sent" in body
    assert services.concern_reference(concern) in body
    assert "What happens next" in body
    assert "We have told the designated safeguarding leads" in body
    assert WHAT_HAPPENED not in body


def test_immediate_danger_is_flagged_in_the_email(colleague, sg_lead, send) -> None:
    send(client_for(colleague), danger="yes")
    assert SafeguardingConcern.objects.get().immediate_danger is True
    (message,) = mail.outbox
    assert message.subject == "Urgent: new safeguarding concern – someone may be in immediate danger"
    assert "said someone is in immediate danger" in message.body


def test_without_a_lead_the_admins_are_told_and_the_raiser_is_asked_to_phone(org, admin, colleague, send) -> None:
    SafeguardingArrangements.objects.create(
        organisation=org, contact_name="Duty desk", contact_phone="01632 960 123", procedure="Phone the duty desk."
    )
    client = client_for(colleague)
    body = client.get(send(client)["Location"]).content.decode()
    assert "has no designated safeguarding lead" in body
    assert "Phone the safeguarding contact now" in body
    assert "01632 960 123" in body
    (message,) = mail.outbox
    assert message.to == ["admin@example.org"]
    assert "no designated safeguarding lead" in message.body
    assert reverse("organisations:member_list") in message.body
    assert WHAT_HAPPENED not in message.body


def test_inactive_leads_are_not_emailed(org, colleague, sg_lead, second_lead, send) -> None:
    second_lead.is_active = False
    second_lead.save()
    send(client_for(colleague))
    assert [m.to for m in mail.outbox] == [["dsl@example.org"]]


def test_a_concern_about_a_household(colleague, household, sg_lead, send) -> None:
    client = client_for(colleague)
    assert "Walsh family" in client.get(f"{RAISE}?household={household.pk}").content.decode()
    send(client, f"?household={household.pk}")
    assert SafeguardingConcern.objects.get().household == household


def test_a_peer_supporter_can_raise_a_concern_but_not_see_the_name(peer, person, sg_lead, send) -> None:
    client = client_for(peer)
    page = client.get(f"{RAISE}?person={person.pk}")
    assert page.status_code == 200
    assert "Siobhan" not in page.content.decode()
    assert send(client, f"?person={person.pk}").status_code == 302
    assert SafeguardingConcern.objects.get().raised_by == peer


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER])
def test_partners_and_viewers_cannot_raise(org, role, send) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(RAISE).status_code == 403
    assert send(client).status_code == 403
    assert not SafeguardingConcern.objects.exists()


def test_another_organisations_person_or_household_is_404(colleague, other_person, other_org, send) -> None:
    theirs = Household.objects.create(organisation=other_org, name="Theirs")
    client = client_for(colleague)
    assert client.get(f"{RAISE}?person={other_person.pk}").status_code == 404
    assert send(client, f"?person={other_person.pk}").status_code == 404
    assert client.get(f"{RAISE}?household={theirs.pk}").status_code == 404
    assert client.get(f"{RAISE}?person=not-a-uuid").status_code == 404
    assert client.get(f"{RAISE}?person={uuid.uuid4()}").status_code == 404
    assert not SafeguardingConcern.objects.exists()


def test_the_service_refuses_another_organisations_person(org, colleague, other_person) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.concern_raise(
            actor=colleague, organisation=org, person=other_person, what_happened="x", immediate_danger=False
        )


def test_each_question_must_be_answered(colleague, sg_lead) -> None:
    response = client_for(colleague).post(RAISE, {"what_happened": "  "})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Raise a safeguarding concern" in body
    assert "Say what happened, or what you saw or heard" in body
    assert "Say whether someone is in immediate danger" in body
    assert not SafeguardingConcern.objects.exists() and not mail.outbox


def test_the_raise_page_shows_the_arrangements(org, colleague) -> None:
    SafeguardingArrangements.objects.create(
        organisation=org,
        contact_name="Duty safeguarding lead",
        contact_phone="07700 900 482",
        out_of_hours="Emergency duty team 01632 960 999",
        procedure="Phone the duty lead the same day.",
        procedure_url="https://example.org/procedure",
    )
    body = client_for(colleague).get(RAISE).content.decode()
    assert "Duty safeguarding lead" in body
    assert 'href="tel:07700900482"' in body
    assert "Emergency duty team 01632 960 999" in body
    assert "Phone the duty lead the same day." in body
    assert "https://example.org/procedure" in body
    assert "Ask an administrator" not in body


def test_the_raise_page_works_without_arrangements(admin, colleague) -> None:
    body = client_for(colleague).get(RAISE).content.decode()
    assert "Ask an administrator to add it." in body
    assert reverse("safeguarding:arrangements") not in body
    assert reverse("safeguarding:arrangements") in client_for(admin).get(RAISE).content.decode()
