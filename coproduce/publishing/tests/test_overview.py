"""The staff overview of the public site: what families can see, counted for this organisation only."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from coproduce.publishing.models import Offer, OfferVersion, Win
from tests.cast import client_for


def _win(org, title: str, *, published: bool) -> Win:
    return Win.objects.create(
        organisation=org,
        title=title,
        story="S",
        happened_on=dt.date(2026, 3, 4),
        published_at=timezone.now() if published else None,
    )


def test_it_counts_this_organisations_wins_and_flags_offers_due_a_review(
    org, other_org, viewer, django_assert_max_num_queries
) -> None:
    _win(org, "One", published=True)
    _win(org, "Two", published=False)
    _win(other_org, "Theirs", published=True)
    offer = Offer.objects.create(organisation=org, title="Start for Life", slug="start-for-life")
    OfferVersion.objects.create(
        organisation=org,
        offer=offer,
        number=1,
        body="Help",
        reviewed_on=timezone.localdate() - dt.timedelta(days=400),
        published_at=timezone.now(),
    )
    client = client_for(viewer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("publishing:overview"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 published, 1 draft" in text
    assert "1 offer has not been reviewed for more than 6 months" in text
    assert reverse("public:home", kwargs={"organisation_slug": org.slug}) in text
    # A viewer sees no newsletter figures and cannot change the settings.
    assert reverse("newsletter:home") not in text
    assert reverse("publishing:public_site_settings") not in text


def test_a_lead_is_offered_the_settings_and_the_newsletter(org, admin) -> None:
    response = client_for(admin).get(reverse("publishing:overview"))
    text = response.content.decode()
    assert reverse("newsletter:home") in text
    assert reverse("publishing:public_site_settings") in text
    assert "Not set: families will not know how to reach you" in text


def test_it_needs_sign_in(client) -> None:
    response = client.get(reverse("publishing:overview"))
    assert response.status_code == 302


def test_wins_glossary_offers_and_the_newsletter_sit_under_public_site_in_the_navigation(admin) -> None:
    client = client_for(admin)
    for name in ("publishing:win_list", "publishing:glossary_list", "publishing:offer_list", "newsletter:home"):
        response = client.get(reverse(name))
        current = [item["text"] for item in response.context["nav_items"] if item["current"]]
        assert current == ["Public site"], name
