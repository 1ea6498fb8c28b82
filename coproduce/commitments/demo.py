"""Demo data for the commitment area: Northby's definition of co-production (after Stockport Council's, from the
guidance), a commitment with signatures, and strategies, so the deliverables page shows every kind of status.

Call `seed_demo_commitments(organisation)` after the organisation has its members (the demo staff of
`coproduce/core/demo.py`) and, ideally, its partners (`coproduce/core/demo_projects.py`). Dates are relative to
today, so that one sustaining strategy is always overdue. Running it twice does nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.commitments import services
from coproduce.commitments.models import DefinitionVersion
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.stakeholders.models import Partner, StakeholderGroup

# Stockport Council's agreed definition, as the guidance quotes it, adapted to Northby.
VERSION_1 = (
    "In Northby, co-production happens when all voices are actively listened to from the start of the planning "
    "process: parents, carers, children and young people, and the people who work with them.\n\n"
    "It involves mutual respect for each other's views, with an open and honest relationship that is transparent "
    "and continually evolving, to achieve meaningful and positive outcomes for families."
)
# The plainer draft that families asked for.
VERSION_2 = (
    "In Northby, co-production means we listen to everyone from the very start: parents, carers, children, young "
    "people and the people who work with them.\n\n"
    "We respect each other's views. We are open and honest, and we share what we know.\n\n"
    "We keep learning how to do this better, so that families get services that work for them."
)
COMMITMENT = (
    "We will plan and improve Northby's family hub services together with families, as equals. We will involve "
    "families from the start, especially those whose voices are not often heard. We will remove what stops people "
    "taking part, pay people for their time, and always tell families what changed because of what they said."
)
# Groups the adopted definition was shared with: 6 of the 8 (commissioners and strategic bodies still to do).
COMMUNICATIONS = [
    ("families", "newsletter", 100, "Northby Family Hubs newsletter, spring issue"),
    ("parent_carer_forums", "meeting", 95, "Parent carer forum open meeting"),
    ("practitioners", "email", 90, "All-staff email"),
    ("faith_community", "meeting", 80, "Faith and community network"),
    ("charities", "email", 80, "Voluntary sector bulletin"),
    ("education", "printed", 60, "Posters in school reception areas"),
]
PARTNERS = [
    ("Northby Parent Carer Forum", Partner.Kind.PARENT_CARER_FORUM, "Joanne Reid, chair", True),
    ("Home-Start Northby", Partner.Kind.CHARITY, "Ruth Evans, manager", True),
    ("Al-Noor Community Centre", Partner.Kind.FAITH_COMMUNITY, "", False),
]
# (email, show the name publicly)
MEMBER_SIGNATURES = [
    ("priya.shah@example.org", True),
    ("amara.okafor@example.org", True),
    ("tom.gallagher@example.org", False),
    ("kasia.nowak@example.org", True),
]


def _member(members: dict[str, Membership], email: str, fallback: Membership) -> Membership:
    return members.get(email, fallback)


@transaction.atomic
def seed_demo_commitments(organisation: Organisation) -> None:
    if DefinitionVersion.objects.for_organisation(organisation).exists():
        return
    today = timezone.localdate()
    members = {m.user.email: m for m in Membership.objects.for_organisation(organisation).select_related("user")}
    lead = next((m for m in members.values() if m.role == Role.LEAD), None) or next(iter(members.values()))
    actor = lead.user
    groups = {g.key: g for g in StakeholderGroup.objects.for_organisation(organisation).top_level().exclude(key="")}

    # The definition: version 1 adopted and shared with 6 of the 8 groups; version 2 drafted, with two comments.
    adopted_on = today - dt.timedelta(days=110)
    first = services.definition_version_start(actor=actor, organisation=organisation, text=VERSION_1)
    first = services.definition_adopt(actor=actor, version=first, adopted_on=adopted_on)
    for key, method, days_ago, note in COMMUNICATIONS:
        if key in groups:
            services.definition_communication_record(
                actor=actor,
                version=first,
                groups=[groups[key]],
                communicated_on=today - dt.timedelta(days=days_ago),
                method=method,
                note=note,
            )
    second = services.definition_version_start(actor=actor, organisation=organisation, text=VERSION_2)
    peer = _member(members, "kasia.nowak@example.org", lead).user
    practitioner = _member(members, "tom.gallagher@example.org", lead).user
    services.definition_comment_add(
        actor=peer,
        version=second,
        paragraph_number=1,
        text="Parents at the Eastfield stay-and-play liked ‘from the very start’. Can we say ‘dads’ too?",
    )
    services.definition_comment_add(
        actor=practitioner,
        version=second,
        paragraph_number=3,
        text="‘Services that work for them’ is good. Maybe add that we will tell families what changed.",
    )

    # The commitment, signed by members, partner organisations and a parent on paper (some named publicly).
    services.commitment_save(actor=actor, organisation=organisation, text=COMMITMENT)
    for email, public in MEMBER_SIGNATURES:
        if email in members:
            services.commitment_sign(actor=members[email].user, membership=members[email], show_publicly=public)
    for index, (name, kind, signed_by, public) in enumerate(PARTNERS):
        partner, _created = Partner.objects.get_or_create(organisation=organisation, name=name, defaults={"kind": kind})
        services.signature_record_partner(
            actor=actor,
            organisation=organisation,
            partner=partner,
            signed_by=signed_by,
            signed_on=adopted_on + dt.timedelta(days=7 + index),
            show_publicly=public,
        )
    services.signature_record_person(
        actor=actor,
        organisation=organisation,
        name="Shauna Brennan",
        role_or_organisation="Parent, Eastfield stay-and-play",
        signed_on=adopted_on + dt.timedelta(days=20),
        show_publicly=True,
    )
    moved = services.signature_record_person(
        actor=actor,
        organisation=organisation,
        name="Darius Ahmed",
        role_or_organisation="Parent",
        signed_on=adopted_on + dt.timedelta(days=20),
    )
    services.signature_withdraw(actor=actor, signature=moved, reason="Moved away from Northby")

    # Six strategies across five hub processes, three of them sustaining (the parent panel's refresh is overdue).
    owner = {
        "lead": lead,
        "staff": _member(members, "tom.gallagher@example.org", lead),
        "peer": _member(members, "kasia.nowak@example.org", lead),
    }
    strategies = [
        ("Parents sit on every commissioning panel", "commissioning", "in_place", "lead", -300, 430, None),
        ("Families help interview new hub staff", "recruitment", "in_progress", "staff", -60, 300, None),
        ("Co-design sessions before any change to a service", "service_design", "planned", "lead", 30, None, None),
        ("Refresh the parent carer panel every year", "governance", "in_place", "lead", -800, None, (12, -400)),
        ("Families review what the hubs heard every quarter", "evaluation", "in_place", "peer", -200, None, (3, -40)),
        ("Co-production training for new staff and parents", "training", "in_progress", "staff", -150, 580, (12, -100)),
    ]
    descriptions = {
        "commissioning": "A parent or carer from the panel scores every bid, paid for their time.",
        "governance": "Half the panel's places are offered each year, chosen fairly from everyone who applied.",
        "evaluation": "A group of parents reads the quarter's feedback and says what the hubs should do about it.",
    }
    for title, area, status, who, start, end, refresh in strategies:
        cadence, last = refresh if refresh else (None, None)
        services.strategy_save(
            actor=actor,
            organisation=organisation,
            title=title,
            description=descriptions.get(area, ""),
            area=area,
            owner=owner[who],
            status=status,
            start_date=today + dt.timedelta(days=start),
            end_date=today + dt.timedelta(days=end) if end is not None else None,
            is_sustaining=refresh is not None,
            refresh_every_months=cadence,
            last_refreshed_on=today + dt.timedelta(days=last) if last is not None else None,
        )
