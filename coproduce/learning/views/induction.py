"""Induction pages: my own checklist, a family member's (ticked by staff), finding a person, and the lead's list of
items to add, change, reorder and retire (a retired item leaves the checklist; who had done it is kept)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.learning import services
from coproduce.learning.forms import InductionItemForm, PersonSearchForm
from coproduce.learning.models import Audience, InductionItem, InductionProgress
from coproduce.learning.views.common import (
    MANAGE_INDUCTION,
    RECORD_INDUCTION,
    VIEW,
    VIEW_PEOPLE,
    audience_of_member,
)
from coproduce.people.models import Person

SEARCH_RESULTS = 20


def _checklist(items, progress) -> list[dict]:
    done = {p.item_id: p for p in progress}
    return [{"item": item, "done": done.get(item.pk)} for item in items]


def _save(request: HttpRequest, items, **trainee) -> None:
    services.induction_progress_save(
        actor=request.user, items=items, done_ids=request.POST.getlist("done"), request=request, **trainee
    )
    messages.success(request, _("The induction checklist has been saved."))


@permission_required(VIEW)
def induction_mine(request: HttpRequest) -> HttpResponse:
    """My own induction: the items for people like me, ticked as I go."""
    organisation, user = request.organisation, request.user
    audience = audience_of_member(user, organisation)
    items = list(InductionItem.objects.for_organisation(organisation).current().for_audience(audience))
    if request.method == "POST":
        _save(request, items, user=user)
        return redirect("learning:induction")
    progress = InductionProgress.objects.filter(user=user, item__in=items).select_related("ticked_by")
    context = {
        "rows": _checklist(items, progress),
        "audience": Audience(audience).label,
        "can_record": user.has_perm(RECORD_INDUCTION, organisation) and user.has_perm(VIEW_PEOPLE, organisation),
        "can_manage": user.has_perm(MANAGE_INDUCTION, organisation),
    }
    return render(request, "learning/induction.html", context)


@permission_required(RECORD_INDUCTION)
def induction_people(request: HttpRequest) -> HttpResponse:
    """Families' induction: the people whose induction has started, and finding anyone else by name."""
    organisation = request.organisation
    if not request.user.has_perm(VIEW_PEOPLE, organisation):
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    found = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        found = list(
            Person.objects.for_organisation(organisation)
            .not_erased()
            .search(form.cleaned_data["q"])
            .order_by("full_name", "id")[:SEARCH_RESULTS]
        )
    started = (
        InductionProgress.objects.for_organisation(organisation)
        .filter(
            person__isnull=False,
            person__erased_at__isnull=True,
            item__retired_at__isnull=True,
            # Counted against the families' checklist only: an item ticked and later moved to staff is not "done".
            item__audience__in=[Audience.FAMILIES, Audience.BOTH],
        )
        .values("person_id", "person__full_name")
        .annotate(done=Count("id"))
        .order_by("person__full_name")[:200]
    )
    total = InductionItem.objects.for_organisation(organisation).current().for_audience(Audience.FAMILIES).count()
    context = {"form": form, "found": found, "started": list(started), "total": total}
    return private(render(request, "learning/induction_people.html", context))


@permission_required(RECORD_INDUCTION)
def induction_person(request: HttpRequest, person_id) -> HttpResponse:
    """A family member's induction, ticked by staff as they cover each item with them."""
    organisation = request.organisation
    person = get_for_member(request, Person.objects.not_erased(), person_id)
    if not request.user.has_perm(VIEW_PEOPLE, organisation):
        raise PermissionDenied
    items = list(InductionItem.objects.for_organisation(organisation).current().for_audience(Audience.FAMILIES))
    if request.method == "POST":
        _save(request, items, person=person)
        return redirect("learning:induction_person", person_id=person.pk)
    progress = InductionProgress.objects.filter(person=person, item__in=items).select_related("ticked_by")
    context = {"person": person, "rows": _checklist(items, progress)}
    return private(render(request, "learning/induction_person.html", context))


@permission_required(VIEW)
def induction_item_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    items = InductionItem.objects.for_organisation(organisation).annotate(done_count=Count("progress"))
    context = {
        "current": [item for item in items if item.retired_at is None],
        "retired": [item for item in items if item.retired_at is not None],
        "can_manage": request.user.has_perm(MANAGE_INDUCTION, organisation),
    }
    return render(request, "learning/induction_items.html", context)


@require_POST
@permission_required(MANAGE_INDUCTION)
def induction_add_suggested(request: HttpRequest) -> HttpResponse:
    added = services.induction_items_add_suggested(
        actor=request.user, organisation=request.organisation, request=request
    )
    if added:
        messages.success(request, _("%(count)s suggested induction items have been added.") % {"count": added})
    else:
        messages.info(request, _("You already have all the suggested induction items."))
    return redirect("learning:induction_item_list")


def _item_form_page(request: HttpRequest, item: InductionItem | None) -> HttpResponse:
    initial = {"text": item.text, "audience": item.audience} if item else {"audience": Audience.BOTH}
    form = InductionItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if item is None:
                services.induction_item_create(
                    actor=request.user,
                    organisation=request.organisation,
                    text=data["text"],
                    audience=data["audience"],
                    request=request,
                )
                messages.success(request, _("The induction item has been added."))
            else:
                services.induction_item_update(
                    actor=request.user, item=item, text=data["text"], audience=data["audience"], request=request
                )
                messages.success(request, _("Your changes to the induction item have been saved."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("learning:induction_item_list")
    title = _("Change an induction item") if item else _("Add an induction item")
    return render(request, "learning/simple_form.html", _form_context(form, title, "learning:induction_item_list"))


def _form_context(form, title, back: str, **extra) -> dict:
    return {"form": form, "title": title, "back": back, **extra}


@permission_required(MANAGE_INDUCTION)
def induction_item_create(request: HttpRequest) -> HttpResponse:
    return _item_form_page(request, None)


@permission_required(MANAGE_INDUCTION)
def induction_item_edit(request: HttpRequest, induction_item_id) -> HttpResponse:
    item = get_for_member(request, InductionItem.objects.all(), induction_item_id, permission=MANAGE_INDUCTION)
    return _item_form_page(request, item)


@require_POST
@permission_required(MANAGE_INDUCTION)
def induction_item_move(request: HttpRequest, induction_item_id) -> HttpResponse:
    item = get_for_member(request, InductionItem.objects.all(), induction_item_id, permission=MANAGE_INDUCTION)
    try:
        services.induction_item_move(
            actor=request.user, item=item, direction=request.POST.get("direction", ""), request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:induction_item_list")


@require_POST
@permission_required(MANAGE_INDUCTION)
def induction_item_retire(request: HttpRequest, induction_item_id) -> HttpResponse:
    item = get_for_member(request, InductionItem.objects.all(), induction_item_id, permission=MANAGE_INDUCTION)
    retired = item.retired_at is None
    services.induction_item_retire(actor=request.user, item=item, retired=retired, request=request)
    if retired:
        messages.success(request, _("The item has been retired. Who had done it is kept."))
    else:
        messages.success(request, _("The item is back on the checklist, at the end."))
    return redirect("learning:induction_item_list")
