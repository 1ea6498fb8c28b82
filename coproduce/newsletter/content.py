"""What goes into an issue: the items staff can pick for each kind of block (wins, promise updates, upcoming
activities), the items as subscribers see them, and the email text.

Only what is public anyway is ever put in an issue: published wins, public planned activities, and promises (which
the public site shows, kept and broken alike). A draft shows the items as they are now; a sent issue shows the
snapshot taken when it was sent.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone

from coproduce.decisions.models import Promise
from coproduce.engagement.models import Activity
from coproduce.newsletter.models import Block, BlockKind, Issue
from coproduce.public.queries import public_activities
from coproduce.publishing.models import Win

if TYPE_CHECKING:
    from coproduce.organisations.models import Organisation

# Put into the email text where each subscriber's own unsubscribe address goes (the text is rendered once).
UNSUBSCRIBE_PLACEHOLDER = "[[unsubscribe-url]]"


class Item(TypedDict, total=False):
    # "kind" ("win", "promise", "activity") and "id" (the record's) let the archive drop a win unpublished after the
    # issue was sent. Snapshots taken before they were added have neither: those items are always shown.
    kind: str
    id: str
    title: str
    text: str
    meta: str


def last_sent_at(organisation: Organisation) -> dt.datetime | None:
    """When the organisation's latest issue was sent: "new" wins and promise updates are those since then."""
    return (
        Issue.objects.for_organisation(organisation)
        .sent()
        .order_by("-number")
        .values_list("sent_at", flat=True)
        .first()
    )


def candidates(organisation: Organisation, kind: str, *, chosen: list[str] | None = None) -> QuerySet:
    """What staff can pick for a block of `kind`: new since the last issue (or coming up), plus whatever the block
    already has, so editing never drops an item silently."""
    since = last_sent_at(organisation)
    keep = Q(pk__in=chosen or [])
    if kind == BlockKind.WINS:
        new = Q(published_at__gt=since) if since else Q(published_at__isnull=False)
        return Win.objects.for_organisation(organisation).filter(new | keep).order_by("-published_at")
    if kind == BlockKind.PROMISES:
        promises = Promise.objects.for_organisation(organisation).order_by("-status_changed_at")
        return promises.filter(Q(status_changed_at__gt=since) | keep) if since else promises
    if kind == BlockKind.ACTIVITIES:
        # What the public site lists (open windows such as questionnaires too), plus those already chosen.
        new = Q(pk__in=public_activities(organisation, timezone.localdate()).values("pk"))
        return (
            Activity.objects.for_organisation(organisation)
            .filter(new | keep)
            .select_related("venue")
            .order_by(F("starts_at").asc(nulls_last=True), "window_opens_on", "title")
        )
    raise ValueError(f"A {kind} block has no items to pick")


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "l j F Y, g:i a")


def win_item(win: Win) -> Item:
    return {
        "kind": "win",
        "id": str(win.pk),
        "title": win.title,
        "text": win.story,
        "meta": formats.date_format(win.happened_on, "j F Y"),
    }


def promise_item(promise: Promise) -> Item:
    return {
        "kind": "promise",
        "id": str(promise.pk),
        "title": promise.text,
        "text": promise.public_explanation,
        "meta": str(promise.get_status_display()),
    }


def activity_item(activity: Activity) -> Item:
    where = activity.venue.name if activity.venue_id else ""
    meta = ", ".join(part for part in (_when(activity.starts_at), where) if part)
    return {
        "kind": "activity",
        "id": str(activity.pk),
        "title": activity.title,
        "text": activity.description,
        "meta": meta,
    }


def live_items(organisation: Organisation, blocks: list[Block]) -> dict[object, list[Item]]:
    """{block id: its items as they are now}, with one query per kind of block. Items that are no longer public
    (a win unpublished, an activity made private, cancelled or past) drop out."""
    wanted: dict[str, set[str]] = {kind: set() for kind in (BlockKind.WINS, BlockKind.PROMISES, BlockKind.ACTIVITIES)}
    for block in blocks:
        if block.kind in wanted:
            wanted[block.kind].update(str(pk) for pk in block.chosen)
    found: dict[str, dict[str, Item]] = {kind: {} for kind in wanted}
    if wanted[BlockKind.WINS]:
        wins = Win.objects.for_organisation(organisation).published().filter(pk__in=wanted[BlockKind.WINS])
        found[BlockKind.WINS] = {str(w.pk): win_item(w) for w in wins}
    if wanted[BlockKind.PROMISES]:
        promises = Promise.objects.for_organisation(organisation).filter(pk__in=wanted[BlockKind.PROMISES])
        found[BlockKind.PROMISES] = {str(p.pk): promise_item(p) for p in promises}
    if wanted[BlockKind.ACTIVITIES]:
        # Only those the public site still lists: not private, cancelled or already past.
        activities = public_activities(organisation, timezone.localdate()).filter(pk__in=wanted[BlockKind.ACTIVITIES])
        found[BlockKind.ACTIVITIES] = {str(a.pk): activity_item(a) for a in activities}
    return {
        block.pk: [found[block.kind][str(pk)] for pk in block.chosen if str(pk) in found.get(block.kind, {})]
        for block in blocks
    }


def issue_sections(issue: Issue) -> list[dict]:
    """The issue's blocks with their items, ready for the templates: the snapshot once sent, live for a draft."""
    blocks = list(issue.blocks.order_by("order", "created_at"))
    items = {b.pk: b.snapshot for b in blocks} if issue.is_sent else live_items(issue.organisation, blocks)
    return [{"block": block, "items": items.get(block.pk, [])} for block in blocks]


def public_sections(issue: Issue) -> list[dict]:
    """A sent issue's sections as the public archive shows them: the snapshot, less the wins unpublished or deleted
    since it was sent (one query for all of them). Items without an id (snapshots older than ids) stay."""
    sections = issue_sections(issue)
    win_ids = {
        item["id"]
        for section in sections
        if section["block"].kind == BlockKind.WINS
        for item in section["items"]
        if item.get("id")
    }
    if not win_ids:
        return sections
    published = {
        str(pk)
        for pk in Win.objects.for_organisation(issue.organisation)
        .published()
        .filter(pk__in=win_ids)
        .values_list("pk", flat=True)
    }
    for section in sections:
        if section["block"].kind == BlockKind.WINS:
            section["items"] = [item for item in section["items"] if not item.get("id") or item["id"] in published]
    return sections


def archive_url(issue: Issue) -> str:
    if not issue.is_sent:
        return settings.SITE_URL + reverse("newsletter:archive", kwargs={"organisation_slug": issue.organisation.slug})
    return settings.SITE_URL + reverse(
        "newsletter:archive_issue", kwargs={"organisation_slug": issue.organisation.slug, "number": issue.number}
    )


def email_text(issue: Issue, *, sections: list[dict] | None = None, test: bool = False) -> str:
    """The email body, with UNSUBSCRIBE_PLACEHOLDER where each subscriber's unsubscribe address goes."""
    context = {
        "issue": issue,
        "organisation": issue.organisation,
        "sections": sections if sections is not None else issue_sections(issue),
        "archive_url": archive_url(issue),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "test": test,
    }
    return render_to_string("newsletter/email/issue.txt", context).strip() + "\n"


def families_text(issue: Issue, sections: list[dict]) -> str:
    """Everything families read in the issue, for the plain-English checker."""
    parts = [issue.subject, issue.intro]
    for section in sections:
        parts += [section["block"].heading, section["block"].text]
        parts += [f"{item['title']}. {item['text']}" for item in section["items"]]
    return "\n\n".join(part for part in parts if part)
