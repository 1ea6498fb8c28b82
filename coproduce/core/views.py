"""Pages that belong to no one area: home, health check, the statutory pages, switching organisation, audit log,
and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coproduce.core.access import member_required, permission_required
from coproduce.core.forms_audit import AuditFilterForm
from coproduce.core.middleware import SESSION_ORGANISATION_KEY
from coproduce.core.models import AuditEvent
from coproduce.people.models import Person


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    if request.organisation is None:
        if request.user.is_superuser:
            return redirect("organisations:platform_list")
        return render(request, "core/no_organisation.html")
    organisation = request.organisation
    context = {
        "membership": request.membership,
        "hub_count": organisation.hubs.count(),
        "person_count": Person.objects.for_organisation(organisation).count()
        if request.user.has_perm("people.view_people", organisation)
        else None,
        "member_count": organisation.memberships.count(),
        "can_manage_members": request.user.has_perm("organisations.manage_members", organisation),
        "promises": _promise_counts(request)
        if request.user.has_perm("decisions.view_decisions", organisation)
        else None,
    }
    return render(request, "core/home.html", context)


def _promise_counts(request: HttpRequest) -> dict:
    """Open and overdue promises, the organisation's and the member's own, in one query: what a lead checks first."""
    from coproduce.decisions.models import Promise

    today = timezone.localdate()
    open_promises = Promise.objects.for_organisation(request.organisation).open()
    late = Q(due_date__lt=today)
    mine = Q(owner=request.user)
    return open_promises.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=late),
        mine=Count("pk", filter=mine),
        mine_overdue=Count("pk", filter=mine & late),
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and the shared cache, if one is configured) answer; 503 when either does not."""
    checks = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to reach the database means "not healthy"
        checks["database"] = "unreachable"
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        # Sign-in rate limits live in the shared cache: without it nobody can sign in.
        try:
            cache.set("healthz", "ok", 5)
            checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unreachable"
        except Exception:
            checks["cache"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/cookies.html",
        {"session_hours": settings.SESSION_COOKIE_AGE // 3600},
    )


def feedback(request: HttpRequest) -> HttpResponse:
    return render(request, "core/feedback.html", {"feedback_email": settings.FEEDBACK_EMAIL})


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("organisation", "")
    membership = next((m for m in request.memberships if str(m.organisation_id) == wanted), None)
    if membership is None:
        messages.error(request, _("Choose one of the organisations you are a member of."))
        return redirect("accounts:account")
    request.session[SESSION_ORGANISATION_KEY] = str(membership.organisation_id)
    messages.success(request, _("You are now working in %(name)s.") % {"name": membership.organisation.name})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "core:home"
    return redirect(next_url)


@permission_required("core.view_audit")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.for_organisation(request.organisation)
    if form.is_valid():
        events = form.filter(events)
    elif form.is_bound:
        events = events.none()  # a filter with a mistake in it shows no lines rather than all of them
    page = Paginator(events.only(*AuditFilterForm.LIST_FIELDS), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_log.html", {"form": form, "page": page, "extra_query": query.urlencode()})


# The data protection area: each link is shown to the roles whose permission it needs.
DATA_PROTECTION_LINKS = [
    (
        "datarights.manage_requests",
        "datarights:request_list",
        gettext_lazy("Data rights requests"),
        gettext_lazy(
            "Requests for a copy of someone's information, to correct or delete it, or to stop using it, with their "
            "one-month due dates."
        ),
    ),
    (
        "datarights.manage_retention",
        "datarights:retention",
        gettext_lazy("Retention"),
        gettext_lazy("How long each kind of record is kept, and what would be removed today."),
    ),
    (
        "consent.manage_notices",
        "consent:notice_list",
        gettext_lazy("Privacy notices"),
        gettext_lazy("The versions of the privacy notice that families were shown when they gave consent."),
    ),
    (
        "consent.view_agreements",
        "consent:agreement_list",
        gettext_lazy("Data sharing agreements"),
        gettext_lazy("The register of agreements to share people's details with partner organisations."),
    ),
    (
        "equality.view_summary",
        "equality:summary",
        gettext_lazy("Equality monitoring summary"),
        gettext_lazy("Who takes part, compared across groups, with small numbers hidden."),
    ),
    (
        "core.view_audit",
        "core:audit_log",
        gettext_lazy("Audit log"),
        gettext_lazy("Who did what, when, to which record."),
    ),
]


def data_protection_links(request: HttpRequest) -> list[dict]:
    return [
        {"href": reverse(url), "title": title, "description": description}
        for permission, url, title, description in DATA_PROTECTION_LINKS
        if request.user.has_perm(permission, request.organisation)
    ]


@member_required
def data_protection(request: HttpRequest) -> HttpResponse:
    links = data_protection_links(request)
    if not links:
        raise PermissionDenied
    return render(request, "core/data_protection.html", {"links": links})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the error may have come from a context processor or middleware.
    return render(None, "errors/500.html", status=500)
