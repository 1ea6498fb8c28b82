"""API: people, their households and their access needs.

The same permissions as the web pages: reading needs `people.view_people`, writing `people.manage_people`.
Another organisation's records are 404; erased people are left out (404). No special category data is given
here: no equality monitoring answers, nothing about safeguarding, no date of birth (an age band instead), and
nothing about a child's special educational needs or a pregnancy.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require, validation_error_422
from coproduce.core.access import get_for_member
from coproduce.organisations.models import Hub
from coproduce.people import services
from coproduce.people.forms import household_search
from coproduce.people.models import AccessNeeds, Household, Person, age_band_for, age_on
from coproduce.stakeholders.models import StakeholderGroup

router = Router(tags=["people"])

VIEW = "people.view_people"
MANAGE = "people.manage_people"
ADULT_BAND = "26+"


def person_for(request: HttpRequest, person_id: uuid.UUID, permission: str, queryset=None) -> Person:
    """One of the organisation's people who has not been erased (else 404), if the member has `permission`
    (else 403)."""
    person = get_for_member(request, (queryset if queryset is not None else Person.objects).not_erased(), person_id)
    require(request, permission, person)
    return person


def age_band(date_of_birth: dt.date | None) -> str | None:
    age = age_on(date_of_birth, timezone.localdate())
    if age is None:
        return None
    return age_band_for(age) or ADULT_BAND


class PersonSummaryOut(Schema):
    id: uuid.UUID
    full_name: str
    preferred_name: str
    email: str
    phone: str
    postcode: str
    household_id: uuid.UUID | None


class PersonOut(PersonSummaryOut):
    pronunciation: str
    pronouns: str
    address: str
    contact_by_email: bool
    contact_by_text: bool
    contact_by_phone: bool
    contact_by_post: bool
    languages: list[str]
    age_band: str | None
    takes_part_as: str
    household_role: str
    hub_ids: list[uuid.UUID]
    stakeholder_group_ids: list[uuid.UUID]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_languages(person: Person) -> list[str]:
        return [part.strip() for part in person.languages.split(",") if part.strip()]

    @staticmethod
    def resolve_age_band(person: Person) -> str | None:
        return age_band(person.date_of_birth)

    @staticmethod
    def resolve_hub_ids(person: Person) -> list[uuid.UUID]:
        return [hub.pk for hub in person.hubs.all()]

    @staticmethod
    def resolve_stakeholder_group_ids(person: Person) -> list[uuid.UUID]:
        return [group.pk for group in person.stakeholder_groups.all()]


class PersonIn(Schema):
    full_name: str
    preferred_name: str = ""
    pronunciation: str = ""
    pronouns: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    contact_by_email: bool = False
    contact_by_text: bool = False
    contact_by_phone: bool = False
    contact_by_post: bool = False
    languages: list[str] = []
    takes_part_as: str = ""
    hub_ids: list[uuid.UUID] = []
    stakeholder_group_ids: list[uuid.UUID] = []


class PersonPatch(PersonIn):
    """Only the fields sent are changed."""

    full_name: str = ""


class MemberOut(Schema):
    id: uuid.UUID
    full_name: str
    preferred_name: str
    household_role: str


class ChildOut(Schema):
    id: uuid.UUID
    age_band: str | None

    @staticmethod
    def resolve_age_band(child) -> str | None:
        return child.current_age_band() or None


class HouseholdOut(Schema):
    id: uuid.UUID
    name: str
    members: list[MemberOut]
    children: list[ChildOut]
    young_carer: bool
    care_experienced: bool
    armed_forces: bool
    home_educated: bool

    @staticmethod
    def resolve_members(household: Household) -> list:
        return list(household.members.all())

    @staticmethod
    def resolve_children(household: Household) -> list:
        return list(household.children.all())


class HouseholdIn(Schema):
    """A new household. With `member_id` (and their `role`), one of the organisation's people moves into it, as on
    a person's household page."""

    name: str = ""
    young_carer: bool = False
    care_experienced: bool = False
    armed_forces: bool = False
    home_educated: bool = False
    member_id: uuid.UUID | None = None
    role: str = ""


