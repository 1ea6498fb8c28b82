"""Sending a message to a person. Every message carries the person's own link (to see and change their
information and withdraw consent), and co-production messages are refused once contact consent is withdrawn."""

from __future__ import annotations

from django.utils.translation import gettext as _

from coproduce.consent.checks import may_contact
from coproduce.consent.links import person_url
from coproduce.people.models import Person


class ContactRefused(Exception):
    """The person has not agreed to be contacted (or withdrew), or has no email address."""


def footer(person: Person) -> str:
    return _(
        "See or change the information %(organisation)s holds about you, or stop these messages:\n%(url)s\n"
        "(This link is just for you and works for 30 days.)"
    ) % {"organisation": person.organisation.name, "url": person_url(person)}


def send_to_person(person: Person, *, subject: str, text: str, needs_contact_consent: bool = True) -> None:
    """Email `person` through the outbox (coproduce.comms), in the current transaction: sent once it commits, with
    retries, and the person's own link added at the foot. Messages about co-production need contact consent
    (checked again just before sending); messages the person asked for themselves (their own link, a copy of
    their data) do not."""
    from coproduce.comms.models import Channel, Kind
    from coproduce.comms.outbox import message_queue
    from coproduce.core.models import uuid7

    if needs_contact_consent and not may_contact(person):
        raise ContactRefused(_("%(name)s has not agreed to be contacted.") % {"name": person.display_name})
    if not person.email:
        raise ContactRefused(_("%(name)s has no email address.") % {"name": person.display_name})
    message_queue(
        organisation=person.organisation,
        person=person,
        channel=Channel.EMAIL,
        to=person.email,
        subject=subject,
        body=text,
        kind=Kind.OTHER if needs_contact_consent else Kind.OWN_LINK,
        idempotency_key=f"person:{person.pk}:{uuid7()}",  # each call is a message of its own
    )
