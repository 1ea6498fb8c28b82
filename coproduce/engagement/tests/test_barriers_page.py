"""The barrier check page: each person's unmet needs (fed from their access needs, their household's children under
5, the venue and the activity), the to-do list with ticking off and unticking, who may see names, and bounded
queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, BarrierToDo, Invitation, Reply
from coproduce.engagement.services import barriers as services
from coproduce.engagement.tests.test_invitations import make_activity, make_invitation, make_person, make_venue
from coproduce.organisations.models import Role
from coproduce.people.models import AccessNeeds, Child, Household
from tests.cast import client_for, make_member

POLISH = "Book a Polish interpreter (1 person)"
CHILDCARE = "Arrange childcare for 3 children under 5 (1 person)"


def needs(person, **fields) -> AccessNeeds:
    return AccessNeeds.objects.create(organisation=person.organisation, person=person, **fields)


@pytest.fixture
def activity(org) -> Activity:
    venue = make_venue(org, name="Old Library", step_free=False)
    return make_activity(org, venue=venue, join_online=False, online_link="")


@pytest.fixture
def families(org, activity):
    """Wiktoria needs a Polish interpreter; Aisha needs childcare for her three under-5s; Ben uses a wheelchair and
    said maybe. Nell said no and Wes is on the waiting list: neither is checked."""
    wiktoria = make_person(org, "Wiktoria Nowak")
    needs(wiktoria, interpreter=True, interpreter_language="polish ")
    household = Household.objects.create(organisation=org, name="Rahman family")
    today = timezone.localdate()
    for years in (0, 2, 4):
        Child.objects.create(
            organisation=org, household=household, date_of_birth=today - dt.timedelta(days=365 * years + 30)
        )
    Child.objects.create(organisation=org, household=household, age_band="11-15")
    aisha = make_person(org, "Aisha Rahman", household=household)
    needs(aisha, childcare=True)
    ben = make_person(org, "Ben Wheels")
    needs(ben, step_free=True)
    nell = make_person(org, "Nell No")
    needs(nell, bsl=True)
    wes = make_person(org, "Wes Waiting")
    needs(wes, large_print=True)
    make_invitation(activity, wiktoria, reply=Reply.YES, joining="in_person")
    make_invitation(activity, aisha, reply=Reply.YES, joining="in_person")
    make_invitation(activity, ben, reply=Reply.MAYBE, joining="in_person")
    make_invitation(activity, nell, reply=Reply.NO)
    make_invitation(activity, wes, reply=Reply.YES, on_waiting_list=True)
    return {"wiktoria": wiktoria, "aisha": aisha, "ben": ben}


def page_url(activity: Activity) -> str:
    return reverse("engagement:barrier_check", kwargs={"activity_id": activity.pk})


def todo_url(activity: Activity) -> str:
    return reverse("engagement:barrier_todo", kwargs={"activity_id": activity.pk})


def test_the_check_is_fed_from_needs_children_venue_and_provisions(activity, families) -> None:
    check = services.activity_barriers(activity)
    assert [row.todo.text for row in check.todo] == [
        CHILDCARE,
        "Find a venue with step-free access (1 person)",
        POLISH,
    ]
    assert {row.invitation.person.full_name for row in check.people} == {"Wiktoria Nowak", "Aisha Rahman", "Ben Wheels"}
    activity.childcare = True
    activity.interpreter_languages = "Polish"
    activity.save()
    assert [row.todo.text for row in services.activity_barriers(activity).todo] == [
        "Find a venue with step-free access (1 person)"
    ]


def test_staff_see_names_reasons_and_the_to_do_list(org, colleague, activity, families) -> None:
    response = client_for(colleague).get(page_url(activity))
    assert response.status_code == 200
    page = response.content.decode()
    assert CHILDCARE in page and POLISH in page
    assert "3 things to arrange." in page
    assert "Wiktoria Nowak" in page and "No Polish interpreter is booked." in page
    assert "The venue does not have step-free access." in page
    assert "Nell No" not in page and "Wes Waiting" not in page
    assert "Mark as done" in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
def test_roles_that_cannot_see_people_get_counts(org, activity, families, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    page = client_for(user).get(page_url(activity)).content.decode()
    assert CHILDCARE in page
    assert "3 people are checked; 3 have at least one need not met." in page
    for name in ("Wiktoria", "Aisha", "Ben Wheels"):
        assert name not in page
    assert "Mark as done" not in page


def test_ticking_off_records_who_when_and_what_was_arranged(org, colleague, activity, families) -> None:
    client = client_for(colleague)
    response = client.post(todo_url(activity), {"key": "interpreter:polish", "note": "Anna, booked for 10am"})
    assert response.status_code == 302
    tick = BarrierToDo.objects.get(activity=activity, key="interpreter:polish")
    assert tick.done_by == colleague and tick.note == "Anna, booked for 10am"
    page = client.get(page_url(activity)).content.decode()
    assert "2 things to arrange." in page
    assert "Ticked off by Colin Colleague" in page and "What was arranged: Anna, booked for 10am" in page
    event = AuditEvent.objects.filter(object_type="engagement.BarrierToDo").latest("id")
    assert event.actor == colleague and "Anna" not in str(event.changes)


def test_unticking_puts_it_back(org, colleague, activity, families) -> None:
    client = client_for(colleague)
    client.post(todo_url(activity), {"key": "childcare"})
    client.post(todo_url(activity), {"key": "childcare", "action": "untick"})
    assert not BarrierToDo.objects.exists()
    assert "3 things to arrange." in client.get(page_url(activity)).content.decode()


def test_a_line_no_longer_needed_cannot_be_ticked(org, colleague, activity, families) -> None:
    response = client_for(colleague).post(todo_url(activity), {"key": "bsl"}, follow=True)
    assert "This is no longer on the to-do list" in response.content.decode()
    assert not BarrierToDo.objects.exists()


def test_a_note_too_long_is_refused(org, colleague, activity, families) -> None:
    response = client_for(colleague).post(todo_url(activity), {"key": "childcare", "note": "x" * 301}, follow=True)
    assert "What was arranged must be 300 characters or fewer" in response.content.decode()
    assert not BarrierToDo.objects.exists()


def test_a_tick_whose_need_has_gone_is_not_shown(org, colleague, activity, families) -> None:
    client = client_for(colleague)
    client.post(todo_url(activity), {"key": "step_free", "note": "Ramp borrowed"})
    AccessNeeds.objects.filter(person=families["ben"]).update(step_free=False)
    page = client.get(page_url(activity)).content.decode()
    assert "Ramp borrowed" not in page and "Find a venue with step-free access" not in page
    # If the need comes back, so does the tick.
    AccessNeeds.objects.filter(person=families["ben"]).update(step_free=True)
    assert "Ramp borrowed" in client.get(page_url(activity)).content.decode()


def test_a_tick_warns_when_someone_changed_since(org, colleague, activity, families) -> None:
    client = client_for(colleague)
    client.post(todo_url(activity), {"key": "childcare"})
    BarrierToDo.objects.filter(key="childcare").update(updated_at=timezone.now() - dt.timedelta(hours=1))
    AccessNeeds.objects.filter(person=families["aisha"]).update(updated_at=timezone.now())
    page = client.get(page_url(activity)).content.decode()
    assert "1 person replied or changed their needs since this was ticked" in page


def test_a_tick_warns_when_someone_got_a_place_from_the_waiting_list_since(org, colleague, activity, families) -> None:
    """Childcare was booked for the Rahmans; then a place came up for another family with under-5s, who had
    replied (and joined the waiting list) before the tick."""
    from coproduce.engagement.services.invitations import waiting_list_fill

    household = Household.objects.create(organisation=org, name="Okafor family")
    Child.objects.create(organisation=org, household=household, age_band="0-1")
    okafor = make_person(org, "Chidi Okafor", household=household)
    needs(okafor, childcare=True)
    earlier = timezone.now() - dt.timedelta(hours=2)
    make_invitation(activity, okafor, reply=Reply.YES, joining="in_person", on_waiting_list=True, replied_at=earlier)
    Activity.objects.filter(pk=activity.pk).update(capacity=2)
    client = client_for(colleague)
    client.post(todo_url(activity), {"key": "childcare"})
    BarrierToDo.objects.filter(key="childcare").update(updated_at=timezone.now() - dt.timedelta(hours=1))
    Invitation.objects.update(replied_at=earlier, updated_at=earlier)
    AccessNeeds.objects.update(updated_at=earlier)
    assert "replied or changed their needs since" not in client.get(page_url(activity)).content.decode()
    Activity.objects.filter(pk=activity.pk).update(capacity=4)
    activity.refresh_from_db()
    assert okafor in [invitation.person for invitation in waiting_list_fill(activity=activity)]
    page = client.get(page_url(activity)).content.decode()
    assert "1 person replied or changed their needs since this was ticked" in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_roles_that_do_not_run_sessions_cannot_tick(org, activity, families, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert client_for(user).post(todo_url(activity), {"key": "childcare"}).status_code == 403
    assert not BarrierToDo.objects.exists()


def test_another_organisations_check_is_not_found(org, stranger, activity, families) -> None:
    client = client_for(stranger)
    assert client.get(page_url(activity)).status_code == 404
    assert client.post(todo_url(activity), {"key": "childcare"}).status_code == 404


def test_nobody_to_check_says_so(org, colleague) -> None:
    page = client_for(colleague).get(page_url(make_activity(org))).content.decode()
    assert "Nobody has a place or said maybe yet." in page


def test_the_page_runs_the_same_queries_however_many_people(org, colleague, activity) -> None:
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            household = Household.objects.create(organisation=org)
            Child.objects.create(organisation=org, household=household, age_band="0-1")
            person = make_person(org, f"Parent {n:03}", household=household, consent=False)
            needs(person, childcare=True, interpreter=True, interpreter_language=["Polish", "Urdu"][n % 2])
            make_invitation(activity, person, reply=Reply.YES, joining="in_person")

    client = client_for(colleague)
    add(2, 0)
    client.post(todo_url(activity), {"key": "childcare"})
    client.get(page_url(activity))
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(activity))
    add(20, 2)
    with CaptureQueriesContext(connection) as many:
        page = client.get(page_url(activity)).content.decode()
    assert "Parent 021" in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
