"""Wins: easy wins celebrated, published ones only, translated; a photo only while everyone in it agrees to photos
(asked again on every request for the photo itself, so a withdrawal hides it at once)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.views.decorators.http import require_safe

from coproduce.public import queries
from coproduce.public.http import public_organisation, public_view
from coproduce.public.views.common import language_of, render_public
from coproduce.publishing.queries import win_photo_allowed, wins_with_public_photos
from coproduce.publishing.services import photo_type

PER_PAGE = 20


@public_view
def win_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = public_organisation(organisation_slug)
    language = language_of(request, organisation)
    page = Paginator(queries.published_wins(organisation), PER_PAGE).get_page(request.GET.get("page"))
    wins = list(page.object_list)
    with_photos = wins_with_public_photos(wins)
    rows = [
        {
            "win": win,
            "title": queries.translated(win, "title", language),
            "story": queries.translated(win, "story", language),
            "photo": win.pk in with_photos,
        }
        for win in wins
    ]
    return render_public(request, organisation, "public/win_list.html", {"page": page, "rows": rows})


@require_safe
def win_photo(request: HttpRequest, organisation_slug: str, win_id) -> HttpResponse:
    """A published win's photo, while everyone in it agrees to photos; otherwise 404. Caches must ask again every
    time (no-cache): the answer is revalidated here, cheaply (304), with the consent checked each time."""
    organisation = public_organisation(organisation_slug)
    win = queries.published_wins(organisation).filter(pk=win_id).first()
    if win is None or not win.photo or not win_photo_allowed(win):
        raise Http404
    file_type = photo_type(win)
    if file_type is None:
        raise Http404
    etag = quote_etag(win.photo.name)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        patch_cache_control(not_modified, no_cache=True)
        return not_modified
    try:
        handle = win.photo.storage.open(win.photo.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=file_type.content_type)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    patch_cache_control(response, no_cache=True)
    return response
