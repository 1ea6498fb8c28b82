"""Accepting an emailed invitation: new accounts, existing accounts, and links that no longer work."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.organisations.models import Invitation, Membership, Role
from coproduce.organisations.services import invitation_send
from tests.cast import PASSWORD, client_for, make_member


@pytest.fixture
def invite(org, admin, mailoutbox, django_capture_on_commit_callbacks):
    """Invite an address and return the path of the emailed link."""

    def _invite(email: str = "new.person@example.org", role: str = Role.STAFF) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            invitation_send(actor=admin, organisation=org, email=email, role=role)
        link = re.search(r"http://testserver(/accounts/invitation/\S+/)", mailoutbox[-1].body)
        assert link, mailoutbox[-1].body
        return link.group(1)

    return _invite


def test_a_new_person_creates_an_account_and_joins(client: Client, invite, org) -> None:
    path = invite()
    page = client.get(path)
    assert "Create your account" in page.content.decode()
    response = client.post(
        path,
        {"full_name": "Nia Person", "password": "a-long-new-password-1", "password_again": "a-long-new-password-1"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Nia Person"
    assert Membership.objects.get(user=user).organisation == org
    assert client.get("/").context["organisation"] == org  # signed in, in the organisation
    # The link works once only.
    assert Client().get(path).status_code == 404


def test_create_account_errors_save_nothing(client: Client, invite) -> None:
    path = invite()
    html = client.post(path, {"full_name": "", "password": "short", "password_again": "other"}).content.decode()
    assert "Enter your full name" in html
    assert "The passwords do not match" in html
    html = client.post(
        path, {"full_name": "Nia", "password": "password", "password_again": "password"}
    ).content.decode()
    assert "This password is too short" in html or "too common" in html
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_an_existing_account_signs_in_then_accepts(invite, other_org, org) -> None:
    existing = make_member(other_org, "existing@example.org", Role.ADMIN)
    path = invite(email="existing@example.org", role=Role.VIEWER)
    assert "Sign in to join" in Client().get(path).content.decode()
    client = client_for(existing)
    assert "Accept invitation" in client.get(path).content.decode()
    client.post(path)
    assert Membership.objects.get(user=existing, organisation=org).role == Role.VIEWER
    assert client.get("/").context["organisation"] == org


def test_someone_else_cannot_use_the_link(invite, colleague) -> None:
    path = invite()
    response = client_for(colleague).post(path)
    assert response.status_code == 403
    assert "This invitation is for a different email address" in response.content.decode()
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown"])
def test_links_that_no_longer_work_say_why(client: Client, invite, state: str) -> None:
    path = invite()
    if state == "expired":
        Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        expected = "The link has expired"
    elif state == "revoked":
        Invitation.objects.update(revoked_at=timezone.now())
        expected = "withdrawn"
    else:
        path = "/accounts/invitation/not-a-real-token/"
        expected = "withdrawn"
    response = client.get(path)
    assert response.status_code == 404
    assert expected in response.content.decode()


def test_no_email_is_sent_when_the_change_is_rolled_back(
    org, admin, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                invitation_send(actor=admin, organisation=org, email="x@example.org", role=Role.STAFF)
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_the_secret_is_not_stored(invite) -> None:
    path = invite()
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert PASSWORD not in token
