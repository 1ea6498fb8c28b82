"""Reads the learning pages share: permission names, and the bounded lists of people a form offers."""

from __future__ import annotations

import contextlib
import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.engagement.models import Activity, Attendance
from coproduce.learning.models import Audience, Completion, InductionProgress
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person

VIEW = "learning.view_training"
VIEW_MATRIX = "learning.view_matrix"
MANAGE_TRAINING = "learning.manage_training"
RECORD_INDUCTION = "learning.record_induction"
MANAGE_INDUCTION = "learning.manage_induction"
MANAGE_GUIDANCE = "learning.manage_guidance"
REFLECT = "learning.reflect"
VIEW_PEOPLE = "people.view_people"

PEOPLE_OFFERED = 300
ACTIVITIES_OFFERED = 200


def members(organisation) -> list[User]:
    """The organisation's members (as users), by name."""
    memberships = (
        Membership.objects.for_organisation(organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [membership.user for membership in memberships]


def audience_of_member(user, organisation) -> str:
    """Which induction items a member gets: peer supporters and partners are co-producers like families (they
    take part rather than run it); every other role is staff."""
    from coproduce.organisations.rules import role_in

    role = role_in(user, organisation)
    return Audience.FAMILIES if role in (Role.PEER_SUPPORTER, Role.PARTNER) else Audience.STAFF


def people_in_training(organisation, *, activity: Activity | None = None, also: str | None = None) -> list[tuple]:
    """(person, label) for the people a trainer is likely to record: peer supporters, people who came to the
    session's activity, and people already trained or inducted. Bounded, by name. `also` (an id from the address)
    is added, so a completion can be recorded for anyone found elsewhere."""
    from coproduce.peers.models import PeerSupporter, SupporterStatus

    supporters = set(
        PeerSupporter.objects.for_organisation(organisation)
        .exclude(status=SupporterStatus.LEFT)
        .values_list("person_id", flat=True)
    )
    came = set()
    if activity is not None:
        came = set(Attendance.objects.filter(activity=activity, attended=True).values_list("person_id", flat=True))
    condition = (
        Q(pk__in=supporters)
        | Q(pk__in=came)
        | Q(pk__in=Completion.objects.for_organisation(organisation).filter(person__isnull=False).values("person_id"))
        | Q(
            pk__in=InductionProgress.objects.for_organisation(organisation)
            .filter(person__isnull=False)
            .values("person_id")
        )
    )
    if also:
        with contextlib.suppress(ValueError):
            condition |= Q(pk=uuid.UUID(also))
    people = (
        Person.objects.for_organisation(organisation)
        .filter(erased_at__isnull=True)
        .filter(condition)
        .order_by("full_name", "id")[:PEOPLE_OFFERED]
    )
    found = []
    for person in people:
        notes = []
        if person.pk in supporters:
            notes.append(_("peer supporter"))
        if person.pk in came:
            notes.append(_("came to the activity"))
        found.append((person, f"{person} ({', '.join(notes)})" if notes else str(person)))
    return found


def activities(organisation, *, also: Activity | None = None) -> list[Activity]:
    found = list(
        Activity.objects.for_organisation(organisation).order_by("-starts_at", "-window_opens_on", "title", "id")[
            :ACTIVITIES_OFFERED
        ]
    )
    if also is not None and also.pk not in {a.pk for a in found}:
        found.append(also)
    return found
