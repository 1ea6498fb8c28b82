"""Short addresses for text messages. `shorten_links(body, ...)` swaps each of coproduce's own links in a text for
`SITE_URL/s/<code>`, a random 12-character code (72 bits) kept in `ShortLink`; opening it redirects to the signed
link, which checks itself as before. Codes expire after SHORT_LINK_LIFETIME (longer than signed links live, bar a
reply link to an activity more than a year away) and go when the person's links are cancelled or their
information is erased."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import ShortLink

SHORT_LINK_LIFETIME = dt.timedelta(days=400)


def _own_links() -> re.Pattern[str]:
    """A link of this site: SITE_URL then a path (up to white space)."""
    return re.compile(re.escape(settings.SITE_URL.rstrip("/")) + r"(/\S*)")


def new_code() -> str:
    return secrets.token_urlsafe(9)  # 12 characters of A–Z, a–z, 0–9, - and _


def shorten_links(body: str, *, organisation, person=None, now: dt.datetime | None = None) -> str:
    """The text with each of this site's links replaced by a short one (one ShortLink row per link; written in the
    caller's transaction). Short links themselves are left alone."""
    expires_at = (now or timezone.now()) + SHORT_LINK_LIFETIME
    prefix = reverse("comms:short_link", kwargs={"code": "x"})[:-1]

    def replace(match: re.Match[str]) -> str:
        path = match.group(1)
        if path.startswith(prefix) or len(path) <= len(prefix) + 12:  # already short, or no longer than a code
            return match.group(0)
        link = ShortLink.objects.create(
            organisation=organisation, person=person, code=new_code(), path=path, expires_at=expires_at
        )
        return settings.SITE_URL.rstrip("/") + reverse("comms:short_link", kwargs={"code": link.code})

    return _own_links().sub(replace, body)


def short_link_path(code: str, *, now: dt.datetime | None = None) -> str | None:
    """Where a code leads, or None if it is unknown, expired or its person was erased."""
    link = (
        ShortLink.objects.filter(code=code, expires_at__gt=now or timezone.now())
        .exclude(person__erased_at__isnull=False)
        .only("path")
        .first()
    )
    return link.path if link is not None else None


def short_links_delete(person) -> None:
    """Stop every short link sent to the person (their links were cancelled, or their information erased)."""
    ShortLink.objects.filter(person=person).delete()


def expired_short_links_delete(now: dt.datetime | None = None) -> int:
    deleted, _by_model = ShortLink.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
