"""Courses, sessions and completions: the suggested courses, every form's error path, attendance making a completion
for each attendee all or nothing, expiry worked out from the course's validity, and who sees whose names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.learning import services, suggested
from coproduce.learning.models import Completion, Course, CourseSession, add_months
from coproduce.learning.tests.conftest import errors_of
from coproduce.organisations.models import Role
from coproduce.peers.models import PeerSupporter
from coproduce.people.models import Person
from tests.cast import client_for, make_member

DAY = dt.timedelta(days=1)


def test_add_months_keeps_the_day_or_the_end_of_a_shorter_month() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 5, 3), 24) == dt.date(2028, 5, 3)
    assert add_months(dt.date(2026, 3, 15), -3) == dt.date(2025, 12, 15)


def test_the_suggested_courses_are_added_once(lead_client, org) -> None:
    url = reverse("learning:course_add_suggested")
    response = lead_client.post(url)
    assert response.status_code == 302
    names = set(Course.objects.for_organisation(org).values_list("name", flat=True))
    assert names == {str(name) for _key, name, *_rest in suggested.SUGGESTED_COURSES}
    assert "Courageous conversations" in names and "Graphic facilitation" in names
    lead_client.post(url)
    assert Course.objects.for_organisation(org).count() == 6
    assert AuditEvent.objects.filter(summary="Added 6 suggested courses").count() == 1


def test_a_suggested_course_is_not_added_again_under_its_own_name(lead, org) -> None:
    Course.objects.create(organisation=org, name="safeguarding")
    assert services.courses_add_suggested(actor=lead, organisation=org) == 5


def test_the_list_offers_the_missing_suggestions_to_those_who_manage_training(lead_client, client, viewer, org) -> None:
    assert "Add the 6 suggested courses" in lead_client.get(reverse("learning:course_list")).content.decode()
    assert "suggested" not in client_for(viewer).get(reverse("learning:course_list")).content.decode()


def test_adding_a_course(lead_client, org) -> None:
    response = lead_client.post(
        reverse("learning:course_create"),
        {"name": "Makaton", "audience": "both", "valid_for_months": "36", "covers": "Signs and symbols"},
    )
    course = Course.objects.get(organisation=org, name="Makaton")
    assert response.url == reverse("learning:course_detail", kwargs={"course_id": course.pk})
    assert course.valid_for_months == 36
    assert AuditEvent.objects.filter(action="create", object_id=str(course.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "audience": "both"}, "name", "Enter the name of the course"),
        ({"name": "Safeguarding", "audience": "both"}, "name", "You already have a course called Safeguarding"),
        ({"name": "X", "audience": "both", "valid_for_months": "0"}, "valid_for_months", "from 1 to 120"),
        ({"name": "X", "audience": "both", "valid_for_months": "two"}, "valid_for_months", "whole number"),
        ({"name": "X", "audience": "nobody"}, "audience", "Choose who it is for"),
    ],
)
def test_a_course_with_bad_input_says_what_is_wrong_and_saves_nothing(
    lead_client, org, course, data, field, message
) -> None:
    response = lead_client.post(reverse("learning:course_create"), data)
    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    assert Course.objects.for_organisation(org).count() == 1
    assert "govuk-error-summary" in response.content.decode()


def test_peer_supporters_who_co_deliver_can_be_co_trainers(lead_client, org, course) -> None:
    person = Person.objects.create(organisation=org, full_name="Kasia Nowak")
    supporter = PeerSupporter.objects.create(organisation=org, person=person, co_delivers_training=True)
    response = lead_client.post(
        reverse("learning:course_edit", kwargs={"course_id": course.pk}),
        {"name": course.name, "audience": "both", "valid_for_months": "24", "co_trainers": [str(supporter.pk)]},
    )
    assert response.status_code == 302
    assert list(course.co_trainers.all()) == [supporter]
    assert (
        "Kasia Nowak"
        in lead_client.get(reverse("learning:course_detail", kwargs={"course_id": course.pk})).content.decode()
    )


def test_retiring_a_course_keeps_its_completions(lead_client, lead, course, parent, today) -> None:
    services.completion_record(actor=lead, course=course, person=parent, completed_on=today)
    lead_client.post(reverse("learning:course_retire", kwargs={"course_id": course.pk}))
    course.refresh_from_db()
    assert course.retired_at is not None
    assert Completion.objects.filter(course=course).count() == 1
    assert not Course.objects.current().filter(pk=course.pk).exists()


def test_adding_a_session_and_its_error_path(lead_client, course) -> None:
    url = reverse("learning:session_create", kwargs={"course_id": course.pk})
    response = lead_client.post(url, {"held_on": "31/2/2026"})
    assert "real date" in " ".join(errors_of(response)["held_on"])
    response = lead_client.post(url, {"held_on": ""})
    assert "Enter date of the session" in " ".join(errors_of(response)["held_on"])
    response = lead_client.post(url, {"held_on": "12/3/2026", "activity": "not-an-activity"})
    assert "Choose one of your own organisation's activities" in " ".join(errors_of(response)["activity"])
    assert not CourseSession.objects.exists()
    response = lead_client.post(url, {"held_on": "12/3/2026", "venue": "Eastfield", "online": "on"})
    session = CourseSession.objects.get()
    assert (session.held_on, session.venue, session.online) == (dt.date(2026, 3, 12), "Eastfield", True)


@pytest.fixture
def session(org, course, today) -> CourseSession:
    return CourseSession.objects.create(organisation=org, course=course, held_on=today - 10 * DAY)


def test_recording_attendance_makes_a_completion_for_each_attendee(
    lead_client, lead, colleague, org, session, parent
) -> None:
    supporter_person = Person.objects.create(organisation=org, full_name="Sam Supporter")
    PeerSupporter.objects.create(organisation=org, person=supporter_person)
    url = reverse("learning:session_attendance", kwargs={"course_session_id": session.pk})
    response = lead_client.post(url, {"attendees": [f"user:{colleague.pk}", f"person:{supporter_person.pk}"]})
    assert response.status_code == 302
    made = Completion.objects.filter(session=session)
    assert {c.trainee for c in made} == {colleague, supporter_person}
    expected = add_months(session.held_on, 24)
    assert {(c.completed_on, c.expires_on) for c in made} == {(session.held_on, expected)}
    assert all(c.recorded_by == lead for c in made)
    # Recording again adds only the new attendee.
    again = lead_client.post(url, {"attendees": [f"user:{colleague.pk}", f"user:{lead.pk}"]})
    assert again.status_code == 302
    assert Completion.objects.filter(session=session).count() == 3


def test_attendance_with_no_one_ticked_says_so(lead_client, session) -> None:
    url = reverse("learning:session_attendance", kwargs={"course_session_id": session.pk})
    response = lead_client.post(url, {})
    assert response.status_code == 400
    assert "Choose at least one person who attended" in " ".join(errors_of(response)["attendees"])
    response = lead_client.post(url, {"attendees": ["person:0000"]})
    assert "Choose from the people listed" in " ".join(errors_of(response)["attendees"])
    assert not Completion.objects.exists()


def test_attendance_is_all_or_nothing(lead, colleague, session, other_org) -> None:
    theirs = Person.objects.create(organisation=other_org, full_name="Not ours")
    with pytest.raises(Exception, match="your own organisation"):
        services.session_attendance_record(actor=lead, session=session, users=[colleague], people=[theirs])
    assert not Completion.objects.exists()


def test_attendance_cannot_be_recorded_before_the_session(lead, colleague, org, course, today) -> None:
    later = CourseSession.objects.create(organisation=org, course=course, held_on=today + DAY)
    with pytest.raises(Exception, match="once the session has taken place"):
        services.session_attendance_record(actor=lead, session=later, users=[colleague])


def test_recording_a_completion_works_out_the_expiry(lead_client, course, parent, today) -> None:
    url = reverse("learning:completion_create", kwargs={"course_id": course.pk}) + f"?person={parent.pk}"
    done = today - 30 * DAY
    response = lead_client.post(url, {"trainee": f"person:{parent.pk}", "completed_on": done.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    completion = Completion.objects.get()
    assert completion.person == parent and completion.expires_on == add_months(done, 24)


def test_a_completion_can_be_set_never_to_expire_or_to_expire_on_a_given_date(lead, course, parent, today) -> None:
    never = services.completion_record(actor=lead, course=course, person=parent, completed_on=today, never_expires=True)
    assert never.expires_on is None
    given = services.completion_record(
        actor=lead, course=course, person=parent, completed_on=today, expires_on=today + 10 * DAY
    )
    assert given.expires_on == today + 10 * DAY


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"completed_on": "1/1/2026"}, "trainee", "Choose who completed the course"),
        ({"trainee": "person:x", "completed_on": "1/1/2026"}, "trainee", "Choose from the list"),
        ({"trainee": "PARENT", "completed_on": ""}, "completed_on", "Enter date completed"),
        ({"trainee": "PARENT", "completed_on": "1/1/2099"}, "completed_on", "cannot be in the future"),
        (
            {"trainee": "PARENT", "completed_on": "10/1/2026", "expires_on": "9/1/2026"},
            "expires_on",
            "must be the same as or after the date completed",
        ),
        (
            {"trainee": "PARENT", "completed_on": "10/1/2026", "expires_on": "9/1/2027", "never_expires": "on"},
            "expires_on",
            "Leave the expiry date empty",
        ),
    ],
)
def test_a_completion_with_bad_input_says_what_is_wrong_and_saves_nothing(
    lead_client, course, parent, data, field, message
) -> None:
    url = reverse("learning:completion_create", kwargs={"course_id": course.pk}) + f"?person={parent.pk}"
    if data.get("trainee") == "PARENT":
        data = {**data, "trainee": f"person:{parent.pk}"}
    response = lead_client.post(url, data)
    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    assert not Completion.objects.exists()


def test_the_database_refuses_a_completion_for_both_a_person_and_a_user(org, course, parent, colleague) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Completion.objects.create(
            organisation=org, course=course, person=parent, user=colleague, completed_on=dt.date(2026, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Completion.objects.create(organisation=org, course=course, completed_on=dt.date(2026, 1, 1))


def test_changing_a_completions_dates_and_its_error_path(lead_client, lead, course, parent, today) -> None:
    completion = services.completion_record(actor=lead, course=course, person=parent, completed_on=today - 5 * DAY)
    url = reverse("learning:completion_edit", kwargs={"completion_id": completion.pk})
    response = lead_client.post(url, {"completed_on": "10/1/2026", "expires_on": "1/1/2026"})
    assert "must be the same as or after" in " ".join(errors_of(response)["expires_on"])
    completion.refresh_from_db()
    assert completion.completed_on == today - 5 * DAY
    response = lead_client.post(url, {"completed_on": "10/1/2026", "expires_on": ""})
    completion.refresh_from_db()
    assert (completion.completed_on, completion.expires_on) == (dt.date(2026, 1, 10), None)
    assert AuditEvent.objects.filter(action="update", object_id=str(completion.pk)).exists()


def test_removing_a_completion_asks_first_and_is_audited(lead_client, lead, course, parent, today) -> None:
    completion = services.completion_record(actor=lead, course=course, person=parent, completed_on=today)
    url = reverse("learning:completion_delete", kwargs={"completion_id": completion.pk})
    assert lead_client.get(url).status_code == 200
    assert Completion.objects.exists()
    lead_client.post(url)
    assert not Completion.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(completion.pk)).exists()


def test_names_on_a_course_are_shown_only_to_those_who_see_people(lead, org, course, parent, today) -> None:
    services.completion_record(actor=lead, course=course, person=parent, completed_on=today)
    url = reverse("learning:course_detail", kwargs={"course_id": course.pk})
    partner = make_member(org, "partner@example.org", Role.PARTNER)
    page = client_for(partner).get(url).content.decode()
    assert "Grace Obi" not in page and "1 completion recorded" in page
    assert "Grace Obi" in client_for(lead).get(url).content.decode()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER, Role.SAFEGUARDING_LEAD])
def test_only_staff_who_run_training_change_it(org, course, role) -> None:
    member = client_for(make_member(org, f"{role}@example.org", role))
    assert member.get(reverse("learning:course_list")).status_code == 200
    assert member.get(reverse("learning:course_create")).status_code == 403
    assert member.post(reverse("learning:course_retire", kwargs={"course_id": course.pk})).status_code == 403
    assert member.get(reverse("learning:completion_create", kwargs={"course_id": course.pk})).status_code == 403


def test_course_list_takes_a_fixed_number_of_queries(lead_client, org, django_assert_max_num_queries) -> None:
    for n in range(15):
        c = Course.objects.create(organisation=org, name=f"Course {n}")
        CourseSession.objects.create(organisation=org, course=c, held_on=dt.date(2030, 1, 1))
    with django_assert_max_num_queries(12):
        assert lead_client.get(reverse("learning:course_list")).status_code == 200


def test_a_session_page_offers_staff_and_peer_supporters_for_attendance(lead_client, org, session, colleague) -> None:
    PeerSupporter.objects.create(
        organisation=org, person=Person.objects.create(organisation=org, full_name="Sam Supporter")
    )
    page = lead_client.get(
        reverse("learning:session_detail", kwargs={"course_session_id": session.pk})
    ).content.decode()
    assert "Record attendance" in page
    assert "Colin Colleague (staff)" in page and "Sam Supporter (peer supporter)" in page


def test_a_course_with_months_out_of_range_is_refused_in_the_forms_words(lead, org) -> None:
    with pytest.raises(Exception, match="leave it empty if it never expires"):
        services.course_create(actor=lead, organisation=org, name="Equity", valid_for_months=0)
    assert not Course.objects.filter(name="Equity").exists()


def test_correcting_a_sessions_date_moves_its_attendees_completions(lead_client, lead, colleague, session, parent):
    services.session_attendance_record(actor=lead, session=session, users=[colleague], people=[parent])
    by_hand = Completion.objects.get(session=session, person=parent)
    by_hand.expires_on = session.held_on + 400 * DAY  # changed by hand: kept
    by_hand.save()
    new_day = session.held_on - 3 * DAY
    response = lead_client.post(
        reverse("learning:session_edit", kwargs={"course_session_id": session.pk}),
        {"held_on": f"{new_day.day}/{new_day.month}/{new_day.year}"},
    )
    assert response.status_code == 302
    staff = Completion.objects.get(session=session, user=colleague)
    assert (staff.completed_on, staff.expires_on) == (new_day, add_months(new_day, 24))
    by_hand.refresh_from_db()
    assert by_hand.completed_on == new_day and by_hand.expires_on == session.held_on + 400 * DAY


def test_a_session_with_attendance_cannot_move_into_the_future(lead_client, lead, colleague, session, today) -> None:
    services.session_attendance_record(actor=lead, session=session, users=[colleague])
    later = today + 5 * DAY
    response = lead_client.post(
        reverse("learning:session_edit", kwargs={"course_session_id": session.pk}),
        {"held_on": f"{later.day}/{later.month}/{later.year}"},
    )
    assert response.status_code == 200
    assert "cannot be in the future" in " ".join(errors_of(response)["held_on"])
    session.refresh_from_db()
    assert session.held_on == today - 10 * DAY
    assert Completion.objects.get(session=session).completed_on == today - 10 * DAY
