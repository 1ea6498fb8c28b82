"""API: decisions (read, record, change) and promises (read, make, change status).

The same permissions as the pages (decisions/rules.py): every member reads; staff who run co-production record
decisions and make promises; a promise's owner may also change its status. Another organisation's records are 404;
an id in a body that is not the organisation's own is 422. Writes go through the same services as the pages, so the
same rules apply, each is audited, and a promise that is kept, changed or not possible tells the families whose
contributions it answers. The people present at a decision are given (by id) only to members who may see people.
"""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types (uuid.UUID) of the
# paginated list at run time, from the wrapper's namespace, where postponed annotations cannot be resolved.
import datetime as dt
import json
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.accounts.models import User
from coproduce.api.errors import NOT_ALLOWED, require, validation_error_422
from coproduce.contributions.models import Contribution
from coproduce.core.access import get_for_member
from coproduce.decisions import services
from coproduce.decisions.models import Decision, Promise, PromiseStatus, PromiseUpdate
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Membership
from coproduce.people.models import Person
from coproduce.projects.models import Project, Stage
from coproduce.stakeholders.models import StakeholderGroup

router = Router(tags=["decisions"])

VIEW = "decisions.view_decisions"
VIEW_PEOPLE = "people.view_people"


# --- schemas ----------------------------------------------------------------------------------------------------


class DecisionOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    stage_id: uuid.UUID | None
    title: str
    what_was_decided: str
    decided_on: dt.date
    decided_by: str
    options_considered: str
    assumptions_checked: str
    degree_of_participation: int | None
    review_date: dt.date | None
    recorded_by: str | None
    members_present_ids: list[uuid.UUID]
    people_present_ids: list[uuid.UUID]
    people_present_count: int
    stakeholder_group_ids: list[uuid.UUID]
    contribution_ids: list[uuid.UUID]
    activity_ids: list[uuid.UUID]
    promise_ids: list[uuid.UUID]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_recorded_by(decision: Decision) -> str | None:
        return str(decision.recorded_by) if decision.recorded_by_id else None

    @staticmethod
    def resolve_members_present_ids(decision: Decision) -> list[uuid.UUID]:
        return [user.pk for user in decision.members_present.all()]

    @staticmethod
    def resolve_people_present_ids(decision: Decision, context) -> list[uuid.UUID]:
        """Families are named only to members who may see people's details."""
        request = context["request"]
        if not request.user.has_perm(VIEW_PEOPLE, request.organisation):
            return []
        return [person.pk for person in decision.people_present.all()]

    @staticmethod
    def resolve_people_present_count(decision: Decision) -> int:
        return len(decision.people_present.all())

    @staticmethod
    def resolve_stakeholder_group_ids(decision: Decision) -> list[uuid.UUID]:
        return [group.pk for group in decision.stakeholder_groups_present.all()]

    @staticmethod
    def resolve_contribution_ids(decision: Decision) -> list[uuid.UUID]:
        return [item.pk for item in decision.contributions.all()]

    @staticmethod
    def resolve_activity_ids(decision: Decision) -> list[uuid.UUID]:
        return [item.pk for item in decision.activities.all()]

    @staticmethod
    def resolve_promise_ids(decision: Decision) -> list[uuid.UUID]:
        return [item.pk for item in decision.promises.all()]


class DecisionPatch(Schema):
    """Only the fields sent are changed; a list sent replaces the whole list."""

    title: str | None = None
    what_was_decided: str | None = None
    decided_on: dt.date | None = None
    decided_by: str | None = None
    stage_id: uuid.UUID | None = None
    options_considered: str | None = None
    assumptions_checked: str | None = None
    degree_of_participation: int | None = None
    review_date: dt.date | None = None
    members_present_ids: list[uuid.UUID] | None = None
    people_present_ids: list[uuid.UUID] | None = None
    stakeholder_group_ids: list[uuid.UUID] | None = None
    contribution_ids: list[uuid.UUID] | None = None
    activity_ids: list[uuid.UUID] | None = None


class DecisionIn(DecisionPatch):
    project_id: uuid.UUID
    title: str
    what_was_decided: str


class PromiseUpdateOut(Schema):
    from_status: str
    to_status: str
    explanation: str
    changed_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_changed_by(update: PromiseUpdate) -> str | None:
        return str(update.changed_by) if update.changed_by_id else None


class PromiseOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID | None
    text: str
    owner_id: uuid.UUID
    owner: str
    due_date: dt.date | None
    status: str
    is_overdue: bool
    public_explanation: str
    kept_on: dt.date | None
    status_changed_at: dt.datetime
    decision_ids: list[uuid.UUID]
    contribution_ids: list[uuid.UUID]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner(promise: Promise) -> str:
        return str(promise.owner)

    @staticmethod
    def resolve_is_overdue(promise: Promise) -> bool:
        return promise.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_decision_ids(promise: Promise) -> list[uuid.UUID]:
        return [item.pk for item in promise.decisions.all()]

    @staticmethod
    def resolve_contribution_ids(promise: Promise) -> list[uuid.UUID]:
        return [item.pk for item in promise.contributions.all()]


