"""Demo learning for Northby: the suggested courses, induction checklist, reflection prompts and guidance; a few
sessions with attendance; completions of which some have expired and some run out soon (so every status shows in
the training matrix); induction progress; and two reflections by the co-production lead, one shared.

Call `seed_demo_learning(organisation)` after the demo people. Running it twice does nothing the second time. Dates
are relative to today; past ones are set directly (the services rightly refuse completions dated in the future).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.learning import services
from coproduce.learning.models import (
    Completion,
    Course,
    CourseSession,
    InductionItem,
    InductionProgress,
    ReflectionEntry,
    add_months,
)
from coproduce.learning.suggested import BRIEF_QUESTIONS
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import Person


def _member(organisation: Organisation, role: str):
    membership = Membership.objects.for_organisation(organisation).filter(role=role).select_related("user").first()
    return membership.user if membership else None


@transaction.atomic
def seed_demo_learning(organisation: Organisation) -> None:
    if Course.objects.for_organisation(organisation).exists():
        return
    lead = _member(organisation, Role.LEAD)
    staff = _member(organisation, Role.STAFF)
    admin = _member(organisation, Role.ADMIN)
    if lead is None:
        return
    services.learning_set_up(actor=lead, organisation=organisation)
    today = timezone.localdate()
    courses = {c.suggested_key: c for c in Course.objects.for_organisation(organisation)}
    people = list(Person.objects.for_organisation(organisation).not_erased().order_by("full_name", "id")[:6])

    # A safeguarding session about 23 months ago: its 24-month completions run out within weeks ("due soon").
    safeguarding = courses["safeguarding"]
    held = add_months(today, -23)
    session = CourseSession.objects.create(
        organisation=organisation,
        course=safeguarding,
        held_on=held,
        venue="Northby Central Family Hub",
        trainer="Northby Safeguarding Partnership",
    )
    completions = [
        Completion(
            organisation=organisation,
            course=safeguarding,
            session=session,
            completed_on=held,
            expires_on=safeguarding.expiry_for(held),
            recorded_by=lead,
            **trainee,
        )
        for trainee in [{"user": u} for u in (staff, admin) if u] + [{"person": p} for p in people[:3]]
    ]
    # The lead's equality, diversity and inclusion training ran out last month ("expired").
    edi = courses["edi"]
    done_on = add_months(today, -37)
    completions.append(
        Completion(
            organisation=organisation,
            course=edi,
            user=lead,
            completed_on=done_on,
            expires_on=edi.expiry_for(done_on),
            recorded_by=lead,
        )
    )
    # Co-production basics never expires; the lead and two parents did it this year.
    basics = courses["coproduction-basics"]
    recent = today - dt.timedelta(days=40)
    basics_session = CourseSession.objects.create(
        organisation=organisation, course=basics, held_on=recent, venue="Eastfield Family Hub", trainer="Priya Shah"
    )
    completions += [
        Completion(
            organisation=organisation,
            course=basics,
            session=basics_session,
            completed_on=recent,
            recorded_by=lead,
            **trainee,
        )
        for trainee in [{"user": lead}] + [{"person": p} for p in people[3:5]]
    ]
    Completion.objects.bulk_create(completions)
    # A session coming up, with no attendance yet.
    CourseSession.objects.create(
        organisation=organisation,
        course=courses["courageous-conversations"],
        held_on=today + dt.timedelta(days=21),
        online=True,
    )

    # Induction: the staff member has covered the first three items; one parent the first two.
    items = list(InductionItem.objects.for_organisation(organisation).current())
    InductionProgress.objects.bulk_create(
        [
            InductionProgress(organisation=organisation, item=item, user=staff, done_on=recent, ticked_by=staff)
            for item in items[:3]
            if staff
        ]
        + [
            InductionProgress(organisation=organisation, item=item, person=people[0], done_on=recent, ticked_by=lead)
            for item in items[:2]
            if people and item.audience != "staff"
        ]
    )

    # Two reflections by the lead: one private, one shared with the team.
    questions = dict(BRIEF_QUESTIONS)
    ReflectionEntry.objects.create(
        organisation=organisation,
        author=lead,
        title="After the feeding group workshop",
        written_on=today - dt.timedelta(days=10),
        answers=[
            {
                "key": "brief-4",
                "question": questions["brief-4"],
                "answer": "I assumed dads would not come to a daytime session. Three did, and two asked for an evening "
                "one.",
            }
        ],
    )
    ReflectionEntry.objects.create(
        organisation=organisation,
        author=lead,
        title="Keeping going when views clash",
        written_on=today - dt.timedelta(days=3),
        answers=[
            {
                "key": "brief-5",
                "question": questions["brief-5"],
                "answer": "Naming the disagreement out loud helped. We wrote both views on the wall and agreed to test "
                "both.",
            }
        ],
        shared_at=timezone.now(),
    )
