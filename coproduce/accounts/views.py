"""The account page (profile, organisations, second factor, API tokens) and accepting an invitation."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.accounts import services
from coproduce.accounts.forms import AcceptInvitationForm, ApiTokenForm, ProfileForm
from coproduce.accounts.models import ApiToken, User, hash_token
from coproduce.accounts.signals import audit_account
from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Invitation
from coproduce.organisations.services import invitation_accept


@login_required
def account(request: HttpRequest) -> HttpResponse:
    profile_form = ProfileForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and profile_form.is_valid():
        with transaction.atomic():
            old = request.user.full_name
            request.user.full_name = profile_form.cleaned_data["full_name"]
            request.user.save(update_fields=["full_name"])
            audit_account(
                action=AuditEvent.Action.UPDATE,
                summary=f"Changed their name from ‘{old}’",
                request=request,
                user=request.user,
            )
        messages.success(request, _("Your name has been saved."))
        return redirect("accounts:account")
    tokens = []
    if request.membership is not None:
        tokens = ApiToken.objects.for_organisation(request.organisation).active().filter(membership=request.membership)
    context = {
        "profile_form": profile_form,
        "has_totp": Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists(),
        "tokens": tokens,
        "token_form": ApiTokenForm(),
        "new_token": request.session.pop("new_api_token", None),
    }
    return render(request, "accounts/account.html", context)


@permission_required("accounts.use_api")
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a name for the token"))
        return redirect("accounts:account")
    _token, raw = services.api_token_create(
        membership=request.membership, name=form.cleaned_data["name"], request=request
    )
    # Shown once, on the next page only.
    request.session["new_api_token"] = raw
    return redirect("accounts:account")


@member_required
@require_POST
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    token = get_for_member(request, ApiToken.objects.filter(membership__user=request.user), token_id)
    services.api_token_revoke(actor=request.user, token=token, request=request)
    messages.success(
        request,
        _("The token ‘%(name)s’ has been revoked. Programs using it can no longer sign in.") % {"name": token.name},
    )
    return redirect("accounts:account")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an emailed invitation: create an account, or accept it with the account already signed in."""
    found = Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    if found is None or found.status != "pending":
        return render(request, "accounts/invitation_invalid.html", {"invitation": found}, status=404)
    account_exists = User.objects.filter(email__iexact=found.email).exists()
    context = {"invitation": found, "account_exists": account_exists}
    if request.user.is_authenticated:
        if request.user.email.lower() != found.email.lower():
            return render(request, "accounts/invitation_other_user.html", context, status=403)
        if request.method == "POST":
            try:
                invitation_accept(invitation=found, user=request.user, request=request)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("core:home")
            request.session["current_organisation_id"] = str(found.organisation_id)
            messages.success(request, _("You have joined %(org)s.") % {"org": found.organisation.name})
            return redirect("core:home")
        return render(request, "accounts/invitation_accept.html", context)
    if account_exists:
        return render(request, "accounts/invitation_sign_in.html", context)
    form = AcceptInvitationForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create_from_invitation(
                invitation=found,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["current_organisation_id"] = str(found.organisation_id)
            messages.success(
                request, _("Welcome to %(org)s. Your account is ready.") % {"org": found.organisation.name}
            )
            email = EmailAddress.objects.get_primary(user)
            return perform_login(request, user, email_verification="none", redirect_url="/", email=email.email)
    context["form"] = form
    return render(request, "accounts/invitation_create_account.html", context)
