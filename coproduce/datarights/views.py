"""Data rights pages: the requests register, subject access exports, erasure, retention, and a person's own
request from their link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.consent.links import person_from_token
from coproduce.consent.services import age_group
from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.core.ratelimit import allow
from coproduce.datarights import erasure, services
from coproduce.datarights.export import export_display, export_json, person_export_data
from coproduce.datarights.forms import (
    CompleteForm,
    EraseForm,
    ExportRequestForm,
    PersonSearchForm,
    RequestForm,
    RetentionForm,
    today_text,
)
from coproduce.datarights.models import DataRightsRequest, RecordKind
from coproduce.datarights.retention import retention_apply, retention_months, retention_plan
from coproduce.people.models import Person

MANAGE = "datarights.manage_requests"
ERASE = "datarights.erase_person"
RETENTION = "datarights.manage_retention"
PAGE_SIZE = 50
STATUS_FILTERS = ("open", "completed", "all")


# The register ------------------------------------------------------------------------------------------------------


@permission_required(MANAGE)
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    rights_requests = DataRightsRequest.objects.for_organisation(request.organisation).select_related("person")
    if status != "all":
        rights_requests = rights_requests.filter(status=status)
    page = Paginator(rights_requests.order_by("status", "due_on", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = services.with_days_left(list(page.object_list))
    context = {
        "page": page,
        "status": status,
        "filters": [
            ("open", _("Open requests")),
            ("completed", _("Completed requests")),
            ("all", _("All requests")),
        ],
        "extra_query": f"status={status}",
    }
    return render(request, "datarights/request_list.html", context)


@permission_required(MANAGE)
def request_create(request: HttpRequest) -> HttpResponse:
    person_id = request.GET.get("person")
    person = get_for_member(request, Person.objects, person_id) if person_id else None
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    found = None
    if person is None and search.is_valid() and search.cleaned_data["q"]:
        found = list(
            Person.objects.for_organisation(request.organisation).not_erased().search(search.cleaned_data["q"])[:20]
        )
    form = RequestForm(request.POST if request.method == "POST" else None, initial={"received_on": today_text()})
    if request.method == "POST" and form.is_valid():
        try:
            rights_request = services.request_create(
                actor=request.user,
                organisation=request.organisation,
                person=person,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The request has been logged. It is due by %(date)s.")
                % {"date": formats.date_format(rights_request.due_on, "j F Y")},
            )
            return redirect("datarights:request_detail", rights_request_id=rights_request.pk)
    context = {"form": form, "person": person, "search": search, "found": found}
    return render(request, "datarights/request_form.html", context)


@member_required
def request_detail(request: HttpRequest, rights_request_id: str) -> HttpResponse:
    queryset = DataRightsRequest.objects.select_related("person", "logged_by", "completed_by")
    rights_request = get_for_member(request, queryset, rights_request_id, permission=MANAGE)
    is_open = rights_request.status == DataRightsRequest.Status.OPEN
    form = (
        CompleteForm(request.POST if request.method == "POST" else None, initial={"completed_on": today_text()})
        if is_open
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.request_complete(
                actor=request.user, rights_request=rights_request, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request has been marked as completed."))
            return redirect("datarights:request_detail", rights_request_id=rights_request.pk)
    services.with_days_left([rights_request])
    return render(request, "datarights/request_detail.html", {"rights_request": rights_request, "form": form})


# Subject access ----------------------------------------------------------------------------------------------------


def _export_request(person: Person, rights_request_id: str) -> DataRightsRequest:
    try:
        return DataRightsRequest.objects.get(pk=rights_request_id, person=person, kind=DataRightsRequest.Kind.ACCESS)
    except (DataRightsRequest.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


@member_required
def person_export(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_for_member(request, Person.objects.select_related("organisation"), person_id, permission=MANAGE)
    rights_request_id = request.GET.get("rights_request")
    if rights_request_id and request.method == "GET":
        rights_request = _export_request(person, rights_request_id)
        services.with_days_left([rights_request])
        data = person_export_data(person)
        if request.GET.get("format") == "json":
            services.export_log(
                actor=request.user, person=person, rights_request=rights_request, file_format="json", request=request
            )
            response = HttpResponse(export_json(data), content_type="application/json; charset=utf-8")
            filename = f"subject-access-{person.reference}-{timezone.localdate().isoformat()}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return private(response)
        services.export_log(
            actor=request.user, person=person, rights_request=rights_request, file_format="html", request=request
        )
        context = {
            "person": person,
            "rights_request": rights_request,
            "data": data,
            "sections": export_display(data),
            "withheld": data["withheld"],
        }
        return private(render(request, "datarights/person_export.html", context))

    open_requests = list(
        DataRightsRequest.objects.filter(
            person=person, kind=DataRightsRequest.Kind.ACCESS, status=DataRightsRequest.Status.OPEN
        ).order_by("received_on")
    )
    form = ExportRequestForm(request.POST if request.method == "POST" else None, open_requests=open_requests)
    if request.method == "POST" and form.is_valid():
        rights_request = form.chosen()
        if rights_request is None:
            rights_request = services.request_create(
                actor=request.user,
                organisation=request.organisation,
                person=person,
                kind=DataRightsRequest.Kind.ACCESS,
                made_by=DataRightsRequest.MadeBy.STAFF,
                received_on=timezone.localdate(),
                request=request,
            )
        return redirect(
            reverse("datarights:person_export", kwargs={"person_id": person.pk})
            + f"?rights_request={rights_request.pk}"
        )
    create_url = reverse("datarights:request_create") + f"?person={person.pk}"
    context = {"person": person, "form": form, "request_create_url": create_url}
    return render(request, "datarights/export_choose.html", context)


# Erasure -----------------------------------------------------------------------------------------------------------


@member_required
def person_erase(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_for_member(request, Person.objects.select_related("household"), person_id, permission=ERASE)
    open_requests = list(
        DataRightsRequest.objects.filter(
            person=person, kind=DataRightsRequest.Kind.ERASURE, status=DataRightsRequest.Status.OPEN
        ).order_by("received_on")
    )
    form = EraseForm(request.POST if request.method == "POST" else None, open_requests=open_requests)
    if request.method == "POST" and not person.is_erased and form.is_valid():
        try:
            erasure.person_erase(
                person=person,
                actor=request.user,
                request=request,
                keep_attribution=form.cleaned_data["attribution"] == "keep",
                rights_request=form.chosen(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Their information has been erased."))
            return redirect("people:person_detail", person_id=person.pk)
    context = {
        "person": person,
        "form": form,
        "has_open_concern": erasure.open_concerns(person).exists(),
    }
    return private(render(request, "datarights/person_erase.html", context))


# Retention ---------------------------------------------------------------------------------------------------------


@permission_required(RETENTION)
def retention(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    months = retention_months(organisation)
    action = request.POST.get("action")
    form = RetentionForm(request.POST if action == "save" else None, months=months)
    if request.method == "POST" and action == "apply":
        done = retention_apply(organisation, actor=request.user)
        total = sum(done.values())
        messages.success(
            request,
            ngettext(
                "Retention has been applied: %(count)s record anonymised or deleted.",
                "Retention has been applied: %(count)s records anonymised or deleted.",
                total,
            )
            % {"count": total},
        )
        return redirect("datarights:retention")
    if action == "save" and form.is_valid():
        try:
            services.retention_periods_save(
                actor=request.user, organisation=organisation, months=form.cleaned_data, request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The retention periods have been saved."))
            return redirect("datarights:retention")
    plan = retention_plan(organisation)
    confirming = request.GET.get("confirm") == "apply" and request.method == "GET"
    context = {
        "form": form,
        "plan": plan,
        "confirming": confirming,
        "to_change": sum(item.count for item in plan),
        "kinds": RecordKind,
    }
    return render(request, "datarights/retention.html", context)


# A person's own request ------------------------------------------------------------------------------------------


def my_request(request: HttpRequest, link: str, kind: str) -> HttpResponse:
    person = person_from_token(link)
    if person is None or kind not in services.SELF_SERVICE_KINDS:
        raise Http404
    context = {
        "person": person,
        "link": link,
        "kind": kind,
        "organisation_name": person.organisation.name,
        # Children and young people (under 18) get shorter, simpler wording.
        "group": age_group(person),
    }
    if request.method == "POST":
        if not allow(request, "datarights.my_request", limit=5, seconds=3600, key=str(person.pk)):
            context["too_many"] = True
            return private(render(request, "datarights/my_request.html", context, status=429))
        rights_request, created = services.request_from_person(person=person, kind=kind, request=request)
        context.update({"rights_request": rights_request, "created": created})
        return private(render(request, "datarights/my_request_done.html", context))
    return private(render(request, "datarights/my_request.html", context))
