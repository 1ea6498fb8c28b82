"""A person's equality answers are seen by the data protection officer only; aggregates (small numbers
suppressed) by those who plan co-production."""

from __future__ import annotations

import rules

from coproduce.organisations.rules import is_admin, is_dpo, is_lead

rules.add_perm("equality.view_answers", is_dpo)
rules.add_perm("equality.view_summary", is_admin | is_lead | is_dpo)
