"""Every form's error path: a clear message next to the field, and nothing saved. And the happy paths, each with
its audit line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from coproduce.accounts.models import User
from coproduce.communities import services
from coproduce.communities.models import (
    CommunityMeeting,
    CommunityMember,
    CommunityOfPractice,
    CommunityTheme,
    LearningLogEntry,
    SharedResource,
)
from coproduce.communities.tests.conftest import set_up, url
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.projects.models import Project
from tests.cast import client_for, make_member

CREATE = reverse("communities:community_create")


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class TestSettingUp:
    def test_a_lead_sets_up_a_community_and_becomes_its_facilitator(self, lead, org, today):
        response = client_for(lead).post(
            CREATE,
            {
                "name": "Reaching dads",
                "goal": "More dads use the hubs",
                "facilitator": str(lead.pk),
                "started_on": d(today),
                "ends_on": d(today + dt.timedelta(days=90)),
            },
        )
        community = CommunityOfPractice.objects.get(organisation=org)
        assert response.status_code == 302
        assert community.facilitator == lead
        assert CommunityMember.objects.get(community=community).role == CommunityMember.Role.FACILITATOR
        assert AuditEvent.objects.filter(object_id=str(community.pk), action="create").exists()

    def test_an_end_date_before_the_start_date_is_refused(self, lead, org, today):
        content = errors_of(
            client_for(lead).post(
                CREATE,
                {
                    "name": "Reaching dads",
                    "goal": "More dads",
                    "started_on": d(today),
                    "ends_on": d(today - dt.timedelta(days=1)),
                    "review_on": d(today - dt.timedelta(days=2)),
                },
            )
        )
        assert "The end date must be the same as or after the start date" in content
        assert "The review date must be the same as or after the start date" in content
        assert "govuk-error-summary" in content
        assert not CommunityOfPractice.objects.exists()

    def test_missing_name_goal_and_start_are_each_named(self, lead):
        content = errors_of(client_for(lead).post(CREATE, {"name": "", "goal": "", "started_on": ""}))
        assert "Enter a name for the community" in content
        assert "Write what the community wants to learn or change" in content
        assert "Enter start date" in content
        assert not CommunityOfPractice.objects.exists()

    def test_a_name_already_used_is_refused(self, lead, org, community, today):
        content = errors_of(
            client_for(lead).post(CREATE, {"name": "reaching DADS", "goal": "x", "started_on": d(today)})
        )
        assert "There is already a community called reaching DADS" in content
        assert CommunityOfPractice.objects.count() == 1

    def test_a_facilitator_from_another_organisation_cannot_be_chosen_by_id(self, lead, stranger, today):
        content = errors_of(
            client_for(lead).post(
                CREATE, {"name": "X", "goal": "x", "started_on": d(today), "facilitator": str(stranger.pk)}
            )
        )
        assert "Choose a member of your organisation or of the community" in content
        assert not CommunityOfPractice.objects.exists()

    def test_staff_cannot_set_one_up(self, colleague):
        assert client_for(colleague).get(CREATE).status_code == 403

    def test_the_database_refuses_an_end_before_the_start(self, org, today):
        with pytest.raises(IntegrityError), transaction.atomic():
            CommunityOfPractice.objects.create(
                organisation=org, name="X", goal="x", started_on=today, ends_on=today - dt.timedelta(days=1)
            )


class TestChanging:
    def test_ending_a_community_is_audited_and_shown(self, lead, community, today):
        response = client_for(lead).post(
            url("community_edit", community),
            {
                "name": community.name,
                "goal": community.goal,
                "facilitator": str(lead.pk),
                "started_on": d(community.started_on),
                "status": "ended",
            },
        )
        assert response.status_code == 302
        community.refresh_from_db()
        assert community.status == "ended"
        event = AuditEvent.objects.get(object_id=str(community.pk), action="update")
        assert event.changes["status"] == ["active", "ended"]
        page = client_for(lead).get(url("community_detail", community)).content.decode()
        assert "Ended" in page

    def test_an_end_date_before_the_start_is_refused_on_change(self, lead, community):
        content = errors_of(
            client_for(lead).post(
                url("community_edit", community),
                {
                    "name": community.name,
                    "goal": community.goal,
                    "started_on": d(community.started_on),
                    "ends_on": d(community.started_on - dt.timedelta(days=3)),
                    "status": "active",
                },
            )
        )
        assert "The end date must be the same as or after the start date" in content
        community.refresh_from_db()
        assert community.ends_on is None

    def test_a_missing_status_is_named(self, lead, community):
        content = errors_of(
            client_for(lead).post(
                url("community_edit", community),
                {"name": community.name, "goal": "x", "started_on": d(community.started_on), "status": "paused"},
            )
        )
        assert "Choose whether the community is active or has ended" in content


class TestMembers:
    def test_a_member_of_another_organisation_is_added_by_email_and_told(
        self, lead, community, other_org, django_capture_on_commit_callbacks
    ):
        user = make_member(other_org, "sam@southby.example.org", Role.ADMIN, "Sam Okoro")
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(lead).post(
                url("member_add", community), {"email": "SAM@southby.example.org", "role": "member"}
            )
        assert response.status_code == 302
        member = CommunityMember.objects.get(community=community, user=user)
        assert member.home_organisation == other_org
        assert AuditEvent.objects.filter(object_id=str(member.pk), action="create").exists()
        assert mail.outbox[-1].to == ["sam@southby.example.org"]
        assert "Reaching dads" in mail.outbox[-1].subject

    def test_someone_without_an_organisation_cannot_be_added(self, lead, community, db):
        User.objects.create_user("family@example.com", "x" * 20)
        for email in ("family@example.com", "nobody@example.com"):
            content = errors_of(client_for(lead).post(url("member_add", community), {"email": email, "role": "member"}))
            assert "No one with this email address works with an organisation on coproduce" in content
        assert CommunityMember.objects.filter(community=community).count() == 1

    def test_someone_already_a_member_is_not_added_twice(self, lead, community, outsider):
        content = errors_of(
            client_for(lead).post(url("member_add", community), {"email": outsider.email, "role": "member"})
        )
        assert "Olu Outsider is already a member of this community" in content

    def test_a_badly_typed_email_and_missing_role_are_named(self, lead, community):
        content = errors_of(client_for(lead).post(url("member_add", community), {"email": "not an email"}))
        assert "Enter an email address in the correct format" in content
        assert "Choose member or facilitator" in content

    def test_the_facilitator_cannot_be_made_a_plain_member_or_removed(self, lead, community):
        member = CommunityMember.objects.get(community=community, user=lead)
        client = client_for(lead)
        content = errors_of(
            client.post(url("member_edit", community, community_member_id=member.pk), {"role": "member"})
        )
        assert "make someone else the facilitator instead" in content
        response = client.post(url("member_remove", community, community_member_id=member.pk), follow=True)
        assert "Make someone else the facilitator before removing" in response.content.decode()
        assert CommunityMember.objects.filter(pk=member.pk, role="facilitator").exists()

    def test_making_someone_facilitator_hands_over(self, lead, community, outsider):
        member = CommunityMember.objects.get(community=community, user=outsider)
        response = client_for(lead).post(
            url("member_edit", community, community_member_id=member.pk), {"role": "facilitator", "expertise": "Dads"}
        )
        assert response.status_code == 302
        community.refresh_from_db()
        assert community.facilitator == outsider
        assert CommunityMember.objects.get(community=community, user=lead).role == "member"

    def test_a_member_is_removed_with_an_audit_line(self, lead, community, outsider):
        member = CommunityMember.objects.get(community=community, user=outsider)
        response = client_for(lead).post(url("member_remove", community, community_member_id=member.pk))
        assert response.status_code == 302
        assert not CommunityMember.objects.filter(pk=member.pk).exists()
        assert AuditEvent.objects.filter(object_id=str(member.pk), action="delete").exists()

    def test_another_communitys_member_is_404(self, lead, org, community, outsider):
        other = set_up(lead, org, name="Other")
        member = CommunityMember.objects.get(community=community, user=outsider)
        response = client_for(lead).get(url("member_edit", other, community_member_id=member.pk))
        assert response.status_code == 404


class TestThemes:
    def test_the_balance_and_the_nudge(self, lead, community):
        client = client_for(lead)
        for title in ("Letters go to mums", "Groups feel like mums' groups", "Posters"):
            services.theme_save(actor=lead, community=community, title=title, kind="problem")
        page = client.get(url("community_detail", community)).content.decode()
        assert "3 problems, 0 opportunities" in page
        assert "Every theme is about solving a problem" in page
        services.theme_save(actor=lead, community=community, title="Saturday group", kind="opportunity")
        page = client.get(url("community_detail", community)).content.decode()
        assert "3 problems, 1 opportunity" in page
        assert "Every theme is about" not in page

    def test_a_theme_without_a_kind_is_refused(self, lead, community):
        content = errors_of(
            client_for(lead).post(url("theme_create", community), {"title": "Posters", "status": "open"})
        )
        assert "Choose whether the theme is about solving a problem or capturing an opportunity" in content
        assert not CommunityTheme.objects.exists()

    def test_a_theme_is_added_and_changed_with_audit_lines(self, lead, community):
        client = client_for(lead)
        client.post(url("theme_create", community), {"title": "Posters", "kind": "problem", "status": "open"})
        theme = CommunityTheme.objects.get(community=community)
        client.post(
            url("theme_edit", community, community_theme_id=theme.pk),
            {"title": "Posters", "kind": "problem", "status": "done"},
        )
        theme.refresh_from_db()
        assert theme.status == "done"
        assert AuditEvent.objects.filter(object_id=str(theme.pk)).count() == 2


class TestLog:
    def test_a_date_in_the_future_and_missing_words_are_named(self, lead, community, today):
        content = errors_of(
            client_for(lead).post(url("log_create", community), {"happened_on": d(today + dt.timedelta(days=2))})
        )
        assert "The date must be today or in the past" in content
        assert "Write what was tried" in content
        assert "Write what was learnt" in content
        assert not LearningLogEntry.objects.exists()

    def test_a_theme_of_another_community_is_refused(self, lead, org, community, today):
        other = set_up(lead, org, name="Other")
        theme = services.theme_save(actor=lead, community=other, title="Elsewhere", kind="problem")
        content = errors_of(
            client_for(lead).post(
                url("log_create", community),
                {"happened_on": d(today), "tried": "x", "learnt": "y", "theme": str(theme.pk)},
            )
        )
        assert "Choose one of this community&#x27;s themes" in content
        assert not LearningLogEntry.objects.exists()
        with pytest.raises(services.ValidationError):
            services.log_entry_save(
                actor=lead, community=community, happened_on=today, tried="x", learnt="y", theme=theme, today=today
            )

    def test_the_author_changes_their_entry_and_the_audit_keeps_no_words(self, lead, community, today):
        entry = services.log_entry_save(
            actor=lead, community=community, happened_on=today, tried="Breakfast", learnt="Works", today=today
        )
        response = client_for(lead).post(
            url("log_edit", community, log_entry_id=entry.pk),
            {"happened_on": d(today), "tried": "Saturday breakfast", "learnt": "Works", "changed_in": "Southby"},
        )
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.tried == "Saturday breakfast"
        event = AuditEvent.objects.get(object_id=str(entry.pk), action="update")
        assert "Saturday breakfast" not in str(event.changes) + event.object_label


class TestResources:
    def test_neither_a_link_nor_text_is_refused(self, lead, community):
        content = errors_of(client_for(lead).post(url("resource_create", community), {"title": "Guide"}))
        assert "Give a link or write a short text" in content
        assert not SharedResource.objects.exists()

    def test_a_bad_link_is_refused(self, lead, community):
        content = errors_of(
            client_for(lead).post(url("resource_create", community), {"title": "Guide", "url": "not a link at all"})
        )
        assert "Enter a link in the correct format" in content
        assert not SharedResource.objects.exists()

    def test_a_short_text_is_enough_and_can_be_removed(self, lead, community):
        client = client_for(lead)
        client.post(url("resource_create", community), {"title": "Tip", "text": "Breakfast from 9:30"})
        resource = SharedResource.objects.get(community=community)
        response = client.post(url("resource_remove", community, community_resource_id=resource.pk))
        assert response.status_code == 302
        assert not SharedResource.objects.exists()
        assert AuditEvent.objects.filter(object_id=str(resource.pk), action="delete").exists()


class TestMeetings:
    def test_an_activity_is_linked_and_listed_as_coming_up(self, lead, community, activity):
        client = client_for(lead)
        response = client.post(url("meeting_add", community), {"activity": str(activity.pk)})
        assert response.status_code == 302
        meeting = CommunityMeeting.objects.get(community=community)
        page = client.get(url("community_detail", community)).content.decode()
        assert "Coming up" in page and "focus group" in page
        client.post(url("meeting_remove", community, community_meeting_id=meeting.pk))
        assert not CommunityMeeting.objects.exists()
        assert Activity.objects.filter(pk=activity.pk).exists()

    def test_another_organisations_activity_is_refused(self, lead, community, other_org):
        project = Project.objects.create(organisation=other_org, title="Theirs", goal="x")
        theirs = Activity.objects.create(organisation=other_org, project=project, title="Theirs", kind="workshop")
        content = errors_of(client_for(lead).post(url("meeting_add", community), {"activity": str(theirs.pk)}))
        assert "Choose one of your organisation&#x27;s activities" in content
        assert not CommunityMeeting.objects.exists()
        with pytest.raises(services.ValidationError):
            services.meeting_link(actor=lead, community=community, activity=theirs)

    def test_no_activity_chosen_is_named(self, lead, community, activity):
        content = errors_of(client_for(lead).post(url("meeting_add", community), {"activity": ""}))
        assert "Choose an activity" in content
