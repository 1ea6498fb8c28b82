"""The page a person opens from their poll link: no account, answers for every time, change them later; links that
do not work, closed polls, the rate limit and private headers."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.links import links_revoke
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Poll, PollAnswer
from coproduce.engagement.services import polls as services
from coproduce.engagement.tests import test_polls as shared
from coproduce.people.models import Person

# The poll fixtures of test_polls.py: an activity with four parents invited, and a poll with three times.
activity, parents, poll, project = shared.activity, shared.parents, shared.poll, shared.project


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate limit counts in the cache


def link_url(poll: Poll, person: Person) -> str:
    return reverse("engagement:poll_answer", kwargs={"link": services.make_token(poll, person)})


def all_answers(*choices: str) -> dict:
    return {f"slot_{number}": choice for number, choice in enumerate(choices, start=1)}


def test_a_parent_answers_from_their_link_and_changes_their_mind(poll, parents) -> None:
    ama = parents["ama"]
    url = link_url(poll, ama)
    page = Client().get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store" and page["X-Robots-Tag"] == "noindex, nofollow"
    assert "Hello Ama Mensah." in body and "When suits you?" in body
    for slot in services.ordered_slots(poll):
        assert f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{services.slot_words(slot)}' in body
    assert body.count('type="radio"') == 9

    response = Client().post(url, all_answers("yes", "if_need_be", "no"))
    assert response.status_code == 302 and response["Location"] == url
    saved = PollAnswer.objects.filter(person=ama).order_by("slot__starts_at")
    assert [(a.answer, a.via) for a in saved] == [("yes", "link"), ("if_need_be", "link"), ("no", "link")]
    assert AuditEvent.objects.filter(object_id=str(poll.pk), summary__contains=ama.audit_label).count() == 1

    again = Client().get(url).content.decode()
    assert "You have answered already" in again
    first = services.ordered_slots(poll)[0]
    assert 'value="yes" checked' in again

    Client().post(url, all_answers("no", "no", "yes"))
    assert list(PollAnswer.objects.filter(person=ama).order_by("slot__starts_at").values_list("answer", flat=True)) == [
        "no",
        "no",
        "yes",
    ]
    assert PollAnswer.objects.filter(slot=first).count() == 1


def test_every_time_needs_an_answer_and_nothing_is_saved_without_them(poll, parents) -> None:
    response = Client().post(link_url(poll, parents["ama"]), all_answers("yes", "no"))
    body = response.content.decode()
    assert response.status_code == 200
    third = services.slot_words(services.ordered_slots(poll)[2])
    assert f"Say whether {third} suits you" in body and "govuk-error-summary" in body
    assert not PollAnswer.objects.exists()


def test_a_made_up_or_changed_link_does_not_work(poll, parents) -> None:
    token = services.make_token(poll, parents["ama"])
    for bad in ("nonsense", token[:-3] + "abc", token.replace(":", "x", 1)):
        response = Client().get(reverse("engagement:poll_answer", kwargs={"link": bad}))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
    assert (
        Client().post(reverse("engagement:poll_answer", kwargs={"link": "nonsense"}), all_answers("yes")).status_code
        == 404
    )
    assert not PollAnswer.objects.exists()


def test_an_expired_or_cancelled_link_does_not_work(poll, parents, monkeypatch) -> None:
    ama = parents["ama"]
    long_ago = time.time() - services.LINK_LIFETIME.total_seconds() - 60
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: long_ago)
        old = services.make_token(poll, ama)
    assert Client().get(reverse("engagement:poll_answer", kwargs={"link": old})).status_code == 404
    url = link_url(poll, ama)
    links_revoke(ama)
    assert Client().get(url).status_code == 404


def test_a_link_for_a_person_of_another_organisation_does_not_open_this_poll(poll, other_org) -> None:
    outsider = Person.objects.create(organisation=other_org, full_name="Southby Parent")
    assert services.poll_and_person_from_token(services.make_token(poll, outsider)) is None
    assert Client().get(link_url(poll, outsider)).status_code == 404


def test_a_closed_poll_says_so_and_takes_no_answers(poll, parents) -> None:
    url = link_url(poll, parents["ama"])
    chosen = services.ordered_slots(poll)[1]
    poll.status, poll.chosen_slot = Poll.Status.CLOSED, chosen
    poll.save()
    response = Client().post(url, all_answers("yes", "yes", "yes"))
    body = response.content.decode()
    assert response.status_code == 200 and "This poll has closed" in body
    assert f"We chose {services.slot_words(chosen)}" in body
    assert not PollAnswer.objects.exists()


def test_after_the_closing_date_no_answers_are_taken(poll, parents) -> None:
    poll.closes_on = timezone.localdate() - dt.timedelta(days=1)
    poll.save()
    body = Client().post(link_url(poll, parents["ama"]), all_answers("yes", "yes", "yes")).content.decode()
    assert "This poll has closed" in body and "We will tell you when we have chosen a time" in body
    assert not PollAnswer.objects.exists()


def test_too_many_answers_from_one_place_are_refused_for_a_while(poll, parents, monkeypatch) -> None:
    from coproduce.engagement.views import polls_public

    monkeypatch.setattr(polls_public, "ANSWER_LIMIT", 2)
    url = link_url(poll, parents["ama"])
    client = Client()
    assert client.post(url, all_answers("yes", "yes", "yes")).status_code == 302
    assert client.post(url, all_answers("no", "no", "no")).status_code == 302
    refused = client.post(url, all_answers("if_need_be", "if_need_be", "if_need_be"))
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert set(PollAnswer.objects.values_list("answer", flat=True)) == {"no"}
