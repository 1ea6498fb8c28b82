"""Payments pages: the organisation's payment policy, the list of payment lines with totals (and its export for
finance), one line with its next step (note on benefits, declining, receipt, paid), and adding an expense."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.engagement.models import Activity
from coproduce.payments import exports, services
from coproduce.payments.forms import BenefitsForm, ExpenseForm, LineFilterForm, PaidForm, PolicyForm, ReceiptForm
from coproduce.payments.models import PaymentLine
from coproduce.payments.queries import filter_lines, in_list_order, lines_for, summary_of
from coproduce.people.models import Person

RECORD = "payments.record_payments"
EXPORT = "payments.export_payments"
POLICY = "payments.manage_policy"
PAGE_SIZE = 50


@permission_required(POLICY)
def policy(request: HttpRequest) -> HttpResponse:
    current = services.policy_for(request.organisation)
    form = PolicyForm(request.POST or None, initial=PolicyForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_save(
                actor=request.user, organisation=request.organisation, request=request, **form.service_arguments()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The payment policy has been saved."))
            return redirect("payments:line_list")
    return render(request, "payments/policy_form.html", {"form": form, "policy": current})


def _filtered(request: HttpRequest) -> tuple[LineFilterForm, object]:
    form = LineFilterForm(request.GET or None, organisation=request.organisation)
    return form, form.filters()


@permission_required(RECORD)
def line_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form, filters = _filtered(request)
    lines = filter_lines(lines_for(organisation), filters)
    summary = summary_of(lines)
    page = Paginator(in_list_order(lines).select_related("person", "project", "activity"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    activity = form.cleaned_data.get("activity") if form.is_bound and form.is_valid() else None
    person = (
        Person.objects.for_organisation(organisation).filter(pk=filters.person_id).first()
        if filters.person_id
        else None
    )
    context = {
        "form": form,
        "page": page,
        "summary": summary,
        "activity": activity,
        "person": person,
        "extra_query": query.urlencode(),
        "is_filtered": bool(filters.names()),
        "policy": services.policy_for(organisation),
        "can_export": request.user.has_perm(EXPORT, organisation),
        "can_manage_policy": request.user.has_perm(POLICY, organisation),
    }
    return private(render(request, "payments/line_list.html", context))


@permission_required(EXPORT)
def export(request: HttpRequest) -> HttpResponse:
    """The lines the list shows (the same filters) as CSV or XLSX; without a format, the page offering both."""
    organisation = request.organisation
    form, filters = _filtered(request)
    lines = filter_lines(lines_for(organisation), filters)
    file_format = request.GET.get("format", "")
    if form.is_bound and not form.is_valid():
        # An export must be exactly what was asked for: a filter that is not valid is not silently dropped.
        file_format = ""
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    if file_format not in exports.FORMATS:
        context = {
            "form": form,
            "count": lines.count(),
            "query": query.urlencode(),
            "is_filtered": bool(filters.names()),
        }
        return private(render(request, "payments/export.html", context))
    count = lines.count()
    exports.export_record(
        organisation=organisation,
        actor=request.user,
        file_format=file_format,
        count=count,
        filters=filters,
        request=request,
    )
    filename = f"payments-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(exports.csv_lines(lines), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.xlsx_bytes(lines), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


ACTIONS = ("benefits", "decline", "reinstate", "receipt", "paid", "cancel")


@member_required
def line_detail(request: HttpRequest, line_id: str) -> HttpResponse:
    queryset = PaymentLine.objects.select_related("person", "project", "activity", "recorded_by")
    line = get_for_member(request, queryset, line_id, permission=RECORD)
    policy = services.policy_for(request.organisation)
    forms = {
        "benefits": BenefitsForm(prefix="benefits"),
        "receipt": ReceiptForm(
            prefix="receipt",
            initial={"receipt_received": line.receipt_received, "receipt_reference": line.receipt_reference},
        ),
        "paid": PaidForm(prefix="paid", policy=policy),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            return redirect("payments:line_detail", line_id=line.pk)
        form = None
        try:
            if action == "benefits":
                form = forms["benefits"] = BenefitsForm(request.POST, prefix="benefits")
                if form.is_valid():
                    services.line_benefits_note_shown(actor=request.user, line=line, request=request)
                    messages.success(request, _("They have accepted the payment. It is ready to pay."))
                    return redirect("payments:line_detail", line_id=line.pk)
            elif action == "decline":
                services.line_decline(actor=request.user, line=line, request=request)
                messages.success(request, _("The payment has been declined. It is kept apart from the totals."))
                return redirect("payments:line_detail", line_id=line.pk)
            elif action == "reinstate":
                services.line_reinstate(actor=request.user, line=line, request=request)
                messages.success(request, _("The payment is to pay again."))
                return redirect("payments:line_detail", line_id=line.pk)
            elif action == "cancel":
                services.line_cancel(actor=request.user, line=line, request=request)
                messages.success(request, _("The expense has been cancelled."))
                return redirect("payments:line_detail", line_id=line.pk)
            elif action == "receipt":
                form = forms["receipt"] = ReceiptForm(request.POST, prefix="receipt")
                if form.is_valid():
                    services.line_record_receipt(actor=request.user, line=line, request=request, **form.cleaned_data)
                    messages.success(request, _("The receipt has been recorded."))
                    return redirect("payments:line_detail", line_id=line.pk)
            elif action == "paid":
                form = forms["paid"] = PaidForm(request.POST, prefix="paid", policy=policy)
                if form.is_valid():
                    services.line_mark_paid(actor=request.user, line=line, request=request, **form.cleaned_data)
                    messages.success(request, _("The payment has been marked as paid."))
                    return redirect("payments:line_detail", line_id=line.pk)
        except ValidationError as error:
            if form is not None:
                apply_validation_error(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("payments:line_detail", line_id=line.pk)
        line.refresh_from_db()
    context = {
        "line": line,
        "reference": services.line_reference(line),
        "policy": policy,
        "benefits_form": forms["benefits"],
        "receipt_form": forms["receipt"],
        "paid_form": forms["paid"],
    }
    return private(render(request, "payments/line_detail.html", context))


def _expense(request: HttpRequest, *, activity: Activity | None, person: Person | None, back: str) -> HttpResponse:
    policy = services.policy_for(request.organisation)
    form = ExpenseForm(
        request.POST or None, organisation=request.organisation, policy=policy, activity=activity, person=person
    )
    if request.method == "POST" and policy is not None and form.is_valid():
        try:
            line = services.expense_add(actor=request.user, request=request, **form.service_arguments())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The expense has been added."))
            return redirect("payments:line_detail", line_id=line.pk)
    context = {"form": form, "activity": activity, "person": person, "policy": policy, "back": back}
    return private(render(request, "payments/expense_form.html", context))


@member_required
def expense_for_activity(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = get_for_member(request, Activity.objects.select_related("project"), activity_id, permission=RECORD)
    if not request.user.has_perm("people.view_people", activity):
        raise PermissionDenied
    try:
        back = reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk})
    except NoReverseMatch:
        back = reverse("engagement:register", kwargs={"activity_id": activity.pk})
    return _expense(request, activity=activity, person=None, back=back)


@member_required
def expense_for_person(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_for_member(request, Person.objects.not_erased(), person_id, permission=RECORD)
    return _expense(
        request, activity=None, person=person, back=reverse("people:person_detail", kwargs={"person_id": person.pk})
    )
