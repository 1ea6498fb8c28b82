"""The barrier check of an activity, fed from the database to coproduce.analysis.barriers: the access needs of
everyone with a place or a maybe, their household's children under 5, the venue's facilities and what the
activity provides. Also ticking off (and unticking) lines of the to-do list.

A ticked line is kept by its key (`ToDo.key`); a tick whose need has gone (nobody needs it any more) is simply
not shown, and comes back ticked if the need returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.analysis import barriers as analysis
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, BarrierToDo, Invitation, Reply
from coproduce.people.models import Child, Person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User


def venue_for(activity: Activity) -> analysis.Venue | None:
    venue = activity.venue
    if venue is None:
        return None
    return analysis.Venue(**{name: getattr(venue, name) for name in venue.FACILITIES})


def provisions_for(activity: Activity) -> analysis.Provisions:
    return analysis.Provisions(
        ways_to_join=frozenset(activity.ways_to_join),
        childcare=activity.childcare,
        interpreter_languages=frozenset(activity.languages),
        bsl=activity.bsl,
        easy_read=activity.easy_read,
        large_print=activity.large_print,
        travel_costs_paid=activity.travel_costs_paid,
        food=activity.food,
        devices_or_data=activity.devices_or_data,
    )


def children_under_5(person: Person, today: dt.date) -> int | None:
    """The household's children under 5 we know of (None when the person has no household on record). Uses the
    prefetched children."""
    if person.household_id is None:
        return None
    return sum(1 for child in person.household.children.all() if child.is_under(5, today))


def person_needs(invitation: Invitation, today: dt.date) -> analysis.PersonNeeds:
    person = invitation.person
    needs = getattr(person, "access_needs", None)
    return analysis.PersonNeeds(
        person_id=person.pk,
        needs=frozenset(needs.needs()) if needs is not None else frozenset(),
        joining=invitation.joining or None,
        interpreter_language=needs.interpreter_language if needs is not None else "",
        children_under_5=children_under_5(person, today),
    )


def checked_invitations(activity: Activity):
    """Who the check is for: people with a place, and people who said maybe (with what the check needs, in a
    fixed number of queries)."""
    return (
        Invitation.objects.filter(activity=activity)
        .filter(Q(reply=Reply.YES, on_waiting_list=False) | Q(reply=Reply.MAYBE))
        .select_related("person__access_needs", "person__household")
        # Of the person, only what the check and its pages use (the name): not their contact details.
        .only(
            "id",
            "organisation_id",
            "activity_id",
            "reply",
            "joining",
            "on_waiting_list",
            "replied_at",
            "updated_at",
            "person__id",
            "person__full_name",
            "person__preferred_name",
            "person__pronunciation",
            "person__household__id",
            "person__access_needs",
        )
        .prefetch_related(
            Prefetch(
                "person__household__children",
                queryset=Child.objects.only("id", "household_id", "date_of_birth", "age_band"),
            )
        )
        .order_by("person__full_name", "pk")
    )


@dataclass(frozen=True)
class PersonRow:
    invitation: Invitation
    unmet: tuple[analysis.UnmetNeed, ...]


@dataclass(frozen=True)
class ToDoRow:
    todo: analysis.ToDo
    done: BarrierToDo | None
    # People in this line whose reply, place or needs changed after it was ticked: worth checking again.
    changed_since: int = 0


@dataclass(frozen=True)
class ActivityBarriers:
    people: list[PersonRow]
    todo: list[ToDoRow]

    @property
    def with_barriers(self) -> list[PersonRow]:
        return [row for row in self.people if row.unmet]

    @property
    def open_todo(self) -> list[ToDoRow]:
        return [row for row in self.todo if row.done is None]


def activity_barriers(activity: Activity, *, today: dt.date | None = None) -> ActivityBarriers:
    """The barrier check for the activity as it stands now."""
    today = today or timezone.localdate()
    invitations = list(checked_invitations(activity))
    check = analysis.check_barriers(
        (person_needs(invitation, today) for invitation in invitations), venue_for(activity), provisions_for(activity)
    )
    people = [
        PersonRow(invitation=invitation, unmet=result.unmet)
        for invitation, result in zip(invitations, check.people, strict=True)
    ]
    by_person = {invitation.person_id: invitation for invitation in invitations}
    ticks = {tick.key: tick for tick in BarrierToDo.objects.filter(activity=activity).select_related("done_by")}
    rows = []
    for todo in check.todo:
        tick = ticks.get(todo.key)
        changed = 0
        if tick is not None:
            changed = sum(1 for person_id in todo.person_ids if _changed_after(by_person[person_id], tick.updated_at))
        rows.append(ToDoRow(todo=todo, done=tick, changed_since=changed))
    return ActivityBarriers(people=people, todo=rows)


def _changed_after(invitation: Invitation, moment: dt.datetime) -> bool:
    """Whether the person's reply, place or needs changed after `moment`. A place given from the waiting list
    leaves `replied_at` alone but moves the invitation's `updated_at`."""
    needs = getattr(invitation.person, "access_needs", None)
    return bool(
        (invitation.replied_at and invitation.replied_at > moment)
        or invitation.updated_at > moment
        or (needs is not None and needs.updated_at > moment)
    )


def _current_todo(activity: Activity, key: str) -> analysis.ToDo:
    for row in activity_barriers(activity).todo:
        if row.todo.key == key:
            return row.todo
    raise ValidationError(_("This is no longer on the to-do list: nobody needs it now."))


@transaction.atomic
def barrier_todo_tick(
    *, activity: Activity, key: str, note: str = "", actor: User, request: HttpRequest | None = None
) -> BarrierToDo:
    """Tick off a line of the to-do list, with what was arranged (ticking again changes the note)."""
    _current_todo(activity, key)
    tick, created = BarrierToDo.objects.select_for_update().get_or_create(
        activity=activity, key=key, defaults={"organisation": activity.organisation, "done_by": actor, "note": note}
    )
    if not created:
        tick.done_by, tick.note = actor, note
        tick.save(update_fields=["done_by", "note", "updated_at"])
    audit_record(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=activity.organisation,
        obj=tick,
        summary=f"Barrier to-do ticked off for {activity.audit_label}",
        changes={"fields": ["done_by", "note"] if note else ["done_by"]},
        request=request,
    )
    return tick


@transaction.atomic
def barrier_todo_untick(*, activity: Activity, key: str, actor: User, request: HttpRequest | None = None) -> None:
    tick = BarrierToDo.objects.select_for_update().filter(activity=activity, key=key).first()
    if tick is None:
        return
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=activity.organisation,
        obj=tick,
        summary=f"Barrier to-do unticked for {activity.audit_label}",
        changes={"fields": ["done_by", "note"]},
        request=request,
    )
    tick.delete()
