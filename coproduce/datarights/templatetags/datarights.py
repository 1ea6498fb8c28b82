"""Template helpers for the data rights section of the person page."""

from __future__ import annotations

from django import template

from coproduce.datarights.models import DataRightsRequest
from coproduce.datarights.services import with_days_left

register = template.Library()


@register.simple_tag(takes_context=True)
def open_rights_requests(context: template.Context, person) -> list[DataRightsRequest]:
    """The person's open data rights requests, for the data protection officer only (anyone else: none)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("datarights.manage_requests", person):
        return []
    return with_days_left(
        list(DataRightsRequest.objects.filter(person=person, status=DataRightsRequest.Status.OPEN).order_by("due_on"))
    )
