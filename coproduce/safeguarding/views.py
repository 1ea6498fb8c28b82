"""Safeguarding pages: raising a concern (from a person, a household or anywhere), the concerns a member may see,
one concern with its notes and status, and the organisation's safeguarding arrangements.

A concern is shown only to the organisation's designated safeguarding leads and to the person who raised it;
every reading of one is audited.
"""

from __future__ import annotations

import copy
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.audit import audit_record
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.models import AuditEvent
from coproduce.people.models import Household, Person
from coproduce.safeguarding import services
from coproduce.safeguarding.forms import ArrangementsForm, ConcernForm, NoteForm, StatusForm
from coproduce.safeguarding.models import ConcernStatus, SafeguardingArrangements, SafeguardingConcern

RAISE = "safeguarding.raise_concern"
HANDLE = "safeguarding.handle_concerns"
PAGE_SIZE = 50


class ConcernFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *ConcernStatus.choices],
    )


def _about(request: HttpRequest, model: type[models.Model], name: str) -> models.Model | None:
    """The person or household a concern is being raised about (?person= / ?household=): this organisation's, or
    404."""
    value = request.GET.get(name)
    if not value:
        return None
    return get_for_member(request, model.objects.all(), _uuid(value))


def _raised_from(request: HttpRequest) -> tuple[dict[str, str], Person | None]:
    """Where a concern is being raised from when not a person's or household's page: an activity (?activity=) or
    a family's peer support (?support=, visible only to its supporter and coordinators). Returns the concern's
    `context_*` fields and, for peer support, the family the concern is about. Another organisation's record, or
    another supporter's family, is a 404."""
    activity_id = request.GET.get("activity")
    support_id = request.GET.get("support")
    if activity_id:
        from coproduce.engagement.models import Activity

        if not request.user.has_perm("engagement.view_activities", request.organisation):
            raise Http404
        activity = get_for_member(request, Activity.objects.all(), _uuid(activity_id))
        label = _("Activity: %(title)s") % {"title": activity.title}
        if activity.starts_at:
            starts = timezone.localtime(activity.starts_at)
            label += f" ({starts.day} {starts:%B %Y})"
        return {"context_type": Activity._meta.label, "context_id": str(activity.pk), "context_label": label}, None
    if support_id:
        from coproduce.peers.models import SupportEpisode

        episodes = SupportEpisode.objects.for_organisation(request.organisation).visible_to(
            request.user, request.organisation
        )
        episode = episodes.select_related("person").filter(pk=_uuid(support_id)).first()
        if episode is None:
            raise Http404
        label = _("Peer support %(reference)s") % {"reference": str(episode.pk)[-8:].upper()}
        return {
            "context_type": SupportEpisode._meta.label,
            "context_id": str(episode.pk),
            "context_label": label,
        }, episode.person
    return {}, None


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def _arrangements(request: HttpRequest) -> SafeguardingArrangements | None:
    return SafeguardingArrangements.objects.filter(organisation=request.organisation).first()


