"""Learning pieces other pages show: the organisation's guidance, listed on the decision form's "assumptions and
biases checked" prompt."""

from __future__ import annotations

from django import template

from coproduce.learning.models import OrganisationGuidance

register = template.Library()

GUIDANCE_SHOWN = 20


@register.inclusion_tag("learning/_guidance_links.html", takes_context=True)
def organisation_guidance(context: template.Context) -> dict:
    """The current organisation's guidance as plain links (opening in the same tab). One query."""
    organisation = context.get("organisation")
    if organisation is None:
        request = context.get("request")
        organisation = getattr(request, "organisation", None)
    if organisation is None:
        return {"guidance": []}
    return {"guidance": list(OrganisationGuidance.objects.for_organisation(organisation)[:GUIDANCE_SHOWN])}
