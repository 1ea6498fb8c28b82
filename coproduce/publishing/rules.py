"""What an organisation publishes for families: every member may see the wins, the glossary, the offers and the
public site's settings; staff who run co-production write and publish them; only administrators and leads change
the public site's settings (its contacts and languages speak for the whole organisation)."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead, is_member

rules.add_perm("publishing.view_publishing", is_member)
rules.add_perm("publishing.manage_publishing", is_admin | is_lead | has_role(Role.STAFF))
rules.add_perm("publishing.manage_public_site", is_admin | is_lead)
