"""Venues: the places activities happen, with what each offers for access. Kept by the organisation and reused;
a venue no longer used is archived (never deleted: past activities still name it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Venue

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

VENUE_FIELDS = ("name", "address", "postcode", "hub", "how_to_get_there", *Venue.FACILITIES, "access_notes")


def _check(organisation: Organisation, fields: dict, *, venue: Venue | None = None) -> None:
    name = (fields.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the name of the venue")})
    if Venue.objects.for_organisation(organisation).has_name(name, exclude=venue):
        raise ValidationError({"name": _("There is already a venue called %(name)s") % {"name": name}})
    hub = fields.get("hub")
    if hub is not None and hub.organisation_id != organisation.pk:
        raise ValidationError({"hub": _("Choose one of your own organisation's hubs")})


@transaction.atomic
def venue_create(*, actor: User, organisation: Organisation, request: HttpRequest | None = None, **fields) -> Venue:
    _check(organisation, fields)
    values = {name: fields[name] for name in VENUE_FIELDS if name in fields}
    values["name"] = values["name"].strip()
    venue = Venue.objects.create(organisation=organisation, **values)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=venue,
        changes={"fields": sorted(values)},
        summary=f"Added venue {venue.name}",
        request=request,
    )
    return venue


@transaction.atomic
def venue_update(*, actor: User, venue: Venue, request: HttpRequest | None = None, **fields) -> Venue:
    merged = {"name": venue.name, "hub": venue.hub, **fields}
    _check(venue.organisation, merged, venue=venue)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    changes = assign_and_diff(venue, fields, VENUE_FIELDS)
    if changes:
        venue.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=venue.organisation,
            obj=venue,
            changes={"fields": sorted(changes)},
            summary=f"Changed venue {venue.name}",
            request=request,
        )
    return venue


@transaction.atomic
def venue_archive(*, actor: User, venue: Venue, archived: bool = True, request: HttpRequest | None = None) -> Venue:
    """Archive a venue (it is no longer offered for new activities; activities that use it keep it), or bring
    it back."""
    if venue.is_archived == archived:
        return venue
    venue.is_archived = archived
    venue.save(update_fields=["is_archived", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=venue.organisation,
        obj=venue,
        changes={"fields": ["is_archived"]},
        summary=f"{'Archived' if archived else 'Brought back'} venue {venue.name}",
        request=request,
    )
    return venue
