"""Demo data for involvement payments: Northby's policy (£15 an hour, shopping vouchers or bank transfer, travel and
childcare paid back with receipts), registers taken for past demo activities (so payments for time are worked out
from them), one walk-in, one payment declined, some accepted and paid, and expenses with and without receipts.

Call `seed_demo_payments(organisation, rng=random.Random(...))` after the demo activities and replies
(coproduce/engagement/demo_activities.py, demo_replies.py). Without past activities it makes one, and puts some demo
people on its register directly. Running it twice does nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from coproduce.engagement.models import Activity, ActivityKind, Attendance
from coproduce.engagement.services import register as register_services
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.payments import services
from coproduce.payments.models import PaymentLine, PaymentMethod, PaymentPolicy
from coproduce.people.models import Person
from coproduce.projects.models import Project

ACTIVITIES_WITH_REGISTERS = 4
PEOPLE_ON_A_MADE_UP_REGISTER = 8


def _actor(organisation: Organisation):
    for role in (Role.LEAD, Role.ADMIN, Role.STAFF):
        membership = Membership.objects.for_organisation(organisation).filter(role=role).select_related("user").first()
        if membership is not None:
            return membership.user
    return None


def _past_activity(organisation: Organisation, rng: random.Random) -> Activity | None:
    """A past workshop with some demo people on its register, for when the demo has no past activities."""
    project = Project.objects.for_organisation(organisation).order_by("title", "id").first()
    people = list(Person.objects.for_organisation(organisation).not_erased().order_by("full_name", "id")[:60])
    if project is None or not people:
        return None
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) - dt.timedelta(days=9)
    activity = Activity.objects.create(
        organisation=organisation,
        project=project,
        title="Coffee morning: what would make the hub feel welcoming?",
        kind=ActivityKind.WORKSHOP,
        description="A relaxed morning to share ideas over coffee and cake. Children are welcome.",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        join_in_person=True,
        childcare=True,
        food=True,
        travel_costs_paid=True,
        children_present=True,
        ratio_adults=1,
        ratio_children=4,
    )
    for person in rng.sample(people, k=min(PEOPLE_ON_A_MADE_UP_REGISTER, len(people))):
        Attendance.objects.create(organisation=organisation, activity=activity, person=person)
    return activity


@transaction.atomic
def seed_demo_payments(organisation: Organisation, *, rng: random.Random) -> int:
    """Returns the number of payment lines made."""
    if PaymentPolicy.objects.filter(organisation=organisation).exists():
        return 0
    actor = _actor(organisation)
    services.policy_save(
        actor=actor,
        organisation=organisation,
        **{
            **services.default_policy_fields(),
            "basis": PaymentPolicy.Basis.HOUR,
            "rate_pence": 1500,
            "offers_voucher": True,
            "offers_bank_transfer": True,
            "offers_cash": False,
        },
    )
    now = timezone.now()
    activities = list(
        Activity.objects.for_organisation(organisation)
        .filter(starts_at__lt=now - dt.timedelta(hours=3), status=Activity.Status.PLANNED)
        .select_related("organisation")
        .order_by("-starts_at", "id")[:ACTIVITIES_WITH_REGISTERS]
    )
    activities = [activity for activity in activities if register_services.register_rows(activity)]
    if not activities:
        made = _past_activity(organisation, rng)
        activities = [made] if made is not None else []
    for activity in activities:
        rows = register_services.register_rows(activity)
        changes = {}
        for row in rows:
            came = rng.random() < 0.8
            fields = {"attended": came}
            if came and row.needs:
                fields["needs_provided"] = {need.code: rng.random() < 0.85 for need in row.needs}
            changes[row.person.pk] = fields
        register_services.register_save(actor=actor, activity=activity, changes=changes)
    if activities:
        register_services.walk_in_add(
            actor=actor,
            activity=activities[0],
            full_name="Bilal Hussain",
            preferred_name="Bilal",
            phone="07700 900 731",
            heard_about="friend",
            contact=True,
            photos=False,
            consent_method="verbal",
        )
    _payments_in_progress(organisation, actor, rng)
    return PaymentLine.objects.for_organisation(organisation).count()


def _payments_in_progress(organisation: Organisation, actor, rng: random.Random) -> None:
    """One payment declined; about half accepted and paid, by voucher or bank transfer; expenses for travel (with a
    receipt, paid) and childcare (receipt still to come)."""
    honoraria = list(
        PaymentLine.objects.for_organisation(organisation)
        .filter(kind=PaymentLine.Kind.HONORARIUM, status=PaymentLine.Status.DUE)
        .select_related("activity", "person")
        .order_by("activity__starts_at", "person__full_name", "id")
    )
    if not honoraria:
        return
    services.line_decline(actor=actor, line=honoraria[0])
    today = timezone.localdate()
    for line in honoraria[1:]:
        if rng.random() < 0.6:
            services.line_benefits_note_shown(actor=actor, line=line)
            if rng.random() < 0.7:
                services.line_mark_paid(
                    actor=actor,
                    line=line,
                    paid_on=today - dt.timedelta(days=rng.randint(0, 5)),
                    method=rng.choice([PaymentMethod.VOUCHER, PaymentMethod.BANK_TRANSFER]),
                )
    first = honoraria[1] if len(honoraria) > 1 else honoraria[0]
    travel = services.expense_add(
        actor=actor,
        person=first.person,
        project=first.activity.project,
        activity=first.activity,
        kind=PaymentLine.Kind.TRAVEL,
        amount_pence=460,
        description="Return bus fare from Moorland village",
        receipt_received=True,
        receipt_reference="BUS-2291",
    )
    services.line_mark_paid(actor=actor, line=travel, paid_on=today, method=PaymentMethod.BANK_TRANSFER)
    last = honoraria[-1]
    services.expense_add(
        actor=actor,
        person=last.person,
        project=last.activity.project,
        activity=last.activity,
        kind=PaymentLine.Kind.CHILDCARE,
        amount_pence=1200,
        description="Childminder for a toddler during the session",
    )
