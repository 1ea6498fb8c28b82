"""API: a person's consents, and withdrawing one (which takes effect at once everywhere, as on the web).

Reading needs `people.view_people`; withdrawing needs `consent.record_consent`. Another organisation's people and
consents are 404, and so are erased people.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema

from coproduce.consent import services
from coproduce.consent.checks import allows
from coproduce.consent.models import Consent
from coproduce.core.access import get_for_member
from coproduce.people.api import person_for

router = Router(tags=["consent"])


class ConsentOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    purpose: str
    partner_id: uuid.UUID | None
    partner: str | None
    status: str
    lawful_basis: str
    allows: bool
    method: str
    privacy_notice_version: str | None
    child_basis: str
    answered_at: dt.datetime
    withdrawn_at: dt.datetime | None
    withdrawn_via: str

    @staticmethod
    def resolve_partner(consent: Consent) -> str | None:
        return consent.partner.name if consent.partner_id else None

    @staticmethod
    def resolve_allows(consent: Consent) -> bool:
        return allows(consent)

    @staticmethod
    def resolve_privacy_notice_version(consent: Consent) -> str | None:
        return consent.privacy_notice.version if consent.privacy_notice_id else None


def _consents(person):
    return Consent.objects.filter(person=person).select_related("partner", "privacy_notice")


@router.get(
    "/people/{person_id}/consents",
    response=list[ConsentOut],
    summary="A person's consents: one per purpose (and per partner, for sharing)",
)
def person_consents(request: HttpRequest, person_id: uuid.UUID):
    person = person_for(request, person_id, "people.view_people")
    return list(_consents(person).order_by("purpose", "created_at"))


@router.post(
    "/people/{person_id}/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="Withdraw a consent (or record an objection where consent is not the lawful basis)",
)
def consent_withdraw(request: HttpRequest, person_id: uuid.UUID, consent_id: uuid.UUID):
    person = person_for(request, person_id, "consent.record_consent")
    consent = get_for_member(request, _consents(person), consent_id)
    services.consent_withdraw(consent=consent, actor=request.user, request=request, via="api")
    return _consents(person).get(pk=consent.pk)
