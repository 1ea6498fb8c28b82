"""Published offers: the organisation's co-produced pages (such as its Start for Life offer), each in its latest
published version, with when it was last reviewed, who co-produced it, and a printable layout (?print=1)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from coproduce.public import queries
from coproduce.public.http import public_organisation, public_view
from coproduce.public.views.common import language_of, render_public
from coproduce.publishing.models import Offer
from coproduce.publishing.offers import current_version, offer_blocks


@public_view
def offer_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = public_organisation(organisation_slug)
    offers = Offer.objects.for_organisation(organisation).with_version_summary().filter(published_number__isnull=False)
    return render_public(request, organisation, "public/offer_list.html", {"offers": list(offers)})


@public_view
def offer_detail(request: HttpRequest, organisation_slug: str, offer_slug: str) -> HttpResponse:
    organisation = public_organisation(organisation_slug)
    offer = Offer.objects.for_organisation(organisation).filter(slug=offer_slug).first()
    version = current_version(offer) if offer is not None else None
    if version is None:
        raise Http404
    body = queries.translated(version, "body", language_of(request, organisation))
    context = {
        "offer": offer,
        "version": version,
        "body": body,
        "blocks": offer_blocks(body.text),
        "print_layout": request.GET.get("print") == "1",
        "page_url": request.build_absolute_uri(request.path),
    }
    return render_public(request, organisation, "public/offer_detail.html", context)
