"""Believable, obviously fictional demo data: "Northby Family Hubs" with hubs, staff of every role and people.

Names are invented; emails use example.org / example.com (reserved for documentation); phone numbers are
Ofcom's drama numbers (07700 900000–900999); postcodes use the made-up area "NB", which Royal Mail does not use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent, uuid7
from coproduce.organisations.models import Hub, Membership, Organisation, Role
from coproduce.organisations.services import organisation_seed_defaults
from coproduce.people.models import Person

# Printed on purpose: demo data refuses to load unless DJANGO_DEBUG (or DEMO_DATA_ALLOWED) is on.
DEMO_PASSWORD = "northby-demo-password"  # noqa: S105
DEMO_SLUG = "northby-family-hubs"
PLATFORM_ADMIN_EMAIL = "platform.admin@example.org"


@dataclass(frozen=True)
class DemoStaff:
    email: str
    full_name: str
    role: str


DEMO_STAFF = [
    DemoStaff("amara.okafor@example.org", "Amara Okafor", Role.ADMIN),
    DemoStaff("priya.shah@example.org", "Priya Shah", Role.LEAD),
    DemoStaff("tom.gallagher@example.org", "Tom Gallagher", Role.STAFF),
    DemoStaff("bronwen.hughes@example.org", "Bronwen Hughes", Role.PARTNER),
    DemoStaff("kasia.nowak@example.org", "Kasia Nowak", Role.PEER_SUPPORTER),
    DemoStaff("david.mensah@example.org", "David Mensah", Role.SAFEGUARDING_LEAD),
    DemoStaff("helen.fraser@example.org", "Helen Fraser", Role.DATA_PROTECTION_OFFICER),
    DemoStaff("george.whitaker@example.org", "George Whitaker", Role.VIEWER),
]

DEMO_HUBS = [
    ("Northby Central Family Hub", Hub.Kind.HUB, "12 Market Street\nNorthby", "NB1 1AA"),
    ("Eastfield Family Hub", Hub.Kind.HUB, "Eastfield Community Centre\nFoundry Lane\nNorthby", "NB4 6QD"),
    ("Riverside Library Spoke", Hub.Kind.SPOKE, "Riverside Library\nQuay Road\nNorthby", "NB2 3RL"),
    ("Moorland Villages Outreach", Hub.Kind.OUTREACH, "Visits village halls in the Moorland wards", "NB9 8MV"),
    ("Northby Family Hub Online", Hub.Kind.VIRTUAL, "", ""),
]

FIRST_NAMES = [
    "Aisha",
    "Amir",
    "Ben",
    "Chloe",
    "Chidi",
    "Daniel",
    "Darius",
    "Ebony",
    "Emily",
    "Farah",
    "Fatima",
    "Grace",
    "Hamza",
    "Hannah",
    "Imran",
    "Jade",
    "Jakub",
    "Jamal",
    "Joanne",
    "Kayleigh",
    "Kwame",
    "Laura",
    "Leah",
    "Lena",
    "Liam",
    "Maya",
    "Mehmet",
    "Mohammed",
    "Nadia",
    "Niamh",
    "Olu",
    "Oliver",
    "Paige",
    "Precious",
    "Rhys",
    "Rosa",
    "Ruth",
    "Sadia",
    "Sam",
    "Sean",
    "Shauna",
    "Siobhan",
    "Sofia",
    "Tariq",
    "Tendai",
    "Ursula",
    "Wiktoria",
    "Yusuf",
    "Zainab",
    "Zofia",
]
LAST_NAMES = [
    "Ahmed",
    "Ali",
    "Atkinson",
    "Begum",
    "Bell",
    "Brennan",
    "Chowdhury",
    "Clarke",
    "Daley",
    "Evans",
    "Farrell",
    "Gill",
    "Green",
    "Hassan",
    "Hussain",
    "Igwe",
    "Jones",
    "Kaur",
    "Kowalski",
    "Lewandowska",
    "Lynch",
    "Malik",
    "McCarthy",
    "Mensah",
    "Mohamud",
    "Murphy",
    "Nowak",
    "Obi",
    "O'Neill",
    "Patel",
    "Popescu",
    "Rahman",
    "Reid",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thompson",
    "Walsh",
    "Williams",
    "Wilson",
    "Yilmaz",
]
PREFERRED = {
    "Siobhan": ("", "shiv-AWN"),
    "Niamh": ("", "NEEV"),
    "Oliver": ("Olly", ""),
    "Wiktoria": ("Vicky", ""),
    "Olu": ("", "OH-loo"),
    "Tendai": ("", "ten-DYE"),
    "Mohammed": ("Mo", ""),
}
POSTCODE_DISTRICTS = ["NB1", "NB2", "NB3", "NB4", "NB5", "NB6", "NB7", "NB8", "NB9"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _person_fields(rng: random.Random, index: int) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    preferred, say = PREFERRED.get(first, ("", ""))
    contact = rng.random()
    email = f"{first}.{last}.{index}@example.{'org' if index % 2 else 'com'}".lower().replace("'", "")
    return {
        "full_name": f"{first} {last}",
        "preferred_name": preferred,
        "pronunciation": say,
        "email": email if contact < 0.8 else "",
        "phone": f"07700 900{index % 1000:03d}" if contact > 0.3 else "",
        "postcode": (
            f"{rng.choice(POSTCODE_DISTRICTS)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
            if contact > 0.1
            else ""
        ),
    }


def _bulk_people(
    organisation: Organisation, hubs: list[Hub], count: int, *, seed: int, start: int = 0, batch_size: int = 5000
) -> int:
    """Create `count` people with bulk inserts (and their hub links), `batch_size` rows at a time."""
    rng = random.Random(seed)
    Link = Person.hubs.through
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        people = []
        for i in range(start + made, start + made + size):
            fields = _person_fields(rng, i)
            fields["postcode_compact"] = fields["postcode"].replace(" ", "").upper()
            people.append(Person(id=uuid7(), organisation=organisation, **fields))
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=1000)
            links = [
                Link(person_id=p.id, hub_id=hub.id)
                for p in people
                for hub in rng.sample(hubs, k=rng.choice((1, 1, 1, 2)))
            ]
            Link.objects.bulk_create(links, batch_size=2000)
        made += size
    return made


@transaction.atomic
def _make_organisation(name: str, slug: str, hub_rows: list[tuple], staff: list[DemoStaff]) -> Organisation:
    organisation = Organisation.objects.create(name=name, slug=slug)
    organisation_seed_defaults(organisation=organisation)
    for hub_name, kind, address, postcode in hub_rows:
        Hub.objects.create(organisation=organisation, name=hub_name, kind=kind, address=address, postcode=postcode)
    for member in staff:
        user = User.objects.filter(email=member.email).first() or User.objects.create_user(
            member.email, DEMO_PASSWORD, full_name=member.full_name
        )
        Membership.objects.create(organisation=organisation, user=user, role=member.role)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=None,
        organisation=organisation,
        obj=organisation,
        summary="Demo data loaded",
    )
    return organisation


@transaction.atomic
def seed_small(*, people: int = 300) -> tuple[Organisation, bool]:
    """The demo organisation, a second one (to show switching), a platform administrator and some people.
    Returns (organisation, created); does nothing if it is already there."""
    existing = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, False
    northby = _make_organisation("Northby Family Hubs", DEMO_SLUG, DEMO_HUBS, DEMO_STAFF)
    # Priya also advises a neighbouring partnership, so she can switch between two organisations.
    _make_organisation(
        "Southby Family Hubs",
        "southby-family-hubs",
        [("Southby Town Family Hub", Hub.Kind.HUB, "1 Station Approach\nSouthby", "NB7 1SB")],
        [
            DemoStaff("sam.okoro@example.org", "Sam Okoro", Role.ADMIN),
            DemoStaff("priya.shah@example.org", "Priya Shah", Role.VIEWER),
        ],
    )
    if not User.objects.filter(email=PLATFORM_ADMIN_EMAIL).exists():
        User.objects.create_superuser(PLATFORM_ADMIN_EMAIL, DEMO_PASSWORD, full_name="Pat Platform")
    _bulk_people(northby, list(northby.hubs.all()), people, seed=2026)
    from coproduce.commitments.demo import seed_demo_commitments
    from coproduce.consent.demo import seed_demo_consent
    from coproduce.core.demo_projects import seed_demo_projects
    from coproduce.datarights.demo import seed_demo_datarights
    from coproduce.equality.demo import seed_demo_equality
    from coproduce.people.demo import seed_demo_people_details
    from coproduce.safeguarding.demo import seed_demo_safeguarding

    seed_demo_people_details(northby, random.Random(2026))
    from coproduce.insights.demo import seed_demo_postcodes

    seed_demo_postcodes(northby)  # a small fictional postcode → neighbourhood lookup, for deprivation deciles
    seed_demo_projects(northby)
    seed_demo_commitments(northby)
    seed_demo_consent(northby, random.Random(2027))
    seed_demo_equality(northby, random.Random(2028))
    seed_demo_safeguarding(northby)
    seed_demo_datarights(northby)
    seed_demo_engagement(northby)
    from coproduce.insights.demo import seed_demo_insights

    seed_demo_insights(northby, random.Random(2034))
    from coproduce.peers.demo import seed_demo_peers

    seed_demo_peers(northby)  # supporters (Kasia's account among them), services, referrals and support
    from coproduce.communities.demo import seed_demo_communities

    seed_demo_communities(northby)  # after engagement (its meetings are activities) and Southby (a member from there)
    from coproduce.learning.demo import seed_demo_learning

    seed_demo_learning(northby)  # courses, completions (some due soon, one expired), induction, two reflections
    return northby, True


def seed_demo_engagement(northby: Organisation) -> None:
    """Venues, school holidays and activities; invitations and replies; a poll; attendance and payments;
    contributions. Each step reads what the one before made."""
    from coproduce.contributions.demo import seed_demo_contributions
    from coproduce.engagement.demo_activities import seed_demo_activities
    from coproduce.engagement.demo_polls import seed_demo_polls
    from coproduce.engagement.demo_replies import seed_demo_replies
    from coproduce.payments.demo import seed_demo_payments

    seed_demo_activities(northby, rng=random.Random(2029))
    seed_demo_replies(northby, rng=random.Random(2030))
    seed_demo_polls(northby, rng=random.Random(2031))
    seed_demo_payments(northby, rng=random.Random(2032))
    seed_demo_contributions(northby, rng=random.Random(2033))
    seed_demo_closing_the_loop(northby)


def seed_demo_closing_the_loop(northby: Organisation) -> None:
    """Decisions and promises on the evidence of the contributions; then what is published for families, and the
    newsletter."""
    from coproduce.decisions.demo import seed_demo_decisions
    from coproduce.newsletter.demo import seed_demo_newsletter
    from coproduce.publishing.demo import seed_demo_publishing

    seed_demo_decisions(northby)
    seed_demo_publishing(northby)
    seed_demo_newsletter(northby)


def _bulk_projects(organisation: Organisation, count: int, *, seed: int) -> int:
    """`count` more projects, each with the five stages and a few stakeholders, with bulk inserts."""
    from coproduce.analysis.coverage import InvolvementKind, InvolvementMethod
    from coproduce.projects.models import Project, ProjectStakeholder, Stage
    from coproduce.stakeholders.models import StakeholderGroup

    rng = random.Random(seed)
    groups = list(StakeholderGroup.objects.for_organisation(organisation).top_level())
    leads = list(Membership.objects.for_organisation(organisation))
    hubs = list(organisation.hubs.all())
    topics = [
        "infant feeding",
        "SEND information",
        "stay and play",
        "dads' groups",
        "parenting courses",
        "opening hours",
        "perinatal mental health",
        "young carers",
        "early language",
        "housing advice",
    ]
    made = 0
    while made < count:
        size = min(1000, count - made)
        projects = [
            Project(
                id=uuid7(),
                organisation=organisation,
                title=f"{rng.choice(topics).capitalize()} {seed}-{made + i}",
                goal="Families get support that fits their lives.",
                status=rng.choice(Project.Status.values),
                lead=rng.choice([*leads, None]),
            )
            for i in range(size)
        ]
        with transaction.atomic():
            Project.objects.bulk_create(projects)
            Project.hubs.through.objects.bulk_create(
                [Project.hubs.through(project_id=p.id, hub_id=rng.choice(hubs).id) for p in projects]
            )
            Stage.objects.bulk_create(
                [
                    Stage(id=uuid7(), organisation=organisation, project=p, name=name, order=(n + 1) * 10)
                    for p in projects
                    for n, name in enumerate(["Discover", "Define", "Design", "Deliver", "Review"])
                ],
                batch_size=2000,
            )
            ProjectStakeholder.objects.bulk_create(
                [
                    ProjectStakeholder(
                        id=uuid7(),
                        organisation=organisation,
                        project=p,
                        group=group,
                        kind=rng.choice(list(InvolvementKind)).value,
                        method=rng.choice(list(InvolvementMethod)).value,
                    )
                    for p in projects
                    for group in rng.sample(groups, k=rng.randint(1, 5))
                ],
                batch_size=2000,
            )
        made += size
    return made


def seed_large(*, people: int = 100_000, organisations: int = 20, projects: int = 5_000) -> Organisation:
    """Load-test data: the demo organisation with `people` people, and other organisations around it so that
    tenant filtering has real work to do."""
    northby, _created = seed_small()
    have = Person.objects.for_organisation(northby).count()
    if have < people:
        _bulk_people(northby, list(northby.hubs.all()), people - have, seed=have, start=have)
    from coproduce.projects.models import Project

    have_projects = Project.objects.for_organisation(northby).count()
    if have_projects < projects:
        _bulk_projects(northby, projects - have_projects, seed=have_projects)
    for n in range(1, organisations):
        slug = f"load-test-{n:03d}"
        if Organisation.objects.filter(slug=slug).exists():
            continue
        other = _make_organisation(
            f"Load Test Family Hubs {n:03d}",
            slug,
            [(f"Load Test Hub {n:03d}-{h}", Hub.Kind.HUB, "", "") for h in range(1, 6)],
            [DemoStaff(f"admin.{n:03d}@example.com", f"Admin {n:03d}", Role.ADMIN)],
        )
        _bulk_people(other, list(other.hubs.all()), 2_000, seed=n, start=n * 1_000_000)
    return northby
