"""The newsletter for staff: issues and subscriber counts, the subscriber list (never public) and its export,
composing an issue from blocks, previewing it, sending a test and sending it. Public pages: views_public.py."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core import spreadsheets
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.audit import audit_record
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.core.models import AuditEvent
from coproduce.newsletter import content, services
from coproduce.newsletter.forms import BlockForm, IssueForm, SubscriberSearchForm
from coproduce.newsletter.models import Block, BlockKind, Issue, Subscriber
from coproduce.publishing.plain_english import plain_english_check

VIEW = "newsletter.view_newsletter"
COMPOSE = "newsletter.compose_issues"
SEND = "newsletter.send_issues"
EXPORT = "newsletter.export_subscribers"
PAGE_SIZE = 50


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _issue(request: HttpRequest, issue_id: str) -> Issue:
    issue = get_for_member(request, Issue.objects.select_related("sent_by"), issue_id)
    issue.organisation = request.organisation
    return issue


def _sent_already(request: HttpRequest, issue: Issue) -> HttpResponse:
    messages.error(request, _("This issue has been sent, so it can no longer be changed."))
    return redirect("newsletter:issue_detail", issue_id=issue.pk)


def _status_counts(organisation) -> dict[str, int]:
    counts = dict(
        Subscriber.objects.for_organisation(organisation)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Subscriber.Status.values}


@permission_required(VIEW)
def home(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    issues = Issue.objects.for_organisation(organisation).annotate(block_count=Count("blocks"))
    counts = _status_counts(organisation)
    context = {
        "drafts": list(issues.filter(status=Issue.Status.DRAFT).order_by("-created_at")),
        "sent": list(issues.filter(status=Issue.Status.SENT).select_related("sent_by").order_by("-number")[:50]),
        "counts": counts,
        "status_labels": dict(Subscriber.Status.choices),
        "can_compose": request.user.has_perm(COMPOSE, organisation),
    }
    return private(render(request, "newsletter/home.html", context))


def _subscribers(request: HttpRequest, form: SubscriberSearchForm):
    found = Subscriber.objects.for_organisation(request.organisation)
    if form.is_valid():
        if form.cleaned_data["q"]:
            found = found.filter(email__icontains=form.cleaned_data["q"].strip().lower())
        if form.cleaned_data["status"]:
            found = found.filter(status=form.cleaned_data["status"])
    return found


@permission_required(VIEW)
def subscriber_list(request: HttpRequest) -> HttpResponse:
    form = SubscriberSearchForm(request.GET or None)
    found = _subscribers(request, form).prefetch_related("hubs").order_by("-created_at")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "extra_query": query.urlencode(),
        "counts": _status_counts(request.organisation),
        "can_export": request.user.has_perm(EXPORT, request.organisation),
    }
    return private(render(request, "newsletter/subscriber_list.html", context))


@permission_required(EXPORT)
def subscriber_export(request: HttpRequest) -> HttpResponse:
    """Every subscriber matching the search, as CSV (a bulk copy of personal data: audited)."""
    form = SubscriberSearchForm(request.GET or None)
    found = _subscribers(request, form).prefetch_related("hubs").order_by("created_at")
    count = found.count()
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        organisation=request.organisation,
        object_type=Subscriber._meta.label,
        summary=f"Exported {count} newsletter subscribers as CSV",
        changes={"format": "csv", "rows": count, "filters": sorted(k for k, v in request.GET.items() if v)},
        request=request,
    )
    header = [_("Email address"), _("Status"), _("Hubs"), _("Topics"), _("Signed up"), _("Confirmed")]

    def rows():
        for subscriber in found.iterator(chunk_size=500):
            yield [
                subscriber.email,
                subscriber.get_status_display(),
                "; ".join(hub.name for hub in subscriber.hubs.all()),
                "; ".join(subscriber.topic_labels()),
                timezone.localdate(subscriber.created_at).isoformat(),
                timezone.localdate(subscriber.confirmed_at).isoformat() if subscriber.confirmed_at else "",
            ]

    response = StreamingHttpResponse(spreadsheets.csv_lines(header, rows()), content_type="text/csv; charset=utf-8")
    filename = f"newsletter-subscribers-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@permission_required(COMPOSE)
def issue_create(request: HttpRequest) -> HttpResponse:
    form = IssueForm(_posted(request), organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        issue = services.issue_create(
            actor=request.user,
            organisation=request.organisation,
            request=request,
            subject=form.cleaned_data["subject"],
            intro=form.cleaned_data["intro"],
            hubs=list(form.cleaned_data["hubs"]),
            topics=form.cleaned_data["topics"],
        )
        messages.success(request, _("The draft issue has been started. Now add some blocks."))
        return redirect("newsletter:issue_detail", issue_id=issue.pk)
    return private(render(request, "newsletter/issue_form.html", {"form": form, "issue": None}))


@permission_required(COMPOSE)
def issue_edit(request: HttpRequest, issue_id: str) -> HttpResponse:
    issue = _issue(request, issue_id)
    if issue.is_sent:
        return _sent_already(request, issue)
    initial = {"subject": issue.subject, "intro": issue.intro, "hubs": list(issue.hubs.all()), "topics": issue.topics}
    form = IssueForm(_posted(request), initial=initial, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_update(actor=request.user, issue=issue, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The issue has been changed."))
            return redirect("newsletter:issue_detail", issue_id=issue.pk)
    return private(render(request, "newsletter/issue_form.html", {"form": form, "issue": issue}))


@permission_required(VIEW)
def issue_detail(request: HttpRequest, issue_id: str) -> HttpResponse:
    issue = _issue(request, issue_id)
    context = {
        "issue": issue,
        "sections": content.issue_sections(issue),
        "hubs": list(issue.hubs.all()),
        "kinds": [(kind, label) for kind, label in BlockKind.choices],
        "can_compose": request.user.has_perm(COMPOSE, request.organisation),
        "can_send": request.user.has_perm(SEND, request.organisation),
    }
    return private(render(request, "newsletter/issue_detail.html", context))


@permission_required(COMPOSE)
def block_add(request: HttpRequest, issue_id: str) -> HttpResponse:
    issue = _issue(request, issue_id)
    if issue.is_sent:
        return _sent_already(request, issue)
    kind = request.GET.get("kind") or BlockKind.TEXT
    if kind not in BlockKind.values:
        raise Http404
    form = BlockForm(_posted(request), organisation=request.organisation, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.block_save(
                actor=request.user,
                issue=issue,
                kind=kind,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                items=list(form.cleaned_data.get("picked") or []),
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The block has been added."))
            return redirect("newsletter:issue_detail", issue_id=issue.pk)
    context = {"form": form, "issue": issue, "editing": None, "kind_label": BlockKind(kind).label}
    return private(render(request, "newsletter/block_form.html", context))


def _block(issue: Issue, block_id: str) -> Block:
    block = issue.blocks.filter(pk=block_id).first()
    if block is None:
        raise Http404
    block.issue = issue
    return block


@permission_required(COMPOSE)
def block_edit(request: HttpRequest, issue_id: str, block_id: str) -> HttpResponse:
    issue = _issue(request, issue_id)
    if issue.is_sent:
        return _sent_already(request, issue)
    block = _block(issue, block_id)
    initial = {"heading": block.heading, "text": block.text, "picked": block.chosen}
    form = BlockForm(
        _posted(request), initial=initial, organisation=request.organisation, kind=block.kind, chosen=block.chosen
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.block_save(
                actor=request.user,
                issue=issue,
                block=copy.copy(block),
                kind=block.kind,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                items=list(form.cleaned_data.get("picked") or []),
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The block has been changed."))
            return redirect("newsletter:issue_detail", issue_id=issue.pk)
    context = {"form": form, "issue": issue, "editing": block, "kind_label": block.get_kind_display()}
    return private(render(request, "newsletter/block_form.html", context))


@require_POST
@permission_required(COMPOSE)
def block_delete(request: HttpRequest, issue_id: str, block_id: str) -> HttpResponse:
    issue = _issue(request, issue_id)
    if issue.is_sent:
        return _sent_already(request, issue)
    block = _block(issue, block_id)
    services.block_delete(actor=request.user, block=block, request=request)
    messages.success(request, _("The block has been removed."))
    return redirect("newsletter:issue_detail", issue_id=issue.pk)


@permission_required(VIEW)
def issue_preview(request: HttpRequest, issue_id: str) -> HttpResponse:
    """The email as subscribers will get it, and the plain-English checker's advice on its text."""
    issue = _issue(request, issue_id)
    sections = content.issue_sections(issue)
    body = content.email_text(issue, sections=sections).replace(
        content.UNSUBSCRIBE_PLACEHOLDER, _("(each subscriber's own unsubscribe link)")
    )
    context = {
        "issue": issue,
        "body": body,
        "report": plain_english_check(request.organisation, content.families_text(issue, sections)),
        "recipient_count": None if issue.is_sent else len(services.recipients(issue)),
        "can_compose": request.user.has_perm(COMPOSE, request.organisation),
    }
    return private(render(request, "newsletter/issue_preview.html", context))


@require_POST
@permission_required(COMPOSE)
def issue_test(request: HttpRequest, issue_id: str) -> HttpResponse:
    issue = _issue(request, issue_id)
    try:
        services.issue_test_send(actor=request.user, issue=issue, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A test has been sent to %(email)s.") % {"email": request.user.email})
    return redirect("newsletter:issue_preview", issue_id=issue.pk)


@permission_required(SEND)
def issue_send(request: HttpRequest, issue_id: str) -> HttpResponse:
    """GET: how many subscribers it will go to, and a button. POST: send it (once)."""
    issue = _issue(request, issue_id)
    if issue.is_sent:
        return _sent_already(request, issue)
    if request.method == "POST":
        try:
            issue = services.issue_send(actor=request.user, issue=issue, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("newsletter:issue_detail", issue_id=issue.pk)
        messages.success(
            request,
            _("Issue %(number)s is being sent to %(count)s subscribers.")
            % {"number": issue.number, "count": issue.recipient_count},
        )
        return redirect("newsletter:issue_detail", issue_id=issue.pk)
    context = {"issue": issue, "recipient_count": len(services.recipients(issue))}
    return private(render(request, "newsletter/issue_send.html", context))
