"""The register on the day: who is on it, photo consent and needs shown per person, saving (one row per person,
only the fields changed, audited by field name, payments for time worked out), walk-ins (found first, or added
with their consent), who may use it, bad input, bounded queries, and the attendance API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import Consent, ConsentStatus, Purpose
from coproduce.core.models import AuditEvent
from coproduce.engagement.forms.register import RegisterForm
from coproduce.engagement.models import Activity, Attendance, Invitation
from coproduce.engagement.services.register import activity_length, register_rows
from coproduce.organisations.models import Role
from coproduce.payments.models import PaymentLine, PaymentPolicy
from coproduce.payments.services import default_policy_fields
from coproduce.people.models import AccessNeeds, Person
from coproduce.projects.models import Project
from coproduce.safeguarding.models import SafeguardingArrangements
from tests.cast import client_for, make_member


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Better support")


@pytest.fixture
def activity(org, project, admin) -> Activity:
    now = timezone.now().replace(second=0, microsecond=0)
    return Activity.objects.create(
        organisation=org,
        project=project,
        title="Feeding workshop",
        kind="workshop",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        join_in_person=True,
        lead_on_duty=admin,
        children_present=True,
        ratio_adults=1,
        ratio_children=4,
    )


def invite(activity: Activity, person: Person, reply: str = "yes", waiting: bool = False) -> Invitation:
    return Invitation.objects.create(
        organisation=activity.organisation, activity=activity, person=person, reply=reply, on_waiting_list=waiting
    )


@pytest.fixture
def aisha(org, activity) -> Person:
    person = Person.objects.create(
        organisation=org, full_name="Aisha Begum", preferred_name="Aisha", pronunciation="EYE-sha", phone="07700 900123"
    )
    AccessNeeds.objects.create(
        organisation=org, person=person, childcare=True, interpreter=True, interpreter_language="Polish"
    )
    Consent.objects.create(
        organisation=org, person=person, purpose=Purpose.PHOTOS, status=ConsentStatus.GIVEN, method="online"
    )
    invite(activity, person)
    return person


@pytest.fixture
def ben(org, activity) -> Person:
    person = Person.objects.create(organisation=org, full_name="Ben Carter")
    Consent.objects.create(
        organisation=org, person=person, purpose=Purpose.PHOTOS, status=ConsentStatus.REFUSED, method="paper"
    )
    invite(activity, person)
    return person


@pytest.fixture
def policy(org) -> PaymentPolicy:
    return PaymentPolicy.objects.create(organisation=org, **{**default_policy_fields(), "rate_pence": 1500})


def url(activity: Activity) -> str:
    return reverse("engagement:register", kwargs={"activity_id": activity.pk})


def walk_in_url(activity: Activity) -> str:
    return reverse("engagement:register_walk_in", kwargs={"activity_id": activity.pk})


def register_data(activity: Activity, *, came=None, hours=None, needs=None) -> dict:
    """What a browser sends for the register as it is now (each field with its hidden starting value), with the
    changes given per person."""
    form = RegisterForm(rows=register_rows(activity), default_hours=activity_length(activity))
    data: dict = {}
    for name in form.fields:
        initial = form[name].initial
        if name.startswith("came_"):
            data[f"initial-{name}"] = "True" if initial else "False"
            if initial:
                data[name] = "on"
        elif name.startswith("hours_"):
            data[f"initial-{name}"] = data[name] = "" if initial is None else str(initial)
        elif name.startswith("needswas_"):
            data[name] = initial
        else:
            data[name] = list(initial or [])
    for person, value in (came or {}).items():
        data.pop(f"came_{person.pk.hex}", None)
        if value:
            data[f"came_{person.pk.hex}"] = "on"
    for person, value in (hours or {}).items():
        data[f"hours_{person.pk.hex}"] = value
    for person, value in (needs or {}).items():
        data[f"needs_{person.pk.hex}"] = value
    return data


class _RegisterFormReader(HTMLParser):
    """What a browser would send for the register form on a page: every input, ticked boxes only."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "form" and values.get("method") == "post" and "aria-labelledby" in values:
            self.in_form = True
        elif tag == "input" and self.in_form and values.get("name"):
            if values.get("type") == "checkbox":
                if "checked" in values:
                    self.data.setdefault(values["name"], []).append(values.get("value") or "on")
                return
            self.data.setdefault(values["name"], []).append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def as_sent(response) -> dict[str, list[str]]:
    reader = _RegisterFormReader()
    reader.feed(response.content.decode())
    return reader.data


