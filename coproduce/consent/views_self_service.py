"""A person's own pages: no account, opened from the signed link in every message (see links.py). Written for a
parent, carer or young person on a phone: short pages, "you" wording, and wording for their age.

Every page answers 404 for a forged, expired or cancelled link, and tells browsers not to keep the page or pass its
address on (the address is the key)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.comms.models import Channel
from coproduce.consent import services
from coproduce.consent.checks import allows
from coproduce.consent.forms import RequestLinkForm, SelfDetailsForm, SelfNeedsForm
from coproduce.consent.links import LINK_LIFETIME, person_from_token
from coproduce.consent.models import ChildBasis, Consent, ConsentMethod, ConsentStatus, LawfulBasis, Purpose
from coproduce.consent.overview import consent_rows
from coproduce.core import ratelimit
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.organisations.models import Organisation
from coproduce.people.models import AccessNeeds, Person, phone_forms

# Asking for a link: per address (from one client) and per client, in windows of these many seconds.
ADDRESS_LIMIT, ADDRESS_WINDOW = 5, 15 * 60
CLIENT_LIMIT, CLIENT_WINDOW = 30, 60 * 60

# What each purpose means, said to the person: (adults, children and young people).
PURPOSE_WORDING = {
    Purpose.CONTACT: (
        _l("Contact you about taking part: planning and improving services together with families"),
        _l("Send you messages about ways to have your say"),
    ),
    Purpose.QUOTE_ANONYMOUSLY: (
        _l("Use your words in reports we publish, without your name"),
        _l("Use what you say in reports, without your name"),
    ),
    Purpose.QUOTE_BY_NAME: (
        _l("Use your words in reports we publish, with your name"),
        _l("Use what you say in reports, with your name"),
    ),
    Purpose.PHOTOS: (_l("Take photos of you and use them"), _l("Take photos of you and use them")),
    Purpose.EQUALITY_MONITORING: (
        _l(
            "Ask you some questions about yourself, such as your ethnic group, to check we include everyone. "
            "Every question is optional"
        ),
        _l("Ask you some questions about yourself, to check we include everyone. You can skip any question"),
    ),
    Purpose.PANEL: (_l("Invite you to join a panel"), _l("Invite you to join a group that gives its views")),
    Purpose.SHARE_WITH_PARTNER: (_l("Share your details with %(partner)s"), _l("Give your details to %(partner)s")),
}


def own_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the person from the link (404 if it does not work) and mark the response private."""

    @wraps(view)
    def wrapper(request: HttpRequest, link: str, **kwargs) -> HttpResponse:
        person = person_from_token(link)
        if person is None:
            response = render(request, "consent/self/link_not_working.html", {"days": LINK_LIFETIME.days}, status=404)
        else:
            response = view(request, person=person, link=link, **kwargs)
        return private(response)

    return wrapper


def _context(person: Person, link: str, **extra) -> dict:
    return {
        "person": person,
        "link": link,
        "group": services.age_group(person),
        # The layout shows the organisation's name (the person is not signed in, so it is not set otherwise).
        "organisation": person.organisation,
        "days": LINK_LIFETIME.days,
        **extra,
    }


@own_page
def my_information(request: HttpRequest, *, person: Person, link: str) -> HttpResponse:
    return render(request, "consent/self/my_information.html", _context(person, link))


@own_page
def my_details(request: HttpRequest, *, person: Person, link: str) -> HttpResponse:
    form = SelfDetailsForm(request.POST or None, instance=copy.copy(person))
    if request.method == "POST" and form.is_valid():
        services.person_self_update(person=person, request=request, **form.service_arguments())
        messages.success(request, _("Thank you. Your details have been saved."))
        return redirect("consent:my_information", link=link)
    return render(request, "consent/self/my_details.html", _context(person, link, form=form))


@own_page
def my_needs(request: HttpRequest, *, person: Person, link: str) -> HttpResponse:
    needs = AccessNeeds.objects.filter(person=person).first()
    form = SelfNeedsForm(request.POST or None, initial=SelfNeedsForm.initial_from(needs))
    if request.method == "POST" and form.is_valid():
        try:
            services.access_needs_self_update(person=person, request=request, **form.service_arguments())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Thank you. We will use this for every activity you take part in."))
            return redirect("consent:my_information", link=link)
    return render(request, "consent/self/my_needs.html", _context(person, link, form=form))


def _wording(purpose: str, group: str, partner_name: str = "") -> str:
    adult, young = PURPOSE_WORDING[purpose]
    text = str(adult if group == "adult" else young)
    return text % {"partner": partner_name} if partner_name else text


