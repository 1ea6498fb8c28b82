"""The messages people get about activities: invitation, confirmation of their reply, a place from the waiting
list, changes, cancellation (and reminders, see reminders.py).

Every function queues through the outbox (coproduce.comms.outbox.message_queue) inside the caller's transaction,
and only to people who may be contacted (consent) by a channel they chose: email if they ticked email and have an
address, otherwise a text message if they ticked text and have a mobile number, otherwise nothing (staff phone or
write). Polls follow the same rule (services/polls.py).
Text messages are short and give a link instead of details. Where and how to join (the address, the online link,
the phone details) go only to people with a place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.comms.models import Channel, Kind, Message
from coproduce.comms.outbox import contact_allowed, message_queue
from coproduce.engagement.models import Activity, Invitation, JoinWay, Reply

ReplyUrl = Callable[[Invitation], str]


# --- words -----------------------------------------------------------------------------------------------------


def time_text(value: dt.datetime) -> str:
    """10am, 10:30am, midday (GOV.UK style)."""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def date_text(value: dt.date) -> str:
    """Thursday 3 December 2026."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def when_text(activity: Activity) -> str:
    """Thursday 3 December 2026, 10am to midday — or the open window for things done in your own time."""
    if activity.starts_at is not None:
        start = timezone.localtime(activity.starts_at)
        text = f"{date_text(start)}, {time_text(start)}"
        if activity.ends_at is not None:
            end = timezone.localtime(activity.ends_at)
            text += _(" to %(end)s") % {
                "end": time_text(end) if end.date() == start.date() else f"{date_text(end)}, {time_text(end)}"
            }
        return text
    if activity.window_opens_on and activity.window_closes_on:
        return _("Any time from %(start)s to %(end)s") % {
            "start": date_text(activity.window_opens_on),
            "end": date_text(activity.window_closes_on),
        }
    if activity.window_closes_on:
        return _("Any time until %(end)s") % {"end": date_text(activity.window_closes_on)}
    if activity.window_opens_on:
        return _("Any time from %(start)s") % {"start": date_text(activity.window_opens_on)}
    return _("Date to be agreed")


def short_when_text(activity: Activity) -> str:
    """Thu 3 Dec, 10am (for text messages)."""
    if activity.starts_at is not None:
        start = timezone.localtime(activity.starts_at)
        return f"{start:%a} {start.day} {start:%b}, {time_text(start)}"
    if activity.window_closes_on:
        day = activity.window_closes_on
        return _("by %(day)s") % {"day": f"{day:%a} {day.day} {day:%b}"}
    return when_text(activity)


def location_text(activity: Activity, *, full: bool) -> str:
    """The venue: its name and postcode for anyone, its full address too for people with a place."""
    if not activity.join_in_person or activity.venue is None:
        return ""
    venue = activity.venue
    parts = [venue.name]
    if full and venue.address.strip():
        parts += [line.strip() for line in venue.address.splitlines() if line.strip()]
    if venue.postcode and venue.postcode not in " ".join(parts):
        parts.append(venue.postcode)
    return ", ".join(parts)


def ways_text(activity: Activity) -> list[str]:
    """The ways to join, without the details only people with a place get."""
    lines = []
    for way in activity.ways_to_join:
        if way == JoinWay.IN_PERSON:
            where = location_text(activity, full=False)
            lines.append(_("In person at %(where)s") % {"where": where} if where else _("In person"))
        elif way == JoinWay.ONLINE:
            lines.append(_("Online (we send the link when you have a place)"))
        elif way == JoinWay.PHONE:
            lines.append(_("By phone (we send the details when you have a place)"))
        elif way == JoinWay.POST:
            lines.append(_("By post or on paper"))
        elif way == JoinWay.ASYNC:
            lines.append(_("In your own time"))
    return lines


