"""Published offers: starting one, writing versions (the next starts from the latest text), changing a draft,
publishing it, never changing a published version, marking the current version as reviewed, the list in a fixed
number of queries, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.publishing import offers
from coproduce.publishing.models import Offer, OfferVersion
from tests.cast import client_for

CREATE = reverse("publishing:offer_create")
LIST = reverse("publishing:offer_list")
BODY = "Every family can get help.\n\n## Feeding your baby\n- Baby feeding cafe: Tuesdays"


@pytest.fixture
def offer(org) -> Offer:
    return Offer.objects.create(organisation=org, title="Our Start for Life offer", slug="start-for-life")


def _published(offer, number=1, body=BODY, reviewed=None) -> OfferVersion:
    return OfferVersion.objects.create(
        organisation=offer.organisation,
        offer=offer,
        number=number,
        body=body,
        co_produced_with="14 parents",
        published_at=timezone.now(),
        reviewed_on=reviewed or dt.date(2026, 1, 5),
    )


def test_staff_start_an_offer_and_write_its_first_version(staff_client, colleague, org) -> None:
    response = staff_client.post(CREATE, {"title": "Our Start for Life offer", "slug": "", "summary": "Help to age 2"})
    offer = Offer.objects.get()
    assert offer.slug == "our-start-for-life-offer" and offer.organisation == org
    assert response["Location"] == reverse("publishing:offer_version_create", kwargs={"offer_id": offer.pk})
    response = staff_client.post(response["Location"], {"body": BODY, "co_produced_with": "14 parents"})
    version = offer.versions.get()
    assert response["Location"] == reverse("publishing:offer_version_detail", kwargs={"offer_version_id": version.pk})
    assert (version.number, version.is_published, version.created_by) == (1, False, colleague)
    page = staff_client.get(response["Location"]).content.decode()
    assert '<h3 class="govuk-heading-s">Feeding your baby</h3>' in page
    assert "Publish this version" in page and "Plain English" in page


def test_offer_addresses_are_checked_and_unique_per_organisation(staff_client, offer, other_org) -> None:
    Offer.objects.create(organisation=other_org, title="Theirs", slug="theirs")
    response = staff_client.post(CREATE, {"title": "Again", "slug": "start-for-life"})
    assert response.context["form"].errors["slug"] == [
        "Another of your offers already has this address: choose another"
    ]
    response = staff_client.post(CREATE, {"title": "", "slug": "not/ok"})
    errors = response.context["form"].errors
    assert errors["title"] == ["Enter a title for the offer"] and "hyphens" in errors["slug"][0]
    assert staff_client.post(CREATE, {"title": "Theirs too", "slug": "theirs"}).status_code == 302
    assert Offer.objects.filter(organisation=offer.organisation).count() == 2


def test_a_new_version_starts_from_the_latest_text_and_families_keep_the_published_one(staff_client, offer) -> None:
    first = _published(offer)
    url = reverse("publishing:offer_version_create", kwargs={"offer_id": offer.pk})
    form = staff_client.get(url).context["form"]
    assert form["body"].value() == BODY and form["co_produced_with"].value() == "14 parents"
    staff_client.post(url, {"body": BODY + "\n- Call a feeding helper", "co_produced_with": "14 parents"})
    draft = offer.versions.get(number=2)
    assert not draft.is_published and offers.current_version(offer) == first
    # A second "new version" while the draft exists goes to the draft.
    assert staff_client.get(url)["Location"] == reverse(
        "publishing:offer_version_edit", kwargs={"offer_version_id": draft.pk}
    )


def test_an_empty_version_is_refused(staff_client, offer) -> None:
    url = reverse("publishing:offer_version_create", kwargs={"offer_id": offer.pk})
    response = staff_client.post(url, {"body": "  "})
    assert response.context["form"].errors["body"] == ["Write the text of the offer"]
    assert not offer.versions.exists()


def test_a_draft_can_be_changed_then_published(staff_client, offer) -> None:
    _published(offer)
    draft = OfferVersion.objects.create(organisation=offer.organisation, offer=offer, number=2, body="Old draft")
    edit = reverse("publishing:offer_version_edit", kwargs={"offer_version_id": draft.pk})
    assert staff_client.post(edit, {"body": "New draft", "co_produced_with": "Parents"}).status_code == 302
    draft.refresh_from_db()
    assert draft.body == "New draft"
    publish = reverse("publishing:offer_version_publish", kwargs={"offer_version_id": draft.pk})
    assert staff_client.get(publish).status_code == 405
    staff_client.post(publish)
    draft.refresh_from_db()
    assert draft.is_published and draft.reviewed_on == timezone.localdate()
    assert offers.current_version(offer) == draft
    assert AuditEvent.objects.filter(object_id=str(draft.pk), summary="Published version 2 of an offer").exists()


def test_a_published_version_is_never_changed(staff_client, colleague, offer) -> None:
    version = _published(offer)
    edit = reverse("publishing:offer_version_edit", kwargs={"offer_version_id": version.pk})
    response = staff_client.post(edit, {"body": "Rewritten", "co_produced_with": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:offer_version_detail", kwargs={"offer_version_id": version.pk})
    version.refresh_from_db()
    assert version.body == BODY
    with pytest.raises(ValidationError, match="cannot be changed"):
        offers.offer_version_update(actor=colleague, version=version, body="Rewritten")
    with pytest.raises(ValidationError, match="already published"):
        offers.offer_version_publish(actor=colleague, version=version)
    version.body = "Rewritten behind the services' back"
    with pytest.raises(PermissionError):
        version.save()
    version.refresh_from_db()
    assert version.body == BODY
    # Its translations and review date may still change.
    version.translations = {"pl": {"body": "Tekst"}}
    version.save(update_fields=["translations", "updated_at"])


def test_marking_the_current_version_as_reviewed_records_today_and_is_audited(staff_client, offer) -> None:
    old = _published(offer, 1)
    current = _published(offer, 2)
    review = reverse("publishing:offer_version_review", kwargs={"offer_version_id": current.pk})
    staff_client.post(review)
    current.refresh_from_db()
    assert current.reviewed_on == timezone.localdate()
    assert AuditEvent.objects.filter(object_id=str(current.pk), summary__contains="reviewed").exists()
    page = staff_client.get(reverse("publishing:offer_detail", kwargs={"offer_id": offer.pk})).content.decode()
    assert timezone.localdate().strftime("%-d %B %Y") in page.split('id="last-reviewed"')[1][:80]
    assert "14 parents" in page
    # An older version is not what families see: it cannot be marked as reviewed.
    staff_client.post(reverse("publishing:offer_version_review", kwargs={"offer_version_id": old.pk}))
    old.refresh_from_db()
    assert old.reviewed_on == dt.date(2026, 1, 5)


def test_the_list_shows_each_offer_in_one_query(staff_client, org, django_assert_max_num_queries) -> None:
    for number in range(8):
        offer = Offer.objects.create(organisation=org, title=f"Offer {number}", slug=f"offer-{number}")
        if number % 2:
            _published(offer, 1)
        OfferVersion.objects.create(organisation=org, offer=offer, number=2, body="Draft")
    with django_assert_max_num_queries(6):
        response = staff_client.get(LIST)
    html = response.content.decode()
    assert html.count("Not published yet") == 4
    assert html.count("Version 2 is a draft") == 8
    assert html.count("5 January 2026") == 4


def test_viewers_read_offers_but_cannot_change_them(viewer, offer) -> None:
    version = _published(offer)
    client = client_for(viewer)
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("publishing:offer_detail", kwargs={"offer_id": offer.pk})).status_code == 200
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("publishing:offer_version_create", kwargs={"offer_id": offer.pk})).status_code == 403
    review = reverse("publishing:offer_version_review", kwargs={"offer_version_id": version.pk})
    assert client.post(review).status_code == 403
    version.refresh_from_db()
    assert version.reviewed_on == dt.date(2026, 1, 5)


def test_another_organisations_offer_is_not_found(stranger_client, offer) -> None:
    version = _published(offer)
    assert stranger_client.get(reverse("publishing:offer_detail", kwargs={"offer_id": offer.pk})).status_code == 404
    assert (
        stranger_client.post(
            reverse("publishing:offer_version_review", kwargs={"offer_version_id": version.pk})
        ).status_code
        == 404
    )
    assert "Our Start for Life offer" not in stranger_client.get(LIST).content.decode()


def test_changing_an_offer_title_and_address(staff_client, offer) -> None:
    url = reverse("publishing:offer_edit", kwargs={"offer_id": offer.pk})
    response = staff_client.post(url, {"title": "Start for Life", "slug": ""})
    assert "Enter the last part" in response.context["form"].errors["slug"][0]
    assert staff_client.post(url, {"title": "Start for Life", "slug": "start-for-life-2"}).status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.slug) == ("Start for Life", "start-for-life-2")
