"""One-click unsubscribe (RFC 8058). Mail programs POST to the address in an email's List-Unsubscribe header, with
no cookies: that POST withdraws the person's consent to be contacted at once, so every message still waiting in
the outbox is cancelled when its turn comes. Opening the address in a browser shows a page with one button (a GET
changes nothing: link checkers open addresses in emails). Also the short links in text messages (short_links.py)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from coproduce.comms.short_links import short_link_path
from coproduce.comms.unsubscribe import person_from_unsubscribe_token
from coproduce.consent import services
from coproduce.consent.checks import allows
from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
from coproduce.core import ratelimit
from coproduce.core.http import private
from coproduce.people.models import Person

# Per client: links that do not work an hour (guessing, or a broken mail program). A working link is never limited:
# its signature is the protection, and one-click POSTs all come from a mail provider's few servers.
CLIENT_LIMIT, CLIENT_WINDOW = 60, 60 * 60
# Per client: short links opened an hour. A family opens a few; guessing codes (72 bits) needs billions.
SHORT_LINK_LIMIT = 120


def contact_stop(*, person: Person, request: HttpRequest | None = None) -> None:
    """Withdraw the person's consent to be contacted (or record a "no" if they never answered)."""
    with transaction.atomic():
        consent = Consent.objects.filter(person=person, purpose=Purpose.CONTACT, partner=None).first()
        if consent is None:
            services.consent_give(
                person=person,
                purpose=Purpose.CONTACT,
                method=ConsentMethod.ONLINE,
                status=ConsentStatus.REFUSED,
                request=request,
                via="own link",
            )
        elif allows(consent):
            services.consent_withdraw(consent=consent, request=request, via="own link")


@csrf_exempt  # RFC 8058: the POST comes from the mail provider, without cookies; the signed link is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, link: str) -> HttpResponse:
    person = person_from_unsubscribe_token(link)
    if person is None:
        allowed = ratelimit.allow(request, "unsubscribe", limit=CLIENT_LIMIT, seconds=CLIENT_WINDOW)
        return private(render(request, "comms/unsubscribe_not_working.html", status=404 if allowed else 429))
    context = {"person": person, "organisation": person.organisation}
    if request.method == "POST":
        contact_stop(person=person, request=request)
        return private(render(request, "comms/unsubscribe_done.html", context))
    consent = Consent.objects.filter(person=person, purpose=Purpose.CONTACT, partner=None).first()
    context["already"] = consent is not None and not allows(consent)
    return private(render(request, "comms/unsubscribe.html", context))


@require_http_methods(["GET", "HEAD"])
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """A short link from a text message: on to the signed link it stands for (which checks itself)."""
    if not ratelimit.allow(request, "short-link", limit=SHORT_LINK_LIMIT, seconds=CLIENT_WINDOW):
        return private(render(request, "comms/short_link_not_working.html", {"busy": True}, status=429))
    path = short_link_path(code)
    if path is None:
        return private(render(request, "comms/short_link_not_working.html", status=404))
    return private(redirect(path))
