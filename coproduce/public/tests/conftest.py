"""Fixtures of the public site, on top of the shared cast (tests/cast.py): Northby's public site settings (Arabic
and Polish), its safeguarding contact, a venue, activities public and not, promises with decisions and what
families said (with and without consent to be quoted), wins and offers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.consent import services as consent_services
from coproduce.consent.models import Purpose
from coproduce.contributions.models import Contribution
from coproduce.decisions.models import Decision, Promise, PromiseStatus
from coproduce.engagement.models import Activity, Venue
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import Project
from coproduce.publishing.models import PublicSite
from coproduce.safeguarding.models import SafeguardingArrangements
from tests.cast import make_member


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def site(org) -> PublicSite:
    return PublicSite.objects.create(
        organisation=org,
        languages=["ar", "pl"],
        get_involved="Everyone who looks after a child in Northby is welcome.",
        contact_email="together@northby.example.org",
        contact_phone="01632 960 000",
    )


@pytest.fixture
def safeguarding(org) -> SafeguardingArrangements:
    return SafeguardingArrangements.objects.create(
        organisation=org, contact_name="Dana Safe", contact_phone="01632 960 999", procedure="Call Dana."
    )


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Feeding support that fits")


@pytest.fixture
def venue(org) -> Venue:
    return Venue.objects.create(
        organisation=org,
        name="Northby Central Family Hub",
        address="1 High Street\nNorthby",
        postcode="NB1 1AA",
        step_free=True,
        hearing_loop=True,
    )


def make_activity(org, project, *, starts_in_days: int = 7, **fields) -> Activity:
    start = timezone.now() + dt.timedelta(days=starts_in_days)
    values = {
        "organisation": org,
        "project": project,
        "title": "Design the feeding cafe",
        "kind": "co_design",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "is_public": True,
        **fields,
    }
    return Activity.objects.create(**values)


@pytest.fixture
def public_activity(org, project, venue) -> Activity:
    return make_activity(
        org,
        project,
        venue=venue,
        join_in_person=True,
        join_online=True,
        online_link="https://meet.example.org/secret-room",
        join_phone=True,
        phone_details="Call 01632 000 111, code 4242",
        childcare=True,
        bsl=True,
        interpreter_languages="Polish, Arabic",
        description="Come and help us plan the new cafe.",
        translations={"ar": {"description": "تعال وساعدنا"}},
    )


def person(org, name: str, *purposes: str, actor) -> Person:
    someone = Person.objects.create(organisation=org, full_name=name)
    for purpose in purposes:
        consent_services.consent_give(person=someone, purpose=purpose, method="online", actor=actor)
    return someone


def said(org, project, text: str, who: Person | None = None, **fields) -> Contribution:
    return Contribution.objects.create(
        organisation=org, project=project, gathered="phone", text=text, person=who, **{"kind": "idea", **fields}
    )


def make_promise(org, owner, project=None, *, contributions=(), decisions=(), **fields) -> Promise:
    promise = Promise.objects.create(
        organisation=org, owner=owner, project=project, **{"text": "We will move the group to 10:30", **fields}
    )
    promise.contributions.set(contributions)
    promise.decisions.set(decisions)
    return promise


@pytest.fixture
def named(org, admin) -> Person:
    """Agreed to be quoted by name."""
    return person(org, "Zainab Okafor", Purpose.QUOTE_BY_NAME, actor=admin)


@pytest.fixture
def anonymous(org, admin) -> Person:
    """Agreed to be quoted, without their name."""
    return person(org, "Siobhan Walsh", Purpose.QUOTE_ANONYMOUSLY, actor=admin)


@pytest.fixture
def silent(org) -> Person:
    """Never agreed to be quoted."""
    return Person.objects.create(organisation=org, full_name="Harriet Private")


@pytest.fixture
def promises(org, admin, project, named, anonymous, silent, today) -> dict[str, Promise]:
    decision = Decision.objects.create(
        organisation=org,
        project=project,
        title="Move the feeding group",
        what_was_decided="The group starts at 10:30 from September",
        decided_on=today - dt.timedelta(days=30),
        degree_of_participation=3,
    )
    decision.people_present.set([named, anonymous, silent])
    kept = make_promise(
        org,
        admin,
        project,
        text="We will move the group to 10:30",
        status=PromiseStatus.KEPT,
        due_date=today - dt.timedelta(days=10),
        kept_on=today - dt.timedelta(days=12),
        public_explanation="The group now starts at 10:30.",
        translations={"ar": {"text": "سننقل المجموعة"}},
        contributions=[
            said(org, project, "9:30 clashes with the school run", named),
            said(org, project, "Later please, mornings are hard", anonymous),
            said(org, project, "My private worry about my son", silent),
            said(org, project, "Written on a card at the hub"),
        ],
        decisions=[decision],
    )
    overdue = make_promise(org, admin, project, text="We will open on Saturdays", due_date=today - dt.timedelta(days=3))
    broken = make_promise(
        org,
        admin,
        None,
        text="We will run a bus to the hub",
        status=PromiseStatus.NOT_POSSIBLE,
        due_date=today - dt.timedelta(days=40),
        public_explanation="The council could not fund a bus. We now pay travel costs instead.",
    )
    return {"kept": kept, "overdue": overdue, "broken": broken, "decision": decision}
