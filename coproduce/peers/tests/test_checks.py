"""Checks, supervision and co-facilitation on a supporter's page: recording a check with the GOV.UK date input (an
expiry before the issue date is refused next to the field, by the form, the service and the database), deleting a
check entered by mistake, recording supervision (next due 8 weeks later unless changed; never in the future), and
marking a supporter as co-facilitator or co-trainer of an activity still to come. What is refused saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.matching import date_words
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity
from coproduce.peers.models import ActivitySupporter, Supervision, SupporterCheck
from coproduce.peers.services import supporters as services
from coproduce.peers.services.supporters import EXPIRY_BEFORE_ISSUE
from coproduce.peers.tests.supporters_cast import *  # noqa: F403
from coproduce.peers.tests.supporters_cast import DAY, all_checks, detail_url
from coproduce.projects.models import Project
from tests.cast import client_for


def check_url(supporter) -> str:
    return reverse("peers:check_add", kwargs={"supporter_id": supporter.pk})


def supervision_url(supporter) -> str:
    return reverse("peers:supervision_add", kwargs={"supporter_id": supporter.pk})


def date_parts(name: str, day: dt.date | None) -> dict:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def a_check(issued: dt.date, expires: dt.date, **fields) -> dict:
    return {"kind": "dbs", **date_parts("issued_on", issued), **date_parts("expires_on", expires), **fields}


def error_of(html: str, field: str) -> str:
    """The inline error message shown next to a field ('' when there is none)."""
    marker = f'id="id_{field}-error"'
    if marker not in html:
        return ""
    start = html.index(marker)
    return html[start : html.index("</p>", start)]


class TestCheckAdd:
    def test_recording_a_dbs_check(self, staff_client, colleague, supporter, today) -> None:
        response = staff_client.post(
            check_url(supporter),
            a_check(today - 10 * DAY, today + 1000 * DAY, update_service="on", reference="001234567890"),
        )
        assert response.status_code == 302 and response["Location"] == detail_url(supporter)
        check = SupporterCheck.objects.get(supporter=supporter)
        assert check.kind == "dbs" and check.update_service and check.reference == "001234567890"
        assert check.issued_on == today - 10 * DAY and check.recorded_by == colleague

    def test_the_audit_line_never_holds_the_reference(self, staff_client, supporter, today) -> None:
        staff_client.post(check_url(supporter), a_check(today, today + 1000 * DAY, reference="001234567890"))
        line = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="peers.SupporterCheck")
        assert "001234567890" not in f"{line.summary} {line.object_label} {line.changes}"
        assert line.changes["kind"] == "dbs"

    def test_an_expiry_before_the_issue_date_is_refused_next_to_the_field(self, staff_client, supporter, today):
        response = staff_client.post(check_url(supporter), a_check(today - 5 * DAY, today - 6 * DAY))
        html = response.content.decode()
        assert response.status_code == 200
        assert str(EXPIRY_BEFORE_ISSUE) == "The expiry date must be the same as or after the date it was issued"
        assert str(EXPIRY_BEFORE_ISSUE) in error_of(html, "expires_on")
        assert 'href="#id_expires_on"' in html  # the error summary links to the field
        assert not SupporterCheck.objects.exists()

    def test_an_expiry_on_the_issue_date_is_allowed(self, staff_client, supporter, today) -> None:
        staff_client.post(check_url(supporter), a_check(today, today))
        assert SupporterCheck.objects.filter(supporter=supporter).count() == 1

    def test_the_service_refuses_it_too(self, colleague, supporter, today) -> None:
        with pytest.raises(ValidationError) as raised:
            services.check_add(
                actor=colleague, supporter=supporter, kind="dbs", issued_on=today, expires_on=today - DAY
            )
        assert raised.value.message_dict == {"expires_on": [str(EXPIRY_BEFORE_ISSUE)]}
        assert not SupporterCheck.objects.exists()

    def test_the_database_refuses_it_as_a_backstop(self, org, supporter, today) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            SupporterCheck.objects.create(
                organisation=org, supporter=supporter, kind="dbs", issued_on=today, expires_on=today - DAY
            )

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"kind": ""}, "kind", "Choose which check or training this is"),
            (date_parts("issued_on", None), "issued_on", "Enter the date it was issued or completed"),
            (date_parts("expires_on", None), "expires_on", "Enter the date it expires or must be renewed"),
            ({"issued_on_day": "31", "issued_on_month": "2"}, "issued_on", "must be a real date"),
            ({"expires_on_month": ""}, "expires_on", "must include a month"),
            ({"update_service": "on", "kind": "peer_training"}, "update_service", "Only a DBS check can be on"),
            ({"reference": "x" * 51}, "reference", "The reference must be 50 characters or fewer"),
        ],
    )
    def test_each_mistake_is_named_next_to_its_field(self, staff_client, supporter, today, data, field, message):
        posted = {**a_check(today - DAY, today + 100 * DAY), **data}
        html = staff_client.post(check_url(supporter), posted).content.decode()
        assert message in error_of(html, field)
        assert not SupporterCheck.objects.exists()

    def test_an_issue_date_in_the_future_is_refused(self, staff_client, supporter, today) -> None:
        html = staff_client.post(check_url(supporter), a_check(today + DAY, today + 100 * DAY)).content.decode()
        assert "The date it was issued must be today or in the past" in error_of(html, "issued_on")
        assert not SupporterCheck.objects.exists()

    def test_a_new_check_can_make_a_supporter_matchable(self, staff_client, colleague, supporter, today) -> None:
        all_checks(colleague, supporter)
        SupporterCheck.objects.filter(supporter=supporter, kind="dbs").update(
            issued_on=today - 1100 * DAY, expires_on=today - DAY
        )
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert f"Their DBS check expired on {date_words(today - DAY)}." in html
        staff_client.post(check_url(supporter), a_check(today, today + 1000 * DAY))
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert 'govuk-tag--green">Can be matched<' in html


class TestCheckDelete:
    @pytest.fixture
    def check(self, colleague, supporter, today) -> SupporterCheck:
        return services.check_add(
            actor=colleague, supporter=supporter, kind="dbs", issued_on=today, expires_on=today + 10 * DAY
        )

    def test_it_asks_first_then_deletes(self, staff_client, check, supporter) -> None:
        url = reverse("peers:check_delete", kwargs={"check_id": check.pk})
        html = staff_client.get(url).content.decode()
        assert "Delete this check?" in html and "entered by mistake" in html
        assert SupporterCheck.objects.filter(pk=check.pk).exists()
        response = staff_client.post(url)
        assert response["Location"] == detail_url(supporter)
        assert not SupporterCheck.objects.filter(pk=check.pk).exists()
        line = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, object_id=str(check.pk))
        assert "entered by mistake" in line.summary

    def test_others_cannot(self, peer_user, stranger, check) -> None:
        url = reverse("peers:check_delete", kwargs={"check_id": check.pk})
        assert client_for(peer_user).post(url).status_code == 403
        assert client_for(stranger).post(url).status_code == 404
        assert SupporterCheck.objects.filter(pk=check.pk).exists()


class TestSupervision:
    def test_the_next_one_is_due_8_weeks_later_unless_changed(self, staff_client, supporter, today) -> None:
        html = staff_client.get(supervision_url(supporter)).content.decode()
        later = today + dt.timedelta(weeks=8)
        assert f'value="{later.day}"' in html and f'value="{later.year}"' in html  # suggested, and editable
        held = today - 3 * DAY
        staff_client.post(
            supervision_url(supporter), {**date_parts("held_on", held), **date_parts("next_due_on", None)}
        )
        assert Supervision.objects.get(supporter=supporter).next_due_on == held + dt.timedelta(weeks=8)

    def test_a_chosen_next_date_is_kept(self, staff_client, colleague, supporter, today) -> None:
        staff_client.post(
            supervision_url(supporter),
            {**date_parts("held_on", today), **date_parts("next_due_on", today + 20 * DAY), "notes": "Going well"},
        )
        supervision = Supervision.objects.get(supporter=supporter)
        assert supervision.next_due_on == today + 20 * DAY
        assert supervision.supervisor == colleague and supervision.notes == "Going well"
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert "Going well" in html and f"due on {(today + 20 * DAY):%-d %B %Y}" in html

    @pytest.mark.parametrize(
        ("held", "due", "field", "message"),
        [
            (0, 0, "next_due_on", "The next supervision must be due after the date this one was held"),
            (0, -1, "next_due_on", "The next supervision must be due after the date this one was held"),
            (1, 60, "held_on", "The date it was held must be today or in the past"),
            (None, 10, "held_on", "Enter the date the supervision was held"),
        ],
    )
    def test_mistakes_are_refused(self, staff_client, supporter, today, held, due, field, message) -> None:
        posted = {
            **date_parts("held_on", None if held is None else today + held * DAY),
            **date_parts("next_due_on", today + due * DAY),
        }
        html = staff_client.post(supervision_url(supporter), posted).content.decode()
        assert message in error_of(html, field)
        assert not Supervision.objects.exists()

    def test_the_service_and_the_database_refuse_a_next_date_not_after_it(self, colleague, org, supporter, today):
        with pytest.raises(ValidationError):
            services.supervision_record(actor=colleague, supporter=supporter, held_on=today, next_due_on=today)
        with pytest.raises(IntegrityError), transaction.atomic():
            Supervision.objects.create(organisation=org, supporter=supporter, held_on=today, next_due_on=today)

    def test_overdue_supervision_stops_matching_with_the_reason(self, staff_client, colleague, ready, today):
        services.supervision_record(actor=colleague, supporter=ready, held_on=today - 2 * DAY, next_due_on=today - DAY)
        html = staff_client.get(detail_url(ready)).content.decode()
        assert 'govuk-tag--red">Cannot be matched<' in html
        assert f"Their supervision is overdue: it was due on {date_words(today - DAY)}." in html
        assert 'govuk-tag--red">Overdue<' in html


# --- co-facilitators and co-trainers ----------------------------------------------------------------------------


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Dads matter", goal="Reach dads")


def an_activity(org, project, title: str, days: int, **fields) -> Activity:
    return Activity.objects.create(
        organisation=org,
        project=project,
        title=title,
        kind=fields.pop("kind", "peer_support"),
        starts_at=timezone.now() + days * DAY,
        **fields,
    )


class TestActivities:
    def url(self, supporter) -> str:
        return reverse("peers:activity_supporter_add", kwargs={"supporter_id": supporter.pk})

    def test_marking_a_supporter_as_co_facilitator_from_their_page(self, staff_client, org, project, supporter):
        group = an_activity(org, project, "Dads' group", 5)
        an_activity(org, project, "Last month's group", -30)
        an_activity(org, project, "Cancelled group", 3, status=Activity.Status.CANCELLED)
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert "Dads&#x27; group" in html
        assert "Last month" not in html and "Cancelled group" not in html
        response = staff_client.post(self.url(supporter), {"activity": str(group.pk), "role": "co_facilitator"})
        assert response["Location"] == detail_url(supporter)
        link = ActivitySupporter.objects.get(supporter=supporter)
        assert link.activity == group and link.role == "co_facilitator"
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert "Co-facilitator" in html
        assert reverse("peers:activity_supporter_delete", kwargs={"activity_supporter_id": link.pk}) in html

    def test_as_co_trainer(self, staff_client, org, project, supporter) -> None:
        course = an_activity(org, project, "Safeguarding basics", 10, kind="training")
        staff_client.post(self.url(supporter), {"activity": str(course.pk), "role": "co_trainer"})
        assert ActivitySupporter.objects.get(supporter=supporter).role == "co_trainer"

    def test_a_past_or_another_organisations_activity_is_refused(
        self, staff_client, org, other_org, project, supporter
    ) -> None:
        past = an_activity(org, project, "Past", -3)
        theirs_project = Project.objects.create(organisation=other_org, title="Theirs", goal="g")
        theirs = an_activity(other_org, theirs_project, "Theirs", 3)
        for activity in (past, theirs):
            html = staff_client.post(self.url(supporter), {"activity": str(activity.pk), "role": "co_trainer"})
            assert "Choose one of your organisation&#x27;s activities still to come" in html.content.decode()
        assert not ActivitySupporter.objects.exists()

    def test_a_role_must_be_chosen(self, staff_client, org, project, supporter) -> None:
        group = an_activity(org, project, "Group", 5)
        html = staff_client.post(self.url(supporter), {"activity": str(group.pk)}).content.decode()
        assert "Choose whether they co-facilitate or co-train" in html
        assert not ActivitySupporter.objects.exists()

    def test_the_same_activity_twice_gets_a_clear_message(self, staff_client, org, project, supporter) -> None:
        group = an_activity(org, project, "Group", 5)
        staff_client.post(self.url(supporter), {"activity": str(group.pk), "role": "co_facilitator"})
        html = staff_client.post(self.url(supporter), {"activity": str(group.pk), "role": "co_trainer"})
        assert "Sam Supporter is already helping to run Group" in html.content.decode()
        assert ActivitySupporter.objects.count() == 1

    def test_removing_them_is_a_post(self, staff_client, colleague, org, project, supporter, peer_user) -> None:
        group = an_activity(org, project, "Group", 5)
        link = services.activity_supporter_add(
            actor=colleague, supporter=supporter, activity=group, role="co_facilitator"
        )
        url = reverse("peers:activity_supporter_delete", kwargs={"activity_supporter_id": link.pk})
        assert staff_client.get(url).status_code == 405
        assert client_for(peer_user).post(url).status_code == 403
        response = staff_client.post(url)
        assert response["Location"] == detail_url(supporter)
        assert not ActivitySupporter.objects.exists()
        assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_id=str(link.pk)).exists()

    def test_the_page_says_so_when_nothing_is_coming_up(self, staff_client, supporter) -> None:
        html = staff_client.get(detail_url(supporter)).content.decode()
        assert "Your organisation has no activities still to come" in html
