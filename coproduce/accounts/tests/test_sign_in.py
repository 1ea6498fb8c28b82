"""Signing in and out, lockout after repeated failures, closed sign-up, and the staff second factor."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from tests.cast import PASSWORD, client_for


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_staff_sign_in_with_email_and_password(client: Client, admin) -> None:
    response = sign_in(client, "admin@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").context["organisation"].name == "Northby Family Hubs"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, actor=admin).exists()


def test_wrong_password_gets_a_clear_message_and_an_audit_line(client: Client, admin) -> None:
    response = sign_in(client, "admin@example.org", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "The email address or password is not right" in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, object_label="admin@example.org").exists()


def test_lockout_after_five_failures_even_with_the_right_password(client: Client, admin) -> None:
    for _ in range(5):
        sign_in(client, "admin@example.org", "not-the-password")
    response = sign_in(client, "admin@example.org", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "signing in is locked for 15 minutes" in html
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, object_label="admin@example.org").exists()


def test_lockout_is_per_account(client: Client, admin, colleague) -> None:
    for _ in range(5):
        sign_in(client, "admin@example.org", "not-the-password")
    assert sign_in(Client(), "colleague@example.org", PASSWORD).status_code == 302


def test_nobody_can_sign_up_on_their_own(client: Client, db) -> None:
    response = client.get(reverse("account_signup"))
    assert "Accounts are created by invitation" in response.content.decode()
    client.post(reverse("account_signup"), {"email": "new@example.org", "password1": "a-long-enough-password"})
    from coproduce.accounts.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_sign_out(admin) -> None:
    client = client_for(admin)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_OUT, actor=admin).exists()


def test_password_reset_sends_an_email(client: Client, admin, mailoutbox) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "admin@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_sign_in_code_is_emailed(client: Client, admin, mailoutbox) -> None:
    response = client.post(reverse("account_request_login_code"), {"email": "admin@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1


class TestStaffSecondFactor:
    def test_staff_without_an_authenticator_must_set_one_up(self, admin, settings) -> None:
        settings.REQUIRE_STAFF_MFA = True
        response = client_for(admin).get(reverse("organisations:hub_list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))

    def test_staff_with_an_authenticator_carry_on(self, admin, settings) -> None:
        settings.REQUIRE_STAFF_MFA = True
        Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
        assert client_for(admin).get(reverse("organisations:hub_list")).status_code == 200

    def test_account_pages_stay_reachable_to_set_it_up(self, client: Client, admin, settings) -> None:
        settings.REQUIRE_STAFF_MFA = True
        response = sign_in(client, "admin@example.org", PASSWORD)
        assert response.status_code == 302
        follow = client.get(response["Location"], follow=True)
        # Having just typed their password, they go straight to the setup page (no second password prompt).
        assert follow.redirect_chain[-1][0].startswith(reverse("mfa_activate_totp"))
        html = follow.content.decode()
        assert "authenticator_secret" in html
        assert "govuk-service-navigation__list" not in html  # no links away while setting up

    def test_changing_the_second_factor_later_asks_for_the_password_again(self, client: Client, admin) -> None:
        from coproduce.accounts.adapters import SIGNED_IN_AT_SESSION_KEY

        sign_in(client, "admin@example.org", PASSWORD)
        session = client.session
        session[SIGNED_IN_AT_SESSION_KEY] -= 3600  # signed in an hour ago
        session.save()
        response = client.get(reverse("mfa_activate_totp"))
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("mfa_activate_totp"))

    def test_off_means_off(self, admin, settings) -> None:
        settings.REQUIRE_STAFF_MFA = False
        assert client_for(admin).get(reverse("organisations:hub_list")).status_code == 200

    def test_people_without_a_role_are_not_asked(self, db, settings) -> None:
        from coproduce.accounts.models import User

        settings.REQUIRE_STAFF_MFA = True
        parent = User.objects.create_user("parent@example.com", None)
        response = client_for(parent).get("/")
        assert response.status_code == 200
        assert "You are not part of an organisation yet" in response.content.decode()


class TestSecondFactorCannotBeSidestepped:
    def test_no_api_tokens_before_the_authenticator_is_set_up(self, admin, settings) -> None:
        settings.REQUIRE_STAFF_MFA = True
        client = client_for(admin)
        response = client.post(reverse("accounts:token_create"), {"name": "sneaky"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))
        from coproduce.accounts.models import ApiToken

        assert not ApiToken.objects.exists()

    def test_existing_tokens_stop_working_until_it_is_set_up(self, client: Client, admin, hub, settings) -> None:
        from coproduce.accounts.services import api_token_create
        from coproduce.organisations.models import Membership

        _token, raw = api_token_create(membership=Membership.objects.get(user=admin), name="old")
        settings.REQUIRE_STAFF_MFA = True
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
        authenticator = Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
        # django-allauth sends this when an app is set up; it makes the service forget its cached answer.
        authenticator_added.send(sender=Authenticator, request=None, user=admin, authenticator=authenticator)
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    def test_the_django_admin_signs_in_through_our_sign_in_page(self, client: Client, platform_admin) -> None:
        response = client.get("/django-admin/login/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        # And a password posted straight to it does not sign anyone in.
        client.post("/django-admin/login/", {"username": platform_admin.email, "password": PASSWORD})
        assert "_auth_user_id" not in client.session

    def test_the_django_admin_cannot_change_tenant_records(self, platform_admin, hub) -> None:
        client = client_for(platform_admin)
        url = f"/django-admin/organisations/hub/{hub.pk}/change/"
        assert client.get(url).status_code == 200  # a read-only view
        client.post(url, {"name": "Renamed", "kind": "hub", "organisation": hub.organisation_id})
        hub.refresh_from_db()
        assert hub.name == "Northby Central"


def test_sign_ins_appear_on_the_organisations_audit_page(client: Client, admin) -> None:
    sign_in(client, "admin@example.org", "wrong-password")
    sign_in(client, "admin@example.org", PASSWORD)
    html = client.get(reverse("core:audit_log")).content.decode()
    assert "Wrong email address or password" in html
    assert "Signed in" in html


def test_password_changes_are_audited(client: Client, admin) -> None:
    sign_in(client, "admin@example.org", PASSWORD)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-brand-new-password-9", "password2": "a-brand-new-password-9"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(summary="Changed their password", actor=admin).exists()
