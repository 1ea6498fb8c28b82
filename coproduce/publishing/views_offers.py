"""Staff pages for published offers: the list, starting and changing an offer, its versions, writing the next
version (started from the latest text), changing a draft, publishing it, and marking the current version as
reviewed. A published version is never changed: its page offers a new version instead."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.publishing import offers
from coproduce.publishing.forms import OfferForm, OfferVersionForm
from coproduce.publishing.models import Offer, OfferVersion
from coproduce.publishing.plain_english import plain_english_check

VIEW = "publishing.view_publishing"
MANAGE = "publishing.manage_publishing"


def _offer(request: HttpRequest, offer_id, *, permission: str = VIEW) -> Offer:
    return get_for_member(request, Offer.objects.all(), offer_id, permission=permission)


def _version(request: HttpRequest, version_id, *, permission: str = VIEW) -> OfferVersion:
    queryset = OfferVersion.objects.select_related("offer", "created_by")
    return get_for_member(request, queryset, version_id, permission=permission)


@permission_required(VIEW)
def offer_list(request: HttpRequest) -> HttpResponse:
    offer_rows = list(Offer.objects.for_organisation(request.organisation).with_version_summary().order_by("title"))
    context = {"offers": offer_rows, "can_manage": request.user.has_perm(MANAGE, request.organisation)}
    return private(render(request, "publishing/offer_list.html", context))


@permission_required(MANAGE)
def offer_create(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = offers.offer_create(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The offer has been started. Now write its first version."))
            return redirect("publishing:offer_version_create", offer_id=offer.pk)
    return private(render(request, "publishing/offer_form.html", {"form": form, "offer": None}))


@permission_required(MANAGE)
def offer_edit(request: HttpRequest, offer_id) -> HttpResponse:
    offer = _offer(request, offer_id, permission=MANAGE)
    initial = {"title": offer.title, "slug": offer.slug, "summary": offer.summary}
    form = OfferForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            offers.offer_update(actor=request.user, offer=offer, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to the offer have been saved."))
            return redirect("publishing:offer_detail", offer_id=offer.pk)
    return private(render(request, "publishing/offer_form.html", {"form": form, "offer": offer}))


@permission_required(VIEW)
def offer_detail(request: HttpRequest, offer_id) -> HttpResponse:
    offer = _offer(request, offer_id)
    versions = list(offer.versions.select_related("created_by").order_by("-number"))
    current = next((version for version in versions if version.is_published), None)
    draft = versions[0] if versions and not versions[0].is_published else None
    context = {
        "offer": offer,
        "versions": versions,
        "current": current,
        "draft": draft,
        "blocks": offers.offer_blocks(current.body) if current else [],
        "can_manage": request.user.has_perm(MANAGE, offer),
    }
    return private(render(request, "publishing/offer_detail.html", context))


@permission_required(MANAGE)
def offer_version_create(request: HttpRequest, offer_id) -> HttpResponse:
    """Write the next version, starting from the latest text (a draft already there is changed instead)."""
    offer = _offer(request, offer_id, permission=MANAGE)
    draft = offers.draft_version(offer)
    if draft is not None:
        messages.info(request, _("Version %(number)s is still a draft: change it here.") % {"number": draft.number})
        return redirect("publishing:offer_version_edit", offer_version_id=draft.pk)
    latest = offers.latest_version(offer)
    initial = {"body": latest.body, "co_produced_with": latest.co_produced_with} if latest else {}
    form = OfferVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = offers.offer_version_create(actor=request.user, offer=offer, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Version %(number)s has been saved as a draft.") % {"number": version.number})
            return redirect("publishing:offer_version_detail", offer_version_id=version.pk)
    report = plain_english_check(request.organisation, offers.offer_plain_text(form["body"].value() or ""))
    context = {"form": form, "offer": offer, "version": None, "latest": latest, "report": report}
    return private(render(request, "publishing/offer_version_form.html", context))


@permission_required(MANAGE)
def offer_version_edit(request: HttpRequest, offer_version_id) -> HttpResponse:
    version = _version(request, offer_version_id, permission=MANAGE)
    if version.is_published:
        messages.error(request, _("A published version cannot be changed. Start a new version instead."))
        return redirect("publishing:offer_version_detail", offer_version_id=version.pk)
    initial = {"body": version.body, "co_produced_with": version.co_produced_with}
    form = OfferVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offers.offer_version_update(actor=request.user, version=version, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to the draft have been saved."))
            return redirect("publishing:offer_version_detail", offer_version_id=version.pk)
    report = plain_english_check(request.organisation, offers.offer_plain_text(form["body"].value() or ""))
    context = {"form": form, "offer": version.offer, "version": version, "report": report}
    return private(render(request, "publishing/offer_version_form.html", context))


@permission_required(VIEW)
def offer_version_detail(request: HttpRequest, offer_version_id) -> HttpResponse:
    version = _version(request, offer_version_id)
    current = offers.current_version(version.offer)
    context = {
        "version": version,
        "offer": version.offer,
        "is_current": current is not None and current.pk == version.pk,
        "is_latest": not version.offer.versions.filter(number__gt=version.number).exists(),
        "blocks": offers.offer_blocks(version.body),
        "report": plain_english_check(request.organisation, offers.offer_plain_text(version.body)),
        "can_manage": request.user.has_perm(MANAGE, version),
    }
    return private(render(request, "publishing/offer_version_detail.html", context))


def _post_action(request: HttpRequest, offer_version_id, action, done: str) -> HttpResponse:
    version = _version(request, offer_version_id, permission=MANAGE)
    try:
        action(actor=request.user, version=version, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("publishing:offer_version_detail", offer_version_id=version.pk)


@require_POST
@permission_required(MANAGE)
def offer_version_publish(request: HttpRequest, offer_version_id) -> HttpResponse:
    return _post_action(
        request, offer_version_id, offers.offer_version_publish, _("This version is now the one families see.")
    )


@require_POST
@permission_required(MANAGE)
def offer_version_review(request: HttpRequest, offer_version_id) -> HttpResponse:
    return _post_action(
        request,
        offer_version_id,
        offers.offer_version_mark_reviewed,
        _("The offer is marked as reviewed today."),
    )
