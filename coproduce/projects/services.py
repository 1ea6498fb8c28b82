"""Writes about projects: the charter, status changes, stakeholders and stages. Each runs in one transaction
with its audit line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import audit_record, changed_fields
from coproduce.core.models import AuditEvent
from coproduce.insights import involvement as involvement_records
from coproduce.people.models import Person
from coproduce.projects.defaults import JOURNEY_AREAS, STAGES
from coproduce.projects.models import JourneyArea, Project, ProjectStakeholder, ProjectStatusChange, Stage

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

CHARTER_FIELDS = (
    "title",
    "goal",
    "scope_in",
    "scope_out",
    "start_date",
    "end_date",
    "is_ongoing",
    "review_date",
    "budget_total",
    "budget_involvement",
    "lead",
    "senior_sponsor",
)
CHARTER_M2M = ("hubs", "journey_areas")
STAGE_FIELDS = (
    "name",
    "order",
    "target_degree",
    "achieved_degree",
    "family_involvement",
    "who_was_involved",
    "evidence",
)

Status = Project.Status
# Where a project can go from each status. Closed work can be reopened (with a reason).
TRANSITIONS = {
    Status.DRAFT: (Status.ACTIVE, Status.CLOSED),
    Status.ACTIVE: (Status.PAUSED, Status.CLOSED),
    Status.PAUSED: (Status.ACTIVE, Status.CLOSED),
    Status.CLOSED: (Status.ACTIVE,),
}


def journey_areas_seed(*, organisation: Organisation) -> None:
    have = set(JourneyArea.objects.for_organisation(organisation).values_list("name", flat=True))
    JourneyArea.objects.bulk_create(
        [
            JourneyArea(organisation=organisation, name=str(name), order=(index + 1) * 10)
            for index, name in enumerate(JOURNEY_AREAS)
            if str(name) not in have
        ]
    )


@transaction.atomic
def journey_area_add(
    *, actor: User, organisation: Organisation, name: str, request: HttpRequest | None = None
) -> JourneyArea:
    if JourneyArea.objects.for_organisation(organisation).has_name(name):
        raise ValidationError({"name": _("%(name)s is already on the list") % {"name": name.strip()}})
    last = JourneyArea.objects.for_organisation(organisation).order_by("-order").first()
    area = JourneyArea.objects.create(
        organisation=organisation, name=name.strip(), order=(last.order + 10) if last else 10
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=area,
        summary=f"Added {area.name} to the parts of the family's journey",
        request=request,
    )
    return area


@transaction.atomic
def journey_area_remove(*, actor: User, area: JourneyArea, request: HttpRequest | None = None) -> None:
    if area.projects.exists():
        raise ValidationError(_("%(name)s is used by a project, so it stays on the list") % {"name": area.name})
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=area.organisation,
        obj=area,
        summary=f"Removed {area.name} from the parts of the family's journey",
        request=request,
    )
    area.delete()


def _check_same_organisation(organisation: Organisation, fields: dict) -> None:
    lead = fields.get("lead")
    if lead is not None and lead.organisation_id != organisation.pk:
        raise ValidationError({"lead": _("Choose a co-production lead from your own organisation")})
    for name in CHARTER_M2M:
        if any(item.organisation_id != organisation.pk for item in fields.get(name) or ()):
            raise ValidationError({name: _("Choose only your own organisation's %(things)s") % {"things": name}})


def check_charter_figures(fields: dict) -> None:
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date must be the same as or after the start date")})
    if fields.get("is_ongoing") and end:
        raise ValidationError({"end_date": _("An ongoing project has no end date: remove it, or untick ‘ongoing’")})
    total, involvement = fields.get("budget_total"), fields.get("budget_involvement")
    if total is not None and involvement is not None and involvement > total:
        raise ValidationError(
            {"budget_involvement": _("The budget for involving families cannot be more than the total budget")}
        )


def _charter_snapshot(project: Project) -> dict[str, str]:
    snapshot = {name: str(getattr(project, name) or "") for name in CHARTER_FIELDS}
    snapshot["lead"] = str(project.lead.user) if project.lead_id else ""
    if project.pk:
        for name in CHARTER_M2M:
            snapshot[name] = ", ".join(sorted(str(item) for item in getattr(project, name).all()))
    return snapshot


@transaction.atomic
def project_create(*, actor: User, organisation: Organisation, request: HttpRequest | None = None, **fields) -> Project:
    _check_same_organisation(organisation, fields)
    check_charter_figures(fields)
    project = Project.objects.create(organisation=organisation, **{k: fields[k] for k in CHARTER_FIELDS if k in fields})
    for name in CHARTER_M2M:
        if name in fields:
            getattr(project, name).set(fields[name])
    Stage.objects.bulk_create(
        [
            Stage(organisation=organisation, project=project, name=str(name), order=(index + 1) * 10)
            for index, name in enumerate(STAGES)
        ]
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=project,
        changes=_charter_snapshot(project),
        summary=f"Started the project {project.title}",
        request=request,
    )
    return project


@transaction.atomic
def project_update(*, actor: User, project: Project, request: HttpRequest | None = None, **fields) -> Project:
    _check_same_organisation(project.organisation, fields)
    merged = {**{name: getattr(project, name) for name in CHARTER_FIELDS}, **fields}
    check_charter_figures(merged)
    if project.status != Status.DRAFT and "lead" in fields and fields["lead"] is None:
        raise ValidationError({"lead": _("A project that has started needs a co-production lead")})
    before = _charter_snapshot(project)
    for name in CHARTER_FIELDS:
        if name in fields:
            setattr(project, name, fields[name])
    project.save()
    for name in CHARTER_M2M:
        if name in fields:
            getattr(project, name).set(fields[name])
    after = _charter_snapshot(project)
    changes = changed_fields(before, after)
    if changes:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=project.organisation,
            obj=project,
            changes=changes,
            summary=f"Changed the charter of {project.title}",
            request=request,
        )
    return project


@transaction.atomic
def project_change_status(
    *,
    actor: User,
    project: Project,
    to_status: str,
    reason: str,
    what_changed: str = "",
    request: HttpRequest | None = None,
) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to_status not in TRANSITIONS[project.status]:
        raise ValidationError(
            {
                "to_status": _("A %(from)s project cannot become %(to)s")
                % {"from": project.get_status_display().lower(), "to": Status(to_status).label.lower()}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the status is changing")})
    if to_status != Status.DRAFT and project.lead_id is None:
        raise ValidationError({"to_status": _("Choose a co-production lead before the project moves on from draft")})
    if to_status == Status.CLOSED:
        if not what_changed.strip():
            raise ValidationError({"what_changed": _("Say what changed for families before closing the project")})
        project.what_changed = what_changed.strip()
    ProjectStatusChange.objects.create(
        organisation=project.organisation,
        project=project,
        from_status=project.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=actor,
    )
    old = project.status
    project.status = to_status
    project.save(update_fields=["status", "what_changed", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=project.organisation,
        obj=project,
        changes={"status": [old, to_status]},
        request=request,
        summary=f"Moved {project.title} from {Status(old).label} to {Status(to_status).label}: {reason}",
    )
    return project


@transaction.atomic
def stakeholder_add(
    *, actor: User, project: Project, request: HttpRequest | None = None, **fields
) -> ProjectStakeholder:
    organisation = project.organisation
    for name in ("group", "partner", "person"):
        value = fields.get(name)
        if value is not None and value.organisation_id != organisation.pk:
            raise ValidationError({name: _("Choose from your own organisation's records")})
    for through in ("partner", "person"):
        if (
            fields.get(through) is not None
            and project.stakeholders.filter(group=fields["group"], **{through: fields[through]}).exists()
        ):
            raise ValidationError({through: _("%(who)s is already involved for this group") % {"who": fields[through]}})
    involvement = ProjectStakeholder.objects.create(organisation=organisation, project=project, **fields)
    if fields.get("person") is not None:
        # Taking part is what keeps a person's record from being anonymised by retention.
        Person.objects.filter(pk=fields["person"].pk).update(last_active_at=timezone.now())
    if involvement.person_id is not None:
        # Its involvement record keeps the person's equality answers as they are now (if they agreed), so later
        # changes don't rewrite who took part in this project.
        involvement_records.project_member_sync(involvement)
    # A person is named in the audit log by their opaque reference only (so erasing them leaves no name here).
    who = fields.get("partner") or (fields["person"].audit_label if fields.get("person") else _("someone"))
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=project,
        summary=f"Involved {fields['group']} in {project.title} through {who}",
        request=request,
    )
    return involvement


@transaction.atomic
def stakeholder_remove(*, actor: User, involvement: ProjectStakeholder, request: HttpRequest | None = None) -> None:
    project = involvement.project
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=project.organisation,
        obj=project,
        summary=f"Removed {involvement.group} "
        f"({involvement.partner or (involvement.person.audit_label if involvement.person else 'someone')}) "
        f"from {project.title}",
        request=request,
    )
    involvement_records.project_member_removed(involvement)
    involvement.delete()


@transaction.atomic
def stage_save(
    *, actor: User, project: Project, stage: Stage | None = None, request: HttpRequest | None = None, **fields
) -> Stage:
    if stage is None:
        stage = Stage(organisation=project.organisation, project=project)
    before = {name: str(getattr(stage, name) or "") for name in STAGE_FIELDS} if stage.pk else {}
    for name in STAGE_FIELDS:
        if name in fields:
            setattr(stage, name, fields[name])
    stage.full_clean(exclude=["organisation", "project"])
    stage.save()
    after = {name: str(getattr(stage, name) or "") for name in STAGE_FIELDS}
    changes = changed_fields(before, after)
    if changes:
        audit_record(
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            actor=actor,
            organisation=project.organisation,
            obj=project,
            changes=changes,
            summary=f"Recorded the {stage.name} stage of {project.title}",
            request=request,
        )
    return stage
