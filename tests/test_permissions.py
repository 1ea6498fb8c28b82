"""The named permissions as a truth table of role × permission, apart from any view."""

from __future__ import annotations

import pytest

from coproduce.organisations.models import Role
from tests.cast import make_member

A, L, S, P, PS, SG, D, V = (
    Role.ADMIN,
    Role.LEAD,
    Role.STAFF,
    Role.PARTNER,
    Role.PEER_SUPPORTER,
    Role.SAFEGUARDING_LEAD,
    Role.DATA_PROTECTION_OFFICER,
    Role.VIEWER,
)
ALL = {A, L, S, P, PS, SG, D, V}

# permission -> the roles that have it in their own organisation
TRUTH_TABLE = {
    "organisations.view_organisation": ALL,
    "people.view_people": {A, L, S, SG, D},
    "organisations.manage_hubs": {A, L},
    "organisations.manage_members": {A},
    "core.view_audit": {A, D},
    "accounts.use_api": ALL,
    "commitments.view_commitment": ALL,
    "commitments.manage_commitment": {A, L},
    "commitments.comment_definition": ALL,
    "commitments.sign_commitment": ALL,
    "commitments.withdraw_signature": {A, L},
    "projects.view_projects": ALL,
    "projects.manage_projects": {A, L},
    "stakeholders.manage_groups": {A, L},
    "stakeholders.manage_partners": {A, L, S},
    "people.manage_people": {A, L, S, D},
    "people.merge_people": {A, L, D},
    "people.import_people": {A, L},
    "people.export_people": {A, D},
    "consent.record_consent": {A, L, S, D},
    "consent.share_with_partner": {A, L, S},
    "consent.manage_notices": {A, D},
    "consent.manage_agreements": {A, D},
    "consent.view_agreements": {A, L, S, D},
    "equality.view_answers": {D},
    "equality.view_summary": {A, L, D},
    "datarights.manage_requests": {D},
    "datarights.erase_person": {D},
    "datarights.manage_retention": {D},
    "safeguarding.raise_concern": {A, L, S, PS, SG, D},
    "safeguarding.handle_concerns": {SG},
    "safeguarding.manage_arrangements": {A, SG},
    "engagement.view_activities": ALL,
    "engagement.manage_activities": {A, L, S},
    "engagement.manage_venues": {A, L, S},
    "engagement.manage_school_holidays": {A, L},
    "engagement.invite_people": {A, L, S},
    "engagement.take_attendance": {A, L, S},
    "payments.manage_policy": {A, L},
    "payments.record_payments": {A, L, S},
    "payments.export_payments": {A, L},
    "contributions.view_contributions": {A, L, S, D},
    "contributions.record_contributions": {A, L, S},
    "contributions.manage_themes": {A, L},
    "decisions.view_decisions": ALL,
    "insights.view_insights": {A, L, D, V},
    "insights.manage_insights": {A, L},
    "decisions.record_decisions": {A, L, S},
    "decisions.record_promises": {A, L, S},
    # A promise's owner may also change its status (tested in decisions/tests/test_promises.py).
    "decisions.change_promise_status": {A, L, S},
    "newsletter.view_newsletter": {A, L, S},
    "newsletter.compose_issues": {A, L, S},
    "newsletter.send_issues": {A, L},
    "newsletter.export_subscribers": {A, L},
    "publishing.view_publishing": ALL,
    "publishing.manage_publishing": {A, L, S},
    "publishing.manage_public_site": {A, L},
    # Peer support: coordinators run it; a peer supporter records support for their own families only
    # (object-level: SupportEpisode.objects.visible_to, tested in peers/tests).
    "peers.view_all_support": {A, L, S},
    "peers.manage_supporters": {A, L, S},
    "peers.view_referrals": {A, L, S},
    "peers.match_referrals": {A, L, S},
    "peers.refer_family": {A, L, S, P, PS},
    "peers.record_support": {A, L, S, PS},
    "peers.view_directory": ALL,
    "peers.manage_directory": {A, L, S},
    # Communities of practice: every role of the host sees them (about practice, not families); admins and leads run
    # them, and so does a community's facilitator (object-level, tested in communities/tests). Members from other
    # organisations see only the communities they were added to, through CommunityMember, not these permissions.
    "communities.view_communities": ALL,
    "communities.manage_communities": {A, L},
    # Learning: everyone sees courses and their own training; the matrix names families, so the roles that see people;
    # staff run training and tick families' induction; leads adapt the checklist, prompts and guidance. The journal is
    # for staff roles, and an entry is readable by its author alone unless shared (object-level:
    # ReflectionEntry.objects.visible_to, tested in learning/tests/test_reflection.py).
    "learning.view_training": ALL,
    "learning.view_matrix": {A, L, S, SG, D},
    "learning.manage_training": {A, L, S},
    "learning.record_induction": {A, L, S},
    "learning.manage_induction": {A, L},
    "learning.manage_guidance": {A, L},
    "learning.reflect": {A, L, S, SG, D},
}


@pytest.mark.parametrize("permission", sorted(TRUTH_TABLE))
@pytest.mark.parametrize("role", sorted(ALL))
def test_truth_table(permission: str, role: str, org, other_org) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert user.has_perm(permission, org) is (role in TRUTH_TABLE[permission])
    # Whatever the role, nothing is allowed in an organisation the user is not a member of.
    assert user.has_perm(permission, other_org) is False


def test_permissions_follow_the_record_to_its_organisation(org, other_org, hub, other_hub) -> None:
    user = make_member(org, "lead@example.org", Role.LEAD)
    assert user.has_perm("organisations.manage_hubs", hub)
    assert not user.has_perm("organisations.manage_hubs", other_hub)


def test_only_platform_admins_create_organisations(org, platform_admin) -> None:
    admin = make_member(org, "orgadmin@example.org", Role.ADMIN)
    assert platform_admin.has_perm("organisations.create_organisation")
    assert not admin.has_perm("organisations.create_organisation")


def test_anonymous_has_no_permissions(org) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not any(AnonymousUser().has_perm(p, org) for p in TRUTH_TABLE)


@pytest.mark.parametrize(
    "permission",
    ["equality.view_answers", "safeguarding.handle_concerns", "datarights.manage_requests", "datarights.erase_person"],
)
def test_platform_admins_get_sensitive_permissions_only_through_a_role(permission, org, platform_admin) -> None:
    assert platform_admin.has_perm("people.view_people", org)  # the usual superuser shortcut elsewhere
    assert not platform_admin.has_perm(permission, org)
    role = {"equality": Role.DATA_PROTECTION_OFFICER, "datarights": Role.DATA_PROTECTION_OFFICER}.get(
        permission.split(".")[0], Role.SAFEGUARDING_LEAD
    )
    from coproduce.organisations.models import Membership

    Membership.objects.create(organisation=org, user=platform_admin, role=role)
    platform_admin = type(platform_admin).objects.get(pk=platform_admin.pk)
    assert platform_admin.has_perm(permission, org)
