"""Writes about peer supporters and the services directory: a supporter's profile, their checks (DBS and training)
and supervision, marking them as co-facilitator or co-trainer of an activity, and the directory's entries. Each is
one transaction with its audit line. Audit lines never hold a DBS certificate number or other check reference: they
say which kind of check was recorded and its dates.

Reading a supporter (page or API) is audited too (`supporter_read_record`): it shows their DBS information."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.analysis import matching
from coproduce.analysis.matching import CODE_PATTERN, SLOT_LABELS, WAY_LABELS
from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Membership, Role
from coproduce.peers.matching import supporter_record
from coproduce.peers.models import (
    ActivitySupporter,
    FacilitationRole,
    PeerSupporter,
    ServiceDirectoryEntry,
    Supervision,
    SupporterCheck,
    SupporterStatus,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.engagement.models import Activity
    from coproduce.organisations.models import Hub, Organisation
    from coproduce.people.models import Person

MAX_CAPACITY = 10
SUPERVISION_EVERY = dt.timedelta(weeks=8)
COORDINATOR_ROLES = (Role.ADMIN, Role.LEAD, Role.STAFF)
PROFILE_FIELDS = (
    "user",
    "coordinator",
    "status",
    "experiences",
    "experience_notes",
    "communities",
    "languages",
    "areas",
    "travels",
    "ways",
    "available",
    "capacity",
    "co_delivers_training",
)
DIRECTORY_FIELDS = (
    "name",
    "offers",
    "who_for",
    "how_to_get_there",
    "phone",
    "email",
    "website",
    "active",
    "last_checked_on",
)
# An outward postcode (district): "NB1", "M1", "SW1A".
DISTRICT_PATTERN = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")

EXPIRY_BEFORE_ISSUE = gettext_lazy("The expiry date must be the same as or after the date it was issued")


# --- reading ----------------------------------------------------------------------------------------------------

# A supporter who is not active is never suggested (peers.matching.suggestions_for takes active supporters only).
STATUS_REASONS = {
    SupporterStatus.PAUSED: "They are taking a break from peer support.",
    SupporterStatus.LEFT: "They are no longer a peer supporter.",
}


@dataclass(frozen=True)
class Standing:
    """Whether a supporter can be matched today, every reason why not, and what will stop them soon."""

    can_be_matched: bool
    reasons: tuple[str, ...]
    expiring: tuple[str, ...]


def standing_of(supporter: PeerSupporter, *, today: dt.date | None = None, soon_days: int = 30) -> Standing:
    """For a supporter annotated by `peers.matching.supporters_with_checks`: matching's eligibility and warnings,
    with their status first when they are not active."""
    today = today or timezone.localdate()
    record = supporter_record(supporter)
    reasons = list(matching.eligibility(record, today).reasons)
    if supporter.status in STATUS_REASONS:
        reasons.insert(0, STATUS_REASONS[supporter.status])
    expiring = tuple(check.message for check in matching.expiring_soon(record, today, soon_days))
    return Standing(not reasons, tuple(reasons), expiring)


def supporter_read_record(*, actor: User, supporter: PeerSupporter, via: str, request: HttpRequest | None = None):
    """The audit line for reading one supporter's record (it shows their DBS information)."""
    return audit_record(
        action=AuditEvent.Action.VIEW,
        actor=actor,
        organisation=supporter.organisation,
        obj=supporter,
        summary=f"Looked at a peer supporter's record and checks ({via})",
        request=request,
    )


def supporter_list_read_record(
    *, actor: User, organisation: Organisation, via: str, count: int | None = None, request: HttpRequest | None = None
):
    """The audit line for reading the list of supporters (it shows whose DBS check has expired)."""
    return audit_record(
        action=AuditEvent.Action.VIEW,
        actor=actor,
        organisation=organisation,
        object_type=PeerSupporter._meta.label,
        summary=f"Looked at the list of peer supporters and their checks ({via})",
        changes={"count": count} if count is not None else {},
        request=request,
    )


# --- normalising ------------------------------------------------------------------------------------------------


def languages_normalise(values) -> list[str]:
    """Languages as they are kept: spaces collapsed, title case, each once (ignoring case), in the order given."""
    kept: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text and text.casefold() not in kept:
            kept[text.casefold()] = text.title()
    return list(kept.values())


def areas_normalise(values) -> list[str]:
    """Postcode districts as they are kept: upper case, no spaces, each once."""
    kept: list[str] = []
    for value in values:
        text = "".join(str(value).split()).upper()
        if text and text not in kept:
            kept.append(text)
    return kept


# --- supporters -------------------------------------------------------------------------------------------------


