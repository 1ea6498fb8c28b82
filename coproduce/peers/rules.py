"""Who may do what in peer support. Coordinators (administrators, co-production leads and hub staff) run it: they
keep supporters' profiles, checks and supervision, review referrals, confirm matches and see every family's
support. A peer supporter sees and records only the support of their own families (the object-level rule is the
queryset `SupportEpisode.objects.visible_to`). Partners may refer a family. Everyone may read the services
directory."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead, is_member

coordinates = is_admin | is_lead | has_role(Role.STAFF)

rules.add_perm("peers.view_all_support", coordinates)
rules.add_perm("peers.manage_supporters", coordinates)
rules.add_perm("peers.view_referrals", coordinates)
rules.add_perm("peers.match_referrals", coordinates)
rules.add_perm("peers.refer_family", coordinates | has_role(Role.PARTNER, Role.PEER_SUPPORTER))
# Sessions, goals and navigation: coordinators for anyone, a peer supporter for their own families only.
rules.add_perm("peers.record_support", coordinates | has_role(Role.PEER_SUPPORTER))
rules.add_perm("peers.view_directory", is_member)
rules.add_perm("peers.manage_directory", coordinates)
