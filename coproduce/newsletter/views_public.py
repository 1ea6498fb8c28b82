"""The newsletter's public pages (no sign-in), under /o/<organisation-slug>/newsletter/: sign-up with double
opt-in, the confirmation link, one-click unsubscribe, and the archive of sent issues.

Bots get no signal: a filled honeypot, a new address, a pending one and a confirmed one all lead to the same
"check your email" page.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.core import ratelimit
from coproduce.core.http import private
from coproduce.newsletter import content, services
from coproduce.newsletter.forms import HONEYPOT, SignupForm
from coproduce.newsletter.models import Issue, Subscriber, email_hash
from coproduce.organisations.models import Organisation
from coproduce.public.http import public_organisation, public_view
from coproduce.publishing.models import PublicSite

# Per client (IP address): sign-ups an hour. A family signs up once; a shared connection (a library) a few.
CLIENT_LIMIT, CLIENT_WINDOW = 20, 60 * 60
# Per address, from anywhere: sign-ups an hour (the confirmation email itself goes at most once an hour).
ADDRESS_LIMIT, ADDRESS_WINDOW = 5, 60 * 60
# Per client: confirmations, and unsubscribe links that do not work, an hour. A working unsubscribe link is never
# limited: its secret key is the protection, and one-click POSTs (RFC 8058) all come from a mail provider's few
# servers, so a limit per client would refuse real unsubscribes.
LINK_LIMIT = 60


def _organisation(slug: str) -> Organisation:
    """The organisation, with its public site settings (the layout's footer reads them); 404 if unknown."""
    return public_organisation(slug)


def _privacy_url(organisation: Organisation) -> str:
    """The organisation's own privacy notice if its public site names one, else the platform's."""
    try:
        own = organisation.public_site.privacy_notice_url
    except PublicSite.DoesNotExist:
        own = ""
    return own or reverse("core:privacy")


def _address_allowed(organisation: Organisation, email: str) -> bool:
    """Count a sign-up for this address from any client (ratelimit.allow counts per client)."""
    key = email_hash(organisation.pk, email)[:32]
    return ratelimit.allow_key("newsletter-address", key, limit=ADDRESS_LIMIT, seconds=ADDRESS_WINDOW)


def _context(organisation: Organisation, **extra) -> dict:
    return {"public_organisation": organisation, **extra}


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    form = SignupForm(request.POST if request.method == "POST" else None, organisation=organisation)
    context = _context(organisation, form=form, privacy_url=_privacy_url(organisation), honeypot=HONEYPOT)
    if request.method == "POST":
        done = redirect("newsletter:check_email", organisation_slug=organisation.slug)
        if not ratelimit.allow(request, "newsletter-signup", limit=CLIENT_LIMIT, seconds=CLIENT_WINDOW):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, _("Too many attempts, try again in an hour"))
            return private(render(request, "newsletter/public/signup.html", context, status=429))
        if request.POST.get(HONEYPOT, "").strip():
            return done  # a bot: nothing is saved or sent, and it sees what a person would
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not _address_allowed(organisation, email):
                form.add_error(None, _("Too many attempts, try again in an hour"))
                return private(render(request, "newsletter/public/signup.html", context, status=429))
            services.subscription_request(
                organisation=organisation,
                email=email,
                hubs=list(form.cleaned_data["hubs"]),
                topics=form.cleaned_data["topics"],
            )
            return done
    return private(render(request, "newsletter/public/signup.html", context))


@require_safe
def check_email(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Shown after a sign-up POST. Nothing personal on it, but private like the form before it, so a shared cache
    never keeps a page reached from a form."""
    organisation = _organisation(organisation_slug)
    return private(render(request, "newsletter/public/check_email.html", _context(organisation)))


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, organisation_slug: str, token: str) -> HttpResponse:
    """GET shows a button and changes nothing (mail scanners open links); the POST confirms."""
    organisation = _organisation(organisation_slug)
    subscriber = services.subscriber_for_token(organisation, token)
    if subscriber is None:
        return private(render(request, "newsletter/public/link_not_working.html", _context(organisation), status=404))
    context = _context(organisation, subscriber=subscriber, changes=subscriber.status == Subscriber.Status.CONFIRMED)
    if request.method == "POST":
        if not ratelimit.allow(request, "newsletter-link", limit=LINK_LIMIT, seconds=CLIENT_WINDOW):
            return private(render(request, "newsletter/public/confirm.html", context | {"busy": True}, status=429))
        services.subscription_confirm(subscriber=subscriber, request=request)
        return private(render(request, "newsletter/public/confirmed.html", context))
    return private(render(request, "newsletter/public/confirm.html", context))


@csrf_exempt  # RFC 8058: the POST comes from the mail provider, without cookies; the secret link is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, organisation_slug: str, key: str) -> HttpResponse:
    """GET shows one button and changes nothing (link checkers open addresses in emails); a POST, from that button
    or from a mail program's List-Unsubscribe-Post, unsubscribes at once."""
    organisation = _organisation(organisation_slug)
    subscriber = Subscriber.objects.for_organisation(organisation).filter(unsubscribe_key=key).first()
    if subscriber is None:
        if not ratelimit.allow(request, "newsletter-link", limit=LINK_LIMIT, seconds=CLIENT_WINDOW):
            context = _context(organisation, busy=True)
            return private(render(request, "newsletter/public/link_not_working.html", context, status=429))
        return private(render(request, "newsletter/public/link_not_working.html", _context(organisation), status=404))
    context = _context(organisation, key=key)
    if request.method == "POST":
        services.subscription_cancel(subscriber=subscriber, request=request)
        return private(render(request, "newsletter/public/unsubscribed.html", context))
    context["already"] = subscriber.status == Subscriber.Status.UNSUBSCRIBED
    return private(render(request, "newsletter/public/unsubscribe.html", context))


@public_view
def archive(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    issues = Issue.objects.for_organisation(organisation).sent().order_by("-number")
    issues = issues.only("subject", "number", "sent_at")
    return render(request, "newsletter/public/archive.html", _context(organisation, issues=issues))


@public_view
def archive_issue(request: HttpRequest, organisation_slug: str, number: int) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    issue = Issue.objects.for_organisation(organisation).sent().filter(number=number).first()
    if issue is None:
        raise Http404
    issue.organisation = organisation
    context = _context(organisation, issue=issue, sections=content.public_sections(issue))
    return render(request, "newsletter/public/archive_issue.html", context)
