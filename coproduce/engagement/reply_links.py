"""Reply links: a signed address per invitation (/r/<link>/) that lets the person say yes, no or maybe with no
account, on a phone.

The signature covers the invitation's id, the organisation's and the first characters of the person's
`access_key`, so cancelling a person's links (`coproduce.consent.links.links_revoke`, also done on erasure) cancels
their reply links too. A link works until the activity is over (plus a day), or for LINK_LIFETIME after it was
made when the activity has no date yet. A link that does not work says why: forged or cut short, cancelled or for
an invitation that no longer exists (404), or too old (410), with how to contact the organisation when we know it.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from coproduce.engagement.models import Activity, Invitation
from coproduce.organisations.models import Organisation

SALT = "coproduce.engagement.reply-link"
LINK_LIFETIME = dt.timedelta(days=60)
# After the activity has ended, a link still works this long (to see what was arranged, or say it went ahead).
AFTER_THE_END = dt.timedelta(days=1)


class LinkProblem(enum.StrEnum):
    NONE = ""
    NOT_VALID = "not_valid"  # forged, cut short when copied, or cancelled
    GONE = "gone"  # the invitation no longer exists, or the person's information was erased
    EXPIRED = "expired"


@dataclass(frozen=True)
class ReplyLink:
    invitation: Invitation | None
    problem: LinkProblem
    organisation: Organisation | None = None  # when known, for "contact us" on a link that does not work

    @property
    def works(self) -> bool:
        return self.problem == LinkProblem.NONE


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def make_link(invitation: Invitation, *, now: dt.datetime | None = None) -> str:
    """The secret part of the reply address for this invitation."""
    issued = int((now or timezone.now()).timestamp())
    payload = {
        "i": str(invitation.pk),
        "o": str(invitation.organisation_id),
        "k": invitation.person.access_key[:12],
        "t": issued,
    }
    return _signer().sign_object(payload, compress=True)


def reply_url(invitation: Invitation) -> str:
    """The full reply address, for messages."""
    return settings.SITE_URL + reverse("engagement:reply", kwargs={"link": make_link(invitation)})


def activity_end(activity: Activity) -> dt.datetime | None:
    """When the activity is over: its end, else its start, else the end of the last day of its window."""
    if activity.ends_at is not None:
        return activity.ends_at
    if activity.starts_at is not None:
        return activity.starts_at
    if activity.window_closes_on is not None:
        last_day = dt.datetime.combine(activity.window_closes_on, dt.time.max)
        return timezone.make_aware(last_day)
    return None


def link_expires_at(activity: Activity, issued_at: dt.datetime) -> dt.datetime:
    end = activity_end(activity)
    return end + AFTER_THE_END if end is not None else issued_at + LINK_LIFETIME


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def reply_link_check(link: str, *, now: dt.datetime | None = None) -> ReplyLink:
    """What the link opens: the invitation, or why it does not work."""
    try:
        data = _signer().unsign_object(link)
    except (signing.BadSignature, ValueError, TypeError):
        return ReplyLink(None, LinkProblem.NOT_VALID)
    if not isinstance(data, dict) or not isinstance(data.get("t"), int):
        return ReplyLink(None, LinkProblem.NOT_VALID)
    invitation_id, organisation_id = _uuid(data.get("i")), _uuid(data.get("o"))
    if invitation_id is None or organisation_id is None:
        return ReplyLink(None, LinkProblem.NOT_VALID)
    invitation = (
        Invitation.objects.filter(pk=invitation_id, organisation_id=organisation_id)
        .select_related("activity__organisation", "activity__venue", "activity__project", "person")
        .first()
    )
    if invitation is None or invitation.person.is_erased:
        return ReplyLink(None, LinkProblem.GONE, Organisation.objects.filter(pk=organisation_id).first())
    organisation = invitation.activity.organisation
    if invitation.person.access_key[:12] != data.get("k"):
        return ReplyLink(None, LinkProblem.NOT_VALID, organisation)
    issued_at = dt.datetime.fromtimestamp(data["t"], tz=dt.UTC)
    if (now or timezone.now()) > link_expires_at(invitation.activity, issued_at):
        return ReplyLink(invitation, LinkProblem.EXPIRED, organisation)
    invitation.person.organisation = organisation  # the same row: saves a query in messages and footers
    return ReplyLink(invitation, LinkProblem.NONE, organisation)
