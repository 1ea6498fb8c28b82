"""The staff home page says how many promises are still open or overdue, and which are the member's own."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from coproduce.decisions.models import Promise, PromiseStatus
from coproduce.decisions.tests.conftest import promise
from tests.cast import client_for


def _overdue(actor, org, text: str, owner=None) -> Promise:
    made = promise(actor, org, text=text, due_date=dt.date.today(), owner=owner or actor)
    Promise.objects.filter(pk=made.pk).update(due_date=dt.date.today() - dt.timedelta(days=2))
    return made


def test_home_counts_open_and_overdue_promises_and_the_members_own(
    org, other_org, admin, colleague, stranger, django_assert_max_num_queries
) -> None:
    _overdue(admin, org, "We will do the late one", owner=colleague)
    _overdue(admin, org, "We will do another late one")
    promise(admin, org, text="We will do it one day", owner=colleague)
    kept = promise(admin, org, text="We will have done it")
    Promise.objects.filter(pk=kept.pk).update(status=PromiseStatus.KEPT, kept_on=dt.date.today())
    _overdue(stranger, other_org, "Southby's late one")
    client = client_for(colleague)
    with django_assert_max_num_queries(12):
        text = client.get(reverse("core:home")).content.decode()
    assert "3 promises are still open, 2 overdue." in text
    assert "1 of your promises is overdue" in text
    assert "You own 2 of them." in text
    assert reverse("decisions:promise_list") + "?owner=mine" in text


def test_home_without_promises_says_nothing_is_overdue(org, viewer) -> None:
    text = client_for(viewer).get(reverse("core:home")).content.decode()
    assert "0 promises are still open." in text
    assert "overdue" not in text
