"""What an organisation starts learning with, from the brief: suggested courses, an induction checklist, the four
cornerstones of co-production as reflection prompts, and guidance on migrants, refugees and asylum seekers. Each
has a key, so adding the suggestions again adds only the ones missing. And the brief's six reflection questions,
which every journal offers (they are not stored per organisation)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The brief's "Questions for reflections", copied word for word from the source (seed/co-production-module.txt),
# including its wording and punctuation. Keys are stable: entries store them with the question's words.
BRIEF_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "brief-1",
        "What narrative does our data tell us about the involvement of families whose needs haven’t been met?",
    ),
    ("brief-2", "How can we work co-produce from the outset of our project?"),
    ("brief-3", "What do we need to consider when communicating with our diverse communities?"),
    ("brief-4", "What are my own biases and assumptions?"),
    ("brief-5", "How might I stay motivated and motivate others when meaningful co-production gets challenging?"),
    (
        "brief-6",
        "What skills might I need to mediate and balance seemingly contradictory viewpoints or tensions that "
        "co-production can raise",
    ),
)

# (key, name, what it covers, audience, valid for months or None)
SUGGESTED_COURSES = (
    (
        "coproduction-basics",
        _("Co-production basics"),
        _(
            "What co-production means here, our shared definition and commitment, the degrees of participation, "
            "and how families and services share decisions."
        ),
        "both",
        None,
    ),
    (
        "edi",
        _("Equity, diversity and inclusion"),
        _(
            "Becoming aware of our own bias and assumptions, being an ally, and including families whose needs "
            "have not been met."
        ),
        "both",
        36,
    ),
    (
        "safeguarding",
        _("Safeguarding"),
        _("Recognising and reporting concerns about children and adults, and who to tell."),
        "both",
        24,
    ),
    (
        "courageous-conversations",
        _("Courageous conversations"),
        _("Talking openly about difficult subjects, and mediating between views that seem to contradict."),
        "both",
        None,
    ),
    (
        "graphic-facilitation",
        _("Graphic facilitation"),
        _("Capturing key points in pictures so that information is accessible to everyone."),
        "both",
        None,
    ),
    (
        "lived-experience",
        _("Supporting people who share lived experience"),
        _(
            "Sharing lived experience can be hard and may be a trigger for others: how to support people, and "
            "where to find pastoral or therapeutic support."
        ),
        "both",
        36,
    ),
)

# (key, text, audience)
DEFAULT_INDUCTION_ITEMS = (
    ("what-it-means", _("What co-production means here"), "both"),
    ("definition", _("Our shared definition of co-production and the commitment we signed"), "both"),
    ("expenses", _("How we pay expenses and remove barriers to taking part"), "both"),
    ("safeguarding", _("Safeguarding: what to look out for and who to tell"), "both"),
    ("self-care", _("Looking after yourself when you share lived experience"), "families"),
    ("support-others", _("Supporting people who share lived experience, and where to find more help"), "staff"),
    ("decisions", _("How decisions are made and how we keep our promises (‘you said, we did’)"), "both"),
    ("data", _("How we look after people's information and ask for their consent"), "staff"),
)

# The four cornerstones of co-production used by parent carer forums. (key, prompt, hint)
CORNERSTONES = (
    ("welcome-and-care", _("Welcome and care"), _("Did everyone feel welcome and looked after?")),
    ("value-and-equality", _("Value and equality"), _("Was everyone's contribution valued equally?")),
    (
        "ownership-and-shared-power",
        _("Ownership and shared power"),
        _("Who shaped the work, and who made the decisions?"),
    ),
    ("having-an-impact", _("Having an impact"), _("What changed because families took part?")),
)

# (key, title, link, text)
DEFAULT_GUIDANCE = (
    (
        "migrants-refugees",
        _("Migrants, refugees and asylum seekers: what is the difference"),
        "https://www.unhcr.org/uk/about-unhcr/who-we-protect",
        "",
    ),
)
