"""Reading contributions: the project's list (filters without JavaScript, pages, a fixed number of queries however
many rows), the sections on the project and activity pages, one contribution with where it came from, and who sees
whose name."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.consent import services as consent_services
from coproduce.consent.models import Purpose
from coproduce.contributions.models import Contribution, Theme
from coproduce.contributions.tests.conftest import png_bytes, record, upload
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import Stage
from tests.cast import client_for, make_member


def list_url(project, **query) -> str:
    url = reverse("contributions:contribution_list", kwargs={"project_id": project.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(contribution) -> str:
    return reverse("contributions:contribution_detail", kwargs={"contribution_id": contribution.pk})


@pytest.fixture
def mixed(colleague, project, activity, stage, person, timing, org):
    """An idea at the activity (timing), a quote on a home visit from the person, an anonymous note on paper."""
    childcare = Theme.objects.create(organisation=org, name="Childcare")
    return {
        "idea": record(
            colleague, project, text="Start at 10:30", gathered="activity", activity=activity, stage=stage,
            themes=[timing],
        ),
        "quote": record(
            colleague, project, kind="quote", text="I didn't know about the group", gathered="home_visit",
            person=person, themes=[childcare],
        ),
        "note": record(
            colleague, project, kind="note", text="Comment cards asked for a lift", gathered="paper",
            person=person, is_anonymous=True,
        ),
        "childcare": childcare,
    }  # fmt: skip


def texts(response) -> set[str]:
    return {c.text for c in response.context["rows"]}


def test_the_list_shows_the_projects_contributions_newest_first(staff_client, project, mixed, other_org) -> None:
    from coproduce.projects.models import Project

    elsewhere = Project.objects.create(organisation=project.organisation, title="Other project", goal="g")
    record(mixed["idea"].recorded_by, elsewhere, text="Not this project")
    response = staff_client.get(list_url(project))
    assert response.status_code == 200
    assert [c.text for c in response.context["rows"]] == [
        "Comment cards asked for a lift",
        "I didn't know about the group",
        "Start at 10:30",
    ]
    html = response.content.decode()
    assert "3 contributions" in html and "Not this project" not in html
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("filter_name", "value", "expected"),
    [
        ("kind", "quote", {"I didn't know about the group"}),
        ("gathered", "paper", {"Comment cards asked for a lift"}),
        ("theme", "timing", {"Start at 10:30"}),
        ("activity", "activity", {"Start at 10:30"}),
        ("stage", "stage", {"Start at 10:30"}),
    ],
)
def test_the_list_filters_work_without_javascript(
    staff_client, project, mixed, timing, activity, stage, filter_name, value, expected
) -> None:
    value = {"timing": timing.pk, "activity": activity.pk, "stage": stage.pk}.get(value, value)
    response = staff_client.get(list_url(project), {filter_name: value})
    assert texts(response) == expected
    assert "Clear filters" in response.content.decode()


def test_an_unknown_filter_value_filters_nothing(staff_client, project, mixed) -> None:
    response = staff_client.get(list_url(project), {"kind": "poem", "theme": "not-a-theme"})
    assert len(texts(response)) == 3


def test_names_are_shown_only_when_not_anonymous_and_to_those_who_see_people(staff_client, project, mixed, org) -> None:
    html = staff_client.get(list_url(project)).content.decode()
    assert html.count("Siobhan") == 1  # the quote; the anonymous note says "Anonymous"
    assert "Anonymous" in html
    assert "Anonymous" in staff_client.get(detail_url(mixed["note"])).content.decode()
    assert "Siobhan" not in staff_client.get(detail_url(mixed["note"])).content.decode()


def test_the_list_is_paged(staff_client, colleague, project) -> None:
    for number in range(30):
        record(colleague, project, text=f"Idea {number}")
    first = staff_client.get(list_url(project))
    assert len(first.context["rows"]) == 25 and "30 contributions" in first.content.decode()
    second = staff_client.get(list_url(project), {"page": 2, "kind": "idea"})
    assert len(second.context["rows"]) == 5
    assert "kind=idea&amp;page=1" in second.content.decode()


def test_the_list_takes_the_same_number_of_queries_for_100_rows_as_for_5(
    staff_client, colleague, org, project, activity, stage, timing, admin
) -> None:
    def make(count: int) -> None:
        for number in range(count):
            person = Person.objects.create(organisation=org, full_name=f"Parent {number}")
            consent_services.consent_give(person=person, purpose=Purpose.PHOTOS, method="online", actor=admin)
            record(
                colleague,
                project,
                kind="photo" if number % 3 == 0 else "idea",
                gathered="activity",
                activity=activity,
                stage=stage,
                person=person,
                alt_text="A parent",
                upload=upload(png_bytes()) if number % 3 == 0 else None,
                themes=[timing],
            )

    make(5)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(list_url(project)).status_code == 200
    make(95)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(list_url(project))
    assert len(response.context["rows"]) == 25
    assert len(many) == len(few)
    assert len(many) <= 14


def test_the_project_page_shows_counts_and_the_latest_three(staff_client, colleague, project, mixed) -> None:
    record(colleague, project, text="A fourth idea")
    html = staff_client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
    section = html[html.index('id="contributions"') :]
    assert "4 contributions so far" in section
    assert "Idea: 2" in section and "Quote (their own words): 1" in section and "Note: 1" in section
    assert "A fourth idea" in section and "Comment cards asked for a lift" in section
    assert "Start at 10:30" not in section  # the oldest of four
    assert "See all 4 contributions" in section and "Record a contribution" in section


def test_the_project_page_section_is_hidden_from_those_who_may_not_see_contributions(org, project, mixed) -> None:
    client = client_for(make_member(org, "viewer2@example.org", Role.VIEWER))
    html = client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
    assert 'id="contributions"' not in html and "Comment cards" not in html


def test_the_project_page_section_costs_one_query_when_there_are_none(
    staff_client, project, django_assert_max_num_queries
) -> None:
    from django.template import Context, Template

    template = Template("{% load contributions_tags %}{% project_contributions project as s %}{{ s.total }}")
    with django_assert_max_num_queries(1):
        assert template.render(Context({"project": project})) == "0"


def test_the_activity_page_shows_its_contributions_and_a_way_to_record_one(
    staff_client, colleague, project, activity, mixed
) -> None:
    html = staff_client.get(reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk})).content.decode()
    section = html[html.index('id="activity-contributions-heading"') :]
    assert "1 contribution recorded at this activity." in section
    assert "Start at 10:30" in section and "I didn't know" not in section
    create = reverse("contributions:contribution_create", kwargs={"project_id": project.pk})
    assert f"{create}?activity={activity.pk}" in section


def test_a_contribution_page_says_where_it_came_from(staff_client, colleague, mixed, timing) -> None:
    quote = mixed["quote"]
    Contribution.objects.filter(pk=quote.pk).update(checked_by_person=True)
    html = staff_client.get(detail_url(quote)).content.decode()
    assert "Recorded by Colin Colleague on " in html
    assert "gathered on a home visit, checked by the person: yes." in html
    assert "Siobhan" in html and "Childcare" in html
    assert "Change the contribution" in html and "Delete the contribution" in html


def test_an_image_is_shown_with_its_description(staff_client, colleague, project) -> None:
    drawing = record(
        colleague, project, kind="drawing", gathered="paper", alt_text="A big sunny room", upload=upload(png_bytes())
    )
    html = staff_client.get(detail_url(drawing)).content.decode()
    file_url = reverse("contributions:contribution_file", kwargs={"contribution_id": drawing.pk})
    assert f'src="{file_url}" alt="A big sunny room"' in html


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD])
def test_roles_that_may_not_see_contributions_get_403(org, project, mixed, role) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(list_url(project)).status_code == 403
    assert client.get(detail_url(mixed["idea"])).status_code == 403


def test_the_data_protection_officer_reads_but_does_not_change(dpo, project, mixed) -> None:
    client = client_for(dpo)
    assert client.get(list_url(project)).status_code == 200
    html = client.get(detail_url(mixed["idea"])).content.decode()
    assert "Change the contribution" not in html
    edit = reverse("contributions:contribution_edit", kwargs={"contribution_id": mixed["idea"].pk})
    assert client.get(edit).status_code == 403


def test_another_organisations_list_and_contribution_are_404(stranger, project, mixed) -> None:
    client = client_for(stranger)
    assert client.get(list_url(project)).status_code == 404
    for name in ("contribution_detail", "contribution_edit", "contribution_delete"):
        url = reverse(f"contributions:{name}", kwargs={"contribution_id": mixed["idea"].pk})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Contribution.objects.count() == 3


def test_changing_a_contribution_is_audited_by_field_name(staff_client, mixed, timing, stage) -> None:
    from coproduce.core.models import AuditEvent

    quote = mixed["quote"]
    url = reverse("contributions:contribution_edit", kwargs={"contribution_id": quote.pk})
    page = staff_client.get(url)
    assert page.context["form"]["text"].value() == "I didn't know about the group"
    response = staff_client.post(
        url,
        {
            "kind": "quote",
            "text": "I never knew about the group",
            "gathered": "home_visit",
            "checked_by_person": "yes",
            "stage": stage.pk,
            "themes": [timing.pk],
        },
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.text == "I never knew about the group" and quote.person is not None  # the person is kept
    event = AuditEvent.objects.filter(action="update", object_id=str(quote.pk)).get()
    assert event.changes == {"fields": ["checked_by_person", "stage", "text", "themes"]}


def test_the_person_can_be_taken_off_a_contribution(staff_client, mixed) -> None:
    quote = mixed["quote"]
    url = reverse("contributions:contribution_edit", kwargs={"contribution_id": quote.pk}) + "?person=none"
    data = {"kind": "quote", "text": quote.text, "gathered": "home_visit", "checked_by_person": "no"}
    assert staff_client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert quote.person is None


def test_an_activity_on_another_page_of_choices_is_still_offered(staff_client, project, org, stage) -> None:
    activities = [
        Activity.objects.create(organisation=org, project=project, title=f"A{n}", kind="workshop") for n in range(3)
    ]
    page = staff_client.get(
        reverse("contributions:contribution_create", kwargs={"project_id": project.pk}), {"activity": activities[0].pk}
    )
    assert str(activities[0].pk) in dict(page.context["form"].fields["activity"].choices)
    assert Stage.objects.filter(project=project).count() == 1
