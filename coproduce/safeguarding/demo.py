"""Demo data for safeguarding: Northby's safeguarding contact and procedure, and two concerns raised by demo staff
(one new, one closed), so the safeguarding lead's list has something in it. Everything is fictional: the phone
numbers are Ofcom's drama numbers and the people are the invented people of `coproduce/core/demo.py`.

Call `seed_demo_safeguarding(organisation)` after the organisation has its members and people. Running it twice
does nothing the second time.
"""

from __future__ import annotations

from django.db import transaction

from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import Person
from coproduce.safeguarding import services
from coproduce.safeguarding.models import ConcernStatus, SafeguardingArrangements, SafeguardingConcern

PROCEDURE = (
    "1. If someone is in immediate danger, call 999.\n"
    "2. Listen, and write down what you saw or heard in the words people used. Do not investigate or promise to "
    "keep a secret.\n"
    "3. Raise a concern in coproduce the same day, and phone the duty safeguarding lead.\n"
    "4. Do not discuss it with the family or with colleagues who do not need to know."
)
NEW_CONCERN = (
    "At the Eastfield stay-and-play this morning a parent told me she is frightened to go home because her partner "
    "has been shouting and throwing things. Her toddler was with her. She asked me not to tell anyone."
)
CLOSED_CONCERN = (
    "A dad at the Riverside library session said his 9-year-old has been left to look after her baby brother after "
    "school most days this month."
)


def _member(organisation: Organisation, role: str) -> Membership | None:
    return Membership.objects.for_organisation(organisation).filter(role=role).select_related("user").first()


@transaction.atomic
def seed_demo_safeguarding(organisation: Organisation) -> None:
    if SafeguardingArrangements.objects.filter(organisation=organisation).exists():
        return
    admin = _member(organisation, Role.ADMIN)
    lead = _member(organisation, Role.SAFEGUARDING_LEAD)
    staff = _member(organisation, Role.STAFF)
    peer = _member(organisation, Role.PEER_SUPPORTER)
    actor = (admin or lead).user if (admin or lead) else None
    services.arrangements_save(
        actor=actor,
        organisation=organisation,
        contact_name="David Mensah, designated safeguarding lead",
        contact_phone="07700 900 482",
        contact_email="safeguarding@example.org",
        out_of_hours="Northby Council emergency duty team: 01632 960 999",
        procedure=PROCEDURE,
        procedure_url="https://example.org/northby/safeguarding-procedure",
    )
    if SafeguardingConcern.objects.for_organisation(organisation).exists() or not (staff or peer):
        return
    people = list(Person.objects.for_organisation(organisation).not_erased().order_by("id")[:2])
    # Demo data only: the leads' notification emails are sent here too, which the console backend just prints.
    services.concern_raise(
        actor=(staff or peer).user,
        organisation=organisation,
        person=people[0] if people else None,
        what_happened=NEW_CONCERN,
        immediate_danger=False,
    )
    closed = services.concern_raise(
        actor=(peer or staff).user,
        organisation=organisation,
        person=people[1] if len(people) > 1 else None,
        what_happened=CLOSED_CONCERN,
        immediate_danger=False,
    )
    if lead is not None:
        services.concern_change_status(
            actor=lead.user, concern=closed, to_status=ConcernStatus.ACKNOWLEDGED, note="Phoned the family hub today."
        )
        services.concern_change_status(
            actor=lead.user,
            concern=closed,
            to_status=ConcernStatus.CLOSED,
            note="Spoke to dad with the family practitioner: a childminder now collects the children after school. "
            "No further action.",
        )