class HouseholdPatch(Schema):
    """Only the fields sent are changed."""

    name: str = ""
    young_carer: bool = False
    care_experienced: bool = False
    armed_forces: bool = False
    home_educated: bool = False


class AccessNeedsIn(Schema):
    childcare: bool = False
    step_free: bool = False
    accessible_toilet: bool = False
    hearing_loop: bool = False
    bsl: bool = False
    interpreter: bool = False
    interpreter_language: str = ""
    easy_read: bool = False
    large_print: bool = False
    quiet_space: bool = False
    travel_costs: bool = False
    online_only: bool = False
    device_or_data: bool = False
    rural_or_remote: bool = False
    not_school_run: bool = False
    not_working_hours: bool = False
    not_evenings: bool = False
    not_weekends: bool = False
    other_needs: str = ""


class AccessNeedsOut(AccessNeedsIn):
    person_id: uuid.UUID
    recorded: bool
    confirmed_by_person_at: dt.datetime | None
    updated_at: dt.datetime | None


def _own(request: HttpRequest, model, ids: list[uuid.UUID], field: str) -> list:
    found = list(model.objects.for_organisation(request.organisation).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, f"{field}: choose only your own organisation's records")
    return found


def _fields(request: HttpRequest, data: dict) -> dict:
    """The API's payload as the people services take it."""
    fields = {k: v for k, v in data.items() if k not in ("hub_ids", "stakeholder_group_ids", "languages")}
    if "languages" in data:
        fields["languages"] = ", ".join(part.strip() for part in data["languages"] if part.strip())
    if "hub_ids" in data:
        fields["hubs"] = _own(request, Hub, data["hub_ids"], "hub_ids")
    if "stakeholder_group_ids" in data:
        fields["stakeholder_groups"] = _own(
            request, StakeholderGroup, data["stakeholder_group_ids"], "stakeholder_group_ids"
        )
    return fields


def _with_lists(queryset):
    return queryset.prefetch_related(
        Prefetch("hubs", queryset=Hub.objects.only("id")),
        Prefetch("stakeholder_groups", queryset=StakeholderGroup.objects.only("id")),
    )


@router.get("/people", response=list[PersonSummaryOut], summary="People, in name order")
@paginate(PageNumberPagination, page_size=100)
def person_list(request: HttpRequest, q: str = ""):
    require(request, VIEW)
    people = Person.objects.for_organisation(request.organisation).not_erased().search(q[:100])
    return people.only("id", "full_name", "preferred_name", "email", "phone", "postcode", "household_id").order_by(
        Lower("full_name"), "id"
    )


@router.get("/people/{person_id}", response=PersonOut, summary="One person")
def person_detail(request: HttpRequest, person_id: uuid.UUID):
    return person_for(request, person_id, VIEW, _with_lists(Person.objects))


@router.post("/people", response={201: PersonOut}, summary="Add a person")
def person_create(request: HttpRequest, payload: PersonIn):
    require(request, MANAGE)
    fields = _fields(request, payload.dict())
    try:
        person = services.person_create(
            actor=request.user, organisation=request.organisation, request=request, **fields
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, _with_lists(Person.objects).get(pk=person.pk)


@router.patch("/people/{person_id}", response=PersonOut, summary="Change a person's details")
def person_update(request: HttpRequest, person_id: uuid.UUID, payload: PersonPatch):
    person = person_for(request, person_id, MANAGE)
    fields = _fields(request, payload.dict(exclude_unset=True))
    try:
        services.person_update(actor=request.user, person=person, request=request, **fields)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _with_lists(Person.objects).get(pk=person.pk)


# Households. The expected due date is neither given nor taken here (see the module docstring): it is recorded on
# the household's page.

HOUSEHOLD_NAME_MAX = Household._meta.get_field("name").max_length


def _with_members_and_children(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "members",
            queryset=Person.objects.not_erased()
            .only("id", "full_name", "preferred_name", "household_role", "household_id")
            .order_by(Lower("full_name"), "id"),
        ),
        "children",
    )


