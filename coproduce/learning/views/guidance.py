"""The organisation's guidance (links or short texts staff are pointed to, such as the difference between migrants,
refugees and asylum seekers): the list every member can read, and the lead's adding, changing and removing. The
decision form lists it under "assumptions and biases checked" (templatetags/learning_tags.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.learning import services
from coproduce.learning.forms import GuidanceForm
from coproduce.learning.models import OrganisationGuidance
from coproduce.learning.views.common import MANAGE_GUIDANCE, VIEW


@permission_required(VIEW)
def guidance_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    context = {
        "guidance": list(OrganisationGuidance.objects.for_organisation(organisation)),
        "can_manage": request.user.has_perm(MANAGE_GUIDANCE, organisation),
    }
    return render(request, "learning/guidance_list.html", context)


@require_POST
@permission_required(MANAGE_GUIDANCE)
def guidance_add_suggested(request: HttpRequest) -> HttpResponse:
    added = services.guidance_add_suggested(actor=request.user, organisation=request.organisation, request=request)
    if added:
        messages.success(request, _("The suggested guidance has been added."))
    else:
        messages.info(request, _("You already have the suggested guidance."))
    return redirect("learning:guidance_list")


def _form_page(request: HttpRequest, guidance: OrganisationGuidance | None) -> HttpResponse:
    initial = {"title": guidance.title, "url": guidance.url, "text": guidance.text} if guidance else {}
    form = GuidanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if guidance is None:
                services.guidance_create(actor=request.user, organisation=request.organisation, request=request, **data)
                messages.success(request, _("The guidance has been added."))
            else:
                services.guidance_update(actor=request.user, guidance=guidance, request=request, **data)
                messages.success(request, _("Your changes to the guidance have been saved."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("learning:guidance_list")
    title = _("Change guidance") if guidance else _("Add guidance")
    return render(
        request, "learning/simple_form.html", {"form": form, "title": title, "back": "learning:guidance_list"}
    )


@permission_required(MANAGE_GUIDANCE)
def guidance_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@permission_required(MANAGE_GUIDANCE)
def guidance_edit(request: HttpRequest, guidance_id) -> HttpResponse:
    guidance = get_for_member(request, OrganisationGuidance.objects.all(), guidance_id, permission=MANAGE_GUIDANCE)
    return _form_page(request, guidance)


@permission_required(MANAGE_GUIDANCE)
def guidance_delete(request: HttpRequest, guidance_id) -> HttpResponse:
    """GET asks to confirm; POST removes the guidance."""
    guidance = get_for_member(request, OrganisationGuidance.objects.all(), guidance_id, permission=MANAGE_GUIDANCE)
    if request.method == "POST":
        services.guidance_delete(actor=request.user, guidance=guidance, request=request)
        messages.success(request, _("The guidance has been removed."))
        return redirect("learning:guidance_list")
    return render(request, "learning/guidance_delete.html", {"guidance": guidance})
