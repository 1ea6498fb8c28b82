"""Demo contributions for Northby: ideas, quotes and notes from parents in their own words, two stories of lived
experience (each with a content note and where to get support), the organisation's themes (timing, childcare,
feeling welcome, information, dads), gathered in different ways: at activities, at stay-and-play, on home visits,
on the phone, online and on comment cards.

Call `seed_demo_contributions(organisation, rng=random.Random(...))` after the demo projects (and, if there are any,
the demo activities: contributions "at the activity" are put on the project's past activities, or recorded as
gathered somewhere else when it has none). No images: Pillow is not installed, and a contribution's file is
optional for the kinds used here. Running it twice does nothing the second time. All names are invented.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coproduce.contributions import services
from coproduce.contributions.models import Contribution, Theme
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import Person
from coproduce.projects.models import Project

THEMES = ["Timing", "Childcare", "Feeling welcome", "Information", "Dads"]
FEEDING = "Redesign the 0–2 infant feeding offer"
SEND = "SEND local offer refresh"
DADS = "Dads' voices in early years"
HOURS = "Family hub opening hours"
SAMARITANS = (
    "Talk to your health visitor or your family hub worker: they can put you in touch with the peer support group. "
    "If you feel low, call Samaritans free on 116 123, any time, day or night."
)
FORUM = (
    "Northby Parent Carer Forum can help: call 01632 960 412 or talk to your family hub worker. The SEND "
    "information, advice and support service (SENDIASS) gives free, confidential advice about special educational "
    "needs: 01632 960 455."
)
G = Contribution.Gathered
K = Contribution.Kind

# (project, kind, what they said, how it was gathered, stage, themes, from a person?, anonymous, checked, story)
# story = (content note, where to get support) for stories.
CONTRIBUTIONS: list[tuple] = [
    (FEEDING, K.IDEA, "The 9:30 slot is impossible with the school run. Could the feeding group start at 10:30?",
     G.STAY_AND_PLAY, "Discover", ["Timing"], True, False, True, None),
    (FEEDING, K.QUOTE, "I didn't know the hub helped with bottle feeding too. I thought it was only for mums who "
     "breastfeed.", G.HOME_VISIT, "Discover", ["Information", "Feeling welcome"], True, False, True, None),
    (FEEDING, K.QUOTE, "The health visitor was lovely but we waited three weeks. By then we'd sorted it ourselves.",
     G.PHONE, "Discover", ["Timing"], True, True, True, None),
    (FEEDING, K.IDEA, "Put the group times on the nursery WhatsApp. That's where all of us look.",
     G.ACTIVITY, "Discover", ["Information"], False, False, False, None),
    (FEEDING, K.NOTE, "Two mums at stay-and-play said they would come if there was somewhere for the older children "
     "to play for an hour.", G.STAY_AND_PLAY, "Discover", ["Childcare"], False, False, False, None),
    (FEEDING, K.STORY, "When Leo was born he was in special care for ten days. I was expressing milk in a cupboard on "
     "the ward and nobody asked how I was. At home I felt like I'd failed at feeding him. What helped was a mum at "
     "the group who had been through the same thing. I'd like every new mum to meet someone like her.",
     G.HOME_VISIT, "Define", ["Feeling welcome"], True, True, True,
     ("Mentions a baby in special care and feeling low after the birth", SAMARITANS)),
    (FEEDING, K.IDEA, "A feeding café on a Saturday, so dads can come too.", G.ACTIVITY, "Define",
     ["Dads", "Timing"], True, False, True, None),
    (FEEDING, K.QUOTE, "Leaflets in Polish would help my mum understand what the health visitor tells us.",
     G.HOME_VISIT, "Define", ["Information"], True, False, True, None),
    (FEEDING, K.NOTE, "Three parents asked for the group to be somewhere with a lift: the upstairs room is hard with "
     "a pram.", G.ACTIVITY, "Define", ["Feeling welcome"], False, False, False, None),
    (DADS, K.QUOTE, "When I walk in it's all mums and I feel like I'm in the wrong place.", G.ACTIVITY, "Discover",
     ["Dads", "Feeling welcome"], True, True, True, None),
    (DADS, K.IDEA, "Call it 'Family stay and play', not 'Mums and tots'.", G.PAPER, "Discover",
     ["Dads", "Feeling welcome"], False, True, False, None),
    (DADS, K.IDEA, "Saturday mornings, please. I work shifts Monday to Friday.", G.ONLINE, "Discover",
     ["Dads", "Timing"], True, False, True, None),
    (DADS, K.QUOTE, "The staff only ever talk to my partner, even when I'm the one holding the baby.", G.PHONE,
     "Define", ["Dads", "Feeling welcome"], True, True, True, None),
    (DADS, K.NOTE, "Comment cards from the library stay-and-play: four of the six dads said nobody had told them "
     "about the hub.", G.PAPER, "Discover", ["Dads", "Information"], False, True, False, None),
    (HOURS, K.IDEA, "Open one evening a week. By the time I finish work at 5 the hub is shut.", G.ACTIVITY,
     "Discover", ["Timing"], True, False, True, None),
    (HOURS, K.QUOTE, "Saturday morning would be perfect: the kids are off school and I'm not at work.", G.ACTIVITY,
     "Design", ["Timing"], True, False, True, None),
    (HOURS, K.QUOTE, "I'd come more if my two-year-old had somewhere to play while we talk.", G.STAY_AND_PLAY,
     "Define", ["Childcare"], True, True, True, None),
    (HOURS, K.NOTE, "At the review workshop families said the Thursday late opening works. They want it on the "
     "school newsletter so more people know.", G.ACTIVITY, "Review", ["Timing", "Information"], False, False, False,
     None),
    (SEND, K.QUOTE, "I found the local offer website by accident, two years after my daughter was diagnosed.",
     G.HOME_VISIT, "Discover", ["Information"], True, False, True, None),
    (SEND, K.STORY, "My son was sent home from school nearly every week in Year 3. Nobody told me what help he could "
     "get. I only found out about an education, health and care plan from another mum at the school gate. If the "
     "local offer had told me in plain words, we wouldn't have lost a whole year.", G.PHONE, "Discover",
     ["Information"], True, True, True, ("Talks about a child being sent home from school", FORUM)),
]  # fmt: skip

STAFF = ["tom.gallagher@example.org", "priya.shah@example.org", "amara.okafor@example.org"]


def _recorders(organisation: Organisation) -> list:
    memberships = Membership.objects.for_organisation(organisation).select_related("user")
    by_email = {m.user.email: m.user for m in memberships}
    found = [by_email[email] for email in STAFF if email in by_email]
    if not found:
        found = [m.user for m in memberships if m.role in (Role.ADMIN, Role.LEAD, Role.STAFF)]
    return found


def _past_activity(project: Project, now: dt.datetime) -> Activity | None:
    return (
        Activity.objects.filter(project=project)
        .exclude(status=Activity.Status.CANCELLED)
        .filter(Q(starts_at__lt=now) | Q(starts_at__isnull=True, window_opens_on__lt=now.date()))
        .order_by("-starts_at", "id")
        .first()
    )


@transaction.atomic
def seed_demo_contributions(organisation: Organisation, *, rng: random.Random) -> int:
    """Returns the number of contributions made."""
    if Theme.objects.for_organisation(organisation).exists():
        return 0
    recorders = _recorders(organisation)
    projects = {p.title: p for p in Project.objects.for_organisation(organisation).prefetch_related("stages")}
    if not recorders or not projects:
        return 0
    for name in THEMES:
        services.theme_create(actor=recorders[0], organisation=organisation, name=name)
    themes = {t.name: t for t in Theme.objects.for_organisation(organisation)}
    # Not the first 20 in name order: the demo projects name those as their stakeholders.
    people = list(Person.objects.for_organisation(organisation).not_erased().order_by("full_name", "id")[:80])
    people = people[20:] or people
    now = timezone.now()
    made = 0
    for index, (title, kind, text, gathered, stage_name, theme_names, named, anonymous, checked, story) in enumerate(
        CONTRIBUTIONS
    ):
        project = projects.get(title)
        if project is None:
            continue
        activity = _past_activity(project, now) if gathered == G.ACTIVITY else None
        if gathered == G.ACTIVITY and activity is None:
            gathered = G.OTHER
        stage = next((s for s in project.stages.all() if s.name == stage_name), None)
        content_note, support_info = story or ("", "")
        contribution = services.contribution_record(
            actor=recorders[index % len(recorders)],
            project=project,
            details=services.Details(
                kind=kind,
                gathered=gathered,
                text=text,
                activity=activity,
                stage=stage,
                person=rng.choice(people) if named and people else None,
                checked_by_person=checked,
                is_anonymous=anonymous,
                content_note=content_note,
                support_info=support_info,
            ),
            themes=[themes[name] for name in theme_names],
        )
        # Spread over the weeks before today (or put on the day of their activity), so the lists look lived in.
        when = activity.starts_at if activity and activity.starts_at else now - dt.timedelta(days=rng.randint(2, 90))
        Contribution.objects.filter(pk=contribution.pk).update(
            created_at=when + dt.timedelta(minutes=rng.randint(15, 90))
        )
        made += 1
    return made
