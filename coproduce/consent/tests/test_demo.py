"""The demo consent data: what it promises to show, all of it valid under the rules the services apply."""

from __future__ import annotations

import random

from coproduce.consent.demo import seed_demo_consent
from coproduce.consent.models import Consent, DataSharingAgreement, PrivacyNotice
from coproduce.consent.overview import agreement_status
from coproduce.consent.services import age_group, check_child_rules
from coproduce.people.models import Person


def test_demo_consent_shows_every_case_and_follows_the_rules(org) -> None:
    Person.objects.bulk_create(
        [Person(organisation=org, full_name=f"Demo Person {i}", email=f"demo{i}@example.org") for i in range(60)]
    )
    seed_demo_consent(org, random.Random(7))

    assert list(PrivacyNotice.objects.for_organisation(org).values_list("version", flat=True)) == ["2.0", "1.0"]
    consents = list(Consent.objects.for_organisation(org).select_related("person"))
    asked = {c.person_id for c in consents}
    assert len(asked) > 0.7 * Person.objects.for_organisation(org).count()
    statuses = {c.status for c in consents}
    assert statuses == {"given", "refused", "withdrawn"}
    assert {c.method for c in consents} == {"online", "paper", "verbal"}
    assert all(c.told_to for c in consents if c.method == "verbal")
    assert any(c.lawful_basis == "public_task" and c.withdrawn_at for c in consents)

    children = [c for c in consents if age_group(c.person) == "child"]
    assert children and all(c.child_basis == "parental_responsibility" and c.given_by_name for c in children)
    young = [c for c in consents if age_group(c.person) == "young"]
    assert any(c.child_basis == "self_13_plus" and c.method == "online" for c in young)
    assert {c.person.age() for c in young} == {14}
    for consent in consents:
        check_child_rules(
            consent.person,
            status=consent.status if consent.status != "withdrawn" else "given",
            method=consent.method,
            child_basis=consent.child_basis,
            given_by_name=consent.given_by_name,
            gillick_assessed_by=consent.gillick_assessed_by,
            gillick_assessed_on=consent.gillick_assessed_on,
        )

    statuses = sorted(agreement_status(a) for a in DataSharingAgreement.objects.for_organisation(org))
    assert statuses == ["current", "review_overdue"]
    assert any(c.partner_id for c in consents)

    seed_demo_consent(org, random.Random(7))  # a second run does nothing
    assert Consent.objects.for_organisation(org).count() == len(consents)
