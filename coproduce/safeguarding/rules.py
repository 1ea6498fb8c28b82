"""Anyone who works with families may raise a concern; only designated safeguarding leads handle them. Seeing
one concern is allowed to its safeguarding leads and to the person who raised it (see views)."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead, is_safeguarding_lead

rules.add_perm(
    "safeguarding.raise_concern",
    is_admin
    | is_lead
    | has_role(Role.STAFF, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER),
)
rules.add_perm("safeguarding.handle_concerns", is_safeguarding_lead)
rules.add_perm("safeguarding.manage_arrangements", is_admin | is_safeguarding_lead)
