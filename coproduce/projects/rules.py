"""Who may see and change projects (see organisations/rules.py for the predicates)."""

from __future__ import annotations

import rules

from coproduce.organisations.rules import is_admin, is_lead, is_member

rules.add_perm("projects.view_projects", is_member)
rules.add_perm("projects.manage_projects", is_admin | is_lead)
