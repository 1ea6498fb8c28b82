"""Referral pages: referring a family (staff, partners and peer supporters), the coordinators' list of referrals,
one referral with its ranked and explained suggestions and the supporters who cannot be matched, confirming a match,
and closing a referral without one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from coproduce.analysis import matching
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.organisations.models import Role
from coproduce.peers import matching as peer_matching
from coproduce.peers.forms_referrals import (
    FAMILY_EXPERIENCE_LABELS,
    PEOPLE_FOUND,
    CloseForm,
    PersonSearchForm,
    ReferralFilterForm,
    ReferralForm,
)
from coproduce.peers.models import PeerSupporter, Referral, ReferralStatus, SupporterStatus
from coproduce.peers.services import referrals as services
from coproduce.people.models import Person

REFER = "peers.refer_family"
VIEW = "peers.view_referrals"
MATCH = "peers.match_referrals"
VIEW_PEOPLE = "people.view_people"
PAGE_SIZE = 50

PART_LABELS = {
    matching.PartName.EXPERIENCE: gettext_lazy("Shared experience"),
    matching.PartName.LANGUAGE: gettext_lazy("Language"),
    matching.PartName.AREA: gettext_lazy("Area and travel"),
    matching.PartName.WAYS: gettext_lazy("Ways of support"),
    matching.PartName.AVAILABILITY: gettext_lazy("Times"),
    matching.PartName.CAPACITY: gettext_lazy("Room for more families"),
}


def match_strength(score: float) -> str:
    """A score from 0 to 1 in words for the coordinator."""
    if score >= 0.75:
        return _("Strong match")
    if score >= 0.5:
        return _("Good match")
    if score >= 0.25:
        return _("Some match")
    return _("Weak match")


def _referrals():
    return Referral.objects.select_related("person", "hub", "referred_by")


def _referral(request: HttpRequest, referral_id) -> Referral:
    return get_for_member(request, _referrals().select_related("organisation"), referral_id)


# --- refer a family ---------------------------------------------------------------------------------------------


def _chosen_person(request: HttpRequest) -> Person | None:
    """?person=<id>: a person of this organisation (staff who may see people only), else None."""
    value = request.GET.get("person")
    if not value or value == "none":
        return None
    if not request.user.has_perm(VIEW_PEOPLE, request.organisation):
        raise PermissionDenied
    try:
        pk = uuid.UUID(value)
    except ValueError:
        raise Http404 from None
    return get_for_member(request, Person.objects.not_erased(), pk)


def _is_partner(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role == Role.PARTNER


@permission_required(REFER)
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    can_see_people = request.user.has_perm(VIEW_PEOPLE, organisation)
    person = _chosen_person(request)
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    found = None
    if can_see_people and person is None and search.is_bound and search.is_valid() and search.cleaned_data["q"]:
        found = list(
            Person.objects.for_organisation(organisation)
            .not_erased()
            .search(search.cleaned_data["q"])
            .order_by("full_name", "id")[:PEOPLE_FOUND]
        )
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        person=person,
        partner=_is_partner(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                actor=request.user, organisation=organisation, details=form.details(), request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if request.user.has_perm(VIEW, organisation):
                messages.success(request, _("The referral has been saved. Choose a peer supporter when you are ready."))
                return redirect("peers:referral_detail", referral_id=referral.pk)
            return redirect("peers:referral_sent")
    context = {
        "form": form,
        "person": person,
        "search": search,
        "found": found,
        "can_see_people": can_see_people,
    }
    return private(render(request, "peers/referrals/referral_form.html", context))


@permission_required(REFER)
def referral_sent(request: HttpRequest) -> HttpResponse:
    """The confirmation for someone who cannot see referrals (a partner or a peer supporter)."""
    return render(request, "peers/referrals/referral_sent.html")


# --- the coordinators' pages ------------------------------------------------------------------------------------


@permission_required(VIEW)
def referral_list(request: HttpRequest) -> HttpResponse:
    form = ReferralFilterForm(request.GET or None)
    referrals = _referrals().for_organisation(request.organisation)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        referrals = referrals.filter(status=status)
    # Waiting ones oldest first (they have waited longest); the others newest first after them.
    referrals = (
        referrals.order_by("created_at", "id")
        if status == ReferralStatus.NEW
        else referrals.order_by("-created_at", "-id")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    today = timezone.localdate()
    rows = [{"referral": r, "days": (today - timezone.localdate(r.created_at)).days} for r in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "extra_query": query.urlencode()}
    return private(render(request, "peers/referrals/referral_list.html", context))


@dataclass(frozen=True)
class SuggestionRow:
    supporter: PeerSupporter
    suggestion: matching.Suggestion
    percent: int
    strength: str
    parts: list[dict]


def _suggestion_row(suggested: peer_matching.SuggestedSupporter) -> SuggestionRow:
    suggestion = suggested.suggestion
    parts = [
        {
            "label": PART_LABELS.get(part.name, part.name),
            "counts": part.max_points > 0,
            "points": round(part.points, 1),
            "max_points": round(part.max_points),
            "explanation": part.explanation,
        }
        for part in suggestion.parts
    ]
    return SuggestionRow(
        supporter=suggested.supporter,
        suggestion=suggestion,
        percent=round(suggestion.score * 100),
        strength=match_strength(suggestion.score),
        parts=parts,
    )


def _not_suggested(referral: Referral, suggested_ids: set) -> list[dict]:
    """Supporters who cannot be matched with this family, each with the reasons: those whose checks, supervision or
    room stop them, those who offer no online support when the family wants only that, and those taking a break."""
    organisation = referral.organisation
    rows = []
    for standing in peer_matching.standings(PeerSupporter.objects.for_organisation(organisation).active()):
        supporter = standing.supporter
        if supporter.pk in suggested_ids:
            continue
        reasons = list(standing.eligibility.reasons)
        if referral.online_only and not set(supporter.ways) & matching.REMOTE_WAYS:
            reasons.append(_("The family wants online support only, and they do not offer support online."))
        if reasons:
            rows.append({"supporter": supporter, "reasons": reasons})
    paused = PeerSupporter.objects.for_organisation(organisation).filter(status=SupporterStatus.PAUSED)
    for supporter in paused.select_related("person"):
        rows.append({"supporter": supporter, "reasons": [_("They are taking a break from peer support.")]})
    return rows


def _wishes(referral: Referral) -> dict:
    return {
        "experiences": [
            FAMILY_EXPERIENCE_LABELS.get(code) or matching.experience_label(code)
            for code in referral.wanted_experiences
        ],
        "ways": [matching.WAY_LABELS.get(code, code) for code in referral.ways],
        "times": [matching.SLOT_LABELS.get(code, code) for code in referral.available],
    }


@permission_required(VIEW)
def referral_detail(request: HttpRequest, referral_id) -> HttpResponse:
    referral = _referral(request, referral_id)
    can_match = request.user.has_perm(MATCH, request.organisation)
    suggestions: list[SuggestionRow] = []
    not_suggested: list[dict] = []
    problem = ""
    episode = None
    if referral.status == ReferralStatus.NEW:
        try:
            suggested = peer_matching.suggestions_for(referral)
        except ValueError as error:  # a referral saved before today's checks (the forms and API refuse these now)
            problem = str(error)
        else:
            suggestions = [_suggestion_row(item) for item in suggested]
            not_suggested = _not_suggested(referral, {item.supporter.pk for item in suggested})
    elif referral.status == ReferralStatus.MATCHED:
        episode = getattr(referral, "episode", None)
    services.referral_view_record(actor=request.user, referral=referral, request=request)
    today = timezone.localdate()
    context = {
        "referral": referral,
        "wishes": _wishes(referral),
        "days_waiting": (today - timezone.localdate(referral.created_at)).days,
        "suggestions": suggestions,
        "not_suggested": not_suggested,
        "problem": problem,
        "episode": episode,
        "can_match": can_match,
        "can_see_people": request.user.has_perm(VIEW_PEOPLE, request.organisation),
    }
    return private(render(request, "peers/referrals/referral_detail.html", context))


def _standing_now(supporter: PeerSupporter, referral: Referral) -> tuple[matching.Eligibility, SuggestionRow | None]:
    """Whether the supporter can be matched with the family today, and if so their suggestion."""
    annotated = peer_matching.supporters_with_checks(PeerSupporter.objects.filter(pk=supporter.pk)).get()
    record = peer_matching.supporter_record(annotated)
    eligibility = matching.eligibility(record, timezone.localdate())
    if supporter.status != SupporterStatus.ACTIVE:
        eligibility = matching.Eligibility(False, (_("They are not an active peer supporter at the moment."),))
    wanted = peer_matching.referral_record(referral)
    if eligibility.eligible and wanted.online_only and not record.ways & matching.REMOTE_WAYS:
        eligibility = matching.Eligibility(
            False, (_("The family wants online support only, and they do not offer support online."),)
        )
    if not eligibility.eligible:
        return eligibility, None
    suggestion = matching.score(wanted, record)
    return eligibility, _suggestion_row(peer_matching.SuggestedSupporter(supporter=annotated, suggestion=suggestion))


@permission_required(MATCH)
@require_http_methods(["GET", "POST"])
def match_confirm(request: HttpRequest, referral_id, supporter_id) -> HttpResponse:
    """GET: the confirm step, naming the supporter and why they suit. POST: make the match."""
    referral = _referral(request, referral_id)
    supporter = get_for_member(request, PeerSupporter.objects.select_related("person"), supporter_id)
    if referral.status != ReferralStatus.NEW:
        messages.info(request, _("This referral is no longer waiting for a match."))
        return redirect("peers:referral_detail", referral_id=referral.pk)
    error = ""
    if request.method == "POST":
        try:
            services.match_confirm(actor=request.user, referral=referral, supporter=supporter, request=request)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("%(family)s has been matched with %(supporter)s.")
                % {"family": referral.family_name or _("The family"), "supporter": supporter.person.display_name},
            )
            return redirect("peers:referral_detail", referral_id=referral.pk)
    eligibility, row = _standing_now(supporter, referral)
    context = {"referral": referral, "supporter": supporter, "eligibility": eligibility, "row": row, "error": error}
    return private(render(request, "peers/referrals/match_confirm.html", context, status=409 if error else 200))


@permission_required(MATCH)
@require_http_methods(["GET", "POST"])
def referral_close(request: HttpRequest, referral_id) -> HttpResponse:
    referral = _referral(request, referral_id)
    if referral.status != ReferralStatus.NEW:
        messages.info(request, _("This referral is no longer waiting for a match."))
        return redirect("peers:referral_detail", referral_id=referral.pk)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_close(
                actor=request.user, referral=referral, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The referral has been closed without a match."))
            return redirect(reverse("peers:referral_list"))
    return private(render(request, "peers/referrals/referral_close.html", {"form": form, "referral": referral}))
