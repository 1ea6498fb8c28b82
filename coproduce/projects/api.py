"""API: projects with their stages and stakeholders, partner organisations and stakeholder groups."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import validation_error_422
from coproduce.core.access import get_for_member
from coproduce.organisations.models import Hub, Membership
from coproduce.projects import services
from coproduce.projects.models import JourneyArea, Project
from coproduce.stakeholders.models import Partner, StakeholderGroup

router = Router(tags=["projects"])


class StageOut(Schema):
    id: uuid.UUID
    name: str
    order: int
    target_degree: int | None
    achieved_degree: int | None
    family_involvement: str


class InvolvementOut(Schema):
    id: uuid.UUID
    group_id: uuid.UUID
    group: str
    partner_id: uuid.UUID | None
    kind: str
    method: str


class ProjectSummaryOut(Schema):
    id: uuid.UUID
    title: str
    status: str
    goal: str
    lead_email: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    is_ongoing: bool

    @staticmethod
    def resolve_lead_email(project: Project) -> str | None:
        return project.lead.user.email if project.lead_id else None


class ProjectOut(ProjectSummaryOut):
    scope_in: str
    scope_out: str
    review_date: dt.date | None
    budget_total: Decimal | None
    budget_involvement: Decimal | None
    senior_sponsor: str
    what_changed: str
    hub_ids: list[uuid.UUID]
    journey_areas: list[str]
    stages: list[StageOut]
    stakeholders: list[InvolvementOut]

    @staticmethod
    def resolve_hub_ids(project: Project) -> list[uuid.UUID]:
        return [hub.pk for hub in project.hubs.all()]

    @staticmethod
    def resolve_journey_areas(project: Project) -> list[str]:
        return [area.name for area in project.journey_areas.all()]

    @staticmethod
    def resolve_stages(project: Project) -> list:
        return list(project.stages.all())

    @staticmethod
    def resolve_stakeholders(project: Project) -> list[dict]:
        return [
            {
                "id": s.pk,
                "group_id": s.group_id,
                "group": s.group.name,
                "partner_id": s.partner_id,
                "kind": s.kind,
                "method": s.method,
            }
            for s in project.stakeholders.select_related("group")
        ]


class ProjectIn(Schema):
    title: str
    goal: str
    scope_in: str = ""
    scope_out: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    is_ongoing: bool = False
    review_date: dt.date | None = None
    budget_total: Decimal | None = None
    budget_involvement: Decimal | None = None
    lead_membership_id: uuid.UUID | None = None
    senior_sponsor: str = ""
    hub_ids: list[uuid.UUID] = []
    journey_area_ids: list[uuid.UUID] = []


class PartnerOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    stakeholder_group_id: uuid.UUID | None
    contact_name: str
    is_active: bool


class StakeholderGroupOut(Schema):
    id: uuid.UUID
    key: str
    name: str
    parent_id: uuid.UUID | None


@router.get("/projects", response=list[ProjectSummaryOut], summary="Projects, newest first")
@paginate(PageNumberPagination, page_size=100)
def project_list(request: HttpRequest, status: str | None = None):
    projects = Project.objects.for_organisation(request.organisation).select_related("lead__user")
    return projects.filter(status=status) if status else projects


@router.get("/projects/{project_id}", response=ProjectOut, summary="One project with its stages and stakeholders")
def project_detail(request: HttpRequest, project_id: uuid.UUID):
    queryset = Project.objects.select_related("lead__user").prefetch_related("hubs", "journey_areas", "stages")
    return get_for_member(request, queryset, project_id)


def _own(request: HttpRequest, model, ids: list[uuid.UUID], field: str) -> list:
    found = list(model.objects.for_organisation(request.organisation).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, f"{field}: choose only your own organisation's records")
    return found


@router.post("/projects", response={201: ProjectOut}, summary="Start a project (as a draft)")
def project_create(request: HttpRequest, payload: ProjectIn):
    if not request.user.has_perm("projects.manage_projects", request.organisation):
        raise PermissionDenied
    data = payload.dict()
    lead_id = data.pop("lead_membership_id")
    fields = {k: v for k, v in data.items() if k not in ("hub_ids", "journey_area_ids")}
    fields["lead"] = _own(request, Membership, [lead_id], "lead_membership_id")[0] if lead_id else None
    fields["hubs"] = _own(request, Hub, data["hub_ids"], "hub_ids")
    fields["journey_areas"] = _own(request, JourneyArea, data["journey_area_ids"], "journey_area_ids")
    try:
        project = services.project_create(
            actor=request.user, organisation=request.organisation, request=request, **fields
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, project


@router.get("/partners", response=list[PartnerOut], summary="Partner organisations", tags=["stakeholders"])
@paginate(PageNumberPagination, page_size=100)
def partner_list(request: HttpRequest):
    return Partner.objects.for_organisation(request.organisation)


@router.get("/partners/{partner_id}", response=PartnerOut, summary="One partner organisation", tags=["stakeholders"])
def partner_detail(request: HttpRequest, partner_id: uuid.UUID):
    return get_for_member(request, Partner.objects, partner_id)


@router.get(
    "/stakeholder-groups",
    response=list[StakeholderGroupOut],
    summary="The eight groups and sub-groups",
    tags=["stakeholders"],
)
def group_list(request: HttpRequest):
    return list(StakeholderGroup.objects.for_organisation(request.organisation))
