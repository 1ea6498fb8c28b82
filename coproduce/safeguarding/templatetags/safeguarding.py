"""Template helpers for the safeguarding sections of the person and household pages."""

from __future__ import annotations

from django import template
from django.db.models import Q

from coproduce.safeguarding.models import ConcernStatus, SafeguardingArrangements, SafeguardingConcern
from coproduce.safeguarding.services import concern_reference

register = template.Library()


@register.simple_tag(takes_context=True)
def concerns_about(context: template.Context, about) -> list[dict]:
    """The concerns about a person (or a household and its members), for a designated safeguarding lead only.
    Anyone else gets an empty list, the same as when there are none: the page must not say whether any exist."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("safeguarding.handle_concerns", about):
        return []
    concerns = SafeguardingConcern.objects.for_organisation(about.organisation_id)
    if about._meta.model_name == "household":
        concerns = concerns.filter(Q(household=about) | Q(person__household=about))
    else:
        concerns = concerns.filter(person=about)
    return [
        {"concern": concern, "reference": concern_reference(concern)}
        for concern in concerns.only("id", "status", "created_at", "immediate_danger").order_by("-created_at")
    ]


@register.filter
def concern_status_label(value: str) -> str:
    return ConcernStatus(value).label if value in ConcernStatus.values else value


@register.simple_tag(takes_context=True)
def safeguarding_arrangements(context: template.Context):
    """The arrangements to show: those the page passed as `arrangements`, else its organisation's, else None."""
    found = context.get("arrangements")
    if found:
        return found
    organisation = context.get("organisation")
    if organisation is None:
        return None
    return SafeguardingArrangements.objects.filter(organisation=organisation).first()
