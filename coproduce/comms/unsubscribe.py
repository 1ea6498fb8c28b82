"""One-click unsubscribe (RFC 8058): every email to a person carries a `List-Unsubscribe` address that, when POSTed
to, withdraws their consent to be contacted at once. GOV.UK Notify gets the same address as its
`one_click_unsubscribe_url`.

The address is signed with its own salt (not the person's own-link salt): mail providers may fetch it, and it must
open nothing but the unsubscribe. It lasts a year, so an old email still works; replacing the person's access key
(`links_revoke`) cancels it like their other links.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse

from coproduce.people.models import Person

SALT = "coproduce.comms.unsubscribe"
LIFETIME = dt.timedelta(days=365)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_unsubscribe_token(person: Person) -> str:
    return _signer().sign_object({"p": str(person.pk), "k": person.access_key[:12]}, compress=True)


def person_from_unsubscribe_token(token: str) -> Person | None:
    """The person, or None for a forged, expired or cancelled token, or an erased person."""
    try:
        data = _signer().unsign_object(token, max_age=LIFETIME)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    person = Person.objects.filter(pk=data.get("p"), erased_at__isnull=True).select_related("organisation").first()
    if person is None or person.access_key[:12] != data.get("k"):
        return None
    return person


def unsubscribe_url(person: Person) -> str:
    """The full one-click unsubscribe address for the person ("" if the comms URLs are not installed)."""
    try:
        path = reverse("comms:unsubscribe", kwargs={"link": make_unsubscribe_token(person)})
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path
