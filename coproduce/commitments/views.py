"""The commitment area: the five deliverables at a glance, the shared definition (drafts, comments, adoption,
communication), the commitment and its signatures, strategies, and the public co-production page."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.analysis.readability import READING_EASE_EXPLAINED, readability
from coproduce.commitments import services
from coproduce.commitments.deliverables import organisation_deliverables, without_link
from coproduce.commitments.forms import (
    AdoptForm,
    CommentForm,
    CommitmentForm,
    CommunicationForm,
    DefinitionForm,
    PartnerSignatureForm,
    PersonSignatureForm,
    RefreshForm,
    SignForm,
    StrategyFilterForm,
    StrategyForm,
    WithdrawForm,
)
from coproduce.commitments.models import (
    Commitment,
    DefinitionCommunication,
    DefinitionVersion,
    ParagraphComment,
    Signature,
    Strategy,
)
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.models import AuditEvent
from coproduce.public.http import public_organisation, public_view
from coproduce.publishing.plain_english import plain_english_check
from coproduce.stakeholders.models import StakeholderGroup

VIEW = "commitments.view_commitment"
MANAGE = "commitments.manage_commitment"
COMMENT = "commitments.comment_definition"
SIGN = "commitments.sign_commitment"
WITHDRAW = "commitments.withdraw_signature"


def _posted(request: HttpRequest):
    """The submitted data of a POST (even if empty, as when a lone checkbox is left unticked), else None."""
    return request.POST if request.method == "POST" else None


def _version(request: HttpRequest, version_id: str) -> DefinitionVersion:
    return get_for_member(request, DefinitionVersion.objects, version_id)


def _readability_context(organisation, text: str) -> dict:
    """The readability score, and the plain-English advice (long sentences, passive voice, acronyms and jargon
    missing from the organisation's glossary): families read the definition and the commitment."""
    return {
        "score": readability(text),
        "score_explained": READING_EASE_EXPLAINED,
        "report": plain_english_check(organisation, text) if text.strip() else None,
    }


# The five deliverables


@permission_required(VIEW)
def deliverables(request: HttpRequest) -> HttpResponse:
    rows = organisation_deliverables(request.organisation, today=timezone.localdate())
    if not request.user.has_perm("organisations.manage_members", request.organisation):
        rows = [without_link(row) if row.number == 5 else row for row in rows]
    return render(request, "commitments/deliverables.html", {"deliverables": rows})


# The shared definition


@permission_required(VIEW)
def definition(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    versions = list(DefinitionVersion.objects.for_organisation(organisation))
    adopted = next((v for v in versions if v.status == DefinitionVersion.Status.ADOPTED), None)
    draft = next((v for v in versions if v.is_draft), None)
    group_rows = []
    if adopted is not None:
        communications: dict = {}
        for row in DefinitionCommunication.objects.filter(version=adopted).select_related("group"):
            communications.setdefault(row.group_id, []).append(row)
        group_rows = [
            (group, communications.get(group.pk, []))
            for group in StakeholderGroup.objects.for_organisation(organisation).top_level()
        ]
    context = {
        "versions": versions,
        "adopted": adopted,
        "draft": draft,
        "draft_comments": draft.comments.count() if draft else 0,
        "group_rows": group_rows,
        "groups_reached": sum(1 for _group, rows in group_rows if rows),
        "can_manage": request.user.has_perm(MANAGE, organisation),
    }
    return render(request, "commitments/definition.html", context)


def _definition_form_page(
    request: HttpRequest, form: DefinitionForm, version: DefinitionVersion | None, number: int
) -> HttpResponse:
    text = form.data.get("text", "") if form.is_bound else form.initial.get("text", "")
    context = {"form": form, "version": version, "number": number, **_readability_context(request.organisation, text)}
    return render(request, "commitments/definition_form.html", context)


@permission_required(MANAGE)
def definition_new(request: HttpRequest) -> HttpResponse:
    """Start the next version, as a copy of the latest (or empty for the first)."""
    organisation = request.organisation
    versions = DefinitionVersion.objects.for_organisation(organisation)
    draft = versions.drafts().first()
    if draft is not None:
        return redirect("commitments:version_edit", version_id=draft.pk)
    latest = versions.first()
    number = (latest.number + 1) if latest else 1
    form = DefinitionForm(_posted(request), initial={"text": latest.text if latest else ""})
    if request.method == "POST" and form.is_valid() and request.POST.get("action") != "check":
        try:
            version = services.definition_version_start(
                actor=request.user, organisation=organisation, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Version %(number)d has been saved as a draft.") % {"number": version.number})
            return redirect("commitments:version_edit", version_id=version.pk)
    return _definition_form_page(request, form, None, number)


@permission_required(MANAGE)
def version_edit(request: HttpRequest, version_id: str) -> HttpResponse:
    version = _version(request, version_id)
    if not version.is_draft:
        messages.info(request, _("Only a draft can be changed. Start a new version to change the definition."))
        return redirect("commitments:version_detail", version_id=version.pk)
    form = DefinitionForm(_posted(request), initial={"text": version.text})
    if request.method == "POST" and form.is_valid() and request.POST.get("action") != "check":
        try:
            services.definition_version_update(
                actor=request.user, version=version, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Your changes to version %(number)d have been saved.") % {"number": version.number}
            )
            return redirect("commitments:version_edit", version_id=version.pk)
    return _definition_form_page(request, form, version, version.number)


@dataclass
class ParagraphRow:
    number: int
    text: str
    comments: list[ParagraphComment] = field(default_factory=list)


@permission_required(VIEW)
def version_detail(request: HttpRequest, version_id: str) -> HttpResponse:
    version = _version(request, version_id)
    rows = [ParagraphRow(number, text) for number, text in enumerate(version.paragraphs, start=1)]
    earlier: list[ParagraphComment] = []  # comments on paragraphs that have since been taken out
    for comment in version.comments.select_related("author"):
        if comment.paragraph_number <= len(rows):
            row = rows[comment.paragraph_number - 1]
            comment.earlier_wording = comment.paragraph_text != row.text
            row.comments.append(comment)
        else:
            earlier.append(comment)
    context = {
        "version": version,
        "rows": rows,
        "earlier_comments": earlier,
        "can_manage": request.user.has_perm(MANAGE, version),
        "can_comment": version.is_draft and request.user.has_perm(COMMENT, version),
        **_readability_context(request.organisation, version.text),
    }
    return render(request, "commitments/version_detail.html", context)


@permission_required(COMMENT)
def paragraph_comment(request: HttpRequest, version_id: str, paragraph_number: int) -> HttpResponse:
    version = _version(request, version_id)
    paragraphs = version.paragraphs
    if not 1 <= paragraph_number <= len(paragraphs):
        raise Http404
    form = CommentForm(_posted(request)) if version.is_draft else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.definition_comment_add(
                actor=request.user,
                version=version,
                paragraph_number=paragraph_number,
                text=form.cleaned_data["text"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Thank you. Your comment has been added."))
            detail = reverse("commitments:version_detail", kwargs={"version_id": version.pk})
            return redirect(f"{detail}#paragraph-{paragraph_number}")
    comments = version.comments.filter(paragraph_number=paragraph_number).select_related("author")
    context = {
        "version": version,
        "form": form,
        "number": paragraph_number,
        "paragraph": paragraphs[paragraph_number - 1],
        "comments": comments,
    }
    return render(request, "commitments/paragraph_comment.html", context)


@permission_required(MANAGE)
def version_adopt(request: HttpRequest, version_id: str) -> HttpResponse:
    version = _version(request, version_id)
    if not version.is_draft:
        messages.info(request, _("Only a draft can be adopted."))
        return redirect("commitments:version_detail", version_id=version.pk)
    today = timezone.localdate()
    form = AdoptForm(_posted(request), initial={"adopted_on": f"{today.day}/{today.month}/{today.year}"})
    if request.method == "POST" and form.is_valid():
        try:
            services.definition_adopt(
                actor=request.user, version=version, adopted_on=form.cleaned_data["adopted_on"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Version %(number)d is now the adopted definition.") % {"number": version.number}
            )
            return redirect("commitments:definition")
    previous = DefinitionVersion.objects.for_organisation(request.organisation).adopted().first()
    return render(request, "commitments/version_adopt.html", {"form": form, "version": version, "previous": previous})


@permission_required(MANAGE)
def communication_add(request: HttpRequest, version_id: str) -> HttpResponse:
    version = _version(request, version_id)
    if version.status != DefinitionVersion.Status.ADOPTED:
        messages.info(request, _("Only the adopted definition can be recorded as shared."))
        return redirect("commitments:version_detail", version_id=version.pk)
    form = CommunicationForm(_posted(request), organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.definition_communication_record(
                actor=request.user, version=version, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Recorded that the definition was shared with %(groups)s.")
                % {"groups": ", ".join(row.group.name for row in rows)},
            )
            return redirect(reverse("commitments:definition") + "#communicated")
    return render(request, "commitments/communication_form.html", {"form": form, "version": version})


# The commitment and its signatures


def _commitment(request: HttpRequest) -> Commitment | None:
    return Commitment.objects.for_organisation(request.organisation).first()


@permission_required(VIEW)
def commitment(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    current = _commitment(request)
    signatures = list(current.signatures.all()) if current else []
    membership = request.membership
    can_manage = request.user.has_perm(MANAGE, organisation)
    active = [s for s in signatures if s.is_active]
    for signature in active:
        signature.can_withdraw = can_manage or (membership is not None and signature.member_id == membership.pk)
    history = (
        AuditEvent.objects.for_organisation(organisation)
        .filter(object_type=Commitment._meta.label, object_id=str(current.pk))
        .only("created_at", "actor_label", "summary")[:50]
        if current
        else []
    )
    context = {
        "commitment": current,
        "active": active,
        "withdrawn": [s for s in signatures if not s.is_active],
        "public_count": sum(1 for s in active if s.show_publicly),
        "has_signed": membership is not None and any(s.member_id == membership.pk for s in active),
        "can_manage": can_manage,
        "can_sign": request.user.has_perm(SIGN, organisation),
        "history": history,
    }
    return render(request, "commitments/commitment.html", context)


@permission_required(MANAGE)
def commitment_edit(request: HttpRequest) -> HttpResponse:
    current = _commitment(request)
    form = CommitmentForm(_posted(request), initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(
                actor=request.user, organisation=request.organisation, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The commitment has been saved."))
            return redirect("commitments:commitment")
    text = form.data.get("text", "") if form.is_bound else form.initial.get("text", "")
    context = {"form": form, "commitment": current, **_readability_context(request.organisation, text)}
    return render(request, "commitments/commitment_form.html", context)


def _needs_commitment(request: HttpRequest) -> HttpResponse | None:
    if _commitment(request) is None:
        messages.info(request, _("The commitment has not been written yet, so it cannot be signed."))
        return redirect("commitments:commitment")
    return None


@permission_required(SIGN)
def commitment_sign(request: HttpRequest) -> HttpResponse:
    if (missing := _needs_commitment(request)) is not None:
        return missing
    form = SignForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_sign(
                actor=request.user,
                membership=request.membership,
                show_publicly=form.cleaned_data["show_publicly"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Thank you for signing the commitment."))
            return redirect("commitments:commitment")
    return render(request, "commitments/sign.html", {"form": form, "commitment": _commitment(request)})


def _record_signature(request: HttpRequest, form, record, template: str) -> HttpResponse:
    if (missing := _needs_commitment(request)) is not None:
        return missing
    if request.method == "POST" and form.is_valid():
        try:
            signature = record(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The signature of %(name)s has been recorded.") % {"name": signature.name})
            return redirect(reverse("commitments:commitment") + "#signatures")
    return render(request, template, {"form": form})


@permission_required(MANAGE)
def signature_partner(request: HttpRequest) -> HttpResponse:
    form = PartnerSignatureForm(_posted(request), organisation=request.organisation)
    return _record_signature(request, form, services.signature_record_partner, "commitments/signature_partner.html")


@permission_required(MANAGE)
def signature_person(request: HttpRequest) -> HttpResponse:
    form = PersonSignatureForm(_posted(request))
    return _record_signature(request, form, services.signature_record_person, "commitments/signature_person.html")


@permission_required(VIEW)
def signature_withdraw(request: HttpRequest, signature_id: str) -> HttpResponse:
    signature = get_for_member(request, Signature.objects.select_related("member"), signature_id, permission=WITHDRAW)
    if not signature.is_active:
        messages.info(request, _("This signature has already been withdrawn."))
        return redirect(reverse("commitments:commitment") + "#withdrawn")
    form = WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_withdraw(
                actor=request.user, signature=signature, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The signature of %(name)s has been withdrawn.") % {"name": signature.name})
            return redirect(reverse("commitments:commitment") + "#signatures")
    own = request.membership is not None and signature.member_id == request.membership.pk
    return render(request, "commitments/signature_withdraw.html", {"form": form, "signature": signature, "own": own})


# Strategies


@permission_required(VIEW)
def strategy_list(request: HttpRequest) -> HttpResponse:
    form = StrategyFilterForm(request.GET or None)
    strategies = Strategy.objects.for_organisation(request.organisation).select_related("owner__user")
    only_sustaining = form.is_valid() and form.cleaned_data["sustaining"]
    if only_sustaining:
        strategies = strategies.filter(is_sustaining=True)
    today = timezone.localdate()
    strategies = list(strategies)
    for strategy in strategies:
        strategy.due = strategy.refresh_is_due(today)
    context = {
        "form": form,
        "strategies": strategies,
        "only_sustaining": only_sustaining,
        "can_manage": request.user.has_perm(MANAGE, request.organisation),
    }
    return render(request, "commitments/strategy_list.html", context)


def _strategy(request: HttpRequest, strategy_id: str) -> Strategy:
    return get_for_member(request, Strategy.objects.select_related("owner__user"), strategy_id)


@permission_required(VIEW)
def strategy_detail(request: HttpRequest, strategy_id: str) -> HttpResponse:
    strategy = _strategy(request, strategy_id)
    context = {
        "strategy": strategy,
        "due": strategy.refresh_is_due(timezone.localdate()),
        "refreshes": list(strategy.refreshes.select_related("recorded_by")),
        "can_manage": request.user.has_perm(MANAGE, strategy),
    }
    return render(request, "commitments/strategy_detail.html", context)


@permission_required(MANAGE)
def strategy_create(request: HttpRequest) -> HttpResponse:
    form = StrategyForm(_posted(request), organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_save(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The strategy ‘%(title)s’ has been added.") % {"title": strategy.title})
            return redirect("commitments:strategy_detail", strategy_id=strategy.pk)
    return render(request, "commitments/strategy_form.html", {"form": form, "strategy": None})


@permission_required(MANAGE)
def strategy_edit(request: HttpRequest, strategy_id: str) -> HttpResponse:
    strategy = _strategy(request, strategy_id)
    form = StrategyForm(_posted(request), instance=copy.copy(strategy), organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_save(
                actor=request.user,
                organisation=request.organisation,
                strategy=strategy,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to ‘%(title)s’ have been saved.") % {"title": strategy.title})
            return redirect("commitments:strategy_detail", strategy_id=strategy.pk)
    return render(request, "commitments/strategy_form.html", {"form": form, "strategy": strategy})


@permission_required(MANAGE)
def strategy_refresh(request: HttpRequest, strategy_id: str) -> HttpResponse:
    strategy = _strategy(request, strategy_id)
    if not strategy.is_sustaining:
        messages.info(request, _("Only a sustaining strategy is refreshed."))
        return redirect("commitments:strategy_detail", strategy_id=strategy.pk)
    form = RefreshForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_refresh(
                actor=request.user, strategy=strategy, note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Recorded that ‘%(title)s’ was refreshed today.") % {"title": strategy.title})
            return redirect("commitments:strategy_detail", strategy_id=strategy.pk)
    return render(request, "commitments/strategy_refresh.html", {"form": form, "strategy": strategy})


# The public page


@public_view
def public_page(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Anyone, signed in or not: the adopted definition, the commitment and the signatories who agreed to be named.
    Part of the public site (coproduce.public): its layout, and cacheable like its other pages."""
    organisation = public_organisation(organisation_slug)
    adopted = DefinitionVersion.objects.for_organisation(organisation).adopted().first()
    current = Commitment.objects.for_organisation(organisation).first()
    signatories = list(current.signatures.public().only("name", "role_or_organisation", "kind")) if current else []
    context = {
        "public_organisation": organisation,
        "adopted": adopted,
        "commitment": current,
        "people": [s for s in signatories if s.kind != Signature.Kind.PARTNER],
        "partners": [s for s in signatories if s.kind == Signature.Kind.PARTNER],
    }
    return render(request, "commitments/public.html", context)
