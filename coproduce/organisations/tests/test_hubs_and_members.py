"""Hubs, members, roles and switching organisation, through the pages people use."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Hub, Invitation, Membership, Role
from tests.cast import client_for, make_member


class TestHubs:
    def test_admin_adds_a_hub(self, admin_client_: Client, org) -> None:
        response = admin_client_.post(
            reverse("organisations:hub_create"),
            {"name": "Eastfield", "kind": "spoke", "address": "1 Road", "postcode": "nb4 6qd", "is_open": "on"},
        )
        hub = Hub.objects.get(organisation=org, name="Eastfield")
        assert response["Location"] == reverse("organisations:hub_detail", kwargs={"hub_id": hub.pk})
        assert hub.postcode == "NB4 6QD"
        assert AuditEvent.objects.filter(action="create", object_id=str(hub.pk)).exists()

    def test_missing_name_shows_the_error_and_saves_nothing(self, admin_client_: Client, org) -> None:
        response = admin_client_.post(reverse("organisations:hub_create"), {"name": "", "kind": "hub"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="#id_name"' in html  # the error summary links to the field
        assert 'id="id_name-error"' in html
        assert 'aria-describedby="id_name-error"' in html
        assert "<title>Error:" not in html or "Enter the name of the hub" in html
        assert not Hub.objects.filter(organisation=org).exists()

    def test_radio_errors_link_to_the_first_option(self, admin_client_: Client) -> None:
        html = admin_client_.post(reverse("organisations:hub_create"), {"name": "X"}).content.decode()
        assert 'href="#id_kind_0"' in html
        assert "Select the type of site" in html
        assert '<fieldset class="govuk-fieldset" aria-describedby="id_kind-error">' in html

    def test_duplicate_name_is_refused(self, admin_client_: Client, hub) -> None:
        response = admin_client_.post(reverse("organisations:hub_create"), {"name": "northby central", "kind": "hub"})
        assert "There is already a hub called northby central" in response.content.decode()
        assert Hub.objects.filter(name__iexact="northby central").count() == 1

    def test_editing_records_what_changed(self, admin_client_: Client, hub) -> None:
        url = reverse("organisations:hub_edit", kwargs={"hub_id": hub.pk})
        admin_client_.post(url, {"name": "Northby Central Hub", "kind": "hub", "postcode": "NB1 1AA", "is_open": ""})
        hub.refresh_from_db()
        assert hub.name == "Northby Central Hub" and hub.is_open is False
        event = AuditEvent.objects.get(action="update", object_id=str(hub.pk))
        assert event.changes["name"] == ["Northby Central", "Northby Central Hub"]
        assert event.changes["is_open"] == ["True", "False"]
        detail = admin_client_.get(reverse("organisations:hub_detail", kwargs={"hub_id": hub.pk}))
        assert "Change history" in detail.content.decode()

    def test_staff_see_hubs_but_cannot_change_them(self, colleague_client: Client, hub) -> None:
        assert colleague_client.get(reverse("organisations:hub_list")).status_code == 200
        assert colleague_client.get(reverse("organisations:hub_create")).status_code == 403
        url = reverse("organisations:hub_edit", kwargs={"hub_id": hub.pk})
        assert colleague_client.post(url, {"name": "Renamed", "kind": "hub"}).status_code == 403
        hub.refresh_from_db()
        assert hub.name == "Northby Central"

    def test_hub_list_shows_only_this_organisations_hubs(self, admin_client_: Client, hub, other_hub) -> None:
        html = admin_client_.get(reverse("organisations:hub_list")).content.decode()
        assert hub.name in html and other_hub.name not in html

    def test_hub_list_queries_do_not_grow_with_hubs(
        self, admin_client_: Client, org, django_assert_max_num_queries
    ) -> None:
        for i in range(30):
            Hub.objects.create(organisation=org, name=f"Hub {i}")
        with django_assert_max_num_queries(7):
            admin_client_.get(reverse("organisations:hub_list"))


class TestMembers:
    def test_invite_sends_an_email_with_a_link(
        self, admin_client_: Client, org, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client_.post(
                reverse("organisations:member_invite"), {"email": "New.Person@Example.org", "role": Role.LEAD}
            )
        assert response.status_code == 302
        invitation = Invitation.objects.get(organisation=org)
        assert invitation.email == "new.person@example.org" and invitation.role == Role.LEAD
        assert len(mailoutbox) == 1
        assert "http://testserver/accounts/invitation/" in mailoutbox[0].body
        assert "Co-production lead" in mailoutbox[0].body

    def test_invite_errors(self, admin_client_: Client, colleague, mailoutbox) -> None:
        html = admin_client_.post(reverse("organisations:member_invite"), {"email": "not-an-email"}).content.decode()
        assert "Enter an email address in the correct format" in html
        assert "Select the role this person will have" in html
        html = admin_client_.post(
            reverse("organisations:member_invite"), {"email": "colleague@example.org", "role": Role.STAFF}
        ).content.decode()
        assert "colleague@example.org is already a member of Northby Family Hubs" in html
        assert not Invitation.objects.exists()
        assert mailoutbox == []

    def test_inviting_again_replaces_the_open_invitation(self, admin_client_: Client, org) -> None:
        for role in (Role.STAFF, Role.VIEWER):
            admin_client_.post(reverse("organisations:member_invite"), {"email": "x@example.org", "role": role})
        pending = Invitation.objects.for_organisation(org).pending()
        assert [i.role for i in pending] == [Role.VIEWER]
        assert Invitation.objects.filter(revoked_at__isnull=False).count() == 1

    def test_withdraw_an_invitation(self, admin_client_: Client, org) -> None:
        admin_client_.post(reverse("organisations:member_invite"), {"email": "x@example.org", "role": Role.STAFF})
        invitation = Invitation.objects.get()
        admin_client_.post(reverse("organisations:invitation_revoke", kwargs={"invitation_id": invitation.pk}))
        invitation.refresh_from_db()
        assert invitation.status == "revoked"

    def test_change_role_and_remove(self, admin_client_: Client, colleague, org) -> None:
        membership = Membership.objects.get(user=colleague)
        url = reverse("organisations:member_detail", kwargs={"membership_id": membership.pk})
        admin_client_.post(url, {"role": Role.LEAD})
        membership.refresh_from_db()
        assert membership.role == Role.LEAD
        assert AuditEvent.objects.filter(action="update", object_id=str(membership.pk)).exists()
        admin_client_.post(reverse("organisations:member_remove", kwargs={"membership_id": membership.pk}))
        assert not Membership.objects.filter(pk=membership.pk).exists()
        assert AuditEvent.objects.filter(action="delete", object_id=str(membership.pk)).exists()

    def test_the_last_administrator_cannot_be_demoted_or_removed(self, admin_client_: Client, admin) -> None:
        membership = Membership.objects.get(user=admin)
        url = reverse("organisations:member_detail", kwargs={"membership_id": membership.pk})
        html = admin_client_.post(url, {"role": Role.STAFF}).content.decode()
        assert "Every organisation needs at least one administrator" in html
        admin_client_.post(reverse("organisations:member_remove", kwargs={"membership_id": membership.pk}))
        membership.refresh_from_db()
        assert membership.role == Role.ADMIN

    def test_only_admins_manage_members(self, colleague_client: Client, admin) -> None:
        assert colleague_client.get(reverse("organisations:member_list")).status_code == 403
        assert (
            colleague_client.post(
                reverse("organisations:member_invite"), {"email": "a@example.org", "role": Role.ADMIN}
            ).status_code
            == 403
        )
        assert not Invitation.objects.exists()

    def test_member_list_queries_do_not_grow(self, admin_client_: Client, org, django_assert_max_num_queries) -> None:
        for i in range(20):
            make_member(org, f"person{i}@example.org", Role.STAFF)
        with django_assert_max_num_queries(8):
            admin_client_.get(reverse("organisations:member_list"))


class TestSwitchingOrganisation:
    def test_a_member_of_two_organisations_switches(self, org, other_org, hub, other_hub, admin) -> None:
        Membership.objects.create(organisation=other_org, user=admin, role=Role.VIEWER)
        client = client_for(admin)
        assert client.get("/").context["organisation"] == org
        response = client.post(reverse("core:switch_organisation"), {"organisation": str(other_org.pk)})
        assert response.status_code == 302
        html = client.get(reverse("organisations:hub_list")).content.decode()
        assert other_hub.name in html and hub.name not in html
        # Now Northby's hub is another organisation's: 404.
        assert client.get(reverse("organisations:hub_detail", kwargs={"hub_id": hub.pk})).status_code == 404

    def test_cannot_switch_to_an_organisation_you_are_not_in(self, admin_client_: Client, org, other_org) -> None:
        admin_client_.post(reverse("core:switch_organisation"), {"organisation": str(other_org.pk)})
        assert admin_client_.get("/").context["organisation"] == org

    def test_switch_ignores_an_outside_next_url(self, admin, org) -> None:
        client = client_for(admin)
        response = client.post(
            reverse("core:switch_organisation"), {"organisation": str(org.pk), "next": "https://evil.example.com/"}
        )
        assert response["Location"] == "/"


class TestPlatformAdministration:
    def test_platform_admin_creates_an_organisation_and_invites_its_admin(
        self, platform_admin, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:
        client = client_for(platform_admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("organisations:platform_create"),
                {"name": "Westby Family Hubs", "slug": "westby", "first_admin_email": "lead@westby.example.org"},
            )
        assert response.status_code == 302
        invitation = Invitation.objects.get(email="lead@westby.example.org")
        assert invitation.role == Role.ADMIN and invitation.organisation.name == "Westby Family Hubs"
        assert len(mailoutbox) == 1

    def test_errors_are_specific(self, platform_admin, org) -> None:
        client = client_for(platform_admin)
        html = client.post(
            reverse("organisations:platform_create"),
            {"name": "Northby Family Hubs", "slug": "Not A Slug!", "first_admin_email": ""},
        ).content.decode()
        assert "An organisation with this name already exists" in html
        assert "Use only lower-case letters, numbers and hyphens in the web name" in html
        assert "Enter the email address of the first administrator" in html

    def test_organisation_admins_do_not_see_platform_pages(self, admin_client_: Client) -> None:
        assert admin_client_.get(reverse("organisations:platform_list")).status_code == 404
        assert admin_client_.get(reverse("organisations:platform_create")).status_code == 404


class TestPlatformSetsUpAnOrganisation:
    def test_platform_admin_adds_hubs_and_invites_staff(self, platform_admin, other_org) -> None:
        client = client_for(platform_admin)
        url = reverse("organisations:platform_detail", kwargs={"organisation_id": other_org.pk})
        client.post(url, {"add_hub": "1", "hub-name": "Southby Library", "hub-kind": "spoke"})
        assert Hub.objects.for_organisation(other_org).filter(name="Southby Library").exists()
        client.post(
            url, {"invite": "1", "invite-email": "dsl@southby.example.org", "invite-role": Role.SAFEGUARDING_LEAD}
        )
        assert Invitation.objects.for_organisation(other_org).get().role == Role.SAFEGUARDING_LEAD

    def test_errors_show_on_the_right_form(self, platform_admin, other_org) -> None:
        client = client_for(platform_admin)
        url = reverse("organisations:platform_detail", kwargs={"organisation_id": other_org.pk})
        html = client.post(url, {"invite": "1", "invite-email": "nope"}).content.decode()
        assert 'href="#id_invite-email"' in html
        assert "Enter the name of the hub" not in html
        assert not Invitation.objects.exists()
