"""A small fictional postcode lookup for the demo organisations.

The demo's postcodes use the made-up area "NB" (see coproduce/core/demo.py), so no real lookup covers them. Here
each demo postcode is given a real 2011 neighbourhood (LSOA) code of one real local authority, Hartlepool
(E06000001), chosen so that the demo's people spread across all ten IMD deciles. Only `PostcodeLsoa` rows are
written: the deciles are looked up from the reference data when it is loaded (`load_reference_data`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from coproduce.insights.models import PostcodeLsoa
from coproduce.insights.postcodes import BATCH_SIZE, postcode_normalise
from coproduce.organisations.models import Hub, Organisation
from coproduce.people.models import Person

DEMO_LOCAL_AUTHORITY = "E06000001"  # Hartlepool
# One Hartlepool neighbourhood for each IMD 2019 decile (1 = most deprived 10% in England, 10 = least deprived).
DEMO_LSOA_BY_DECILE = {
    1: "E01011950",
    2: "E01011954",
    3: "E01011966",
    4: "E01011990",
    5: "E01011967",
    6: "E01011984",
    7: "E01011959",
    8: "E01011960",
    9: "E01011971",
    10: "E01012005",
}


def demo_lsoa_for_postcode(postcode: str) -> str | None:
    """The demo neighbourhood of a postcode: the same postcode always gets the same one. The decile comes from the
    district and sector digits and the unit letters, with the more deprived deciles a little more common, as in
    many family hub areas."""
    normal = postcode_normalise(postcode)
    if normal is None:
        return None
    outward, inward = normal.split(" ")
    district = int("".join(ch for ch in outward if ch.isdigit()) or 0)
    sector = int(inward[0])
    # Letters of the unit spread neighbouring postcodes over nearby deciles.
    spread = (ord(inward[1]) + ord(inward[2])) % 3
    decile = (district + sector + spread) % 12  # 0..11: 0, 1 and 2 fold onto the most deprived deciles
    decile = min(max(decile, 1), 10)
    return DEMO_LSOA_BY_DECILE[decile]


def seed_demo_postcodes(organisation: Organisation, postcodes: Iterable[str] | None = None) -> int:
    """Replace the organisation's lookup with a demo one covering `postcodes`, or by default every postcode of
    its people and hubs (call it after they are created). Returns how many postcodes were written."""
    if postcodes is None:
        postcodes = [
            *Person.objects.filter(organisation=organisation).values_list("postcode", flat=True),
            *Hub.objects.filter(organisation=organisation).values_list("postcode", flat=True),
        ]
    rows: dict[str, str] = {}
    for postcode in postcodes:
        normal = postcode_normalise(postcode)
        lsoa = demo_lsoa_for_postcode(postcode) if normal else None
        if normal and lsoa:
            rows[normal] = lsoa
    objects = [PostcodeLsoa(organisation=organisation, postcode=pc, lsoa11_code=code) for pc, code in rows.items()]
    with transaction.atomic():
        PostcodeLsoa.objects.filter(organisation=organisation).delete()
        PostcodeLsoa.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    return len(objects)


DEMO_AREA = "E08000004"  # Oldham: a real local authority whose Census mix is like the demo's invented people
HISTORY_ACTIVITIES = 36
# Invented figures, as if from the organisation's Joint Strategic Needs Assessment: for the demo only.
DEMO_BENCHMARKS = {
    "child_age": [("expecting", 4), ("0-1", 18), ("2-4", 22), ("5-10", 30), ("11-15", 20), ("16-25", 6)],
    "lone_parent": [("yes", 25), ("no", 75)],
    "send_in_family": [("yes", 18), ("no", 82)],
}
HISTORY_KINDS = ["co_design", "workshop", "focus_group", "panel_meeting", "questionnaire", "co_design", "drop_in"]


def _weight(person: Person, answers: dict[str, str], deciles: dict[str, int]) -> float:
    """How likely the demo makes someone to come: families in the most deprived areas, men, and Pakistani and
    Bangladeshi families come less often, as the brief warns happens when barriers are not removed."""
    weight = 1.0
    decile = deciles.get(person.postcode)
    if decile is not None and decile <= 2:
        weight *= 0.3
    if answers.get("sex") == "male":
        weight *= 0.4
    if answers.get("ethnic_group") in ("asian_pakistani", "asian_bangladeshi"):
        weight *= 0.35
    return weight


def seed_demo_insights(organisation: Organisation, rng, today=None) -> int:
    """The demo's insights: its area (Oldham's Census figures, if the reference data is loaded), its own figures
    for ages of children, lone parents and SEND, and 15 months of past activities that people came to, with the
    involvement records written from them. Returns how many involvements there are."""
    import datetime as dt

    from django.utils import timezone

    from coproduce.engagement.models import Activity, Attendance, Invitation, JoinWay, Reply, Venue
    from coproduce.equality.models import EqualityProfile
    from coproduce.insights.involvement import involvements_rebuild
    from coproduce.insights.models import Benchmark, BenchmarkValue, LocalAuthority, LsoaDeprivation, OrganisationArea
    from coproduce.projects.models import Project

    today = today or timezone.localdate()
    area = LocalAuthority.objects.filter(code=DEMO_AREA).first()
    if area is not None:
        OrganisationArea.objects.get_or_create(organisation=organisation, local_authority=area)
    for characteristic, rows in DEMO_BENCHMARKS.items():
        benchmark, _created = Benchmark.objects.update_or_create(
            organisation=organisation,
            characteristic=characteristic,
            defaults={"source": "Northby Joint Strategic Needs Assessment 2025 (invented figures for the demo)"},
        )
        BenchmarkValue.objects.filter(benchmark=benchmark).delete()
        BenchmarkValue.objects.bulk_create(
            BenchmarkValue(organisation=organisation, benchmark=benchmark, category=category, count=count)
            for category, count in rows
        )

    projects = list(Project.objects.for_organisation(organisation).prefetch_related("stages").order_by("created_at"))
    venues = list(Venue.objects.for_organisation(organisation).filter(hub__isnull=False).order_by("name"))
    people = list(Person.objects.for_organisation(organisation).filter(erased_at__isnull=True).order_by("created_at"))
    if not projects or not people:
        return 0
    answers = {
        profile.person_id: profile.answers() for profile in EqualityProfile.objects.for_organisation(organisation)
    }
    lsoa_decile = dict(LsoaDeprivation.objects.values_list("lsoa11_code", "imd_decile"))
    deciles = {
        postcode: lsoa_decile[code]
        for postcode, code in PostcodeLsoa.objects.for_organisation(organisation).values_list("postcode", "lsoa11_code")
        if code in lsoa_decile
    }
    weights = [_weight(person, answers.get(person.pk, {}), deciles) for person in people]
    ways = [JoinWay.IN_PERSON] * 6 + [JoinWay.ONLINE] * 2 + [JoinWay.PHONE, JoinWay.ASYNC]
    invitations, lines = [], []
    for index in range(HISTORY_ACTIVITIES):
        project = projects[index % len(projects)]
        stages = list(project.stages.all())
        stage = stages[index % len(stages)] if stages else None
        kind = HISTORY_KINDS[index % len(HISTORY_KINDS)]
        day = today - dt.timedelta(days=450 - index * 12 - rng.randint(0, 5))
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        venue = venues[index % len(venues)] if venues else None
        activity = Activity.objects.create(
            organisation=organisation,
            project=project,
            stage=stage,
            title=f"{dict(HISTORY_KINDS_LABELS)[kind]} – {project.title}"[:200],
            kind=kind,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            join_in_person=True,
            join_online=True,
            venue=venue,
        )
        invited = set()
        for _attempt in range(rng.randint(14, 26)):
            invited.add(rng.randrange(len(people)))
        chosen = set()
        for _attempt in range(rng.randint(8, 18)):
            chosen.add(rng.choices(range(len(people)), weights=weights)[0])
        for position in invited | chosen:
            person = people[position]
            came = position in chosen
            invitation = Invitation(
                organisation=organisation,
                activity=activity,
                person=person,
                reply=Reply.YES if came else rng.choice([Reply.NO, Reply.INVITED]),
                joining=rng.choice(ways) if came else "",
            )
            invitations.append(invitation)
            if came:
                needs = {}
                if rng.random() < 0.2:
                    needs = {"childcare": rng.random() < 0.8}
                if rng.random() < 0.08:
                    needs["interpreter"] = rng.random() < 0.6
                lines.append(
                    Attendance(
                        organisation=organisation,
                        activity=activity,
                        person=person,
                        invitation=invitation,
                        attended=True,
                        hours=2,
                        needs_provided=needs,
                    )
                )
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    Attendance.objects.bulk_create(lines, batch_size=1000)
    return involvements_rebuild(organisation)


HISTORY_KINDS_LABELS = [
    ("co_design", "Co-design session"),
    ("workshop", "Workshop"),
    ("focus_group", "Focus group"),
    ("panel_meeting", "Panel meeting"),
    ("questionnaire", "Questionnaire"),
    ("drop_in", "Drop-in"),
]