def joining_lines(activity: Activity, *, joining: str = "") -> list[str]:
    """Where and how to join, in full: for people with a place only. `joining` (how the person said they will
    join) narrows it to their way; otherwise every way is given."""
    ways = activity.ways_to_join
    if joining in ways:
        ways = [joining]
    lines = []
    if JoinWay.IN_PERSON in ways and activity.venue is not None:
        venue = activity.venue
        text = _("Where: %(where)s") % {"where": location_text(activity, full=True)}
        if venue.how_to_get_there.strip():
            text += "\n" + _("Getting there: %(how)s") % {"how": venue.how_to_get_there.strip()}
        lines.append(text)
    if JoinWay.ONLINE in ways and activity.online_link:
        lines.append(_("Join online: %(link)s") % {"link": activity.online_link})
    if JoinWay.PHONE in ways and activity.phone_details:
        lines.append(_("Join by phone: %(details)s") % {"details": activity.phone_details})
    return lines


def provision_lines(activity: Activity) -> list[str]:
    """What the activity and its venue offer, so people know what help there is."""
    lines = [
        str(Activity._meta.get_field(name).verbose_name) for name in Activity.PROVISIONS if getattr(activity, name)
    ]
    if activity.languages:
        lines.append(_("Interpreters: %(languages)s") % {"languages": ", ".join(activity.languages)})
    if activity.join_in_person and activity.venue is not None:
        venue = activity.venue
        lines += [str(venue._meta.get_field(name).verbose_name) for name in venue.FACILITIES if getattr(venue, name)]
    return lines


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _greeting(invitation: Invitation) -> str:
    return _("Hello %(name)s,") % {"name": invitation.person.display_name}


# --- sending ---------------------------------------------------------------------------------------------------


def can_text(phone: str) -> bool:
    """Whether a text message can go to this number: a number at all, and not a landline."""
    from coproduce.engagement.inbound_sms import normalise_number
    from coproduce.people.services import is_landline

    return normalise_number(phone) is not None and not is_landline(phone)


def preferred_route(person) -> tuple[str, str] | None:
    """The channel and address to use: email if chosen and known, else text if chosen and the number can take texts,
    else None."""
    if person.is_erased:
        return None
    if person.contact_by_email and person.email.strip():
        return Channel.EMAIL, person.email.strip()
    if person.contact_by_text and person.phone.strip() and can_text(person.phone):
        return Channel.SMS, person.phone.strip()
    return None


def _may_contact(invitation: Invitation, allowed: set | None) -> bool:
    if allowed is not None:
        return invitation.person_id in allowed
    return invitation.person_id in contact_allowed({invitation.person_id})


def _queue(
    invitation: Invitation,
    *,
    kind: str,
    key: str,
    subject: str,
    email: str,
    sms: str,
    calendar: bool = False,
    allowed: set | None = None,
    send_before: dt.datetime | None = None,
) -> Message | None:
    person = invitation.person
    route = preferred_route(person)
    if route is None or not _may_contact(invitation, allowed):
        return None
    channel, to = route
    ics = ""
    if calendar and channel == Channel.EMAIL:
        from coproduce.engagement.calendar import activity_ics, has_calendar_time

        if has_calendar_time(invitation.activity):
            ics = activity_ics(invitation.activity, invitation=invitation, method="PUBLISH").decode()
    return message_queue(
        organisation=invitation.activity.organisation,
        person=person,
        channel=channel,
        to=to,
        subject=subject if channel == Channel.EMAIL else "",
        body=email if channel == Channel.EMAIL else sms,
        kind=kind,
        idempotency_key=key,
        calendar=ics,
        send_before=send_before,
    )


def _has_place(invitation: Invitation) -> bool:
    return invitation.reply == Reply.YES and not invitation.on_waiting_list


def _stamp(value: dt.datetime | None) -> str:
    return f"{(value or timezone.now()).timestamp():.6f}"


