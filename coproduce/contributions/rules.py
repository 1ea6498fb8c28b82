"""Contributions can hold people's words and photos: seen by the roles that work with families or look after
their data; themes are the organisation's own list, kept by leads."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_dpo, is_lead

rules.add_perm("contributions.view_contributions", is_admin | is_lead | is_dpo | has_role(Role.STAFF))
rules.add_perm("contributions.record_contributions", is_admin | is_lead | has_role(Role.STAFF))
rules.add_perm("contributions.manage_themes", is_admin | is_lead)
