"""You said, we did: every promise, kept and broken alike, with what families said and the decisions it answers,
grouped by project, a page at a time, with the share kept on time so far."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.public import queries
from coproduce.public.http import public_organisation, public_view
from coproduce.public.views.common import language_of, render_public

PER_PAGE = 25


@public_view
def you_said(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = public_organisation(organisation_slug)
    today = timezone.localdate()
    language = language_of(request, organisation)
    status = request.GET.get("status", "")
    if status not in queries.STATUS_FILTERS:
        status = ""
    page = Paginator(queries.public_promises(organisation, status, today), PER_PAGE).get_page(request.GET.get("page"))
    query = {key: value for key, value in (("status", status), ("lang", language or "")) if value}
    context = {
        "page": page,
        "promises": queries.with_public_details(page.object_list, language, today),
        "summary": queries.summary_sentence(queries.promise_summary(organisation, today)),
        "status": status,
        "filters": [
            {"value": value, "label": label, "current": value == status}
            for value, label in [("", _("All")), *queries.STATUS_FILTERS.items()]
        ],
        "extra_query": urlencode(query),
    }
    return render_public(request, organisation, "public/you_said.html", context)