def _calendar_link(invitation: Invitation) -> str:
    """A link to the activity's .ics for the person (for Notify, which cannot attach one)."""
    from coproduce.engagement.calendar import has_calendar_time, invitation_ics_url

    if not has_calendar_time(invitation.activity):
        return ""
    url = invitation_ics_url(invitation)
    return _("Add it to your calendar: %(url)s") % {"url": url} if url else ""


def _place_details(invitation: Invitation) -> str:
    """When, where and how to join, for someone with a place."""
    activity = invitation.activity
    parts = [_("When: %(when)s") % {"when": when_text(activity)}]
    parts += joining_lines(activity, joining=invitation.joining)
    calendar = _calendar_link(invitation)
    if calendar:
        parts.append(calendar)
    return "\n\n".join(parts)


def invitation_message_queue(invitation: Invitation, *, reply_url: str) -> Message | None:
    """Invite the person by their chosen channel (None if they cannot be contacted that way)."""
    activity = invitation.activity
    organisation = activity.organisation.name
    email = [
        _greeting(invitation),
        _("%(organisation)s would like to invite you to: %(title)s.")
        % {"organisation": organisation, "title": activity.title},
        _("When: %(when)s") % {"when": when_text(activity)},
    ]
    if activity.description.strip():
        email.append(activity.description.strip())
    ways = ways_text(activity)
    if ways:
        email.append(_("How you can take part:") + "\n" + _bullets(ways))
    provisions = provision_lines(activity)
    if provisions:
        email.append(_("What there is to help you take part:") + "\n" + _bullets(provisions))
    email.append(
        _(
            "Can you come? Tell us yes, no or maybe, and tell us anything that would help you take part "
            "(for example childcare or an interpreter):\n%(url)s"
        )
        % {"url": reply_url}
    )
    sms = _(
        "Hi %(name)s, %(organisation)s invites you to %(title)s, %(when)s. Tell us yes, no or maybe here: %(url)s"
    ) % {
        "name": invitation.person.display_name,
        "organisation": organisation,
        "title": activity.title,
        "when": short_when_text(activity),
        "url": reply_url,
    }
    return _queue(
        invitation,
        kind=Kind.INVITATION,
        key=f"invitation:{invitation.pk}",
        subject=_("You're invited: %(title)s") % {"title": activity.title},
        email="\n\n".join(email),
        sms=sms,
    )


def confirmation_message_queue(invitation: Invitation, *, reply_url: str) -> Message | None:
    """Confirm a reply: a place (with when, where and how to join), the waiting list, maybe, or no. A changed
    reply gets a new message (the key carries the reply and when it was given)."""
    activity = invitation.activity
    name, title = invitation.person.display_name, activity.title
    change = _("If anything changes, you can change your reply here:\n%(url)s") % {"url": reply_url}
    calendar = False
    if invitation.reply == Reply.YES and not invitation.on_waiting_list:
        state = "place"
        subject = _("You have a place: %(title)s") % {"title": title}
        email = [
            _greeting(invitation),
            _("Thank you for saying yes. You have a place at %(title)s.") % {"title": title},
            _place_details(invitation),
            change,
        ]
        sms = _("Hi %(name)s, you have a place at %(title)s, %(when)s. Details: %(url)s")
        calendar = True
    elif invitation.reply == Reply.YES:
        state = "waiting"
        subject = _("You're on the waiting list: %(title)s") % {"title": title}
        email = [
            _greeting(invitation),
            _(
                "Thank you for saying yes to %(title)s (%(when)s). It is full at the moment, "
                "so you are on the waiting list."
            )
            % {"title": title, "when": when_text(activity)},
            _("We will send you a message as soon as a place comes up."),
            change,
        ]
        sms = _(
            "Hi %(name)s, %(title)s (%(when)s) is full so you're on the waiting list. "
            "We'll tell you if a place comes up: %(url)s"
        )
    elif invitation.reply == Reply.MAYBE:
        state = "maybe"
        subject = _("Thanks for your reply: %(title)s") % {"title": title}
        email = [
            _greeting(invitation),
            _("Thank you for telling us you might come to %(title)s (%(when)s).")
            % {"title": title, "when": when_text(activity)},
            _("When you know, please tell us yes or no here:\n%(url)s") % {"url": reply_url},
        ]
        sms = _("Hi %(name)s, thanks for your maybe for %(title)s, %(when)s. Tell us yes or no when you know: %(url)s")
    elif invitation.reply == Reply.NO:
        state = "no"
        subject = _("Thanks for letting us know: %(title)s") % {"title": title}
        email = [
            _greeting(invitation),
            _("Thank you for telling us you can't come to %(title)s. We hope to see you another time.")
            % {"title": title},
            change,
        ]
        sms = _("Hi %(name)s, thanks for telling us you can't come to %(title)s. Changed your mind? %(url)s")
    else:
        return None
    return _queue(
        invitation,
        kind=Kind.CONFIRMATION,
        key=f"confirmation:{invitation.pk}:{state}:{_stamp(invitation.replied_at or invitation.updated_at)}",
        subject=subject,
        email="\n\n".join(email),
        sms=sms % {"name": name, "title": title, "when": short_when_text(activity), "url": reply_url},
        calendar=calendar,
    )


