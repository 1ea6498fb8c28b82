"""Demo data for "When suits you?" polls: one open poll on an upcoming activity, with three times and answers from
the people invited (by link, by text-message reply, and one entered by staff after a phone call).

Runs after the activities and invitations demo (coproduce/engagement/demo_activities.py, demo_replies.py). If the
chosen activity has nobody invited yet, a few demo people are invited here. Deterministic for a given `rng`.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from coproduce.engagement.models import Activity, Invitation, Poll, PollAnswer, PollSlot
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import Person

# (days from the start of next week, start, end): a weekday morning after the school run, a lunchtime, and an
# evening, so the poll shows the trade-off between people who work and people with young children.
SLOTS = (
    (1, dt.time(10, 0), dt.time(11, 30)),
    (3, dt.time(12, 30), dt.time(14, 0)),
    (3, dt.time(18, 0), dt.time(19, 30)),
)
INVITE_IF_NONE = 8
ANSWERS = ("yes", "if_need_be", "no")


def _activity(organisation: Organisation, now: dt.datetime) -> Activity | None:
    """An upcoming activity without a poll, preferring one that already has people invited."""
    activities = (
        Activity.objects.for_organisation(organisation)
        .upcoming(now)
        .filter(status=Activity.Status.PLANNED, polls__isnull=True)
        .order_by("starts_at", "window_opens_on", "title", "pk")
    )
    candidates = list(activities[:20])
    with_invites = {
        row["activity_id"]
        for row in Invitation.objects.filter(activity__in=candidates).values("activity_id").distinct()
    }
    return next((a for a in candidates if a.pk in with_invites), candidates[0] if candidates else None)


@transaction.atomic
def seed_demo_polls(organisation: Organisation, *, rng: random.Random) -> Poll | None:
    """One open poll (3 times) with answers from the people invited. None if there is no upcoming activity."""
    now = timezone.now()
    activity = _activity(organisation, now)
    if activity is None:
        return None
    invitations = list(Invitation.objects.filter(activity=activity).select_related("person").order_by("pk"))
    if not invitations:
        people = list(Person.objects.for_organisation(organisation).not_erased().order_by("full_name", "pk")[:40])
        chosen = rng.sample(people, min(INVITE_IF_NONE, len(people)))
        invitations = Invitation.objects.bulk_create(
            Invitation(organisation=organisation, activity=activity, person=person, channel="email")
            for person in chosen
        )
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    if activity.starts_at is not None:
        # Times before the activity's own date, so the poll reads as "when shall we hold it?".
        start_day = timezone.localtime(activity.starts_at).date()
        if start_day - dt.timedelta(days=10) > monday:
            monday = start_day - dt.timedelta(days=10 + (start_day - dt.timedelta(days=10)).weekday())
    poll = Poll.objects.create(
        organisation=organisation, activity=activity, question="When suits you?", closes_on=monday - dt.timedelta(1)
    )
    slots = PollSlot.objects.bulk_create(
        PollSlot(
            organisation=organisation,
            poll=poll,
            starts_at=timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=offset), start)),
            ends_at=timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=offset), end)),
        )
        for offset, start, end in SLOTS
    )
    staff = (
        Membership.objects.filter(organisation=organisation, role__in=[Role.STAFF, Role.LEAD])
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    answers = []
    # About three in four of the people invited answer; the last of them by phone, entered by staff.
    answering = [inv.person for inv in invitations if rng.random() < 0.75] or [invitations[0].person]
    for index, person in enumerate(answering):
        if index == len(answering) - 1 and staff is not None:
            via, entered_by = PollAnswer.Via.STAFF, staff.user
        elif not person.email and person.phone:
            via, entered_by = PollAnswer.Via.TEXT, None
        else:
            via, entered_by = PollAnswer.Via.LINK, None
        for slot in slots:
            answers.append(
                PollAnswer(
                    organisation=organisation,
                    slot=slot,
                    person=person,
                    answer=rng.choices(ANSWERS, weights=(5, 2, 3))[0],
                    via=via,
                    entered_by=entered_by,
                )
            )
    PollAnswer.objects.bulk_create(answers)
    return poll
