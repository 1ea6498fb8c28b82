"""Who may record consent, keep the privacy notices and the data sharing register, and share with partners."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_dpo, is_lead

works_with_families = is_admin | is_lead | has_role(Role.STAFF, Role.DATA_PROTECTION_OFFICER)

rules.add_perm("consent.record_consent", works_with_families)
rules.add_perm("consent.share_with_partner", is_admin | is_lead | has_role(Role.STAFF))
rules.add_perm("consent.manage_notices", is_admin | is_dpo)
rules.add_perm("consent.manage_agreements", is_admin | is_dpo)
rules.add_perm("consent.view_agreements", is_admin | is_lead | is_dpo | has_role(Role.STAFF))
