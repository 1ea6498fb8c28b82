"""A parent who gets her invitation by text message: the short link in the text opens her reply page on a phone,
and a link that does not work says what to do."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, expect_console_error
from tests.e2e.test_invitations import activity, families  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def test_the_short_link_in_a_text_opens_the_reply_page(new_page, activity, families) -> None:  # noqa: F811
    from django.db import transaction

    from coproduce.comms.models import Channel, Kind
    from coproduce.comms.outbox import message_queue
    from coproduce.engagement.models import Invitation
    from coproduce.engagement.reply_links import reply_url

    selam = families["Selam"]
    invitation = Invitation.objects.create(organisation=activity.organisation, activity=activity, person=selam)
    with transaction.atomic():
        message = message_queue(
            organisation=activity.organisation,
            person=selam,
            channel=Channel.SMS,
            to="07700 900456",
            body=f"Hi Selam, can you come to stay and play? Reply: {reply_url(invitation)}",
            kind=Kind.INVITATION,
            idempotency_key=f"invitation:{invitation.pk}",
        )
    assert len(message.body) <= 160 * 2, message.body
    short = re.findall(r"https?://[^/\s]+(/s/[\w-]{12})", message.body)
    assert len(short) == 2, message.body

    parent = new_page(viewport=PHONE)
    parent.goto(short[0])
    expect(parent).to_have_url(re.compile(r"/r/[^/]+/$"))
    expect(parent.get_by_role("heading", level=1)).to_have_text("Stay and play: what should change?")
    expect(parent.locator("main")).to_contain_text("Hello Selam.")
    check_page(parent)

    response = parent.goto("/s/notarealcode")
    assert response is not None and response.status == 404
    expect(parent.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect_console_error(parent, r"status of 404")
    check_page(parent)
