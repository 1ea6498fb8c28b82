"""The eight stakeholder groups of the brief, as every organisation starts with them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (key, name, who this is, what to do when nobody from the group is involved)
EIGHT_GROUPS = [
    (
        "families",
        _("Families"),
        _("Parents, carers, children and young people, especially those whose needs have not been met."),
        _(
            "Work with schools, health visitors, libraries or local charities who already know these families, "
            "and remove barriers to taking part: childcare, travel costs, times that fit the school run."
        ),
    ),
    (
        "parent_carer_forums",
        _("Parent carer forums and panels"),
        _(
            "Including forums for families with special educational needs and disabilities (SEND), and panels for "
            "people who are pregnant or have a child under two."
        ),
        _("Ask your local parent carer forum to nominate members, and invite the pregnancy to age 2 panel."),
    ),
    (
        "practitioners",
        _("Family practitioners"),
        _("People who work with families locally, in public, private and voluntary services."),
        _("Invite practitioners from health visiting, early years, social care and voluntary services."),
    ),
    (
        "faith_community",
        _("Faith and community groups"),
        _("Groups that can widen involvement, particularly of people who do not use services in traditional ways."),
        _("Visit faith and community groups where families already meet, and ask how they would like to take part."),
    ),
    (
        "commissioners",
        _("Commissioners and commissioned services"),
        _("Current commissioners and services, and those who may be commissioned in future."),
        _("Involve commissioners and the services they fund, and providers who might be commissioned in future."),
    ),
    (
        "strategic_bodies",
        _("Strategic bodies"),
        _("For example the children's strategic partnership and the integrated care system (ICS)."),
        _("Take families' voices to governance: ask a strategic partnership to sponsor or review this work."),
    ),
    (
        "charities",
        _("National and local charities"),
        _("Charities that bring a perspective on protected characteristics and local needs."),
        _("Ask national and local charities, particularly those working with protected characteristics, to join."),
    ),
    (
        "education",
        _("Education settings"),
        _("Schools and early years settings, and remembering children who are electively home educated."),
        _("Work with schools and early years settings, and find ways to reach electively home-educated children."),
    ),
]