class PromiseDetailOut(PromiseOut):
    updates: list[PromiseUpdateOut]

    @staticmethod
    def resolve_updates(promise: Promise) -> list:
        return list(promise.updates.all())


class PromiseIn(Schema):
    text: str
    owner_id: uuid.UUID | None = None
    due_date: dt.date | None = None
    project_id: uuid.UUID | None = None
    decision_ids: list[uuid.UUID] = []
    contribution_ids: list[uuid.UUID] = []
    public_explanation: str = ""


class StatusIn(Schema):
    to_status: str
    explanation: str = ""
    kept_on: dt.date | None = None


# --- helpers ----------------------------------------------------------------------------------------------------


def _ids_only(model):
    return model.objects.only("id")


def _decisions():
    return Decision.objects.select_related("recorded_by").prefetch_related(
        Prefetch("members_present", queryset=_ids_only(User)),
        Prefetch("people_present", queryset=_ids_only(Person)),
        Prefetch("stakeholder_groups_present", queryset=_ids_only(StakeholderGroup)),
        Prefetch("contributions", queryset=_ids_only(Contribution)),
        Prefetch("activities", queryset=_ids_only(Activity)),
        Prefetch("promises", queryset=_ids_only(Promise)),
    )


def _promises():
    return Promise.objects.select_related("owner").prefetch_related(
        Prefetch("decisions", queryset=_ids_only(Decision)),
        Prefetch("contributions", queryset=_ids_only(Contribution)),
    )


def _promise_detail(promise_id) -> Promise:
    updates = Prefetch("updates", queryset=PromiseUpdate.objects.select_related("changed_by"))
    return _promises().prefetch_related(updates).get(pk=promise_id)


def _own(queryset, ids: list[uuid.UUID], field: str) -> list:
    found = list(queryset.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, f"{field}: choose only your own organisation's records")
    return found


