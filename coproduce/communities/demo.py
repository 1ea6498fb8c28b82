"""Demo community of practice for Northby: "Reaching dads", facilitated by the co-production lead, with members
from Northby and one from Southby (so the demo shows membership across organisations), themes of both kinds, a
learning log, shared resources and meetings that are Northby's activities. Written through the services, so
every line has its audit entry."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.communities import services
from coproduce.communities.models import CommunityMember, CommunityOfPractice
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Membership, Organisation

NAME = "Reaching dads"

# (email, areas of expertise); the first is the facilitator.
MEMBERS = [
    ("priya.shah@example.org", "Running co-production with families; the dads' voices project"),
    ("tom.gallagher@example.org", "Stay and play sessions; outreach in Eastfield"),
    ("kasia.nowak@example.org", "Peer support for new parents; Polish-speaking families"),
    ("bronwen.hughes@example.org", "Home-Start volunteers who are dads"),
    ("sam.okoro@example.org", "Southby's Saturday dads' group, running for two years"),
]

THEMES = [
    ("Dads don't feel welcome at baby groups", "problem", "open"),
    ("Letters and texts only go to mums", "problem", "open"),
    ("Saturday sessions that dads already come to", "opportunity", "open"),
    ("Posters that only show mums", "problem", "done"),
]

# (days ago, theme title or "", tried, learnt, changed, changed in)
LOG = [
    (
        40,
        "Saturday sessions that dads already come to",
        "Visited Southby's Saturday dads' group to see how it runs.",
        "Dads came because another dad invited them, not because of a poster. Breakfast helped.",
        "We are trying a Saturday breakfast stay and play once a month.",
        "Northby Family Hubs",
    ),
    (
        21,
        "Letters and texts only go to mums",
        "Asked at registration for a second parent's phone number.",
        "Most families were happy to give it; nobody had asked before.",
        "The registration form now has a second contact, with the family's agreement.",
        "Northby Family Hubs",
    ),
    (
        7,
        "Posters that only show mums",
        "Swapped the stay and play posters for ones showing dads and grandads.",
        "Two dads said they noticed and it made a difference.",
        "",
        "",
    ),
]

RESOURCES = [
    ("Fatherhood Institute: guides for services", "https://www.fatherhoodinstitute.org/", ""),
    ("Southby Saturday group: how we run it", "", "Breakfast from 9:30, a dad who welcomes at the door, no forms."),
]


@transaction.atomic
def seed_demo_communities(organisation: Organisation, *, today: dt.date | None = None) -> CommunityOfPractice | None:
    if CommunityOfPractice.objects.for_organisation(organisation).filter(name=NAME).exists():
        return None
    today = today or timezone.localdate()
    members = {m.user.email: m.user for m in Membership.objects.for_organisation(organisation).select_related("user")}
    lead = members.get(MEMBERS[0][0]) or next(iter(members.values()), None)
    if lead is None:
        return None
    community = services.community_create(
        actor=lead,
        organisation=organisation,
        facilitator=lead,
        name=NAME,
        goal="More dads and male carers use the family hubs and feel they are for them too.",
        scope_in="Welcome, sessions and communications at the hubs; what partners and neighbouring hubs do.",
        scope_out="Child maintenance and family court matters.",
        senior_sponsor="Director of Children's Services",
        started_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=120),
        review_on=today + dt.timedelta(days=30),
    )
    CommunityMember.objects.filter(community=community, user=lead).update(expertise=MEMBERS[0][1])
    for email, expertise in MEMBERS[1:]:
        try:
            services.member_add(actor=lead, community=community, email=email, expertise=expertise)
        except ValidationError:
            continue  # a demo without that person (Southby is made by the small demo only)
    themes = {
        title: services.theme_save(actor=lead, community=community, title=title, kind=kind, status=status)
        for title, kind, status in THEMES
    }
    for days_ago, theme_title, tried, learnt, changed, changed_in in LOG:
        services.log_entry_save(
            actor=lead,
            community=community,
            happened_on=today - dt.timedelta(days=days_ago),
            tried=tried,
            learnt=learnt,
            changed=changed,
            changed_in=changed_in,
            theme=themes.get(theme_title),
            today=today,
        )
    for title, url, text in RESOURCES:
        services.resource_add(actor=lead, community=community, title=title, url=url, text=text)
    activities = Activity.objects.for_organisation(organisation).filter(title__icontains="dad")
    for activity in activities.order_by("starts_at")[:2]:
        services.meeting_link(actor=lead, community=community, activity=activity)
    return community
