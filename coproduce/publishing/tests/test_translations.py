"""The translation page: a record's family-facing fields beside their English, into one of the organisation's
languages (right-to-left ones marked as such), saved into `translations` and audited; the links other pages
include."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.decisions.models import Promise
from coproduce.engagement.models import Activity
from coproduce.publishing.models import Offer, OfferVersion
from coproduce.publishing.tests.conftest import write_win
from tests.cast import client_for


def url(kind: str, record, language: str) -> str:
    return reverse("publishing:translate", kwargs={"record_kind": kind, "record_id": record.pk, "language": language})


def test_staff_translate_a_win_into_arabic_right_to_left(staff_client, colleague, org, site) -> None:
    win = write_win(colleague, org)
    page = staff_client.get(url("win", win, "ar"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="ar" dir="rtl"' in html and 'name="story"' in html
    assert "The feeding group now starts at 10:30" in html  # the English beside it
    response = staff_client.post(url("win", win, "ar"), {"title": " مجموعة الرضاعة ", "story": ""})
    assert response["Location"] == reverse("publishing:win_detail", kwargs={"win_id": win.pk})
    win.refresh_from_db()
    assert win.translations == {"ar": {"title": "مجموعة الرضاعة"}}
    assert win.translated("story", "ar") == win.story  # falls back to English
    event = AuditEvent.objects.get(object_id=str(win.pk), summary="Translated into Arabic")
    assert event.changes == {"language": "ar", "fields": ["title"]}


def test_left_to_right_languages_are_marked_so(staff_client, colleague, org, site) -> None:
    html = staff_client.get(url("win", write_win(colleague, org), "pl")).content.decode()
    assert 'lang="pl" dir="ltr"' in html and 'dir="rtl"' not in html


def test_a_language_the_organisation_does_not_publish_in_is_not_found(staff_client, colleague, org, site) -> None:
    win = write_win(colleague, org)
    assert staff_client.get(url("win", win, "ur")).status_code == 404
    assert staff_client.get(url("win", win, "xx")).status_code == 404
    assert staff_client.get(url("unknown", win, "ar")).status_code == 404
    assert staff_client.post(url("win", win, "ur"), {"title": "x"}).status_code == 404


def test_too_long_a_translation_is_refused(staff_client, colleague, org, site) -> None:
    win = write_win(colleague, org)
    response = staff_client.post(url("win", win, "pl"), {"title": "x" * 151, "story": "Tekst"})
    assert response.context["form"].errors["title"] == ["The translation must be 150 characters or fewer"]
    win.refresh_from_db()
    assert win.translations == {}


def test_offer_versions_activities_and_promises_can_be_translated(admin, org, site) -> None:
    from coproduce.projects.models import Project

    project = Project.objects.create(organisation=org, title="Feeding", goal="g")
    offer = Offer.objects.create(organisation=org, title="Start for Life", slug="sfl")
    version = OfferVersion.objects.create(organisation=org, offer=offer, number=1, body="Help for families.")
    activity = Activity.objects.create(
        organisation=org, project=project, title="Feeding cafe", kind="workshop", description="Come along."
    )
    promise = Promise.objects.create(organisation=org, text="We will move the group", owner=admin)
    client = client_for(admin)
    for kind, record, data in (
        ("offer-version", version, {"body": "Pomoc dla rodzin."}),
        ("activity", activity, {"description": "Przyjdź."}),
        ("promise", promise, {"text": "Przeniesiemy grupę", "public_explanation": ""}),
    ):
        assert client.post(url(kind, record, "pl"), data).status_code == 302, kind
        record.refresh_from_db()
        assert record.has_translation("pl"), kind


@pytest.mark.parametrize("kind", ["win", "promise"])
def test_roles_without_the_permission_to_change_the_record_get_403(viewer, colleague, admin, org, site, kind) -> None:
    record = (
        write_win(colleague, org)
        if kind == "win"
        else Promise.objects.create(organisation=org, text="We will", owner=admin)
    )
    client = client_for(viewer)
    assert client.get(url(kind, record, "ar")).status_code == 403
    assert client.post(url(kind, record, "ar"), {"title": "x", "text": "x"}).status_code == 403
    record.refresh_from_db()
    assert record.translations == {}


def test_another_organisations_record_is_not_found(stranger_client, colleague, org, site, other_org) -> None:
    from coproduce.publishing.models import PublicSite

    PublicSite.objects.create(organisation=other_org, languages=["ar"])
    win = write_win(colleague, org)
    assert stranger_client.get(url("win", win, "ar")).status_code == 404
    assert stranger_client.post(url("win", win, "ar"), {"title": "x"}).status_code == 404


def test_the_links_include_says_which_languages_are_done(colleague, org, site) -> None:
    win = write_win(colleague, org)
    win.translations = {"ar": {"title": "عنوان"}}
    win.save()
    request = RequestFactory().get("/")
    request.organisation = org
    html = Template('{% include "publishing/_translations_links.html" with record=win kind="win" %}').render(
        Context({"request": request, "win": win})
    )
    assert 'Translate into Arabic</a> <strong class="govuk-tag govuk-tag--green">Done' in html
    assert 'Translate into Polish</a> <strong class="govuk-tag govuk-tag--grey">Not yet' in html
    assert url("win", win, "ar") in html
