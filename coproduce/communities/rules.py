"""Who may see and run communities of practice in their own organisation.

Every role of the host sees its communities: what they hold is about practice (what was tried and learnt, links,
meeting dates), not about families, and the brief wants what works to spread; partners, peer supporters and
commissioners (viewers) are often members or sponsors themselves. Admins and co-production leads set communities up
and run them; a community's own facilitator may run that one community too (`coproduce.communities.access`), even
from another organisation. Members from other organisations see a community only through their explicit
membership (`CommunityQuerySet.visible_to`), never through these organisation-wide permissions.
"""

from __future__ import annotations

import rules

from coproduce.organisations.rules import is_admin, is_lead, is_member

rules.add_perm("communities.view_communities", is_member)
rules.add_perm("communities.manage_communities", is_admin | is_lead)
