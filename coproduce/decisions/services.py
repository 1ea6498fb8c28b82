"""Writes about decisions and promises: recording and changing a decision (with who was there and its evidence),
making a promise, and changing a promise's status. Each runs in one transaction with one audit line.

The rules live in `decision_problems` and `promise_problems`, which forms can ask too so that every problem shows
next to its field at once. Audit lines name fields and counts, never who was present or what anyone said.

A decision that records a degree of participation at a stage raises that stage's achieved degree when it is higher
than the one the stage has (it never lowers it: a degree recorded by hand, or by an earlier decision, stays).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.decisions.messages import promise_update_messages_queue
from coproduce.decisions.models import EXPLAINED_STATUSES, Decision, Promise, PromiseStatus, PromiseUpdate
from coproduce.organisations.models import Membership
from coproduce.projects.models import Stage

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.contributions.models import Contribution
    from coproduce.engagement.models import Activity
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person
    from coproduce.projects.models import Project
    from coproduce.stakeholders.models import StakeholderGroup

RECORD_DECISIONS = "decisions.record_decisions"
RECORD_PROMISES = "decisions.record_promises"
CHANGE_PROMISE_STATUS = "decisions.change_promise_status"

DECISION_FIELDS = (
    "title",
    "what_was_decided",
    "decided_on",
    "decided_by",
    "stage",
    "options_considered",
    "assumptions_checked",
    "degree_of_participation",
    "review_date",
)
DECISION_LINKS = ("members_present", "people_present", "stakeholder_groups_present", "contributions", "activities")
TITLE_MAX = Decision._meta.get_field("title").max_length
PROMISE_MAX = Promise._meta.get_field("text").max_length


@dataclass
class DecisionDetails:
    """What a decision says and who and what it links to, as the form and the API give it."""

    title: str
    what_was_decided: str
    decided_on: dt.date | None
    decided_by: str = ""
    stage: Stage | None = None
    options_considered: str = ""
    assumptions_checked: str = ""
    degree_of_participation: int | None = None
    review_date: dt.date | None = None
    members_present: Iterable[User] = field(default_factory=list)
    people_present: Iterable[Person] = field(default_factory=list)
    stakeholder_groups_present: Iterable[StakeholderGroup] = field(default_factory=list)
    contributions: Iterable[Contribution] = field(default_factory=list)
    activities: Iterable[Activity] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in DECISION_LINKS:
            setattr(self, name, list(getattr(self, name)))


def decision_problems(
    *, project: Project, details: DecisionDetails, existing: Decision | None = None, today: dt.date | None = None
) -> dict[str, str]:
    """Every rule a decision must meet, as {field: message}. `existing` is the decision being changed: people
    already linked to it stay even if their details were erased since."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    organisation_id = project.organisation_id
    if not details.title.strip():
        errors["title"] = _("Enter a short title for the decision")
    elif len(details.title.strip()) > TITLE_MAX:
        errors["title"] = _("The title must be %(max)s characters or fewer") % {"max": TITLE_MAX}
    if not details.what_was_decided.strip():
        errors["what_was_decided"] = _("Write what was decided")
    if details.decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision")
    elif details.decided_on > today:
        errors["decided_on"] = _("The date of the decision must be today or in the past")
    if details.review_date is not None and details.decided_on is not None and details.review_date < details.decided_on:
        errors["review_date"] = _("The review date must be the same as or after the date of the decision")
    degree = details.degree_of_participation
    if degree is not None and (isinstance(degree, bool) or degree not in range(1, 6)):
        errors["degree_of_participation"] = _("Choose one of the five degrees of participation")
    if details.stage is not None and details.stage.project_id != project.pk:
        errors["stage"] = _("Choose one of this project's stages")

    members = details.members_present
    if Membership.objects.member_ids(organisation_id, members) != {user.pk for user in members}:
        errors["members_present"] = _("Choose staff who are members of your organisation")
    already = set(existing.people_present.values_list("pk", flat=True)) if existing is not None else set()
    for person in details.people_present:
        # An erased person stays linked to a decision they were at: only a new link to them is refused.
        if person.organisation_id != organisation_id or (person.is_erased and person.pk not in already):
            errors["people_present"] = _("Choose people from your own organisation")
    if any(group.organisation_id != organisation_id for group in details.stakeholder_groups_present):
        errors["stakeholder_groups_present"] = _("Choose groups from your organisation's list")
    if any(item.organisation_id != organisation_id for item in details.contributions):
        errors["contributions"] = _("Choose contributions from your own organisation")
    if any(item.organisation_id != organisation_id for item in details.activities):
        errors["activities"] = _("Choose activities from your own organisation")
    return errors


def _decision_values(details: DecisionDetails) -> dict[str, Any]:
    return {
        "title": details.title.strip(),
        "what_was_decided": details.what_was_decided.strip(),
        "decided_on": details.decided_on,
        "decided_by": details.decided_by.strip(),
        "stage": details.stage,
        "options_considered": details.options_considered.strip(),
        "assumptions_checked": details.assumptions_checked.strip(),
        "degree_of_participation": details.degree_of_participation,
        "review_date": details.review_date,
    }


