"""Demo peer support for Northby (fictional): eight peer supporters with different lived experience, languages,
hubs, ways and times, their checks and supervision (one DBS check expired, one supervision overdue, one DBS check
expiring in 10 days, so the reminders and the "cannot be matched" reasons show); a directory of eight invented local
services; four referrals waiting for a match (one a self-referral from the public form); three families supported
now (one by Kasia Nowak, whose demo account is a peer supporter's) and one whose support has closed, with outcomes
in their words and their wellbeing before and after.

Call `seed_demo_peers(organisation)` after the organisation and its staff exist. Dates are relative to today, so
the checks stay expired, overdue or expiring whenever the demo is loaded; nothing is random, so the same call gives
the same data. Running it again on an organisation that has peer supporters does nothing. Contact details are
invented: example.org addresses, Ofcom's drama numbers (01632 960xxx and 07700 900xxx) and the made-up "NB"
postcode area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.organisations.models import Hub, Organisation
from coproduce.peers.models import (
    GoalStatus,
    Navigation,
    NavigationOutcome,
    PeerSupporter,
    Referral,
    ReferralSource,
    ReferralStatus,
    ServiceDirectoryEntry,
    SessionKind,
    Supervision,
    SupportEpisode,
    SupporterCheck,
    SupporterStatus,
    SupportGoal,
    SupportSession,
    WellbeingMoment,
    WellbeingScore,
)
from coproduce.people.models import Person

CENTRAL = "Northby Central Family Hub"
EASTFIELD = "Eastfield Family Hub"
RIVERSIDE = "Riverside Library Spoke"
MOORLAND = "Moorland Villages Outreach"
ONLINE = "Northby Family Hub Online"
COORDINATOR = "tom.gallagher@example.org"
LEAD = "priya.shah@example.org"
KASIA = "kasia.nowak@example.org"


@dataclass(frozen=True)
class DemoSupporter:
    full_name: str
    email: str
    phone: str
    experiences: list[str]
    experience_notes: str
    languages: list[str]
    communities: str
    hubs: list[str]
    areas: list[str]
    ways: list[str]
    available: list[str]
    capacity: int = 2
    travels: bool = False
    co_delivers_training: bool = False
    status: str = SupporterStatus.ACTIVE
    coordinator: str = COORDINATOR
    # Days from today: when the DBS check expires, and when the next supervision is due.
    dbs_expires_in: int = 700
    supervision_due_in: int = 35
    started_days_ago: int = 400


SUPPORTERS = [
    DemoSupporter(
        "Kasia Nowak",
        KASIA,
        "07700 900201",
        ["new_to_country", "child_mental_health"],
        "Moved to Northby from Gdańsk in 2015 with a baby and no English; later supported her daughter through "
        "anxiety at primary school.",
        ["Polish", "English"],
        "Polish community; St Anne's toddler group",
        [CENTRAL],
        ["NB1", "NB2"],
        ["face_to_face", "phone", "text"],
        ["mon_am", "wed_am", "thu_pm", "evening"],
        capacity=3,
        co_delivers_training=True,
    ),
    DemoSupporter(
        "Imran Qureshi",
        "imran.qureshi@example.org",
        "07700 900202",
        ["dad", "new_to_country"],
        "A dad of three who came to the UK as a student; runs the Saturday dads' football at Eastfield.",
        ["Urdu", "Punjabi", "English"],
        "Dads' groups; Eastfield mosque",
        [EASTFIELD],
        ["NB4", "NB5"],
        ["face_to_face", "group", "phone"],
        ["weekend", "evening"],
        co_delivers_training=True,
        dbs_expires_in=-12,  # expired: he cannot be matched until it is renewed
    ),
    DemoSupporter(
        "Joanne Pritchard",
        "joanne.pritchard@example.org",
        "07700 900203",
        ["send"],
        "Mum of an autistic son; knows the education, health and care plan process and the local SEND offer.",
        ["English"],
        "Northby Parent Carer Forum",
        [RIVERSIDE, ONLINE],
        ["NB2", "NB3"],
        ["video", "email", "phone"],
        ["tue_pm", "thu_am", "fri_am"],
        supervision_due_in=-9,  # overdue
    ),
    DemoSupporter(
        "Layla Haddad",
        "layla.haddad@example.org",
        "07700 900204",
        ["new_to_country"],
        "Arrived from Syria with two small children; volunteers with the ESOL classes at Eastfield.",
        ["Arabic", "English"],
        "Arabic-speaking families",
        [EASTFIELD],
        ["NB4"],
        ["face_to_face", "text", "social_media"],
        ["mon_pm", "wed_pm"],
        dbs_expires_in=10,  # expiring soon: her coordinator is reminded
    ),
    DemoSupporter(
        "Gareth Bellamy",
        "gareth.bellamy@example.org",
        "07700 900205",
        ["dad", "bereavement"],
        "Brought up his two girls after their mum died; farms near Moorcross.",
        ["English", "Welsh"],
        "Moorland villages; young farmers",
        [MOORLAND],
        ["NB9"],
        ["face_to_face", "phone"],
        ["evening", "weekend"],
        travels=True,
    ),
    DemoSupporter(
        "Bernadette O'Leary",
        "bernadette.oleary@example.org",
        "07700 900206",
        ["bereavement"],
        "Lost a baby at 20 weeks; trained with a baby loss charity to support other parents.",
        ["English"],
        "Baby loss support group",
        [ONLINE],
        [],
        ["video", "phone", "email"],
        ["tue_am", "tue_pm", "evening"],
        coordinator=LEAD,
    ),
    DemoSupporter(
        "Chidi Okonkwo",
        "chidi.okonkwo@example.org",
        "07700 900207",
        ["adoption", "dad"],
        "Adopted two brothers with his wife in 2019.",
        ["English", "Igbo"],
        "Adoptive families",
        [CENTRAL, RIVERSIDE],
        ["NB1", "NB3"],
        ["face_to_face", "social_media", "video"],
        ["weekend", "evening"],
    ),
    DemoSupporter(
        "Megan Frost",
        "megan.frost@example.org",
        "07700 900208",
        ["domestic_abuse", "child_mental_health"],
        "Left an abusive relationship with her two children; now studying to be a family support worker.",
        ["English"],
        "Women's refuge alumnae",
        [CENTRAL],
        ["NB1"],
        ["phone", "text"],
        ["mon_am", "fri_pm"],
        status=SupporterStatus.PAUSED,  # taking a break while she finishes her course
        capacity=1,
    ),
]

# name, what it offers, who for, how to get there, phone, email, website
SERVICES = [
    (
        "Northby Community Food Bank",
        "Food parcels for three days, toiletries and nappies, and a warm place with a cup of tea. A referral voucher "
        "from any family hub is enough.",
        "Anyone in Northby who cannot afford food",
        "St Mark's Church hall, Canal Street, NB1. Buses 4 and 12 stop outside. Step-free entrance at the side.",
        "01632 960101",
        "foodbank@example.org",
        "https://example.org/northby-food-bank",
    ),
    (
        "Northby SENDIAS (SEND Information, Advice and Support Service)",
        "Free, impartial advice about special educational needs and disabilities (SEND): support at school, "
        "education, health and care plans, and appeals.",
        "Parents and carers of children and young people aged 0 to 25 with SEND, and young people themselves",
        "By phone or video call; face to face at Riverside Library on the first Tuesday of each month.",
        "01632 960102",
        "sendias@example.org",
        "https://example.org/northby-sendias",
    ),
    (
        "Little Steps Baby Bank",
        "Clean, safe baby clothes, cots, prams, car seats and sterilisers, free.",
        "Families expecting a baby or with children under 5, referred by a professional or peer supporter",
        "Unit 3, Foundry Lane, NB4 (next to Eastfield Family Hub). Collection by appointment on Wednesdays.",
        "01632 960103",
        "babybank@example.org",
        "https://example.org/little-steps",
    ),
    (
        "ESOL classes at Northby Adult Learning",
        "ESOL (English for speakers of other languages) classes from beginner to level 2, with a free crèche at "
        "the morning classes.",
        "Adults whose first language is not English",
        "Northby Adult Learning Centre, 40 High Street, NB1, and a Tuesday class at Eastfield Family Hub.",
        "01632 960104",
        "esol@example.org",
        "https://example.org/northby-esol",
    ),
    (
        "Northby Money Advice",
        "Free, confidential debt advice: help with priority bills, benefits checks and talking to creditors.",
        "Anyone living in Northby",
        "Drop-in at Northby Central Family Hub on Thursday mornings, or book a phone appointment.",
        "01632 960105",
        "moneyadvice@example.org",
        "https://example.org/northby-money-advice",
    ),
    (
        "Bloom perinatal mental health group",
        "A weekly group for parents who are struggling with their mood in pregnancy or after birth, run with the "
        "perinatal mental health team. Babies welcome.",
        "Parents who are pregnant or have a baby under 1",
        "Riverside Library community room, Quay Road, NB2, Fridays 10:00 to 11:30. Lift to the first floor.",
        "01632 960106",
        "bloom@example.org",
        "",
    ),
    (
        "Northby Dads' Club",
        "Saturday morning play sessions for dads, step-dads, granddads and male carers with their children, and "
        "a monthly football kickabout.",
        "Dads and male carers of children under 11",
        "Eastfield Family Hub, Saturdays 9:30 to 11:30. Free parking behind the community centre.",
        "01632 960107",
        "dadsclub@example.org",
        "",
    ),
    (
        "Northby Housing Advice",
        "Advice on renting, repairs, eviction and homelessness; help to apply for social housing.",
        "Anyone with a housing problem in Northby",
        "Phone first; appointments at the Civic Centre, Market Street, NB1.",
        "01632 960108",
        "housing@example.org",
        "https://example.org/northby-housing",
    ),
]


@dataclass(frozen=True)
class DemoFamily:
    full_name: str
    email: str
    phone: str
    postcode: str
    hub: str | None
    source: str
    referred_by: str | None
    help_with: str
    wanted: list[str]
    languages: list[str]
    ways: list[str]
    available: list[str]
    preferences: str = ""
    online_only: bool = False
    referrer_organisation: str = ""


WAITING = [
    DemoFamily(
        "Agnieszka Wójcik",
        "",
        "07700 900511",
        "NB1 4TR",
        None,
        ReferralSource.SELF,
        None,
        "We came to Northby in the summer and I don't know anyone yet. My son starts nursery in January and I "
        "worry about talking to the teachers.",
        ["new_to_country"],
        ["Polish"],
        ["phone", "face_to_face"],
        ["mon_am", "wed_am"],
        preferences="Someone who speaks Polish, if possible",
    ),
    DemoFamily(
        "Liam Doherty",
        "liam.doherty@example.com",
        "07700 900512",
        "NB4 7HQ",
        EASTFIELD,
        ReferralSource.STAFF,
        COORDINATOR,
        "First-time dad, baby is 3 months old. Feels left out at the baby groups and isn't sleeping.",
        ["dad"],
        [],
        ["face_to_face", "group"],
        ["weekend", "evening"],
        preferences="Another dad",
    ),
    DemoFamily(
        "Sophie Marsh",
        "sophie.marsh@example.com",
        "07700 900513",
        "NB3 2LP",
        None,
        ReferralSource.PARTNER,
        "bronwen.hughes@example.org",
        "Her daughter (6) is waiting for an autism assessment and school has asked for an education, health and "
        "care plan. Sophie works shifts and would like to talk online.",
        ["send"],
        [],
        ["video", "email"],
        ["tue_pm", "fri_am"],
        online_only=True,
        referrer_organisation="Northby Parent Carer Forum",
    ),
    DemoFamily(
        "Nadia Rashid",
        "nadia.rashid@example.com",
        "07700 900514",
        "NB5 1DF",
        EASTFIELD,
        ReferralSource.STAFF,
        LEAD,
        "Joined her husband in Northby last year with two children under 4; would like help finding English "
        "classes and a nursery place.",
        ["new_to_country"],
        ["Urdu"],
        ["face_to_face", "phone"],
        ["mon_pm", "wed_pm"],
        preferences="Someone who speaks Urdu",
    ),
]


@dataclass(frozen=True)
class DemoSupport:
    family: DemoFamily
    supporter: str
    started_days_ago: int
    score: float
    explanation: str
    strengths: str
    needs: str
    goals: list[tuple[str, str]]
    # days ago, kind, way, minutes, notes
    sessions: list[tuple[int, str, str, int, str]]
    # service name, outcome, note
    navigations: list[tuple[str, str, str]]
    start_wellbeing: tuple[int, int, int, int]
    closed_days_ago: int | None = None
    outcomes: str = ""
    close_wellbeing: tuple[int, int, int, int] | None = None


SUPPORT = [
    DemoSupport(
        DemoFamily(
            "Marta Zielińska",
            "marta.zielinska@example.com",
            "07700 900521",
            "NB1 6PW",
            CENTRAL,
            ReferralSource.STAFF,
            COORDINATOR,
            "New to Northby with a 2-year-old; lonely and finding it hard to get to appointments in English.",
            ["new_to_country"],
            ["Polish"],
            ["face_to_face", "text"],
            ["mon_am", "wed_am"],
        ),
        "Kasia Nowak",
        35,
        0.95,
        "Has been new to the country herself. Speaks Polish, as they asked. Lives in their area. Offers face to face "
        "and text message support. Is free on Monday and Wednesday mornings.",
        "Marta is a confident cook and has made friends with a neighbour. Her daughter loves books.",
        "Someone to go with her to the first nursery visit; English classes with a crèche.",
        [
            ("Go to stay and play at the hub every week", GoalStatus.ACHIEVED),
            ("Start English classes before Easter", GoalStatus.WORKING_ON),
        ],
        [
            (28, SessionKind.ONE_TO_ONE, "face_to_face", 60, "Met at the hub café. Talked about what Marta wants."),
            (21, SessionKind.GROUP, "group", 90, "Came to stay and play together; Marta stayed for the song time."),
            (7, SessionKind.DIGITAL, "text", 10, "Reminded Marta about the ESOL open day on Tuesday."),
        ],
        [
            ("ESOL classes at Northby Adult Learning", NavigationOutcome.PLANNED, "Open day next Tuesday"),
            ("Little Steps Baby Bank", NavigationOutcome.REACHED, "Got a winter coat and a buggy"),
        ],
        (4, 6, 5, 7),
    ),
    DemoSupport(
        DemoFamily(
            "Ryan Walsh",
            "ryan.walsh@example.com",
            "07700 900522",
            "NB9 3AB",
            MOORLAND,
            ReferralSource.STAFF,
            COORDINATOR,
            "Single dad since his partner died in the spring; two boys aged 4 and 7.",
            ["dad", "bereavement"],
            [],
            ["face_to_face", "phone"],
            ["evening"],
            preferences="Another dad who understands",
        ),
        "Gareth Bellamy",
        20,
        0.9,
        "Is a dad and knows bereavement, as they asked. Lives in their area. Offers face to face and phone support. "
        "Is free in the evenings.",
        "Ryan has kept the boys' routines going and has a supportive mum nearby.",
        "Time for himself; help with money since he dropped to part-time work.",
        [("Get a benefits check", GoalStatus.WORKING_ON), ("Try the Saturday dads' club", GoalStatus.WORKING_ON)],
        [
            (14, SessionKind.ONE_TO_ONE, "face_to_face", 75, "Walk and talk round the reservoir."),
            (5, SessionKind.DIGITAL, "phone", 20, "Ryan had a hard week; talked it through."),
        ],
        [("Northby Money Advice", NavigationOutcome.PLANNED, "Phone appointment booked")],
        (3, 5, 3, 8),
    ),
    DemoSupport(
        DemoFamily(
            "Hannah Price",
            "hannah.price@example.com",
            "07700 900523",
            "NB2 8JS",
            None,
            ReferralSource.PARTNER,
            "bronwen.hughes@example.org",
            "Her baby was stillborn in August; her health visitor thought talking to another parent might help.",
            ["bereavement"],
            [],
            ["video", "phone"],
            ["tue_am", "evening"],
            online_only=True,
        ),
        "Bernadette O'Leary",
        12,
        0.88,
        "Knows bereavement, as they asked. Offers video call and phone support. Is free on Tuesday mornings and in "
        "the evenings.",
        "Hannah and her partner talk to each other a lot; she keeps a journal.",
        "To feel less alone; to know where to go on bad days.",
        [("Find a group where people understand", GoalStatus.WORKING_ON)],
        [(6, SessionKind.DIGITAL, "video", 50, "First call. Hannah talked about her daughter, Rose.")],
        [("Bloom perinatal mental health group", NavigationOutcome.PLANNED, "Will try the Friday group")],
        (2, 4, 3, 8),
    ),
    DemoSupport(
        DemoFamily(
            "Tasha Green",
            "tasha.green@example.com",
            "07700 900524",
            "NB3 5RE",
            RIVERSIDE,
            ReferralSource.SELF,
            None,
            "My son (8) has ADHD and keeps being sent home from school. I don't know my rights.",
            ["send"],
            [],
            ["video", "phone"],
            ["thu_am"],
        ),
        "Joanne Pritchard",
        130,
        0.85,
        "Knows SEND (special educational needs and disabilities), as they asked. Offers video call and phone "
        "support. Is free on Thursday mornings.",
        "Tasha knows her son well and keeps notes of every meeting.",
        "To understand the school's duties; support at meetings.",
        [
            ("Ask the school for a meeting with the SENCo", GoalStatus.ACHIEVED),
            ("Get advice about an education, health and care plan", GoalStatus.ACHIEVED),
        ],
        [
            (120, SessionKind.DIGITAL, "video", 45, "Went through what the school must do."),
            (100, SessionKind.ONE_TO_ONE, "phone", 30, "Practised what to say at the meeting."),
            (60, SessionKind.DIGITAL, "video", 40, "Talked about how the meeting went: a plan is in place."),
        ],
        [("Northby SENDIAS (SEND Information, Advice and Support Service)", NavigationOutcome.REACHED, "")],
        (3, 5, 4, 9),
        closed_days_ago=21,
        outcomes="I'm not scared of the school meetings any more. He has a plan and hasn't been sent home since "
        "half term. Joanne was there when I needed someone.",
        close_wellbeing=(7, 8, 7, 4),
    ),
]


def _days(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def _person(organisation: Organisation, full_name: str, email: str, phone: str, postcode: str = "") -> Person:
    return Person.objects.create(
        organisation=organisation, full_name=full_name, email=email, phone=phone, postcode=postcode
    )


def _make_supporter(organisation, spec: DemoSupporter, hubs, users, today) -> PeerSupporter:
    person = Person.objects.for_organisation(organisation).filter(email=spec.email).first() or _person(
        organisation, spec.full_name, spec.email, spec.phone
    )
    supporter = PeerSupporter.objects.create(
        organisation=organisation,
        person=person,
        user=users.get(spec.email),
        coordinator=users.get(spec.coordinator),
        status=spec.status,
        experiences=spec.experiences,
        experience_notes=spec.experience_notes,
        communities=spec.communities,
        languages=spec.languages,
        areas=spec.areas,
        travels=spec.travels,
        ways=spec.ways,
        available=spec.available,
        capacity=spec.capacity,
        co_delivers_training=spec.co_delivers_training,
        started_on=_days(today, -spec.started_days_ago),
    )
    supporter.hubs.set([hubs[name] for name in spec.hubs])
    dbs_issued = _days(today, spec.dbs_expires_in - 3 * 365)
    for kind, issued, expires, reference in (
        (SupporterCheck.Kind.DBS, dbs_issued, _days(today, spec.dbs_expires_in), f"0012{spec.phone[-6:]}"),
        (SupporterCheck.Kind.SAFEGUARDING_TRAINING, _days(today, -200), _days(today, 530), "Level 2, Northby"),
        (SupporterCheck.Kind.PEER_TRAINING, _days(today, -spec.started_days_ago), _days(today, 900), "Induction"),
    ):
        SupporterCheck.objects.create(
            organisation=organisation,
            supporter=supporter,
            kind=kind,
            issued_on=issued,
            expires_on=expires,
            update_service=kind == SupporterCheck.Kind.DBS,
            reference=reference,
            recorded_by=users.get(spec.coordinator),
        )
    due = _days(today, spec.supervision_due_in)
    Supervision.objects.create(
        organisation=organisation,
        supporter=supporter,
        held_on=due - dt.timedelta(days=56),
        next_due_on=due,
        supervisor=users.get(LEAD),
        notes="Talked about boundaries and looking after themselves; no concerns.",
    )
    return supporter


def _referral(organisation, family: DemoFamily, hubs, users, *, person, created, status) -> Referral:
    referral = Referral.objects.create(
        organisation=organisation,
        person=person,
        source=family.source,
        referred_by=users.get(family.referred_by) if family.referred_by else None,
        referrer_name=users[family.referred_by].full_name if family.referred_by in users else "",
        referrer_organisation=family.referrer_organisation,
        contact_name="" if person else family.full_name,
        contact_email="" if person else family.email,
        contact_phone="" if person else family.phone,
        postcode=family.postcode,
        hub=hubs.get(family.hub) if family.hub else None,
        help_with=family.help_with,
        wanted_experiences=family.wanted,
        languages=family.languages,
        ways=family.ways,
        available=family.available,
        online_only=family.online_only,
        preferences=family.preferences,
        consent=True,
        consent_given_at=created,
        consent_how="" if family.source == ReferralSource.SELF else "Told us on the phone",
        status=status,
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=created)
    return referral


def _support(organisation, spec: DemoSupport, supporters, services, hubs, users, today) -> SupportEpisode:
    family = spec.family
    person = _person(organisation, family.full_name, family.email, family.phone, family.postcode)
    started = _days(today, -spec.started_days_ago)
    created = timezone.make_aware(dt.datetime.combine(started - dt.timedelta(days=6), dt.time(10)))
    referral = _referral(
        organisation, family, hubs, users, person=person, created=created, status=ReferralStatus.MATCHED
    )
    episode = SupportEpisode.objects.create(
        organisation=organisation,
        referral=referral,
        supporter=supporters[spec.supporter],
        person=person,
        match_score=spec.score,
        match_explanation=spec.explanation,
        matched_by=users.get(COORDINATOR),
        started_on=started,
        strengths=spec.strengths,
        needs=spec.needs,
        plan_reviewed_on=_days(started, 7),
        closed_on=_days(today, -spec.closed_days_ago) if spec.closed_days_ago is not None else None,
        outcomes=spec.outcomes,
    )
    for text, status in spec.goals:
        SupportGoal.objects.create(organisation=organisation, episode=episode, text=text, status=status)
    recorder = supporters[spec.supporter].user or users.get(COORDINATOR)
    for days_ago, kind, way, minutes, notes in spec.sessions:
        SupportSession.objects.create(
            organisation=organisation,
            episode=episode,
            held_on=_days(today, -days_ago),
            kind=kind,
            way=way,
            minutes=minutes,
            notes=notes,
            recorded_by=recorder,
        )
    for name, outcome, note in spec.navigations:
        Navigation.objects.create(
            organisation=organisation,
            episode=episode,
            service=services[name],
            outcome=outcome,
            note=note,
            outcome_on=None if outcome == NavigationOutcome.PLANNED else _days(started, 20),
        )
    moments = ((WellbeingMoment.START, spec.start_wellbeing), (WellbeingMoment.CLOSE, spec.close_wellbeing))
    for moment, scores in moments:
        if scores is None:
            continue
        life, worthwhile, happiness, anxiety = scores
        WellbeingScore.objects.create(
            organisation=organisation,
            episode=episode,
            moment=moment,
            life_satisfaction=life,
            worthwhile=worthwhile,
            happiness=happiness,
            anxiety=anxiety,
        )
    return episode


@transaction.atomic
def seed_demo_peers(organisation: Organisation) -> int:
    """Load the demo peer support (see the module docs). Returns how many peer supporters were made (0 if the
    organisation already had some)."""
    if PeerSupporter.objects.for_organisation(organisation).exists():
        return 0
    today = timezone.localdate()
    hubs = {hub.name: hub for hub in Hub.objects.for_organisation(organisation)}
    emails = [KASIA, COORDINATOR, LEAD, "bronwen.hughes@example.org"]
    users = {user.email: user for user in User.objects.filter(email__in=emails, memberships__organisation=organisation)}
    supporters = {spec.full_name: _make_supporter(organisation, spec, hubs, users, today) for spec in SUPPORTERS}
    services = {
        name: ServiceDirectoryEntry.objects.create(
            organisation=organisation,
            name=name,
            offers=offers,
            who_for=who_for,
            how_to_get_there=how,
            phone=phone,
            email=email,
            website=website,
            last_checked_on=_days(today, -30 - index * 9),
        )
        for index, (name, offers, who_for, how, phone, email, website) in enumerate(SERVICES)
    }
    for index, family in enumerate(WAITING):
        created = timezone.make_aware(dt.datetime.combine(_days(today, -(12 - 3 * index)), dt.time(9, 30)))
        person = (
            None
            if family.source == ReferralSource.SELF
            else _person(organisation, family.full_name, family.email, family.phone, family.postcode)
        )
        _referral(organisation, family, hubs, users, person=person, created=created, status=ReferralStatus.NEW)
    for spec in SUPPORT:
        _support(organisation, spec, supporters, services, hubs, users, today)
    return len(supporters)
