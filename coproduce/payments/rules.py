"""Payments: leads and administrators set the policy and export for finance; staff record lines and payments."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead

rules.add_perm("payments.manage_policy", is_admin | is_lead)
rules.add_perm("payments.record_payments", is_admin | is_lead | has_role(Role.STAFF))
rules.add_perm("payments.export_payments", is_admin | is_lead)
