"""The staff overview of the public site: what families can see now, and where to change each part. It links to
the public site itself, so staff see exactly what families see."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coproduce.core.access import permission_required
from coproduce.core.http import private
from coproduce.core.translations import CONTENT_LANGUAGES
from coproduce.engagement.models import Activity
from coproduce.newsletter.models import Issue, Subscriber
from coproduce.publishing import services
from coproduce.publishing.models import GlossaryTerm, Offer, Win

VIEW = "publishing.view_publishing"
# An offer not reviewed for this long is flagged: families rely on it being current.
REVIEW_AFTER_DAYS = 183


@permission_required(VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    today = timezone.localdate()
    wins = Win.objects.for_organisation(organisation).aggregate(
        published=Count("pk", filter=Q(published_at__isnull=False)), drafts=Count("pk", filter=Q(published_at=None))
    )
    offers = list(
        Offer.objects.for_organisation(organisation)
        .annotate(reviewed=Max("versions__reviewed_on", filter=Q(versions__published_at__isnull=False)))
        .order_by("title")
    )
    stale = [o for o in offers if o.reviewed is None or (today - o.reviewed).days > REVIEW_AFTER_DAYS]
    subscribers = Subscriber.objects.for_organisation(organisation).aggregate(
        confirmed=Count("pk", filter=Q(status=Subscriber.Status.CONFIRMED)),
        pending=Count("pk", filter=Q(status=Subscriber.Status.PENDING)),
    )
    site = services.public_site_for(organisation)
    context = {
        "site": site,
        "languages": [CONTENT_LANGUAGES[code][0] for code in site.languages if code in CONTENT_LANGUAGES],
        "wins": wins,
        "offers": offers,
        "stale_offers": stale,
        "review_after_months": REVIEW_AFTER_DAYS // 30,
        "terms": GlossaryTerm.objects.for_organisation(organisation).count(),
        "public_activities": Activity.objects.for_organisation(organisation)
        .filter(is_public=True, status=Activity.Status.PLANNED)
        .filter(Q(starts_at__date__gte=today) | Q(window_closes_on__gte=today))
        .count(),
        "subscribers": subscribers,
        "issues_sent": Issue.objects.for_organisation(organisation).filter(status=Issue.Status.SENT).count(),
        "can_see_newsletter": request.user.has_perm("newsletter.view_newsletter", organisation),
        "can_change_settings": request.user.has_perm("publishing.manage_public_site", organisation),
    }
    return private(render(request, "publishing/overview.html", context))
