"""The payments demo: a policy, registers for past activities with payments for time worked out, one declined,
some paid, expenses with receipts; the same every time, and nothing more the second time."""

from __future__ import annotations

import random

from coproduce.engagement.models import Attendance
from coproduce.payments.demo import seed_demo_payments
from coproduce.payments.models import PaymentLine, PaymentPolicy
from coproduce.people.models import Person
from coproduce.projects.models import Project


def _organisation(org, lead) -> None:
    Project.objects.create(organisation=org, title="Opening hours", goal="Hours that suit families")
    for n in range(12):
        Person.objects.create(organisation=org, full_name=f"Demo Person {n:02d}")


def summary(org) -> list[tuple]:
    return sorted(
        PaymentLine.objects.filter(organisation=org).values_list("kind", "status", "amount_pence", "person__full_name")
    )


def test_it_makes_a_believable_set_of_payments(org, lead) -> None:
    _organisation(org, lead)
    made = seed_demo_payments(org, rng=random.Random(7))
    policy = PaymentPolicy.objects.get(organisation=org)
    assert (policy.basis, policy.rate_pence) == ("hour", 1500)
    assert (policy.offers_voucher, policy.offers_bank_transfer, policy.offers_cash) == (True, True, False)
    lines = PaymentLine.objects.filter(organisation=org)
    assert made == lines.count() > 3
    assert lines.filter(status="declined").count() == 1
    assert lines.filter(kind="honorarium", status="paid").exists()
    assert lines.filter(kind="travel", status="paid", receipt_received=True).exists()
    assert lines.filter(kind="childcare", status="due").exists()
    assert Attendance.objects.filter(activity__organisation=org, walk_in=True, attended=True).count() == 1
    for line in lines.filter(kind="honorarium", status="paid"):
        assert line.benefits_note_shown_at is not None and line.method in ("voucher", "bank_transfer")
    assert seed_demo_payments(org, rng=random.Random(7)) == 0


def test_it_is_the_same_every_time(org, other_org, lead) -> None:
    from tests.cast import make_member

    _organisation(org, lead)
    make_member(other_org, "lead2@example.org", "lead")
    Project.objects.create(organisation=other_org, title="Opening hours", goal="Hours that suit families")
    for n in range(12):
        Person.objects.create(organisation=other_org, full_name=f"Demo Person {n:02d}")
    seed_demo_payments(org, rng=random.Random(7))
    seed_demo_payments(other_org, rng=random.Random(7))
    assert summary(org) == summary(other_org)
