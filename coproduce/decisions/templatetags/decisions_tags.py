"""Template helpers for decisions and promises: status tags, degree names, and the decisions section of the project
page (one query: the latest three decisions)."""

from __future__ import annotations

from django import template

from coproduce.analysis.participation import degree_info
from coproduce.decisions.models import Decision, PromiseStatus

register = template.Library()
LATEST = 3

TAG_CLASSES = {
    PromiseStatus.PLANNED: "govuk-tag--grey",
    PromiseStatus.IN_PROGRESS: "govuk-tag--blue",
    PromiseStatus.KEPT: "govuk-tag--green",
    PromiseStatus.CHANGED: "govuk-tag--yellow",
    PromiseStatus.NOT_POSSIBLE: "govuk-tag--orange",
}


@register.filter
def promise_tag_class(status: str) -> str:
    """The GOV.UK tag colour for a promise's status (red is kept for "Overdue")."""
    return TAG_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def status_label(status: str) -> str:
    try:
        return str(PromiseStatus(status).label)
    except ValueError:
        return status


@register.filter
def degree_label(value: int | None) -> str:
    return degree_info(value).label if value else ""


@register.simple_tag
def project_decisions(project) -> list[Decision]:
    """The project's latest decisions (one query)."""
    return list(
        Decision.objects.filter(organisation_id=project.organisation_id, project=project).order_by(
            "-decided_on", "-created_at", "-id"
        )[:LATEST]
    )
