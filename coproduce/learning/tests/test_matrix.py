"""The training matrix: statuses on crafted dates, who is in it, the latest completion counting, the "due for what"
filters, a fixed number of queries, and the audited, formula-neutralised export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.learning import matrix as training
from coproduce.learning.matrix import Status, status_of
from coproduce.learning.models import Completion, Course
from coproduce.organisations.models import Role
from coproduce.peers.models import PeerSupporter, SupporterStatus
from coproduce.people.models import Person
from tests.cast import client_for, make_member

TODAY = dt.date(2026, 11, 27)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("expires_on", "status"),
    [
        (None, Status.DONE),
        (TODAY - DAY, Status.EXPIRED),
        (TODAY, Status.DUE_SOON),  # still valid on its last day
        (TODAY + 60 * DAY, Status.DUE_SOON),
        (TODAY + 61 * DAY, Status.DONE),
    ],
)
def test_status_on_crafted_dates(expires_on, status) -> None:
    assert status_of(expires_on, TODAY) is status


def test_the_due_soon_window_can_be_chosen() -> None:
    assert status_of(TODAY + 31 * DAY, TODAY, 30) is Status.DONE
    assert status_of(TODAY + 30 * DAY, TODAY, 30) is Status.DUE_SOON
    assert status_of(TODAY + 89 * DAY, TODAY, 90) is Status.DUE_SOON


def test_cells_say_their_status_in_words() -> None:
    assert training.Cell(Status.DONE, TODAY, dt.date(2027, 5, 3)).text == "Done (expires 3 May 2027)"
    assert training.Cell(Status.DUE_SOON, TODAY, dt.date(2027, 1, 3)).text == "Due soon (expires 3 January 2027)"
    assert training.Cell(Status.EXPIRED, TODAY, dt.date(2026, 1, 3)).text == "Expired (3 January 2026)"
    assert training.Cell(Status.DONE, TODAY, None).text == "Done (does not expire)"
    assert training.Cell(Status.NOT_DONE).text == "Not done"


@pytest.fixture
def courses(org) -> tuple[Course, Course]:
    return (
        Course.objects.create(organisation=org, name="Safeguarding", valid_for_months=24),
        Course.objects.create(organisation=org, name="Co-production basics"),
    )


def _done(org, course, on, expires, **trainee) -> Completion:
    return Completion.objects.create(organisation=org, course=course, completed_on=on, expires_on=expires, **trainee)


def test_who_is_in_the_matrix(org, admin, colleague, viewer, courses) -> None:
    _safeguarding, basics = courses
    partner = make_member(org, "partner@example.org", Role.PARTNER, "Pat Partner")
    trained = Person.objects.create(organisation=org, full_name="Grace Obi")
    _done(org, basics, TODAY - DAY, None, person=trained)
    supporter = PeerSupporter.objects.create(
        organisation=org, person=Person.objects.create(organisation=org, full_name="Sam Supporter")
    )
    PeerSupporter.objects.create(
        organisation=org,
        person=Person.objects.create(organisation=org, full_name="Lee Left"),
        status=SupporterStatus.LEFT,
    )
    Person.objects.create(organisation=org, full_name="Not In Training")
    _done(org, basics, TODAY - DAY, None, user=partner)
    rows = {row.name: row for row in training.build(org, TODAY).rows}
    # Staff roles always; a partner once trained; viewers not; people trained or supporting.
    assert set(rows) == {"Amara Admin", "Colin Colleague", "Pat Partner", "Grace Obi", "Sam Supporter"}
    assert rows["Sam Supporter"].about == "Peer supporter" and rows["Grace Obi"].about == "Family member"
    assert [cell.status for cell in rows["Colin Colleague"].cells] == [Status.NOT_DONE, Status.NOT_DONE]
    # Columns are the courses by name: co-production basics, then safeguarding.
    assert [cell.status for cell in rows["Grace Obi"].cells] == [Status.DONE, Status.NOT_DONE]
    assert supporter.person.full_name in rows


def test_the_latest_completion_counts(org, colleague, courses) -> None:
    safeguarding, _basics = courses
    _done(org, safeguarding, TODAY - 800 * DAY, TODAY - 70 * DAY, user=colleague)
    _done(org, safeguarding, TODAY - 10 * DAY, TODAY + 700 * DAY, user=colleague)
    row = next(r for r in training.build(org, TODAY).rows if r.pk == colleague.pk)
    assert row.cells[1].status is Status.DONE and row.cells[1].expires_on == TODAY + 700 * DAY


def test_due_filter_keeps_people_with_expired_or_soon_expiring_training(org, admin, colleague, courses) -> None:
    safeguarding, basics = courses
    soon = Person.objects.create(organisation=org, full_name="Due In Forty")
    late = Person.objects.create(organisation=org, full_name="Expired Last Week")
    fine = Person.objects.create(organisation=org, full_name="Fine For Ages")
    _done(org, safeguarding, TODAY - 600 * DAY, TODAY + 40 * DAY, person=soon)
    _done(org, safeguarding, TODAY - 800 * DAY, TODAY - 7 * DAY, person=late)
    _done(org, safeguarding, TODAY - 10 * DAY, TODAY + 700 * DAY, person=fine)
    names = lambda days: {row.name for row in training.build(org, TODAY, due_within=days).rows}  # noqa: E731
    assert names(30) == {"Expired Last Week"}
    assert names(60) == {"Expired Last Week", "Due In Forty"}
    assert names(90) == {"Expired Last Week", "Due In Forty"}
    only_basics = training.build(org, TODAY, course=basics)
    assert only_basics.courses == [basics] and len(only_basics.rows) == 5
    assert not training.build(org, TODAY, due_within=90, course=basics).rows


def test_the_matrix_page_shows_statuses_as_words_in_tags(admin_client_, org, colleague, courses, today) -> None:
    safeguarding, basics = courses
    _done(org, safeguarding, today - 700 * DAY, today + 20 * DAY, user=colleague)
    _done(org, basics, today - 3 * DAY, None, user=colleague)
    page = admin_client_.get(reverse("learning:matrix")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in page
    assert "does not expire" in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not done</strong>' in page


def test_the_matrix_page_filters(admin_client_, org, colleague, courses, today) -> None:
    safeguarding, _basics = courses
    _done(org, safeguarding, today - 800 * DAY, today - DAY, user=colleague)
    response = admin_client_.get(reverse("learning:matrix"), {"due": "30"})
    assert [row.name for row in response.context["matrix"].rows] == ["Colin Colleague"]
    assert "Expired" in response.content.decode()
    response = admin_client_.get(reverse("learning:matrix"), {"due": "45"})  # not one of the windows: ignored
    assert len(response.context["matrix"].rows) == 2


def test_the_matrix_takes_the_same_queries_however_many_people(admin_client_, org, courses, today) -> None:
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert admin_client_.get(reverse("learning:matrix")).status_code == 200
        return len(queries)

    few = count()
    safeguarding, basics = courses
    for n in range(25):
        person = Person.objects.create(organisation=org, full_name=f"Trainee {n}")
        _done(org, safeguarding, today - DAY, today + 400 * DAY, person=person)
        _done(org, basics, today - DAY, None, person=person)
        make_member(org, f"staff{n}@example.org", Role.STAFF)
        PeerSupporter.objects.create(
            organisation=org, person=Person.objects.create(organisation=org, full_name=f"Supporter {n}")
        )
    Course.objects.create(organisation=org, name="Graphic facilitation")
    assert count() == few
    assert few <= 14


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PEER_SUPPORTER, Role.VIEWER])
def test_roles_that_do_not_see_people_do_not_see_the_matrix(org, role) -> None:
    member = client_for(make_member(org, f"{role}@example.org", role))
    assert member.get(reverse("learning:matrix")).status_code == 403
    assert member.get(reverse("learning:matrix_export"), {"format": "csv"}).status_code == 403


def test_the_export_is_neutralised_and_audited(admin_client_, org, courses, today) -> None:
    safeguarding, _basics = courses
    person = Person.objects.create(organisation=org, full_name="=HYPERLINK(1)")
    _done(org, safeguarding, today - DAY, today + 400 * DAY, person=person)
    response = admin_client_.get(reverse("learning:matrix_export"), {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="training-matrix-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "Name,Who,Co-production basics,Safeguarding" in text
    assert "Not done" in text and "Done (expires" in text
    event = AuditEvent.objects.get(action="export")
    assert event.changes["format"] == "csv" and event.changes["rows"] == 2  # the admin and the person


def test_the_xlsx_export(admin_client_, org, courses) -> None:
    from openpyxl import load_workbook

    response = admin_client_.get(reverse("learning:matrix_export"), {"format": "xlsx", "due": "30"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["Name", "Who", "Co-production basics", "Safeguarding"]
    assert AuditEvent.objects.get(action="export").changes["filters"] == ["due_within"]


def test_an_unknown_export_format_goes_back_to_the_matrix(admin_client_) -> None:
    response = admin_client_.get(reverse("learning:matrix_export"), {"format": "pdf", "due": "30"})
    assert response.status_code == 302 and response.url == reverse("learning:matrix") + "?due=30"
    assert not AuditEvent.objects.filter(action="export").exists()


def test_erased_people_are_not_in_the_matrix(org, courses, today) -> None:
    from django.utils import timezone

    safeguarding, _basics = courses
    gone = Person.objects.create(organisation=org, full_name="Erin Erased")
    _done(org, safeguarding, TODAY - DAY, None, person=gone)
    PeerSupporter.objects.create(organisation=org, person=gone)
    Person.objects.filter(pk=gone.pk).update(erased_at=timezone.now())
    assert "Erin Erased" not in {row.name for row in training.build(org, TODAY).rows}
