"""Wins (published only, translated, a photo only while everyone in it agrees, served by a view that checks again
on every request) and published offers (latest published version, never a draft, with a print layout)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.consent import services as consent_services
from coproduce.consent.models import Consent, Purpose
from coproduce.publishing import offers, services
from coproduce.publishing.tests.conftest import JPEG_BYTES, write_win


def url(name: str, slug: str = "northby", **kwargs) -> str:
    return reverse(f"public:{name}", kwargs={"organisation_slug": slug, **kwargs})


@pytest.fixture
def photographed(org, admin):
    from coproduce.people.models import Person

    someone = Person.objects.create(organisation=org, full_name="Precious Quartey")
    consent_services.consent_give(person=someone, purpose=Purpose.PHOTOS, method="online", actor=admin)
    return someone


@pytest.fixture
def published_win(org, admin, photographed):
    win = write_win(admin, org, photo=JPEG_BYTES, people=[photographed])
    win.translations = {"ar": {"title": "المجموعة تبدأ الآن"}}
    win.save()
    return services.win_publish(actor=admin, win=win)


class TestWins:
    def test_only_published_wins_are_shown(self, org, admin, published_win) -> None:
        write_win(admin, org, title="A draft win nobody should see")
        html = Client().get(url("win_list")).content.decode()
        assert "The feeding group now starts at 10:30" in html
        assert "A draft win nobody should see" not in html

    def test_the_photo_shows_with_its_description(self, org, published_win) -> None:
        html = Client().get(url("win_list")).content.decode()
        photo = url("win_photo", win_id=published_win.pk)
        assert f'src="{photo}" alt="Parents and babies at the feeding group"' in html
        response = Client().get(photo)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content) == JPEG_BYTES
        assert "no-cache" in response["Cache-Control"] and "max-age=300" not in response["Cache-Control"]

    def test_the_photo_is_revalidated_cheaply(self, org, published_win) -> None:
        photo = url("win_photo", win_id=published_win.pk)
        etag = Client().get(photo)["ETag"]
        assert Client().get(photo, headers={"if-none-match": etag}).status_code == 304

    def test_the_photo_goes_when_consent_is_withdrawn(self, org, admin, published_win, photographed) -> None:
        photo = url("win_photo", win_id=published_win.pk)
        etag = Client().get(photo)["ETag"]
        consent = Consent.objects.get(person=photographed, purpose=Purpose.PHOTOS)
        consent_services.consent_withdraw(consent=consent, actor=admin, via="staff")
        assert Client().get(photo).status_code == 404
        assert Client().get(photo, headers={"if-none-match": etag}).status_code == 404  # not a 304
        html = Client().get(url("win_list")).content.decode()
        assert photo not in html and "The feeding group now starts at 10:30" in html

    def test_an_unpublished_or_other_organisations_win_photo_is_404(self, org, admin, published_win) -> None:
        draft = write_win(admin, org, photo=JPEG_BYTES, people=[], no_one_identifiable=True)
        assert Client().get(url("win_photo", win_id=draft.pk)).status_code == 404
        assert Client().get(url("win_photo", "southby", win_id=published_win.pk)).status_code == 404
        services.win_publish(actor=admin, win=published_win, publish=False)
        assert Client().get(url("win_photo", win_id=published_win.pk)).status_code == 404

    def test_a_win_is_shown_translated(self, org, site, published_win) -> None:
        html = Client().get(url("win_list") + "?lang=ar").content.decode()
        assert 'lang="ar" dir="rtl">المجموعة تبدأ الآن</h2>' in html
        # The story has no Arabic: shown in English, without a lang attribute of Arabic.
        assert '<div class="govuk-body"><p>You told us 9:30' in html

    def test_the_list_needs_the_same_queries_for_5_or_50(
        self, org, admin, photographed, django_assert_num_queries
    ) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def add(count: int) -> None:
            for i in range(count):
                win = write_win(admin, org, title=f"Win {i}", photo=JPEG_BYTES, people=[photographed])
                services.win_publish(actor=admin, win=win)

        add(5)
        with CaptureQueriesContext(connection) as five:
            Client().get(url("win_list"))
        add(45)
        with django_assert_num_queries(len(five)):
            Client().get(url("win_list"))


@pytest.fixture
def offer(org, admin):
    made = offers.offer_create(actor=admin, organisation=org, title="Start for Life", summary="From pregnancy to 2")
    first = offers.offer_version_create(
        actor=admin,
        offer=made,
        body="## Feeding\n\n- Feeding cafe on Tuesdays\n\nAsk at any hub.",
        co_produced_with="12 parents from the Northby forum",
    )
    offers.offer_version_publish(actor=admin, version=first)
    offers.offer_version_create(actor=admin, offer=made, body="A secret draft of version 2.")
    return made


class TestOffers:
    def test_the_list_shows_published_offers_only(self, org, admin, offer) -> None:
        offers.offer_create(actor=admin, organisation=org, title="Unpublished offer")
        html = Client().get(url("offer_list")).content.decode()
        assert "Start for Life" in html and "Last reviewed" in html
        assert "Unpublished offer" not in html

    def test_the_page_shows_the_latest_published_version_never_the_draft(self, org, offer) -> None:
        html = Client().get(url("offer_detail", offer_slug=offer.slug)).content.decode()
        assert '<h2 class="govuk-heading-m">Feeding</h2>' in html and "<li>Feeding cafe on Tuesdays</li>" in html
        assert "12 parents from the Northby forum" in html
        assert "Last reviewed" in html and ">1</dd>" in html
        assert "secret draft" not in html
        assert 'href="?print=1"' in html and "Print this page" in html

    def test_the_print_layout_has_no_navigation(self, org, site, offer) -> None:
        html = Client().get(url("offer_detail", offer_slug=offer.slug) + "?print=1").content.decode()
        assert "Feeding cafe on Tuesdays" in html
        assert "govuk-service-navigation" not in html and "govuk-footer" not in html
        assert '<script type="module"' not in html
        assert f"http://testserver{url('offer_detail', offer_slug=offer.slug)}" in html

    def test_an_unknown_unpublished_or_other_organisations_offer_is_404(self, org, admin, other_org, offer) -> None:
        draft_only = offers.offer_create(actor=admin, organisation=org, title="Draft only")
        offers.offer_version_create(actor=admin, offer=draft_only, body="Not yet.")
        assert Client().get(url("offer_detail", offer_slug=draft_only.slug)).status_code == 404
        assert Client().get(url("offer_detail", offer_slug="nothing-here")).status_code == 404
        assert Client().get(url("offer_detail", "southby", offer_slug=offer.slug)).status_code == 404
