"""Who gets which page (every role, every page), another organisation's records, and the public page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.commitments import services
from coproduce.commitments.tests.conftest import DEFINITION
from coproduce.organisations.models import Role
from coproduce.stakeholders.models import Partner
from tests.cast import client_for, make_member

ALL_ROLES = [r.value for r in Role]
MANAGERS = {Role.ADMIN, Role.LEAD}


@pytest.fixture
def records(seeded, lead, today):
    """A draft, a commitment with a signature, and a sustaining strategy: something behind every URL."""
    draft = services.definition_version_start(actor=lead, organisation=seeded, text=DEFINITION)
    commitment = services.commitment_save(actor=lead, organisation=seeded, text="We commit.")
    signature = services.signature_record_person(actor=lead, organisation=seeded, name="Aisha", signed_on=today)
    strategy = services.strategy_save(
        actor=lead,
        organisation=seeded,
        title="Panel",
        area="governance",
        status="in_place",
        is_sustaining=True,
        refresh_every_months=12,
        start_date=today,
    )
    return {"draft": draft, "commitment": commitment, "signature": signature, "strategy": strategy}


def pages(records) -> tuple[list[str], list[str]]:
    """(pages every member may open, pages only administrators and leads may open)."""
    v, s, st = records["draft"].pk, records["signature"].pk, records["strategy"].pk
    everyone = [
        reverse("commitments:deliverables"),
        reverse("commitments:definition"),
        reverse("commitments:version_detail", kwargs={"version_id": v}),
        reverse("commitments:paragraph_comment", kwargs={"version_id": v, "paragraph_number": 1}),
        reverse("commitments:commitment"),
        reverse("commitments:commitment_sign"),
        reverse("commitments:strategy_list"),
        reverse("commitments:strategy_detail", kwargs={"strategy_id": st}),
    ]
    managers = [
        reverse("commitments:definition_new"),  # redirects to the open draft
        reverse("commitments:version_edit", kwargs={"version_id": v}),
        reverse("commitments:version_adopt", kwargs={"version_id": v}),
        reverse("commitments:commitment_edit"),
        reverse("commitments:signature_partner"),
        reverse("commitments:signature_person"),
        reverse("commitments:signature_withdraw", kwargs={"signature_id": s}),
        reverse("commitments:strategy_create"),
        reverse("commitments:strategy_edit", kwargs={"strategy_id": st}),
        reverse("commitments:strategy_refresh", kwargs={"strategy_id": st}),
    ]
    return everyone, managers


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pages_by_role(role, org, records) -> None:
    client = client_for(make_member(org, f"role-{role}@example.org", role))
    everyone, managers = pages(records)
    for path in everyone:
        assert client.get(path).status_code == 200, path
    for path in managers:
        expected = {200, 302} if role in MANAGERS else {403}
        assert client.get(path).status_code in expected, (path, role)
    # Posting is refused the same way (and changes nothing).
    if role not in MANAGERS:
        for path in managers:
            assert client.post(path, {"text": "x", "note": "x", "title": "x"}).status_code == 403, path


def test_signed_out_visitors_are_sent_to_sign_in(records) -> None:
    everyone, managers = pages(records)
    for path in everyone + managers:
        response = Client().get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path


def test_another_organisations_records_are_404(records, stranger_client) -> None:
    everyone, managers = pages(records)
    with_ids = [p for p in everyone + managers if any(str(r.pk) in p for r in records.values())]
    assert len(with_ids) == 8
    for path in with_ids:
        assert stranger_client.get(path).status_code == 404, path
        assert stranger_client.post(path, {"text": "x"}).status_code == 404, path


class TestPublicPage:
    def url(self, slug: str = "northby") -> str:
        return reverse("commitments:public", kwargs={"organisation_slug": slug})

    def test_before_anything_is_adopted(self, records) -> None:
        html = Client().get(self.url()).content.decode()
        assert "We are still agreeing this with families and partners." in html
        assert "Co-production happens when" not in html  # a draft is never public

    def test_it_shows_the_adopted_definition_and_public_signatories_only(self, records, lead, seeded, today) -> None:
        services.definition_adopt(actor=lead, version=records["draft"], adopted_on=today)
        services.definition_version_start(actor=lead, organisation=seeded, text="A secret new draft.")
        partner = Partner.objects.create(organisation=seeded, name="Northby Young Carers", kind="charity")
        services.signature_record_partner(
            actor=lead, organisation=seeded, partner=partner, signed_on=today, show_publicly=True
        )
        services.signature_record_person(
            actor=lead,
            organisation=seeded,
            name="Public Parent",
            role_or_organisation="Parent",
            signed_on=today,
            show_publicly=True,
        )
        gone = services.signature_record_person(
            actor=lead, organisation=seeded, name="Withdrawn Parent", signed_on=today, show_publicly=True
        )
        services.signature_withdraw(actor=lead, signature=gone)
        response = Client().get(self.url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Co-production happens when all voices are listened to from the start." in html
        assert f"Agreed on {today:%-d %B %Y}." in html
        assert "We commit." in html
        assert "Northby Young Carers" in html and "Public Parent, Parent" in html
        assert "Aisha" not in html  # signed, but did not agree to be named
        assert "Withdrawn Parent" not in html
        assert "A secret new draft." not in html
        assert "Sign in" in html  # the layout for visitors who are not signed in

    def test_an_unknown_organisation_is_404(self, db) -> None:
        assert Client().get(self.url("nowhere")).status_code == 404

    def test_the_public_page_needs_few_queries(self, records, lead, seeded, today, django_assert_max_num_queries):
        for i in range(30):
            services.signature_record_person(
                actor=lead, organisation=seeded, name=f"P{i}", signed_on=today, show_publicly=True
            )
        with django_assert_max_num_queries(4):
            assert Client().get(self.url()).status_code == 200
