"""API: the organisation's definition of co-production (every version) and its strategies."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from coproduce.commitments.models import DefinitionVersion, Strategy
from coproduce.core.access import get_for_member

router = Router(tags=["commitment"])


class DefinitionVersionOut(Schema):
    id: uuid.UUID
    number: int
    status: str
    text: str
    paragraphs: list[str]
    adopted_on: dt.date | None
    superseded_on: dt.date | None


class StrategyOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    area: str
    status: str
    owner_email: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    is_sustaining: bool
    refresh_every_months: int | None
    last_refreshed_on: dt.date | None
    next_refresh_due: dt.date | None

    @staticmethod
    def resolve_owner_email(strategy: Strategy) -> str | None:
        return strategy.owner.user.email if strategy.owner_id else None


@router.get(
    "/definition-versions",
    response=list[DefinitionVersionOut],
    summary="Every version of the definition of co-production, newest first",
)
def definition_versions(request: HttpRequest):
    return list(DefinitionVersion.objects.for_organisation(request.organisation))


@router.get("/definition-versions/{version_id}", response=DefinitionVersionOut, summary="One version")
def definition_version(request: HttpRequest, version_id: uuid.UUID):
    return get_for_member(request, DefinitionVersion.objects, version_id)


@router.get("/strategies", response=list[StrategyOut], summary="Strategies for co-production and for sustaining it")
@paginate(PageNumberPagination, page_size=100)
def strategies(request: HttpRequest, sustaining: bool | None = None):
    found = Strategy.objects.for_organisation(request.organisation).select_related("owner__user")
    return found.filter(is_sustaining=sustaining) if sustaining is not None else found


@router.get("/strategies/{strategy_id}", response=StrategyOut, summary="One strategy")
def strategy(request: HttpRequest, strategy_id: uuid.UUID):
    return get_for_member(request, Strategy.objects.select_related("owner__user"), strategy_id)
