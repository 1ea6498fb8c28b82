"""Activities as iCalendar (RFC 5545): one activity's .ics file (attached to emails, downloaded from "add to
calendar"), a person's private feed of the activities they have a place at, and links that add an activity to
Google Calendar or Outlook on the web.

Each activity keeps one UID for life; its SEQUENCE grows with every change (seconds between creation and the last
change), so calendars replace the event instead of adding a second. Where and how to join (the address, the
online link, the phone details) go only to people with a place, as in the messages.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from coproduce.engagement.models import Activity, CalendarFeed, Invitation, JoinWay, Reply
from coproduce.people.models import Person

PRODID = "-//Coproduce//Activities//EN"
LONDON = ZoneInfo("Europe/London")
# An activity with a start but no end shows in calendars as lasting this long.
DEFAULT_LENGTH = dt.timedelta(hours=1)
# The feed lists activities from this long ago onwards (and everything to come).
FEED_PAST = dt.timedelta(days=92)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "coproduce"


def activity_uid(activity: Activity) -> str:
    return f"activity-{activity.pk}@{_host()}"


def activity_sequence(activity: Activity) -> int:
    """Grows whenever the activity is saved: seconds from its creation to its last change."""
    if activity.created_at is None or activity.updated_at is None:
        return 0
    return max(int((activity.updated_at - activity.created_at).total_seconds()), 0)


def has_calendar_time(activity: Activity) -> bool:
    """Whether the activity can go in a calendar: a start time, or an open window with dates."""
    return activity.starts_at is not None or activity.window_opens_on is not None


def _times(activity: Activity) -> tuple[dt.datetime | dt.date, dt.datetime | dt.date] | None:
    if activity.starts_at is not None:
        start = activity.starts_at.astimezone(LONDON)
        end = activity.ends_at.astimezone(LONDON) if activity.ends_at else start + DEFAULT_LENGTH
        return start, end
    if activity.window_opens_on is not None:
        # All-day: DTEND is the day after the last day (RFC 5545 3.6.1).
        last = activity.window_closes_on or activity.window_opens_on
        return activity.window_opens_on, last + dt.timedelta(days=1)
    return None


def _event(activity: Activity, *, details: bool, joining: str = "") -> icalendar.Event | None:
    from coproduce.engagement.messages import joining_lines, location_text

    times = _times(activity)
    if times is None:
        return None
    start, end = times
    cancelled = activity.status == Activity.Status.CANCELLED
    online = activity.join_online and joining in ("", JoinWay.ONLINE) and not cancelled
    description = [activity.description.strip()] if activity.description.strip() else []
    if details and not cancelled:
        description += joining_lines(activity, joining=joining)
    if cancelled:
        description.insert(0, "This activity has been cancelled.")
    event = icalendar.Event.new(
        uid=activity_uid(activity),
        summary=("Cancelled: " if cancelled else "") + activity.title,
        start=start,
        end=end,
        stamp=activity.updated_at or timezone.now(),
        sequence=activity_sequence(activity),
        status="CANCELLED" if cancelled else "CONFIRMED",
        description="\n\n".join(description) or None,
        location=location_text(activity, full=details) or None,
        url=activity.online_link if details and online and activity.online_link else None,
    )
    return event


def _calendar(events: list[icalendar.Event], *, name: str = "", method: str | None = None) -> bytes:
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name or None, method=method)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def activity_ics(
    activity: Activity,
    *,
    for_person: Person | None = None,
    invitation: Invitation | None = None,
    details: bool | None = None,
    method: str | None = None,
) -> bytes:
    """One activity as an iCalendar file. For a person (or their `invitation`, which saves a query), where and how
    to join are included only if they have a place; without a person (staff), `details` decides (default: yes).
    `method="PUBLISH"` for email attachments (mail programs then offer to add it, not to answer it)."""
    if for_person is not None and invitation is None:
        invitation = Invitation.objects.filter(activity=activity, person=for_person).first()
    if details is None:
        details = True if for_person is None and invitation is None else _invitation_has_place(invitation)
    event = _event(activity, details=details, joining=invitation.joining if invitation and details else "")
    return _calendar([event] if event else [], method=method)


def _invitation_has_place(invitation: Invitation | None) -> bool:
    return invitation is not None and invitation.reply == Reply.YES and not invitation.on_waiting_list


def feed_for(person: Person) -> CalendarFeed:
    """The person's calendar feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person, defaults={"organisation": person.organisation})
    return feed


def feed_url(person: Person) -> str:
    return settings.SITE_URL + reverse("engagement:calendar_feed", kwargs={"feed_key": feed_for(person).key})


