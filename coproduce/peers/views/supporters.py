"""Peer supporter pages for coordinators: the list (who can be matched, and why not), adding a supporter, their
profile, one supporter (checks, supervision, families now, activities they help to run), recording a check or a
supervision, and marking them as co-facilitator or co-trainer of an activity.

Who can be matched comes from `peers.matching.standings` (the same rules as matching itself). The list and the
supporter page show DBS information, so reading them is audited. Families supported are only counted here: their
names are on the support pages, which a supporter sees for their own families only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.analysis.matching import EXPERIENCE_LABELS, SLOT_LABELS, WAY_LABELS, experience_label
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.peers.forms_supporters import (
    CAN,
    CANNOT,
    EXPIRING,
    ActivitySupporterForm,
    CheckForm,
    PersonSearchForm,
    SupervisionForm,
    SupporterFilterForm,
    SupporterNewForm,
    SupporterProfileForm,
)
from coproduce.peers.matching import supporters_with_checks
from coproduce.peers.models import ActivitySupporter, PeerSupporter, SupporterCheck, SupporterStatus
from coproduce.peers.services import supporters as services
from coproduce.people.models import Person

MANAGE = "peers.manage_supporters"
RAISE_CONCERN = "safeguarding.raise_concern"
SOON_DAYS = 30
PAGE_SIZE = 50
PEOPLE_FOUND = 20
SUPERVISIONS_SHOWN = 20


@dataclass(frozen=True)
class SupporterRow:
    supporter: PeerSupporter
    standing: services.Standing


def rows_for(queryset, *, today=None) -> list[SupporterRow]:
    """Each supporter of `queryset` with their standing, in a fixed number of queries."""
    today = today or timezone.localdate()
    return [
        SupporterRow(supporter, services.standing_of(supporter, today=today, soon_days=SOON_DAYS))
        for supporter in supporters_with_checks(queryset)
    ]


def _attention_first(row: SupporterRow) -> tuple:
    """Those who cannot be matched, then those with something expiring soon, then the rest; people who have left
    peer support last of all (there is nothing to chase)."""
    supporter = row.supporter
    return (
        supporter.status == SupporterStatus.LEFT,
        row.standing.can_be_matched,
        not row.standing.expiring,
        supporter.person.full_name.casefold(),
        str(supporter.pk),
    )


@permission_required(MANAGE)
def supporter_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = SupporterFilterForm(request.GET or None, organisation=organisation)
    values = form.values()
    supporters = PeerSupporter.objects.for_organisation(organisation)
    if values.get("status"):
        supporters = supporters.filter(status=values["status"])
    if values.get("hub"):
        supporters = supporters.filter(hubs=values["hub"])
    rows = rows_for(supporters)
    everyone = len(rows)
    matchable = values.get("matchable")
    if matchable == CAN:
        rows = [row for row in rows if row.standing.can_be_matched]
    elif matchable == CANNOT:
        rows = [row for row in rows if not row.standing.can_be_matched]
    elif matchable == EXPIRING:
        rows = [row for row in rows if row.standing.expiring]
    rows.sort(key=_attention_first)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if rows:
        services.supporter_list_read_record(
            actor=request.user, organisation=organisation, via="page", count=len(page.object_list), request=request
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "filtered": bool(values),
        "everyone": everyone,
        "cannot_count": sum(1 for row in rows if not row.standing.can_be_matched),
        "extra_query": query.urlencode(),
    }
    return private(render(request, "peers/supporters/supporter_list.html", context))


# --- adding and changing ----------------------------------------------------------------------------------------


def _chosen_person(request: HttpRequest) -> Person | None:
    value = request.POST.get("person") if request.method == "POST" else request.GET.get("person")
    if not value:
        return None
    try:
        pk = uuid.UUID(str(value))
    except ValueError:
        return None
    return Person.objects.for_organisation(request.organisation).not_erased().filter(pk=pk).first()


@permission_required(MANAGE)
def supporter_new(request: HttpRequest) -> HttpResponse:
    """Find the person (a search on the server: no script needed), then their account and coordinator."""
    organisation = request.organisation
    search = PersonSearchForm(request.GET or None)
    text = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = []
    if text:
        already = PeerSupporter.objects.filter(person=OuterRef("pk")).values("pk")[:1]
        found = list(
            Person.objects.for_organisation(organisation)
            .not_erased()
            .search(text)
            .annotate(supporter_pk=Subquery(already))
            .order_by(Lower("full_name"), "id")[:PEOPLE_FOUND]
        )
    person = _chosen_person(request)
    existing_supporter = PeerSupporter.objects.filter(person=person).first() if person else None
    posted = request.method == "POST"
    form = SupporterNewForm(
        request.POST if posted else None,
        organisation=organisation,
        initial={"person": person.pk if person else None, "coordinator": request.user.pk},
    )
    if posted and form.is_valid():
        try:
            supporter = services.supporter_create(
                actor=request.user,
                organisation=organisation,
                person=form.cleaned_data["person"],
                user=form.cleaned_data["user"],
                coordinator=form.cleaned_data["coordinator"],
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "person" in error.error_dict:
                form.add_error(None, error.error_dict.pop("person"))
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now a peer supporter. Add the experiences and support they offer.")
                % {"name": supporter.person.display_name},
            )
            return redirect("peers:supporter_edit", supporter_id=supporter.pk)
    context = {
        "search": search,
        "text": text,
        "found": found,
        "people_found_limit": PEOPLE_FOUND,
        "person": person,
        "existing_supporter": existing_supporter,
        "form": form,
    }
    return private(render(request, "peers/supporters/supporter_new.html", context))


def _supporter(request: HttpRequest, supporter_id, queryset=None) -> PeerSupporter:
    queryset = queryset if queryset is not None else PeerSupporter.objects.select_related("person")
    return get_for_member(request, queryset, supporter_id)


@permission_required(MANAGE)
def supporter_edit(request: HttpRequest, supporter_id) -> HttpResponse:
    organisation = request.organisation
    queryset = PeerSupporter.objects.select_related("person").prefetch_related("hubs")
    supporter = _supporter(request, supporter_id, queryset)
    posted = request.method == "POST"
    form = SupporterProfileForm(request.POST if posted else None, organisation=organisation, supporter=supporter)
    if posted and form.is_valid():
        profile = form.profile()
        hubs = profile.pop("hubs")
        try:
            services.supporter_update(actor=request.user, supporter=supporter, hubs=hubs, request=request, **profile)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The peer supporter's profile has been saved."))
            return redirect("peers:supporter_detail", supporter_id=supporter.pk)
    return private(render(request, "peers/supporters/supporter_edit.html", {"form": form, "supporter": supporter}))


# --- one supporter ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    check: SupporterCheck
    current: bool  # the newest of its kind: the one that counts
    state: str  # "valid", "soon", "expired" or "replaced"


def _check_rows(checks: list[SupporterCheck], today) -> list[CheckRow]:
    rows, seen = [], set()
    for check in sorted(checks, key=lambda c: (c.kind, -c.issued_on.toordinal(), -c.created_at.timestamp())):
        current = check.kind not in seen
        seen.add(check.kind)
        if not current:
            state = "replaced"
        elif check.expires_on < today:
            state = "expired"
        elif (check.expires_on - today).days <= SOON_DAYS:
            state = "soon"
        else:
            state = "valid"
        rows.append(CheckRow(check, current, state))
    order = {kind: index for index, kind in enumerate(SupporterCheck.Kind.values)}
    return sorted(rows, key=lambda row: order.get(row.check.kind, 99))


def _labels(codes, labels: dict[str, str]) -> list[str]:
    return [labels[code] for code in labels if code in set(codes)]


@permission_required(MANAGE)
def supporter_detail(request: HttpRequest, supporter_id) -> HttpResponse:
    organisation = request.organisation
    found = _supporter(request, supporter_id)
    today = timezone.localdate()
    queryset = PeerSupporter.objects.filter(pk=found.pk).select_related("user", "coordinator")
    row = rows_for(queryset, today=today)[0]
    supporter = row.supporter
    supervisions = list(supporter.supervisions.select_related("supervisor")[:SUPERVISIONS_SHOWN])
    activities = list(
        ActivitySupporter.objects.filter(supporter=supporter)
        .select_related("activity")
        .order_by("activity__starts_at", "activity__title", "id")
    )
    services.supporter_read_record(actor=request.user, supporter=supporter, via="page", request=request)
    context = {
        "supporter": supporter,
        "standing": row.standing,
        "today": today,
        "check_rows": _check_rows(list(supporter.checks.all()), today),
        "supervisions": supervisions,
        "supervision_next_due": supporter.supervision_next_due,
        "experience_labels": [experience_label(code) for code in supporter.experiences],
        "way_labels": _labels(supporter.ways, WAY_LABELS),
        "slot_labels": _labels(supporter.available, SLOT_LABELS),
        "known_experiences": EXPERIENCE_LABELS,
        "activities": activities,
        "activity_form": ActivitySupporterForm(organisation=organisation),
        "can_raise_concern": request.user.has_perm(RAISE_CONCERN, organisation),
    }
    return private(render(request, "peers/supporters/supporter_detail.html", context))


# --- checks and supervision -------------------------------------------------------------------------------------


@permission_required(MANAGE)
def check_add(request: HttpRequest, supporter_id) -> HttpResponse:
    supporter = _supporter(request, supporter_id)
    posted = request.method == "POST"
    form = CheckForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            check = services.check_add(actor=request.user, supporter=supporter, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The %(kind)s has been recorded.") % {"kind": check.get_kind_display()})
            return redirect("peers:supporter_detail", supporter_id=supporter.pk)
    return private(render(request, "peers/supporters/check_add.html", {"form": form, "supporter": supporter}))


@permission_required(MANAGE)
def check_delete(request: HttpRequest, check_id) -> HttpResponse:
    check = get_for_member(request, SupporterCheck.objects.select_related("supporter__person"), check_id)
    supporter = check.supporter
    if request.method == "POST":
        services.check_delete(actor=request.user, check=check, request=request)
        messages.success(request, _("The %(kind)s has been deleted.") % {"kind": check.get_kind_display()})
        return redirect("peers:supporter_detail", supporter_id=supporter.pk)
    return private(render(request, "peers/supporters/check_delete.html", {"check": check, "supporter": supporter}))


@permission_required(MANAGE)
def supervision_add(request: HttpRequest, supporter_id) -> HttpResponse:
    supporter = _supporter(request, supporter_id)
    posted = request.method == "POST"
    form = SupervisionForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            supervision = services.supervision_record(
                actor=request.user, supporter=supporter, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The supervision has been recorded. The next one is due on %(date)s.")
                % {"date": f"{supervision.next_due_on.day} {supervision.next_due_on:%B %Y}"},
            )
            return redirect("peers:supporter_detail", supporter_id=supporter.pk)
    return private(render(request, "peers/supporters/supervision_add.html", {"form": form, "supporter": supporter}))


# --- activities they help to run --------------------------------------------------------------------------------


@permission_required(MANAGE)
def activity_supporter_add(request: HttpRequest, supporter_id) -> HttpResponse:
    """The form is on the supporter's page; this page shows it again with what needs correcting."""
    supporter = _supporter(request, supporter_id)
    posted = request.method == "POST"
    form = ActivitySupporterForm(request.POST if posted else None, organisation=request.organisation)
    if posted and form.is_valid():
        try:
            link = services.activity_supporter_add(
                actor=request.user,
                supporter=supporter,
                activity=form.cleaned_data["activity"],
                role=form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s of %(activity)s.")
                % {
                    "name": supporter.person.display_name,
                    "role": link.get_role_display().lower(),
                    "activity": link.activity.title,
                },
            )
            return redirect("peers:supporter_detail", supporter_id=supporter.pk)
    return private(
        render(request, "peers/supporters/activity_supporter_add.html", {"form": form, "supporter": supporter})
    )


@require_POST
@permission_required(MANAGE)
def activity_supporter_delete(request: HttpRequest, activity_supporter_id) -> HttpResponse:
    link = get_for_member(
        request, ActivitySupporter.objects.select_related("supporter__person", "activity"), activity_supporter_id
    )
    services.activity_supporter_remove(actor=request.user, activity_supporter=link, request=request)
    messages.success(
        request,
        _("%(name)s no longer helps to run %(activity)s.")
        % {"name": link.supporter.person.display_name, "activity": link.activity.title},
    )
    return redirect("peers:supporter_detail", supporter_id=link.supporter_id)


__all__ = [
    "activity_supporter_add",
    "activity_supporter_delete",
    "check_add",
    "check_delete",
    "supervision_add",
    "supporter_detail",
    "supporter_edit",
    "supporter_list",
    "supporter_new",
]
