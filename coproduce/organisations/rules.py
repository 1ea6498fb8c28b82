"""Named permissions, composed from predicates about the user's role in an organisation.

Every permission is checked against an organisation (or a record that has one):
`request.user.has_perm("organisations.manage_hubs", request.organisation)`. Views, templates and the API all
ask these, and `tests/test_permissions.py` checks them as a truth table.
"""

from __future__ import annotations

import rules

from coproduce.organisations.models import Membership, Role


def role_in(user, obj) -> str | None:
    """The user's role in the organisation of `obj`, from one query per request cached on the user."""
    if user is None or not user.is_authenticated or obj is None:
        return None
    organisation_id = getattr(obj, "organisation_id", None) or getattr(obj, "pk", None)
    cache = getattr(user, "_coproduce_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._coproduce_roles = cache
    return cache.get(organisation_id)


def has_role(*roles: str) -> rules.Predicate:
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(wanted))})")
    def predicate(user, obj=None) -> bool:
        return role_in(user, obj) in wanted

    return predicate


is_member = has_role(*Role.values)
is_admin = has_role(Role.ADMIN)
is_lead = has_role(Role.LEAD)
is_dpo = has_role(Role.DATA_PROTECTION_OFFICER)
is_safeguarding_lead = has_role(Role.SAFEGUARDING_LEAD)
is_platform_admin = rules.is_superuser

# What each permission allows, in words, for the roles page and the truth-table test.
rules.add_perm("organisations.view_organisation", is_member)
rules.add_perm("organisations.manage_hubs", is_admin | is_lead)
# People's names and contact details: the roles that work with families directly or look after their data.
# Partners, peer supporters and viewers see no one's details (peer supporters will see their own families).
rules.add_perm(
    "people.view_people",
    is_admin | is_lead | has_role(Role.STAFF, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER),
)
# Recording and changing people's details, households and access needs; merging duplicates; importing lists;
# exporting everyone (a bulk copy of personal data, so the fewest roles).
rules.add_perm(
    "people.manage_people",
    is_admin | is_lead | has_role(Role.STAFF, Role.DATA_PROTECTION_OFFICER),
)
rules.add_perm("people.merge_people", is_admin | is_lead | is_dpo)
rules.add_perm("people.import_people", is_admin | is_lead)
rules.add_perm("people.export_people", is_admin | is_dpo)
rules.add_perm("organisations.manage_members", is_admin)
rules.add_perm("core.view_audit", is_admin | is_dpo)
rules.add_perm("accounts.use_api", is_member)
rules.add_perm("organisations.create_organisation", is_platform_admin)