def waiting_list_place_message_queue(invitation: Invitation, *, reply_url: str) -> Message | None:
    """A place came up for someone on the waiting list (the caller has already given it to them)."""
    activity = invitation.activity
    title = activity.title
    email = [
        _greeting(invitation),
        _("Good news: a place has come up at %(title)s, and it is yours.") % {"title": title},
        _place_details(invitation),
        _("If you can't come after all, please tell us so someone else can have the place:\n%(url)s")
        % {"url": reply_url},
    ]
    sms = _(
        "Hi %(name)s, good news: a place came up at %(title)s, %(when)s. It's yours! Details or can't come: %(url)s"
    ) % {
        "name": invitation.person.display_name,
        "title": title,
        "when": short_when_text(activity),
        "url": reply_url,
    }
    return _queue(
        invitation,
        kind=Kind.CONFIRMATION,
        key=f"waiting-list-place:{invitation.pk}:{_stamp(invitation.updated_at)}",
        subject=_("A place has come up for you: %(title)s") % {"title": title},
        email="\n\n".join(email),
        sms=sms,
        calendar=True,
    )


def _own_link(invitation: Invitation) -> str:
    """The person's reply link for the invitation (coproduce/engagement/reply_links.py), or their own link if the
    reply pages are not installed."""
    try:
        from coproduce.engagement.reply_links import reply_url

        return reply_url(invitation)
    except (ImportError, NoReverseMatch):
        from coproduce.consent.links import person_url

        return person_url(invitation.person)


def _invitations(activity: Activity, *, waiting_list: bool):
    invitations = Invitation.objects.filter(activity=activity, reply__in=[Reply.YES, Reply.MAYBE])
    if not waiting_list:
        invitations = invitations.exclude(reply=Reply.YES, on_waiting_list=True)
    invitations = invitations.select_related("person", "person__organisation").order_by("created_at")
    result = list(invitations)
    for invitation in result:
        invitation.activity = activity  # one activity for all: no query per person
    return result


