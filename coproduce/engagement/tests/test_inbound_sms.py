"""Text-message replies to a poll: reading what people send (examples and property-based tests), matching their
number, and GOV.UK Notify's received-text callback."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import assume, given
from hypothesis import strategies as st

from coproduce.comms.models import Message
from coproduce.engagement.inbound_sms import normalise_number, parse_reply
from coproduce.engagement.models import Activity, Invitation, Poll, PollAnswer
from coproduce.engagement.services import polls as services
from coproduce.engagement.tests import test_polls as shared

# The poll fixtures of test_polls.py: an activity with four parents invited, and a poll with three times.
activity, parents, poll, project = shared.activity, shared.parents, shared.poll, shared.project

Y, M, N = "yes", "if_need_be", "no"


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("1 3", 3, {1: Y, 2: N, 3: Y}),
        ("1,3", 3, {1: Y, 2: N, 3: Y}),
        ("1 and 3", 3, {1: Y, 2: N, 3: Y}),
        ("13", 3, {1: Y, 2: N, 3: Y}),
        ("1st and 3rd please", 3, {1: Y, 2: N, 3: Y}),
        ("one and three", 3, {1: Y, 2: N, 3: Y}),
        ("1 2?", 3, {1: Y, 2: M, 3: N}),
        ("2 maybe", 3, {1: N, 2: M, 3: N}),
        ("2 if need be", 3, {1: N, 2: M, 3: N}),
        ("3 at a push, 1", 3, {1: Y, 2: N, 3: M}),
        ("1 2 2?", 3, {1: Y, 2: Y, 3: N}),
        ("Yes please 2 thanks x", 3, {1: N, 2: Y, 3: N}),
        ("none", 3, {1: N, 2: N, 3: N}),
        ("No", 3, {1: N, 2: N, 3: N}),
        ("Sorry can't do any of them", 3, None),
        ("NONE", 2, {1: N, 2: N}),
        ("all", 2, {1: Y, 2: Y}),
        ("10", 10, {**dict.fromkeys(range(1, 10), N), 10: Y}),
        ("4", 3, None),
        ("maybe 2", 3, None),
        ("1 none", 3, None),
        ("Who is this?", 3, None),
        ("", 3, None),
        ("1 3", 0, None),
    ],
)
def test_replies_people_send(text: str, count: int, expected) -> None:
    assert parse_reply(text, count) == expected


slot_counts = st.integers(min_value=1, max_value=10)
separators = st.sampled_from([" ", ", ", ",", " and ", "  ", " & ", "\n", ". "])


@st.composite
def plain_reply(draw):
    """A reply listing some slots, some with "?", in any order and with any separators."""
    count = draw(slot_counts)
    chosen = draw(st.lists(st.integers(1, count), min_size=1, unique=True))
    maybe = draw(st.sets(st.sampled_from(chosen)))
    parts = [f"{n}?" if n in maybe else str(n) for n in chosen]
    text = parts[0]
    for part in parts[1:]:
        text += draw(separators) + part
    return text, count, set(chosen), maybe


@given(plain_reply())
def test_the_numbers_listed_are_yes_or_if_need_be_and_every_other_slot_is_no(case) -> None:
    text, count, chosen, maybe = case
    result = parse_reply(text, count)
    assert result is not None, text
    assert set(result) == set(range(1, count + 1))
    for number, answer in result.items():
        assert answer == (M if number in maybe else Y if number in chosen else N)


@given(st.text(max_size=80), slot_counts)
def test_any_text_gives_an_answer_for_every_slot_or_none_at_all(text: str, count: int) -> None:
    result = parse_reply(text, count)
    assert result is None or (set(result) == set(range(1, count + 1)) and set(result.values()) <= {Y, M, N})


@given(plain_reply(), st.sampled_from(["none", "no", "all"]))
def test_none_or_all_together_with_numbers_is_not_understood(case, word: str) -> None:
    text, count, _chosen, _maybe = case
    assert parse_reply(f"{text} {word}", count) is None


@given(slot_counts, st.integers(min_value=1, max_value=99))
def test_a_number_that_is_not_a_slot_is_not_understood(count: int, number: int) -> None:
    # "13" with 3 slots reads as 1 and 3, so leave out numbers made only of slot digits.
    assume(number > count and not (count < 10 and all(1 <= int(d) <= count for d in str(number))))
    assert parse_reply(f"1 {number}", count) is None


@given(plain_reply())
def test_case_and_surrounding_politeness_change_nothing(case) -> None:
    text, count, _chosen, _maybe = case
    assert parse_reply(f"Hi, {text.upper()} thanks x", count) == parse_reply(text, count)


def test_numbers_are_compared_in_one_form() -> None:
    assert normalise_number("447700900123") == "+447700900123"  # as Notify sends it
    assert normalise_number("07700 900123") == "+447700900123"  # as people's records keep it
    assert normalise_number("+44 7700 900123") == "+447700900123"
    assert normalise_number("not a number") is None
    assert normalise_number("") is None


# The callback.

HOOK = reverse("engagement:notify_received_text")
TOKEN = "inbound-test-token"


@pytest.fixture
def hook(settings):
    settings.NOTIFY_INBOUND_TOKEN = TOKEN

    def post(content: str, number: str = "447700900123", token: str = TOKEN):
        body = {"id": "x", "source_number": number, "destination_number": "07700900000", "content": content}
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return Client().post(HOOK, json.dumps(body), content_type="application/json", **headers)

    return post


def test_a_text_reply_records_the_answers_of_the_person_we_texted(poll, parents, hook) -> None:
    bogdan = parents["bogdan"]
    assert Message.objects.filter(person=bogdan, channel="sms").exists()
    response = hook("1 3?")
    assert response.status_code == 200 and response.json() == {"result": "recorded"}
    saved = PollAnswer.objects.filter(person=bogdan).order_by("slot__starts_at")
    assert [(a.answer, a.via) for a in saved] == [(Y, "text"), (N, "text"), (M, "text")]
    # A second text changes the answers.
    hook("2")
    assert list(
        PollAnswer.objects.filter(person=bogdan).order_by("slot__starts_at").values_list("answer", flat=True)
    ) == [
        N,
        Y,
        N,
    ]


def test_a_reply_we_cannot_understand_records_nothing_and_is_logged(poll, parents, hook, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="coproduce.engagement.services.polls"):
        response = hook("Is there a crèche?")
    assert response.status_code == 200 and response.json() == {"result": "not_understood"}
    assert not PollAnswer.objects.exists()
    assert "could not be understood" in caplog.text and "crèche" not in caplog.text
    assert Message.objects.filter(channel="sms").count() == 1  # nothing sent back


def test_a_reply_from_a_number_we_did_not_text_records_nothing(poll, parents, hook) -> None:
    # Dee has a number but asked for phone calls, so was not texted.
    assert hook("1", number="447700900456").json() == {"result": "unknown_number"}
    assert hook("1", number="rubbish").json() == {"result": "unknown_number"}
    assert not PollAnswer.objects.exists()


def test_a_reply_after_the_poll_closed_records_nothing(poll, parents, hook) -> None:
    Poll.objects.filter(pk=poll.pk).update(status=Poll.Status.CLOSED)
    assert hook("1").json() == {"result": "closed"}
    assert not PollAnswer.objects.exists()


def test_the_newest_poll_sent_to_the_number_gets_the_reply(org, poll, parents, colleague, hook, project) -> None:
    later = Activity.objects.create(organisation=org, project=project, title="Second session", kind="workshop")
    Invitation.objects.create(organisation=org, activity=later, person=parents["bogdan"])
    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    second = services.poll_create(
        actor=colleague, activity=later, question="", closes_on=poll.closes_on, slots=shared.SLOTS[:2]
    )
    hook("2")
    assert set(PollAnswer.objects.values_list("slot__poll", flat=True)) == {second.pk}


def test_a_reply_after_another_text_is_not_taken_as_a_poll_answer(org, poll, parents, hook, project, caplog) -> None:
    """Our last text to Bogdan was an invitation ("Tell us yes, no or maybe here: <link>"): a texted "no" is about
    that, not "no" to every time in the poll."""
    from coproduce.engagement.messages import invitation_message_queue

    bogdan = parents["bogdan"]
    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    later = Activity.objects.create(organisation=org, project=project, title="Second session", kind="workshop")
    invitation = Invitation.objects.create(organisation=org, activity=later, person=bogdan)
    invited = invitation_message_queue(invitation, reply_url="https://coproduce.example/r/abc")
    assert invited.to == "07700 900123"  # as his record keeps it; the poll's text went to +447700900123
    with caplog.at_level(logging.INFO, logger="coproduce.engagement.services.polls"):
        assert hook("No thanks").json() == {"result": "not_a_poll_reply"}
    assert not PollAnswer.objects.exists()
    assert "was not a poll" in caplog.text and "No thanks" not in caplog.text
    # A cancelled message does not count: the poll's text is the newest again.
    Message.objects.filter(pk=invited.pk).update(status=Message.Status.CANCELLED)
    assert hook("no").json() == {"result": "recorded"}
    assert set(PollAnswer.objects.filter(person=bogdan).values_list("answer", flat=True)) == {N}


def test_the_callback_needs_the_token_and_is_off_without_one(poll, parents, hook, settings) -> None:
    assert hook("1", token="").status_code == 401
    assert hook("1", token="wrong").status_code == 401
    assert Client().get(HOOK, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405
    bad = Client().post(HOOK, "not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert bad.status_code == 400
    settings.NOTIFY_INBOUND_TOKEN = ""
    assert hook("1", token="").status_code == 404
    assert not PollAnswer.objects.exists()