def _household_fields(data: dict) -> dict:
    """The payload's household fields as services.household_create/_update take them; a name that is too long is
    a 422, as the page refuses it."""
    fields = {name: value for name, value in data.items() if name in services.HOUSEHOLD_FIELDS}
    if len(fields.get("name", "")) > HOUSEHOLD_NAME_MAX:
        raise HttpError(422, f"name: The name for the household must be {HOUSEHOLD_NAME_MAX} characters or fewer")
    return fields


@router.get(
    "/households",
    response=list[HouseholdOut],
    summary="Households, with their members, their children's age bands and their circumstances",
)
@paginate(PageNumberPagination, page_size=100)
def household_list(request: HttpRequest, q: str = ""):
    require(request, VIEW)
    q = q.strip()[:100]
    households = (
        household_search(request.organisation, q) if q else Household.objects.for_organisation(request.organisation)
    )
    return _with_members_and_children(households).order_by(Lower("name"), "id")


@router.get(
    "/households/{household_id}",
    response=HouseholdOut,
    summary="One household: its members, its children's age bands and its circumstances",
)
def household_detail(request: HttpRequest, household_id: uuid.UUID):
    household = get_for_member(request, _with_members_and_children(Household.objects), household_id)
    require(request, VIEW, household)
    return household


@router.post("/households", response={201: HouseholdOut}, summary="Add a household, perhaps with its first member")
def household_create(request: HttpRequest, payload: HouseholdIn):
    require(request, MANAGE)
    data = payload.dict()
    fields = _household_fields(data)
    member = None
    if data["member_id"] is not None:
        member = Person.objects.for_organisation(request.organisation).not_erased().filter(pk=data["member_id"]).first()
        if member is None:
            raise HttpError(422, "member_id: choose one of your own organisation's people")
        require(request, MANAGE, member)
    elif data["role"]:
        raise HttpError(422, "role: give member_id too, or leave role out")
    try:
        household = services.household_create(
            actor=request.user,
            organisation=request.organisation,
            member=member,
            role=data["role"],
            request=request,
            **fields,
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, _with_members_and_children(Household.objects).get(pk=household.pk)


@router.patch("/households/{household_id}", response=HouseholdOut, summary="Change a household's details")
def household_update(request: HttpRequest, household_id: uuid.UUID, payload: HouseholdPatch):
    household = get_for_member(request, Household.objects, household_id)
    require(request, MANAGE, household)
    fields = _household_fields(payload.dict(exclude_unset=True))
    try:
        services.household_update(actor=request.user, household=household, request=request, **fields)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _with_members_and_children(Household.objects).get(pk=household.pk)


def _needs_out(person: Person, needs: AccessNeeds | None) -> dict:
    fields = AccessNeedsIn.model_fields
    values = {name: getattr(needs, name) if needs else field.default for name, field in fields.items()}
    return {
        **values,
        "person_id": person.pk,
        "recorded": needs is not None,
        "confirmed_by_person_at": needs.confirmed_by_person_at if needs else None,
        "updated_at": needs.updated_at if needs else None,
    }


@router.get(
    "/people/{person_id}/access-needs",
    response=AccessNeedsOut,
    summary="What a person needs to take part, and times that do not work",
)
def access_needs(request: HttpRequest, person_id: uuid.UUID):
    person = person_for(request, person_id, VIEW)
    return _needs_out(person, AccessNeeds.objects.filter(person=person).first())


@router.put(
    "/people/{person_id}/access-needs",
    response=AccessNeedsOut,
    summary="Replace a person's access needs (anything not sent is set to no / empty)",
)
def access_needs_replace(request: HttpRequest, person_id: uuid.UUID, payload: AccessNeedsIn):
    person = person_for(request, person_id, MANAGE)
    try:
        needs = services.access_needs_save(person=person, data=payload.dict(), actor=request.user, request=request)
    except ValidationError as error:
        raise validation_error_422(error) from None
    return _needs_out(person, needs)
