"""The plain-English checker (coproduce.analysis.plain_english) with an organisation's glossary, for every text that
families read: public pages, messages, the newsletter, the definition. It advises; it never blocks publishing.

Show a report with `{% include "components/plain_english.html" with report=report %}`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coproduce.analysis.plain_english import PlainEnglishReport, check_text
from coproduce.publishing.models import GlossaryTerm

if TYPE_CHECKING:
    from coproduce.organisations.models import Organisation


def glossary_for(organisation: Organisation) -> dict[str, str]:
    """{term: plain explanation} of the organisation's glossary, in one query."""
    return {
        term: (f"{stands_for}: {explanation}" if stands_for else explanation)
        for term, stands_for, explanation in GlossaryTerm.objects.for_organisation(organisation).values_list(
            "term", "stands_for", "explanation"
        )
    }


def plain_english_check(
    organisation: Organisation, text: str, *, glossary: dict[str, str] | None = None
) -> PlainEnglishReport:
    """Check `text` for families against the organisation's glossary (pass `glossary` to check several texts with
    one query)."""
    return check_text(text, glossary=glossary if glossary is not None else glossary_for(organisation))
