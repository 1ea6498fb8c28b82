"""The public "You said, we did" feeds: the 50 promises whose status changed most recently, as JSON Feed 1.1 and as
Atom, under the same privacy rules as the page (coproduce.public.queries). Documented in docs/api.md."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from coproduce.public import queries
from coproduce.public.http import public_organisation, public_view
from coproduce.public.views.common import language_of
from coproduce.public.views.you_said import PER_PAGE

FEED_SIZE = 50


def _entries(request: HttpRequest, organisation):
    language = language_of(request, organisation)
    today = timezone.localdate()
    return language, queries.with_public_details(queries.feed_promises(organisation, FEED_SIZE), language, today)


def _page_url(request: HttpRequest, organisation) -> str:
    return request.build_absolute_uri(reverse("public:you_said", args=[organisation.slug]))


def _links(organisation, page_url: str):
    """A function giving each promise's address on the page, which shows PER_PAGE promises a page in its own order:
    `?page=N#promise-<id>` on the page the promise is on. One query, of the ids in that order."""
    ids = queries.public_promises(organisation, today=timezone.localdate()).values_list("pk", flat=True)
    pages = {pk: index // PER_PAGE + 1 for index, pk in enumerate(ids)}
    return lambda promise_id: f"{page_url}?page={pages.get(promise_id, 1)}#promise-{promise_id}"


def _item(entry: queries.PublicPromise, link: str) -> dict:
    return {
        "id": f"urn:uuid:{entry.id}",
        "url": link,
        "title": entry.text.text,
        "content_text": _content_text(entry),
        "date_published": entry.created.isoformat(),
        "date_modified": entry.updated.isoformat(),
        "tags": [entry.status_label, *([entry.project] if entry.project else [])],
        "_promise": {
            "status": entry.status,
            "status_label": entry.status_label,
            "overdue": entry.overdue,
            "due_date": entry.due_date.isoformat() if entry.due_date else None,
            "kept_on": entry.kept_on.isoformat() if entry.kept_on else None,
            "project": entry.project or None,
            "explanation": entry.explanation.text,
            "language": entry.text.lang or "en",
            "you_said": [{"text": quote.text, "name": quote.name or None} for quote in entry.quotes],
            "decisions": [
                {
                    "title": decision.title,
                    "decided_on": decision.decided_on.isoformat(),
                    "what_was_decided": decision.what_was_decided,
                    "degree_of_participation": decision.degree or None,
                    "people_present": decision.present or None,
                }
                for decision in entry.decisions
            ],
        },
    }


def _content_text(entry: queries.PublicPromise) -> str:
    lines = [f"Status: {entry.status_label}" + (" (overdue)" if entry.overdue else "")]
    if entry.due_date:
        lines.append(f"Due: {entry.due_date.day} {entry.due_date:%B %Y}")
    if entry.explanation.text.strip():
        lines.append(entry.explanation.text.strip())
    for quote in entry.quotes:
        lines.append(f"You said: “{quote.text}”" + (f" – {quote.name}" if quote.name else ""))
    for decision in entry.decisions:
        when = f"{decision.decided_on.day} {decision.decided_on:%B %Y}"
        lines.append(f"Decision ({when}): {decision.title}. {decision.what_was_decided}")
    return "\n\n".join(lines)


@public_view
def you_said_json(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with each promise's details under `_promise`."""
    organisation = public_organisation(organisation_slug)
    language, entries = _entries(request, organisation)
    page_url = _page_url(request, organisation)
    link = _links(organisation, page_url)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{organisation.name}: You said, we did",
        "home_page_url": page_url,
        "feed_url": request.build_absolute_uri(),
        "description": "What families told us, what we decided and what we promised, kept and broken alike.",
        "language": language or "en",
        "items": [_item(entry, link(entry.id)) for entry in entries],
    }
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    return response


@public_view
def you_said_atom(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = public_organisation(organisation_slug)
    language, entries = _entries(request, organisation)
    page_url = _page_url(request, organisation)
    link = _links(organisation, page_url)
    feed = Atom1Feed(
        title=f"{organisation.name}: You said, we did",
        link=page_url,
        description="What families told us, what we decided and what we promised, kept and broken alike.",
        language=language or "en",
        feed_url=request.build_absolute_uri(),
        feed_guid=f"{page_url}",
    )
    for entry in entries:
        feed.add_item(
            title=entry.text.text,
            link=link(entry.id),
            description=_content_text(entry),
            unique_id=f"urn:uuid:{entry.id}",
            pubdate=entry.created,
            updateddate=entry.updated,
            categories=[entry.status_label],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