def activity_change_messages_queue(
    activity: Activity, *, changes: list[str], reply_url_for: ReplyUrl | None = None
) -> int:
    """Tell everyone who said yes or maybe (the waiting list too) what changed. `changes` are plain-English lines
    ("The start time is now 11am"). Returns how many messages were queued. Reminders still waiting to go for an
    old time are cancelled: the reminders for the new time go when they are due (reminders.py)."""
    from coproduce.engagement.reminders import stale_reminders_cancel

    stale_reminders_cancel(activity)
    reply_url_for = reply_url_for or _own_link
    invitations = _invitations(activity, waiting_list=True)
    allowed = contact_allowed({i.person_id for i in invitations})
    stamp = _stamp(activity.updated_at)
    count = 0
    for invitation in invitations:
        url = reply_url_for(invitation)
        place = _has_place(invitation)
        email = [
            _greeting(invitation),
            _("There is a change to %(title)s:") % {"title": activity.title},
            _bullets(changes),
            _place_details(invitation) if place else _("When: %(when)s") % {"when": when_text(activity)},
            _("If you can't come now, please tell us:\n%(url)s") % {"url": url},
        ]
        sms = _("Hi %(name)s, %(title)s has changed: %(changes)s. Now %(when)s. Details: %(url)s") % {
            "name": invitation.person.display_name,
            "title": activity.title,
            "changes": "; ".join(change.rstrip(".") for change in changes)
            if sum(map(len, changes)) <= 80
            else _("see the details"),
            "when": short_when_text(activity),
            "url": url,
        }
        message = _queue(
            invitation,
            kind=Kind.CHANGE,
            key=f"change:{invitation.pk}:{stamp}",
            subject=_("Change to %(title)s") % {"title": activity.title},
            email="\n\n".join(email),
            sms=sms,
            calendar=True,
            allowed=allowed,
        )
        count += message is not None
    return count


def _window_words(activity: Activity) -> str:
    """The open window in a sentence: "from Monday 1 December 2026 to Friday 5 December 2026", "until …"."""
    opens, closes = activity.window_opens_on, activity.window_closes_on
    if opens and closes:
        return _("from %(start)s to %(end)s") % {"start": date_text(opens), "end": date_text(closes)}
    if closes:
        return _("until %(end)s") % {"end": date_text(closes)}
    return _("from %(start)s") % {"start": date_text(opens)}


def _cancellation_words(invitation: Invitation) -> tuple[str, str]:
    """The cancellation's first line for email and for a text message: with the date and time of a dated activity,
    the open window of one done in your own time, or only the title when there is no date yet."""
    activity = invitation.activity
    name, title = invitation.person.display_name, activity.title
    if activity.starts_at is not None:
        return (
            _("We are sorry: %(title)s on %(when)s is cancelled.") % {"title": title, "when": when_text(activity)},
            _("Hi %(name)s, sorry: %(title)s on %(when)s is cancelled. You don't need to do anything.")
            % {"name": name, "title": title, "when": short_when_text(activity)},
        )
    if activity.window_opens_on or activity.window_closes_on:
        return (
            _("We are sorry: %(title)s, which you could do any time %(window)s, is cancelled.")
            % {"title": title, "window": _window_words(activity)},
            _("Hi %(name)s, sorry: %(title)s is cancelled, so you don't need to do it.")
            % {"name": name, "title": title},
        )
    return (
        _("We are sorry: %(title)s is cancelled.") % {"title": title},
        _("Hi %(name)s, sorry: %(title)s is cancelled. You don't need to do anything.")
        % {"name": name, "title": title},
    )


def activity_cancellation_messages_queue(activity: Activity, *, reply_url_for: ReplyUrl | None = None) -> int:
    """Tell everyone who said yes or maybe, and the waiting list, that the activity is cancelled (and cancel the
    reminders still waiting to go)."""
    from coproduce.engagement.reminders import stale_reminders_cancel

    stale_reminders_cancel(activity)
    invitations = _invitations(activity, waiting_list=True)
    allowed = contact_allowed({i.person_id for i in invitations})
    count = 0
    for invitation in invitations:
        first_line, sms = _cancellation_words(invitation)
        email = [_greeting(invitation), first_line]
        if activity.cancelled_reason.strip():
            email.append(activity.cancelled_reason.strip())
        email.append(_("You don't need to do anything. We will let you know about other ways to take part."))
        message = _queue(
            invitation,
            kind=Kind.CANCELLATION,
            key=f"cancellation:{invitation.pk}",
            subject=_("Cancelled: %(title)s") % {"title": activity.title},
            email="\n\n".join(email),
            sms=sms,
            calendar=True,
            allowed=allowed,
        )
        count += message is not None
    return count
