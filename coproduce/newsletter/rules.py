"""Who may see and send the newsletter (see organisations/rules.py for the predicates).

Subscribers' addresses are personal data: only the roles that work with families see them, and never in public.
Sending goes to every confirmed subscriber at once, so only administrators and co-production leads may send; the
export of every address is a bulk copy of personal data, so the same few roles.
"""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead

rules.add_perm("newsletter.view_newsletter", is_admin | is_lead | has_role(Role.STAFF))
rules.add_perm("newsletter.compose_issues", is_admin | is_lead | has_role(Role.STAFF))
rules.add_perm("newsletter.send_issues", is_admin | is_lead)
rules.add_perm("newsletter.export_subscribers", is_admin | is_lead)
