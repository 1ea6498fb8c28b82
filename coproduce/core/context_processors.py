"""Values every page's layout needs: the current organisation and the service navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

# Address prefix -> the navigation section it belongs to (what is published for families lives under "Public site").
SECTION_OF_PREFIX = {
    "/wins/": "publishing:overview",
    "/glossary/": "publishing:overview",
    "/offers/": "publishing:overview",
    "/newsletter/": "publishing:overview",
    "/translations/": "publishing:overview",
}


def layout(request: HttpRequest) -> dict:
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if getattr(request, "second_factor_pending", False):
        # While the authenticator app is being set up, links elsewhere would only lead back here (and make a new
        # secret, so the QR code already scanned would stop working): show none.
        pass
    elif user is not None and user.is_authenticated:
        if organisation is not None:
            items.append((_("Home"), reverse("core:home")))
            items.append((_("Projects"), reverse("projects:project_list")))
            if user.has_perm("engagement.view_activities", organisation):
                items.append((_("Activities"), reverse("engagement:activity_list")))
            items.append((_("Commitment"), reverse("commitments:deliverables")))
            items.append((_("Learning"), reverse("learning:home")))
            if user.has_perm("decisions.view_decisions", organisation):
                items.append((_("Decisions"), reverse("decisions:decision_list")))
                items.append((_("Promises"), reverse("decisions:promise_list")))
            if user.has_perm("insights.view_insights", organisation):
                items.append((_("Insights"), reverse("insights:overview")))
            if user.has_perm("publishing.view_publishing", organisation):
                items.append((_("Public site"), reverse("publishing:overview")))
            if user.has_perm("people.view_people", organisation):
                items.append((_("People"), reverse("people:person_list")))
            if user.has_perm("peers.refer_family", organisation) or user.has_perm("peers.record_support", organisation):
                items.append((_("Peer support"), reverse("peers:home")))
            items.append((_("Partners"), reverse("stakeholders:partner_list")))
            items.append((_("Hubs"), reverse("organisations:hub_list")))
            if user.has_perm("organisations.manage_members", organisation):
                items.append((_("Members"), reverse("organisations:member_list")))
            if user.has_perm("safeguarding.raise_concern", organisation):
                items.append((_("Safeguarding"), reverse("safeguarding:concern_list")))
            if user.has_perm("core.view_audit", organisation) or user.has_perm("consent.view_agreements", organisation):
                items.append((_("Data protection"), reverse("core:data_protection")))
        if user.is_superuser:
            items.append((_("Organisations"), reverse("organisations:platform_list")))
        items.append((_("Your account"), reverse("accounts:account")))
    else:
        items.append((_("Sign in"), reverse("account_login")))
    path = request.path
    # Pages reached from a section's own page, under other addresses, belong to that section.
    for prefix, section in SECTION_OF_PREFIX.items():
        if path.startswith(prefix):
            path = reverse(section)
            break
    # The longest matching prefix is the current section ("Home" only for the home page itself).
    current = max(
        (href for _text, href in items if path == href or (href != "/" and path.startswith(href))),
        key=len,
        default=None,
    )
    return {
        "organisation": organisation,
        "memberships": getattr(request, "memberships", []),
        "nav_items": [{"text": text, "href": href, "current": href == current} for text, href in items],
    }
