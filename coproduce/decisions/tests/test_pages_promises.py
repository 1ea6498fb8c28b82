"""Promise pages: the list (overdue first and tagged, counts and the kept-on-time sentence, filters, queries),
making a promise with the realism prompt (asks, never silently blocks), one promise with its history and plain-English
check, and changing its status (owner or staff who make promises; the service's rules shown inline)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.contributions.models import Contribution
from coproduce.decisions.models import Promise, PromiseUpdate
from coproduce.decisions.tests.conftest import promise, record
from coproduce.organisations.models import Role
from coproduce.projects.models import Project
from tests.cast import client_for, make_member

LIST = reverse("decisions:promise_list")
CREATE = reverse("decisions:promise_create")


def detail_url(item) -> str:
    return reverse("decisions:promise_detail", kwargs={"promise_id": item.pk})


def status_url(item) -> str:
    return reverse("decisions:promise_status", kwargs={"promise_id": item.pk})


def overdue_promise(actor, org, text: str, days: int = 3, **fields) -> Promise:
    """A promise whose due date passed `days` ago (made when it was still in the future)."""
    made = promise(actor, org, text=text, due_date=dt.date.today(), **fields)
    Promise.objects.filter(pk=made.pk).update(due_date=dt.date.today() - dt.timedelta(days=days))
    made.refresh_from_db()
    return made


def realistic(**answers) -> dict:
    return {"has_resources": "yes", "owner_has_authority": "yes", "date_realistic": "yes", **answers}


@pytest.fixture
def staff_client(colleague):
    return client_for(colleague)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


def new_promise(user, **fields) -> dict:
    return {"text": "We will open on Saturdays", "owner": str(user.pk), "due_date": "", **realistic(), **fields}


class TestList:
    def test_overdue_promises_come_first_with_a_red_tag(self, staff_client, colleague, org, today) -> None:
        promise(colleague, org, text="We will do it soon", due_date=today + dt.timedelta(days=2))
        promise(colleague, org, text="We will do it one day")
        overdue_promise(colleague, org, "We will do the late one")
        html = staff_client.get(LIST).content.decode()
        late, soon, someday = (html.index(t) for t in ("do the late one", "do it soon", "do it one day"))
        assert late < soon < someday
        assert html.count('govuk-tag--red">Overdue<') == 1

    def test_the_counts_and_the_kept_on_time_sentence(self, staff_client, colleague, org, today) -> None:
        from coproduce.decisions import services

        kept = promise(colleague, org, text="We will keep this", due_date=today + dt.timedelta(days=5))
        services.promise_status_change(actor=colleague, promise=kept, to_status="kept")
        overdue_promise(colleague, org, "We will miss this")
        html = staff_client.get(LIST).content.decode()
        counts = html[html.index('id="promise-counts"') :]
        assert "1 of your 2 promises with a due date so far was kept on time." in html
        assert '<strong class="govuk-tag govuk-tag--red">1</strong>' in counts

    def test_the_filters(self, staff_client, colleague, lead, org, project, today) -> None:
        promise(colleague, org, text="We will own this", project=project)
        promise(colleague, org, owner=lead, text="We will let the lead do it")
        overdue_promise(colleague, org, "We will be late")
        html = staff_client.get(LIST, {"owner": "mine"}).content.decode()
        assert "We will own this" in html and "let the lead" not in html
        html = staff_client.get(LIST, {"owner": str(lead.pk)}).content.decode()
        assert "let the lead" in html and "We will own this" not in html
        html = staff_client.get(LIST, {"project": str(project.pk)}).content.decode()
        assert "We will own this" in html and "We will be late" not in html
        html = staff_client.get(LIST, {"overdue": "on"}).content.decode()
        assert "We will be late" in html and "We will own this" not in html
        html = staff_client.get(LIST, {"status": "kept"}).content.decode()
        assert "No promises match these filters." in html

    def test_other_organisations_promises_are_not_listed(self, staff_client, stranger, other_org) -> None:
        promise(stranger, other_org, text="We will keep Southby's secret")
        html = staff_client.get(LIST).content.decode()
        assert "Southby" not in html and "0 promises" in html

    def test_the_query_count_does_not_grow_with_promises(
        self, staff_client, colleague, lead, org, project, django_assert_max_num_queries
    ) -> None:
        for index in range(30):
            promise(colleague, org, owner=lead if index % 2 else colleague, text=f"We will {index}", project=project)
        with django_assert_max_num_queries(8):
            assert staff_client.get(LIST).status_code == 200


class TestMake:
    def test_the_form_asks_whether_it_is_realistic_and_shows_the_record(
        self, staff_client, colleague, org, today
    ) -> None:
        html = staff_client.get(CREATE).content.decode()
        assert "Do you have the money, time and people to do this?" in html
        assert "Does the owner have the authority to make it happen?" in html
        assert "Is the due date realistic?" in html and "Not sure" in html
        assert "None of your promises with a due date has reached it yet" in html
        assert "Make the promise anyway" not in html

    def test_a_decision_fills_in_the_project_and_the_decision(
        self, staff_client, colleague, project, contribution
    ) -> None:
        decision = record(colleague, project, title="Later start")
        html = staff_client.get(CREATE, {"decision": str(decision.pk)}).content.decode()
        assert f'value="{decision.pk}" checked' in html
        assert f'<option value="{project.pk}" selected>' in html
        assert "Idea: Start later" in html  # the project's contributions are offered

    def test_all_yes_makes_the_promise_at_once(self, staff_client, colleague, project, contribution) -> None:
        decision = record(colleague, project)
        response = staff_client.post(
            f"{CREATE}?decision={decision.pk}",
            new_promise(
                colleague,
                project=str(project.pk),
                decisions=[str(decision.pk)],
                contributions=[str(contribution.pk)],
                due_date="1/1/2999",
            ),
        )
        made = Promise.objects.get()
        assert response.status_code == 302 and response["Location"] == detail_url(made)
        assert made.owner == colleague and made.project == project and made.due_date == dt.date(2999, 1, 1)
        assert list(made.decisions.all()) == [decision] and list(made.contributions.all()) == [contribution]

    def test_an_answer_other_than_yes_asks_again_before_making_it(self, staff_client, colleague) -> None:
        data = new_promise(colleague, date_realistic="not_sure", has_resources="no")
        html = staff_client.post(CREATE, data).content.decode()
        assert not Promise.objects.exists()
        assert "Check the promise is realistic" in html and 'id="realism-warning"' in html
        assert "You are not sure the due date is realistic." in html
        assert "You are not sure there is the money, time or people to do this." in html
        start = html.index('id="realism-concerns"')
        assert "authority" not in html[start : html.index("</ul>", start)]  # that answer was yes
        assert "Make the promise anyway" in html and 'value="We will open on Saturdays"' in html

        # Confirming without the tick asks once more, with an error: it is never made silently.
        html = staff_client.post(CREATE, {**data, "step": "confirm"}).content.decode()
        assert "Tick ‘Make the promise anyway’, or go back and change the promise" in html
        assert not Promise.objects.exists()

        response = staff_client.post(CREATE, {**data, "step": "confirm", "anyway": "on"})
        assert response.status_code == 302 and Promise.objects.get().text == "We will open on Saturdays"

    def test_going_back_keeps_what_was_written(self, staff_client, colleague) -> None:
        data = new_promise(colleague, owner_has_authority="no", text="We will build a pool")
        html = staff_client.post(CREATE, {**data, "step": "confirm", "change": "1"}).content.decode()
        assert "We will build a pool" in html and "Is it realistic?" in html
        assert "Make the promise anyway" not in html and not Promise.objects.exists()

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"text": ""}, "Write what you will do"),
            ({"owner": ""}, "Choose who will make sure this promise is kept"),
            ({"due_date": "1/1/2000"}, "The due date must be today or in the future"),
            ({"due_date": "31/2/2030"}, "Enter due date (optional) as a real date"),
            ({"has_resources": ""}, "Say whether you have the money, time and people to do this"),
        ],
    )
    def test_problems_show_next_to_their_field(self, staff_client, colleague, fields, message) -> None:
        html = staff_client.post(CREATE, new_promise(colleague, **fields)).content.decode()
        assert message in html and "govuk-error-summary" in html
        assert not Promise.objects.exists()

    def test_a_viewer_may_not_make_promises(self, viewer_client, viewer) -> None:
        assert viewer_client.get(CREATE).status_code == 403
        assert viewer_client.post(CREATE, new_promise(viewer)).status_code == 403
        assert not Promise.objects.exists()

    def test_another_organisations_decision_or_project_is_404(self, staff_client, stranger, other_project) -> None:
        theirs = record(stranger, other_project)
        assert staff_client.get(CREATE, {"decision": str(theirs.pk)}).status_code == 404
        assert staff_client.get(CREATE, {"project": str(other_project.pk)}).status_code == 404
        assert staff_client.get(CREATE, {"project": "not-a-uuid"}).status_code == 404


class TestDetail:
    def test_it_shows_the_history_links_and_plain_english(
        self, staff_client, colleague, org, project, contribution
    ) -> None:
        from coproduce.decisions import services

        decision = record(colleague, project, title="Later start")
        made = promise(
            colleague, org, text="We will move the group", decisions=[decision], contributions=[contribution]
        )
        services.promise_status_change(actor=colleague, promise=made, to_status="in_progress")
        services.promise_status_change(
            actor=colleague,
            promise=made,
            to_status="changed",
            explanation="The room is taken at 10:30, so the group will start at 11 instead.",
        )
        html = staff_client.get(detail_url(made)).content.decode()
        assert "changed it from In progress to Changed" in html and "changed it from Planned to In progress" in html
        assert "The room is taken at 10:30" in html
        assert reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk}) in html
        assert reverse("contributions:contribution_detail", kwargs={"contribution_id": contribution.pk}) in html
        assert 'id="plain-english-text"' in html and 'id="plain-english-explanation"' in html
        assert "Reading age" in html

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
    def test_members_who_may_not_see_contributions_get_a_count(self, org, colleague, project, role) -> None:
        said = [
            Contribution.objects.create(organisation=org, project=project, kind="quote", text=f"Private words {n}")
            for n in range(3)
        ]
        made = promise(colleague, org, project=project, contributions=said)
        html = client_for(make_member(org, f"{role}@example.org", role)).get(detail_url(made)).content.decode()
        assert "Private words" not in html and "3 things people said" in html
        assert reverse("contributions:contribution_detail", kwargs={"contribution_id": said[0].pk}) not in html

    def test_staff_see_the_contributions_words(self, staff_client, colleague, org, project) -> None:
        said = Contribution.objects.create(organisation=org, project=project, kind="quote", text="Private words")
        made = promise(colleague, org, project=project, contributions=[said])
        html = staff_client.get(detail_url(made)).content.decode()
        assert "Private words" in html and "things people said" not in html

    def test_an_overdue_promise_is_highlighted(self, staff_client, colleague, org) -> None:
        made = overdue_promise(colleague, org, "We will be late")
        html = staff_client.get(detail_url(made)).content.decode()
        assert 'id="overdue"' in html and ">Overdue<" in html

    def test_another_organisations_promise_is_404(self, stranger_client, colleague, org) -> None:
        assert stranger_client.get(detail_url(promise(colleague, org))).status_code == 404


class TestStatus:
    def test_staff_change_the_status_and_kept_records_the_date(self, staff_client, colleague, org) -> None:
        made = promise(colleague, org)
        html = staff_client.get(status_url(made)).content.decode()
        assert 'value="planned"' not in html and 'value="kept"' in html  # not the status it has now
        response = staff_client.post(status_url(made), {"to_status": "kept", "kept_on": "", "explanation": ""})
        assert response.status_code == 302
        made.refresh_from_db()
        assert made.status == "kept" and made.kept_on == dt.date.today()
        assert PromiseUpdate.objects.get().to_status == "kept"

    @pytest.mark.parametrize(
        ("status", "message"),
        [
            ("changed", "Explain to families how the promise has changed and why"),
            ("not_possible", "Explain to families why this promise cannot be kept"),
        ],
    )
    def test_changed_or_not_possible_needs_an_explanation(self, staff_client, colleague, org, status, message):
        made = promise(colleague, org)
        html = staff_client.post(status_url(made), {"to_status": status, "explanation": ""}).content.decode()
        assert message in html and 'id="id_explanation-error"' in html
        made.refresh_from_db()
        assert made.status == "planned"

    def test_a_future_kept_date_and_no_choice_are_refused(self, staff_client, colleague, org) -> None:
        made = promise(colleague, org)
        html = staff_client.post(status_url(made), {"to_status": "kept", "kept_on": "1/1/2999"}).content.decode()
        assert "The date it was kept must be today or in the past" in html
        html = staff_client.post(status_url(made), {}).content.decode()
        assert "Choose the promise&#x27;s new status" in html
        made.refresh_from_db()
        assert made.status == "planned"

    def test_the_owner_may_change_it_even_without_the_role(self, colleague, org) -> None:
        owner = make_member(org, "owner@example.org", Role.VIEWER)
        made = promise(colleague, org, owner=owner)
        client = client_for(owner)
        assert client.get(status_url(made)).status_code == 200
        assert client.post(status_url(made), {"to_status": "in_progress"}).status_code == 302
        made.refresh_from_db()
        assert made.status == "in_progress"
        assert 'href="' + status_url(made) in client.get(detail_url(made)).content.decode()

    def test_a_viewer_who_does_not_own_it_gets_403(self, viewer_client, colleague, org) -> None:
        made = promise(colleague, org)
        assert viewer_client.get(status_url(made)).status_code == 403
        assert viewer_client.post(status_url(made), {"to_status": "kept"}).status_code == 403
        assert status_url(made) not in viewer_client.get(detail_url(made)).content.decode()
        made.refresh_from_db()
        assert made.status == "planned"

    def test_another_organisations_promise_is_404(self, stranger_client, colleague, org) -> None:
        made = promise(colleague, org)
        assert stranger_client.get(status_url(made)).status_code == 404
        assert stranger_client.post(status_url(made), {"to_status": "kept"}).status_code == 404


def test_a_project_beyond_the_bounded_list_can_still_be_chosen(staff_client, colleague, org, monkeypatch) -> None:
    from coproduce.decisions.views import common

    monkeypatch.setattr(common, "PROJECTS_OFFERED", 2)
    for title in ("Alpha", "Bravo", "Zebra crossing"):
        last = Project.objects.create(organisation=org, title=title, goal="g")
    promise(colleague, org, text="We will paint the zebra crossing", project=last)
    promise(colleague, org, text="We will do something else")
    html = staff_client.get(CREATE, {"project": str(last.pk)}).content.decode()
    assert f'<option value="{last.pk}" selected>' in html
    html = staff_client.get(LIST, {"project": str(last.pk)}).content.decode()
    assert "paint the zebra crossing" in html and "something else" not in html