def _audit_value(decision: Decision, name: str):
    return decision.stage_id if name == "stage" else getattr(decision, name)


def _link_ids(decision: Decision) -> dict[str, set]:
    return {name: set(getattr(decision, name).values_list("pk", flat=True)) for name in DECISION_LINKS}


def _set_links(decision: Decision, details: DecisionDetails) -> None:
    for name in DECISION_LINKS:
        getattr(decision, name).set(getattr(details, name))


def _raise_stage_degree(decision: Decision) -> list[str] | None:
    """Raise the stage's achieved degree to the decision's if it is higher; returns [old, new] when it changed."""
    if decision.stage_id is None or decision.degree_of_participation is None:
        return None
    stage = Stage.objects.select_for_update().get(pk=decision.stage_id)
    if stage.achieved_degree is not None and stage.achieved_degree >= decision.degree_of_participation:
        return None
    old = stage.achieved_degree
    stage.achieved_degree = decision.degree_of_participation
    stage.save(update_fields=["achieved_degree", "updated_at"])
    return [str(old or ""), str(stage.achieved_degree)]


def _check_decision(actor: User, project: Project, errors: dict[str, str]) -> None:
    if not actor.has_perm(RECORD_DECISIONS, project):
        raise ValidationError(_("Your role does not allow you to record decisions"))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_record(
    *, actor: User, project: Project, details: DecisionDetails, request: HttpRequest | None = None
) -> Decision:
    """Record a decision about a project: what, when, who was there, on what evidence, and how far families shared
    in it. The member recording it is kept as `recorded_by`."""
    _check_decision(actor, project, decision_problems(project=project, details=details))
    decision = Decision.objects.create(
        organisation_id=project.organisation_id,
        project=project,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **_decision_values(details),
    )
    _set_links(decision, details)
    changes: dict[str, Any] = {
        "fields": sorted(name for name in DECISION_FIELDS if _audit_value(decision, name) not in ("", None)),
        **{name: len(ids) for name, ids in _link_ids(decision).items() if ids},
    }
    raised = _raise_stage_degree(decision)
    if raised:
        changes["stage_achieved_degree"] = raised
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=project.organisation,
        obj=decision,
        summary=f"Recorded a decision about {project.title}"
        + (f", raising the achieved degree of its {decision.stage.name} stage" if raised else ""),
        changes=changes,
        request=request,
    )
    return decision


@transaction.atomic
def decision_update(
    *, actor: User, decision: Decision, details: DecisionDetails, request: HttpRequest | None = None
) -> Decision:
    """Change a decision. Links given replace the ones it had."""
    decision = Decision.objects.select_for_update().select_related("project__organisation").get(pk=decision.pk)
    project = decision.project
    _check_decision(actor, project, decision_problems(project=project, details=details, existing=decision))
    before = {name: _audit_value(decision, name) for name in DECISION_FIELDS}
    before_links = _link_ids(decision)
    for name, value in _decision_values(details).items():
        setattr(decision, name, value)
    decision.save()
    _set_links(decision, details)
    changed = [name for name in DECISION_FIELDS if _audit_value(decision, name) != before[name]]
    changed += [name for name, ids in _link_ids(decision).items() if ids != before_links[name]]
    raised = _raise_stage_degree(decision)
    if changed or raised:
        changes: dict[str, Any] = {"fields": sorted(changed)}
        if raised:
            changes["stage_achieved_degree"] = raised
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=project.organisation,
            obj=decision,
            summary=f"Changed a decision about {project.title}"
            + (f", raising the achieved degree of its {decision.stage.name} stage" if raised else ""),
            changes=changes,
            request=request,
        )
    return decision


# Promises --------------------------------------------------------------------------------------------------------


