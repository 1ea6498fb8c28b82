"""Who sees a concern (leads and the person who raised it, nobody else), the audit of every reading, the list,
status changes and notes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Role
from coproduce.safeguarding import services
from coproduce.safeguarding.models import ConcernNote, SafeguardingConcern
from coproduce.safeguarding.tests.conftest import WHAT_HAPPENED
from tests.cast import client_for, make_member

LIST = reverse("safeguarding:concern_list")


def detail(concern) -> str:
    return reverse("safeguarding:concern_detail", kwargs={"concern_id": concern.pk})


def views_of(concern) -> int:
    return AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_id=str(concern.pk)).count()


class TestWhoSeesAConcern:
    def test_the_lead_and_the_raiser_read_it_and_every_reading_is_audited(self, concern, sg_lead, colleague) -> None:
        for user in (sg_lead, colleague, sg_lead):
            response = client_for(user).get(detail(concern))
            assert response.status_code == 200
            assert WHAT_HAPPENED in response.content.decode()
        assert views_of(concern) == 3
        line = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).first()
        assert line.summary == "Read a safeguarding concern" and "Maya" not in str(line.changes)
        assert set(AuditEvent.objects.filter(action="view").values_list("actor__email", flat=True)) == {
            "dsl@example.org",
            "colleague@example.org",
        }

    @pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN, Role.LEAD, Role.DATA_PROTECTION_OFFICER, Role.VIEWER])
    def test_everyone_else_in_the_organisation_is_refused(self, concern, org, role) -> None:
        other = make_member(org, f"other-{role}@example.org", role)
        client = client_for(other)
        assert client.get(detail(concern)).status_code == 403
        assert client.post(detail(concern), {"action": "note", "note-text": "Hello"}).status_code == 403
        assert views_of(concern) == 0
        assert not ConcernNote.objects.exists()

    def test_another_organisation_gets_404(self, concern, stranger) -> None:
        client = client_for(stranger)
        assert client.get(detail(concern)).status_code == 404
        assert client.post(detail(concern), {"action": "note", "note-text": "x"}).status_code == 404
        assert views_of(concern) == 0

    def test_the_confirmation_is_for_the_raiser_only(self, concern, sg_lead) -> None:
        body = client_for(sg_lead).get(detail(concern) + "?raised=1").content.decode()
        assert "Concern sent" not in body and WHAT_HAPPENED in body


class TestTheList:
    def test_a_lead_sees_every_concern_newest_first(self, org, concern, sg_lead, peer) -> None:
        newer = services.concern_raise(
            actor=peer, organisation=org, what_happened="Another", immediate_danger=True, context_label="Stay and play"
        )
        body = client_for(sg_lead).get(LIST).content.decode()
        assert body.index(services.concern_reference(newer)) < body.index(services.concern_reference(concern))
        assert "Siobhan Walsh" in body and "Stay and play" in body and "Immediate danger" in body
        assert "Pat Peer" in body  # who raised it
        assert AuditEvent.objects.filter(action="view", summary="Looked at the list of safeguarding concerns").exists()

    def test_others_see_only_the_concerns_they_raised(self, org, concern, peer, colleague) -> None:
        mine = services.concern_raise(actor=peer, organisation=org, what_happened="Mine", immediate_danger=False)
        body = client_for(peer).get(LIST).content.decode()
        assert services.concern_reference(mine) in body
        assert services.concern_reference(concern) not in body
        assert "1 concern" in body

    def test_a_lead_filters_by_status(self, org, concern, sg_lead, peer) -> None:
        other = services.concern_raise(actor=peer, organisation=org, what_happened="Other", immediate_danger=False)
        services.concern_change_status(actor=sg_lead, concern=other, to_status="closed", note="Dealt with")
        client = client_for(sg_lead)
        closed = client.get(LIST, {"status": "closed"}).content.decode()
        assert services.concern_reference(other) in closed
        assert services.concern_reference(concern) not in closed
        assert services.concern_reference(concern) in client.get(LIST, {"status": "new"}).content.decode()

    @pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER])
    def test_roles_that_cannot_raise_have_no_list(self, org, role) -> None:
        assert client_for(make_member(org, f"{role}@example.org", role)).get(LIST).status_code == 403

    def test_the_list_takes_the_same_queries_for_2_and_12_concerns(
        self, org, person, colleague, sg_lead, household, django_assert_num_queries
    ) -> None:
        client = client_for(sg_lead)

        def make(n: int) -> None:
            for i in range(n):
                services.concern_raise(
                    actor=colleague,
                    organisation=org,
                    person=person if i % 2 else None,
                    household=household if i % 3 else None,
                    what_happened="x",
                    immediate_danger=bool(i % 2),
                )

        make(2)
        client.get(LIST)  # warm the session and role caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as two:
            assert client.get(LIST).status_code == 200
        make(10)
        with django_assert_num_queries(len(two.captured_queries)):
            body = client.get(LIST).content.decode()
        assert "12 concerns" in body


class TestHandlingAConcern:
    def post_status(self, user, concern, **data):
        fields = {"action": "status", **{f"status-{k}": v for k, v in data.items()}}
        return client_for(user).post(detail(concern), fields)

    def test_a_lead_acknowledges_refers_and_closes(self, concern, sg_lead) -> None:
        assert self.post_status(sg_lead, concern, to_status="acknowledged").status_code == 302
        concern.refresh_from_db()
        assert concern.status == "acknowledged"
        note = ConcernNote.objects.get()
        assert (note.status_from, note.status_to, note.author) == ("new", "acknowledged", sg_lead)

        self.post_status(sg_lead, concern, to_status="referred", referred_to="Children's social care front door")
        concern.refresh_from_db()
        assert (concern.status, concern.referred_to) == ("referred", "Children's social care front door")

        self.post_status(sg_lead, concern, to_status="closed", note="Social care have taken it on.")
        concern.refresh_from_db()
        assert concern.status == "closed"
        assert ConcernNote.objects.count() == 3
        lines = AuditEvent.objects.filter(action="update", object_id=str(concern.pk)).order_by("created_at")
        assert [line.changes["status"] for line in lines] == [
            ["new", "acknowledged"],
            ["acknowledged", "referred"],
            ["referred", "closed"],
        ]
        assert lines[1].changes["fields"] == ["referred_to", "status"]
        assert "social care" not in str([line.changes for line in lines]).lower()
        # Closed: no more status changes, and the page says so by offering none.
        body = client_for(sg_lead).get(detail(concern)).content.decode()
        assert "Change the status" not in body
        assert "Changed the status from acknowledged to referred." in body

    def test_a_lead_can_close_straight_away(self, concern, sg_lead) -> None:
        self.post_status(sg_lead, concern, to_status="closed", note="Not a safeguarding matter: advice given.")
        concern.refresh_from_db()
        assert concern.status == "closed"

    def test_referring_needs_who_to_and_closing_needs_a_note(self, concern, sg_lead) -> None:
        body = self.post_status(sg_lead, concern, to_status="referred").content.decode()
        assert "Say who the concern was referred to" in body
        body = self.post_status(sg_lead, concern, to_status="closed", note="  ").content.decode()
        assert "Say why the concern is being closed" in body
        assert "<title>Error: " in body
        body = self.post_status(sg_lead, concern).content.decode()
        assert "Choose the new status" in body
        concern.refresh_from_db()
        assert concern.status == "new" and not ConcernNote.objects.exists()

    def test_the_service_checks_the_rules_too(self, concern, sg_lead, colleague) -> None:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="referred to"):
            services.concern_change_status(actor=sg_lead, concern=concern, to_status="referred")
        with pytest.raises(ValidationError, match="why the concern is being closed"):
            services.concern_change_status(actor=sg_lead, concern=concern, to_status="closed")
        with pytest.raises(ValidationError, match="Only a designated safeguarding lead"):
            services.concern_change_status(actor=colleague, concern=concern, to_status="acknowledged")
        services.concern_change_status(actor=sg_lead, concern=concern, to_status="closed", note="Done")
        with pytest.raises(ValidationError, match="cannot be marked as acknowledged"):
            services.concern_change_status(actor=sg_lead, concern=concern, to_status="acknowledged")

    def test_the_raiser_cannot_change_the_status_but_can_add_information(self, concern, colleague, sg_lead) -> None:
        assert self.post_status(colleague, concern, to_status="closed", note="x").status_code == 403
        client = client_for(colleague)
        page = client.get(detail(concern)).content.decode()
        assert "Change the status" not in page
        assert "What else have you seen, heard or remembered?" in page
        response = client.post(detail(concern), {"action": "note", "note-text": "She came back today with a bruise."})
        assert response.status_code == 302
        note = ConcernNote.objects.get()
        assert (note.author, note.text, note.status_to) == (colleague, "She came back today with a bruise.", "")
        line = AuditEvent.objects.get(action="create", object_id=str(note.pk))
        assert line.summary == "Added a note to a safeguarding concern" and "bruise" not in str(line.changes)
        assert "She came back today with a bruise." in client_for(sg_lead).get(detail(concern)).content.decode()

    def test_an_empty_note_is_refused(self, concern, sg_lead) -> None:
        body = client_for(sg_lead).post(detail(concern), {"action": "note", "note-text": ""}).content.decode()
        assert "Write the note" in body and not ConcernNote.objects.exists()


def test_a_stranger_cannot_see_any_concern_in_their_own_list(concern, stranger) -> None:
    body = client_for(stranger).get(LIST).content.decode()
    assert services.concern_reference(concern) not in body
    assert "0 concerns" in body


def test_concerns_never_appear_in_the_people_list(concern, admin) -> None:
    body = client_for(admin).get(reverse("people:person_list"), {"q": "Siobhan"}).content.decode()
    assert WHAT_HAPPENED not in body
    assert services.concern_reference(concern) not in body
    assert SafeguardingConcern.objects.count() == 1
