"""Template helpers for replies: the replies section of the activity page, and a person's involvement history on
the person page. Both run a fixed number of queries, however many invitations there are."""

from __future__ import annotations

import datetime as dt

from django import template
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.engagement.models import Activity, Attendance, Invitation, Reply
from coproduce.engagement.services import barriers as barrier_services
from coproduce.engagement.services import invitations as services

register = template.Library()

# Rows shown on the activity page; the rest are on the replies page.
SECTION_ROWS = 50
# Activities shown in a person's involvement history.
HISTORY_ROWS = 50


def _user(context: template.Context):
    request = context.get("request")
    return getattr(request, "user", None)


def reply_order() -> Case:
    """Coming first, then maybe, the waiting list, not replied yet, and no."""
    return Case(
        When(reply=Reply.YES, on_waiting_list=False, then=Value(0)),
        When(reply=Reply.MAYBE, then=Value(1)),
        When(reply=Reply.YES, on_waiting_list=True, then=Value(2)),
        When(reply=Reply.INVITED, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )


@register.inclusion_tag("engagement/reply_activity_section.html", takes_context=True)
def activity_replies(context: template.Context, activity: Activity) -> dict:
    user = _user(context)
    can_see_people = bool(user and user.has_perm("people.view_people", activity))
    can_invite = bool(user and user.has_perm("engagement.invite_people", activity))
    counts = services.reply_counts(activity)
    rows = []
    if can_see_people and counts.invited:
        rows = list(
            Invitation.objects.filter(activity=activity)
            .select_related("person")
            .only(
                "id",
                "reply",
                "joining",
                "on_waiting_list",
                "replied_at",
                "channel",
                "note",
                "activity_id",
                "person__id",
                "person__full_name",
                "person__preferred_name",
            )
            .order_by(reply_order(), "replied_at", "created_at")[:SECTION_ROWS]
        )
    open_todo = None
    if counts.coming or counts.maybe:
        open_todo = len(barrier_services.activity_barriers(activity).open_todo)
    return {
        "activity": activity,
        "counts": counts,
        "rows": rows,
        "more": max(counts.invited - len(rows), 0) if rows else 0,
        "open_todo": open_todo,
        "can_see_people": can_see_people,
        "can_invite": can_invite,
        "is_open": activity.status != Activity.Status.CANCELLED and not services.has_ended(activity),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def involvement_history(context: template.Context, person) -> list[dict]:
    """The activities the person was invited to or came to, newest first: one row per activity, with their reply
    and whether they came. Empty for members who may not see activities."""
    user = _user(context)
    if user is None or not user.has_perm("engagement.view_activities", person):
        return []
    rows: dict = {}
    invitations = (
        Invitation.objects.filter(person=person).select_related("activity").order_by("-created_at")[:HISTORY_ROWS]
    )
    for invitation in invitations:
        rows[invitation.activity_id] = {"activity": invitation.activity, "invitation": invitation, "attendance": None}
    attendance = (
        Attendance.objects.filter(person=person).select_related("activity").order_by("-created_at")[:HISTORY_ROWS]
    )
    for line in attendance:
        row = rows.setdefault(line.activity_id, {"activity": line.activity, "invitation": None, "attendance": None})
        row["attendance"] = line
    for row in rows.values():
        row["when"] = _when(row["activity"]) or (row["invitation"] or row["attendance"]).created_at
    return sorted(rows.values(), key=lambda row: row["when"], reverse=True)[:HISTORY_ROWS]


def _when(activity: Activity) -> dt.datetime | None:
    """When the activity happens, for sorting: its start, or the first day of its window."""
    if activity.starts_at is not None:
        return activity.starts_at
    day = activity.window_opens_on or activity.window_closes_on
    return timezone.make_aware(dt.datetime.combine(day, dt.time())) if day else None


REPLY_LABELS = {
    Reply.MAYBE: _("Maybe"),
    Reply.NO: _("Not coming"),
    Reply.INVITED: _("Not replied yet"),
}


@register.filter
def reply_label(invitation: Invitation) -> str:
    """How the person replied, in staff wording."""
    if invitation.reply == Reply.YES:
        return str(_("On the waiting list") if invitation.on_waiting_list else _("Coming"))
    return str(REPLY_LABELS.get(invitation.reply, ""))


@register.filter
def reply_tag_class(invitation: Invitation) -> str:
    if invitation.reply == Reply.YES:
        return "govuk-tag--yellow" if invitation.on_waiting_list else "govuk-tag--green"
    return {Reply.MAYBE: "govuk-tag--blue", Reply.NO: "govuk-tag--grey"}.get(invitation.reply, "govuk-tag--light-blue")
