"""Decisions and promises are seen by every member (partners co-deliver the work and are often present). Staff who
run co-production record decisions and make promises; a promise's owner may also report on their own promise."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.rules import has_role, is_admin, is_lead, is_member

records_decisions = is_admin | is_lead | has_role(Role.STAFF)


@rules.predicate
def is_promise_owner(user, promise=None) -> bool:
    owner_id = getattr(promise, "owner_id", None)
    return owner_id is not None and owner_id == getattr(user, "pk", None)


rules.add_perm("decisions.view_decisions", is_member)
rules.add_perm("decisions.record_decisions", records_decisions)
rules.add_perm("decisions.record_promises", records_decisions)
# The owner only while still a member of the promise's organisation.
rules.add_perm("decisions.change_promise_status", records_decisions | (is_member & is_promise_owner))