def _member_with_role(organisation: Organisation, user: User | None, roles) -> bool:
    if user is None:
        return True
    return Membership.objects.for_organisation(organisation).filter(user=user, role__in=roles).exists()


def _check_profile(organisation: Organisation, values: dict, *, supporter: PeerSupporter | None = None) -> dict:
    """Validate and normalise the profile fields given; every problem at once, each on its own field."""
    errors: dict[str, str] = {}
    cleaned = dict(values)
    user = values.get("user")
    if "user" in values and user is not None:
        if not _member_with_role(organisation, user, [Role.PEER_SUPPORTER]):
            errors["user"] = _("Choose a member of your organisation whose role is peer supporter")
        else:
            taken = PeerSupporter.objects.for_organisation(organisation).filter(user=user)
            if supporter is not None:
                taken = taken.exclude(pk=supporter.pk)
            other = taken.select_related("person").first()
            if other is not None:
                errors["user"] = _("That account is already linked to another peer supporter, %(name)s") % {
                    "name": other.person.display_name
                }
    if "coordinator" in values and not _member_with_role(organisation, values["coordinator"], COORDINATOR_ROLES):
        errors["coordinator"] = _("Choose a member of staff, a co-production lead or an administrator")
    if "status" in values and values["status"] not in SupporterStatus.values:
        errors["status"] = _("Choose whether they are active, taking a break or no longer a peer supporter")
    if "capacity" in values:
        capacity = values["capacity"]
        if capacity is None or not 0 <= capacity <= MAX_CAPACITY:
            errors["capacity"] = _("Enter how many families they can support at once, from 0 to %(most)s") % {
                "most": MAX_CAPACITY
            }
    if "experiences" in values:
        codes = [str(code).strip() for code in values["experiences"]]
        if any(not CODE_PATTERN.fullmatch(code) for code in codes):
            errors["experiences"] = _("Choose experiences from the list")
        cleaned["experiences"] = list(dict.fromkeys(codes))
    if "ways" in values:
        if not set(values["ways"]) <= set(WAY_LABELS):
            errors["ways"] = _("Choose ways of support from the list")
        cleaned["ways"] = [way for way in WAY_LABELS if way in set(values["ways"])]
    if "available" in values:
        if not set(values["available"]) <= set(SLOT_LABELS):
            errors["available"] = _("Choose times from the list")
        cleaned["available"] = [slot for slot in SLOT_LABELS if slot in set(values["available"])]
    if "languages" in values:
        cleaned["languages"] = languages_normalise(values["languages"])
        if any(len(language) > 60 for language in cleaned["languages"]):
            errors["languages"] = _("Each language must be 60 characters or fewer")
    if "areas" in values:
        cleaned["areas"] = areas_normalise(values["areas"])
        bad = [area for area in cleaned["areas"] if not DISTRICT_PATTERN.fullmatch(area)]
        if bad:
            errors["areas"] = _(
                "Enter postcode districts, the first part of a postcode, like NB1 or SW1A (not %(bad)s)"
            ) % {"bad": ", ".join(bad)}
    for name in ("experience_notes", "communities"):
        if name in values:
            cleaned[name] = (values[name] or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_hubs(organisation: Organisation, hubs) -> list[Hub]:
    hubs = list(hubs)
    if any(hub.organisation_id != organisation.pk for hub in hubs):
        raise ValidationError({"hubs": _("Choose your own organisation's hubs")})
    return hubs


@transaction.atomic
def supporter_create(
    *,
    actor: User,
    organisation: Organisation,
    person: Person,
    hubs=(),
    request: HttpRequest | None = None,
    **fields,
) -> PeerSupporter:
    """Make `person` a peer supporter. A person can be a peer supporter only once."""
    if person.organisation_id != organisation.pk or person.is_erased:
        raise ValidationError({"person": _("Choose a person from your own organisation")})
    existing = PeerSupporter.objects.filter(person=person).first()
    if existing is not None:
        raise ValidationError(
            {"person": _("%(name)s is already a peer supporter") % {"name": person.display_name}},
            code="already_supporter",
        )
    values = _check_profile(organisation, {name: fields[name] for name in PROFILE_FIELDS if name in fields})
    hubs = _check_hubs(organisation, hubs)
    try:
        with transaction.atomic():
            supporter = PeerSupporter.objects.create(organisation=organisation, person=person, **values)
    except IntegrityError:
        # Two people adding the same person at once: the one-to-one key refuses the second.
        raise ValidationError(
            {"person": _("%(name)s is already a peer supporter") % {"name": person.display_name}}
        ) from None
    if hubs:
        supporter.hubs.set(hubs)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=supporter,
        summary="Added a peer supporter",
        changes={"fields": sorted([*values, *(["hubs"] if hubs else [])])},
        request=request,
    )
    return supporter


