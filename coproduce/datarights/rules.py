"""Subject access, erasure and retention are the data protection officer's."""

from __future__ import annotations

import rules

from coproduce.organisations.rules import is_dpo

rules.add_perm("datarights.manage_requests", is_dpo)
rules.add_perm("datarights.erase_person", is_dpo)
rules.add_perm("datarights.manage_retention", is_dpo)
