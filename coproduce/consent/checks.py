"""'May we?' — the questions the rest of the product asks before contacting, sharing, quoting or counting a
person. Each answer reads the current consent, so a withdrawal takes effect at once everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.consent.models import Consent, ConsentStatus, DataSharingAgreement, LawfulBasis, Purpose
from coproduce.people.models import Person


def has_consent(person: Person, purpose: str, *, partner=None) -> bool:
    """Whether the person's current answer for `purpose` allows it: consent given, or another lawful basis
    recorded that they have not objected to."""
    if person.is_erased:
        return False
    consent = Consent.objects.filter(person=person, purpose=purpose, partner=partner).first()
    return consent is not None and allows(consent)


def allows(consent: Consent) -> bool:
    """Whether one consent row allows its purpose now (for pages that already hold the rows)."""
    if consent.lawful_basis != LawfulBasis.CONSENT:
        return consent.withdrawn_at is None
    return consent.status == ConsentStatus.GIVEN


def may_contact(person: Person) -> bool:
    return has_consent(person, Purpose.CONTACT)


@dataclass(frozen=True)
class SharingDecision:
    allowed: bool
    reason: str
    agreement: DataSharingAgreement | None = None


def may_share(person: Person, partner) -> SharingDecision:
    """Sharing with a partner needs both a current data sharing agreement and the person's consent."""
    agreement = (
        DataSharingAgreement.objects.for_organisation(person.organisation)
        .current(timezone.localdate())
        .filter(partner=partner)
        .order_by("-review_on")
        .first()
    )
    if agreement is None:
        return SharingDecision(
            False,
            _("There is no current data sharing agreement with %(partner)s. Add or review one in the register first.")
            % {"partner": partner.name},
        )
    if not has_consent(person, Purpose.SHARE_WITH_PARTNER, partner=partner):
        return SharingDecision(
            False,
            _("%(name)s has not agreed to their details being shared with %(partner)s.")
            % {"name": person.display_name, "partner": partner.name},
            agreement,
        )
    return SharingDecision(True, "", agreement)
