from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent


def test_change_your_name(admin_client_: Client, admin) -> None:
    admin_client_.post(reverse("accounts:account"), {"full_name": "Amara Okafor"})
    admin.refresh_from_db()
    assert admin.full_name == "Amara Okafor"
    assert AuditEvent.objects.filter(action="update", object_id=str(admin.pk)).exists()


def test_an_empty_name_is_refused(admin_client_: Client, admin) -> None:
    html = admin_client_.post(reverse("accounts:account"), {"full_name": ""}).content.decode()
    assert "Enter your full name" in html and "govuk-error-summary" in html
    admin.refresh_from_db()
    assert admin.full_name == "Amara Admin"


def test_the_account_page_lists_your_organisations(admin_client_: Client) -> None:
    html = admin_client_.get(reverse("accounts:account")).content.decode()
    assert "Northby Family Hubs" in html and "Administrator" in html


def test_signed_out_people_are_sent_to_sign_in(client: Client, db) -> None:
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
