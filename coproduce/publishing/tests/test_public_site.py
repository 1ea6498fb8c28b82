"""The public site's settings: made on first use, changed by administrators and leads only, languages from the
list, audited."""

from __future__ import annotations

from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.publishing.models import PublicSite
from coproduce.publishing.services import public_site_for

URL = reverse("publishing:public_site_settings")
SETTINGS = {
    "get_involved": "Anyone bringing up children in Northby can take part.",
    "contact_email": "getinvolved@northby.example.org",
    "contact_phone": "01632 960 100",
    "contact_text_number": "07700 900 100",
    "languages": ["ar", "pl"],
    "accessibility_contact": "The hubs team",
    "privacy_notice_url": "https://northby.example.org/privacy",
}


def test_public_site_for_makes_it_once(org) -> None:
    site = public_site_for(org)
    assert public_site_for(org) == site and PublicSite.objects.count() == 1


def test_a_lead_changes_the_settings(lead_client, org) -> None:
    page = lead_client.get(URL)
    assert page.status_code == 200 and "Arabic (العربية)" in page.content.decode()
    assert lead_client.post(URL, SETTINGS).status_code == 302
    site = PublicSite.objects.get(organisation=org)
    assert site.languages == ["ar", "pl"] and site.contact_email == SETTINGS["contact_email"]
    event = AuditEvent.objects.get(object_id=str(site.pk))
    assert "languages" in event.changes["fields"]


def test_bad_settings_are_explained_and_not_saved(lead_client, org) -> None:
    response = lead_client.post(
        URL, {**SETTINGS, "contact_email": "not an email", "languages": ["xx"], "privacy_notice_url": "no spaces ok"}
    )
    errors = response.context["form"].errors
    assert errors["contact_email"] == ["Enter an email address in the correct format, like name@example.org"]
    assert errors["languages"] == ["Choose languages from the list"]
    assert "privacy_notice_url" in errors
    assert PublicSite.objects.get(organisation=org).languages == []


def test_staff_cannot_change_the_settings(staff_client, org) -> None:
    assert staff_client.get(URL).status_code == 403
    assert staff_client.post(URL, SETTINGS).status_code == 403
    assert not PublicSite.objects.filter(organisation=org, languages=["ar", "pl"]).exists()


def test_each_organisation_has_its_own_settings(stranger_client, site) -> None:
    assert stranger_client.post(URL, SETTINGS).status_code == 302
    site.refresh_from_db()
    assert site.contact_email == ""  # Northby's are untouched
