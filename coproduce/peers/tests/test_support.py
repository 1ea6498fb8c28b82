"""A family's support on the web: the families list (a peer supporter's own, everyone's for coordinators, open or
closed, in a fixed number of queries), the support page (who, why matched, how to say their name, what helps them take
part, the safeguarding button, review due), the plan, goals, the wellbeing questions, closing the support (and the
change in wellbeing shown after), with every form's error path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.peers.models import (
    GoalStatus,
    SessionKind,
    SupportGoal,
    SupportSession,
    WellbeingMoment,
    WellbeingScore,
)
from coproduce.peers.services import support as services
from coproduce.peers.tests.support_cast import *  # noqa: F403
from coproduce.peers.tests.support_cast import make_episode
from coproduce.people.models import AccessNeeds
from tests.cast import client_for

DAY = dt.timedelta(days=1)
LIST = reverse("peers:episode_list")


def url(name: str, episode, **kwargs) -> str:
    return reverse(f"peers:{name}", kwargs={"episode_id": episode.pk, **kwargs})


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


class TestTheFamiliesList:
    def test_a_coordinator_sees_every_family_with_their_supporter(self, colleague, episode_a, episode_b) -> None:
        services.session_record(
            actor=colleague, episode=episode_a, held_on=timezone.localdate() - DAY, kind=SessionKind.GROUP
        )
        goal = services.goal_add(actor=colleague, episode=episode_a, text="Find a playgroup")
        services.goal_update(actor=colleague, goal=goal, status=GoalStatus.ACHIEVED)
        services.goal_add(actor=colleague, episode=episode_a, text="Meet other mums")
        response = client_for(colleague).get(LIST)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Families being supported" in body and "Your families" not in body
        assert "Farah" in body and "Bella Brown" in body
        assert "Asha Peer" in body and "Ben Peer" in body  # the supporter column
        [row] = [row for row in response.context["rows"] if row.pk == episode_a.pk]
        assert (row.sessions_count, row.goals_achieved, row.goals_total) == (1, 1, 2)
        assert row.last_session_on == timezone.localdate() - DAY
        assert "1 of 2" in body

    def test_a_peer_supporter_sees_only_their_own_families(self, peer_a, episode_a, episode_b) -> None:
        response = client_for(peer_a).get(LIST)
        body = response.content.decode()
        assert "Your families" in body
        assert "Farah" in body and "Bella Brown" not in body
        assert [row.pk for row in response.context["rows"]] == [episode_a.pk]

    def test_closed_support_is_listed_apart(self, colleague, episode_a, episode_b) -> None:
        services.episode_close(actor=colleague, episode=episode_b, outcomes="Bella feels more confident.")
        open_rows = client_for(colleague).get(LIST).context["rows"]
        closed_rows = client_for(colleague).get(LIST, {"show": "closed"}).context["rows"]
        assert [row.pk for row in open_rows] == [episode_a.pk]
        assert [row.pk for row in closed_rows] == [episode_b.pk]

    def test_the_list_takes_the_same_number_of_queries_however_many_families(
        self, org, colleague, supporter_a, django_assert_max_num_queries
    ) -> None:
        client = client_for(colleague)

        def add_families(count: int) -> None:
            for n in range(count):
                episode = make_episode(org, supporter_a, f"Family {n} {SupportSession.objects.count()}")
                services.session_record(
                    actor=colleague, episode=episode, held_on=timezone.localdate(), kind=SessionKind.ONE_TO_ONE
                )
                services.goal_add(actor=colleague, episode=episode, text="A goal")

        add_families(2)
        client.get(LIST)  # warm up (sessions, caches)
        with django_assert_max_num_queries(8) as few:
            client.get(LIST)
        add_families(12)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(LIST)
        assert len(response.context["rows"]) == 14

    def test_a_viewer_may_not_open_it(self, viewer) -> None:
        assert client_for(viewer).get(LIST).status_code == 403

    def test_a_peer_supporter_without_families_is_told_so(self, peer_b) -> None:
        assert "You are not supporting any families at the moment" in client_for(peer_b).get(LIST).content.decode()


class TestTheSupportPage:
    def test_it_shows_who_why_and_how_to_say_their_name(self, peer_a, episode_a) -> None:
        AccessNeeds.objects.create(
            organisation=episode_a.organisation, person=episode_a.person, step_free=True, other_needs="Bring the pram"
        )
        response = client_for(peer_a).get(url("episode_detail", episode_a))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Farah" in body and "FAH-rah" in body
        assert "Step-free access" in body and "Bring the pram" in body
        assert "Both are dads; both speak Urdu." in body
        assert "Settling in after moving here" in body
        assert f"{reverse('safeguarding:concern_raise')}?support={episode_a.pk}" in body

    def test_reading_it_is_audited(self, peer_a, episode_a) -> None:
        client_for(peer_a).get(url("episode_detail", episode_a))
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.VIEW, object_id=str(episode_a.pk), actor=peer_a
        ).exists()

    def test_a_peer_supporter_can_raise_a_concern_about_their_own_family(self, peer_a, episode_a) -> None:
        response = client_for(peer_a).get(f"{reverse('safeguarding:concern_raise')}?support={episode_a.pk}")
        assert response.status_code == 200

    def test_review_due_shows_after_twelve_weeks(self, colleague, org, supporter_a) -> None:
        today = timezone.localdate()
        old = make_episode(org, supporter_a, "Old Plan", started_on=today - 100 * DAY)
        assert "Review due" in client_for(colleague).get(url("episode_detail", old)).content.decode()
        services.episode_plan_update(
            actor=colleague, episode=old, strengths="Loving family", needs="Housing", reviewed_on=today - 7 * DAY
        )
        assert "Review due" not in client_for(colleague).get(url("episode_detail", old)).content.decode()
        old.plan_reviewed_on = today - 85 * DAY
        old.save()
        assert "Review due" in client_for(colleague).get(url("episode_detail", old)).content.decode()

    def test_a_member_of_another_organisation_gets_404(self, stranger, episode_a) -> None:
        assert client_for(stranger).get(url("episode_detail", episode_a)).status_code == 404


class TestThePlan:
    def test_it_saves_strengths_needs_and_the_review_date(self, peer_a, episode_a) -> None:
        reviewed = timezone.localdate() - DAY
        response = client_for(peer_a).post(
            url("episode_plan", episode_a),
            {"strengths": "Close to her sister", "needs": "Someone to talk to", "reviewed_on": day(reviewed)},
        )
        assert response.status_code == 302
        episode_a.refresh_from_db()
        assert (episode_a.strengths, episode_a.needs, episode_a.plan_reviewed_on) == (
            "Close to her sister",
            "Someone to talk to",
            reviewed,
        )
        event = AuditEvent.objects.get(summary="Changed a family's support plan")
        assert "sister" not in str(event.changes) and event.changes["fields"] == [
            "needs",
            "plan_reviewed_on",
            "strengths",
        ]

    def test_the_error_path(self, peer_a, episode_a) -> None:
        client = client_for(peer_a)
        tomorrow = day(timezone.localdate() + DAY)
        response = client.post(url("episode_plan", episode_a), {"strengths": "New", "reviewed_on": tomorrow})
        assert response.status_code == 200
        assert "must be today or in the past" in response.content.decode()
        response = client.post(url("episode_plan", episode_a), {"strengths": "New", "reviewed_on": "31/2/2026"})
        assert "as a real date" in response.content.decode()
        episode_a.refresh_from_db()
        assert episode_a.strengths == "" and episode_a.plan_reviewed_on is None


class TestGoals:
    def test_a_goal_is_added_and_its_status_changed(self, peer_a, episode_a) -> None:
        client = client_for(peer_a)
        assert client.post(url("goal_add", episode_a), {"text": "Find a playgroup"}).status_code == 302
        goal = SupportGoal.objects.get()
        assert (goal.text, goal.status) == ("Find a playgroup", GoalStatus.WORKING_ON)
        response = client.post(url("goal_update", episode_a, goal_id=goal.pk), {"status": "achieved"})
        assert response.status_code == 302
        goal.refresh_from_db()
        assert goal.status == GoalStatus.ACHIEVED

    def test_the_error_paths(self, peer_a, episode_a) -> None:
        client = client_for(peer_a)
        response = client.post(url("goal_add", episode_a), {"text": "  "})
        assert "Write the goal, in the family&#x27;s words" in response.content.decode()
        response = client.post(url("goal_add", episode_a), {"text": "x" * 301})
        assert "The goal must be 300 characters or fewer" in response.content.decode()
        assert not SupportGoal.objects.exists()
        goal = services.goal_add(actor=peer_a, episode=episode_a, text="Sleep better")
        response = client.post(url("goal_update", episode_a, goal_id=goal.pk), {"status": "won"})
        assert "Choose how the goal is going" in response.content.decode()
        goal.refresh_from_db()
        assert goal.status == GoalStatus.WORKING_ON

    def test_a_goal_of_another_family_is_404_under_this_one(self, colleague, episode_a, episode_b) -> None:
        goal = services.goal_add(actor=colleague, episode=episode_b, text="Not this family's")
        assert client_for(colleague).get(url("goal_update", episode_a, goal_id=goal.pk)).status_code == 404


def wellbeing(**answers) -> dict:
    return {"life_satisfaction": "5", "worthwhile": "6", "happiness": "4", "anxiety": "7", **answers}


class TestWellbeingAndClosing:
    def test_the_start_answers_are_saved_with_prefer_not_to_answer(self, peer_a, episode_a) -> None:
        response = client_for(peer_a).post(url("wellbeing_start", episode_a), wellbeing(happiness="prefer_not"))
        assert response.status_code == 302
        score = WellbeingScore.objects.get(episode=episode_a, moment=WellbeingMoment.START)
        assert (score.life_satisfaction, score.worthwhile, score.happiness, score.anxiety) == (5, 6, None, 7)
        event = AuditEvent.objects.get(summary="Recorded a family's wellbeing answers")
        assert event.changes["answered"] == ["anxiety", "life_satisfaction", "worthwhile"]
        assert "5" not in str(event.changes.get("answered"))

    def test_the_start_form_needs_an_answer_to_each_question(self, peer_a, episode_a) -> None:
        response = client_for(peer_a).post(url("wellbeing_start", episode_a), {"life_satisfaction": "11"})
        body = response.content.decode()
        assert response.status_code == 200
        assert body.count("Choose a number from 0 to 10, or ‘Prefer not to answer’") >= 4
        assert "Prefer not to answer" in body
        assert not WellbeingScore.objects.exists()

    def test_closing_needs_the_familys_own_words(self, peer_a, episode_a) -> None:
        response = client_for(peer_a).post(url("episode_close", episode_a), {"outcomes": " "})
        assert "Write what changed for the family, in their own words" in response.content.decode()
        response = client_for(peer_a).post(
            url("episode_close", episode_a),
            {"outcomes": "Better", "closed_on": day(episode_a.started_on - DAY)},
        )
        assert "must be on or after the day it started" in response.content.decode()
        episode_a.refresh_from_db()
        assert episode_a.is_open and episode_a.outcomes == ""

    def test_closing_records_outcomes_and_shows_the_change_in_wellbeing(self, peer_a, episode_a) -> None:
        client = client_for(peer_a)
        client.post(url("wellbeing_start", episode_a), wellbeing())
        response = client.post(
            url("episode_close", episode_a),
            {"outcomes": "I know where to go for help now.", **wellbeing(life_satisfaction="8", anxiety="3")},
        )
        assert response.status_code == 302
        episode_a.refresh_from_db()
        assert episode_a.closed_on == timezone.localdate() and episode_a.outcomes == "I know where to go for help now."
        close = WellbeingScore.objects.get(episode=episode_a, moment=WellbeingMoment.CLOSE)
        assert (close.life_satisfaction, close.anxiety) == (8, 3)
        body = client.get(url("episode_detail", episode_a)).content.decode()
        assert "I know where to go for help now." in body
        assert "+3" in body and "-4" in body and "(better)" in body
        changes = {c.question: c for c in services.wellbeing_changes(episode_a.wellbeing.all())}
        assert changes["life_satisfaction"].change == 3 and changes["life_satisfaction"].better is True
        assert changes["anxiety"].change == -4 and changes["anxiety"].better is True

    def test_closing_without_the_wellbeing_questions_records_none(self, peer_a, episode_a) -> None:
        client_for(peer_a).post(url("episode_close", episode_a), {"outcomes": "Fine."})
        assert not WellbeingScore.objects.exists()

    @pytest.mark.parametrize(
        ("name", "kwargs", "data"),
        [
            ("episode_plan", {}, {"strengths": "x"}),
            ("goal_add", {}, {"text": "x"}),
            ("wellbeing_start", {}, wellbeing()),
            ("episode_close", {}, {"outcomes": "Again"}),
            ("navigation_add", {}, {}),
        ],
    )
    def test_closed_support_is_read_only(self, peer_a, episode_a, name, kwargs, data) -> None:
        services.episode_close(actor=peer_a, episode=episode_a, outcomes="Settled.")
        response = client_for(peer_a).post(url(name, episode_a, **kwargs), data, follow=True)
        assert response.redirect_chain[-1][0] == url("episode_detail", episode_a)
        assert "closed on" in response.content.decode()
        episode_a.refresh_from_db()
        assert episode_a.outcomes == "Settled." and episode_a.strengths == ""
        assert not SupportGoal.objects.exists() and not WellbeingScore.objects.exists()

    def test_the_closed_support_page_offers_no_changes(self, peer_a, episode_a) -> None:
        services.episode_close(actor=peer_a, episode=episode_a, outcomes="Settled.")
        body = client_for(peer_a).get(url("episode_detail", episode_a)).content.decode()
        assert "It is read only" in body
        assert url("session_add", episode_a) not in body and url("goal_add", episode_a) not in body
