"""API: payment lines (payments for time and expenses), with the list's filters. Amounts are whole pence (integers),
never floats. Needs `payments.record_payments`, like the pages; another organisation's lines are 404.

No `from __future__ import annotations` here: django-ninja reads the query parameters' types at run time."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require
from coproduce.core.access import get_for_member
from coproduce.payments.models import PaymentLine
from coproduce.payments.queries import LineFilters, filter_lines, in_list_order, lines_for
from coproduce.payments.services import line_reference

router = Router(tags=["payments"])

RECORD = "payments.record_payments"
KINDS = (*PaymentLine.Kind.values, "expenses")


class PaymentLineOut(Schema):
    id: uuid.UUID
    reference: str
    person_id: uuid.UUID
    project_id: uuid.UUID
    activity_id: uuid.UUID | None
    attendance_id: uuid.UUID | None
    kind: str
    is_expense: bool
    description: str
    amount_pence: int
    status: str
    method: str
    paid_on: dt.date | None
    benefits_note_shown_at: dt.datetime | None
    receipt_received: bool
    receipt_reference: str
    date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_reference(line: PaymentLine) -> str:
        return line_reference(line)

    @staticmethod
    def resolve_date(line: PaymentLine) -> dt.date | None:
        return getattr(line, "line_date", None)


def _month(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise HttpError(422, "month: give a month as YYYY-MM, like 2026-11") from None


@router.get("/payments", response=list[PaymentLineOut], summary="Payment lines, payments for time first")
@paginate(PageNumberPagination, page_size=100)
def payment_list(
    request: HttpRequest,
    status: str = "",
    kind: str = "",
    project: uuid.UUID | None = None,
    activity: uuid.UUID | None = None,
    person: uuid.UUID | None = None,
    month: str = "",
):
    require(request, RECORD)
    if status and status not in PaymentLine.Status.values:
        raise HttpError(422, f"status: one of {', '.join(PaymentLine.Status.values)}")
    if kind and kind not in KINDS:
        raise HttpError(422, f"kind: one of {', '.join(KINDS)}")
    filters = LineFilters(
        status=status, kind=kind, project_id=project, activity_id=activity, person_id=person, month=_month(month)
    )
    return in_list_order(filter_lines(lines_for(request.organisation), filters))


@router.get("/payments/{line_id}", response=PaymentLineOut, summary="One payment line")
def payment_detail(request: HttpRequest, line_id: uuid.UUID):
    line = get_for_member(request, lines_for(request.organisation), line_id)
    require(request, RECORD, line)
    return line
