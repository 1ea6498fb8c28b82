"""Activities: planning one (with the rules every way of writing one follows), changing it (telling the people
coming about a new date, time, place or link), cancelling it (telling them too), and the warnings shown to the
organiser, computed by coproduce/analysis/activity_warnings.py from the activity, its invitees and the holidays.

Messages to people go through coproduce/engagement/messages.py, queued in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.analysis.activity_warnings import ActivityFacts, Invitee, Warning, activity_warnings
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, ActivityKind, Invitation, Reply, Venue
from coproduce.engagement.services.holidays import bank_holidays_between, school_holidays_between
from coproduce.organisations.models import Membership
from coproduce.projects.models import Project

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

ACTIVITY_FIELDS = (
    "title",
    "kind",
    "description",
    "stage",
    "starts_at",
    "ends_at",
    "window_opens_on",
    "window_closes_on",
    "capacity",
    "join_in_person",
    "venue",
    "join_online",
    "online_link",
    "join_phone",
    "phone_details",
    "join_post",
    "join_async",
    "childcare",
    "interpreter_languages",
    "bsl",
    "easy_read",
    "large_print",
    "travel_costs_paid",
    "food",
    "devices_or_data",
    "lead_on_duty",
    "children_present",
    "ratio_adults",
    "ratio_children",
    "is_recorded",
    "is_public",
    "reminder_minutes",
)
MANY_FIELDS = ("hubs", "stakeholder_groups", "facilitators")
FOREIGN_KEYS = ("stage", "venue", "lead_on_duty")
# Changes the people coming are told about.
TIMING_FIELDS = ("starts_at", "ends_at", "window_opens_on", "window_closes_on")
# Reminders may be set up to four weeks before.
LONGEST_REMINDER_MINUTES = 28 * 24 * 60


def _messages():
    """The messages module, imported late: it imports the comms app, which must not be needed to load this one."""
    from coproduce.engagement import messages

    return messages


def has_ended(activity: Activity, now: dt.datetime | None = None) -> bool:
    """Whether the activity is over: its end (or start) has passed, or its open window has closed."""
    now = now or timezone.now()
    if activity.starts_at is not None:
        return (activity.ends_at or activity.starts_at) < now
    if activity.window_closes_on is not None:
        return activity.window_closes_on < timezone.localdate(now)
    return False


def not_ended_q(now: dt.datetime) -> Q:
    """Activities that have not ended (upcoming or happening now): the same rule as has_ended, for queries."""
    return (
        Q(ends_at__gte=now)
        | Q(ends_at__isnull=True, starts_at__gte=now)
        | Q(starts_at__isnull=True, window_closes_on__gte=timezone.localdate(now))
        | Q(starts_at__isnull=True, window_closes_on__isnull=True)
    )


def normalise_languages(text: str) -> str:
    """ "polish,  Arabic ," -> "Polish, Arabic" (each language once, as first written, capitalised)."""
    seen: dict[str, str] = {}
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name[0].upper() + name[1:]
    return ", ".join(seen.values())


def places_taken(activity: Activity) -> int:
    # Erased people hold no place (erasure gives theirs up; this also covers anyone erased before that).
    return Invitation.objects.filter(activity=activity, person__erased_at__isnull=True).coming().count()


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def _check_members(organisation: Organisation, users: list, field: str, errors: dict) -> None:
    if Membership.objects.member_ids(organisation.pk, users) != {user.pk for user in users if user is not None}:
        errors[field] = _("Choose members of your own organisation")


def activity_check(
    *,
    organisation: Organisation,
    project: Project,
    fields: dict,
    activity: Activity | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Every rule an activity must meet, as a ValidationError naming each field (model field names, and
    "ways_to_join" for the ways as a whole). `fields` are the values after the change (for a change, the current
    values with the new ones on top)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    is_new = activity is None
    if activity is not None and activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity was cancelled, so it cannot be changed."))
    if is_new and project.status == Project.Status.CLOSED:
        raise ValidationError(_("This project is closed. Reopen it before planning new activities."))
    if project.organisation_id != organisation.pk:
        raise ValidationError(_("Choose one of your own organisation's projects."))

    if not (fields.get("title") or "").strip():
        errors["title"] = _("Enter a title for the activity")
    if fields.get("kind") not in ActivityKind.values:
        errors["kind"] = _("Choose what kind of activity it is")
    stage = fields.get("stage")
    if stage is not None and stage.project_id != project.pk:
        errors["stage"] = _("Choose one of this project's stages")

    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    opens_on, closes_on = fields.get("window_opens_on"), fields.get("window_closes_on")
    has_window = opens_on is not None or closes_on is not None
    if starts_at is None and not has_window:
        errors["starts_at"] = _("Enter when it happens: a date and start time, or the days it is open")
    elif starts_at is not None and has_window:
        errors["starts_at"] = _("Give either a date and time or the days it is open, not both")
    elif starts_at is not None:
        if ends_at is None:
            errors["ends_at"] = _("Enter the end time")
        elif ends_at <= starts_at:
            errors["ends_at"] = _("The end time must be after the start time")
        moved = activity is not None and activity.starts_at != starts_at
        was_upcoming = activity is None or activity.starts_at is None or activity.starts_at >= now
        if starts_at < now and (is_new or (moved and was_upcoming)):
            errors["starts_at"] = (
                _("The date must be today or in the future")
                if timezone.localtime(starts_at).date() < today
                else _("The start time has already passed today: enter a later time or another date")
            )
    else:
        if opens_on is None:
            errors["window_opens_on"] = _("Enter the first day it is open")
        if closes_on is None:
            errors["window_closes_on"] = _("Enter the last day it is open")
        if opens_on and closes_on and closes_on < opens_on:
            errors["window_closes_on"] = _("The last day must be the same as or after the first day")
        elif closes_on and closes_on < today and (is_new or activity.window_closes_on != closes_on):
            errors["window_closes_on"] = _("The last day must be today or in the future")

    capacity = fields.get("capacity")
    if capacity is not None:
        if capacity < 1:
            errors["capacity"] = _("Places must be 1 or more, or leave it empty for no limit")
        elif activity is not None:
            taken = places_taken(activity)
            if capacity < taken:
                errors["capacity"] = ngettext(
                    "%(count)s person already has a place. Set places to %(count)s or more, or leave it empty for "
                    "no limit.",
                    "%(count)s people already have a place. Set places to %(count)s or more, or leave it empty "
                    "for no limit.",
                    taken,
                ) % {"count": taken}

    ways = [name for name in Activity.JOIN_FIELDS.values() if fields.get(name)]
    if not ways:
        errors["ways_to_join"] = _("Choose at least one way to join")
    venue = fields.get("venue")
    if fields.get("join_in_person"):
        if venue is None:
            errors["venue"] = _("Choose the venue for people coming in person")
        elif venue.organisation_id != organisation.pk:
            errors["venue"] = _("Choose one of your own organisation's venues")
        elif venue.is_archived and (activity is None or activity.venue_id != venue.pk):
            errors["venue"] = _("%(name)s is archived: choose another venue, or bring it back on the venues page") % {
                "name": venue.name
            }
    link = (fields.get("online_link") or "").strip()
    if fields.get("join_online") and not link:
        errors["online_link"] = _("Enter the link to join online")
    elif link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            errors["online_link"] = _("Enter a web address in the correct format, like https://meet.example.org/abc")
    if fields.get("join_phone") and not (fields.get("phone_details") or "").strip():
        errors["phone_details"] = _("Say how to join by phone, for example the number to call")

    adults, children = fields.get("ratio_adults"), fields.get("ratio_children")
    if (adults is None) != (children is None):
        errors["ratio_adults" if adults is None else "ratio_children"] = _(
            "Give both numbers of the ratio, for example 1 adult to 4 children"
        )
    elif adults is not None and (adults < 1 or children < 1):
        errors["ratio_adults"] = _("Both numbers of the ratio must be 1 or more")

    reminders = fields.get("reminder_minutes") or []
    if any(not isinstance(m, int) or isinstance(m, bool) or not 0 < m <= LONGEST_REMINDER_MINUTES for m in reminders):
        errors["reminder_minutes"] = _("Reminders can be sent from a few minutes to 4 weeks before")

    for field in ("hubs", "stakeholder_groups"):
        if any(item.organisation_id != organisation.pk for item in fields.get(field) or []):
            errors[field] = _("Choose from your own organisation's list")
    _check_members(organisation, list(fields.get("facilitators") or []), "facilitators", errors)
    _check_members(organisation, [fields.get("lead_on_duty")], "lead_on_duty", errors)
    if errors:
        raise ValidationError(errors)


def _clean(fields: dict) -> dict:
    """Tidy the values: trim text, drop the details of ways to join that are not offered, sort reminders."""
    fields = dict(fields)
    for name in ("title", "online_link", "phone_details"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if "interpreter_languages" in fields:
        fields["interpreter_languages"] = normalise_languages(fields["interpreter_languages"])
    if "join_in_person" in fields and not fields["join_in_person"]:
        fields["venue"] = None
    if "join_online" in fields and not fields["join_online"]:
        fields["online_link"] = ""
    if "join_phone" in fields and not fields["join_phone"]:
        fields["phone_details"] = ""
    if "reminder_minutes" in fields:
        fields["reminder_minutes"] = sorted(set(fields["reminder_minutes"] or []), reverse=True)
    return fields


def current_values(activity: Activity) -> dict:
    values: dict[str, Any] = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    for name in MANY_FIELDS:
        values[name] = list(getattr(activity, name).all())
    return values


@transaction.atomic
def activity_create(
    *, actor: User, project: Project, request: HttpRequest | None = None, now: dt.datetime | None = None, **fields
) -> Activity:
    """Plan an activity for a project. Reminders default to 2 days and 2 hours before."""
    fields.setdefault("reminder_minutes", list(Activity.DEFAULT_REMINDER_MINUTES))
    fields = _clean(fields)
    organisation = project.organisation
    activity_check(organisation=organisation, project=project, fields=fields, now=now)
    activity = Activity.objects.create(
        organisation=organisation,
        project=project,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{name: fields[name] for name in ACTIVITY_FIELDS if name in fields},
    )
    for name in MANY_FIELDS:
        if fields.get(name):
            getattr(activity, name).set(fields[name])
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=activity,
        changes={"fields": sorted(name for name in (*ACTIVITY_FIELDS, *MANY_FIELDS) if fields.get(name))},
        summary=f"Planned activity {activity.title}",
        request=request,
    )
    return activity


def _changed(activity: Activity, fields: dict) -> list[str]:
    changed = []
    for name in ACTIVITY_FIELDS:
        if name not in fields:
            continue
        old = getattr(activity, f"{name}_id") if name in FOREIGN_KEYS else getattr(activity, name)
        new = _pk(fields[name]) if name in FOREIGN_KEYS else fields[name]
        if old != new:
            changed.append(name)
    for name in MANY_FIELDS:
        if name in fields and {item.pk for item in getattr(activity, name).all()} != {item.pk for item in fields[name]}:
            changed.append(name)
    return changed


def _change_lines(activity: Activity, changed: list[str]) -> list[str]:
    """What the people coming are told, in plain English (see coproduce.engagement.messages)."""
    messages = _messages()
    lines = []
    if any(name in changed for name in TIMING_FIELDS):
        lines.append(_("It is now %(when)s.") % {"when": messages.when_text(activity)})
    if "venue" in changed:
        if activity.venue is not None:
            lines.append(_("It is now at %(where)s.") % {"where": messages.location_text(activity, full=False)})
        else:
            lines.append(_("You can no longer join in person."))
    if "online_link" in changed:
        lines.append(
            _("The link to join online has changed.") if activity.online_link else _("You can no longer join online.")
        )
    return lines


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity: Activity,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
    **fields,
) -> Activity:
    """Change an activity. A new date or time, venue or online link is sent to everyone who said yes or maybe;
    more places go to the waiting list, first come first served."""
    now = now or timezone.now()
    # Locked before places are counted (in the check), so nobody takes a place between the count and the save.
    # Imported late, like the messages, so this module loads without the invitations part.
    from coproduce.engagement.services.invitations import lock_activity

    lock_activity(activity.pk)
    fields = _clean(fields)
    merged = {**current_values(activity), **fields}
    activity_check(
        organisation=activity.organisation, project=activity.project, fields=merged, activity=activity, now=now
    )
    changed = _changed(activity, fields)
    if not changed:
        return activity
    more_places = "capacity" in changed and (
        fields["capacity"] is None or (activity.capacity is not None and fields["capacity"] > activity.capacity)
    )
    for name in ACTIVITY_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    activity.save()
    for name in MANY_FIELDS:
        if name in changed:
            getattr(activity, name).set(fields[name])
    if {"starts_at", "window_closes_on", "venue", "hubs"} & set(changed):
        # The involvement records of those who came follow the activity's new date and hub.
        from coproduce.insights.involvement import activity_moved

        activity_moved(activity)
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=activity.organisation,
        obj=activity,
        changes={"fields": changed},
        summary=f"Changed activity {activity.title}",
        request=request,
    )
    if more_places and not has_ended(activity, now):
        from coproduce.engagement.services.invitations import waiting_list_fill

        waiting_list_fill(activity=activity, actor=actor, request=request)
    told = [name for name in changed if name in (*TIMING_FIELDS, "venue", "online_link")]
    if told and not has_ended(activity, now):
        lines = _change_lines(activity, told)
        if lines:
            _messages().activity_change_messages_queue(activity, changes=lines)
    return activity


@transaction.atomic
def activity_cancel(
    *, actor: User, activity: Activity, reason: str, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> Activity:
    """Cancel an activity, saying why; everyone who said yes or maybe (and the waiting list) is told."""
    reason = (reason or "").strip()
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity has already been cancelled."))
    if has_ended(activity, now):
        raise ValidationError(_("This activity has already happened, so it cannot be cancelled."))
    if not reason:
        raise ValidationError({"reason": _("Say why the activity is cancelled")})
    activity.status = Activity.Status.CANCELLED
    activity.cancelled_reason = reason
    activity.save(update_fields=["status", "cancelled_reason", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=activity.organisation,
        obj=activity,
        changes={"fields": ["status", "cancelled_reason"]},
        summary=f"Cancelled activity {activity.title}",
        request=request,
    )
    _messages().activity_cancellation_messages_queue(activity)
    return activity


# --- reading --------------------------------------------------------------------------------------------------


def place_counts(activity: Activity) -> dict[str, int]:
    """How many people are coming, maybe coming, waiting, not replied, and said no (one query)."""
    counts = Invitation.objects.filter(activity=activity).aggregate(
        coming=Count("pk", filter=Q(reply=Reply.YES, on_waiting_list=False)),
        waiting=Count("pk", filter=Q(reply=Reply.YES, on_waiting_list=True)),
        maybe=Count("pk", filter=Q(reply=Reply.MAYBE)),
        invited=Count("pk", filter=Q(reply=Reply.INVITED)),
        declined=Count("pk", filter=Q(reply=Reply.NO)),
    )
    return {key: value or 0 for key, value in counts.items()}


def _invitees(activity: Activity, on: dt.date) -> list[Invitee]:
    """The people invited who have not said no, with their household's children under 5 on the day and the
    times they said do not work. Three queries however many people are invited."""
    from coproduce.people.models import AccessNeeds, Child

    invitations = Invitation.objects.filter(activity=activity, person__erased_at__isnull=True).exclude(reply=Reply.NO)
    rows = list(invitations.values_list("person_id", "person__household_id"))
    if not rows:
        return []
    under_5: dict[Any, int] = {}
    children = Child.objects.filter(household_id__in=invitations.values("person__household_id")).only(
        "household_id", "date_of_birth", "age_band"
    )
    for child in children:
        if child.is_under(5, on):
            under_5[child.household_id] = under_5.get(child.household_id, 0) + 1
    times = {
        row[0]: row[1:]
        for row in AccessNeeds.objects.filter(person_id__in=invitations.values("person_id")).values_list(
            "person_id", "not_school_run", "not_working_hours", "not_evenings", "not_weekends"
        )
    }
    invitees = []
    for person_id, household_id in rows:
        school_run, working, evenings, weekends = times.get(person_id, (False, False, False, False))
        invitees.append(
            Invitee(
                household=household_id,
                children_under_5=under_5.get(household_id, 0) if household_id else 0,
                not_school_run=school_run,
                not_working_hours=working,
                not_evenings=evenings,
                not_weekends=weekends,
            )
        )
    return invitees


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None


def activity_warning_list(
    activity: Activity, *, show_counts: bool = True, now: dt.datetime | None = None
) -> list[Warning]:
    """The warnings for a planned activity that has not ended (none for a cancelled or past one). `show_counts`
    is False for members who may not see people's details: they are told "some people" instead of numbers."""
    if activity.status == Activity.Status.CANCELLED or has_ended(activity, now):
        return []
    starts_at, ends_at = _local(activity.starts_at), _local(activity.ends_at)
    holidays, bank = [], {}
    if starts_at is not None:
        first, last = starts_at.date(), (ends_at or starts_at).date()
        holidays = school_holidays_between(activity.organisation_id, first, last)
        bank = bank_holidays_between(first, last)
    day = starts_at.date() if starts_at else (activity.window_opens_on or timezone.localdate(now))
    venue: Venue | None = activity.venue if activity.join_in_person else None
    facts = ActivityFacts(
        ways_to_join=frozenset(activity.ways_to_join),
        starts_at=starts_at,
        ends_at=ends_at,
        childcare=activity.childcare,
        venue_creche=bool(venue and venue.creche),
    )
    return activity_warnings(facts, _invitees(activity, day), holidays, bank, show_counts=show_counts)
