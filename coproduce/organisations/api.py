"""API: the current user, their organisation and its hubs."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from coproduce.core.access import get_for_member
from coproduce.organisations.models import Hub

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    slug: str


class MeOut(Schema):
    id: uuid.UUID
    email: str
    full_name: str
    role: str
    organisation: OrganisationOut


class HubOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    address: str
    postcode: str
    is_open: bool


@router.get("/me", response=MeOut, summary="The member this token belongs to")
def me(request: HttpRequest) -> dict:
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "role": request.membership.role,
        "organisation": request.organisation,
    }


@router.get("/organisation", response=OrganisationOut, summary="The organisation this token belongs to")
def organisation(request: HttpRequest):
    return request.organisation


@router.get("/hubs", response=list[HubOut], summary="Hubs and sites of the organisation")
@paginate(PageNumberPagination, page_size=100)
def hub_list(request: HttpRequest):
    return Hub.objects.for_organisation(request.organisation)


@router.get("/hubs/{hub_id}", response=HubOut, summary="One hub")
def hub_detail(request: HttpRequest, hub_id: uuid.UUID):
    return get_for_member(request, Hub.objects, hub_id)
