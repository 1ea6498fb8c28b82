"""Demo data for consent: two privacy notice versions, answers for most demo people (given online, on paper and
verbally; a few refused or withdrawn), a child whose parent consented, a young person of 14 who consented for
themselves online, and two data sharing agreements (one current, one overdue for review).

All fictional: names are invented, emails use example.org. Call `seed_demo_consent(organisation, rng)` after the
demo people and partners exist. Running it twice does nothing the second time."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from coproduce.consent.models import (
    ChildBasis,
    Consent,
    ConsentMethod,
    ConsentStatus,
    DataSharingAgreement,
    LawfulBasis,
    PrivacyNotice,
    Purpose,
)
from coproduce.core.models import uuid7
from coproduce.organisations.models import Organisation
from coproduce.people.models import HouseholdRole, Person
from coproduce.stakeholders.models import Partner

STAFF_NAMES = ["Tom Gallagher", "Priya Shah", "Kasia Nowak"]
NOTICE_1 = (
    "We collect your name, contact details and what you need to take part, so we can invite you to plan and "
    "improve family hub services with us. We keep it for two years after you last take part. You can see, correct "
    "or delete it at any time."
)
NOTICE_2 = (
    NOTICE_1 + " We now also ask, if you agree, optional equality questions so we can check we include everyone, "
    "and we share your details with a partner only under a signed agreement and with your consent."
)
# (partner name, kind, whether the agreement is current): the first is current, the second is overdue for review.
AGREEMENT_PARTNERS = [
    ("Home-Start Northby", Partner.Kind.CHARITY, True),
    ("Northby Health Visiting Service", Partner.Kind.HEALTH, False),
]


def _partner(organisation: Organisation, name: str, kind: str) -> Partner:
    partner = Partner.objects.for_organisation(organisation).filter(name=name).first()
    if partner is None:
        first = name.split()[0].lower().replace("-", "")
        partner = Partner.objects.create(
            organisation=organisation, name=name, kind=kind, contact_email=f"{first}.sharing@example.org"
        )
    return partner


def _young_people(organisation: Organisation, today: dt.date) -> tuple[Person, Person]:
    """A child of 10 and a young person of 14, who take part in the children's and young people's panels."""
    child = Person.objects.create(
        organisation=organisation,
        full_name="Maya Okonkwo-Reid",
        preferred_name="Maya",
        date_of_birth=today - dt.timedelta(days=round(10.3 * 365.25)),
        household_role=HouseholdRole.YOUNG_PERSON,
    )
    young = Person.objects.create(
        organisation=organisation,
        full_name="Kieran Doyle",
        email="kieran.doyle.demo@example.org",
        contact_by_email=True,
        date_of_birth=today - dt.timedelta(days=round(14.4 * 365.25)),
        household_role=HouseholdRole.YOUNG_PERSON,
    )
    return child, young


@transaction.atomic
def seed_demo_consent(organisation: Organisation, rng: random.Random) -> None:
    if PrivacyNotice.objects.for_organisation(organisation).exists():
        return
    today = timezone.localdate()
    now = timezone.now()
    v1 = PrivacyNotice.objects.create(
        organisation=organisation,
        version="1.0",
        published_on=today - dt.timedelta(days=420),
        url="https://www.example.org/northby/privacy-notice-1-0",
        summary=NOTICE_1,
    )
    v2 = PrivacyNotice.objects.create(
        organisation=organisation,
        version="2.0",
        published_on=today - dt.timedelta(days=60),
        summary=NOTICE_2,
    )
    partners = []
    for name, kind, current in AGREEMENT_PARTNERS:
        partner = _partner(organisation, name, kind)
        partners.append(partner)
        starts = today - dt.timedelta(days=300)
        DataSharingAgreement.objects.create(
            organisation=organisation,
            partner=partner,
            purpose="Referrals of families who ask for peer support or home visits.",
            data_shared="Name, phone number, email address, postcode and access needs.",
            starts_on=starts,
            review_on=today + dt.timedelta(days=150) if current else today - dt.timedelta(days=20),
            document_url="https://www.example.org/northby/agreements/" + partner.name.lower().replace(" ", "-"),
        )

    consents: list[Consent] = []

    def add(person: Person, purpose: str, *, days_ago: int, status: str = ConsentStatus.GIVEN, **fields) -> None:
        answered = now - dt.timedelta(days=days_ago, minutes=rng.randint(0, 600))
        method = fields.pop("method", None) or rng.choice(
            [ConsentMethod.ONLINE, ConsentMethod.ONLINE, ConsentMethod.PAPER, ConsentMethod.VERBAL]
        )
        withdrawn_at = None
        if status == ConsentStatus.WITHDRAWN:
            withdrawn_at = answered + dt.timedelta(days=rng.randint(1, max(1, days_ago - 1)))
        consents.append(
            Consent(
                id=uuid7(),
                organisation=organisation,
                person=person,
                purpose=purpose,
                status=status,
                method=method,
                told_to=rng.choice(STAFF_NAMES) if method == ConsentMethod.VERBAL else "",
                privacy_notice=v2 if answered.date() >= v2.published_on else v1,
                answered_at=answered,
                withdrawn_at=withdrawn_at,
                withdrawn_via=rng.choice(["own link", "staff"]) if withdrawn_at else "",
                **fields,
            )
        )

    people = list(Person.objects.for_organisation(organisation).not_erased().filter(date_of_birth__isnull=True))
    for index, person in enumerate(people):
        roll = rng.random()
        if roll < 0.12:
            continue  # not asked yet
        days_ago = rng.randint(3, 400)
        contact_status = ConsentStatus.GIVEN
        if roll > 0.95:
            contact_status = ConsentStatus.WITHDRAWN
        elif roll > 0.92:
            contact_status = ConsentStatus.REFUSED
        add(person, Purpose.CONTACT, days_ago=days_ago, status=contact_status)
        if contact_status != ConsentStatus.GIVEN:
            continue
        if rng.random() < 0.5:
            add(person, Purpose.QUOTE_ANONYMOUSLY, days_ago=days_ago)
        if rng.random() < 0.15:
            add(person, Purpose.QUOTE_BY_NAME, days_ago=days_ago, status=rng.choice(["given", "refused"]))
        if rng.random() < 0.3:
            add(person, Purpose.PHOTOS, days_ago=days_ago, status=rng.choice(["given", "given", "refused"]))
        if rng.random() < 0.4:
            add(person, Purpose.EQUALITY_MONITORING, days_ago=days_ago)
        if rng.random() < 0.1:
            add(person, Purpose.PANEL, days_ago=days_ago)
        if index % 25 == 0:
            add(person, Purpose.SHARE_WITH_PARTNER, days_ago=days_ago, partner=partners[0])
        if index % 40 == 0:
            add(person, Purpose.SHARE_WITH_PARTNER, days_ago=days_ago, partner=partners[1])
    # One person is contacted under the council's public task (not consent) and has objected.
    if people:
        consents = [c for c in consents if not (c.person_id == people[-1].pk and c.purpose == Purpose.CONTACT)]
        add(
            people[-1],
            Purpose.CONTACT,
            days_ago=90,
            status=ConsentStatus.WITHDRAWN,
            lawful_basis=LawfulBasis.PUBLIC_TASK,
        )

    child, young = _young_people(organisation, today)
    add(
        child,
        Purpose.CONTACT,
        days_ago=30,
        method=ConsentMethod.PAPER,
        child_basis=ChildBasis.PARENTAL_RESPONSIBILITY,
        given_by_name="Adaeze Okonkwo-Reid",
    )
    add(
        child,
        Purpose.PHOTOS,
        days_ago=30,
        method=ConsentMethod.PAPER,
        child_basis=ChildBasis.PARENTAL_RESPONSIBILITY,
        given_by_name="Adaeze Okonkwo-Reid",
    )
    add(young, Purpose.CONTACT, days_ago=12, method=ConsentMethod.ONLINE, child_basis=ChildBasis.SELF_13_PLUS)
    add(young, Purpose.PANEL, days_ago=12, method=ConsentMethod.ONLINE, child_basis=ChildBasis.SELF_13_PLUS)
    add(
        young,
        Purpose.QUOTE_ANONYMOUSLY,
        days_ago=5,
        method=ConsentMethod.VERBAL,
        child_basis=ChildBasis.GILLICK,
        gillick_assessed_by="Kasia Nowak",
        gillick_assessed_on=today - dt.timedelta(days=5),
    )
    Consent.objects.bulk_create(consents, batch_size=1000)
