"""Staff pages for consent: a person's answers and recording them, sending a person their own link, sharing with
a partner, the privacy notice versions and the data sharing register."""

from __future__ import annotations

import copy
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.consent import services
from coproduce.consent.checks import allows
from coproduce.consent.forms import AgreementForm, ConsentForm, PrivacyNoticeForm, ShareForm
from coproduce.consent.models import Consent, DataShare, DataSharingAgreement, PrivacyNotice, Purpose
from coproduce.consent.overview import agreement_status, consent_rows
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.people.models import Person
from coproduce.stakeholders.models import Partner

RECORD = "consent.record_consent"


def _person(request: HttpRequest, person_id: str) -> Person:
    return get_for_member(request, Person.objects.select_related("organisation"), person_id)


@permission_required("people.view_people")
def person_consents(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id)
    context = {
        "person": person,
        "rows": consent_rows(person),
        "group": services.age_group(person),
        "notice": services.current_notice(request.organisation),
        "can_record": request.user.has_perm(RECORD, request.organisation) and not person.is_erased,
    }
    return render(request, "consent/person_consents.html", context)


def _initial(request: HttpRequest, person: Person) -> tuple[dict, Consent | None]:
    """What the form starts with: the purpose (and partner) asked for in the address, and the current answer."""
    purpose = request.GET.get("purpose", "")
    if purpose not in Purpose.values:
        return {}, None
    initial: dict = {"purpose": purpose}
    existing = None
    partner_id = request.GET.get("partner", "")
    if purpose == Purpose.SHARE_WITH_PARTNER and partner_id:
        partner = _partner(person, partner_id)
        if partner is not None:
            initial["partner"] = partner.pk
            existing = Consent.objects.filter(person=person, purpose=purpose, partner=partner).first()
    elif purpose != Purpose.SHARE_WITH_PARTNER:
        existing = Consent.objects.filter(person=person, purpose=purpose, partner=None).first()
    if existing is not None:
        initial.update(
            lawful_basis=existing.lawful_basis,
            child_basis=existing.child_basis,
            given_by_name=existing.given_by_name,
            gillick_assessed_by=existing.gillick_assessed_by,
            gillick_assessed_on=existing.gillick_assessed_on,
        )
    return initial, existing


def _partner(person: Person, partner_id: str) -> Partner | None:
    try:
        uuid.UUID(partner_id)
    except ValueError:
        return None
    return Partner.objects.for_organisation(person.organisation).filter(pk=partner_id).first()


@permission_required(RECORD)
def consent_record(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id)
    if person.is_erased:
        messages.error(request, _("This person's information has been erased."))
        return redirect("consent:person_consents", person_id=person.pk)
    initial, existing = _initial(request, person)
    form = ConsentForm(request.POST or None, initial=initial, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(
                person=person, actor=request.user, request=request, via="staff", **form.service_arguments()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Their answer has been recorded."))
            return redirect("consent:person_consents", person_id=person.pk)
    context = {
        "form": form,
        "person": person,
        "existing": existing,
        "group": services.age_group(person),
        "age": person.age(),
        "notice": services.current_notice(request.organisation),
    }
    return render(request, "consent/consent_form.html", context)


@permission_required(RECORD)
def consent_withdraw(request: HttpRequest, person_id: str, consent_id: str) -> HttpResponse:
    person = _person(request, person_id)
    consent = get_for_member(request, Consent.objects.filter(person=person).select_related("partner"), consent_id)
    if request.method == "POST":
        services.consent_withdraw(consent=consent, actor=request.user, request=request, via="staff")
        messages.success(request, _("Withdrawn. This takes effect straight away."))
        return redirect("consent:person_consents", person_id=person.pk)
    context = {"person": person, "consent": consent, "allowed": allows(consent)}
    return render(request, "consent/consent_withdraw.html", context)


@permission_required(RECORD)
@require_POST
def send_link(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id)
    try:
        services.person_link_send(person=person, actor=request.user, request=request, via="staff")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("We have emailed %(name)s their own link. It works for 30 days.") % {"name": person.display_name}
        )
    if request.POST.get("back") == "consents":
        return redirect("consent:person_consents", person_id=person.pk)
    return redirect("people:person_detail", person_id=person.pk)


@permission_required(RECORD)
@require_POST
def cancel_links(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id)
    services.person_links_cancel(person=person, actor=request.user, request=request)
    messages.success(
        request,
        _("Every link sent to %(name)s so far has stopped working. Send them a new one if they need it.")
        % {"name": person.display_name},
    )
    return redirect("consent:person_consents", person_id=person.pk)


@permission_required("consent.share_with_partner")
def person_share(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id)
    form = ShareForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            share = services.data_share_create(actor=request.user, person=person, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Their details have been emailed to %(partner)s at %(email)s.")
                % {"partner": share.partner.name, "email": share.partner.contact_email},
            )
            return redirect("people:person_detail", person_id=person.pk)
    today = timezone.localdate()
    context = {
        "form": form,
        "person": person,
        "agreed_partners": sorted(
            {
                a.partner.name
                for a in DataSharingAgreement.objects.for_organisation(request.organisation)
                .current(today)
                .select_related("partner")
            }
        ),
        "consented_partners": [
            row.partner_name
            for row in consent_rows(person)
            if row.purpose == Purpose.SHARE_WITH_PARTNER and row.allowed
        ],
        "shares": DataShare.objects.filter(person=person).select_related("partner", "shared_by")[:20],
    }
    return render(request, "consent/person_share.html", context)


@permission_required("consent.manage_notices")
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = PrivacyNotice.objects.for_organisation(request.organisation).annotate(consent_count=Count("consents"))
    context = {
        "notices": notices.order_by("-published_on", "-created_at"),
        "current": services.current_notice(request.organisation),
    }
    return render(request, "consent/notice_list.html", context)


@permission_required("consent.manage_notices")
def notice_create(request: HttpRequest) -> HttpResponse:
    form = PrivacyNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Version %(version)s has been added.") % {"version": notice.version})
            return redirect("consent:notice_list")
    return render(request, "consent/notice_form.html", {"form": form})


@permission_required("consent.view_agreements")
def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    agreements = list(
        DataSharingAgreement.objects.for_organisation(request.organisation)
        .select_related("partner")
        .order_by("review_on", "partner__name")
    )
    for agreement in agreements:
        agreement.status = agreement_status(agreement, today)
    context = {
        "agreements": agreements,
        "can_manage": request.user.has_perm("consent.manage_agreements", request.organisation),
    }
    return render(request, "consent/agreement_list.html", context)


@permission_required("consent.manage_agreements")
def agreement_edit(request: HttpRequest, agreement_id: str | None = None) -> HttpResponse:
    agreement = (
        get_for_member(request, DataSharingAgreement.objects.select_related("partner"), agreement_id)
        if agreement_id
        else None
    )
    form = AgreementForm(
        request.POST or None,
        instance=copy.copy(agreement) if agreement else None,
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agreement_save(
                actor=request.user,
                organisation=request.organisation,
                agreement=agreement,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The agreement with %(partner)s has been saved.") % {"partner": saved.partner.name}
            )
            return redirect("consent:agreement_list")
    return render(request, "consent/agreement_form.html", {"form": form, "agreement": agreement})
