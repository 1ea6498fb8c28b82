"""Hubs, members and invitations of the current organisation; organisations for platform administrators."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.models import AuditEvent
from coproduce.organisations import services
from coproduce.organisations.forms import HubForm, InvitationForm, OrganisationCreateForm, RoleForm
from coproduce.organisations.models import Hub, Invitation, Membership, Organisation

# Hubs


@member_required
def hub_list(request: HttpRequest) -> HttpResponse:
    hubs = Hub.objects.for_organisation(request.organisation)
    can_manage = request.user.has_perm("organisations.manage_hubs", request.organisation)
    return render(request, "organisations/hub_list.html", {"hubs": hubs, "can_manage": can_manage})


@permission_required("organisations.manage_hubs")
def hub_create(request: HttpRequest) -> HttpResponse:
    form = HubForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hub = services.hub_create(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": hub.name})
            return redirect("organisations:hub_detail", hub_id=hub.pk)
    return render(request, "organisations/hub_form.html", {"form": form, "hub": None, "title": _("Add a hub")})


@member_required
def hub_detail(request: HttpRequest, hub_id: str) -> HttpResponse:
    hub = get_for_member(request, Hub.objects, hub_id)
    can_manage = request.user.has_perm("organisations.manage_hubs", hub)
    history = []
    if request.user.has_perm("core.view_audit", request.organisation):
        history = AuditEvent.objects.for_organisation(request.organisation).filter(
            object_type=Hub._meta.label, object_id=str(hub.pk)
        )[:20]
    return render(request, "organisations/hub_detail.html", {"hub": hub, "can_manage": can_manage, "history": history})


@member_required
def hub_edit(request: HttpRequest, hub_id: str) -> HttpResponse:
    hub = get_for_member(request, Hub.objects, hub_id, permission="organisations.manage_hubs")
    form = HubForm(request.POST or None, instance=copy.copy(hub))  # the service compares before/after
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_update(actor=request.user, hub=hub, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to %(name)s have been saved.") % {"name": hub.name})
            return redirect("organisations:hub_detail", hub_id=hub.pk)
    title = _("Change %(name)s") % {"name": hub.name}
    return render(request, "organisations/hub_form.html", {"form": form, "hub": hub, "title": title})


# Members and invitations


@permission_required("organisations.manage_members")
def member_list(request: HttpRequest) -> HttpResponse:
    members = Membership.objects.for_organisation(request.organisation).select_related("user")
    invitations = Invitation.objects.for_organisation(request.organisation).pending().select_related("invited_by")
    return render(request, "organisations/member_list.html", {"members": members, "invitations": invitations})


@permission_required("organisations.manage_members")
def member_invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None, valid_days=settings.INVITATION_VALID_DAYS)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_send(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("organisations:member_list")
    return render(request, "organisations/member_invite.html", {"form": form})


@member_required
def member_detail(request: HttpRequest, membership_id: str) -> HttpResponse:
    membership = get_for_member(
        request, Membership.objects.select_related("user"), membership_id, permission="organisations.manage_members"
    )
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                actor=request.user, membership=membership, request=request, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s's role has been changed.") % {"name": membership.user})
            return redirect("organisations:member_list")
    return render(request, "organisations/member_detail.html", {"membership": membership, "form": form})


@member_required
@require_POST
def member_remove(request: HttpRequest, membership_id: str) -> HttpResponse:
    membership = get_for_member(
        request, Membership.objects.select_related("user"), membership_id, permission="organisations.manage_members"
    )
    try:
        services.membership_remove(actor=request.user, membership=membership, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organisations:member_detail", membership_id=membership.pk)
    messages.success(request, _("%(name)s no longer has a role here.") % {"name": membership.user})
    return redirect("organisations:member_list")


@member_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: str) -> HttpResponse:
    invitation = get_for_member(request, Invitation.objects, invitation_id, permission="organisations.manage_members")
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("organisations:member_list")


# Platform administration: organisations (superusers only; anyone else gets 404, as if the pages did not exist)


def _platform_admin_only(request: HttpRequest) -> None:
    if not (request.user.is_authenticated and request.user.has_perm("organisations.create_organisation")):
        raise Http404


def platform_list(request: HttpRequest) -> HttpResponse:
    _platform_admin_only(request)
    organisations = Organisation.objects.annotate(
        hub_count=Count("hubs", distinct=True), member_count=Count("memberships", distinct=True)
    )
    return render(request, "organisations/platform_list.html", {"organisations": organisations})


def platform_create(request: HttpRequest) -> HttpResponse:
    _platform_admin_only(request)
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                first_admin_email=form.cleaned_data["first_admin_email"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been created and its first administrator invited.") % {"name": organisation.name},
            )
            return redirect("organisations:platform_detail", organisation_id=organisation.pk)
    return render(request, "organisations/platform_create.html", {"form": form})


def platform_detail(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """One organisation, for a platform administrator setting it up: add its hubs and invite its staff."""
    _platform_admin_only(request)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    hub_form = HubForm(request.POST if "add_hub" in request.POST else None, prefix="hub")
    invite_form = InvitationForm(
        request.POST if "invite" in request.POST else None, prefix="invite", valid_days=settings.INVITATION_VALID_DAYS
    )
    if request.method == "POST":
        try:
            if hub_form.is_bound and hub_form.is_valid():
                hub = services.hub_create(
                    actor=request.user, organisation=organisation, request=request, **hub_form.cleaned_data
                )
                messages.success(request, _("%(name)s has been added.") % {"name": hub.name})
                return redirect("organisations:platform_detail", organisation_id=organisation.pk)
            if invite_form.is_bound and invite_form.is_valid():
                invitation = services.invitation_send(
                    actor=request.user, organisation=organisation, request=request, **invite_form.cleaned_data
                )
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
                return redirect("organisations:platform_detail", organisation_id=organisation.pk)
        except ValidationError as error:
            apply_validation_error(hub_form if hub_form.is_bound else invite_form, error)
    context = {
        "org": organisation,
        "hubs": Hub.objects.for_organisation(organisation),
        "members": Membership.objects.for_organisation(organisation).select_related("user"),
        "invitations": Invitation.objects.for_organisation(organisation).pending(),
        "hub_form": hub_form,
        "invite_form": invite_form,
    }
    return render(request, "organisations/platform_detail.html", context)
