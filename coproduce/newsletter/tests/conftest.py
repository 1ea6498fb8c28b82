"""Fixtures of the newsletter tests, on top of the shared cast (tests/cast.py): subscribers in each state, and
things to put in an issue (a published win, a promise, a public activity)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from coproduce.comms.models import Kind, Message
from coproduce.decisions.models import Promise
from coproduce.engagement.models import Activity
from coproduce.newsletter.models import Subscriber, email_hash
from coproduce.organisations.models import Role
from coproduce.projects.models import Project
from coproduce.publishing.models import Win
from tests.cast import client_for, make_member


@pytest.fixture(autouse=True)
def _empty_cache():
    # The sign-up rate limits live in the cache.
    cache.clear()
    yield
    cache.clear()


def subscriber(org, email: str, status: str = Subscriber.Status.CONFIRMED, **fields) -> Subscriber:
    now = timezone.now()
    return Subscriber.objects.create(
        organisation=org,
        email="" if status == Subscriber.Status.UNSUBSCRIBED else email,
        email_hash=email_hash(org.pk, email),
        status=status,
        confirmation_sent_at=now,
        confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
        **fields,
    )


def newsletter_messages(kind: str = Kind.NEWSLETTER):
    return Message.objects.filter(kind=kind)


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Lee Lead")


@pytest.fixture
def lead_client(lead):
    return client_for(lead)


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Better drop-ins", goal="Drop-ins families can get to")


@pytest.fixture
def win(org, project) -> Win:
    return Win.objects.create(
        organisation=org,
        project=project,
        title="Buggy parking at the Central hub",
        story="Parents asked for somewhere to leave buggies. Now there is a covered space by the door.",
        happened_on=timezone.localdate(),
        published_at=timezone.now(),
    )


@pytest.fixture
def promise(org, admin) -> Promise:
    return Promise.objects.create(
        organisation=org, text="We will open on Saturday mornings", owner=admin, due_date=timezone.localdate()
    )


@pytest.fixture
def activity(org, project) -> Activity:
    return Activity.objects.create(
        organisation=org,
        project=project,
        title="Stay and play feedback session",
        kind="workshop",
        is_public=True,
        starts_at=timezone.now() + dt.timedelta(days=10),
        join_online=True,
    )
