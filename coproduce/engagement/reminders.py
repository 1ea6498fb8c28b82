"""Reminders before an activity, to everyone with a place (yes, not on the waiting list).

An activity's `reminder_minutes` says how long before the start they go (in minutes); an empty list, including
one saved on purpose, means the default of 2 days and 2 hours (`Activity.DEFAULT_REMINDER_MINUTES`): to send none,
an activity would need its own setting, which no form offers yet.

`reminders_queue` runs every 5 minutes (cron: `manage.py queue_reminders`, or the `queue_reminders` task). A
reminder is due from its time until the activity starts: a late run still sends it, but nothing goes once the
activity has started. When several reminders are due at once (the worker was down, or the activity was added
late), only the nearest to the start goes. Someone whose place was confirmed after a reminder's time gets no copy
of that one: their confirmation said it all. Each person gets each reminder once for each start time (key
"reminder:<invitation>:<start, a UTC timestamp>:<minutes>"), so a moved activity gets its reminders again for the
new time, and a reminder still waiting to go for the old time is cancelled (`stale_reminders_cancel`, called with
the change messages). A reminder that has not gone by the start (an outage) is not sent at all (`send_before`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.comms.models import Kind, Message
from coproduce.comms.outbox import contact_allowed
from coproduce.engagement import messages
from coproduce.engagement.models import Activity, Invitation

# How far ahead to look for activities: the longest reminder anyone would set (a custom one up to 4 weeks).
LOOKAHEAD = dt.timedelta(days=28)


def reminder_key(invitation_id, starts_at: dt.datetime, minutes: int) -> str:
    return f"{_key_prefix(invitation_id, starts_at)}{minutes}"


def _key_prefix(invitation_id, starts_at: dt.datetime) -> str:
    return f"reminder:{invitation_id}:{int(starts_at.timestamp())}:"


def stale_reminders_cancel(activity: Activity) -> int:
    """Cancel the activity's reminders that are still waiting to go but no longer fit: queued for another start time
    (the activity moved) or for an activity that is cancelled or has no time now. Returns how many."""
    invitations = {str(pk) for pk in Invitation.objects.filter(activity=activity).values_list("pk", flat=True)}
    if not invitations:
        return 0
    waiting = Message.objects.filter(
        organisation_id=activity.organisation_id,
        kind=Kind.REMINDER,
        status=Message.Status.QUEUED,
        person_id__in=Invitation.objects.filter(activity=activity).values("person_id"),
    ).values_list("pk", "idempotency_key")
    current = activity.status == Activity.Status.PLANNED and activity.starts_at is not None
    stale = []
    for pk, key in waiting:
        parts = key.split(":")
        if len(parts) < 3 or parts[0] != "reminder" or parts[1] not in invitations:
            continue  # another activity's reminder for the same person
        if current and key.startswith(_key_prefix(parts[1], activity.starts_at)):
            continue
        stale.append(pk)
    if not stale:
        return 0
    return Message.objects.filter(pk__in=stale, status=Message.Status.QUEUED).update(
        status=Message.Status.CANCELLED, last_error="The activity's time changed, or it was cancelled"
    )


def reminder_offsets(activity: Activity) -> list[int]:
    """Minutes before the start, largest first. Empty or unreadable settings mean the default."""
    raw = activity.reminder_minutes or ()
    minutes = sorted({int(m) for m in raw if isinstance(m, int | float) and 0 < m <= LOOKAHEAD.total_seconds() / 60})
    return sorted(minutes or Activity.DEFAULT_REMINDER_MINUTES, reverse=True)


def reminder_times(activity: Activity) -> list[tuple[int, dt.datetime]]:
    """(minutes, when it is due) for each of the activity's reminders."""
    if activity.starts_at is None:
        return []
    return [(minutes, activity.starts_at - dt.timedelta(minutes=minutes)) for minutes in reminder_offsets(activity)]


def due_reminder(activity: Activity, now: dt.datetime) -> tuple[int, dt.datetime] | None:
    """The reminder to send now: the one nearest the start whose time has come, if the activity has not started."""
    if activity.starts_at is None or now >= activity.starts_at or activity.status != Activity.Status.PLANNED:
        return None
    due = [(minutes, at) for minutes, at in reminder_times(activity) if at <= now]
    return min(due) if due else None


