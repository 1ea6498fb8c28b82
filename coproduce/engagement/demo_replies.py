"""Demo invitations and replies: the demo people invited to the demo activities, with a mix of replies (yes, maybe,
no, not yet), how they will join, one activity full with a waiting list, and among those coming people who need a
Polish interpreter, childcare for children under 5 and step-free access, so the barrier check has a to-do list
(one line already ticked off).

Call `seed_demo_replies(organisation, rng=random.Random(seed))` after the demo people (with their households and
access needs) and the demo activities exist. No messages are queued. Running it again on an organisation that
already has invitations does nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from coproduce.comms.outbox import contact_allowed
from coproduce.engagement import messages
from coproduce.engagement.models import Activity, BarrierToDo, Invitation, Reply
from coproduce.engagement.segments import under_5_condition
from coproduce.engagement.services.barriers import activity_barriers
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import AccessNeeds, Child, Person

INVITED_PER_ACTIVITY = (10, 18)
# Of the people invited: (reply, weight).
REPLY_WEIGHTS = [(Reply.YES, 45), (Reply.MAYBE, 15), (Reply.NO, 15), (Reply.INVITED, 25)]
WAITING = 2  # people on the waiting list of the full activity


def _needing(organisation: Organisation, today: dt.date) -> list[Person]:
    """Three people whose needs the barrier check should show: a Polish interpreter, childcare with children under
    5 at home, step-free access. Existing demo needs are used where they fit; otherwise they are recorded."""
    people = Person.objects.for_organisation(organisation).not_erased().order_by("full_name", "id")
    chosen: list[Person] = []

    def pick(queryset, fields: dict) -> None:
        person = queryset.exclude(pk__in=[p.pk for p in chosen]).first()
        if person is None:
            person = people.exclude(pk__in=[p.pk for p in chosen]).first()
            if person is None:
                return
            AccessNeeds.objects.update_or_create(person=person, defaults={"organisation": organisation, **fields})
        chosen.append(person)

    pick(
        people.filter(access_needs__interpreter=True, access_needs__interpreter_language__iexact="Polish"),
        {"interpreter": True, "interpreter_language": "Polish"},
    )
    young = Child.objects.filter(under_5_condition(today)).values("household_id")
    pick(people.filter(access_needs__childcare=True, household__in=young), {"childcare": True})
    pick(people.filter(access_needs__step_free=True), {"step_free": True})
    return chosen


def _channel(person: Person, allowed: set) -> str:
    route = messages.preferred_route(person) if person.pk in allowed else None
    return route[0] if route else "staff"


@transaction.atomic
def seed_demo_replies(organisation: Organisation, *, rng: random.Random) -> int:
    """Invite demo people to the organisation's demo activities. Returns how many invitations were made."""
    if Invitation.objects.for_organisation(organisation).exists():
        return 0
    now = timezone.now()
    activities = list(
        Activity.objects.for_organisation(organisation)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("starts_at", "window_opens_on", "title", "id")
    )
    people = list(Person.objects.for_organisation(organisation).not_erased().order_by("full_name", "id"))
    if not activities or not people:
        return 0
    inviter = (
        Membership.objects.for_organisation(organisation)
        .filter(role__in=[Role.LEAD, Role.STAFF])
        .select_related("user")
        .order_by("role", "created_at")
        .first()
    )
    actor = inviter.user if inviter else None
    allowed = contact_allowed({p.pk for p in people})
    upcoming = [a for a in activities if (a.starts_at or now) >= now]
    full = min((a for a in upcoming if a.capacity), key=lambda a: a.capacity, default=None)
    needing = _needing(organisation, timezone.localdate())
    rows: list[Invitation] = []
    for activity in activities:
        ways = activity.ways_to_join or [""]
        count = min(rng.randint(*INVITED_PER_ACTIVITY), len(people))
        invited = rng.sample(people, count)
        if activity is full:
            # The people with needs first (they get places), then enough others to fill it with a waiting list.
            invited = needing + [p for p in invited if p not in needing]
            wanted = activity.capacity + WAITING + 2
            invited += [p for p in people if p not in invited][: max(wanted - len(invited), 0)]
        coming = 0
        sent_at = (activity.starts_at or now) - dt.timedelta(days=21)
        for index, person in enumerate(invited):
            if activity is full:
                reply = Reply.YES if index < activity.capacity + WAITING else rng.choice([Reply.NO, Reply.INVITED])
            else:
                reply = rng.choices([r for r, _w in REPLY_WEIGHTS], weights=[w for _r, w in REPLY_WEIGHTS])[0]
            waiting = False
            if reply == Reply.YES:
                waiting = activity.capacity is not None and coming >= activity.capacity
                coming += not waiting
            joining = ""
            if reply in (Reply.YES, Reply.MAYBE):
                joining = "in_person" if person in needing and "in_person" in ways else rng.choice(ways)
            replied_at = sent_at + dt.timedelta(hours=6 * (index + 1)) if reply != Reply.INVITED else None
            rows.append(
                Invitation(
                    organisation=organisation,
                    activity=activity,
                    person=person,
                    reply=reply,
                    joining=joining,
                    on_waiting_list=waiting,
                    replied_at=min(replied_at, now) if replied_at else None,
                    invited_by=actor,
                    channel=_channel(person, allowed),
                )
            )
    Invitation.objects.bulk_create(rows)
    # One line of a to-do list already ticked off, to show what that looks like.
    for activity in [full, *upcoming]:
        if activity is None:
            continue
        todo = activity_barriers(activity).todo
        if todo:
            BarrierToDo.objects.create(
                organisation=organisation,
                activity=activity,
                key=todo[0].todo.key,
                done_by=actor,
                note="Arranged with the hub team",
            )
            break
    return len(rows)
