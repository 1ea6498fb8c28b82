"""Demo data for activities (fictional): four venues with different access, the 2026–27 school holidays of a
typical English council, and eight activities across Northby's demo projects, past and upcoming, of mixed kinds and
ways to join, so that the activity pages show each warning: one with only one way to join, one at 9am on a school
day (the school run), a questionnaire (data collection) and a cancelled one.

Call `seed_demo_activities(organisation, rng=random.Random(seed))` after the organisation has its hubs, members
and projects (coproduce/core/demo.py, coproduce/core/demo_projects.py). Dates are counted from today, so upcoming
activities stay upcoming; running it again on an organisation that already has venues does nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from coproduce.engagement.models import Activity, SchoolHoliday, Venue
from coproduce.engagement.services.holidays import bank_holidays_between
from coproduce.organisations.models import Membership, Organisation
from coproduce.projects.models import Project

SCHOOL_HOLIDAYS_2026_27 = [
    ("October half term", dt.date(2026, 10, 26), dt.date(2026, 10, 30)),
    ("Christmas holidays", dt.date(2026, 12, 21), dt.date(2027, 1, 1)),
    ("February half term", dt.date(2027, 2, 15), dt.date(2027, 2, 19)),
    ("Easter holidays", dt.date(2027, 3, 29), dt.date(2027, 4, 9)),
    ("May half term", dt.date(2027, 5, 31), dt.date(2027, 6, 4)),
    ("Summer holidays", dt.date(2027, 7, 23), dt.date(2027, 8, 31)),
]

ALL_FACILITIES = dict.fromkeys(Venue.FACILITIES, True)
# name, hub name, address, postcode, facilities, how to get there, access notes
VENUES = [
    (
        "Eastfield Family Hub",
        "Eastfield Family Hub",
        "Eastfield Community Centre\nFoundry Lane\nNorthby",
        "NB4 6QD",
        ALL_FACILITIES,
        "Buses 12 and 14 stop outside. Free parking behind the building; use the side door by the playground.",
        "Everything is on the ground floor. The crèche takes children from 6 months to 4 years.",
    ),
    (
        "Riverside Library",
        "Riverside Library Spoke",
        "Quay Road\nNorthby",
        "NB2 3RL",
        {
            "step_free": True,
            "accessible_toilet": True,
            "baby_change": True,
            "quiet_room": True,
            "public_transport": True,
        },
        "Five minutes' walk from Northby station.",
        "There is no hearing loop in the meeting room.",
    ),
    (
        "St Mary's Church Hall",
        None,
        "Church Lane\nNorthby",
        "NB3 2SM",
        {"baby_change": True, "parking": True, "public_transport": True, "breastfeeding_space": True},
        "Behind St Mary's church; the car park is shared with the school.",
        "Three steps up to the front door and no ramp. The toilets are upstairs.",
    ),
    (
        "Moorland Community Centre",
        "Moorland Villages Outreach",
        "High Street\nMoorby",
        "NB9 8MV",
        {"step_free": True, "accessible_toilet": True, "hearing_loop": True, "parking": True, "baby_change": True},
        "The 71 bus runs every two hours from Northby; ask us about help with taxi fares.",
        "",
    ),
]


def _school_day_on_or_after(day: dt.date, weekday: int, holidays: list[tuple]) -> dt.date:
    """The first `weekday` (0 = Monday) on or after `day` that is a school day (not a holiday, not a bank holiday)."""
    bank = bank_holidays_between(day, day + dt.timedelta(days=400))
    while day.weekday() != weekday or day in bank or any(start <= day <= end for _n, start, end in holidays):
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@transaction.atomic
def seed_demo_activities(organisation: Organisation, *, rng: random.Random, today: dt.date | None = None) -> None:
    if Venue.objects.for_organisation(organisation).exists():
        return
    today = today or timezone.localdate()
    hubs = {hub.name: hub for hub in organisation.hubs.all()}
    for name, start, end in SCHOOL_HOLIDAYS_2026_27:
        SchoolHoliday.objects.create(organisation=organisation, name=name, starts_on=start, ends_on=end)
    venues = {}
    for name, hub_name, address, postcode, facilities, directions, notes in VENUES:
        venues[name] = Venue.objects.create(
            organisation=organisation,
            name=name,
            hub=hubs.get(hub_name) if hub_name else None,
            address=address,
            postcode=postcode,
            how_to_get_there=directions,
            access_notes=notes,
            **facilities,
        )

    projects = list(Project.objects.for_organisation(organisation).prefetch_related("stages").order_by("created_at"))
    if not projects:
        return
    by_title = {project.title: project for project in projects}
    feeding = by_title.get("Redesign the 0–2 infant feeding offer", projects[0])
    send = by_title.get("SEND local offer refresh", projects[-1])
    dads = by_title.get("Dads' voices in early years", projects[0])
    hours = by_title.get("Family hub opening hours", projects[-1])
    members = {m.user.email: m.user for m in Membership.objects.for_organisation(organisation).select_related("user")}
    priya, tom = members.get("priya.shah@example.org"), members.get("tom.gallagher@example.org")
    kasia = members.get("kasia.nowak@example.org")
    holidays = SCHOOL_HOLIDAYS_2026_27

    def stage(project: Project, name: str):
        return next((s for s in project.stages.all() if s.name == name), None)

    tuesday = _school_day_on_or_after(today + dt.timedelta(days=8), 1, holidays)
    wednesday = _school_day_on_or_after(today + dt.timedelta(days=5), 2, holidays)
    thursday = _school_day_on_or_after(today + dt.timedelta(days=9), 3, holidays)
    monday = _school_day_on_or_after(today + dt.timedelta(days=12), 0, holidays)
    friday = _school_day_on_or_after(today + dt.timedelta(days=15), 4, holidays)
    past_drop_in = today - dt.timedelta(days=14)
    past_workshop = today - dt.timedelta(days=60)

    plans = [
        {
            "project": feeding,
            "stage": stage(feeding, "Design"),
            "title": "Design the feeding cafe together",
            "kind": "co_design",
            "description": (
                "Parents, health visitors and hub staff plan the new baby feeding cafe together: when it opens, "
                "what it offers and how it feels. Bring your baby: there is a crèche for older brothers and sisters."
            ),
            "starts_at": _at(tuesday, 10),
            "ends_at": _at(tuesday, 12),
            "capacity": rng.choice((14, 16, 18)),
            "join_in_person": True,
            "venue": venues["Eastfield Family Hub"],
            "join_online": True,
            "online_link": "https://meet.example.org/northby-feeding-cafe",
            "food": True,
            "travel_costs_paid": True,
            "interpreter_languages": "Polish",
            "children_present": True,
            "ratio_adults": 1,
            "ratio_children": 3,
            "lead_on_duty": tom,
            "facilitators": [priya, tom],
            "hubs": ["Eastfield Family Hub"],
        },
        {
            "project": feeding,
            "stage": stage(feeding, "Discover"),
            "title": "Feeding support: tell us what works",
            "kind": "questionnaire",
            "description": "A short questionnaire about the feeding support you had, on paper or online.",
            "window_opens_on": today - dt.timedelta(days=5),
            "window_closes_on": today + dt.timedelta(days=20),
            "join_async": True,
            "join_post": True,
            "easy_read": True,
            "hubs": ["Eastfield Family Hub", "Riverside Library Spoke"],
        },
        {
            "project": feeding,
            "stage": stage(feeding, "Define"),
            "title": "Breastfeeding peer support group",
            "kind": "peer_support",
            "description": "Mums who have breastfed share what helped, over tea. Babies welcome.",
            "starts_at": _at(wednesday, 9),
            "ends_at": _at(wednesday, 10, 30),
            "capacity": 12,
            "join_in_person": True,
            "venue": venues["Riverside Library"],
            "join_phone": True,
            "phone_details": "Call 01632 960 123 and ask for the peer support group.",
            "food": True,
            "lead_on_duty": kasia,
            "facilitators": [kasia],
            "hubs": ["Riverside Library Spoke"],
        },
        {
            "project": dads,
            "stage": stage(dads, "Define"),
            "title": "Dads' evening focus group",
            "kind": "focus_group",
            "description": "What would make the hubs feel like they are for dads too? Pizza provided.",
            "starts_at": _at(thursday, 18, 30),
            "ends_at": _at(thursday, 20),
            "capacity": 10,
            "join_in_person": True,
            "venue": venues["St Mary's Church Hall"],
            "food": True,
            "travel_costs_paid": True,
            "lead_on_duty": tom,
            "facilitators": [tom],
        },
        {
            "project": send,
            "stage": stage(send, "Discover"),
            "title": "SEND local offer panel meeting",
            "kind": "panel_meeting",
            "description": "The parent carer panel reads the new local offer pages and says what is missing.",
            "starts_at": _at(monday, 13),
            "ends_at": _at(monday, 14, 30),
            "join_online": True,
            "online_link": "https://meet.example.org/northby-send-panel",
            "join_phone": True,
            "phone_details": "Call 01632 960 456, code 2207.",
            "bsl": True,
            "easy_read": True,
            "is_recorded": True,
            "facilitators": [priya],
        },
        {
            "project": feeding,
            "title": "Health visitor questions and answers",
            "kind": "workshop",
            "description": "Bring your questions about feeding, sleep and weaning.",
            "starts_at": _at(friday, 13, 30),
            "ends_at": _at(friday, 14, 30),
            "join_in_person": True,
            "venue": venues["Moorland Community Centre"],
            "join_online": True,
            "online_link": "https://meet.example.org/northby-hv-qa",
            "status": Activity.Status.CANCELLED,
            "cancelled_reason": "The health visitor is unwell. We will find a new date and let you know.",
        },
        {
            "project": feeding,
            "stage": stage(feeding, "Discover"),
            "title": "Stay and play conversations",
            "kind": "drop_in",
            "description": "Staff chat with parents at stay and play about feeding.",
            "starts_at": _at(past_drop_in, 10),
            "ends_at": _at(past_drop_in, 11, 30),
            "join_in_person": True,
            "venue": venues["Eastfield Family Hub"],
            "hubs": ["Eastfield Family Hub"],
        },
        {
            "project": hours,
            "stage": stage(hours, "Design"),
            "title": "Opening hours workshop",
            "kind": "workshop",
            "description": "Working parents and hub staff try out three patterns of opening hours.",
            "starts_at": _at(past_workshop, 18),
            "ends_at": _at(past_workshop, 19, 30),
            "join_in_person": True,
            "venue": venues["Moorland Community Centre"],
            "join_online": True,
            "online_link": "https://meet.example.org/northby-hours",
            "childcare": True,
            "food": True,
            "facilitators": [priya],
            "hubs": ["Moorland Villages Outreach"],
        },
    ]
    for plan in plans:
        facilitators = [user for user in plan.pop("facilitators", []) if user is not None]
        hub_names = plan.pop("hubs", [])
        activity = Activity.objects.create(
            organisation=organisation,
            created_by=priya,
            reminder_minutes=list(Activity.DEFAULT_REMINDER_MINUTES),
            **plan,
        )
        activity.facilitators.set(facilitators)
        activity.hubs.set([hubs[name] for name in hub_names if name in hubs])
