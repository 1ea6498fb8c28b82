"""Stakeholder groups (the eight of the brief and the organisation's sub-groups) and partner organisations."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.stakeholders import services
from coproduce.stakeholders.forms import PartnerForm, SubgroupForm
from coproduce.stakeholders.models import Partner, StakeholderGroup


@member_required
def group_list(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm("stakeholders.manage_groups", request.organisation)
    form = SubgroupForm(request.POST or None, organisation=request.organisation) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            return render(request, "errors/403.html", status=403)
        if form.is_valid():
            try:
                group = services.subgroup_create(
                    actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(name)s has been added.") % {"name": group.name})
                return redirect("stakeholders:group_list")
    groups = StakeholderGroup.objects.for_organisation(request.organisation)
    top = [g for g in groups if g.parent_id is None]
    children: dict = {}
    for g in groups:
        if g.parent_id:
            children.setdefault(g.parent_id, []).append(g)
    rows = [(g, children.get(g.pk, [])) for g in top]
    return render(request, "stakeholders/group_list.html", {"rows": rows, "form": form})


@member_required
def partner_list(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.for_organisation(request.organisation).select_related("stakeholder_group")
    can_manage = request.user.has_perm("stakeholders.manage_partners", request.organisation)
    return render(request, "stakeholders/partner_list.html", {"partners": partners, "can_manage": can_manage})


@permission_required("stakeholders.manage_partners")
def partner_edit(request: HttpRequest, partner_id: str | None = None) -> HttpResponse:
    partner = get_for_member(request, Partner.objects, partner_id) if partner_id else None
    form = PartnerForm(
        request.POST or None, instance=copy.copy(partner) if partner else None, organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.partner_save(
                actor=request.user,
                organisation=request.organisation,
                partner=partner,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": saved.name})
            return redirect("stakeholders:partner_list")
    title = _("Change %(name)s") % {"name": partner.name} if partner else _("Add a partner organisation")
    return render(request, "stakeholders/partner_form.html", {"form": form, "partner": partner, "title": title})
