"""Reads for consent pages: a person's answers purpose by purpose, and where each sharing agreement stands. One
query each, so the person page and the register stay fast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from coproduce.consent.checks import allows
from coproduce.consent.models import Consent, DataSharingAgreement, Purpose
from coproduce.people.models import Person

REVIEW_SOON_DAYS = 30


@dataclass(frozen=True)
class ConsentRow:
    purpose: str
    label: str
    consent: Consent | None
    partner_id: object = None
    partner_name: str = ""

    @property
    def allowed(self) -> bool:
        return self.consent is not None and allows(self.consent)


def consent_rows(person: Person) -> list[ConsentRow]:
    """Every purpose (answered or not), then one row per partner the person was asked about sharing with."""
    consents = list(
        Consent.objects.filter(person=person).select_related("partner", "privacy_notice").order_by("created_at")
    )
    by_purpose = {c.purpose: c for c in consents if c.partner_id is None}
    rows = [
        ConsentRow(purpose.value, str(purpose.label), by_purpose.get(purpose.value))
        for purpose in Purpose
        if purpose != Purpose.SHARE_WITH_PARTNER
    ]
    rows += [
        ConsentRow(
            Purpose.SHARE_WITH_PARTNER.value, str(Purpose.SHARE_WITH_PARTNER.label), c, c.partner_id, c.partner.name
        )
        for c in sorted((c for c in consents if c.partner_id), key=lambda c: c.partner.name.lower())
    ]
    return rows


def agreement_status(agreement: DataSharingAgreement, today: dt.date | None = None) -> str:
    """'ended', 'not_started', 'review_overdue', 'review_due' (within 30 days) or 'current'."""
    today = today or timezone.localdate()
    if agreement.ends_on is not None and agreement.ends_on < today:
        return "ended"
    if agreement.starts_on > today:
        return "not_started"
    if agreement.review_on < today:
        return "review_overdue"
    if agreement.review_on <= today + dt.timedelta(days=REVIEW_SOON_DAYS):
        return "review_due"
    return "current"