def feed_revoke(person: Person) -> None:
    """Stop the person's feed address working, if they have one (their links were cancelled): a new address is made
    the next time a page shows it."""
    from coproduce.engagement.models import new_feed_key

    CalendarFeed.objects.filter(person=person).update(key=new_feed_key(), updated_at=timezone.now())


def feed_ics(person: Person, *, now: dt.datetime | None = None) -> bytes:
    """The activities the person has a place at, from three months ago onwards, cancelled ones included (so a
    calendar that already has them shows them as cancelled)."""
    now = now or timezone.now()
    since = now - FEED_PAST
    invitations = (
        Invitation.objects.coming()
        .filter(person=person, activity__organisation_id=person.organisation_id)
        .filter(activity__starts_at__gte=since)
        .select_related("activity", "activity__venue")
        .order_by("activity__starts_at")
    )
    windows = (
        Invitation.objects.coming()
        .filter(person=person, activity__organisation_id=person.organisation_id)
        .filter(activity__starts_at__isnull=True, activity__window_opens_on__isnull=False)
        .exclude(activity__window_closes_on__lt=since.date())
        .select_related("activity", "activity__venue")
    )
    events = []
    for invitation in [*invitations, *windows]:
        event = _event(invitation.activity, details=True, joining=invitation.joining)
        if event is not None:
            events.append(event)
    name = f"{person.organisation.name}: activities"
    return _calendar(events, name=name)


# --- "Add to calendar" links --------------------------------------------------------------------------------


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(activity: Activity, *, details: bool = False) -> str:
    """Google Calendar's "create event" page filled in with the activity."""
    times = _times(activity)
    if times is None:
        return ""
    from coproduce.engagement.messages import joining_lines, location_text

    start, end = times
    dates = f"{_utc(start)}/{_utc(end)}" if isinstance(start, dt.datetime) else f"{start:%Y%m%d}/{end:%Y%m%d}"
    text = [activity.description.strip()] if activity.description.strip() else []
    if details:
        text += joining_lines(activity)
    query = {"action": "TEMPLATE", "text": activity.title, "dates": dates, "ctz": "Europe/London"}
    if text:
        query["details"] = "\n\n".join(text)
    location = location_text(activity, full=details)
    if location:
        query["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(activity: Activity, *, details: bool = False, office365: bool = False) -> str:
    """Outlook on the web's "new event" page filled in with the activity (outlook.live.com for personal accounts,
    outlook.office.com for work ones)."""
    times = _times(activity)
    if times is None:
        return ""
    from coproduce.engagement.messages import joining_lines, location_text

    start, end = times
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": activity.title}
    if isinstance(start, dt.datetime):
        query |= {"startdt": start.isoformat(), "enddt": end.isoformat()}
    else:
        query |= {"startdt": start.isoformat(), "enddt": end.isoformat(), "allday": "true"}
    text = [activity.description.strip()] if activity.description.strip() else []
    if details:
        text += joining_lines(activity)
    if text:
        query["body"] = "\n\n".join(text)
    location = location_text(activity, full=details)
    if location:
        query["location"] = location
    host = "outlook.office.com" if office365 else "outlook.live.com"
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode(query)


# --- A signed link to one activity's .ics for one person (in emails sent through Notify, on the reply page) ---

ICS_SALT = "coproduce.engagement.invitation-ics"
ICS_LINK_LIFETIME = dt.timedelta(days=365)


def _ics_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=ICS_SALT)


def invitation_ics_token(invitation: Invitation) -> str:
    return _ics_signer().sign_object({"i": str(invitation.pk), "k": invitation.person.access_key[:12]}, compress=True)


def invitation_from_ics_token(token: str) -> Invitation | None:
    """The invitation a link was made for, or None if forged, expired, cancelled (new access key) or erased."""
    try:
        data = _ics_signer().unsign_object(token, max_age=ICS_LINK_LIFETIME)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    invitation = (
        Invitation.objects.filter(pk=data.get("i"), person__erased_at__isnull=True)
        .select_related("activity", "activity__venue", "person")
        .first()
    )
    if invitation is None or invitation.person.access_key[:12] != data.get("k"):
        return None
    return invitation


def invitation_ics_url(invitation: Invitation) -> str:
    """The full address of the person's .ics for this activity ("" if the calendar URLs are not installed)."""
    try:
        path = reverse("engagement:invitation_ics", kwargs={"link": invitation_ics_token(invitation)})
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def activity_ics_url(activity: Activity) -> str:
    """The staff download of the activity's .ics ("" if the calendar URLs are not installed)."""
    try:
        return reverse("engagement:activity_ics", kwargs={"activity_id": activity.pk})
    except NoReverseMatch:
        return ""
