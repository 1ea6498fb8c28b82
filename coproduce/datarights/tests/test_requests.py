"""The requests register: logging a request (with its one-month due date), the list with days left or overdue,
completing a request; and a person's own request from their link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.consent.links import links_revoke, make_token
from coproduce.core.models import AuditEvent
from coproduce.datarights import services
from coproduce.datarights.models import DataRightsRequest, one_month_after
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from tests.cast import client_for, make_member

LIST = reverse("datarights:request_list")
CREATE = reverse("datarights:request_create")


def _detail(rights_request: DataRightsRequest) -> str:
    return reverse("datarights:request_detail", kwargs={"rights_request_id": rights_request.pk})


def _make(org, person, *, received_on: dt.date, kind: str = "access", status: str = "open") -> DataRightsRequest:
    return DataRightsRequest.objects.create(
        organisation=org, person=person, kind=kind, made_by="staff", received_on=received_on, status=status
    )


class TestRegister:
    def test_it_shows_each_request_with_its_due_date_and_days_left(self, dpo_client, org, person, today) -> None:
        _make(org, person, received_on=today - dt.timedelta(days=40), kind="erasure")
        _make(org, person, received_on=today - dt.timedelta(days=2))
        _make(org, None, received_on=today - dt.timedelta(days=5), kind="objection")
        body = dpo_client.get(LIST).content.decode()
        assert "3 requests" in body
        overdue_by = (today - one_month_after(today - dt.timedelta(days=40))).days
        assert f"Overdue by {overdue_by} day" in body
        days_left = (one_month_after(today - dt.timedelta(days=2)) - today).days
        assert f"{days_left} days left" in body
        assert "Delete their information (erasure)" in body
        assert "Ngozi Adebayo" in body
        assert "Not linked to anyone yet" in body
        # Soonest due first: the overdue one leads.
        assert body.index("Overdue by") < body.index(f"{days_left} days left")

    def test_it_filters_by_status(self, dpo_client, org, person, today) -> None:
        _make(org, person, received_on=today, kind="erasure")
        _make(org, person, received_on=today, kind="rectification", status="completed")
        assert "Correct their information" not in dpo_client.get(LIST).content.decode()
        completed = dpo_client.get(f"{LIST}?status=completed").content.decode()
        assert "Correct their information" in completed and "Delete their information" not in completed
        assert "2 requests" in dpo_client.get(f"{LIST}?status=all").content.decode()

    def test_it_hides_other_organisations_requests(self, dpo_client, other_org, other_person, today) -> None:
        _make(other_org, other_person, received_on=today)
        assert "0 requests" in dpo_client.get(LIST).content.decode()

    def test_the_list_takes_the_same_queries_for_2_and_12_requests(
        self, dpo_client, org, today, django_assert_max_num_queries
    ) -> None:
        def make(count: int) -> None:
            for n in range(count):
                person = Person.objects.create(organisation=org, full_name=f"Person {n}")
                _make(org, person, received_on=today)

        make(2)
        with django_assert_max_num_queries(100) as two:
            dpo_client.get(LIST)
        make(10)
        with django_assert_max_num_queries(len(two.captured_queries)) as twelve:
            assert "12 requests" in dpo_client.get(LIST).content.decode()
        assert len(twelve.captured_queries) == len(two.captured_queries)

    @pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.VIEWER])
    def test_only_the_data_protection_officer_sees_the_register(self, org, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(LIST).status_code == 403
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"kind": "access"}).status_code == 403


class TestLogging:
    def test_a_request_is_logged_for_the_person_chosen(self, dpo_client, dpo, person, today) -> None:
        page = dpo_client.get(f"{CREATE}?person={person.pk}")
        assert "Ngozi Adebayo" in page.content.decode()
        received = today - dt.timedelta(days=4)
        response = dpo_client.post(
            f"{CREATE}?person={person.pk}",
            {
                "kind": "access",
                "made_by": "on_behalf",
                "received_on": received.strftime("%d/%m/%Y"),
                "notes": "Letter from her advocate",
            },
        )
        rights_request = DataRightsRequest.objects.get()
        assert response["Location"] == _detail(rights_request)
        assert (rights_request.person, rights_request.kind, rights_request.made_by) == (person, "access", "on_behalf")
        assert (rights_request.received_on, rights_request.due_on) == (received, one_month_after(received))
        assert (rights_request.logged_by, rights_request.notes) == (dpo, "Letter from her advocate")
        event = AuditEvent.objects.get(action="create", object_id=str(rights_request.pk))
        assert event.actor == dpo
        assert event.summary == f"Logged a data rights request (access) for {person.audit_label}"
        assert "advocate" not in str(event.changes) and "Ngozi" not in event.summary

    def test_a_person_can_be_found_by_name(self, dpo_client, person, org) -> None:
        Person.objects.create(organisation=org, full_name="Someone Else")
        body = dpo_client.get(f"{CREATE}?q=ngozi").content.decode()
        assert f"?person={person.pk}" in body and "Someone Else" not in body
        assert "Nobody matches" in dpo_client.get(f"{CREATE}?q=zzz").content.decode()

    def test_a_request_can_be_logged_before_the_person_is_found(self, dpo_client, today) -> None:
        dpo_client.post(CREATE, {"kind": "erasure", "made_by": "staff", "received_on": today.strftime("%d/%m/%Y")})
        assert DataRightsRequest.objects.get().person is None

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"made_by": "staff", "received_on": "1/1/2026"}, "Select what they are asking for"),
            ({"kind": "access", "received_on": "1/1/2026"}, "Select who asked"),
            ({"kind": "access", "made_by": "staff"}, "Enter date received"),
            ({"kind": "access", "made_by": "staff", "received_on": "31/2/2026"}, "Enter date received as a real date"),
        ],
    )
    def test_each_answer_is_checked(self, dpo_client, data, message) -> None:
        page = dpo_client.post(CREATE, data)
        assert page.status_code == 200
        assert message in page.content.decode()
        assert "<title>Error: " in page.content.decode()
        assert not DataRightsRequest.objects.exists()

    def test_a_date_in_the_future_is_refused(self, dpo_client, today) -> None:
        tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
        page = dpo_client.post(CREATE, {"kind": "access", "made_by": "staff", "received_on": tomorrow})
        assert "The date received must be today or in the past" in page.content.decode()
        assert not DataRightsRequest.objects.exists()

    def test_another_organisations_person_is_404(self, dpo_client, other_person, today) -> None:
        data = {"kind": "access", "made_by": "staff", "received_on": today.strftime("%d/%m/%Y")}
        assert dpo_client.get(f"{CREATE}?person={other_person.pk}").status_code == 404
        assert dpo_client.post(f"{CREATE}?person={other_person.pk}", data).status_code == 404
        assert not DataRightsRequest.objects.exists()


class TestDetailAndCompletion:
    def test_the_page_links_to_what_answers_the_request(self, dpo_client, access_request, person) -> None:
        body = dpo_client.get(_detail(access_request)).content.decode()
        assert "A copy of their information (subject access)" in body
        export = reverse("datarights:person_export", kwargs={"person_id": person.pk})
        assert f"{export}?rights_request={access_request.pk}" in body
        assert "Mark as completed" in body

    def test_completing_records_when_and_by_whom(self, dpo_client, dpo, access_request, today) -> None:
        response = dpo_client.post(_detail(access_request), {"completed_on": today.strftime("%d/%m/%Y")})
        assert response.status_code == 302
        access_request.refresh_from_db()
        assert (access_request.status, access_request.completed_on, access_request.completed_by) == (
            "completed",
            today,
            dpo,
        )
        event = AuditEvent.objects.get(action="update", object_id=str(access_request.pk))
        assert event.changes == {"status": ["open", "completed"], "completed_on": today.isoformat()}
        page = dpo_client.get(_detail(access_request)).content.decode()
        assert "Mark as completed</button>" not in page
        assert "Dana Protector" in page

    def test_it_cannot_be_completed_before_it_arrived(self, dpo_client, access_request) -> None:
        before = (access_request.received_on - dt.timedelta(days=1)).strftime("%d/%m/%Y")
        page = dpo_client.post(_detail(access_request), {"completed_on": before})
        assert "The date completed must be on or after the date received" in page.content.decode()
        access_request.refresh_from_db()
        assert access_request.status == "open"

    def test_it_cannot_be_completed_twice(self, dpo, access_request) -> None:
        services.request_complete(actor=dpo, rights_request=access_request)
        with pytest.raises(Exception, match="already been completed"):
            services.request_complete(actor=dpo, rights_request=access_request)

    def test_another_organisations_request_is_404_and_other_roles_403(
        self, dpo_client, admin_client_, access_request, other_org, other_person, today
    ) -> None:
        theirs = _make(other_org, other_person, received_on=today)
        assert dpo_client.get(_detail(theirs)).status_code == 404
        assert dpo_client.post(_detail(theirs), {"completed_on": today.strftime("%d/%m/%Y")}).status_code == 404
        assert admin_client_.get(_detail(access_request)).status_code == 403
        theirs.refresh_from_db()
        assert theirs.status == "open"


# A person's own request ------------------------------------------------------------------------------------------


def _my_url(person: Person, kind: str = "access", link: str | None = None) -> str:
    return reverse("datarights:my_request", kwargs={"link": link or make_token(person), "kind": kind})


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def post(url: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url)

    return post


class TestMyRequest:
    @pytest.mark.parametrize(
        ("kind", "heading"),
        [("access", "Ask for a copy of your information"), ("erasure", "Ask us to delete your information")],
    )
    def test_it_asks_the_person_to_confirm(self, client, person, kind, heading) -> None:
        page = client.get(_my_url(person, kind))
        assert page.status_code == 200
        assert heading in page.content.decode()
        assert page["Referrer-Policy"] == "strict-origin"
        assert page["Cache-Control"] == "private, no-store"
        assert not DataRightsRequest.objects.exists()

    def test_sending_logs_the_request_and_tells_the_dpo_without_details(self, send, person, dpo, admin, today) -> None:
        page = send(_my_url(person, "erasure"))
        rights_request = DataRightsRequest.objects.get()
        assert (rights_request.person, rights_request.kind, rights_request.made_by) == (person, "erasure", "person")
        assert (rights_request.received_on, rights_request.logged_by) == (today, None)
        body = page.content.decode()
        assert page.status_code == 200
        assert f"We will reply by {rights_request.due_on.strftime('%-d %B %Y')}" in body
        assert page["Cache-Control"] == "private, no-store" and page["Referrer-Policy"] == "strict-origin"
        [message] = mail.outbox
        assert message.to == ["dpo@example.org"]
        assert message.subject == "A data rights request has arrived"
        assert f"http://testserver{_detail(rights_request)}" in message.body
        for secret in ("Ngozi", "Adebayo", "ngozi@example.net", person.reference):
            assert secret not in message.body
        event = AuditEvent.objects.get(action="create", object_id=str(rights_request.pk))
        assert event.actor is None and "Ngozi" not in event.summary

    def test_without_a_dpo_the_administrators_are_told(self, send, person, admin) -> None:
        send(_my_url(person))
        assert [m.to for m in mail.outbox] == [["admin@example.org"]]

    def test_asking_again_while_open_makes_no_second_request(self, send, person, dpo) -> None:
        send(_my_url(person))
        page = send(_my_url(person))
        assert DataRightsRequest.objects.count() == 1
        assert len(mail.outbox) == 1
        assert "You already asked for this" in page.content.decode()

    def test_it_is_rate_limited(self, client, person, dpo) -> None:
        DataRightsRequest.objects.all().delete()
        statuses = [client.post(_my_url(person)).status_code for _n in range(6)]
        assert statuses == [200, 200, 200, 200, 200, 429]
        assert DataRightsRequest.objects.count() == 1

    @pytest.mark.parametrize("kind", ["rectification", "objection", "nonsense"])
    def test_other_kinds_are_404(self, client, person, kind) -> None:
        assert client.get(_my_url(person, kind)).status_code == 404
        assert client.post(_my_url(person, kind)).status_code == 404
        assert not DataRightsRequest.objects.exists()

    def test_a_bad_or_revoked_link_is_404(self, client, person) -> None:
        assert client.get(_my_url(person, link="forged-link")).status_code == 404
        url = _my_url(person)
        links_revoke(person)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert not DataRightsRequest.objects.exists()

    def test_the_dpo_of_another_organisation_is_not_told(self, send, person, other_org) -> None:
        make_member(other_org, "southby-dpo@example.org", Role.DATA_PROTECTION_OFFICER)
        Membership.objects.filter(organisation=person.organisation).delete()
        send(_my_url(person))
        assert mail.outbox == []
        assert DataRightsRequest.objects.get().organisation == person.organisation