def _one(queryset, pk: uuid.UUID | None, field: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise HttpError(422, f"{field}: choose one of your own organisation's records")
    return found


def _members(request: HttpRequest):
    return User.objects.filter(pk__in=Membership.objects.for_organisation(request.organisation).values("user_id"))


# (field in the API, field of DecisionDetails, the organisation's records to choose from)
def _link_fields(request: HttpRequest) -> tuple:
    organisation = request.organisation
    groups = StakeholderGroup.objects.for_organisation(organisation)
    return (
        ("members_present_ids", "members_present", _members(request)),
        ("people_present_ids", "people_present", Person.objects.for_organisation(organisation)),
        ("stakeholder_group_ids", "stakeholder_groups_present", groups),
        ("contribution_ids", "contributions", Contribution.objects.for_organisation(organisation)),
        ("activity_ids", "activities", Activity.objects.for_organisation(organisation)),
    )


def _details(request: HttpRequest, data: dict, existing: Decision | None = None) -> services.DecisionDetails:
    """The payload (only what was sent, over what the decision already says) as the services take it."""
    values: dict = {}
    if existing is not None:
        values = {name: getattr(existing, name) for name in services.DECISION_FIELDS}
        values.update({name: list(getattr(existing, name).all()) for name in services.DECISION_LINKS})
    for name in services.DECISION_FIELDS:
        if name != "stage" and name in data:
            values[name] = data[name]
    for name in ("title", "what_was_decided", "decided_by", "options_considered", "assumptions_checked"):
        if values.get(name) is None:
            values[name] = ""
    if "stage_id" in data:
        values["stage"] = _one(Stage.objects.for_organisation(request.organisation), data["stage_id"], "stage_id")
    for key, name, queryset in _link_fields(request):
        if data.get(key) is not None:
            values[name] = _own(queryset, data[key], key)
    values.setdefault("decided_on", None)
    return services.DecisionDetails(**values)


# --- decisions --------------------------------------------------------------------------------------------------


@router.get("/decisions", response=list[DecisionOut], summary="Decisions, newest first")
@paginate(PageNumberPagination, page_size=100)
def decision_list(request: HttpRequest, project: uuid.UUID | None = None, review_due: bool | None = None):
    """Filter by `project` (its id); `review_due=true` gives the decisions whose review date has come."""
    require(request, VIEW)
    decisions = _decisions().for_organisation(request.organisation)
    if project:
        decisions = decisions.filter(project_id=project)
    if review_due is not None:
        due = Decision.objects.due_for_review(timezone.localdate()).values("pk")
        decisions = decisions.filter(pk__in=due) if review_due else decisions.exclude(pk__in=due)
    return decisions.order_by("-decided_on", "-created_at", "id")


@router.get("/decisions/{decision_id}", response=DecisionOut, summary="One decision")
def decision_detail(request: HttpRequest, decision_id: uuid.UUID):
    require(request, VIEW)
    return get_for_member(request, _decisions(), decision_id)


@router.post("/decisions", response={201: DecisionOut}, summary="Record a decision about a project")
def decision_create(request: HttpRequest, payload: DecisionIn):
    require(request, services.RECORD_DECISIONS)
    data = payload.dict(exclude_unset=True)
    project = _one(Project.objects.for_organisation(request.organisation), data.pop("project_id"), "project_id")
    details = _details(request, data)
    try:
        decision = services.decision_record(actor=request.user, project=project, details=details, request=request)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, _decisions().get(pk=decision.pk)


@router.patch("/decisions/{decision_id}", response=DecisionOut, summary="Change a decision")
def decision_change(request: HttpRequest, decision_id: uuid.UUID, payload: DecisionPatch):
    try:
        decision = get_for_member(
            request, Decision.objects.select_related("stage"), decision_id, permission=services.RECORD_DECISIONS
        )
    except PermissionDenied:
        raise HttpError(403, NOT_ALLOWED) from None
    details = _details(request, payload.dict(exclude_unset=True), existing=decision)
    try:
        services.decision_update(actor=request.user, decision=decision, details=details, request=request)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _decisions().get(pk=decision.pk)


# --- promises ---------------------------------------------------------------------------------------------------


@router.get("/promises", response=list[PromiseOut], summary="Promises, soonest due first", tags=["promises"])
@paginate(PageNumberPagination, page_size=100)
def promise_list(
    request: HttpRequest,
    status: str | None = None,
    overdue: bool | None = None,
    project: uuid.UUID | None = None,
    owner: uuid.UUID | None = None,
):
    """Filter by `status` (planned, in_progress, kept, changed, not_possible), `overdue` (true: open promises whose
    due date has passed; false: the others), `project` and `owner` (a member's user id)."""
    require(request, VIEW)
    if status is not None and status not in PromiseStatus.values:
        raise HttpError(422, "status: one of " + ", ".join(PromiseStatus.values))
    promises = _promises().for_organisation(request.organisation)
    if status:
        promises = promises.filter(status=status)
    if overdue is not None:
        late = Promise.objects.overdue(timezone.localdate()).values("pk")
        promises = promises.filter(pk__in=late) if overdue else promises.exclude(pk__in=late)
    if project:
        promises = promises.filter(project_id=project)
    if owner:
        promises = promises.filter(owner_id=owner)
    return promises.order_by("due_date", "created_at", "id")


@router.get(
    "/promises/{promise_id}", response=PromiseDetailOut, summary="One promise with its history", tags=["promises"]
)
def promise_detail(request: HttpRequest, promise_id: uuid.UUID):
    require(request, VIEW)
    promise = get_for_member(request, Promise.objects.all(), promise_id)
    return _promise_detail(promise.pk)


@router.post("/promises", response={201: PromiseDetailOut}, summary="Make a promise to families", tags=["promises"])
def promise_make(request: HttpRequest, payload: PromiseIn):
    """The owner is the token's member unless `owner_id` names another member. It starts as planned."""
    require(request, services.RECORD_PROMISES)
    organisation = request.organisation
    owner = _one(_members(request), payload.owner_id, "owner_id") if payload.owner_id else request.user
    try:
        promise = services.promise_create(
            actor=request.user,
            organisation=organisation,
            text=payload.text,
            owner=owner,
            due_date=payload.due_date,
            project=_one(Project.objects.for_organisation(organisation), payload.project_id, "project_id"),
            decisions=_own(Decision.objects.for_organisation(organisation), payload.decision_ids, "decision_ids"),
            contributions=_own(
                Contribution.objects.for_organisation(organisation), payload.contribution_ids, "contribution_ids"
            ),
            public_explanation=payload.public_explanation,
            request=request,
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, _promise_detail(promise.pk)


@router.post(
    "/promises/{promise_id}/status",
    response=PromiseDetailOut,
    summary="Change a promise's status",
    tags=["promises"],
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": StatusIn.model_json_schema()}}, "required": True}
    },
)
def promise_status(request: HttpRequest, promise_id: uuid.UUID):
    """The body is `{"to_status": "...", "explanation": "...", "kept_on": "YYYY-MM-DD"}`. Changed and not possible
    need an `explanation` written for families; kept takes `kept_on` (today if not sent). Kept, changed and not
    possible each send one message to every person whose contribution the promise answers (where they agreed to be
    contacted)."""
    # The body is read only after the promise is found, so another organisation's promise is a 404 whatever is sent
    # (django-ninja would otherwise refuse a missing body first).
    try:
        promise = get_for_member(request, Promise.objects.all(), promise_id, permission=services.CHANGE_PROMISE_STATUS)
    except PermissionDenied:
        raise HttpError(403, NOT_ALLOWED) from None
    payload = _status_in(request)
    try:
        services.promise_status_change(
            actor=request.user,
            promise=promise,
            to_status=payload.to_status,
            explanation=payload.explanation,
            kept_on=payload.kept_on,
            request=request,
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _promise_detail(promise.pk)


def _status_in(request: HttpRequest) -> StatusIn:
    try:
        body = json.loads(request.body or b"{}")
        return StatusIn.model_validate(body if isinstance(body, dict) else {})
    except ValueError as error:  # bad JSON, or pydantic's ValidationError (a ValueError)
        problems = getattr(error, "errors", None)
        if callable(problems):
            fields = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems())
            raise HttpError(422, fields) from None
        raise HttpError(422, 'Send JSON like {"to_status": "kept"}') from None
