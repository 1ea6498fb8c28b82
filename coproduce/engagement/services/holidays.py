"""School holidays (each organisation keeps its own term dates) and bank holidays in England and Wales (from the
govuk-bank-holidays package's own copy of GOV.UK's list: never fetched over the network), for the timing warnings
on activities."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.analysis.activity_warnings import Holiday
from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import SchoolHoliday

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

HOLIDAY_FIELDS = ("name", "starts_on", "ends_on")
# The longest school holiday (the summer) is about six and a half weeks: anything much longer is a typing mistake.
LONGEST_HOLIDAY_DAYS = 70


@lru_cache(maxsize=1)
def _bank_holidays() -> dict[dt.date, str]:
    from govuk_bank_holidays.bank_holidays import BankHolidays

    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return {holiday["date"]: holiday["title"] for holiday in holidays}


def bank_holidays_between(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Bank holidays in England and Wales from `first` to `last` (inclusive): date -> name."""
    return {day: name for day, name in sorted(_bank_holidays().items()) if first <= day <= last}


def bank_holidays_known_until() -> dt.date | None:
    """The last bank holiday in the package's list: warnings cannot see bank holidays after it."""
    known = _bank_holidays()
    return max(known) if known else None


def school_holidays_between(organisation: Organisation | object, first: dt.date, last: dt.date) -> list[Holiday]:
    """The organisation's (or the organisation id's) school holidays that touch the days from `first` to `last`,
    as the warnings take them."""
    return [
        Holiday(name=h.name, starts_on=h.starts_on, ends_on=h.ends_on)
        for h in SchoolHoliday.objects.for_organisation(organisation)
        .filter(starts_on__lte=last, ends_on__gte=first)
        .only("name", "starts_on", "ends_on")
    ]


def check_holiday(fields: dict) -> None:
    """The rules for a school holiday, shown next to their fields."""
    errors: dict[str, str] = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = _("Enter a name for the holiday, for example October half term")
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = _("The last day must be the same as or after the first day")
        elif (ends_on - starts_on).days >= LONGEST_HOLIDAY_DAYS:
            errors["ends_on"] = _("A school holiday is at most 10 weeks long: check the first and last days")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def holiday_create(
    *, actor: User, organisation: Organisation, request: HttpRequest | None = None, **fields
) -> SchoolHoliday:
    check_holiday(fields)
    holiday = SchoolHoliday.objects.create(
        organisation=organisation,
        name=fields["name"].strip(),
        starts_on=fields["starts_on"],
        ends_on=fields["ends_on"],
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=holiday,
        changes={"fields": list(HOLIDAY_FIELDS)},
        summary="Added a school holiday",
        request=request,
    )
    return holiday


@transaction.atomic
def holiday_update(
    *, actor: User, holiday: SchoolHoliday, request: HttpRequest | None = None, **fields
) -> SchoolHoliday:
    check_holiday({**{name: getattr(holiday, name) for name in HOLIDAY_FIELDS}, **fields})
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    changes = assign_and_diff(holiday, fields, HOLIDAY_FIELDS)
    if changes:
        holiday.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=holiday.organisation,
            obj=holiday,
            changes={"fields": sorted(changes)},
            summary="Changed a school holiday",
            request=request,
        )
    return holiday


@transaction.atomic
def holiday_delete(*, actor: User, holiday: SchoolHoliday, request: HttpRequest | None = None) -> None:
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=holiday.organisation,
        obj=holiday,
        summary="Removed a school holiday",
        request=request,
    )
    holiday.delete()
