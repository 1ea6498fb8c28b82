"""A person's own link: a signed, expiring address that opens their information without an account.

The signature covers the person's id and their `access_key`, so replacing the key (`links_revoke`) cancels
every link already sent. Links are put in every message sent to a person (see `coproduce/consent/messages.py`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

from coproduce.people.models import Person, new_access_key

SALT = "coproduce.consent.person-link"
LINK_LIFETIME = dt.timedelta(days=30)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(person: Person) -> str:
    return _signer().sign_object({"p": str(person.pk), "k": person.access_key[:12]}, compress=True)


def person_from_token(token: str, *, max_age: dt.timedelta = LINK_LIFETIME) -> Person | None:
    """The person a token belongs to, or None when it is forged, expired, revoked or the person was erased."""
    try:
        data = _signer().unsign_object(token, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    person = (
        Person.objects.filter(pk=data.get("p"), erased_at__isnull=True).select_related("organisation").first()
        if isinstance(data, dict)
        else None
    )
    if person is None or person.access_key[:12] != data.get("k"):
        return None
    return person


def person_url(person: Person) -> str:
    """The full address of the person's own page, for messages."""
    return settings.SITE_URL + reverse("consent:my_information", kwargs={"link": make_token(person)})


def links_revoke(person: Person) -> None:
    """Cancel every link sent to the person so far (after erasure, or if a link went to the wrong address),
    including the secret address of their calendar feed, which is not signed with the access key, and the short
    links in their text messages."""
    from coproduce.comms.short_links import short_links_delete  # both build on consent, not the other way
    from coproduce.engagement.calendar import feed_revoke

    person.access_key = new_access_key()
    person.save(update_fields=["access_key", "updated_at"])
    feed_revoke(person)
    short_links_delete(person)
