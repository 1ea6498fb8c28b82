"""Template helpers for payments: amounts in pounds, line references, and the payments sections of the activity,
project and person pages (one or two queries each)."""

from __future__ import annotations

from django import template

from coproduce.analysis.payments import format_pence
from coproduce.payments import queries, services
from coproduce.payments.models import PaymentLine

register = template.Library()
PERSON_LINES_SHOWN = 10


@register.filter
def pounds(pence: int | None) -> str:
    """ "£1,250.50" for 125050."""
    return format_pence(pence)


@register.filter
def line_ref(line: PaymentLine) -> str:
    return services.line_reference(line)


@register.simple_tag
def activity_payments(activity):
    """Totals of the activity's lines by kind and status (one query)."""
    return queries.summary_of(PaymentLine.objects.filter(activity=activity))


@register.simple_tag
def project_payments(project) -> dict:
    """The project's budget for involving families against what is to pay and what was paid (one query)."""
    budget, summary = queries.project_budget(project)
    return {"budget": budget, "summary": summary}


@register.simple_tag
def person_payments(person) -> dict:
    """The person's most recent lines and their totals (two queries, three when there are more to see)."""
    lines = queries.lines_for(person.organisation_id).filter(person=person)
    recent = list(queries.in_list_order(lines).select_related("project", "activity")[: PERSON_LINES_SHOWN + 1])
    return {
        "lines": recent[:PERSON_LINES_SHOWN],
        "summary": queries.summary_of(lines),
        "more": len(recent) > PERSON_LINES_SHOWN,
    }


@register.simple_tag
def payment_policy(organisation):
    return services.policy_for(organisation)