def promise_problems(
    *,
    organisation: Organisation,
    text: str,
    owner: User | None,
    due_date: dt.date | None,
    project: Project | None = None,
    decisions: Iterable[Decision] = (),
    contributions: Iterable[Contribution] = (),
    today: dt.date | None = None,
) -> dict[str, str]:
    """Every rule a new promise must meet, as {field: message}."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    if not text.strip():
        errors["text"] = _("Write what you will do, for example 'We will move the group to 10:30'")
    elif len(text.strip()) > PROMISE_MAX:
        errors["text"] = _("The promise must be %(max)s characters or fewer") % {"max": PROMISE_MAX}
    if owner is None:
        errors["owner"] = _("Choose who will make sure this promise is kept")
    elif not Membership.objects.member_ids(organisation.pk, [owner]):
        errors["owner"] = _("Choose an owner who is a member of your organisation")
    if due_date is not None and due_date < today:
        errors["due_date"] = _("The due date must be today or in the future")
    if project is not None and project.organisation_id != organisation.pk:
        errors["project"] = _("Choose one of your organisation's projects")
    if any(item.organisation_id != organisation.pk for item in decisions):
        errors["decisions"] = _("Choose decisions from your own organisation")
    if any(item.organisation_id != organisation.pk for item in contributions):
        errors["contributions"] = _("Choose contributions from your own organisation")
    return errors


@transaction.atomic
def promise_create(
    *,
    actor: User,
    organisation: Organisation,
    text: str,
    owner: User,
    due_date: dt.date | None = None,
    project: Project | None = None,
    decisions: Iterable[Decision] = (),
    contributions: Iterable[Contribution] = (),
    public_explanation: str = "",
    request: HttpRequest | None = None,
) -> Promise:
    """Make a promise to families ("we will …"), answering decisions and contributions. It starts as planned."""
    decisions, contributions = list(decisions), list(contributions)
    if not actor.has_perm(RECORD_PROMISES, organisation):
        raise ValidationError(_("Your role does not allow you to make promises"))
    errors = promise_problems(
        organisation=organisation,
        text=text,
        owner=owner,
        due_date=due_date,
        project=project,
        decisions=decisions,
        contributions=contributions,
    )
    if errors:
        raise ValidationError(errors)
    promise = Promise.objects.create(
        organisation=organisation,
        project=project,
        text=text.strip(),
        owner=owner,
        due_date=due_date,
        public_explanation=public_explanation.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    promise.decisions.set(decisions)
    promise.contributions.set(contributions)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=promise,
        summary="Made a promise" + (f" about {project.title}" if project is not None else ""),
        changes={
            "owner": owner.email,
            "due_date": str(due_date or ""),
            "decisions": len(decisions),
            "contributions": len(contributions),
        },
        request=request,
    )
    return promise


def _without_field(translations: dict | None, field: str) -> dict:
    """`translations` with `field` dropped from every language, and languages left empty dropped."""
    kept = {}
    for language, fields in (translations or {}).items():
        rest = {name: text for name, text in (fields or {}).items() if name != field}
        if rest:
            kept[language] = rest
    return kept


EXPLANATION_REQUIRED = {
    PromiseStatus.CHANGED: gettext_lazy(
        "Explain to families how the promise has changed and why, in words they will understand"
    ),
    PromiseStatus.NOT_POSSIBLE: gettext_lazy(
        "Explain to families why this promise cannot be kept, in words they will understand"
    ),
}


@transaction.atomic
def promise_status_change(
    *,
    actor: User,
    promise: Promise,
    to_status: str,
    explanation: str = "",
    kept_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Promise:
    """Move a promise to another status, keeping the history. Changed and not possible need an explanation written
    for families; kept records the date (today unless given). The explanation becomes the public one; a change
    without one keeps the old, unless the old one explained a change or why it was not possible. A promise that is
    kept, changed or not possible is news for the people whose contributions it answers: each gets one message
    (see messages.py), queued in this transaction."""
    promise = Promise.objects.select_for_update().select_related("organisation").get(pk=promise.pk)
    if not actor.has_perm(CHANGE_PROMISE_STATUS, promise):
        raise ValidationError(_("Only the promise's owner, or staff who make promises, can change its status"))
    today = timezone.localdate()
    explanation = explanation.strip()
    errors: dict[str, str] = {}
    if to_status not in PromiseStatus.values:
        errors["to_status"] = _("Choose the promise's new status")
    elif to_status == promise.status:
        errors["to_status"] = _("The promise is already ‘%(status)s’: choose another status") % {
            "status": promise.get_status_display()
        }
    elif to_status in EXPLANATION_REQUIRED and not explanation:
        errors["explanation"] = str(EXPLANATION_REQUIRED[to_status])
    if to_status == PromiseStatus.KEPT and kept_on is not None and kept_on > today:
        errors["kept_on"] = _("The date it was kept must be today or in the past")
    if errors:
        raise ValidationError(errors)

    from_status = promise.status
    promise.status = to_status
    promise.kept_on = (kept_on or today) if to_status == PromiseStatus.KEPT else None
    old_explanation = promise.public_explanation
    if explanation:
        promise.public_explanation = explanation
    elif from_status in EXPLAINED_STATUSES:
        promise.public_explanation = ""
    if promise.public_explanation != old_explanation:
        # A translation of the old explanation would otherwise still be shown to families reading in that language.
        promise.translations = _without_field(promise.translations, "public_explanation")
    promise.status_changed_at = timezone.now()
    promise.save()
    update = PromiseUpdate.objects.create(
        organisation_id=promise.organisation_id,
        promise=promise,
        from_status=from_status,
        to_status=to_status,
        explanation=explanation,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # In this transaction, through the outbox: a change that rolls back tells nobody.
    told = promise_update_messages_queue(promise=promise, update=update)
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=promise.organisation,
        obj=promise,
        summary=f"Changed a promise's status from {from_status} to {to_status}",
        changes={
            "status": [from_status, to_status],
            **({"kept_on": str(promise.kept_on)} if promise.kept_on else {}),
            **({"people_told": told} if told else {}),
        },
        request=request,
    )
    return promise
