"""API: wins (read by any member; written and published by `publishing.manage_publishing`) and the glossary (read
only). Another organisation's records are 404.

A win's photo itself is not given (upload it on the win's page): only whether there is one, its description and
whether it may be shown in public now. The people in it are given by id only to members who may see people. A photo
with nobody listed in it shows in public only with `no_one_identifiable` true (kept only while that is so).
"""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types of the paginated list
# at run time, from the wrapper's namespace, where postponed annotations cannot be resolved.
import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require, validation_error_422
from coproduce.core.access import get_for_member
from coproduce.decisions.models import Promise
from coproduce.people.models import Person
from coproduce.projects.models import Project
from coproduce.publishing import queries, services
from coproduce.publishing.models import GlossaryTerm, Win

router = Router(tags=["publishing"])

VIEW = "publishing.view_publishing"
MANAGE = "publishing.manage_publishing"
VIEW_PEOPLE = "people.view_people"


class WinOut(Schema):
    id: uuid.UUID
    title: str
    story: str
    happened_on: dt.date
    project_id: uuid.UUID | None
    promise_id: uuid.UUID | None
    is_published: bool
    published_at: dt.datetime | None
    has_photo: bool
    photo_alt: str
    photo_shown_in_public: bool
    no_one_identifiable: bool
    people_pictured_ids: list[uuid.UUID] | None
    translations: dict[str, dict[str, str]]
    created_at: dt.datetime
    updated_at: dt.datetime


class WinIn(Schema):
    title: str
    story: str
    happened_on: dt.date
    project_id: uuid.UUID | None = None
    promise_id: uuid.UUID | None = None
    photo_alt: str = ""
    people_pictured_ids: list[uuid.UUID] | None = None
    no_one_identifiable: bool = False


class WinPatch(Schema):
    title: str | None = None
    story: str | None = None
    happened_on: dt.date | None = None
    project_id: uuid.UUID | None = None
    promise_id: uuid.UUID | None = None
    photo_alt: str | None = None
    remove_photo: bool = False
    people_pictured_ids: list[uuid.UUID] | None = None
    no_one_identifiable: bool | None = None


class GlossaryTermOut(Schema):
    id: uuid.UUID
    term: str
    stands_for: str
    explanation: str
    translations: dict[str, dict[str, str]]


def _out(win: Win, *, public_photos: set, pictured: dict | None) -> dict:
    return {
        "id": win.pk,
        "title": win.title,
        "story": win.story,
        "happened_on": win.happened_on,
        "project_id": win.project_id,
        "promise_id": win.promise_id,
        "is_published": win.is_published,
        "published_at": win.published_at,
        "has_photo": bool(win.photo),
        "photo_alt": win.photo_alt,
        "photo_shown_in_public": win.pk in public_photos,
        "no_one_identifiable": win.no_one_identifiable,
        "people_pictured_ids": None if pictured is None else sorted(pictured.get(win.pk, []), key=str),
        "translations": win.translations or {},
        "created_at": win.created_at,
        "updated_at": win.updated_at,
    }


def _rows(request: HttpRequest, wins: list[Win]) -> list[dict]:
    """The API's rows for `wins`, in a fixed number of queries."""
    pictured = None
    if request.user.has_perm(VIEW_PEOPLE, request.organisation):
        pictured = {}
        links = Win.people_pictured.through.objects.filter(win_id__in=[w.pk for w in wins])
        for win_id, person_id in links.values_list("win_id", "person_id"):
            pictured.setdefault(win_id, []).append(person_id)
    public_photos = queries.wins_with_public_photos(wins)
    return [_out(win, public_photos=public_photos, pictured=pictured) for win in wins]


class _Rows:
    """The queryset as the paginator slices it, turned into rows one page at a time."""

    def __init__(self, request: HttpRequest, queryset) -> None:
        self.request = request
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return _rows(self.request, list(self.queryset[index]))


def _one(request: HttpRequest, win_id: uuid.UUID) -> dict:
    return _rows(request, [get_for_member(request, Win.objects.all(), win_id)])[0]


def _own(request: HttpRequest, model, pk: uuid.UUID | None, field: str):
    if pk is None:
        return None
    found = model.objects.for_organisation(request.organisation).filter(pk=pk).first()
    if found is None:
        raise HttpError(422, f"{field}: choose one of your own organisation's records")
    return found


