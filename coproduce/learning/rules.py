"""Who may do what in learning.

- Every member sees the courses and their own training and induction (`view_training`): partners and peer
  supporters co-deliver and take training too.
- The training matrix and a course's list of who completed it name families and peer supporters, so only the roles
  that may see people's details see them (`view_matrix`, as people.view_people).
- Staff who run co-production keep courses, sessions, attendance and completions, and tick induction items for
  families (`manage_training`, `record_induction`); the matrix export is a bulk copy of names, so the same roles.
- The co-production lead (and the administrator) adapts the induction checklist, the reflection prompts and the
  organisation's guidance (`manage_induction`, `manage_guidance`).
- The reflection journal is for staff (`reflect`): every role but partners, peer supporters and viewers. What an
  entry says is the author's alone: no permission reads another's private entry (see
  `ReflectionEntryQuerySet.visible_to`).
"""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead, is_member

staff_roles = is_admin | is_lead | has_role(Role.STAFF)

rules.add_perm("learning.view_training", is_member)
rules.add_perm(
    "learning.view_matrix",
    is_admin | is_lead | has_role(Role.STAFF, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER),
)
rules.add_perm("learning.manage_training", staff_roles)
rules.add_perm("learning.record_induction", staff_roles)
rules.add_perm("learning.manage_induction", is_admin | is_lead)
rules.add_perm("learning.manage_guidance", is_admin | is_lead)
rules.add_perm(
    "learning.reflect",
    is_admin | is_lead | has_role(Role.STAFF, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER),
)