def _relative(activity: Activity, now: dt.datetime, *, short: bool = False) -> str:
    """today at 10am, tomorrow at 10am, or on Thursday 3 December 2026, 10am to midday (on Thu 3 Dec, 10am)."""
    start = timezone.localtime(activity.starts_at)
    days = (start.date() - timezone.localtime(now).date()).days
    if days == 0:
        return _("today at %(time)s") % {"time": messages.time_text(start)}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": messages.time_text(start)}
    when = messages.short_when_text(activity) if short else messages.when_text(activity)
    return _("on %(when)s") % {"when": when}


def reminder_message_queue(
    invitation: Invitation,
    *,
    minutes: int,
    reply_url: str,
    now: dt.datetime | None = None,
    allowed: set | None = None,
) -> Message | None:
    """One reminder to one person with a place (None if they cannot be contacted)."""
    activity = invitation.activity
    now = now or timezone.now()
    when = _relative(activity, now)
    email = [
        messages._greeting(invitation),
        _("This is a reminder that %(title)s is %(when)s.") % {"title": activity.title, "when": when},
        messages._place_details(invitation),
        _("If you can't come now, please tell us so someone else can have your place:\n%(url)s") % {"url": reply_url},
    ]
    sms = _("Hi %(name)s, reminder: %(title)s is %(when)s. Details, or tell us if you can't come: %(url)s") % {
        "name": invitation.person.display_name,
        "title": activity.title,
        "when": _relative(activity, now, short=True),
        "url": reply_url,
    }
    return messages._queue(
        invitation,
        kind=Kind.REMINDER,
        key=reminder_key(invitation.pk, activity.starts_at, minutes),
        subject=_("Reminder: %(title)s, %(when)s")
        % {"title": activity.title, "when": messages.short_when_text(activity)},
        email="\n\n".join(email),
        sms=sms,
        allowed=allowed,
        send_before=activity.starts_at,
    )


@dataclass
class ReminderReport:
    activities: int = 0
    queued: int = 0


def activity_reminders_queue(
    activity: Activity, *, now: dt.datetime, reply_url_for: messages.ReplyUrl | None = None
) -> int:
    """Queue the due reminder of one activity to everyone with a place. Returns how many were queued."""
    due = due_reminder(activity, now)
    if due is None:
        return 0
    minutes, at = due
    reply_url_for = reply_url_for or messages._own_link
    invitations = list(
        Invitation.objects.coming()
        .filter(activity=activity)
        .select_related("person", "person__organisation")
        .order_by("created_at")
    )
    allowed = contact_allowed({i.person_id for i in invitations})
    keys = {reminder_key(i.pk, activity.starts_at, minutes) for i in invitations}
    sent = set(
        Message.objects.filter(organisation_id=activity.organisation_id, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    queued = 0
    for invitation in invitations:
        invitation.activity = activity
        if reminder_key(invitation.pk, activity.starts_at, minutes) in sent:
            continue
        if (invitation.replied_at or invitation.created_at) > at:
            continue  # their place was confirmed after this reminder's time: the confirmation said it all
        message = reminder_message_queue(
            invitation, minutes=minutes, reply_url=reply_url_for(invitation), now=now, allowed=allowed
        )
        queued += message is not None
    return queued


def reminders_queue(
    *, now: dt.datetime | None = None, reply_url_for: messages.ReplyUrl | None = None
) -> ReminderReport:
    """Queue every reminder that is due now, across organisations (each activity in its own transaction)."""
    now = now or timezone.now()
    report = ReminderReport()
    activities = (
        Activity.objects.filter(status=Activity.Status.PLANNED, starts_at__gt=now, starts_at__lte=now + LOOKAHEAD)
        .select_related("organisation", "venue")
        .order_by("starts_at")
    )
    for activity in activities:
        if due_reminder(activity, now) is None:
            continue
        with transaction.atomic():
            queued = activity_reminders_queue(activity, now=now, reply_url_for=reply_url_for)
        report.activities += 1
        report.queued += queued
    return report
