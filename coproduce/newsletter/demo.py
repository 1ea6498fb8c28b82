"""Demo newsletter for Northby: confirmed subscribers (invented addresses at example.com), two still to confirm, and
one issue sent last month, built from blocks (a word from the team, new wins, promise news), so the public archive
has something to show.

Call `seed_demo_newsletter(organisation)` after the demo publishing. Running it twice does nothing the second time.
The issue is marked as sent without queueing its emails: they were "sent" before the demo began.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.decisions.models import Promise, PromiseStatus
from coproduce.newsletter import content
from coproduce.newsletter.models import Block, BlockKind, Issue, Subscriber, Topic, email_hash
from coproduce.organisations.models import Membership, Organisation
from coproduce.publishing.models import Win

FIRST_NAMES = ["amina", "ben", "chloe", "dan", "ewa", "farah", "grace", "hassan", "isla", "jay", "kofi", "lena"]


@transaction.atomic
def seed_demo_newsletter(organisation: Organisation) -> None:
    if Subscriber.objects.for_organisation(organisation).exists():
        return
    now = timezone.now()
    hubs = list(organisation.hubs.order_by("name"))
    for index, name in enumerate(FIRST_NAMES * 2):
        email = f"{name}.{index}@example.com"
        confirmed = index < 22
        subscriber = Subscriber.objects.create(
            organisation=organisation,
            email=email,
            email_hash=email_hash(organisation.pk, email),
            topics=[Topic.ACTIVITIES, Topic.PROMISES] if index % 3 else [],
            status=Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING,
            confirmation_sent_at=now - dt.timedelta(days=60 - index),
            confirmed_at=now - dt.timedelta(days=59 - index) if confirmed else None,
        )
        if hubs and index % 4 == 0:
            subscriber.hubs.set([hubs[index % len(hubs)]])

    lead = Membership.objects.for_organisation(organisation).filter(user__email="priya.shah@example.org").first()
    sent_at = now - dt.timedelta(days=9)
    issue = Issue.objects.create(
        organisation=organisation,
        subject="What changed this autumn because of you",
        intro=(
            "Thank you to everyone who came to a session or filled in our questionnaire. Here is what we did with "
            "what you told us."
        ),
        created_by=lead.user if lead else None,
    )
    wins = list(Win.objects.for_organisation(organisation).published().order_by("-happened_on")[:2])
    promises = list(
        Promise.objects.for_organisation(organisation).filter(status__in=[PromiseStatus.KEPT, PromiseStatus.CHANGED])
    )
    blocks = [
        (BlockKind.TEXT, "Come and help plan the feeding cafe", "Parents are planning the new baby feeding cafe "
         "with us. Bring your baby: there is a crèche for older children.", []),
        (BlockKind.WINS, "Things that changed", "", wins),
        (BlockKind.PROMISES, "What we promised", "", promises),
    ]  # fmt: skip
    for order, (kind, heading, text, items) in enumerate(blocks, start=1):
        Block.objects.create(
            organisation=organisation,
            issue=issue,
            order=order,
            kind=kind,
            heading=heading,
            text=text,
            chosen=[str(item.pk) for item in items],
        )
    for section in content.issue_sections(issue):
        section["block"].snapshot = section["items"]
        section["block"].save(update_fields=["snapshot", "updated_at"])
    issue.status = Issue.Status.SENT
    issue.number = 1
    issue.sent_at = sent_at
    issue.sent_by = lead.user if lead else None
    issue.recipient_count = Subscriber.objects.for_organisation(organisation).confirmed().count()
    issue.save()
