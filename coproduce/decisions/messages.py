"""Telling families what became of a promise that answers what they said: when a promise is kept, changed or
cannot be kept, each person whose contribution it answers gets one message (news of a promise).

Messages go through the outbox (coproduce.comms.outbox.message_queue) in the caller's transaction, so a status
change that rolls back sends nothing. Like every co-production message they go only to people who may be contacted
(contact consent, checked again by the outbox just before sending), who are not erased, by the channel they chose
(email, else a text message: see engagement.messages.preferred_route). A contribution recorded as anonymous still
has its person on the record: the message is private to them, so they hear too. A story of lived experience is
never quoted back (the message may be read on a shared phone): the email says "what you told us" instead.

Bad news is news: a promise that cannot be kept is told as plainly as one that was kept.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from coproduce.comms.models import Channel, Kind
from coproduce.comms.outbox import contact_allowed, message_queue
from coproduce.contributions.models import Contribution
from coproduce.decisions.models import CLOSED_STATUSES, Promise, PromiseStatus, PromiseUpdate
from coproduce.engagement.messages import preferred_route
from coproduce.people.models import Person

# What a family reads of their own words in the email, and of the promise in a text message (every 160 characters
# of a text is another message to pay for).
QUOTE_MAX = 200
SMS_PROMISE_MAX = 70
# Only their own words are quoted back: a staff note is the staff's words about them, not theirs.
OWN_WORDS = frozenset({Contribution.Kind.QUOTE, Contribution.Kind.IDEA})


def you_said_we_did_url(organisation) -> str:
    """The organisation's public "You said, we did" page (coproduce.public)."""
    return f"{settings.SITE_URL}/o/{organisation.slug}/you-said-we-did"


def promise_update_key(update: PromiseUpdate, person: Person) -> str:
    return f"promise-update:{update.pk}:{person.pk}"


def _contributors(promise: Promise) -> dict[object, tuple[Person, list[str], bool]]:
    """{person id: (person, what they said that may be quoted back, whether they told a story)} for the people whose
    contributions the promise answers, in the order they first contributed. Erased people are left out; a story's
    words are never among what is quoted back, nor a staff note's."""
    contributions = (
        promise.contributions.filter(person__isnull=False, person__erased_at__isnull=True)
        .select_related("person")
        .order_by("created_at")
    )
    people: dict[object, tuple[Person, list[str], bool]] = {}
    for contribution in contributions:
        person, said, _told_story = people.setdefault(contribution.person_id, (contribution.person, [], False))
        if contribution.kind == Contribution.Kind.STORY:
            people[contribution.person_id] = (person, said, True)
        elif contribution.kind in OWN_WORDS and contribution.text.strip():
            said.append(contribution.text.strip())
    return people


def _subject(status: str, organisation_name: str) -> str:
    if status == PromiseStatus.KEPT:
        return _("%(organisation)s kept a promise") % {"organisation": organisation_name}
    if status == PromiseStatus.CHANGED:
        return _("A promise from %(organisation)s has changed") % {"organisation": organisation_name}
    return _("%(organisation)s cannot keep a promise") % {"organisation": organisation_name}


def email_text(
    *, person: Person, promise: Promise, said: list[str], status: str, explanation: str, told_story: bool = False
) -> str:
    """The email, in plain words: what they told us (never a story's words), what we promised, what became of it
    and why."""
    organisation = promise.organisation
    parts = [_("Hello %(name)s,") % {"name": person.display_name}]
    if said:
        parts.append(_("You told us: “%(said)s”") % {"said": Truncator(said[0]).chars(QUOTE_MAX)})
    elif told_story:
        parts.append(_("Thank you for what you told us."))
    else:
        parts.append(_("Thank you for sharing your views with us."))
    promised = _("We promised: “%(promise)s”") % {"promise": promise.text}
    if status == PromiseStatus.KEPT:
        parts.append(promised + "\n" + _("We have kept this promise."))
    elif status == PromiseStatus.CHANGED:
        parts.append(promised + "\n" + _("This promise has changed."))
    else:
        parts.append(promised + "\n" + _("We are sorry, but we cannot keep this promise."))
    if explanation:
        label = _("What we did:") if status == PromiseStatus.KEPT else _("Why:")
        parts.append(f"{label} {explanation}")
    parts.append(
        _("See what families told us and what we did about it:\n%(url)s") % {"url": you_said_we_did_url(organisation)}
    )
    parts.append(_("Thank you for taking part.\n%(organisation)s") % {"organisation": organisation.name})
    return "\n\n".join(parts)


def sms_text(*, person: Person, promise: Promise, status: str) -> str:
    """The text message: short sentences, with a link for the rest."""
    values = {
        "name": person.display_name,
        "organisation": promise.organisation.name,
        "promise": Truncator(promise.text.strip().rstrip(".!")).chars(SMS_PROMISE_MAX),
        "url": you_said_we_did_url(promise.organisation),
    }
    said = _("Hi %(name)s. You told %(organisation)s what you think. We promised: %(promise)s.") % values
    if status == PromiseStatus.KEPT:
        news = _("We kept this promise. More: %(url)s") % values
    elif status == PromiseStatus.CHANGED:
        news = _("This promise has changed. Why: %(url)s") % values
    else:
        news = _("Sorry, we cannot keep this promise. Why: %(url)s") % values
    return f"{said} {news}"


def promise_update_messages_queue(*, promise: Promise, update: PromiseUpdate) -> int:
    """Queue one message to each person whose contributions the promise answers, about its new status (kept,
    changed or not possible; nothing for planned or in progress), in the caller's transaction. Returns how many
    were queued. The same status change never messages a person twice (the key names the change and the person)."""
    if update.to_status not in CLOSED_STATUSES:
        return 0
    people = _contributors(promise)
    allowed = contact_allowed(set(people))
    explanation = (update.explanation or promise.public_explanation).strip()
    subject = _subject(update.to_status, promise.organisation.name)
    queued = 0
    for person_id, (person, said, told_story) in people.items():
        if person_id not in allowed:
            continue
        route = preferred_route(person)
        if route is None:
            continue
        channel, to = route
        person.organisation = promise.organisation  # the footer names it: no query per person
        if channel == Channel.EMAIL:
            body = email_text(
                person=person,
                promise=promise,
                said=said,
                status=update.to_status,
                explanation=explanation,
                told_story=told_story,
            )
        else:
            body = sms_text(person=person, promise=promise, status=update.to_status)
        message_queue(
            organisation=promise.organisation,
            person=person,
            channel=channel,
            to=to,
            subject=subject if channel == Channel.EMAIL else "",
            body=body,
            kind=Kind.PROMISE_UPDATE,
            idempotency_key=promise_update_key(update, person),
        )
        queued += 1
    return queued