@transaction.atomic
def supporter_update(
    *, actor: User, supporter: PeerSupporter, hubs=None, request: HttpRequest | None = None, **fields
) -> PeerSupporter:
    """Change a supporter's profile: only the fields given (and `hubs`, when given, replaces their hubs)."""
    organisation = supporter.organisation
    values = _check_profile(
        organisation, {name: fields[name] for name in PROFILE_FIELDS if name in fields}, supporter=supporter
    )
    changed = sorted(assign_and_diff(supporter, values, PROFILE_FIELDS))
    if changed:
        supporter.save()
    if hubs is not None:
        hubs = _check_hubs(organisation, hubs)
        if {hub.pk for hub in supporter.hubs.all()} != {hub.pk for hub in hubs}:
            supporter.hubs.set(hubs)
            changed.append("hubs")
    if changed:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=supporter,
            summary="Changed a peer supporter's profile",
            changes={"fields": changed},
            request=request,
        )
    return supporter


# --- checks and supervision -------------------------------------------------------------------------------------


@transaction.atomic
def check_add(
    *,
    actor: User,
    supporter: PeerSupporter,
    kind: str,
    issued_on: dt.date | None,
    expires_on: dt.date | None,
    update_service: bool = False,
    reference: str = "",
    request: HttpRequest | None = None,
) -> SupporterCheck:
    """Record a DBS check or a piece of training. The newest of each kind counts for matching."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if kind not in SupporterCheck.Kind.values:
        errors["kind"] = _("Choose which check or training this is")
    if issued_on is None:
        errors["issued_on"] = _("Enter the date it was issued or completed")
    elif issued_on > today:
        errors["issued_on"] = _("The date it was issued must be today or in the past")
    if expires_on is None:
        errors["expires_on"] = _("Enter the date it expires or must be renewed")
    elif issued_on is not None and expires_on < issued_on:
        errors["expires_on"] = EXPIRY_BEFORE_ISSUE
    reference = (reference or "").strip()
    if len(reference) > 50:
        errors["reference"] = _("The reference must be 50 characters or fewer")
    if update_service and kind != SupporterCheck.Kind.DBS:
        errors["update_service"] = _("Only a DBS check can be on the DBS update service")
    if errors:
        raise ValidationError(errors)
    check = SupporterCheck.objects.create(
        organisation=supporter.organisation,
        supporter=supporter,
        kind=kind,
        issued_on=issued_on,
        expires_on=expires_on,
        update_service=bool(update_service),
        reference=reference,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # The kind and dates only: never the certificate number or course reference.
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=supporter.organisation,
        obj=check,
        summary=f"Recorded a {check.get_kind_display()} for {supporter.audit_label}",
        changes={"kind": kind, "issued_on": str(issued_on), "expires_on": str(expires_on)},
        request=request,
    )
    return check


@transaction.atomic
def check_delete(*, actor: User, check: SupporterCheck, request: HttpRequest | None = None) -> None:
    """Delete a check entered by mistake (a check that has simply expired stays: it is the history)."""
    supporter = check.supporter
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=check.organisation,
        obj=check,
        summary=f"Deleted a {check.get_kind_display()} entered by mistake for {supporter.audit_label}",
        changes={"kind": check.kind, "issued_on": str(check.issued_on), "expires_on": str(check.expires_on)},
        request=request,
    )
    check.delete()


@transaction.atomic
def supervision_record(
    *,
    actor: User,
    supporter: PeerSupporter,
    held_on: dt.date | None,
    next_due_on: dt.date | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> Supervision:
    """Record a supervision session. The next one is due 8 weeks later unless another date is given."""
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = _("Enter the date the supervision was held")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The date it was held must be today or in the past")
    if held_on is not None and next_due_on is None:
        next_due_on = held_on + SUPERVISION_EVERY
    if held_on is not None and next_due_on is not None and next_due_on <= held_on:
        errors["next_due_on"] = _("The next supervision must be due after the date this one was held")
    if errors:
        raise ValidationError(errors)
    supervision = Supervision.objects.create(
        organisation=supporter.organisation,
        supporter=supporter,
        held_on=held_on,
        next_due_on=next_due_on,
        supervisor=actor if getattr(actor, "is_authenticated", False) else None,
        notes=(notes or "").strip(),
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=supporter.organisation,
        obj=supervision,
        summary=f"Recorded supervision for {supporter.audit_label}",
        changes={"held_on": str(held_on), "next_due_on": str(next_due_on)},
        request=request,
    )
    return supervision


# --- co-facilitators --------------------------------------------------------------------------------------------


@transaction.atomic
def activity_supporter_add(
    *, actor: User, supporter: PeerSupporter, activity: Activity, role: str, request: HttpRequest | None = None
) -> ActivitySupporter:
    """Mark the supporter as co-facilitator or co-trainer of one of the organisation's activities."""
    errors: dict[str, str] = {}
    if activity is None or activity.organisation_id != supporter.organisation_id:
        errors["activity"] = _("Choose one of your own organisation's activities")
    elif activity.status == activity.Status.CANCELLED:
        errors["activity"] = _("That activity has been cancelled: choose another")
    if role not in FacilitationRole.values:
        errors["role"] = _("Choose whether they co-facilitate or co-train")
    if not errors and ActivitySupporter.objects.filter(activity=activity, supporter=supporter).exists():
        errors["activity"] = _("%(name)s is already helping to run %(activity)s") % {
            "name": supporter.person.display_name,
            "activity": activity.title,
        }
    if errors:
        raise ValidationError(errors)
    link = ActivitySupporter.objects.create(
        organisation=supporter.organisation, activity=activity, supporter=supporter, role=role
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=supporter.organisation,
        obj=link,
        object_label=f"{supporter.audit_label} on activity {activity.pk}",
        summary=f"Marked {supporter.audit_label} as {link.get_role_display().lower()} of {activity.title}"[:300],
        changes={"role": role, "activity": str(activity.pk)},
        request=request,
    )
    return link


