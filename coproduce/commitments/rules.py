"""Who may see and change the commitment area (see organisations/rules.py for the predicates).

Everyone with a role in the organisation sees it, comments on a draft definition and signs the commitment as
themselves; administrators and co-production leads manage the rest.
"""

from __future__ import annotations

import rules

from coproduce.organisations.rules import is_admin, is_lead, is_member


@rules.predicate
def is_own_signature(user, obj=None) -> bool:
    from coproduce.commitments.models import Signature

    if not isinstance(obj, Signature) or obj.member_id is None or not getattr(user, "is_authenticated", False):
        return False
    return obj.member.user_id == user.pk


rules.add_perm("commitments.view_commitment", is_member)
rules.add_perm("commitments.manage_commitment", is_admin | is_lead)
rules.add_perm("commitments.comment_definition", is_member)
rules.add_perm("commitments.sign_commitment", is_member)
# A member may withdraw their own signature; a lead or administrator any.
rules.add_perm("commitments.withdraw_signature", is_admin | is_lead | (is_member & is_own_signature))
