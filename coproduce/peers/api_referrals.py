"""API: referrals for peer support. Coordinators (peers.view_referrals) list and read referrals and their ranked,
explained suggestions; anyone who may refer a family (peers.refer_family) creates one, through the same service as
the page: without the family's consent it is a 422 and nothing is saved. Another organisation's referral is a 404."""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types at run time.
import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require, validation_error_422
from coproduce.core.access import get_for_member
from coproduce.organisations.models import Hub
from coproduce.peers import matching as peer_matching
from coproduce.peers.models import Referral, ReferralStatus
from coproduce.peers.services import referrals as services
from coproduce.people.models import Person

router = Router(tags=["peer support referrals"])

VIEW = "peers.view_referrals"
REFER = "peers.refer_family"


class ReferralOut(Schema):
    id: uuid.UUID
    status: str
    source: str
    person_id: uuid.UUID | None
    contact_name: str
    contact_email: str
    contact_phone: str
    postcode: str
    hub_id: uuid.UUID | None
    help_with: str
    wanted_experiences: list[str]
    languages: list[str]
    ways: list[str]
    available: list[str]
    online_only: bool
    preferences: str
    consent: bool
    consent_how: str
    consent_given_at: dt.datetime | None
    referrer_name: str
    referrer_organisation: str
    closed_reason: str
    created_at: dt.datetime


class ReferralIn(Schema):
    """Either `person_id` (a person of the organisation) or `contact_name` with a phone number or email address."""

    help_with: str
    consent: bool = False
    consent_how: str = ""
    person_id: uuid.UUID | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    postcode: str = ""
    hub_id: uuid.UUID | None = None
    wanted_experiences: list[str] = []
    languages: list[str] = []
    ways: list[str] = []
    available: list[str] = []
    online_only: bool = False
    preferences: str = ""
    referrer_organisation: str = ""


class PartOut(Schema):
    name: str
    points: float
    max_points: float
    explanation: str


class SuggestionOut(Schema):
    supporter_id: uuid.UUID
    supporter_name: str
    score: float
    explanation: str
    places_left: int
    parts: list[PartOut]


def _referrals():
    return Referral.objects.all()


@router.get("/peer-referrals", response=list[ReferralOut], summary="Referrals for peer support, oldest first")
@paginate(PageNumberPagination, page_size=100)
def peer_referral_list(request: HttpRequest, status: str | None = None):
    """Filter by `status`: new (waiting for a match), matched or closed."""
    require(request, VIEW)
    if status is not None and status not in ReferralStatus.values:
        raise HttpError(422, "status: one of " + ", ".join(ReferralStatus.values))
    referrals = _referrals().for_organisation(request.organisation)
    if status:
        referrals = referrals.filter(status=status)
    services.referral_list_read_record(
        actor=request.user, organisation=request.organisation, status=status, request=request
    )
    return referrals.order_by("created_at", "id")


@router.get("/peer-referrals/{referral_id}", response=ReferralOut, summary="One referral")
def peer_referral_detail(request: HttpRequest, referral_id: uuid.UUID):
    require(request, VIEW)
    referral = get_for_member(request, _referrals(), referral_id)
    services.referral_view_record(actor=request.user, referral=referral, request=request)
    return referral


@router.get(
    "/peer-referrals/{referral_id}/suggestions",
    response=list[SuggestionOut],
    summary="Peer supporters suggested for a referral, best first, each explained",
)
def peer_referral_suggestions(request: HttpRequest, referral_id: uuid.UUID):
    """Up to 5 supporters who can be matched today, with the score (0 to 1) and each part's points. Empty once the
    referral is matched or closed."""
    require(request, VIEW)
    referral = get_for_member(request, _referrals().select_related("organisation"), referral_id)
    if referral.status != ReferralStatus.NEW:
        return []
    try:
        suggested = peer_matching.suggestions_for(referral)
    except ValueError as error:
        raise HttpError(422, str(error)) from None
    return [
        {
            "supporter_id": item.supporter.pk,
            "supporter_name": item.supporter.person.display_name,
            "score": item.suggestion.score,
            "explanation": item.suggestion.explanation,
            "places_left": item.suggestion.places_left,
            "parts": [
                {"name": p.name, "points": p.points, "max_points": p.max_points, "explanation": p.explanation}
                for p in item.suggestion.parts
            ],
        }
        for item in suggested
    ]


def _one(queryset, pk, field: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise HttpError(422, f"{field}: choose one of your own organisation's records")
    return found


@router.post("/peer-referrals", response={201: ReferralOut}, summary="Refer a family for peer support")
def peer_referral_create(request: HttpRequest, payload: ReferralIn):
    """`consent` must be true: the family must agree to be referred. Codes: `wanted_experiences` (e.g. dad, send,
    new_to_country), `ways` (face_to_face, group, phone, text, email, video, social_media) and `available` (mon_am …
    fri_pm, evening, weekend)."""
    require(request, REFER)
    organisation = request.organisation
    data = payload.dict()
    person_id, hub_id = data.pop("person_id"), data.pop("hub_id")
    if person_id is not None and not request.user.has_perm("people.view_people", organisation):
        raise HttpError(422, "person_id: your role cannot choose people; give contact_name and contact details")
    details = services.ReferralDetails(
        **data,
        person=_one(Person.objects.for_organisation(organisation).not_erased(), person_id, "person_id"),
        hub=_one(Hub.objects.for_organisation(organisation), hub_id, "hub_id"),
    )
    try:
        referral = services.referral_create(
            actor=request.user, organisation=organisation, details=details, request=request
        )
    except ValidationError as error:
        raise validation_error_422(error) from None
    return 201, referral
