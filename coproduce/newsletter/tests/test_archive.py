"""The public archive keeps what an issue said when it was sent, but not what must no longer be public: a win
unpublished or deleted since, and a person's identifiers once they are erased."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.datarights.erasure import ERASED, person_erase
from coproduce.newsletter import services
from coproduce.newsletter.models import Block, BlockKind, Issue
from coproduce.people.models import Person
from coproduce.publishing.models import Win

pytestmark = pytest.mark.django_db


def archive_page(client, org, number: int = 1) -> str:
    url = reverse("newsletter:archive_issue", kwargs={"organisation_slug": org.slug, "number": number})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def another_win(org, project, title: str, story: str = "It changed.") -> Win:
    return Win.objects.create(
        organisation=org,
        project=project,
        title=title,
        story=story,
        happened_on=timezone.localdate(),
        published_at=timezone.now(),
    )


def sent_issue(admin, org, *blocks: tuple[str, list], subject: str = "Spring news", intro: str = "Hello") -> Issue:
    issue = services.issue_create(actor=admin, organisation=org, subject=subject, intro=intro)
    for kind, items in blocks:
        services.block_save(actor=admin, issue=issue, kind=kind, items=items, text="" if items else "Some news")
    return services.issue_send(actor=admin, issue=issue)


def test_each_item_kept_when_sent_says_what_it_was(org, admin, win, promise, activity) -> None:
    issue = sent_issue(
        admin, org, (BlockKind.WINS, [win]), (BlockKind.PROMISES, [promise]), (BlockKind.ACTIVITIES, [activity])
    )
    snapshots = [block.snapshot for block in issue.blocks.order_by("order")]
    assert [(item["kind"], item["id"]) for items in snapshots for item in items] == [
        ("win", str(win.pk)),
        ("promise", str(promise.pk)),
        ("activity", str(activity.pk)),
    ]
    assert snapshots[0][0]["title"] == win.title


def test_a_win_unpublished_or_deleted_after_sending_leaves_the_public_archive(
    client, org, admin, win, project, django_assert_max_num_queries
) -> None:
    kept = another_win(org, project, "Longer opening hours")
    deleted = another_win(org, project, "A quiet room for feeding")
    sent_issue(admin, org, (BlockKind.WINS, [win, kept, deleted]))
    assert all(w.title in archive_page(client, org) for w in (win, kept, deleted))

    Win.objects.filter(pk=win.pk).update(published_at=None)
    deleted.delete()
    with django_assert_max_num_queries(6):  # one query for every win in the issue, however many
        html = archive_page(client, org)
    assert kept.title in html
    assert win.title not in html and deleted.title not in html
    # Published again: back in the archive, as it was when sent.
    Win.objects.filter(pk=win.pk).update(published_at=timezone.now(), title="Renamed later")
    html = archive_page(client, org)
    assert "Buggy parking at the Central hub" in html and "Renamed later" not in html


def test_snapshots_from_before_items_had_ids_are_still_shown(client, org, admin, win) -> None:
    issue = sent_issue(admin, org, (BlockKind.WINS, [win]))
    old = {"title": "An old win", "text": "Kept without an id", "meta": "1 May 2025"}
    Block.objects.filter(issue=issue).update(snapshot=[old])
    Win.objects.filter(pk=win.pk).update(published_at=None)
    html = archive_page(client, org)
    assert "An old win" in html and "Kept without an id" in html


def test_erasing_a_person_replaces_their_identifiers_in_the_archive(
    client, org, other_org, admin, project, promise
) -> None:
    person = Person.objects.create(
        organisation=org, full_name="Zephyrine Quillfeather", email="zq@example.net", phone="07700 900461"
    )
    story = "Zephyrine Quillfeather asked for it (call 07700 900461). Thank you, Zephyrine!"
    named = another_win(org, project, "Zephyrine's idea: a buggy park", story)
    promise.public_explanation = "Quillfeather's group asked for Saturdays."
    promise.save()
    sent_issue(
        admin,
        org,
        (BlockKind.WINS, [named]),
        (BlockKind.PROMISES, [promise]),
        (BlockKind.TEXT, []),
        subject="News from Zephyrine's group",
        intro="Thanks to Zephyrine Quillfeather.",
    )
    Block.objects.filter(kind=BlockKind.TEXT).update(heading="Zephyrine writes", text="Hello from Zephyrine.")
    # Another organisation's issue naming someone with the same name is not theirs to change.
    theirs = sent_issue(admin, other_org, (BlockKind.TEXT, []), subject="Zephyrine at the other council")
    Block.objects.filter(issue=theirs).update(text="Zephyrine Quillfeather, someone else.")

    person_erase(person=person, actor=admin, keep_attribution=False)

    issue = Issue.objects.get(organisation=org)
    assert (issue.subject, issue.intro) == (f"News from {ERASED}'s group", f"Thanks to {ERASED}.")
    blocks = list(issue.blocks.order_by("order"))
    assert blocks[0].snapshot[0]["title"] == f"{ERASED}'s idea: a buggy park"
    assert blocks[0].snapshot[0]["text"] == f"{ERASED} asked for it (call {ERASED}). Thank you, {ERASED}!"
    assert blocks[0].snapshot[0]["id"] == str(named.pk)  # the rest of the item is as it was
    assert blocks[1].snapshot[0]["text"] == f"{ERASED}'s group asked for Saturdays."
    assert (blocks[2].heading, blocks[2].text) == (f"{ERASED} writes", f"Hello from {ERASED}.")
    html = archive_page(client, org)
    assert "Zephyrine" not in html and "Quillfeather" not in html and "900461" not in html
    theirs.refresh_from_db()
    assert theirs.subject == "Zephyrine at the other council"
    assert Block.objects.get(issue=theirs).text == "Zephyrine Quillfeather, someone else."
