"""API: the support families get from peer supporters — episodes, and their sessions (read, record).

The same rules as the pages (peers/views/support.py): coordinators see every family's support, a peer supporter only
their own families (`SupportEpisode.objects.visible_to`), so another supporter's family is a 404 exactly like another
organisation's. Sessions are recorded through the same service as the page: only while the support is open (else
422), each audited. A session's notes are returned only to the family's own supporter and to coordinators.
"""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types at run time.
import datetime as dt
import json
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require, validation_error_422
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.peers.models import Navigation, SupportEpisode, SupportSession, WellbeingScore
from coproduce.peers.services import support as services

router = Router(tags=["peer support"])

RECORD = services.RECORD_SUPPORT
VIEW_ALL = "peers.view_all_support"


# --- schemas ----------------------------------------------------------------------------------------------------


class GoalOut(Schema):
    id: uuid.UUID
    text: str
    status: str


class NavigationOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    service: str
    outcome: str
    outcome_on: dt.date | None
    note: str

    @staticmethod
    def resolve_service(navigation: Navigation) -> str:
        return navigation.service.name


class WellbeingOut(Schema):
    moment: str
    life_satisfaction: int | None
    worthwhile: int | None
    happiness: int | None
    anxiety: int | None


class EpisodeOut(Schema):
    id: uuid.UUID
    reference: str
    person_id: uuid.UUID
    family_name: str
    supporter_id: uuid.UUID
    supporter: str
    started_on: dt.date
    closed_on: dt.date | None
    is_open: bool
    plan_reviewed_on: dt.date | None
    sessions_count: int
    last_session_on: dt.date | None
    goals_total: int
    goals_achieved: int
    services_reached: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_reference(episode: SupportEpisode) -> str:
        return str(episode.pk)[-8:].upper()

    @staticmethod
    def resolve_family_name(episode: SupportEpisode) -> str:
        return episode.person.display_name

    @staticmethod
    def resolve_supporter(episode: SupportEpisode) -> str:
        return episode.supporter.person.display_name


class EpisodeDetailOut(EpisodeOut):
    match_explanation: str
    help_with: str
    strengths: str
    needs: str
    outcomes: str
    goals: list[GoalOut]
    navigations: list[NavigationOut]
    wellbeing: list[WellbeingOut]

    @staticmethod
    def resolve_help_with(episode: SupportEpisode) -> str:
        return episode.referral.help_with

    @staticmethod
    def resolve_goals(episode: SupportEpisode) -> list:
        return list(episode.goals.all())

    @staticmethod
    def resolve_navigations(episode: SupportEpisode) -> list:
        return list(episode.navigations.all())

    @staticmethod
    def resolve_wellbeing(episode: SupportEpisode) -> list:
        return list(episode.wellbeing.all())


class SessionOut(Schema):
    id: uuid.UUID
    episode_id: uuid.UUID
    held_on: dt.date
    kind: str
    way: str
    minutes: int | None
    notes: str | None
    recorded_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_notes(session: SupportSession, context) -> str | None:
        """Only for the family's own supporter and coordinators (None for anyone else)."""
        request = context["request"]
        own = session.episode.supporter.user_id == request.user.pk
        return session.notes if own or request.user.has_perm(VIEW_ALL, request.organisation) else None

    @staticmethod
    def resolve_recorded_by(session: SupportSession) -> str | None:
        return str(session.recorded_by) if session.recorded_by_id else None


class SessionIn(Schema):
    held_on: dt.date
    kind: str
    way: str = ""
    minutes: int | None = None
    notes: str = ""


# --- helpers ----------------------------------------------------------------------------------------------------


def _visible(request: HttpRequest):
    organisation = request.organisation
    return SupportEpisode.objects.for_organisation(organisation).visible_to(request.user, organisation)


def _episode(request: HttpRequest, episode_id: uuid.UUID) -> SupportEpisode:
    episode = _visible(request).select_related("organisation").filter(pk=episode_id).first()
    if episode is None:
        raise HttpError(404, "Not Found")
    return episode


def _detail(episode_id: uuid.UUID) -> SupportEpisode:
    return (
        services.with_counts(SupportEpisode.objects.filter(pk=episode_id))
        .select_related("referral")
        .prefetch_related(
            "goals",
            Prefetch("navigations", queryset=Navigation.objects.select_related("service")),
            Prefetch("wellbeing", queryset=WellbeingScore.objects.order_by("moment")),
        )
        .get()
    )


