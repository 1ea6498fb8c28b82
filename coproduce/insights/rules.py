"""Insights are aggregates with small numbers hidden: seen by those who plan co-production, the data protection
officer, and viewers (commissioners and senior sponsors, who need to see whose voices are missing). Choosing the
areas, uploading benchmarks and the postcode lookup is for admins and co-production leads."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_dpo, is_lead

is_viewer = has_role(Role.VIEWER)

rules.add_perm("insights.view_insights", is_admin | is_lead | is_dpo | is_viewer)
rules.add_perm("insights.manage_insights", is_admin | is_lead)
