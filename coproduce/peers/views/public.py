"""The public self-referral form for peer support, at /o/<organisation-slug>/peer-support/: no sign-in, works
without JavaScript, never cached (it carries a CSRF token). A filled honeypot gets the same thanks page as a person,
with nothing saved; more than 5 referrals an hour from one connection get a clear message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.core import ratelimit
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.organisations.models import Organisation
from coproduce.peers.forms_referrals import HONEYPOT, ReferralForm
from coproduce.peers.services import referrals as services
from coproduce.public.http import public_organisation
from coproduce.publishing.models import PublicSite

# Per client (IP address) an hour: a family refers themselves once; a shared connection (a library) a few times.
CLIENT_LIMIT, CLIENT_WINDOW = 5, 60 * 60


def _privacy_url(organisation: Organisation) -> str:
    """The organisation's own privacy notice if its public site names one, else the platform's."""
    try:
        own = organisation.public_site.privacy_notice_url
    except PublicSite.DoesNotExist:
        own = ""
    return own or reverse("core:privacy")


@require_http_methods(["GET", "POST"])
def public_referral(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = public_organisation(organisation_slug)
    posted = request.method == "POST"
    form = ReferralForm(request.POST if posted else None, organisation=organisation, self_referral=True)
    context = {
        "public_organisation": organisation,
        "form": form,
        "privacy_url": _privacy_url(organisation),
        "honeypot": HONEYPOT,
    }
    if posted:
        thanks = redirect("peers:public_referral_thanks", organisation_slug=organisation.slug)
        if request.POST.get(HONEYPOT, "").strip():
            return thanks  # a bot: nothing is saved or sent, and it sees what a person would
        # Only a form that would be sent counts, so a parent correcting a mistake is never turned away.
        if form.is_valid():
            if not ratelimit.allow(request, "peer-self-referral", limit=CLIENT_LIMIT, seconds=CLIENT_WINDOW):
                context["busy"] = _("You have sent this form too many times. Please wait an hour and try again.")
                return private(render(request, "peers/public/referral_form.html", context, status=429))
            try:
                services.referral_create(actor=None, organisation=organisation, details=form.details(), request=request)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return thanks
    return private(render(request, "peers/public/referral_form.html", context))


@require_safe
def public_referral_thanks(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Nothing personal on it, but private like the form before it."""
    organisation = public_organisation(organisation_slug)
    return private(render(request, "peers/public/referral_thanks.html", {"public_organisation": organisation}))
