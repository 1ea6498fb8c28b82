"""Invitations and replies: inviting people (one by one or a whole segment), a person's reply from their link or
recorded by staff, places and the waiting list.

Places: the people with a place are those who said yes and are not on the waiting list. Every change that can
give or free a place locks the activity row first (select_for_update) and counts after the lock, so two replies at
the same moment cannot both take the last place. A freed place goes at once, in the same transaction, to the first
person on the waiting list (by when they replied), who gets a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.comms.outbox import contact_allowed
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.engagement import messages
from coproduce.engagement.models import Activity, Invitation, Reply
from coproduce.engagement.reply_links import activity_end, reply_url
from coproduce.engagement.services.activities import places_taken
from coproduce.people.models import Person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User

STAFF_CHANNEL = "staff"  # Invitation.channel when staff ask the person themselves (phone, in person)


class Via:
    LINK = "link"
    STAFF = "staff"


# ---------------------------------------------------------------------------------------------------------------
# Reading


@dataclass
class ReplyCounts:
    coming: int = 0
    waiting: int = 0
    maybe: int = 0
    no: int = 0
    not_replied: int = 0
    capacity: int | None = None

    @property
    def invited(self) -> int:
        return self.coming + self.waiting + self.maybe + self.no + self.not_replied

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.coming, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.coming >= self.capacity


def reply_counts(activity: Activity) -> ReplyCounts:
    """How everyone invited has replied, in one query."""
    yes = Q(reply=Reply.YES)
    totals = Invitation.objects.filter(activity=activity).aggregate(
        coming=Count("pk", filter=yes & Q(on_waiting_list=False)),
        waiting=Count("pk", filter=yes & Q(on_waiting_list=True)),
        maybe=Count("pk", filter=Q(reply=Reply.MAYBE)),
        no=Count("pk", filter=Q(reply=Reply.NO)),
        not_replied=Count("pk", filter=Q(reply=Reply.INVITED)),
    )
    return ReplyCounts(capacity=activity.capacity, **totals)


def has_place(invitation: Invitation) -> bool:
    return invitation.reply == Reply.YES and not invitation.on_waiting_list


def has_ended(activity: Activity, now=None) -> bool:
    end = activity_end(activity)
    return end is not None and end < (now or timezone.now())


def message_route(person: Person, allowed: set) -> str | None:
    """How an invitation can reach the person: "email" or "sms", or None (no consent, or no channel chosen)."""
    if person.pk not in allowed:
        return None
    route = messages.preferred_route(person)
    return route[0] if route else None


@dataclass
class InvitePlan:
    """Who an invite would reach: people who get a message, people who cannot (staff can still ask them), and
    how many who match are invited already."""

    by_message: list[tuple[Person, str]] = field(default_factory=list)  # (person, "email" or "sms")
    cannot_message: list[Person] = field(default_factory=list)
    already_invited: int = 0

    @property
    def candidates(self) -> list[Person]:
        return [person for person, _channel in self.by_message] + self.cannot_message

    def count(self, channel: str) -> int:
        return sum(1 for _person, route in self.by_message if route == channel)


def invite_plan(*, activity: Activity, people: Iterable[Person]) -> InvitePlan:
    """Sort people (this organisation's, not erased) into those who would get a message and those who would not,
    leaving out anyone already invited. Three queries, however many people."""
    people = [p for p in people if p.organisation_id == activity.organisation_id and not p.is_erased]
    invited = set(
        Invitation.objects.filter(activity=activity, person_id__in=[p.pk for p in people]).values_list(
            "person_id", flat=True
        )
    )
    plan = InvitePlan(already_invited=len(invited))
    fresh = [p for p in people if p.pk not in invited]
    allowed = contact_allowed({p.pk for p in fresh})
    for person in fresh:
        route = message_route(person, allowed)
        if route:
            plan.by_message.append((person, route))
        else:
            plan.cannot_message.append(person)
    return plan


# ---------------------------------------------------------------------------------------------------------------
# Inviting


def _check_open(activity: Activity) -> None:
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity is cancelled."))
    if has_ended(activity):
        raise ValidationError(_("This activity has already happened."))


@dataclass
class InviteResult:
    invitations: list[Invitation]
    messages_queued: int
    staff_to_ask: int


@transaction.atomic
def invitations_create(
    *,
    activity: Activity,
    people: Iterable[Person],
    include_uncontactable: bool,
    actor: User,
    request: HttpRequest | None = None,
) -> InviteResult:
    """Invite people to the activity and queue their invitation messages, all in one transaction. People already
    invited and erased people are skipped. People who cannot get a message are invited only with
    `include_uncontactable`, for staff to ask them themselves (channel "staff")."""
    activity = lock_activity(activity.pk)
    _check_open(activity)
    plan = invite_plan(activity=activity, people=people)
    chosen: list[tuple[Person, str]] = list(plan.by_message)
    if include_uncontactable:
        chosen += [(person, STAFF_CHANNEL) for person in plan.cannot_message]
    if not chosen:
        if plan.cannot_message:
            raise ValidationError(
                _(
                    "None of these people can get a message. To add them so that staff ask them by phone or in "
                    "person, tick the box under the list."
                )
            )
        raise ValidationError(_("There is nobody new to invite: everyone chosen is invited already."))
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                organisation=activity.organisation,
                activity=activity,
                person=person,
                invited_by=actor,
                channel=channel,
            )
            for person, channel in chosen
        ]
    )
    queued = 0
    for invitation, (person, channel) in zip(invitations, chosen, strict=True):
        person.organisation = activity.organisation  # already loaded: no query per message for the footer
        invitation.person, invitation.activity = person, activity
        if channel != STAFF_CHANNEL:
            queued += messages.invitation_message_queue(invitation, reply_url=reply_url(invitation)) is not None
    staff_to_ask = len(chosen) - len(plan.by_message)
    audit_record(
        action=AuditEvent.Action.INVITE,
        actor=actor,
        organisation=activity.organisation,
        obj=activity,
        summary=f"Invited {len(invitations)} people",
        changes={"invited": len(invitations), "messages": queued, "staff_to_ask": staff_to_ask},
        request=request,
    )
    return InviteResult(invitations=invitations, messages_queued=queued, staff_to_ask=staff_to_ask)


# ---------------------------------------------------------------------------------------------------------------
# Replies, places and the waiting list


def lock_activity(activity_id) -> Activity:
    """The activity, locked until the transaction ends: every change to places goes through here first."""
    return Activity.objects.select_for_update(of=("self",)).select_related("organisation", "venue").get(pk=activity_id)


def places_can_move(activity: Activity, now=None) -> bool:
    """Whether places can still change hands: not cancelled, and not started yet (an activity with only an open
    window: until the window has closed). Once it has started, nobody can be told in time to come."""
    now = now or timezone.now()
    if activity.status == Activity.Status.CANCELLED:
        return False
    if activity.starts_at is not None:
        return activity.starts_at > now
    return activity.window_closes_on is None or activity.window_closes_on >= timezone.localdate(now)


def places_can_move_q(now) -> Q:
    """places_can_move, for queries on activities."""
    window_open = Q(starts_at__isnull=True) & (
        Q(window_closes_on__isnull=True) | Q(window_closes_on__gte=timezone.localdate(now))
    )
    return ~Q(status=Activity.Status.CANCELLED) & (Q(starts_at__gt=now) | window_open)


def _fill_places(activity: Activity, *, actor: User | None, request: HttpRequest | None) -> list[Invitation]:
    """Give free places to the waiting list, first come first served (the activity must be locked). Erased people
    are skipped (no message can reach them), and nobody is promoted once the activity has started."""
    if not places_can_move(activity):
        return []
    waiting = Invitation.objects.filter(
        activity=activity, reply=Reply.YES, on_waiting_list=True, person__erased_at__isnull=True
    )
    free = waiting.count() if activity.capacity is None else activity.capacity - places_taken(activity)
    if free <= 0:
        return []
    promoted = list(
        waiting.select_for_update(of=("self",))
        .select_related("person")
        .order_by("replied_at", "created_at", "pk")[:free]
    )
    for invitation in promoted:
        invitation.on_waiting_list = False
        invitation.save(update_fields=["on_waiting_list", "updated_at"])
        invitation.activity = activity
        invitation.person.organisation = activity.organisation
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=activity.organisation,
            obj=invitation,
            summary=f"A place came up: given to {invitation.person.audit_label} from the waiting list",
            changes={"fields": ["on_waiting_list"]},
            request=request,
        )
        messages.waiting_list_place_message_queue(invitation, reply_url=reply_url(invitation))
    return promoted


@transaction.atomic
def waiting_list_fill(
    *, activity: Activity, actor: User | None = None, request: HttpRequest | None = None
) -> list[Invitation]:
    """Give any free places to the waiting list (for example after the number of places went up)."""
    return _fill_places(lock_activity(activity.pk), actor=actor, request=request)


def check_joining(activity: Activity, reply: str, joining: str) -> str:
    """How the person will join, checked against the ways the activity offers ("" for a no)."""
    if reply not in (Reply.YES, Reply.MAYBE):
        return ""
    ways = activity.ways_to_join
    if not ways:  # none recorded yet: nothing to choose
        return ""
    if not joining and len(ways) == 1:
        return ways[0]
    if not joining:
        raise ValidationError({"joining": _("Choose how they will take part")})
    if joining not in ways:
        raise ValidationError({"joining": _("Choose one of the ways this activity offers")})
    return joining


@dataclass
class ReplyResult:
    invitation: Invitation
    promoted: list[Invitation]

    @property
    def has_place(self) -> bool:
        return has_place(self.invitation)


@transaction.atomic
def invitation_reply(
    *,
    invitation: Invitation,
    reply: str,
    joining: str = "",
    note: str | None = None,
    actor: User | None = None,
    via: str = Via.LINK,
    request: HttpRequest | None = None,
) -> ReplyResult:
    """Record a reply: from the person's own link (`actor` None), or by staff on their behalf (a phone call).

    A yes takes a place if there is one, or joins the waiting list. Someone who had a place and now says no or
    maybe frees it for the first person waiting. Changing only how they will join keeps their place in the queue.
    The person gets a confirmation message when their reply changes.
    """
    if reply not in (Reply.YES, Reply.NO, Reply.MAYBE):
        raise ValidationError({"reply": _("Choose yes, no or maybe")})
    activity = lock_activity(invitation.activity_id)
    _check_open(activity)
    joining = check_joining(activity, reply, joining)
    # Places freed without a reply (more places since) go to the waiting list first, this person included.
    promoted = _fill_places(activity, actor=actor, request=request)
    # Read again under the lock, after that: the caller's copy may be stale (another tab with the same link).
    current = Invitation.objects.select_for_update(of=("self",)).select_related("person").get(pk=invitation.pk)
    current.activity = activity
    current.person.organisation = activity.organisation
    had_place = has_place(current)
    changed = reply != current.reply
    before = {
        "reply": current.reply,
        "joining": current.joining,
        "on_waiting_list": current.on_waiting_list,
        "note": current.note,
    }

    if reply == Reply.YES and changed:
        current.on_waiting_list = activity.capacity is not None and places_taken(activity) >= activity.capacity
    elif reply != Reply.YES:
        current.on_waiting_list = False
    # (A yes again keeps the place, or the place in the queue.)
    current.reply = reply
    current.joining = joining
    if changed:
        current.replied_at = timezone.now()
    if note is not None:
        current.note = note
    current.save()
    fields = [name for name, value in before.items() if getattr(current, name) != value]
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=activity.organisation,
        obj=current,
        summary=(
            f"Reply recorded by staff for {current.person.audit_label}"
            if via == Via.STAFF
            else f"{current.person.audit_label} replied from their link"
        ),
        changes={"fields": fields, "via": via},
        request=request,
    )
    if had_place and not has_place(current):
        promoted += _fill_places(activity, actor=actor, request=request)
    if changed:
        messages.confirmation_message_queue(current, reply_url=reply_url(current))
    return ReplyResult(invitation=current, promoted=promoted)


@transaction.atomic
def invitation_remove(*, invitation: Invitation, actor: User, request: HttpRequest | None = None) -> list[Invitation]:
    """Take someone off an activity (invited by mistake, or they told staff they cannot come after all). A place
    they had goes to the first person waiting. Returns who got a place."""
    activity = lock_activity(invitation.activity_id)
    current = Invitation.objects.select_for_update(of=("self",)).select_related("person").get(pk=invitation.pk)
    had_place = has_place(current)
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=activity.organisation,
        obj=current,
        summary=f"{current.person.audit_label} taken off the activity {activity.audit_label}",
        changes={"fields": ["reply", "on_waiting_list"]},
        request=request,
    )
    current.delete()
    if had_place and not has_ended(activity) and activity.status != Activity.Status.CANCELLED:
        return _fill_places(activity, actor=actor, request=request)
    return []


def invitations_give_up(
    *, person: Person, actor: User | None = None, request: HttpRequest | None = None
) -> list[Invitation]:
    """On erasure: at activities still to come (not started, not cancelled) the person's reply becomes no and
    they come off the waiting list, since they can neither come nor be told anything. A place they had goes to
    the first person waiting, who gets a message. Replies to activities that have started stay, so the numbers
    stay right. Runs in the caller's transaction; returns who got a place."""
    to_come = Invitation.objects.filter(
        person=person, activity__in=Activity.objects.filter(places_can_move_q(timezone.now())).values("pk")
    )
    freed = list(to_come.coming().values_list("activity_id", flat=True))
    # Locked in a fixed order before any place moves, like every other change to places.
    activities = list(
        Activity.objects.select_for_update(of=("self",))
        .select_related("organisation", "venue")
        .filter(pk__in=freed)
        .order_by("pk")
    )
    to_come.exclude(reply=Reply.NO, on_waiting_list=False).update(
        reply=Reply.NO, on_waiting_list=False, updated_at=timezone.now()
    )
    promoted: list[Invitation] = []
    for activity in activities:
        promoted += _fill_places(activity, actor=actor, request=request)
    return promoted
