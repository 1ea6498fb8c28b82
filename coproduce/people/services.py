"""Writes about people, households, children and access needs, and merging duplicate people. Each runs in one
transaction with its audit line. Audit lines name people, households and children by their opaque reference
only, and list the NAMES of the fields that changed, never their values (so erasure leaves nothing personal in
the append-only log).

`check_person_fields` holds the rules for a person's details (UK phone number, postcode, a chosen way of
contacting them needs its detail); forms, the import and the API apply the same rules through it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.people.models import (
    ACCESS_NEEDS,
    UNAVAILABLE_TIMES,
    AccessNeeds,
    AgeBand,
    Child,
    Household,
    HouseholdRole,
    Person,
    TakesPartAs,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

PERSON_FIELDS = (
    "full_name",
    "preferred_name",
    "pronunciation",
    "pronouns",
    "email",
    "phone",
    "address",
    "postcode",
    "contact_by_email",
    "contact_by_text",
    "contact_by_phone",
    "contact_by_post",
    "languages",
    "date_of_birth",
    "takes_part_as",
)
PERSON_M2M = ("hubs", "stakeholder_groups")
HOUSEHOLD_FIELDS = ("name", "expected_due_date", "young_carer", "care_experienced", "armed_forces", "home_educated")
CHILD_FIELDS = ("first_name", "date_of_birth", "age_band", "has_send", "send_details")
ACCESS_NEEDS_FIELDS = (
    *(code for code, _label in ACCESS_NEEDS),
    "interpreter_language",
    *(code for code, _label in UNAVAILABLE_TIMES),
    "other_needs",
)

# Ofcom keeps these ranges for drama and examples (https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/
# numbers-for-drama): libphonenumber calls them invalid, but demo data and training use them.
DRAMA_NUMBER_PREFIXES = ("7700900", "1632960", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960")
# A UK postcode: outward code (area, district) and inward code (sector, unit); GIR 0AA is Girobank's.
POSTCODE_RE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$")


# ---------------------------------------------------------------------------------------------------------------
# A person's details


def uk_phone(value: str) -> str:
    """A UK phone number in national format ("07700 900123"), or ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    message = _("Enter a UK phone number, like 01632 960 001 or 07700 900 982")
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(message, code="phone") from None
    national = phonenumbers.national_significant_number(number)
    drama = number.country_code == 44 and len(national) == 10 and national.startswith(DRAMA_NUMBER_PREFIXES)
    if number.country_code != 44 or not (phonenumbers.is_valid_number(number) or drama):
        raise ValidationError(message, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def is_landline(phone: str) -> bool:
    """Whether a (valid) UK number is a landline, which cannot receive text messages."""
    try:
        number = phonenumbers.parse(phone, "GB")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE


def uk_postcode(value: str) -> str:
    """A UK postcode in upper case with one space ("NB1 2AB"), or ValidationError."""
    compact = "".join((value or "").split()).upper()
    if not compact:
        return ""
    if not POSTCODE_RE.match(compact):
        raise ValidationError(_("Enter a real UK postcode, like NB1 2AB"), code="postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def check_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check a person's details (those of PERSON_FIELDS given). Returns the cleaned values, or
    raises one ValidationError naming every field that is wrong."""
    cleaned = dict(fields)
    errors: dict[str, list[str]] = {}
    for name in ("full_name", "preferred_name", "pronunciation", "pronouns", "email", "languages", "address"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    if "full_name" in cleaned and not cleaned["full_name"]:
        errors.setdefault("full_name", []).append(_("Enter their full name"))
    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors.setdefault("email", []).append(
                _("Enter an email address in the correct format, like name@example.com")
            )
    for name, check in (("phone", uk_phone), ("postcode", uk_postcode)):
        if name in cleaned:
            try:
                cleaned[name] = check(cleaned[name])
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
    if "languages" in cleaned:
        parts = [part.strip() for part in cleaned["languages"].split(",")]
        cleaned["languages"] = ", ".join(part for part in parts if part)
    if cleaned.get("takes_part_as") and cleaned["takes_part_as"] not in TakesPartAs.values:
        errors.setdefault("takes_part_as", []).append(_("Choose how they take part"))
    born = cleaned.get("date_of_birth")
    if born and born > timezone.localdate():
        errors.setdefault("date_of_birth", []).append(_("Date of birth must be in the past"))
    # A way of contacting someone is no use without the detail it needs.
    if cleaned.get("contact_by_email") and not cleaned.get("email") and "email" not in errors:
        errors.setdefault("email", []).append(_("Enter their email address, or untick email as a way to contact them"))
    for channel, what in (("contact_by_text", _("text message")), ("contact_by_phone", _("phone call"))):
        if cleaned.get(channel) and not cleaned.get("phone") and "phone" not in errors:
            errors.setdefault("phone", []).append(
                _("Enter their phone number, or untick %(channel)s as a way to contact them") % {"channel": what}
            )
    texts_a_landline = cleaned.get("contact_by_text") and cleaned.get("phone") and is_landline(cleaned["phone"])
    if texts_a_landline and "phone" not in errors:
        message = _("Text messages need a mobile number: enter one, or untick text message")
        errors.setdefault("phone", []).append(message)
    if cleaned.get("contact_by_post"):
        if not cleaned.get("address"):
            errors.setdefault("address", []).append(
                _("Enter their postal address, or untick post as a way to contact them")
            )
        if not cleaned.get("postcode") and "postcode" not in errors:
            errors.setdefault("postcode", []).append(_("Enter their postcode, or untick post as a way to contact them"))
    if errors:
        raise ValidationError(errors)
    return cleaned


def possible_duplicates(
    *, organisation: Organisation, fields: dict[str, Any], exclude: Person | None = None
) -> models.QuerySet[Person]:
    """People of the organisation who may be the same person: the same email address, the same phone number, or
    the same name and postcode. Erased people are never matched."""
    match = Q()
    if fields.get("email"):
        match |= Q(email__iexact=fields["email"])
    if fields.get("phone"):
        match |= Q(phone=fields["phone"]) | Q(phone=fields["phone"].replace(" ", ""))
    postcode = "".join((fields.get("postcode") or "").split()).upper()
    if fields.get("full_name") and postcode:
        match |= Q(full_name__iexact=fields["full_name"].strip(), postcode_compact=postcode)
    if not match:
        return Person.objects.none()
    people = Person.objects.for_organisation(organisation).not_erased().filter(match)
    if exclude is not None and exclude.pk:
        people = people.exclude(pk=exclude.pk)
    return people.order_by(Lower("full_name"), "id")


def _check_same_organisation(organisation: Organisation, fields: dict[str, Any]) -> None:
    for name in PERSON_M2M:
        if any(item.organisation_id != organisation.pk for item in fields.get(name) or ()):
            raise ValidationError({name: _("Choose only from your own organisation's list")})


@transaction.atomic
def person_create(
    *, actor: User | None, organisation: Organisation, request: HttpRequest | None = None, **fields
) -> Person:
    """A new person. `fields` are PERSON_FIELDS plus the lists `hubs` and `stakeholder_groups`."""
    _check_same_organisation(organisation, fields)
    cleaned = check_person_fields({name: fields[name] for name in PERSON_FIELDS if name in fields})
    person = Person.objects.create(organisation=organisation, **cleaned)
    for name in PERSON_M2M:
        if fields.get(name):
            getattr(person, name).set(fields[name])
    given = [name for name in PERSON_FIELDS if cleaned.get(name) not in (None, "", False)]
    given += [name for name in PERSON_M2M if fields.get(name)]
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=person,
        summary="Added a person",
        changes={"fields": given},
        request=request,
    )
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, request: HttpRequest | None = None, **fields) -> Person:
    """Change a person's details (any of PERSON_FIELDS, `hubs`, `stakeholder_groups`); audits the names of the
    fields that changed."""
    if person.is_erased:
        raise ValidationError(_("This person's details were erased and cannot be changed"))
    _check_same_organisation(person.organisation, fields)
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    cleaned = check_person_fields({**current, **{name: fields[name] for name in PERSON_FIELDS if name in fields}})
    changed = [name for name in PERSON_FIELDS if name in fields and getattr(person, name) != cleaned[name]]
    for name in changed:
        setattr(person, name, cleaned[name])
    for name in PERSON_M2M:
        if name in fields:
            before = set(getattr(person, name).values_list("pk", flat=True))
            if before != {item.pk for item in fields[name]}:
                getattr(person, name).set(fields[name])
                changed.append(name)
    if changed:
        person.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=person.organisation,
            obj=person,
            summary="Changed a person's details",
            changes={"fields": changed},
            request=request,
        )
    return person


# ---------------------------------------------------------------------------------------------------------------
# Access needs


def check_access_needs(data: dict[str, Any], *, by_person: bool = False) -> dict[str, Any]:
    cleaned = {name: data[name] for name in ACCESS_NEEDS_FIELDS if name in data}
    for name in ("interpreter_language", "other_needs"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if cleaned.get("interpreter") and not cleaned.get("interpreter_language"):
        message = (
            _("Tell us which language you need an interpreter for")
            if by_person
            else _("Enter the language they need an interpreter for")
        )
        raise ValidationError({"interpreter_language": message})
    if "interpreter" in cleaned and not cleaned["interpreter"]:
        cleaned["interpreter_language"] = ""
    return cleaned


@transaction.atomic
def access_needs_save(
    *,
    person: Person,
    data: dict[str, Any],
    actor: User | None,
    request: HttpRequest | None = None,
    by_person: bool = False,
) -> AccessNeeds:
    """Record what a person needs to take part and the times that do not work. `data` maps AccessNeeds field
    names (the codes of ACCESS_NEEDS and UNAVAILABLE_TIMES, `interpreter_language`, `other_needs`) to values;
    fields left out keep their value. `by_person` when the person did it themselves, from their own link."""
    if person.is_erased:
        raise ValidationError(_("This person's details were erased and cannot be changed"))
    cleaned = check_access_needs(data, by_person=by_person)
    needs = AccessNeeds.objects.select_for_update().filter(person=person).first()
    created = needs is None
    if created:
        needs = AccessNeeds(organisation=person.organisation, person=person)
    changed = [name for name, value in cleaned.items() if getattr(needs, name) != value]
    for name in changed:
        setattr(needs, name, cleaned[name])
    if by_person:
        needs.confirmed_by_person_at = timezone.now()
    needs.save()
    person.last_active_at = timezone.now()
    person.save(update_fields=["last_active_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=person.organisation,
        obj=needs,
        summary="The person confirmed their access needs" if by_person else "Recorded access needs",
        changes={"fields": changed, **({"by_person": True} if by_person else {})},
        request=request,
    )
    return needs


# ---------------------------------------------------------------------------------------------------------------
# Households and children


def check_household_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: fields[name] for name in HOUSEHOLD_FIELDS if name in fields}
    if isinstance(cleaned.get("name"), str):
        cleaned["name"] = cleaned["name"].strip()
    due = cleaned.get("expected_due_date")
    if due and (due - timezone.localdate()).days > 300:
        raise ValidationError({"expected_due_date": _("The expected due date must be within the next 10 months")})
    return cleaned


def _check_member(household: Household, person: Person, role: str) -> None:
    if person.organisation_id != household.organisation_id:
        raise ValidationError(_("Choose a person from your own organisation"))
    if person.is_erased:
        raise ValidationError(_("This person's details were erased"))
    if role not in HouseholdRole.values:
        raise ValidationError({"role": _("Choose their role in the household")})


@transaction.atomic
def household_create(
    *,
    actor: User | None,
    organisation: Organisation,
    member: Person | None = None,
    role: str = "",
    request: HttpRequest | None = None,
    **fields,
) -> Household:
    """A new household (fields of HOUSEHOLD_FIELDS), optionally with its first member in the same transaction."""
    cleaned = check_household_fields(fields)
    household = Household(organisation=organisation, **cleaned)
    if member is not None:
        _check_member(household, member, role)
    household.save()
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=household,
        summary="Added a household",
        changes={"fields": [name for name, value in cleaned.items() if value not in (None, "", False)]},
        request=request,
    )
    if member is not None:
        household_add_member(household=household, person=member, role=role, actor=actor, request=request)
    return household


@transaction.atomic
def household_update(
    *, actor: User | None, household: Household, request: HttpRequest | None = None, **fields
) -> Household:
    cleaned = check_household_fields(fields)
    changed = [name for name, value in cleaned.items() if getattr(household, name) != value]
    for name in changed:
        setattr(household, name, cleaned[name])
    if changed:
        household.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=household.organisation,
            obj=household,
            summary="Changed a household's details",
            changes={"fields": changed},
            request=request,
        )
    return household


@transaction.atomic
def household_add_member(
    *, household: Household, person: Person, role: str, actor: User | None, request: HttpRequest | None = None
) -> Person:
    """Put a person in a household with their role (moving them from any other household), or change the role of
    someone already in it."""
    _check_member(household, person, role)
    moved_from = person.household_id if person.household_id not in (None, household.pk) else None
    fields = []
    if person.household_id != household.pk:
        fields.append("household")
    if person.household_role != role:
        fields.append("household_role")
    if not fields:
        return person
    person.household, person.household_role = household, role
    person.save(update_fields=["household", "household_role", "updated_at"])
    moved = f", moved from Household {str(moved_from)[-8:]}" if moved_from else ""
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=household.organisation,
        obj=person,
        summary=f"Added to {household.audit_label}{moved}" if "household" in fields else "Changed household role",
        changes={"fields": fields},
        request=request,
    )
    return person


@transaction.atomic
def household_remove_member(
    *, household: Household, person: Person, actor: User | None, request: HttpRequest | None = None
) -> Person:
    if person.household_id != household.pk:
        raise ValidationError(_("They are not in this household"))
    person.household, person.household_role = None, ""
    person.save(update_fields=["household", "household_role", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=household.organisation,
        obj=person,
        summary=f"Removed from {household.audit_label}",
        changes={"fields": ["household", "household_role"]},
        request=request,
    )
    return person


def check_child_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: fields[name] for name in CHILD_FIELDS if name in fields}
    for name in ("first_name", "send_details"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    born, band = cleaned.get("date_of_birth"), cleaned.get("age_band")
    if not born and not band:
        message = _("Enter their date of birth, or choose their age if you do not know it")
        raise ValidationError({"date_of_birth": message})
    if born and born > timezone.localdate():
        message = _("Date of birth must be in the past. For a baby not born yet, use the expected due date")
        raise ValidationError({"date_of_birth": message})
    if band and band not in AgeBand.values:
        raise ValidationError({"age_band": _("Choose their age")})
    if born:
        cleaned["age_band"] = ""  # the band comes from the date of birth, so the two never disagree
    if "has_send" in cleaned and not cleaned["has_send"]:
        cleaned["send_details"] = ""
    return cleaned


@transaction.atomic
def child_save(
    *,
    household: Household,
    actor: User | None,
    child: Child | None = None,
    request: HttpRequest | None = None,
    **fields,
) -> Child:
    """Add a child to a household, or change one (fields of CHILD_FIELDS): a date of birth or an age band."""
    if child is not None and child.household_id != household.pk:
        raise ValidationError(_("This child is not in this household"))
    merged = {**({name: getattr(child, name) for name in CHILD_FIELDS} if child else {}), **fields}
    cleaned = check_child_fields(merged)
    created = child is None
    if created:
        child = Child(organisation=household.organisation, household=household)
    changed = [name for name, value in cleaned.items() if getattr(child, name) != value]
    for name in changed:
        setattr(child, name, cleaned[name])
    if created or changed:
        child.save()
        audit_record(
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=household.organisation,
            obj=child,
            summary=f"{'Added a child to' if created else 'Changed a child in'} {household.audit_label}",
            changes={"fields": changed},
            request=request,
        )
    return child


@transaction.atomic
def child_remove(*, child: Child, actor: User | None, request: HttpRequest | None = None) -> None:
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=child.organisation,
        obj=child,
        summary=f"Removed a child from Household {str(child.household_id)[-8:]}",
        request=request,
    )
    child.delete()


# ---------------------------------------------------------------------------------------------------------------
# Merging duplicates

# Never copied from one record to the other: identity, tenancy, bookkeeping and the person's own link key.
_NOT_MERGED = {"id", "organisation", "created_at", "updated_at", "access_key", "erased_at", "postcode_compact"}
# On a unique clash the more recent answer wins: the first of these fields the model has says how recent.
_RECENCY_FIELDS = ("answered_at", "updated_at", "created_at")


def _unique_field_sets(model: type[models.Model], field_name: str) -> list[tuple[tuple[str, ...], Q | None]]:
    """The unique constraints of `model` that include `field_name`: (fields, condition)."""
    sets: list[tuple[tuple[str, ...], Q | None]] = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field_name in constraint.fields:
            sets.append((tuple(constraint.fields), constraint.condition))
    for together in model._meta.unique_together:
        if field_name in together:
            sets.append((tuple(together), None))
    return sets


def _recency(row: models.Model):
    """When the row's answer was last decided. A withdrawal counts from when it was made, so merging never
    brings back a consent the person withdrew after giving it on the other record."""
    withdrawn = getattr(row, "withdrawn_at", None)
    for name in _RECENCY_FIELDS:
        value = getattr(row, name, None)
        if value is not None:
            return max(value, withdrawn) if withdrawn is not None else value
    return 0


def _merge_one_to_one(kept: models.Model, theirs: models.Model) -> None:
    """Both people had this one-to-one record (access needs, equality answers): the kept person's stays, taking
    from the other whatever restricts use or says more: an objection (the earliest), a ticked need, and text the
    kept record lacks."""
    changed = []
    for field in kept._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.name in {"created_at", "updated_at"}:
            continue
        mine, other = getattr(kept, field.attname), getattr(theirs, field.attname)
        if field.name == "objected_at":
            if other is not None and (mine is None or other < mine):
                setattr(kept, field.attname, other)
                changed.append(field.name)
        elif isinstance(field, models.BooleanField):
            if other and not mine:
                setattr(kept, field.attname, True)
                changed.append(field.name)
        elif _is_blank(mine) and not _is_blank(other):
            setattr(kept, field.attname, other)
            changed.append(field.name)
    if changed:
        kept.save(update_fields=[*changed, "updated_at"])


def _move_rows(model: type[models.Model], field: models.Field, keep: Person, other: Person) -> int:
    """Point every row of `model` that refers to `other` (through `field`) at `keep`. Where the move would break a
    unique constraint (say, a consent for the same purpose), the more recent of the two rows stays and the other
    is deleted. Returns how many rows now belong to `keep` that did not before."""
    manager = model._base_manager
    unique_sets = _unique_field_sets(model, field.name)
    moved = 0
    for row in manager.filter(**{field.name: other}).order_by("pk"):
        clash = _clashing_row(model, field, row, keep, unique_sets)
        if clash is not None:
            if _recency(row) <= _recency(clash):
                row.delete()
                continue
            clash.delete()
        setattr(row, field.attname, keep.pk)
        row.save(update_fields=[field.name])
        moved += 1
    return moved


def _clashing_row(
    model: type[models.Model],
    field: models.Field,
    row: models.Model,
    keep: Person,
    unique_sets: list[tuple[tuple[str, ...], Q | None]],
) -> models.Model | None:
    """The row of `keep` that `row` would duplicate under one of the unique constraints, if any."""
    manager = model._base_manager
    for fields, condition in unique_sets:
        if condition is not None and not manager.filter(condition, pk=row.pk).exists():
            continue
        attnames = [model._meta.get_field(name).attname for name in fields if name != field.name]
        existing = manager.filter(**{field.name: keep}, **{name: getattr(row, name) for name in attnames})
        if condition is not None:
            existing = existing.filter(condition)
        clash = existing.first()
        if clash is not None:
            return clash
    return None


def _move_many_to_many(through: type[models.Model], field_name: str, keep: Person, other: Person) -> int:
    """Rows of an automatic or explicit many-to-many table: re-point the other person's links, dropping those
    the kept person already has."""
    person_field = through._meta.get_field(field_name)
    others = [f for f in through._meta.concrete_fields if f.is_relation and f.name != field_name and not f.primary_key]
    moved = 0
    for row in through._base_manager.filter(**{person_field.attname: other.pk}):
        same = {f.attname: getattr(row, f.attname) for f in others}
        if through._base_manager.filter(**{person_field.attname: keep.pk}, **same).exists():
            row.delete()
            continue
        setattr(row, person_field.attname, keep.pk)
        row.save()
        moved += 1
    return moved


def _is_blank(value: Any) -> bool:
    return value in (None, "", False)


@transaction.atomic
def person_merge(*, keep: Person, other: Person, actor: User | None, request: HttpRequest | None = None) -> Person:
    """Merge `other` into `keep`: every record that refers to `other` (found by walking the model's relations, so
    relations added later are moved too) moves to `keep`; details `keep` lacks are filled in from `other`; then
    `other` is deleted. One MERGE audit line names both by opaque reference only."""
    if keep.pk == other.pk:
        raise ValidationError(_("Choose two different people to merge"))
    if keep.organisation_id != other.organisation_id:
        raise ValidationError(_("Both people must belong to your organisation"))
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])}
    if len(locked) != 2:
        raise ValidationError(_("One of these people no longer exists"))
    keep, other = locked[keep.pk], locked[other.pk]
    if keep.is_erased or other.is_erased:
        raise ValidationError(_("A person whose details were erased cannot be merged"))
    # Each peer supporter profile has its own checks, supervision and families: which to keep is a person's call.
    if hasattr(keep, "peer_supporter") and hasattr(other, "peer_supporter"):
        raise ValidationError(
            _(
                "Both people have a peer supporter profile, so they cannot be merged: each profile has its own "
                "checks, supervision and families, and merging would lose one of them."
            )
        )
    other_ref = other.audit_label
    moved = 0

    # Records that point at a person: foreign keys, one-to-one and many-to-many relations from other models.
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many:
            through = relation.through
            field_name = relation.field.m2m_reverse_field_name()
            count = _move_many_to_many(through, field_name, keep, other)
        elif relation.one_to_one:
            manager = model._base_manager
            theirs = manager.filter(**{relation.field.name: other}).first()
            count = 0
            if theirs is not None:
                kept = manager.filter(**{relation.field.name: keep}).first()
                if kept is not None:
                    _merge_one_to_one(kept, theirs)
                    theirs.delete()
                else:
                    setattr(theirs, relation.field.attname, keep.pk)
                    theirs.save(update_fields=[relation.field.name])
                    count = 1
        else:
            count = _move_rows(model, relation.field, keep, other)
        moved += count

    # The person's own many-to-many fields (hubs, stakeholder groups, and any added later).
    for field in Person._meta.many_to_many:
        through = field.remote_field.through
        moved += _move_many_to_many(through, field.m2m_field_name(), keep, other)

    # Details the kept record lacks, taken from the other.
    filled = []
    for field in Person._meta.concrete_fields:
        if field.name in _NOT_MERGED or field.primary_key:
            continue
        if field.name == "last_active_at":
            keep.last_active_at = max(keep.last_active_at, other.last_active_at)
            continue
        if field.name == "household_role":
            continue  # follows the household, below
        if _is_blank(getattr(keep, field.attname)) and not _is_blank(getattr(other, field.attname)):
            setattr(keep, field.attname, getattr(other, field.attname))
            filled.append(field.name)
            if field.name == "household":
                keep.household_role = other.household_role
    other.delete()
    keep.save()
    audit_record(
        action=AuditEvent.Action.MERGE,
        actor=actor,
        organisation=keep.organisation,
        obj=keep,
        summary=f"Merged {other_ref} into {keep.audit_label}",
        # A total only: counts by kind would tell audit readers that, say, a safeguarding concern exists.
        changes={"merged": other_ref, "kept": keep.audit_label, "fields_filled": filled, "records_moved": moved},
        request=request,
    )
    return keep
