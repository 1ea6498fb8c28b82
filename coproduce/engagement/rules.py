"""Activities are seen by every member (partners co-deliver them); people's replies and the register also need
people.view_people. Staff who run sessions plan them, invite, and take attendance."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead, is_member

runs_sessions = is_admin | is_lead | has_role(Role.STAFF)

rules.add_perm("engagement.view_activities", is_member)
rules.add_perm("engagement.manage_activities", runs_sessions)
rules.add_perm("engagement.manage_venues", runs_sessions)
rules.add_perm("engagement.manage_school_holidays", is_admin | is_lead)
rules.add_perm("engagement.invite_people", runs_sessions)
rules.add_perm("engagement.take_attendance", runs_sessions)