class TestTheRegisterPage:
    def test_it_lists_everyone_with_a_place_with_their_needs_and_photo_consent(
        self, activity, aisha, ben, colleague, org
    ) -> None:
        maybe = Person.objects.create(organisation=org, full_name="Chloe Maybe")
        invite(activity, maybe, reply="maybe")
        waiting = Person.objects.create(organisation=org, full_name="Dan Waiting")
        invite(activity, waiting, waiting=True)
        body = client_for(colleague).get(url(activity)).content.decode()
        assert "Aisha" in body and "Ben Carter" in body
        assert "Chloe Maybe" not in body and "Dan Waiting" not in body
        assert "Say it: <strong>EYE-sha</strong>" in body
        assert "Interpreter (Polish)" in body and "Childcare" in body
        ben_card = body[body.index(f'id="person-{ben.pk.hex}"') :]
        assert ben_card.index("No photos") < ben_card.index("Came")
        aisha_card = body[body.index(f'id="person-{aisha.pk.hex}"') : body.index(f'id="person-{ben.pk.hex}"')]
        assert "Photos OK" in aisha_card and "No photos" not in aisha_card
        # Tablet-sized checkboxes, each with the value it started with.
        assert f'name="initial-came_{aisha.pk.hex}" value="False"' in body
        assert "govuk-checkboxes--small" not in body

    def test_it_shows_safeguarding_for_the_day(self, activity, aisha, colleague, org, admin) -> None:
        SafeguardingArrangements.objects.create(
            organisation=org, contact_name="Dee Safe, duty lead", contact_phone="07700 900482", procedure="Call."
        )
        body = client_for(colleague).get(url(activity)).content.decode()
        assert "Amara Admin" in body  # lead on duty
        assert "1 adult for every 4 children" in body
        assert "Dee Safe, duty lead" in body
        assert f"{reverse('safeguarding:concern_raise')}?person={aisha.pk}" in body
        assert "recorded only with everyone" not in body
        Activity.objects.filter(pk=activity.pk).update(join_online=True, is_recorded=True)
        body = client_for(colleague).get(url(activity)).content.decode()
        assert "This online session is recorded only with everyone's consent: ask at the start." in body.replace(
            "&#x27;", "'"
        )

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD])
    def test_roles_that_do_not_take_attendance_are_refused(self, activity, aisha, org, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(url(activity)).status_code == 403
        assert client.post(url(activity), register_data(activity, came={aisha: True})).status_code == 403
        assert client.get(walk_in_url(activity)).status_code == 403
        assert not Attendance.objects.exists()

    def test_another_organisation_gets_404(self, activity, aisha, stranger) -> None:
        client = client_for(stranger)
        assert client.get(url(activity)).status_code == 404
        assert client.post(url(activity), {}).status_code == 404
        assert client.post(walk_in_url(activity), {"action": "pick", "person": str(aisha.pk)}).status_code == 404
        assert not Attendance.objects.exists()

    def test_the_queries_do_not_grow_with_the_number_of_people(self, activity, colleague, org) -> None:
        def add(count: int) -> None:
            for n in range(count):
                person = Person.objects.create(organisation=org, full_name=f"Person {Person.objects.count()} {n}")
                AccessNeeds.objects.create(organisation=org, person=person, step_free=True)
                invite(activity, person)
                Attendance.objects.create(organisation=org, activity=activity, person=person, attended=True)

        client = client_for(colleague)
        add(2)
        client.get(url(activity))
        with CaptureQueriesContext(connection) as few:
            assert client.get(url(activity)).status_code == 200
        add(15)
        with CaptureQueriesContext(connection) as many:
            assert client.get(url(activity)).status_code == 200
        assert len(many) == len(few)


class TestSavingTheRegister:
    def test_it_writes_one_row_per_person_and_works_out_payments_for_time(
        self, activity, aisha, ben, colleague, policy
    ) -> None:
        data = register_data(activity, came={aisha: True}, needs={aisha: ["childcare"]})
        response = client_for(colleague).post(url(activity), data)
        assert response.status_code == 302
        rows = {line.person_id: line for line in Attendance.objects.all()}
        assert len(rows) == 2
        assert rows[aisha.pk].attended and rows[aisha.pk].hours == Decimal("2.00")
        assert rows[aisha.pk].needs_provided == {"childcare": True, "interpreter": False}
        assert not rows[ben.pk].attended and rows[ben.pk].hours is None
        assert rows[aisha.pk].recorded_by == colleague
        line = PaymentLine.objects.get()
        assert (line.person, line.kind, line.amount_pence, line.status) == (aisha, "honorarium", 3000, "due")
        assert line.attendance == rows[aisha.pk] and line.project == activity.project
        audit = AuditEvent.objects.get(summary="Took the register")
        assert audit.changes == {"fields": ["attended", "needs_provided"], "rows": 2}
        assert "Aisha" not in str(audit.changes) and "Aisha" not in audit.object_label

    def test_saving_again_changes_only_what_changed_and_keeps_one_line(
        self, activity, aisha, ben, colleague, policy
    ) -> None:
        client = client_for(colleague)
        client.post(url(activity), register_data(activity, came={aisha: True}))
        client.post(url(activity), register_data(activity, hours={aisha: "1.5"}))
        assert Attendance.objects.count() == 2
        line = PaymentLine.objects.get()
        assert line.amount_pence == 2250 and line.status == "due"
        # Unticked: the line still to pay is cancelled; ticked again, it is to pay again.
        client.post(url(activity), register_data(activity, came={aisha: False}))
        line.refresh_from_db()
        assert line.status == "cancelled" and Attendance.objects.get(person=aisha).hours is None
        client.post(url(activity), register_data(activity, came={aisha: True}))
        line.refresh_from_db()
        assert line.status == "due" and line.amount_pence == 3000
        assert PaymentLine.objects.count() == 1

    def test_a_declined_or_paid_line_is_never_changed_by_the_register(self, activity, aisha, colleague, policy) -> None:
        client = client_for(colleague)
        client.post(url(activity), register_data(activity, came={aisha: True}))
        PaymentLine.objects.update(status="declined")
        client.post(url(activity), register_data(activity, hours={aisha: "1"}))
        client.post(url(activity), register_data(activity, came={aisha: False}))
        line = PaymentLine.objects.get()
        assert (line.status, line.amount_pence) == ("declined", 3000)

    def test_changing_only_the_needs_provided_leaves_payments_alone(self, activity, aisha, colleague, policy) -> None:
        """A payment already worked out keeps its amount when the policy changed since, and is not cancelled when
        the policy no longer pays for time: only a change to who came or for how long works it out again."""
        client = client_for(colleague)
        client.post(url(activity), register_data(activity, came={aisha: True}))
        PaymentPolicy.objects.update(rate_pence=2000)
        client.post(url(activity), register_data(activity, needs={aisha: ["childcare"]}))
        line = PaymentLine.objects.get()
        assert (line.amount_pence, line.status) == (3000, "due")
        assert Attendance.objects.get(person=aisha).needs_provided == {"childcare": True, "interpreter": False}
        PaymentPolicy.objects.update(basis="none", rate_pence=0)
        client.post(url(activity), register_data(activity, needs={aisha: ["interpreter"]}))
        line.refresh_from_db()
        assert (line.amount_pence, line.status) == (3000, "due")

    def test_a_new_amount_must_be_accepted_again(self, activity, aisha, colleague, policy) -> None:
        from coproduce.payments.services import line_benefits_note_shown

        client = client_for(colleague)
        client.post(url(activity), register_data(activity, came={aisha: True}))
        line_benefits_note_shown(actor=colleague, line=PaymentLine.objects.get())
        client.post(url(activity), register_data(activity, hours={aisha: "1.5"}))
        line = PaymentLine.objects.get()
        assert (line.amount_pence, line.benefits_note_shown_at) == (2250, None)

    def test_two_first_saves_at_the_same_moment_both_work(self, activity, aisha, ben, colleague, admin, monkeypatch):
        """Nobody is on the register yet and two tablets save at once: the second waits for the lock on the
        activity, then finds the rows the first made instead of making them again."""
        from coproduce.engagement.services import invitations, register

        competitor_done = []

        def lock_after_a_competitor(activity_id):
            if not competitor_done:
                competitor_done.append(True)
                register.register_save(
                    actor=admin, activity=activity, changes={aisha.pk: {"attended": True}, ben.pk: {}}
                )
            return invitations.lock_activity(activity_id)

        monkeypatch.setattr(register, "lock_activity", lock_after_a_competitor, raising=False)
        register.register_save(actor=colleague, activity=activity, changes={aisha.pk: {}, ben.pk: {"attended": True}})
        assert competitor_done
        came = dict(Attendance.objects.values_list("person_id", "attended"))
        assert came == {aisha.pk: True, ben.pk: True}

    def test_two_tablets_do_not_undo_each_others_ticks(self, activity, aisha, ben, colleague, admin) -> None:
        first_screen = register_data(activity, came={ben: True})  # loaded before Aisha was ticked elsewhere
        client_for(admin).post(url(activity), register_data(activity, came={aisha: True}))
        client_for(colleague).post(url(activity), first_screen)
        came = dict(Attendance.objects.values_list("person_id", "attended"))
        assert came == {aisha.pk: True, ben.pk: True}

    def test_no_policy_means_no_payment_lines(self, activity, aisha, colleague) -> None:
        client_for(colleague).post(url(activity), register_data(activity, came={aisha: True}))
        assert Attendance.objects.get().attended
        assert not PaymentLine.objects.exists()

    @pytest.mark.parametrize(
        ("hours", "message"),
        [
            ("lots", "Enter the hours Aisha took part as a number, like 1.5"),
            ("30", "The hours Aisha took part must be no more than 24"),
            ("0", "The hours Aisha took part must be more than 0"),
            ("1.255", "Enter the hours Aisha took part to 2 decimal places, like 1.25"),
        ],
    )
    def test_bad_hours_are_refused_and_nothing_is_saved(
        self, activity, aisha, ben, colleague, policy, hours, message
    ) -> None:
        response = client_for(colleague).post(
            url(activity), register_data(activity, came={aisha: True, ben: True}, hours={aisha: hours})
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body and "There is a problem" in body
        assert f'href="#id_hours_{aisha.pk.hex}"' in body
        assert not Attendance.objects.exists() and not PaymentLine.objects.exists()

    def test_what_was_changed_before_an_error_is_still_saved_once_it_is_put_right(
        self, activity, aisha, ben, colleague
    ) -> None:
        client = client_for(colleague)
        sent = as_sent(client.get(url(activity)))
        key = aisha.pk.hex
        assert sent[f"initial-came_{key}"] == ["False"] and f"came_{key}" not in sent
        sent[f"came_{key}"] = ["on"]
        sent[f"needs_{key}"] = ["childcare"]
        sent[f"hours_{key}"] = ["lots"]
        response = client.post(url(activity), sent)
        assert response.status_code == 200 and not Attendance.objects.exists()
        sent = as_sent(response)  # the page as it came back, with the typing kept
        assert sent[f"needs_{key}"] == ["childcare"] and sent[f"came_{key}"] == ["on"]
        sent[f"hours_{key}"] = ["1.5"]
        assert client.post(url(activity), sent).status_code == 302
        line = Attendance.objects.get(person=aisha)
        assert line.attended and line.hours == Decimal("1.50")
        assert line.needs_provided == {"childcare": True, "interpreter": False}

    def test_hours_are_needed_when_the_activity_has_no_times(self, activity, aisha, colleague) -> None:
        Activity.objects.filter(pk=activity.pk).update(
            starts_at=None, ends_at=None, window_opens_on=timezone.localdate(), join_async=True
        )
        activity.refresh_from_db()
        response = client_for(colleague).post(url(activity), register_data(activity, came={aisha: True}))
        assert "Enter how many hours Aisha took part, like 1.5" in response.content.decode()
        assert not Attendance.objects.exists()

    def test_the_register_opens_on_the_day_and_not_for_a_cancelled_activity(self, activity, aisha, colleague) -> None:
        client = client_for(colleague)
        data = register_data(activity, came={aisha: True})
        Activity.objects.filter(pk=activity.pk).update(starts_at=activity.starts_at + dt.timedelta(days=3))
        response = client.post(url(activity), data)
        assert "You can take the register from the day of the activity." in response.content.decode()
        Activity.objects.filter(pk=activity.pk).update(starts_at=activity.starts_at, status="cancelled")
        response = client.post(url(activity), data)
        assert "This activity was cancelled" in response.content.decode()
        assert not Attendance.objects.exists()

    def test_taking_part_keeps_people_active(self, activity, aisha, colleague) -> None:
        Person.objects.filter(pk=aisha.pk).update(last_active_at=timezone.now() - dt.timedelta(days=400))
        client_for(colleague).post(url(activity), register_data(activity, came={aisha: True}))
        aisha.refresh_from_db()
        assert timezone.now() - aisha.last_active_at < dt.timedelta(minutes=1)


class TestWalkIns:
    def walk_in(self, **overrides) -> dict:
        return {
            "action": "new",
            "full_name": "Grace Mensah",
            "preferred_name": "",
            "phone": "07700 900456",
            "email": "",
            "heard_about": "friend",
            "contact": "yes",
            "photos": "no",
            "consent_method": "verbal",
            **overrides,
        }

    def test_it_finds_people_already_on_record_by_phone_and_puts_them_on_the_register(
        self, activity, aisha, org, colleague, policy
    ) -> None:
        known = Person.objects.create(organisation=org, full_name="Kwame Asante", phone="07700 900999")
        client = client_for(colleague)
        body = client.get(walk_in_url(activity) + "?q=07700900999").content.decode()
        assert "Kwame Asante" in body and "ending 999" in body and "07700 900999" not in body
        response = client.post(walk_in_url(activity), {"action": "pick", "person": str(known.pk)})
        assert response.status_code == 302 and response["Location"].endswith(f"#person-{known.pk.hex}")
        line = Attendance.objects.get(person=known)
        assert line.attended and line.walk_in and line.hours == Decimal("2.00")
        assert PaymentLine.objects.get(person=known).amount_pence == 3000
        assert Person.objects.count() == 2

    def test_two_staff_adding_the_same_walk_in_at_once_make_one_row(
        self, activity, org, colleague, admin, policy, monkeypatch
    ) -> None:
        from coproduce.engagement.services import invitations, register

        known = Person.objects.create(organisation=org, full_name="Kwame Asante")
        competitor_done = []

        def lock_after_a_competitor(activity_id):
            if not competitor_done:
                competitor_done.append(True)
                register.walk_in_add(actor=admin, activity=activity, person=known)
            return invitations.lock_activity(activity_id)

        monkeypatch.setattr(register, "lock_activity", lock_after_a_competitor, raising=False)
        register.walk_in_add(actor=colleague, activity=activity, person=known, heard_about="friend")
        assert competitor_done
        line = Attendance.objects.get(person=known)
        assert line.attended and line.heard_about == "friend"
        assert PaymentLine.objects.get(person=known).amount_pence == 3000

    def test_someone_with_a_place_who_is_picked_is_not_a_walk_in(self, activity, aisha, colleague) -> None:
        client_for(colleague).post(walk_in_url(activity), {"action": "pick", "person": str(aisha.pk)})
        line = Attendance.objects.get(person=aisha)
        assert line.attended and not line.walk_in

    def test_someone_new_is_added_with_their_consent_in_one_go(self, activity, colleague, policy) -> None:
        response = client_for(colleague).post(walk_in_url(activity), self.walk_in())
        assert response.status_code == 302
        person = Person.objects.get(full_name="Grace Mensah")
        assert person.phone == "07700 900456" and person.contact_by_text and not person.contact_by_email
        consents = {c.purpose: c for c in Consent.objects.filter(person=person)}
        assert consents[Purpose.CONTACT].status == ConsentStatus.GIVEN
        assert consents[Purpose.PHOTOS].status == ConsentStatus.REFUSED
        assert consents[Purpose.CONTACT].method == "verbal" and consents[Purpose.CONTACT].told_to == "Colin Colleague"
        assert consents[Purpose.CONTACT].recorded_by == colleague
        line = Attendance.objects.get(person=person)
        assert (line.attended, line.walk_in, line.heard_about) == (True, True, "friend")
        assert PaymentLine.objects.get(person=person).status == "due"
        audit = AuditEvent.objects.filter(object_id=str(line.pk)).get()
        assert "Grace" not in str(audit.changes) and "Grace" not in audit.summary
        body = client_for(colleague).get(url(activity)).content.decode()
        card = body[body.index(f'id="person-{person.pk.hex}"') :]
        assert "No photos" in card and "Walk-in" in card

    def test_a_possible_duplicate_is_shown_before_anyone_is_added(self, activity, org, colleague) -> None:
        Person.objects.create(organisation=org, full_name="G. Mensah", phone="07700 900456")
        client = client_for(colleague)
        response = client.post(walk_in_url(activity), self.walk_in())
        body = response.content.decode()
        assert response.status_code == 200
        assert "G. Mensah" in body and "None of these people is them" in body
        assert Person.objects.count() == 1 and not Attendance.objects.exists()
        response = client.post(walk_in_url(activity), self.walk_in(different_person="on"))
        assert response.status_code == 302
        assert Person.objects.count() == 2

    def test_the_same_name_counts_as_a_possible_duplicate(self, activity, org, colleague) -> None:
        Person.objects.create(organisation=org, full_name="grace mensah")
        response = client_for(colleague).post(walk_in_url(activity), self.walk_in(phone=""))
        assert "None of these people is them" in response.content.decode()
        assert Person.objects.count() == 1

    def test_missing_answers_are_asked_for_and_nothing_is_saved(self, activity, colleague) -> None:
        response = client_for(colleague).post(
            walk_in_url(activity), self.walk_in(full_name="", contact="", photos="", consent_method="")
        )
        body = response.content.decode()
        for message in (
            "Enter their full name",
            "Say whether they are happy for us to contact them about taking part",
            "Say whether they are happy to be in photos",
            "Say how they gave their answers",
        ):
            assert message in body
        assert not Person.objects.exists() and not Consent.objects.exists() and not Attendance.objects.exists()

    def test_a_bad_phone_number_saves_nothing(self, activity, colleague) -> None:
        response = client_for(colleague).post(walk_in_url(activity), self.walk_in(phone="12345"))
        assert "Enter a UK phone number" in response.content.decode()
        assert not Person.objects.exists() and not Consent.objects.exists() and not Attendance.objects.exists()

    def test_another_organisations_person_cannot_be_picked(self, activity, other_org, colleague) -> None:
        theirs = Person.objects.create(organisation=other_org, full_name="Not Yours")
        response = client_for(colleague).post(walk_in_url(activity), {"action": "pick", "person": str(theirs.pk)})
        assert response.status_code == 404
        assert not Attendance.objects.exists()

    def test_no_walk_ins_before_the_day(self, activity, colleague) -> None:
        Activity.objects.filter(pk=activity.pk).update(starts_at=activity.starts_at + dt.timedelta(days=2))
        response = client_for(colleague).post(walk_in_url(activity), self.walk_in())
        assert response.status_code == 302
        assert not Person.objects.exists()


class TestTheActivityPagePartial:
    def test_it_shows_the_figures_and_the_way_in(self, activity, aisha, ben, colleague, viewer, rf) -> None:
        from django.template.loader import render_to_string

        Attendance.objects.create(organisation=activity.organisation, activity=activity, person=aisha, attended=True)
        request = rf.get("/")
        request.user = colleague
        context = {"activity": activity, "user": colleague, "organisation": activity.organisation}
        html = render_to_string("engagement/_activity_register.html", context, request=request)
        assert "2 people have a place." in html and "1 came" in html and url(activity) in html
        html = render_to_string("engagement/_activity_register.html", {**context, "user": viewer}, request=request)
        assert "Register" not in html


def _api_registered() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("api:activity_attendance", kwargs={"activity_id": "00000000-0000-0000-0000-000000000000"})
    except NoReverseMatch:
        return False
    return True


class TestTheAttendanceApi:
    @pytest.fixture(autouse=True)
    def _needs_the_router(self) -> None:
        if not _api_registered():
            pytest.skip("coproduce/engagement/api_attendance.py is not yet added to coproduce/api/__init__.py")

    def bearer(self, user) -> dict:
        from coproduce.accounts.services import api_token_create
        from coproduce.organisations.models import Membership

        _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def test_it_lists_the_register(self, activity, aisha, colleague, viewer, stranger) -> None:
        line = Attendance.objects.create(
            organisation=activity.organisation,
            activity=activity,
            person=aisha,
            attended=True,
            hours=Decimal("1.5"),
            needs_provided={"childcare": True},
        )
        path = f"/api/v1/activities/{activity.pk}/attendance"
        response = client_for(colleague).get(path, **self.bearer(colleague))
        assert response.status_code == 200
        assert response.json() == [
            {
                "id": str(line.pk),
                "person_id": str(aisha.pk),
                "invitation_id": None,
                "attended": True,
                "walk_in": False,
                "hours": "1.50",
                "heard_about": "",
                "needs_provided": {"childcare": True},
                "created_at": response.json()[0]["created_at"],
                "updated_at": response.json()[0]["updated_at"],
            }
        ]
        assert client_for(viewer).get(path, **self.bearer(viewer)).status_code == 403
        assert client_for(stranger).get(path, **self.bearer(stranger)).status_code == 404


class TestRegisterInputs:
    """The register writes its inputs without Django's widget templates (engagement_register._input); they must
    be exactly what govuk_control and Django's hidden inputs give."""

    people = [Person(full_name=name) for name in ("Ama <Mensah>", "Ben Carter", "Cara Lynch")]

    def form(self, data=None) -> RegisterForm:
        from coproduce.engagement.services.register import Need, RegisterRow

        people = self.people
        came = Attendance(attended=True, hours=Decimal("1.5"))
        rows = [
            RegisterRow(person=people[0], invitation=None, attendance=came),
            RegisterRow(
                person=people[1], invitation=None, attendance=None, needs=[Need("childcare", "Childcare", True)]
            ),
            RegisterRow(person=people[2], invitation=None, attendance=None),
        ]
        return RegisterForm(data, rows=rows, default_hours=None)

    def check(self, form: RegisterForm) -> None:
        from coproduce.core.templatetags.govuk import govuk_control
        from coproduce.engagement.templatetags.engagement_register import hidden_initial, plain_widget, register_control

        for name in form.fields:
            field = form[name]
            if name.startswith("needswas_"):
                assert plain_widget(field) == str(field)
            elif not name.startswith("needs_"):
                assert register_control(field) == govuk_control(field)
                assert hidden_initial(field) == field.as_hidden(only_initial=True)

    def test_they_match_django_for_a_tick_a_decimal_and_an_empty_value(self) -> None:
        form = self.form()
        self.check(form)
        key = form.register_rows[0].person.pk.hex
        assert hidden_initial(form[f"came_{key}"]) == (
            f'<input type="hidden" name="initial-came_{key}" value="True" id="initial-id_came_{key}">'
        )
        assert 'value="1.5"' in hidden_initial(form[f"hours_{key}"])
        other = form.register_rows[2].person.pk.hex
        assert "value=" not in hidden_initial(form[f"hours_{other}"])

    def test_they_match_django_when_the_form_comes_back_with_errors(self) -> None:
        keys = [row.person.pk.hex for row in self.form().register_rows]
        data = {
            f"came_{keys[0]}": "on",
            f"initial-came_{keys[0]}": "False",
            f"hours_{keys[0]}": "lots <b>",
            f"initial-hours_{keys[0]}": "2",
            f"hours_{keys[1]}": "30",
            f"initial-came_{keys[1]}": "True",
            f"needswas_{keys[1]}": "childcare",
        }
        form = self.form(data)
        assert not form.is_valid()
        self.check(form)


def hidden_initial(field):
    from coproduce.engagement.templatetags.engagement_register import hidden_initial as tag

    return tag(field)