@own_page
def my_consents(request: HttpRequest, *, person: Person, link: str) -> HttpResponse:
    group = services.age_group(person)
    if request.method == "POST":
        _answer(request, person, group)
        return redirect("consent:my_consents", link=link)
    rows = [
        {
            "row": row,
            "text": _wording(row.purpose, group, row.partner_name),
            "objection": row.consent is not None and row.consent.lawful_basis != LawfulBasis.CONSENT,
        }
        for row in consent_rows(person)
    ]
    notice = services.current_notice(person.organisation)
    return render(request, "consent/self/my_consents.html", _context(person, link, rows=rows, notice=notice))


def _answer(request: HttpRequest, person: Person, group: str) -> None:
    """One click: "yes" gives consent for a purpose, "no" withdraws it (or records a no) at once."""
    purpose, answer = request.POST.get("purpose", ""), request.POST.get("answer", "")
    if purpose not in Purpose.values or answer not in ("yes", "no"):
        messages.error(request, _("Something went wrong. Please try again."))
        return
    partner_id = request.POST.get("partner") or None
    consent = None
    if purpose == Purpose.SHARE_WITH_PARTNER:
        # Only partners we already asked the person about: a "yes" needs a partner they know of.
        try:
            uuid.UUID(str(partner_id))
        except ValueError:
            messages.error(request, _("Something went wrong. Please try again."))
            return
        consent = Consent.objects.filter(person=person, purpose=purpose, partner_id=partner_id).first()
        if consent is None:
            messages.error(request, _("Something went wrong. Please try again."))
            return
    else:
        consent = Consent.objects.filter(person=person, purpose=purpose, partner=None).first()
    with transaction.atomic():
        if answer == "no":
            if consent is not None and allows(consent):
                services.consent_withdraw(consent=consent, request=request, via="own link")
            elif consent is None:
                services.consent_give(
                    person=person,
                    purpose=purpose,
                    method=ConsentMethod.ONLINE,
                    status=ConsentStatus.REFUSED,
                    request=request,
                    via="own link",
                )
            messages.success(
                request,
                _("Done. We have stopped straight away. You can change your mind at any time.")
                if group != "adult"
                else _("Done. This takes effect straight away. You can change your mind at any time."),
            )
            return
        if group == "child":
            messages.error(
                request,
                _(
                    "You are under 13, so your parent or carer says yes for you. You can talk to them about it, "
                    "or ask us. You can always say no yourself."
                ),
            )
            return
        try:
            services.consent_give(
                person=person,
                purpose=purpose,
                partner=consent.partner if consent is not None else None,
                method=ConsentMethod.ONLINE,
                child_basis=ChildBasis.SELF_13_PLUS if group == "young" else "",
                request=request,
                via="own link",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return
    messages.success(request, _("Thank you. You have said yes. You can change your mind at any time."))


def request_link(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Anyone can ask for their own link by email. The answer is always the same, so it never tells whether an
    address is known."""
    organisation = Organisation.objects.filter(slug=organisation_slug).first()
    if organisation is None:
        raise Http404
    form = RequestLinkForm(request.POST or None)
    context = {"form": form, "public_organisation": organisation, "sent": False}
    if request.method == "POST":
        allowed = ratelimit.allow(request, "own-link-client", limit=CLIENT_LIMIT, seconds=CLIENT_WINDOW)
        message = _("Too many attempts, try again in an hour")
        if allowed and form.is_valid():
            message = _("Too many attempts, try again in 15 minutes")
            contact = form.cleaned_data["contact"]
            allowed = ratelimit.allow(
                request, "own-link-address", limit=ADDRESS_LIMIT, seconds=ADDRESS_WINDOW, key=contact.lower()
            )
            if allowed:
                _send_links(request, organisation, contact, by_text=form.by_text)
                context["sent"] = True
                context["by_text"] = form.by_text
        if not allowed:
            form.errors.clear()
            form.add_error(None, message)
            return private(render(request, "consent/self/request_link.html", context, status=429))
    return private(render(request, "consent/self/request_link.html", context))


def _send_links(request: HttpRequest, organisation: Organisation, contact: str, *, by_text: bool) -> None:
    """Each person of the organisation with this email address (or mobile number) gets their own link, sent the
    same way they asked for it."""
    people = Person.objects.for_organisation(organisation).not_erased()
    matching = {"phone__in": phone_forms(contact)} if by_text else {"email__iexact": contact}
    people = people.filter(**matching)
    with transaction.atomic():
        for person in people.select_related("organisation"):
            services.person_link_send(
                person=person, request=request, via="request", channel=Channel.SMS if by_text else Channel.EMAIL
            )
