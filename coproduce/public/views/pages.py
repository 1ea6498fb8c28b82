"""The public site's home page, how to get involved, the glossary and the accessibility statement."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from coproduce.commitments.models import DefinitionVersion
from coproduce.public import queries
from coproduce.public.http import public_organisation, public_view
from coproduce.public.views.common import language_of, render_public
from coproduce.publishing.models import GlossaryTerm

# When the accessibility statement was last reviewed (update it with each review of the public site).
STATEMENT_PREPARED = dt.date(2026, 11, 27)


def _safeguarding(organisation):
    try:
        return organisation.safeguarding_arrangements
    except ObjectDoesNotExist:  # no arrangements recorded yet
        return None


@public_view
def home(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """What co-production is here, what is on next, the latest wins, what we did about what families said, and how
    to take part."""
    organisation = public_organisation(organisation_slug)
    today = timezone.localdate()
    language = language_of(request, organisation)
    adopted = DefinitionVersion.objects.for_organisation(organisation).adopted().only("text").first()
    wins = list(queries.published_wins(organisation)[:3])
    highlights = queries.with_public_details(queries.recently_kept(organisation), language, today)
    context = {
        "definition": adopted.paragraphs[0] if adopted and adopted.paragraphs else "",
        "activities": list(queries.public_activities(organisation, today)[:3]),
        "wins": [
            (win, queries.translated(win, "title", language), queries.translated(win, "story", language))
            for win in wins
        ],
        "highlights": highlights,
        "summary": queries.summary_sentence(queries.promise_summary(organisation, today)),
    }
    return render_public(request, organisation, "public/home.html", context)


@public_view
def get_involved(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Every way to join, the barriers removed (from what the public activities offer), and who to contact."""
    organisation = public_organisation(organisation_slug, "safeguarding_arrangements")
    context = {
        "offered": queries.what_activities_offer(organisation, timezone.localdate()),
        "safeguarding": _safeguarding(organisation),
    }
    return render_public(request, organisation, "public/get_involved.html", context)


@public_view
def glossary(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """The organisation's terms, A to Z, with plain explanations."""
    organisation = public_organisation(organisation_slug)
    language = language_of(request, organisation)
    terms = [
        (term, queries.translated(term, "explanation", language))
        for term in GlossaryTerm.objects.for_organisation(organisation)
    ]
    letters: dict[str, list] = {}
    for term, explanation in terms:
        first = term.term[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append((term, explanation))
    return render_public(request, organisation, "public/glossary.html", {"letters": sorted(letters.items())})


@public_view
def accessibility(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """The accessibility statement of the public site, in the GOV.UK model."""
    organisation = public_organisation(organisation_slug)
    return render_public(request, organisation, "public/accessibility.html", {"prepared_on": STATEMENT_PREPARED})
