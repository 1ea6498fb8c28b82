"""Who sees and does what: the host's members see its communities; a member from another organisation sees the
communities they were added to (their page, log, resources, members, meeting titles and dates) and nothing else of
the host's; everyone else gets 404. Writes are for the community's members, running it for the facilitator and the
host's admins and leads. Query counts on the list and the community page stay bounded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.communities import services
from coproduce.communities.models import CommunityMember, LearningLogEntry, SharedResource
from coproduce.communities.tests.conftest import set_up, url
from coproduce.organisations.models import Role
from tests.cast import client_for, make_member

LIST = reverse("communities:community_list")


def write_log(community, actor, today, tried="Saturday breakfast", **kwargs):
    return services.log_entry_save(
        actor=actor,
        community=community,
        happened_on=today,
        tried=tried,
        learnt="Dads come if invited by dads",
        today=today,
        **kwargs,
    )


class TestHostMembers:
    def test_a_viewer_of_the_host_sees_the_community_but_cannot_write_or_run_it(self, viewer, community, today):
        write_log(community, community.facilitator, today)
        client = client_for(viewer)
        response = client.get(url("community_detail", community))
        assert response.status_code == 200
        assert b"Saturday breakfast" in response.content
        assert url("log_create", community).encode() not in response.content
        assert client.get(url("log_create", community)).status_code == 403
        assert client.get(url("community_edit", community)).status_code == 403

    def test_the_host_list_shows_its_communities(self, viewer, community):
        response = client_for(viewer).get(LIST)
        assert response.status_code == 200
        assert b"Reaching dads" in response.content
        assert b"In other organisations" not in response.content

    def test_an_admin_of_the_host_runs_it_without_being_a_member(self, admin, community):
        response = client_for(admin).get(url("community_edit", community))
        assert response.status_code == 200


class TestMembersFromAnotherOrganisation:
    def test_they_see_the_community_and_its_log(self, outsider, community, lead, today):
        write_log(community, lead, today, tried="Swapped the posters")
        client = client_for(outsider)
        page = client.get(url("community_detail", community))
        assert page.status_code == 200
        assert b"Swapped the posters" in page.content
        assert b"hosted by Northby Family Hubs" in page.content
        assert b"Olu Outsider" in page.content  # the members list
        log = client.get(url("log_list", community))
        assert log.status_code == 200
        assert b"Swapped the posters" in log.content

    def test_their_list_labels_the_community_with_its_host(self, outsider, community, other_org):
        response = client_for(outsider).get(LIST)
        assert response.status_code == 200
        content = response.content.decode()
        assert "In other organisations" in content
        assert "Reaching dads" in content
        assert "Northby Family Hubs" in content

    def test_they_get_404_for_a_community_they_are_not_in(self, outsider, lead, org):
        other = set_up(lead, org, name="Early language")
        client = client_for(outsider)
        assert client.get(url("community_detail", other)).status_code == 404
        assert client.get(url("log_list", other)).status_code == 404
        assert client.get(url("log_create", other)).status_code == 404
        assert b"Early language" not in client.get(LIST).content

    def test_they_get_404_for_the_hosts_other_pages(self, outsider, community, lead, activity, project):
        services.meeting_link(actor=lead, community=community, activity=activity)
        client = client_for(outsider)
        page = client.get(url("community_detail", community)).content.decode()
        assert "Dads&#x27; evening focus group" in page  # the meeting's title and date
        activity_url = reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk})
        assert activity_url not in page
        assert client.get(activity_url).status_code == 404
        assert client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).status_code == 404
        person_list = client.get(reverse("people:person_list"))
        assert b"Northby" not in person_list.content

    def test_the_host_sees_the_meeting_linked_to_its_activity(self, lead, community, activity):
        services.meeting_link(actor=lead, community=community, activity=activity)
        page = client_for(lead).get(url("community_detail", community)).content.decode()
        assert reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk}) in page

    def test_they_write_in_the_log_and_share_resources(self, outsider, community, today):
        client = client_for(outsider)
        response = client.post(
            url("log_create", community),
            {"happened_on": today.strftime("%d/%m/%Y"), "tried": "Dads' breakfast", "learnt": "Word of mouth works"},
        )
        assert response.status_code == 302
        entry = LearningLogEntry.objects.get(community=community)
        assert entry.author == outsider and entry.organisation_id == community.organisation_id
        response = client.post(url("resource_create", community), {"title": "Our flyer", "url": "https://example.org"})
        assert response.status_code == 302
        assert SharedResource.objects.filter(community=community, added_by=outsider).exists()

    def test_they_cannot_run_the_community(self, outsider, community):
        client = client_for(outsider)
        assert client.get(url("community_edit", community)).status_code == 403
        assert client.get(url("member_add", community)).status_code == 403
        assert client.get(url("theme_create", community)).status_code == 403

    def test_a_facilitator_from_elsewhere_runs_it_but_cannot_link_the_hosts_activities(
        self, outsider, community, lead, activity
    ):
        member = CommunityMember.objects.get(community=community, user=outsider)
        services.member_update(actor=lead, member=member, expertise="", role=CommunityMember.Role.FACILITATOR)
        client = client_for(outsider)
        assert client.get(url("community_edit", community)).status_code == 200
        assert client.get(url("member_add", community)).status_code == 200
        assert client.get(url("meeting_add", community)).status_code == 403

    def test_a_facilitator_from_elsewhere_is_not_shown_the_hosts_members(self, outsider, community, lead, org):
        make_member(org, "not.in.it@example.org", Role.PEER_SUPPORTER, "Nadia Notamember")
        member = CommunityMember.objects.get(community=community, user=outsider)
        services.member_update(actor=lead, member=member, expertise="", role=CommunityMember.Role.FACILITATOR)
        page = client_for(outsider).get(url("community_edit", community)).content.decode()
        assert "Nadia Notamember" not in page and "not.in.it@example.org" not in page
        assert "Priya Lead" in page  # a member of the community itself

    def test_a_removed_member_no_longer_sees_it(self, outsider, community, lead):
        member = CommunityMember.objects.get(community=community, user=outsider)
        services.member_remove(actor=lead, member=member)
        assert client_for(outsider).get(url("community_detail", community)).status_code == 404


class TestStrangers:
    @pytest.mark.parametrize(
        "name", ["community_detail", "community_edit", "log_list", "log_create", "member_add", "resource_create"]
    )
    def test_another_organisations_member_gets_404(self, name, stranger, community):
        assert client_for(stranger).get(url(name, community)).status_code == 404

    def test_a_stranger_cannot_remove_a_resource(self, stranger, community, lead):
        resource = services.resource_add(actor=lead, community=community, title="Guide", url="https://example.org")
        response = client_for(stranger).post(url("resource_remove", community, community_resource_id=resource.pk))
        assert response.status_code == 404
        assert SharedResource.objects.filter(pk=resource.pk).exists()

    def test_a_member_cannot_remove_someone_elses_resource(self, outsider, community, lead):
        resource = services.resource_add(actor=lead, community=community, title="Guide", url="https://example.org")
        response = client_for(outsider).post(url("resource_remove", community, community_resource_id=resource.pk))
        assert response.status_code == 403
        assert SharedResource.objects.filter(pk=resource.pk).exists()

    def test_a_member_cannot_change_someone_elses_log_entry(self, outsider, community, lead, today):
        entry = write_log(community, lead, today)
        assert client_for(outsider).get(url("log_edit", community, log_entry_id=entry.pk)).status_code == 403


class TestQueries:
    def test_the_list_page_is_bounded(self, lead, org, other_org, outsider, django_assert_max_num_queries):
        for n in range(8):
            set_up(lead, org, name=f"Community {n}")
        host = make_member(other_org, "host@southby.example.org", Role.LEAD)
        for n in range(4):
            elsewhere = set_up(host, other_org, name=f"Southby community {n}")
            services.member_add(actor=host, community=elsewhere, email=lead.email)
        client = client_for(lead)
        with django_assert_max_num_queries(10):
            response = client.get(LIST)
        assert response.content.count(b"Southby community") == 4

    def test_the_community_page_is_bounded(
        self, lead, org, community, outsider, activity, project, today, django_assert_max_num_queries
    ):
        from coproduce.engagement.models import Activity

        for n in range(6):
            member = make_member(org, f"member{n}@example.org", Role.STAFF)
            services.member_add(actor=lead, community=community, email=member.email)
            theme = services.theme_save(actor=lead, community=community, title=f"Theme {n}", kind="problem")
            write_log(community, member, today - dt.timedelta(days=n), theme=theme)
            services.resource_add(actor=member, community=community, title=f"Link {n}", url="https://example.org")
            extra = Activity.objects.create(organisation=org, project=project, title=f"Meeting {n}", kind="workshop")
            services.meeting_link(actor=lead, community=community, activity=extra)
        for client in (client_for(lead), client_for(outsider)):
            with django_assert_max_num_queries(14):
                response = client.get(url("community_detail", community))
            assert response.status_code == 200


def test_an_outside_member_who_leaves_their_own_organisation_loses_the_community(outsider, community, other_org):
    from coproduce.organisations.models import Membership

    assert client_for(outsider).get(url("community_detail", community)).status_code == 200
    Membership.objects.filter(user=outsider, organisation=other_org).delete()
    outsider = type(outsider).objects.get(pk=outsider.pk)
    assert client_for(outsider).get(url("community_detail", community)).status_code in (403, 404)


def test_an_ended_community_can_be_read_but_not_added_to(outsider, community):
    community.status = "ended"
    community.save()
    client = client_for(outsider)
    assert client.get(url("community_detail", community)).status_code == 200
    assert client.get(url("log_create", community)).status_code == 403
