"""The messages families get about activities pass the plain-English checker: no unexplained acronyms, no long
sentences, and (for the invitation and the confirmation) a reading age at or under the target of 9."""

from __future__ import annotations

import pytest

from coproduce.analysis.plain_english import check_text
from coproduce.comms.models import Message
from coproduce.engagement.messages import (
    activity_cancellation_messages_queue,
    confirmation_message_queue,
    invitation_message_queue,
    waiting_list_place_message_queue,
)
from coproduce.engagement.models import JoinWay, Reply
from coproduce.engagement.tests.test_messages import REPLY_URL, activity, invite, make_parent, parent  # noqa: F401


def _checked(message: Message):
    report = check_text(message.body)
    assert not report.unexplained_acronyms, [a.acronym for a in report.unexplained_acronyms]
    assert not report.long_sentences, [s.text for s in report.long_sentences]
    return report


@pytest.mark.parametrize("reply", [Reply.INVITED, Reply.YES])
def test_the_invitation_and_the_confirmation_are_plain(activity, parent, reply) -> None:  # noqa: F811
    invitation = invite(activity, parent, reply=reply, joining=JoinWay.IN_PERSON if reply == Reply.YES else "")
    queue = invitation_message_queue if reply == Reply.INVITED else confirmation_message_queue
    report = _checked(queue(invitation, reply_url=REPLY_URL))
    assert report.meets_target, report.reading_age


def test_a_waiting_list_place_and_a_cancellation_are_plain(org, activity) -> None:  # noqa: F811
    person = make_parent(org, "Nadia Waiting", email="nadia@example.com")
    invitation = invite(activity, person, reply=Reply.YES)
    _checked(waiting_list_place_message_queue(invitation, reply_url=REPLY_URL))
    activity.cancelled_reason = "The room flooded."
    activity.save(update_fields=["cancelled_reason"])
    assert activity_cancellation_messages_queue(activity) == 1
    _checked(Message.objects.get(kind="cancellation"))
