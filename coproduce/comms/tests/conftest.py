"""Fixtures for the outbox tests: a local fake of GOV.UK Notify (no network) and people who may be contacted."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from coproduce.comms.fake_notify import FakeNotify
from coproduce.comms.models import Message
from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
from coproduce.people.models import Person

EMAIL_TEMPLATE = str(uuid.uuid4())
SMS_TEMPLATE = str(uuid.uuid4())


@pytest.fixture(scope="session")
def fake_notify_server():
    with FakeNotify() as fake:
        yield fake


@pytest.fixture
def notify(fake_notify_server: FakeNotify, settings, monkeypatch) -> FakeNotify:
    """Messages go to the fake Notify for this test."""
    fake_notify_server.reset()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # requests must not send local calls to a proxy
    settings.MESSAGE_BACKEND = "notify"
    settings.NOTIFY_API_KEY = fake_notify_server.api_key
    settings.NOTIFY_BASE_URL = fake_notify_server.url
    settings.NOTIFY_TEMPLATES = {"email": EMAIL_TEMPLATE, "sms": SMS_TEMPLATE}
    return fake_notify_server


def contactable(org, name: str, *, email: str = "", phone: str = "") -> Person:
    person = Person.objects.create(organisation=org, full_name=name, email=email, phone=phone)
    Consent.objects.create(
        organisation=org,
        person=person,
        purpose=Purpose.CONTACT,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.ONLINE,
    )
    return person


@pytest.fixture
def person(org) -> Person:
    return contactable(org, "Aisha Rahman", email="aisha@example.com", phone="07700 900123")


def make_due(message: Message) -> None:
    """Move a waiting message's next attempt to now (instead of waiting for the backoff)."""
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
