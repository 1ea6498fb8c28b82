"""API: peer supporters (staff who coordinate peer support only: `peers.manage_supporters`) with whether they can be
matched today and why not, and their checks; and the services directory (every member).

A supporter's record shows their DBS (Disclosure and Barring Service) information, so every read is audited, as on
the pages. Check references (certificate numbers) are not given. Each list is a fixed number of queries whatever
its length (the latest checks and supervision are aggregated in SQL; `peers.matching.supporters_with_checks`).
"""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types at run time.
import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require
from coproduce.core.access import get_for_member
from coproduce.peers.matching import supporters_with_checks
from coproduce.peers.models import PeerSupporter, SupporterStatus
from coproduce.peers.services import supporters as services
from coproduce.peers.views.directory import entries_matching

router = Router(tags=["peer supporters"])

MANAGE = "peers.manage_supporters"
VIEW_DIRECTORY = "peers.view_directory"
SOON_DAYS = 30


class CheckOut(Schema):
    kind: str
    issued_on: dt.date
    expires_on: dt.date
    update_service: bool
    status: str  # valid, expiring_soon, expired, or replaced (an older check of the same kind)


class SupporterOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    name: str
    status: str
    user_id: uuid.UUID | None
    coordinator_id: uuid.UUID | None
    experiences: list[str]
    experience_notes: str
    communities: str
    languages: list[str]
    hub_ids: list[uuid.UUID]
    areas: list[str]
    travels: bool
    ways: list[str]
    available: list[str]
    capacity: int
    current_families: int
    co_delivers_training: bool
    started_on: dt.date
    can_be_matched: bool
    reasons: list[str]
    expiring_soon: list[str]
    supervision_next_due: dt.date | None
    checks: list[CheckOut]

    @staticmethod
    def resolve_name(supporter: PeerSupporter) -> str:
        return supporter.person.display_name

    @staticmethod
    def resolve_hub_ids(supporter: PeerSupporter) -> list[uuid.UUID]:
        return [hub.pk for hub in supporter.hubs.all()]

    @staticmethod
    def resolve_can_be_matched(supporter: PeerSupporter) -> bool:
        return _standing(supporter).can_be_matched

    @staticmethod
    def resolve_reasons(supporter: PeerSupporter) -> list[str]:
        return list(_standing(supporter).reasons)

    @staticmethod
    def resolve_expiring_soon(supporter: PeerSupporter) -> list[str]:
        return list(_standing(supporter).expiring)

    @staticmethod
    def resolve_checks(supporter: PeerSupporter) -> list[dict]:
        today, seen, found = timezone.localdate(), set(), []
        for check in sorted(supporter.checks.all(), key=lambda c: (c.kind, -c.issued_on.toordinal())):
            if check.kind in seen:
                status = "replaced"
            elif check.expires_on < today:
                status = "expired"
            elif (check.expires_on - today).days <= SOON_DAYS:
                status = "expiring_soon"
            else:
                status = "valid"
            seen.add(check.kind)
            found.append(
                {
                    "kind": check.kind,
                    "issued_on": check.issued_on,
                    "expires_on": check.expires_on,
                    "update_service": check.update_service,
                    "status": status,
                }
            )
        return found


def _standing(supporter: PeerSupporter) -> services.Standing:
    """Worked out once per supporter and response (the resolvers above share it)."""
    standing = getattr(supporter, "_standing", None)
    if standing is None:
        standing = services.standing_of(supporter, soon_days=SOON_DAYS)
        supporter._standing = standing
    return standing


class ServiceOut(Schema):
    id: uuid.UUID
    name: str
    offers: str
    who_for: str
    how_to_get_there: str
    phone: str
    email: str
    website: str
    active: bool
    last_checked_on: dt.date


def _supporters(request: HttpRequest):
    return supporters_with_checks(PeerSupporter.objects.for_organisation(request.organisation)).prefetch_related(
        "checks"
    )


@router.get("/peer-supporters", response=list[SupporterOut], summary="Peer supporters, by name")
@paginate(PageNumberPagination, page_size=100)
def peer_supporter_list(request: HttpRequest, status: str | None = None, hub: uuid.UUID | None = None):
    """Filter by `status` (active, paused, left) and `hub` (a hub's id). `can_be_matched` and `reasons` say whether
    each can be matched with a family today and, if not, every reason why (checks, supervision, capacity, status);
    `expiring_soon` what will stop them in the next 30 days."""
    require(request, MANAGE)
    if status is not None and status not in SupporterStatus.values:
        raise HttpError(422, "status: one of " + ", ".join(SupporterStatus.values))
    supporters = _supporters(request)
    if status:
        supporters = supporters.filter(status=status)
    if hub:
        supporters = supporters.filter(hubs=hub)
    services.supporter_list_read_record(
        actor=request.user, organisation=request.organisation, via="API", request=request
    )
    return supporters.order_by("person__full_name", "id")


@router.get("/peer-supporters/{supporter_id}", response=SupporterOut, summary="One peer supporter")
def peer_supporter_detail(request: HttpRequest, supporter_id: uuid.UUID):
    require(request, MANAGE)
    supporter = get_for_member(request, _supporters(request), supporter_id)
    services.supporter_read_record(actor=request.user, supporter=supporter, via="API", request=request)
    return supporter


@router.get("/services", response=list[ServiceOut], summary="The services directory, by name", tags=["directory"])
@paginate(PageNumberPagination, page_size=100)
def directory_service_list(request: HttpRequest, q: str | None = None, include_stopped: bool = False):
    """Search with `q` (name, what it offers, who it is for). Services no longer running are left out unless
    `include_stopped=true`."""
    require(request, VIEW_DIRECTORY)
    return entries_matching(request.organisation, text=(q or "").strip(), stopped=include_stopped)
