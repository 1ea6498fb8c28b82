"""The fake Notify checks tokens the way Notify does, so a wrongly built request fails here as it would there."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from coproduce.comms.fake_notify import FakeNotify


@pytest.fixture
def fake(fake_notify_server: FakeNotify, monkeypatch) -> FakeNotify:
    fake_notify_server.reset()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return fake_notify_server


def test_the_real_client_can_send_and_find_by_reference(fake: FakeNotify) -> None:
    client = NotificationsAPIClient(fake.api_key, base_url=fake.url)
    response = client.send_email_notification(
        email_address="a@example.com", template_id=str(uuid.uuid4()), personalisation={"body": "Hi"}, reference="r1"
    )
    found = client.get_all_notifications(reference="r1")["notifications"]
    assert [n["id"] for n in found] == [response["id"]]
    assert client.get_notification_by_id(response["id"])["status"] == "created"
    assert client.get_all_notifications(reference="other")["notifications"] == []


def test_a_key_with_the_wrong_secret_is_refused(fake: FakeNotify) -> None:
    client = NotificationsAPIClient(f"fake_key-{fake.service_id}-{uuid.uuid4()}", base_url=fake.url)
    with pytest.raises(HTTPError) as error:
        client.get_all_notifications()
    assert error.value.status_code == 403


def test_a_stale_token_is_refused(fake: FakeNotify) -> None:
    token = jwt.encode({"iss": fake.service_id, "iat": int(time.time()) - 120}, fake.secret, algorithm="HS256")
    status, body = fake.handle("GET", "/v2/notifications", {"Authorization": f"Bearer {token}"}, b"")
    assert status == 403
    assert "clock" in body["errors"][0]["message"]


def test_it_can_be_told_to_fail(fake: FakeNotify) -> None:
    client = NotificationsAPIClient(fake.api_key, base_url=fake.url)
    fake.fail_next(1, 503)
    with pytest.raises(HTTPError) as error:
        client.get_all_notifications()
    assert error.value.status_code == 503
    assert client.get_all_notifications()["notifications"] == []