@permission_required(RAISE)
def concern_raise(request: HttpRequest) -> HttpResponse:
    person = _about(request, Person, "person")
    household = _about(request, Household, "household")
    raised_from, family = _raised_from(request)
    person = person or family
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(
                actor=request.user,
                organisation=request.organisation,
                person=person,
                household=household,
                request=request,
                **raised_from,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect(reverse("safeguarding:concern_detail", kwargs={"concern_id": concern.pk}) + "?raised=1")
    context = {
        "form": form,
        "person": person,
        "household": household,
        "raised_from": raised_from.get("context_label", ""),
        "arrangements": _arrangements(request),
        "can_see_people": request.user.has_perm("people.view_people", request.organisation),
        "can_manage_arrangements": request.user.has_perm("safeguarding.manage_arrangements", request.organisation),
    }
    return render(request, "safeguarding/concern_raise.html", context)


@permission_required(RAISE)
def concern_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    is_lead = request.user.has_perm(HANDLE, organisation)
    concerns = SafeguardingConcern.objects.for_organisation(organisation)
    if not is_lead:
        concerns = concerns.filter(raised_by=request.user)
    form = ConcernFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        concerns = concerns.filter(status=form.cleaned_data["status"])
    concerns = concerns.select_related("person", "household", "raised_by").order_by("-created_at", "-id")
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"concern": c, "reference": services.concern_reference(c)} for c in page.object_list]
    if is_lead and rows:
        # Which concerns a lead has looked over is itself sensitive: the list shows who they are about.
        audit_record(
            action=AuditEvent.Action.VIEW,
            actor=request.user,
            organisation=organisation,
            object_type=SafeguardingConcern._meta.label,
            summary="Looked at the list of safeguarding concerns",
            changes={"count": len(rows)},
            request=request,
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "is_lead": is_lead,
        "extra_query": query.urlencode(),
        "can_manage_arrangements": request.user.has_perm("safeguarding.manage_arrangements", organisation),
    }
    return render(request, "safeguarding/concern_list.html", context)


@member_required
def concern_detail(request: HttpRequest, concern_id: str) -> HttpResponse:
    queryset = SafeguardingConcern.objects.select_related("person", "household", "raised_by")
    concern = get_for_member(request, queryset, concern_id)
    if not services.may_read_concern(request.user, concern):
        raise PermissionDenied
    is_lead = request.user.has_perm(HANDLE, concern)
    reference = services.concern_reference(concern)
    if request.method == "GET" and request.GET.get("raised") and concern.raised_by_id == request.user.pk:
        # The confirmation shows only the reference, not what the concern says: not a reading of it.
        context = {
            "concern": concern,
            "reference": reference,
            "has_lead": bool(services.safeguarding_leads(request.organisation)),
            "arrangements": _arrangements(request),
        }
        return render(request, "safeguarding/concern_raised.html", context)

    can_change_status = is_lead and bool(services.TRANSITIONS[concern.status])
    status_form = StatusForm(prefix="status", concern=concern) if can_change_status else None
    note_form = NoteForm(prefix="note", further_information=not is_lead)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "status":
            if status_form is None:
                raise PermissionDenied
            status_form = StatusForm(request.POST, prefix="status", concern=concern)
            if status_form.is_valid():
                try:
                    services.concern_change_status(
                        actor=request.user, concern=concern, request=request, **status_form.cleaned_data
                    )
                except ValidationError as error:
                    apply_validation_error(status_form, error)
                else:
                    messages.success(request, _("The status of the concern has been changed."))
                    return redirect("safeguarding:concern_detail", concern_id=concern.pk)
        elif action == "note":
            note_form = NoteForm(request.POST, prefix="note", further_information=not is_lead)
            if note_form.is_valid():
                try:
                    services.concern_note_add(
                        actor=request.user, concern=concern, text=note_form.cleaned_data["text"], request=request
                    )
                except ValidationError as error:
                    apply_validation_error(note_form, error)
                else:
                    messages.success(request, _("Your note has been added."))
                    return redirect("safeguarding:concern_detail", concern_id=concern.pk)
        else:
            return redirect("safeguarding:concern_detail", concern_id=concern.pk)

    services.concern_view_record(actor=request.user, concern=concern, request=request)
    context = {
        "concern": concern,
        "reference": reference,
        "is_lead": is_lead,
        "notes": list(concern.notes.select_related("author")),
        "status_form": status_form,
        "note_form": note_form,
        "can_see_people": request.user.has_perm("people.view_people", concern),
    }
    return render(request, "safeguarding/concern_detail.html", context)


@permission_required("safeguarding.manage_arrangements")
def arrangements(request: HttpRequest) -> HttpResponse:
    current = _arrangements(request)
    form = ArrangementsForm(request.POST or None, instance=copy.copy(current) if current else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.arrangements_save(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The safeguarding arrangements have been saved."))
            return redirect("safeguarding:arrangements")
    return render(request, "safeguarding/arrangements.html", {"form": form, "arrangements": current})
