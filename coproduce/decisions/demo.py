"""Demo decisions and promises for Northby: what was decided on the evidence of what parents said, and what was
promised in answer — kept, in progress, changed, not possible and one overdue, so every state shows on the pages,
the public "You said, we did" page and in the reminders.

Call `seed_demo_decisions(organisation)` after the demo contributions. Running it twice does nothing the second
time. Dates are relative to today; the past ones are set after the services ran (they refuse past due dates).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.contributions.models import Contribution
from coproduce.decisions.models import Decision, Promise, PromiseStatus, PromiseUpdate
from coproduce.decisions.services import DecisionDetails, decision_record, promise_create, promise_status_change
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Membership, Organisation
from coproduce.projects.models import Project
from coproduce.stakeholders.models import StakeholderGroup

FEEDING = "Redesign the 0–2 infant feeding offer"
DADS = "Dads' voices in early years"
HOURS = "Family hub opening hours"

# project, title, what was decided, who decided, stage, degree, days ago, evidence (words in contributions),
# options, assumptions checked, review in days (or None)
DECISIONS = [
    (
        FEEDING,
        "Move the feeding group to 10:30",
        "The baby feeding group moves from 9:30 to 10:30 on Tuesdays at Eastfield, so parents can do the school run "
        "first.",
        "Feeding project group: 5 parents, the hub manager and a health visitor",
        "Define",
        4,
        40,
        ["school run", "9:30"],
        "Keep 9:30; move to 10:30; run two groups, at 9:30 and at 13:00.",
        "We assumed parents with older children could not come at all; they told us they could at 10:30. We checked "
        "whether a later time suits working parents: it does not, so an evening group is being looked at.",
        60,
    ),
    (
        FEEDING,
        "Tell parents about groups where they already look",
        "Group times go on the nursery and school parent groups and on the hub's social media every week, not only "
        "on the council website.",
        "Feeding project group: 5 parents and the hub's communications officer",
        "Define",
        4,
        30,
        ["WhatsApp", "didn't know"],
        "Posters only; the council website only; parent groups and social media.",
        "Whose voices are missing? Dads and parents who do not read English well: the posts will go out in Polish "
        "and Urdu too.",
        None,
    ),
    (
        DADS,
        "A Saturday morning group for dads",
        "A monthly Saturday morning group for dads and their children at Northby Central, planned with the dads who "
        "asked for it.",
        "Dads' steering group: 4 dads and the early years lead",
        "Define",
        5,
        75,
        ["dad", "Saturday"],
        "An evening group; a Saturday group; a WhatsApp group only.",
        "We had assumed dads would not come to the hub. The dads said they would if the group was for them, not a "
        "mums' group they were allowed into.",
        30,
    ),
    (
        HOURS,
        "Opening hours: a late evening, not Saturdays",
        "Northby Central stays open until 7pm on Thursdays. Saturday opening was looked at and is not possible this "
        "year.",
        "Hub steering group: 3 parents, the hub manager and a councillor",
        None,
        3,
        20,
        ["evening", "work"],
        "Saturday mornings; one late evening; both.",
        "Cost and staffing were checked with parents in the room before deciding, so the reasons could be explained.",
        None,
    ),
]

# project, decision title, we will…, owner email, due in days (negative: overdue), status path, explanation,
# kept days ago
PROMISES = [
    (
        FEEDING,
        "Move the feeding group to 10:30",
        "We will move the Tuesday feeding group to 10:30 from next month.",
        "priya.shah@example.org",
        10,
        [PromiseStatus.KEPT],
        "",
        12,
    ),
    (
        FEEDING,
        "Move the feeding group to 10:30",
        "We will look for a time for an evening feeding group.",
        "tom.gallagher@example.org",
        45,
        [PromiseStatus.IN_PROGRESS],
        "",
        None,
    ),
    (
        FEEDING,
        "Tell parents about groups where they already look",
        "We will post group times on nursery and school parent groups every week.",
        "kasia.nowak@example.org",
        14,
        [PromiseStatus.IN_PROGRESS],
        "",
        None,
    ),
    (
        FEEDING,
        "Tell parents about groups where they already look",
        "We will put the new timetable on paper in every hub, in English, Polish and Urdu.",
        "tom.gallagher@example.org",
        -6,
        [],
        "",
        None,
    ),
    (
        FEEDING,
        "Move the feeding group to 10:30",
        "We will run a crèche for older brothers and sisters at the group.",
        "priya.shah@example.org",
        20,
        [PromiseStatus.CHANGED],
        "We could not find enough crèche workers for every week. Instead there is a play corner with a "
        "volunteer at the group, and a crèche on the first Tuesday of each month.",
        None,
    ),
    (
        DADS,
        "A Saturday morning group for dads",
        "We will start a Saturday morning dads' group at Northby Central.",
        "priya.shah@example.org",
        30,
        [PromiseStatus.KEPT],
        "",
        35,
    ),
    (
        HOURS,
        "Opening hours: a late evening, not Saturdays",
        "We will open Northby Central on Saturday mornings.",
        "priya.shah@example.org",
        40,
        [PromiseStatus.NOT_POSSIBLE],
        "We looked at this with parents. We do not have the money to open on Saturdays this year. We are open "
        "until 7pm on Thursdays instead, and we will ask again when next year's budget is set.",
        None,
    ),
    (
        HOURS,
        "Opening hours: a late evening, not Saturdays",
        "We will stay open until 7pm on Thursdays.",
        "amara.okafor@example.org",
        60,
        [],
        "",
        None,
    ),
]


def _evidence(project: Project, words: list[str]) -> list[Contribution]:
    found = []
    for contribution in Contribution.objects.filter(project=project).order_by("created_at"):
        if any(word.lower() in contribution.text.lower() for word in words):
            found.append(contribution)
    return found[:4]


@transaction.atomic
def seed_demo_decisions(organisation: Organisation, *, today: dt.date | None = None) -> None:
    if Decision.objects.for_organisation(organisation).exists():
        return
    today = today or timezone.localdate()
    members = {m.user.email: m.user for m in Membership.objects.for_organisation(organisation).select_related("user")}
    lead = members.get("priya.shah@example.org") or next(iter(members.values()))
    projects = {p.title: p for p in Project.objects.for_organisation(organisation).prefetch_related("stages")}
    groups = list(StakeholderGroup.objects.for_organisation(organisation).order_by("name")[:2])
    decisions: dict[str, Decision] = {}
    for (title_of_project, title, what, who, stage_name, degree, days_ago, words, options, assumptions,
         review_in) in DECISIONS:  # fmt: skip
        project = projects.get(title_of_project)
        if project is None:
            continue
        stage = next((s for s in project.stages.all() if s.name == stage_name), None)
        evidence = _evidence(project, words)
        decided_on = today - dt.timedelta(days=days_ago)
        details = DecisionDetails(
            title=title,
            what_was_decided=what,
            decided_on=decided_on,
            decided_by=who,
            stage=stage,
            options_considered=options,
            assumptions_checked=assumptions,
            degree_of_participation=degree,
            review_date=today + dt.timedelta(days=review_in) if review_in is not None else None,
            members_present=[lead],
            people_present=[c.person for c in evidence if c.person_id and not c.is_anonymous][:2],
            stakeholder_groups_present=groups,
            contributions=evidence,
            activities=list(Activity.objects.filter(project=project, starts_at__date__lt=today)[:1]),
        )
        decisions[title] = decision_record(actor=lead, project=project, details=details)

    for title_of_project, decision_title, text, owner_email, due_in, path, explanation, kept_ago in PROMISES:
        project = projects.get(title_of_project)
        decision = decisions.get(decision_title)
        if project is None or decision is None:
            continue
        owner = members.get(owner_email, lead)
        promise = promise_create(
            actor=lead,
            organisation=organisation,
            text=text,
            owner=owner,
            due_date=today + dt.timedelta(days=max(due_in, 0)),
            project=project,
            decisions=[decision],
            contributions=list(decision.contributions.all()),
        )
        for status in path:
            kept_on = today - dt.timedelta(days=kept_ago) if kept_ago is not None else None
            promise_status_change(
                actor=owner, promise=promise, to_status=status, explanation=explanation, kept_on=kept_on
            )
        if due_in < 0:
            # An overdue promise: made before its due date, which has now passed.
            Promise.objects.filter(pk=promise.pk).update(due_date=today + dt.timedelta(days=due_in))
        made = timezone.now() - dt.timedelta(days=(today - decision.decided_on).days)
        Promise.objects.filter(pk=promise.pk).update(created_at=made)
        PromiseUpdate.objects.filter(promise=promise).update(created_at=made + dt.timedelta(days=7))
