"""Who may manage stakeholder groups and partner organisations."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead

rules.add_perm("stakeholders.manage_groups", is_admin | is_lead)
rules.add_perm("stakeholders.manage_partners", is_admin | is_lead | has_role(Role.STAFF))
