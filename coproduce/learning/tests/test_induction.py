"""Induction: the suggested checklist, the lead adding, changing, reordering and retiring items (history kept), a
member ticking their own items, staff ticking a family member's, and the error paths."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.learning import services
from coproduce.learning.models import InductionItem, InductionProgress
from coproduce.learning.tests.conftest import errors_of
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from tests.cast import client_for, make_member


@pytest.fixture
def items(org, lead) -> list[InductionItem]:
    services.induction_items_add_suggested(actor=lead, organisation=org)
    return list(InductionItem.objects.for_organisation(org).current())


def test_the_suggested_checklist_comes_from_the_brief(items, lead, org) -> None:
    texts = [item.text for item in items]
    assert texts[0] == "What co-production means here"
    assert "How we pay expenses and remove barriers to taking part" in texts
    assert "Safeguarding: what to look out for and who to tell" in texts
    assert "Looking after yourself when you share lived experience" in texts
    assert services.induction_items_add_suggested(actor=lead, organisation=org) == 0


def test_adding_and_changing_an_item_and_the_error_path(lead_client, org) -> None:
    response = lead_client.post(reverse("learning:induction_item_create"), {"text": "", "audience": "both"})
    assert "Enter what the induction covers" in " ".join(errors_of(response)["text"])
    response = lead_client.post(reverse("learning:induction_item_create"), {"text": "Tea", "audience": "aliens"})
    assert "Choose who it is for" in " ".join(errors_of(response)["audience"])
    assert not InductionItem.objects.exists()
    lead_client.post(reverse("learning:induction_item_create"), {"text": "Where the tea is", "audience": "staff"})
    item = InductionItem.objects.get()
    url = reverse("learning:induction_item_edit", kwargs={"induction_item_id": item.pk})
    response = lead_client.post(url, {"text": " ", "audience": "staff"})
    assert "Enter what the induction covers" in " ".join(errors_of(response)["text"])
    lead_client.post(url, {"text": "Where the kettle is", "audience": "both"})
    item.refresh_from_db()
    assert (item.text, item.audience) == ("Where the kettle is", "both")


def test_reordering_items(lead_client, items) -> None:
    second = items[1]
    lead_client.post(
        reverse("learning:induction_item_move", kwargs={"induction_item_id": second.pk}), {"direction": "up"}
    )
    order = [item.pk for item in InductionItem.objects.current().order_by("order")]
    assert order[:2] == [second.pk, items[0].pk]
    # The first cannot go higher.
    lead_client.post(
        reverse("learning:induction_item_move", kwargs={"induction_item_id": second.pk}), {"direction": "up"}
    )
    assert InductionItem.objects.current().order_by("order").first().pk == second.pk


def test_retiring_an_item_keeps_who_had_done_it(lead_client, colleague, items) -> None:
    item = items[0]
    services.induction_tick(actor=colleague, item=item, user=colleague, done=True)
    lead_client.post(reverse("learning:induction_item_retire", kwargs={"induction_item_id": item.pk}))
    item.refresh_from_db()
    assert item.retired_at is not None
    assert InductionProgress.objects.filter(item=item, user=colleague).exists()
    page = client_for(colleague).get(reverse("learning:induction")).content.decode()
    assert item.text not in page
    listing = lead_client.get(reverse("learning:induction_item_list")).content.decode()
    assert "Retired items" in listing and item.text in listing
    with pytest.raises(Exception, match="retired"):
        services.induction_tick(actor=colleague, item=item, user=colleague, done=False)


def test_a_member_ticks_their_own_induction(colleague, colleague_client, items) -> None:
    staff_items = [item for item in items if item.audience in ("staff", "both")]
    page = colleague_client.get(reverse("learning:induction")).content.decode()
    assert "Supporting people who share lived experience" in page  # a staff item
    assert "Looking after yourself when you share lived experience" not in page  # a families item
    colleague_client.post(reverse("learning:induction"), {"done": [str(staff_items[0].pk), str(staff_items[1].pk)]})
    assert InductionProgress.objects.filter(user=colleague).count() == 2
    colleague_client.post(reverse("learning:induction"), {"done": [str(staff_items[1].pk)]})
    assert list(InductionProgress.objects.filter(user=colleague).values_list("item_id", flat=True)) == [
        staff_items[1].pk
    ]
    assert AuditEvent.objects.filter(summary="Unticked an induction item").count() == 1


def test_a_peer_supporter_gets_the_families_checklist(org, items) -> None:
    supporter = client_for(make_member(org, "ps@example.org", Role.PEER_SUPPORTER))
    page = supporter.get(reverse("learning:induction")).content.decode()
    assert "Looking after yourself when you share lived experience" in page
    assert "How we look after people&#x27;s information" not in page


def test_staff_tick_a_family_members_induction(org, colleague, colleague_client, items) -> None:
    parent = Person.objects.create(organisation=org, full_name="Grace Obi")
    url = reverse("learning:induction_person", kwargs={"person_id": parent.pk})
    families = [item for item in items if item.audience in ("families", "both")]
    colleague_client.post(url, {"done": [str(families[0].pk)]})
    progress = InductionProgress.objects.get(person=parent)
    assert progress.ticked_by == colleague and progress.item == families[0]
    found = colleague_client.get(reverse("learning:induction_people"), {"q": "Grace"}).content.decode()
    assert "Grace Obi" in found and "1 of" in found


def test_a_staff_only_item_cannot_be_ticked_for_a_family(org, colleague, colleague_client, items) -> None:
    parent = Person.objects.create(organisation=org, full_name="Grace Obi")
    staff_only = next(item for item in items if item.audience == "staff")
    colleague_client.post(
        reverse("learning:induction_person", kwargs={"person_id": parent.pk}), {"done": [str(staff_only.pk)]}
    )
    assert not InductionProgress.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER, Role.PEER_SUPPORTER])
def test_only_staff_tick_for_families(org, role, items) -> None:
    parent = Person.objects.create(organisation=org, full_name="Grace Obi")
    member = client_for(make_member(org, f"{role}@example.org", role))
    assert member.get(reverse("learning:induction_person", kwargs={"person_id": parent.pk})).status_code == 403
    assert member.get(reverse("learning:induction_people")).status_code == 403


def test_only_leads_change_the_checklist(colleague_client, items) -> None:
    assert colleague_client.get(reverse("learning:induction_item_create")).status_code == 403
    item = items[0]
    assert (
        colleague_client.post(
            reverse("learning:induction_item_retire", kwargs={"induction_item_id": item.pk})
        ).status_code
        == 403
    )


def test_another_organisations_person_is_404(colleague_client, other_org) -> None:
    theirs = Person.objects.create(organisation=other_org, full_name="Theirs")
    assert (
        colleague_client.get(reverse("learning:induction_person", kwargs={"person_id": theirs.pk})).status_code == 404
    )


def test_families_progress_counts_only_the_families_checklist(org, lead, colleague, colleague_client, items) -> None:
    parent = Person.objects.create(organisation=org, full_name="Grace Obi")
    families = [item for item in items if item.audience in ("families", "both")]
    services.induction_tick(actor=colleague, item=families[0], done=True, person=parent)
    services.induction_tick(actor=colleague, item=families[1], done=True, person=parent)
    # The lead later makes one ticked item staff only: it no longer counts towards the family's checklist.
    services.induction_item_update(actor=lead, item=families[1], text=families[1].text, audience="staff")
    page = colleague_client.get(reverse("learning:induction_people")).content.decode()
    total = len(families) - 1
    assert f"1 of {total}" in page and f"2 of {total}" not in page
