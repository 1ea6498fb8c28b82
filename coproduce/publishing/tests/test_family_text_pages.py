"""Texts families read, on the staff pages where they are written: the activity's "what will happen" and a
promise show the plain-English advice and the links to translate them into the organisation's languages."""

from __future__ import annotations

from django.urls import reverse

from coproduce.decisions.tests.conftest import promise
from coproduce.engagement.tests.test_invitations import make_activity
from coproduce.publishing.models import PublicSite
from tests.cast import client_for


def test_an_activity_page_advises_on_its_description_and_offers_translations(org, colleague) -> None:
    PublicSite.objects.create(organisation=org, languages=["ar"])
    activity = make_activity(
        org, description="The SEND team will be consulted by the CCG about the EHCP process.", is_public=True
    )
    text = client_for(colleague).get(reverse("engagement:activity_detail", args=[activity.pk])).content.decode()
    assert "Plain English: some things to check" in text
    assert "Not everyone knows what CCG means" in text
    assert "Translate into Arabic" in text
    assert reverse("public:activity_detail", args=[org.slug, activity.pk]) in text


def test_a_viewer_sees_the_advice_but_no_translation_links(org, viewer) -> None:
    PublicSite.objects.create(organisation=org, languages=["ar"])
    activity = make_activity(org, description="Come and play.")
    text = client_for(viewer).get(reverse("engagement:activity_detail", args=[activity.pk])).content.decode()
    assert "Plain English: easy to read" in text
    assert "Translate into" not in text
    assert "Not shown on your public site" in text


def test_a_promise_page_offers_translations_only_when_the_organisation_has_languages(org, colleague) -> None:
    made = promise(colleague, org, text="We will open on Saturdays")
    client = client_for(colleague)
    url = reverse("decisions:promise_detail", args=[made.pk])
    assert "Translate into" not in client.get(url).content.decode()
    PublicSite.objects.create(organisation=org, languages=["ur", "pl"])
    text = client.get(url).content.decode()
    assert "Translate into Urdu" in text
    assert "Translate into Polish" in text