def _sessions():
    return SupportSession.objects.select_related("episode__supporter", "recorded_by")


def _read(request: HttpRequest, summary: str, **changes) -> None:
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=request.user,
        organisation=request.organisation,
        object_type=SupportEpisode._meta.label,
        summary=summary,
        changes=changes,
        request=request,
    )


def _session_in(request: HttpRequest) -> SessionIn:
    try:
        body = json.loads(request.body or b"{}")
        return SessionIn.model_validate(body if isinstance(body, dict) else {})
    except ValueError as error:  # bad JSON, or pydantic's ValidationError (a ValueError)
        problems = getattr(error, "errors", None)
        if callable(problems):
            fields = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems())
            raise HttpError(422, fields) from None
        raise HttpError(422, 'Send JSON like {"held_on": "2026-03-01", "kind": "one_to_one"}') from None


# --- episodes ---------------------------------------------------------------------------------------------------


@router.get("/peer-support/episodes", response=list[EpisodeOut], summary="Families' peer support, newest first")
@paginate(PageNumberPagination, page_size=100)
def episode_list(request: HttpRequest, status: str | None = None):
    """Coordinators get every family's support; a peer supporter their own families'. Filter by `status`: open or
    closed."""
    require(request, RECORD)
    if status is not None and status not in ("open", "closed"):
        raise HttpError(422, "status: open or closed")
    episodes = _visible(request)
    if status == "open":
        episodes = episodes.open()
    elif status == "closed":
        episodes = episodes.filter(closed_on__isnull=False)
    return services.with_counts(episodes).order_by("-started_on", "-created_at", "id")


@router.get("/peer-support/episodes/{episode_id}", response=EpisodeDetailOut, summary="One family's peer support")
def episode_detail(request: HttpRequest, episode_id: uuid.UUID):
    require(request, RECORD)
    episode = _episode(request, episode_id)
    _read(request, "Read a family's peer support through the API", episode=str(episode.pk))
    return _detail(episode.pk)


# --- sessions ---------------------------------------------------------------------------------------------------


@router.get(
    "/peer-support/episodes/{episode_id}/sessions",
    response=list[SessionOut],
    summary="One family's sessions, newest first",
)
@paginate(PageNumberPagination, page_size=100)
def episode_sessions(request: HttpRequest, episode_id: uuid.UUID):
    require(request, RECORD)
    episode = _episode(request, episode_id)
    _read(request, "Read a family's peer support sessions through the API", episode=str(episode.pk))
    return _sessions().filter(episode=episode).order_by("-held_on", "-created_at", "id")


@router.post(
    "/peer-support/episodes/{episode_id}/sessions",
    response={201: SessionOut},
    summary="Record a session with a family",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": SessionIn.model_json_schema()}}, "required": True}
    },
)
def session_create(request: HttpRequest, episode_id: uuid.UUID):
    """The body is `{"held_on": "YYYY-MM-DD", "kind": "one_to_one" | "group" | "digital", "way": "phone",
    "minutes": 45, "notes": "..."}`. A family you do not support is a 404; closed support is a 422."""
    require(request, RECORD)
    # The body is read only after the episode is found, so another supporter's family is a 404 whatever is sent.
    episode = _episode(request, episode_id)
    payload = _session_in(request)
    try:
        session = services.session_record(
            actor=request.user,
            episode=episode,
            held_on=payload.held_on,
            kind=payload.kind,
            way=payload.way,
            minutes=payload.minutes,
            notes=payload.notes,
            request=request,
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, _sessions().get(pk=session.pk)


@router.get("/peer-support/sessions", response=list[SessionOut], summary="Sessions you may see, newest first")
@paginate(PageNumberPagination, page_size=100)
def session_list(request: HttpRequest, held_from: dt.date | None = None, held_to: dt.date | None = None):
    """Every session of the families' support you may see (a peer supporter: their own families). Filter by date
    with `held_from` and `held_to` (YYYY-MM-DD, both included)."""
    require(request, RECORD)
    if held_from and held_to and held_to < held_from:
        raise HttpError(422, "held_to: must be the same as or after held_from")
    sessions = _sessions().filter(organisation=request.organisation, episode__in=_visible(request))
    if held_from:
        sessions = sessions.filter(held_on__gte=held_from)
    if held_to:
        sessions = sessions.filter(held_on__lte=held_to)
    _read(request, "Read peer support sessions through the API")
    return sessions.order_by("-held_on", "-created_at", "id")
