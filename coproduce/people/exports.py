"""Exporting people to a spreadsheet (CSV or XLSX), for the roles that may take a bulk copy of personal data.

Only contact and involvement details go out: no special-category data (equality monitoring, health, SEND), no
date of birth, nothing about safeguarding. Every cell that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from coproduce.core import spreadsheets
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Hub
from coproduce.people.models import Person
from coproduce.stakeholders.models import StakeholderGroup

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

FORMATS = ("csv", "xlsx")
# People are read this many at a time, each chunk with its hubs and groups in two more queries.
CHUNK_SIZE = 2000


def _channels(person: Person) -> str:
    return ", ".join(
        str(Person._meta.get_field(name).verbose_name)
        for name in ("contact_by_email", "contact_by_text", "contact_by_phone", "contact_by_post")
        if getattr(person, name)
    )


def _names(related: Iterable) -> str:
    return "; ".join(item.name for item in related)


# (column heading, value for one person), in the order of the file's columns.
COLUMNS: list[tuple[Callable[[], str], Callable[[Person], str]]] = [
    (lambda: _("Full name"), lambda p: p.full_name),
    (lambda: _("Preferred name"), lambda p: p.preferred_name),
    (lambda: _("Pronouns"), lambda p: p.pronouns),
    (lambda: _("Email address"), lambda p: p.email),
    (lambda: _("Phone number"), lambda p: p.phone),
    (lambda: _("Address"), lambda p: p.address),
    (lambda: _("Postcode"), lambda p: p.postcode),
    (lambda: _("Preferred ways to contact"), _channels),
    (lambda: _("Languages spoken"), lambda p: p.languages),
    (lambda: _("Hubs"), lambda p: _names(p.hubs.all())),
    (lambda: _("Stakeholder groups"), lambda p: _names(p.stakeholder_groups.all())),
    (lambda: _("Takes part"), lambda p: p.get_takes_part_as_display() if p.takes_part_as else ""),
    (lambda: _("Role in the household"), lambda p: p.get_household_role_display() if p.household_role else ""),
]
PERSON_FIELDS = (
    "id",
    "full_name",
    "preferred_name",
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
    "takes_part_as",
    "household_role",
)


def header() -> list[str]:
    return [title() for title, _value in COLUMNS]


def for_export(people: QuerySet[Person]) -> QuerySet[Person]:
    """The people to export in name order with only the columns exported, their hubs and groups prefetched."""
    return (
        people.not_erased()
        .order_by(Lower("full_name"), "id")
        .only(*PERSON_FIELDS)
        .prefetch_related(
            Prefetch("hubs", queryset=Hub.objects.only("id", "name").order_by("name")),
            Prefetch("stakeholder_groups", queryset=StakeholderGroup.objects.only("id", "name").order_by("name")),
        )
    )


def rows(people: QuerySet[Person]) -> Iterator[list[str]]:
    """One row of text per person (not yet neutralised); the queries stay bounded (three per CHUNK_SIZE people)."""
    for person in for_export(people).iterator(chunk_size=CHUNK_SIZE):
        yield [value(person) or "" for _title, value in COLUMNS]


def csv_lines(people: QuerySet[Person]) -> Iterator[bytes]:
    """The CSV file, a line at a time (see coproduce.core.spreadsheets)."""
    return spreadsheets.csv_lines(header(), rows(people))


def xlsx_bytes(people: QuerySet[Person]) -> bytes:
    """The workbook (see coproduce.core.spreadsheets)."""
    return spreadsheets.xlsx_bytes(_("People"), header(), rows(people))


def export_record(
    *,
    organisation: Organisation,
    actor: User,
    file_format: str,
    count: int,
    filters: list[str],
    request: HttpRequest | None = None,
) -> AuditEvent:
    """The audit line of an export: how many people, in which format, and the names (never the values, which
    may be a name searched for) of the filters used."""
    return audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=actor,
        organisation=organisation,
        object_type=Person._meta.label,
        summary=f"Exported {count} people as {file_format.upper()}",
        changes={"format": file_format, "rows": count, "filters": sorted(filters)},
        request=request,
    )