@transaction.atomic
def activity_supporter_remove(
    *, actor: User, activity_supporter: ActivitySupporter, request: HttpRequest | None = None
) -> None:
    link = activity_supporter
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=link.organisation,
        obj=link,
        object_label=f"{link.supporter.audit_label} on activity {link.activity_id}",
        summary=f"Removed {link.supporter.audit_label} from {link.activity.title}"[:300],
        changes={"role": link.role, "activity": str(link.activity_id)},
        request=request,
    )
    link.delete()


# --- the services directory -------------------------------------------------------------------------------------


def _check_entry(organisation: Organisation, values: dict, *, entry: ServiceDirectoryEntry | None = None) -> None:
    errors: dict[str, str] = {}
    name = values.get("name") or ""
    if not name:
        errors["name"] = _("Enter the name of the service")
    elif ServiceDirectoryEntry.objects.for_organisation(organisation).has_name(name, exclude=entry):
        errors["name"] = _("There is already a service called %(name)s in your directory") % {"name": name}
    if not values.get("offers"):
        errors["offers"] = _("Enter what the service offers")
    if not values.get("who_for"):
        errors["who_for"] = _("Enter who the service is for")
    checked = values.get("last_checked_on")
    if checked is not None and checked > timezone.localdate():
        errors["last_checked_on"] = _("The date the details were checked must be today or in the past")
    if errors:
        raise ValidationError(errors)


def _entry_values(fields: dict) -> dict:
    values = {name: fields[name] for name in DIRECTORY_FIELDS if name in fields}
    for name in ("name", "offers", "who_for", "how_to_get_there", "phone", "email", "website"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if values.get("last_checked_on", "") is None:
        values["last_checked_on"] = timezone.localdate()
    return values


def _duplicate_name(name: str) -> ValidationError:
    return ValidationError({"name": _("There is already a service called %(name)s in your directory") % {"name": name}})


@transaction.atomic
def directory_entry_create(
    *, actor: User, organisation: Organisation, request: HttpRequest | None = None, **fields
) -> ServiceDirectoryEntry:
    values = _entry_values(fields)
    _check_entry(organisation, values)
    try:
        with transaction.atomic():
            entry = ServiceDirectoryEntry.objects.create(organisation=organisation, **values)
    except IntegrityError:
        raise _duplicate_name(values["name"]) from None  # added by someone else at the same moment
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=entry,
        summary=f"Added {entry.name} to the services directory"[:300],
        changes={"fields": sorted(values)},
        request=request,
    )
    return entry


@transaction.atomic
def directory_entry_update(
    *, actor: User, entry: ServiceDirectoryEntry, request: HttpRequest | None = None, **fields
) -> ServiceDirectoryEntry:
    values = _entry_values(fields)
    merged = {name: getattr(entry, name) for name in DIRECTORY_FIELDS} | values
    _check_entry(entry.organisation, merged, entry=entry)
    changes = assign_and_diff(entry, values, DIRECTORY_FIELDS)
    if changes:
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            raise _duplicate_name(entry.name) from None
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=entry.organisation,
            obj=entry,
            summary=f"Changed {entry.name} in the services directory"[:300],
            changes={"fields": sorted(changes)},
            request=request,
        )
    return entry
