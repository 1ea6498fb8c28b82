"""Keeping the involvement records (`Involvement`) in step with what they come from.

An involvement is written when the register says someone came to an activity (`attendance_sync`), and when a
person joins a project as a stakeholder (`project_member_sync`); it goes when the register says they did not come
after all, or when they leave the project. Each takes the person's equality answers as they are then (a snapshot,
only when we may keep them), so later changes don't rewrite who took part.

Both run inside the caller's transaction in a constant number of queries, however many people are on the
register. `involvements_rebuild` writes them all again from the source records, for an organisation whose records
came from before this existed, or from a bulk load (the demo).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from coproduce.engagement.models import Activity, Attendance
from coproduce.equality import services as equality_services
from coproduce.insights import cache as insights_cache
from coproduce.insights.models import Involvement
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.projects.models import ProjectStakeholder


def activity_day(activity: Activity, fallback: dt.datetime) -> dt.date:
    """The day an activity happened: its start, else the day its window closed, else when it was recorded."""
    if activity.starts_at is not None:
        return timezone.localdate(activity.starts_at)
    if activity.window_closes_on is not None:
        return activity.window_closes_on
    return timezone.localdate(fallback)


def activity_hub_id(activity: Activity):
    """The hub an activity belongs to: its venue's hub, else the first of its hubs (by id), else none."""
    if activity.venue_id is not None and activity.venue.hub_id is not None:
        return activity.venue.hub_id
    return activity.hubs.order_by("pk").values_list("pk", flat=True).first()


def _groups(organisation_id, project_id, person_ids: Iterable) -> dict:
    """The stakeholder group each person takes part through: their group in this project if they are one of its
    stakeholders, else the first of their own groups (in the groups' order), else none."""
    person_ids = list(person_ids)
    found: dict = {}
    for person_id, group_id in (
        Person.stakeholder_groups.through.objects.filter(person_id__in=person_ids)
        .order_by("stakeholdergroup__order", "stakeholdergroup__name")
        .values_list("person_id", "stakeholdergroup_id")
    ):
        found.setdefault(person_id, group_id)
    for person_id, group_id in (
        ProjectStakeholder.objects.filter(organisation_id=organisation_id, project_id=project_id)
        .filter(person_id__in=person_ids)
        .order_by("created_at")
        .values_list("person_id", "group_id")
    ):
        found[person_id] = group_id
    return found


def attendance_sync(activity: Activity, lines: list[Attendance]) -> None:
    """Make the involvements match these register lines of one activity: one for each line marked as came, none
    for the others."""
    if not lines:
        return
    came = [line for line in lines if line.attended]
    gone = [line.pk for line in lines if not line.attended]
    if gone and Involvement.objects.filter(organisation_id=activity.organisation_id, source_id__in=gone).delete()[0]:
        insights_cache.changed(activity.organisation_id)
    if not came:
        return
    existing = set(
        Involvement.objects.filter(
            organisation_id=activity.organisation_id, source_id__in=[line.pk for line in came]
        ).values_list("source_id", flat=True)
    )
    new = [line for line in came if line.pk not in existing]
    if not new:
        return
    hub_id = activity_hub_id(activity)
    groups = _groups(activity.organisation_id, activity.project_id, [line.person_id for line in new])
    snapshots = equality_services.snapshots_take_many(
        activity.organisation_id, [(line.person_id, line) for line in new]
    )
    join_ways = dict(
        Attendance.objects.filter(pk__in=[line.pk for line in new], invitation__isnull=False).values_list(
            "pk", "invitation__joining"
        )
    )
    Involvement.objects.bulk_create(
        [
            Involvement(
                organisation_id=activity.organisation_id,
                person_id=line.person_id,
                kind=Involvement.Kind.ATTENDED,
                occurred_on=activity_day(activity, line.created_at or timezone.now()),
                project_id=activity.project_id,
                activity=activity,
                hub_id=hub_id,
                stakeholder_group_id=groups.get(line.person_id),
                join_way=join_ways.get(line.pk) or "",
                source_id=line.pk,
                snapshot=snapshots.get(str(line.pk)),
            )
            for line in new
        ],
        ignore_conflicts=True,
    )
    insights_cache.changed(activity.organisation_id)


def activity_moved(activity: Activity) -> None:
    """After an activity's date, venue or hubs change: its involvement records take the new day and hub."""
    records = Involvement.objects.filter(organisation_id=activity.organisation_id, activity=activity)
    fields = {"hub_id": activity_hub_id(activity)}
    if activity.starts_at is not None or activity.window_closes_on is not None:
        fields["occurred_on"] = activity_day(activity, timezone.now())  # the fallback is not used
    if records.update(**fields):
        insights_cache.changed(activity.organisation_id)


def source_deleted(organisation_id, source_id) -> None:
    """A register line or project stakeholder was deleted (for example when duplicate people are merged): its
    involvement goes with it."""
    if Involvement.objects.filter(organisation_id=organisation_id, source_id=source_id).delete()[0]:
        insights_cache.changed(organisation_id)


def project_member_sync(member: ProjectStakeholder) -> None:
    """An involvement for a person who has joined a project as one of its stakeholders (none for a partner)."""
    if member.person_id is None:
        return
    snapshots = equality_services.snapshots_take_many(member.organisation_id, [(member.person_id, member)])
    hub_id = member.project.hubs.order_by("pk").values_list("pk", flat=True).first()
    insights_cache.changed(member.organisation_id)
    Involvement.objects.get_or_create(
        organisation_id=member.organisation_id,
        source_id=member.pk,
        defaults={
            "person_id": member.person_id,
            "kind": Involvement.Kind.JOINED_PROJECT,
            "occurred_on": timezone.localdate(member.created_at or timezone.now()),
            "project_id": member.project_id,
            "hub_id": hub_id,
            "stakeholder_group_id": member.group_id,
            "snapshot": snapshots.get(str(member.pk)),
        },
    )


def project_member_removed(member: ProjectStakeholder) -> None:
    Involvement.objects.filter(organisation_id=member.organisation_id, source_id=member.pk).delete()
    insights_cache.changed(member.organisation_id)


@transaction.atomic
def involvements_rebuild(organisation: Organisation) -> int:
    """Write every involvement of the organisation again from its registers and project stakeholders. Snapshots
    already taken are kept (and reused); the others are taken now. Returns how many there are."""
    Involvement.objects.filter(organisation=organisation).delete()
    insights_cache.changed(organisation.pk)
    activities = (
        Activity.objects.for_organisation(organisation)
        .filter(attendance__attended=True)
        .distinct()
        .select_related("venue")
    )
    for activity in activities:
        attendance_sync(activity, list(Attendance.objects.filter(activity=activity, attended=True)))
    for member in (
        ProjectStakeholder.objects.for_organisation(organisation).filter(person__isnull=False).select_related("project")
    ):
        project_member_sync(member)
    return Involvement.objects.filter(organisation=organisation).count()
