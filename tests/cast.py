"""The shared test cast, used everywhere (loaded by the root conftest.py):

- `org` (Northby) and `other_org` (Southby), each with a hub;
- `admin` (Northby administrator), `colleague` (Northby hub staff), `viewer` (Northby viewer);
- `stranger`: an administrator of Southby, who must get 404 for anything of Northby's.
"""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.accounts.models import User
from coproduce.organisations.models import Hub, Membership, Organisation, Role

PASSWORD = "correct-horse-battery-staple"


def make_member(organisation: Organisation, email: str, role: str, full_name: str = "") -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=full_name or email.split("@")[0].title())
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def org(db) -> Organisation:
    return Organisation.objects.create(name="Northby Family Hubs", slug="northby")


@pytest.fixture
def other_org(db) -> Organisation:
    return Organisation.objects.create(name="Southby Family Hubs", slug="southby")


@pytest.fixture
def hub(org: Organisation) -> Hub:
    return Hub.objects.create(organisation=org, name="Northby Central", postcode="NB1 1AA")


@pytest.fixture
def other_hub(other_org: Organisation) -> Hub:
    return Hub.objects.create(organisation=other_org, name="Southby Town")


@pytest.fixture
def admin(org: Organisation) -> User:
    return make_member(org, "admin@example.org", Role.ADMIN, "Amara Admin")


@pytest.fixture
def colleague(org: Organisation) -> User:
    return make_member(org, "colleague@example.org", Role.STAFF, "Colin Colleague")


@pytest.fixture
def viewer(org: Organisation) -> User:
    return make_member(org, "viewer@example.org", Role.VIEWER, "Vera Viewer")


@pytest.fixture
def stranger(other_org: Organisation) -> User:
    return make_member(other_org, "stranger@example.org", Role.ADMIN, "Sid Stranger")


@pytest.fixture
def platform_admin(db) -> User:
    return User.objects.create_superuser("platform@example.org", PASSWORD, full_name="Pat Platform")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_(admin: User) -> Client:
    return client_for(admin)


@pytest.fixture
def colleague_client(colleague: User) -> Client:
    return client_for(colleague)


@pytest.fixture
def stranger_client(stranger: User) -> Client:
    return client_for(stranger)