def _people(request: HttpRequest, ids: list[uuid.UUID] | None) -> list[Person] | None:
    if ids is None:
        return None
    require(request, VIEW_PEOPLE)
    found = list(Person.objects.for_organisation(request.organisation).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, "people_pictured_ids: choose only your own organisation's people")
    return found


@router.get("/wins", response=list[WinOut], summary="Wins, newest first (published and drafts)")
@paginate(PageNumberPagination, page_size=100)
def win_list(request: HttpRequest, published: bool | None = None):
    """`published=true` for the published wins only, `published=false` for the drafts."""
    require(request, VIEW)
    wins = Win.objects.for_organisation(request.organisation).order_by("-happened_on", "-created_at", "-id")
    if published is not None:
        wins = wins.filter(published_at__isnull=not published)
    return _Rows(request, wins)


@router.get("/wins/{win_id}", response=WinOut, summary="One win")
def win_detail(request: HttpRequest, win_id: uuid.UUID):
    require(request, VIEW)
    return _one(request, win_id)


@router.post("/wins", response={201: WinOut}, summary="Write a win (a draft)")
def win_create(request: HttpRequest, payload: WinIn):
    require(request, MANAGE)
    details = services.WinDetails(
        title=payload.title,
        story=payload.story,
        happened_on=payload.happened_on,
        project=_own(request, Project, payload.project_id, "project_id"),
        promise=_own(request, Promise, payload.promise_id, "promise_id"),
        photo_alt=payload.photo_alt,
        people_pictured=_people(request, payload.people_pictured_ids),
        no_one_identifiable=payload.no_one_identifiable,
    )
    try:
        win = services.win_create(
            actor=request.user, organisation=request.organisation, details=details, request=request
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, _one(request, win.pk)


@router.patch("/wins/{win_id}", response=WinOut, summary="Change a win (only the fields sent)")
def win_update(request: HttpRequest, win_id: uuid.UUID, payload: WinPatch):
    win = get_for_member(request, Win.objects.select_related("project", "promise"), win_id)
    require(request, MANAGE, win)
    sent = payload.dict(exclude_unset=True)
    details = services.WinDetails(
        title=sent.get("title") if sent.get("title") is not None else win.title,
        story=sent.get("story") if sent.get("story") is not None else win.story,
        happened_on=sent.get("happened_on") or win.happened_on,
        project=_own(request, Project, sent["project_id"], "project_id") if "project_id" in sent else win.project,
        promise=_own(request, Promise, sent["promise_id"], "promise_id") if "promise_id" in sent else win.promise,
        photo_alt=sent.get("photo_alt") if sent.get("photo_alt") is not None else win.photo_alt,
        remove_photo=bool(sent.get("remove_photo")),
        people_pictured=_people(request, sent.get("people_pictured_ids")),
        no_one_identifiable=(
            sent["no_one_identifiable"] if sent.get("no_one_identifiable") is not None else win.no_one_identifiable
        ),
    )
    try:
        services.win_update(actor=request.user, win=win, details=details, request=request)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _one(request, win.pk)


@router.post("/wins/{win_id}/publish", response=WinOut, summary="Publish a win on the public site")
def win_publish(request: HttpRequest, win_id: uuid.UUID):
    win = get_for_member(request, Win.objects.all(), win_id)
    require(request, MANAGE, win)
    services.win_publish(actor=request.user, win=win, request=request)
    return _one(request, win.pk)


@router.post("/wins/{win_id}/unpublish", response=WinOut, summary="Take a win off the public site")
def win_unpublish(request: HttpRequest, win_id: uuid.UUID):
    win = get_for_member(request, Win.objects.all(), win_id)
    require(request, MANAGE, win)
    services.win_publish(actor=request.user, win=win, publish=False, request=request)
    return _one(request, win.pk)


@router.get("/glossary", response=list[GlossaryTermOut], summary="The glossary, A to Z")
@paginate(PageNumberPagination, page_size=100)
def glossary_list(request: HttpRequest):
    require(request, VIEW)
    return GlossaryTerm.objects.for_organisation(request.organisation).order_by(Lower("term"), "id")


@router.get("/glossary/{term_id}", response=GlossaryTermOut, summary="One glossary term")
def glossary_detail(request: HttpRequest, term_id: uuid.UUID):
    require(request, VIEW)
    return get_for_member(request, GlossaryTerm.objects.all(), term_id)
