"""Demo projects for Northby, in every state, so that the demo shows each warning the project page can give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coproduce.analysis.coverage import InvolvementKind, InvolvementMethod
from coproduce.analysis.participation import FamilyInvolvement
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import Person
from coproduce.projects.models import JourneyArea, Project, ProjectStakeholder, ProjectStatusChange, Stage
from coproduce.stakeholders.models import Partner, StakeholderGroup

PARTNERS = [
    ("Northby Parent Carer Forum", Partner.Kind.PARENT_CARER_FORUM, "parent_carer_forums", "Joanne Reid"),
    ("Home-Start Northby", Partner.Kind.CHARITY, "charities", "Ruth Evans"),
    ("Al-Noor Community Centre", Partner.Kind.FAITH_COMMUNITY, "faith_community", "Imran Malik"),
    ("St Mary's Primary School", Partner.Kind.EDUCATION, "education", "Helen Clarke"),
    ("Northby Health Visiting Service", Partner.Kind.HEALTH, "practitioners", "Grace Obi"),
    ("Northby Young Carers", Partner.Kind.CHARITY, "charities", "Sean Lynch"),
    ("Northby Children's Partnership", Partner.Kind.STRATEGIC, "strategic_bodies", "Director of Children's Services"),
]

TODAY = dt.date(2026, 11, 1)

L, R = InvolvementKind.LIVED_EXPERIENCE, InvolvementKind.REPRESENTATIVE
CO, Q = InvolvementMethod.CO_PRODUCTION, InvolvementMethod.QUESTIONNAIRE
TAKING_PART, DATA, PRESENT, NONE, INFORMED = (
    FamilyInvolvement.TAKING_PART,
    FamilyInvolvement.DATA_COLLECTION,
    FamilyInvolvement.PRESENT_ONLY,
    FamilyInvolvement.NONE,
    FamilyInvolvement.INFORMED_ONLY,
)

# title, status, lead email or None, goal, in, out, (start offset days, end offset or None=ongoing), budget, areas,
# stakeholders [(group key, partner name or "person", kind, method)], stages [(target, achieved, involvement)]
PROJECTS = [
    (
        "Redesign the 0–2 infant feeding offer",
        Project.Status.ACTIVE,
        "priya.shah@example.org",
        "Parents of babies get feeding support that fits their day, in their language, without waiting weeks.",
        "Breastfeeding and bottle-feeding support from pregnancy to age 2 across the hubs and health visiting.",
        "Hospital maternity wards (a separate NHS review covers them).",
        (-120, 240),
        (Decimal("48000"), Decimal("6500")),
        ["Maternity", "Health visiting"],
        [
            ("families", "person", L, CO),
            ("families", "person", L, CO),
            ("parent_carer_forums", "Northby Parent Carer Forum", R, CO),
            ("practitioners", "Northby Health Visiting Service", R, CO),
            ("faith_community", "Al-Noor Community Centre", R, Q),
        ],
        [(3, 3, TAKING_PART), (4, 2, TAKING_PART), (3, None, DATA), (None, None, NONE), (None, None, NONE)],
    ),
    (
        "SEND local offer refresh",
        Project.Status.DRAFT,
        None,
        "Families of children with special educational needs and disabilities can find and understand the "
        "support on offer.",
        "The local offer website and printed guide; how families are told about changes.",
        "",
        (30, None),
        (None, None),
        ["Special educational needs and disabilities (SEND)", "Schools"],
        [("parent_carer_forums", "Northby Parent Carer Forum", R, CO)],
        [(3, None, NONE), (4, None, NONE), (5, None, NONE), (None, None, NONE), (None, None, NONE)],
    ),
    (
        "Dads' voices in early years",
        Project.Status.PAUSED,
        "tom.gallagher@example.org",
        "Dads and male carers feel the hubs are for them too, and use them.",
        "Stay-and-play sessions, hub leaflets and the hub website.",
        "Antenatal classes.",
        (-200, 60),
        (Decimal("12000"), Decimal("2000")),
        ["Early years and childcare"],
        [("families", "person", L, Q), ("charities", "Home-Start Northby", R, CO)],
        [(2, 2, DATA), (3, 4, PRESENT), (None, None, NONE), (None, None, NONE), (None, None, NONE)],
    ),
    (
        "Family hub opening hours",
        Project.Status.CLOSED,
        "priya.shah@example.org",
        "Hubs are open when working parents and carers can come.",
        "Opening hours of the three main hubs.",
        "Staff contracts.",
        (-400, -60),
        (Decimal("3000"), Decimal("900")),
        ["Early years and childcare", "Money and work"],
        [
            ("families", "person", L, CO),
            ("families", "person", L, CO),
            ("practitioners", "Northby Health Visiting Service", R, CO),
            ("education", "St Mary's Primary School", R, CO),
        ],
        [(2, 2, TAKING_PART), (3, 3, TAKING_PART), (4, 4, TAKING_PART), (3, 3, TAKING_PART), (2, 2, INFORMED)],
    ),
]


def seed_demo_projects(organisation: Organisation) -> None:
    groups = {g.key: g for g in StakeholderGroup.objects.for_organisation(organisation).exclude(key="")}
    partners = {}
    for name, kind, group_key, contact in PARTNERS:
        partners[name] = Partner.objects.create(
            organisation=organisation,
            name=name,
            kind=kind,
            stakeholder_group=groups[group_key],
            contact_name=contact,
            contact_email=f"{contact.split()[0].lower()}@example.org",
        )
    StakeholderGroup.objects.create(
        organisation=organisation,
        parent=groups["families"],
        name="Dads and male carers",
        order=groups["families"].order,
    )
    areas = {a.name: a for a in JourneyArea.objects.for_organisation(organisation)}
    members = {m.user.email: m for m in Membership.objects.for_organisation(organisation).select_related("user")}
    people = iter(Person.objects.for_organisation(organisation).order_by("full_name")[:20])
    hubs = list(organisation.hubs.all())
    for index, (
        title,
        status,
        lead,
        goal,
        scope_in,
        scope_out,
        (start, end),
        (total, involvement),
        area_names,
        involvements,
        stages,
    ) in enumerate(PROJECTS):
        project = Project.objects.create(
            organisation=organisation,
            title=title,
            status=status,
            lead=members.get(lead) if lead else None,
            goal=goal,
            scope_in=scope_in,
            scope_out=scope_out,
            start_date=TODAY + dt.timedelta(days=start),
            end_date=TODAY + dt.timedelta(days=end) if end is not None else None,
            is_ongoing=end is None,
            review_date=TODAY + dt.timedelta(days=90),
            budget_total=total,
            budget_involvement=involvement,
            senior_sponsor="Director of Children's Services",
            what_changed=(
                "Two hubs now open until 7pm on Thursdays and on Saturday mornings, as families asked."
                if status == Project.Status.CLOSED
                else ""
            ),
        )
        project.hubs.set(hubs[index % len(hubs) : index % len(hubs) + 2])
        project.journey_areas.set([areas[name] for name in area_names])
        for group_key, through, kind, method in involvements:
            ProjectStakeholder.objects.create(
                organisation=organisation,
                project=project,
                group=groups[group_key],
                kind=kind,
                method=method,
                partner=partners.get(through),
                person=next(people) if through == "person" else None,
            )
        for order, (name, (target, achieved, family)) in enumerate(
            zip(["Discover", "Define", "Design", "Deliver", "Review"], stages, strict=True), start=1
        ):
            Stage.objects.create(
                organisation=organisation,
                project=project,
                name=name,
                order=order * 10,
                target_degree=target,
                achieved_degree=achieved,
                family_involvement=family,
            )
        if status != Project.Status.DRAFT:
            ProjectStatusChange.objects.create(
                organisation=organisation,
                project=project,
                from_status="draft",
                to_status="active",
                reason="Charter agreed with the sponsor",
                changed_by=members[lead].user,
            )
