"""API: newsletter subscriptions (every address: administrators and co-production leads only, like the CSV export,
and audited in the same way) and issues (administrators, co-production leads, staff)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require
from coproduce.core.access import get_for_member
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.newsletter.models import Issue, Subscriber

router = Router(tags=["newsletter"])

VIEW = "newsletter.view_newsletter"
# Reading subscribers' addresses through the API is a copy of personal data, like the CSV export.
EXPORT = "newsletter.export_subscribers"


class SubscriptionOut(Schema):
    id: uuid.UUID
    email: str
    status: str
    hubs: list[uuid.UUID]
    topics: list[str]
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    unsubscribed_at: dt.datetime | None

    @staticmethod
    def resolve_hubs(subscriber: Subscriber) -> list[uuid.UUID]:
        return [hub.pk for hub in subscriber.hubs.all()]


class IssueOut(Schema):
    id: uuid.UUID
    number: int | None
    subject: str
    status: str
    sent_at: dt.datetime | None
    recipient_count: int
    created_at: dt.datetime


@router.get(
    "/newsletter/subscriptions",
    response=list[SubscriptionOut],
    summary="Newsletter subscriptions, newest first (an unsubscribed one has no email address left)",
)
@paginate(PageNumberPagination, page_size=100)
def subscriptions(request: HttpRequest, status: str | None = None):
    require(request, EXPORT)
    found = Subscriber.objects.for_organisation(request.organisation).prefetch_related("hubs").order_by("-created_at")
    if status:
        found = found.filter(status=status)
    count = found.count()
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        organisation=request.organisation,
        object_type=Subscriber._meta.label,
        summary=f"Read newsletter subscribers through the API ({count} matching)",
        changes={"format": "api", "rows": count, "page": request.GET.get("page") or "1", "status": (status or "")[:20]},
        request=request,
    )
    return found


@router.get("/newsletter/subscriptions/{subscription_id}", response=SubscriptionOut, summary="One subscription")
def subscription(request: HttpRequest, subscription_id: uuid.UUID):
    require(request, EXPORT)
    found = get_for_member(request, Subscriber.objects.prefetch_related("hubs"), subscription_id)
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=request.user,
        organisation=request.organisation,
        obj=found,
        summary="Read a newsletter subscription through the API",
        changes={"format": "api"},
        request=request,
    )
    return found


@router.get("/newsletter/issues", response=list[IssueOut], summary="Newsletter issues, drafts and sent, newest first")
@paginate(PageNumberPagination, page_size=100)
def issues(request: HttpRequest, status: str | None = None):
    require(request, VIEW)
    found = Issue.objects.for_organisation(request.organisation).order_by("-created_at")
    return found.filter(status=status) if status else found
