"""Erasure: anonymises the person everywhere, irreversibly and with one audit line; refused while a safeguarding
concern is open; the confirmation page. The key test scans every text column of every table afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import ContactProblem, Message
from coproduce.comms.outbox import message_queue
from coproduce.consent import services as consent_services
from coproduce.consent.links import make_token, person_from_token
from coproduce.consent.models import Consent, DataShare, DataSharingAgreement
from coproduce.core.models import AuditEvent
from coproduce.datarights import services
from coproduce.datarights.erasure import ERASURE_RULES, attribution, identifying_pattern, person_erase
from coproduce.datarights.models import DataRightsRequest
from coproduce.engagement.models import Reply
from coproduce.engagement.tests.test_invitations import make_activity, make_invitation, make_person
from coproduce.equality.models import EqualityProfile, EqualitySnapshot
from coproduce.organisations.models import Role
from coproduce.people import services as people_services
from coproduce.people.models import AccessNeeds, Child, Household, Person
from coproduce.projects import services as project_services
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.safeguarding import services as safeguarding_services
from coproduce.safeguarding.models import ConcernNote, SafeguardingConcern
from coproduce.stakeholders.models import Partner, StakeholderGroup
from tests.cast import client_for, make_member

# Every value below is ASCII, so that a JSON column (stored with \u escapes on SQLite) cannot hide one of them.
NAME = "Zephyrine Quillfeather"
DISTINCTIVE = [
    "Zephyrine",
    "Quillfeather",
    "Zephy",
    "ZEF-ih-reen",
    "xe/xem",
    "zephyrine.quillfeather@example.net",
    "07700 900461",
    "07700900461",
    "NB7 3QZ",
    "NB73QZ",
    "Marrowbone",
    "Esperanto",
    "Marigoldina",  # their child's first name
    "Ottoline",  # the name of the person with parental responsibility on a consent
    "periwinkle",  # in their access needs
    "Bartholomew",  # in the note on their project involvement
    "Wobblesworth",  # in what was shared with a partner and why
    "Letter handed in",  # the note on their data rights request
]


def _erase_url(person: Person) -> str:
    return reverse("datarights:person_erase", kwargs={"person_id": person.pk})


def _text_columns() -> list[tuple[str, str]]:
    columns = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                columns.append((model._meta.db_table, field.column))
    return columns


def _find(value: str) -> list[str]:
    """Every table.column that holds `value` anywhere in its text, ignoring case."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",  # noqa: S608
                [f"%{value.lower()}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


class TestRules:
    def test_every_model_pointing_at_a_person_has_an_erasure_rule(self) -> None:
        pointing = {
            model._meta.label
            for model in apps.get_models()
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if field.is_relation and field.related_model is Person and model is not Person
        }
        assert {"consent.Consent", "equality.EqualitySnapshot", "safeguarding.SafeguardingConcern"} <= pointing
        missing = pointing - set(ERASURE_RULES)
        assert not missing, f"Say what erasure does to these in datarights/erasure.py ERASURE_RULES: {missing}"

    @pytest.mark.parametrize(
        ("role", "keep", "name"),
        [
            ("parent", True, "A parent"),
            ("expectant_parent", True, "A parent"),
            ("", True, "A parent"),
            ("carer", True, "A carer"),
            ("young_person", True, "A young person"),
            ("parent", False, "Someone who took part"),
            ("young_person", False, "Someone who took part"),
        ],
    )
    def test_the_attribution_follows_their_role_and_what_they_agreed(self, role, keep, name) -> None:
        assert attribution(Person(household_role=role), keep_attribution=keep) == name

    def test_the_pattern_finds_names_contact_details_and_postcode_in_any_form(self) -> None:
        person = Person(
            full_name="Mary-Jane O'Neill", preferred_name="MJ", email="mj@example.net", phone="07700 900461"
        )
        person.postcode = "NB1 2AB"
        pattern = identifying_pattern(person)
        text = (
            "Mary-Jane O'Neill (MJ, Mary-jane) rang from +44 (0)7700 900 461 or 07700-900-461, "
            "email MJ@EXAMPLE.NET, lives in nb12ab. Jane's friend Janet and Mary's daughter Maryam came."
        )
        assert pattern.sub("[erased]", text) == (
            "[erased] ([erased], [erased]-[erased]) rang from [erased] or [erased], "
            "email [erased], lives in [erased]. [erased]'s friend Janet and [erased]'s daughter Maryam came."
        )


@pytest.fixture
def sg_lead(org):
    return make_member(org, "dsl@example.org", Role.SAFEGUARDING_LEAD, "Dee Lead")


@pytest.fixture
def subject(org, hub, dpo, colleague, sg_lead, today) -> Person:
    """Someone with distinctive values in every field and records everywhere, most made through the services
    staff use, so the audit log holds their lines too."""
    group = StakeholderGroup.objects.create(organisation=org, name="Families")
    person = people_services.person_create(
        actor=colleague,
        organisation=org,
        full_name=NAME,
        preferred_name="Zephy",
        pronunciation="ZEF-ih-reen",
        pronouns="xe/xem",
        email="zephyrine.quillfeather@example.net",
        phone="07700 900461",
        address="17 Marrowbone Crescent\nNorthby",
        postcode="NB7 3QZ",
        contact_by_email=True,
        contact_by_text=True,
        languages="English, Esperanto",
        date_of_birth=dt.date(1990, 5, 17),
        takes_part_as="both",
        hubs=[hub],
        stakeholder_groups=[group],
    )
    people_services.person_update(actor=colleague, person=person, pronouns="xe/xem", contact_by_post=True)
    household = people_services.household_create(
        actor=colleague, organisation=org, name="Quillfeather household", member=person, role="parent"
    )
    people_services.child_save(
        household=household, actor=colleague, first_name="Marigoldina", date_of_birth=today - dt.timedelta(days=900)
    )
    AccessNeeds.objects.create(
        organisation=org, person=person, interpreter=True, interpreter_language="Esperanto", other_needs="periwinkle"
    )
    consent_services.consent_give(person=person, purpose="contact", method="online", actor=colleague)
    consent_services.consent_give(person=person, purpose="equality_monitoring", method="online", actor=colleague)
    Consent.objects.create(
        organisation=org,
        person=person,
        purpose="photos",
        status="given",
        method="paper",
        child_basis="parental_responsibility",
        given_by_name="Ottoline Quillfeather",
    )
    EqualityProfile.objects.create(organisation=org, person=person, sex="female", ethnic_group="white_other")
    EqualitySnapshot.objects.create(
        organisation=org,
        person=person,
        context_type="projects.ProjectStakeholder",
        context_id="1",
        taken_at=timezone.now(),
        answers={"sex": "female", "ethnic_group": "white_other", "main_language": "Esperanto"},
    )
    project = Project.objects.create(organisation=org, title="Stay and play", goal="Better sessions")
    project_services.stakeholder_add(
        actor=colleague, project=project, group=group, person=person, kind="lived_experience", note="Bartholomew"
    )
    partner = Partner.objects.create(organisation=org, name="Home-Start Northby", kind="charity")
    agreement = DataSharingAgreement.objects.create(
        organisation=org, partner=partner, purpose="Support", data_shared="Name", starts_on=today, review_on=today
    )
    DataShare.objects.create(
        organisation=org,
        person=person,
        partner=partner,
        agreement=agreement,
        shared_by=colleague,
        details_shared=f"{NAME}, 07700 900461, Wobblesworth",
        reason="Wobblesworth referral",
    )
    services.request_create(
        actor=dpo,
        organisation=org,
        person=person,
        kind="erasure",
        made_by="staff",
        received_on=today,
        notes=f"Letter handed in by {NAME}",
    )
    concern = safeguarding_services.concern_raise(
        actor=colleague,
        organisation=org,
        person=person,
        what_happened=(
            f"{NAME} (zephyrine.quillfeather@example.net, 07700900461) of 17 Marrowbone Crescent, NB73QZ, "
            "said she was worried."
        ),
        immediate_danger=False,
    )
    safeguarding_services.concern_note_add(actor=sg_lead, concern=concern, text="Called Zephy on 07700 900 461.")
    safeguarding_services.concern_change_status(
        actor=sg_lead, concern=concern, to_status="closed", note="Zephyrine is safe; Quillfeather family supported."
    )
    about_household = safeguarding_services.concern_raise(
        actor=colleague,
        organisation=org,
        household=household,
        what_happened="The Quillfeather household asked for help; Marigoldina was unwell.",
        immediate_danger=False,
    )
    safeguarding_services.concern_change_status(
        actor=sg_lead, concern=about_household, to_status="closed", note="Zephy's family got help at nb7 3qz."
    )
    message_queue(
        organisation=org,
        person=person,
        channel="email",
        to="zephyrine.quillfeather@example.net",
        subject="Zephy, you are invited",
        body=f"Dear {NAME}, come to Stay and play.",
        kind="invitation",
        idempotency_key="invitation:stay-and-play",
    )
    ContactProblem.objects.create(
        organisation=org, person=person, channel="sms", address="07700 900461", reason="Number not in use"
    )
    return person


def test_erasure_leaves_nothing_personal_in_any_table(subject, dpo, dpo_client, org) -> None:
    """THE KEY TEST: after erasure, none of the person's distinctive values is in any text column of any table."""
    before = {value: _find(value) for value in DISTINCTIVE}
    assert all(before.values()), f"Some values were never stored, so the test would prove nothing: {before}"
    # Their subject access export first, so the audit log also holds an export line.
    export = reverse("datarights:person_export", kwargs={"person_id": subject.pk})
    assert dpo_client.post(export, {"rights_request": "new"}).status_code == 302
    rights_request = DataRightsRequest.objects.get(person=subject, kind="access")
    assert dpo_client.get(f"{export}?rights_request={rights_request.pk}&format=json").status_code == 200
    services.request_complete(actor=dpo, rights_request=rights_request)  # answered before erasing
    erasure_request = DataRightsRequest.objects.get(person=subject, kind="erasure")

    response = dpo_client.post(
        _erase_url(subject), {"attribution": "keep", "confirm": "on", "rights_request": str(erasure_request.pk)}
    )
    assert response.status_code == 302
    # The invitation still waiting is never sent.
    assert Message.objects.get(person=subject).status == Message.Status.CANCELLED

    leftovers = {value: _find(value) for value in DISTINCTIVE}
    assert not any(leftovers.values()), f"Still stored after erasure: { {k: v for k, v in leftovers.items() if v} }"
    subject.refresh_from_db()
    assert subject.full_name == "A parent"
    assert subject.date_of_birth is None
    # The audit log names the person only by their opaque reference.
    for event in AuditEvent.objects.filter(organisation=org):
        assert NAME not in f"{event.object_label} {event.summary} {event.changes}"
    assert AuditEvent.objects.filter(object_id=str(subject.pk)).count() >= 4


class TestWhatErasureDoes:
    def test_the_person_is_anonymised_and_their_records_dealt_with(self, subject, dpo, today) -> None:
        old_link = make_token(subject)
        snapshots = list(EqualitySnapshot.objects.filter(person=subject).values_list("answers", flat=True))
        assert snapshots and any("main_language" in answers for answers in snapshots)
        person_erase(person=subject, actor=dpo, keep_attribution=False)
        person = Person.objects.get(pk=subject.pk)
        assert person.full_name == "Someone who took part"
        for name in ("preferred_name", "pronunciation", "pronouns", "email", "phone", "address", "postcode"):
            assert getattr(person, name) == "", name
        assert (person.languages, person.takes_part_as, person.household_role, person.postcode_compact) == (
            "",
            "",
            "",
            "",
        )
        assert person.date_of_birth is None and person.household is None
        assert person.channels == []
        assert person.erased_at is not None and person.is_erased
        assert not person.hubs.exists() and not person.stakeholder_groups.exists()
        assert person_from_token(old_link) is None
        assert not AccessNeeds.objects.filter(person=person).exists()
        assert not Consent.objects.filter(person=person).exists()
        assert not EqualityProfile.objects.filter(person=person).exists()
        # Kept: the snapshot (category answers, for the aggregates) and the records that something happened.
        # Kept without free text (the main language could point at someone).
        kept = list(EqualitySnapshot.objects.filter(person=person).values_list("answers", flat=True))
        assert len(kept) == len(snapshots)
        assert all(answers == {"sex": "female", "ethnic_group": "white_other"} for answers in kept)
        share = DataShare.objects.get(person=person)
        assert (share.details_shared, share.reason) == ("", "")
        assert ProjectStakeholder.objects.get(person=person).note == ""
        assert DataRightsRequest.objects.get(person=person).notes == ""
        concern = SafeguardingConcern.objects.get(person=person)
        assert concern.what_happened == ("[erased] ([erased], [erased]) of [erased], [erased], said she was worried.")
        assert list(ConcernNote.objects.filter(concern=concern).values_list("text", flat=True)) == [
            "Called [erased] on [erased].",
            "[erased] is safe; [erased] family supported.",
        ]

    def test_a_household_kept_for_a_safeguarding_record_loses_its_names(self, subject, dpo) -> None:
        household = subject.household
        person_erase(person=subject, actor=dpo, keep_attribution=True)
        household.refresh_from_db()
        assert household.name == ""
        assert list(household.children.values_list("first_name", flat=True)) == [""]
        concern = SafeguardingConcern.objects.get(household=household)
        assert concern.what_happened == "The [erased] asked for help; [erased] was unwell."

    def test_a_household_they_were_alone_in_is_deleted_with_its_children(self, org, dpo) -> None:
        household = Household.objects.create(organisation=org, name="Smith family")
        Child.objects.create(organisation=org, household=household, first_name="Tom")
        person = Person.objects.create(organisation=org, full_name="Ann Smith", household=household)
        person_erase(person=person, actor=dpo, keep_attribution=True)
        assert not Household.objects.filter(pk=household.pk).exists()
        assert not Child.objects.exists()

    def test_a_household_with_others_in_it_stays(self, org, dpo) -> None:
        household = Household.objects.create(organisation=org, name="Smith family")
        Child.objects.create(organisation=org, household=household, first_name="Tom")
        person = Person.objects.create(organisation=org, full_name="Ann Smith", household=household)
        other = Person.objects.create(organisation=org, full_name="Bob Smith", household=household)
        person_erase(person=person, actor=dpo, keep_attribution=True)
        household.refresh_from_db()
        assert household.name == "Smith family"
        assert list(household.members.all()) == [other]
        assert Child.objects.get().first_name == "Tom"

    def test_one_erase_audit_line_with_the_reference_only(self, org, dpo, person) -> None:
        person_erase(person=person, actor=dpo, keep_attribution=True)
        event = AuditEvent.objects.get(action="erase")
        assert (event.actor, event.object_id, event.object_label) == (dpo, str(person.pk), person.audit_label)
        assert event.summary == f"Erased {person.audit_label}: personal details removed, records anonymised"
        assert event.changes == {"attribution_kept": True}
        assert "Ngozi" not in str(event.__dict__)

    def test_it_cannot_be_done_twice(self, dpo, person) -> None:
        person_erase(person=person, actor=dpo, keep_attribution=True)
        with pytest.raises(ValidationError, match="already been erased"):
            person_erase(person=person, actor=dpo, keep_attribution=True)
        assert AuditEvent.objects.filter(action="erase").count() == 1


class TestPlacesOnActivities:
    """An erased person can no longer come or be told anything: their places on activities still to come go to
    the waiting list; replies to past activities stay, so the numbers stay right."""

    def test_a_place_at_an_activity_to_come_goes_to_the_first_person_waiting(self, org, dpo, person) -> None:
        activity = make_activity(org, capacity=1)
        mine = make_invitation(activity, person, reply=Reply.YES, joining="online", note="Ngozi's note")
        waiting = make_invitation(
            activity, make_person(org, "Next Waiting", email="next@example.com"), reply=Reply.YES, on_waiting_list=True
        )
        person_erase(person=person, actor=dpo, keep_attribution=True)
        mine.refresh_from_db()
        waiting.refresh_from_db()
        assert (mine.reply, mine.on_waiting_list, mine.note) == (Reply.NO, False, "")
        assert not waiting.on_waiting_list
        assert Message.objects.filter(person=waiting.person, kind="confirmation").exists()

    def test_a_place_on_the_waiting_list_is_given_up(self, org, dpo, person) -> None:
        activity = make_activity(org, capacity=1)
        make_invitation(activity, make_person(org, "Has A Place"), reply=Reply.YES)
        mine = make_invitation(activity, person, reply=Reply.YES, on_waiting_list=True)
        person_erase(person=person, actor=dpo, keep_attribution=True)
        mine.refresh_from_db()
        assert (mine.reply, mine.on_waiting_list) == (Reply.NO, False)

    def test_past_started_and_cancelled_activities_keep_the_reply(self, org, dpo, person) -> None:
        now = timezone.now()
        past = make_activity(org, days=-7, capacity=1)
        started = make_activity(
            org, capacity=1, starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(hours=1)
        )
        cancelled = make_activity(org, capacity=1, status="cancelled")
        mine = [make_invitation(activity, person, reply=Reply.YES) for activity in (past, started, cancelled)]
        waiting = [
            make_invitation(activity, make_person(org, f"Waiting {n}"), reply=Reply.YES, on_waiting_list=True)
            for n, activity in enumerate((past, started, cancelled))
        ]
        person_erase(person=person, actor=dpo, keep_attribution=True)
        for invitation in [*mine, *waiting]:
            before = (invitation.reply, invitation.on_waiting_list)
            invitation.refresh_from_db()
            assert (invitation.reply, invitation.on_waiting_list) == before

    def test_the_rule_says_so_to_the_data_protection_officer(self) -> None:
        what = str(ERASURE_RULES["engagement.Invitation"].what)
        assert "not started" in what and "waiting list" in what


class TestRefusedWhileAConcernIsOpen:
    @pytest.mark.parametrize("about", ["person", "household"])
    def test_an_open_concern_stops_the_erasure(self, org, colleague, dpo, about) -> None:
        household = Household.objects.create(organisation=org, name="Smith family")
        person = Person.objects.create(organisation=org, full_name="Ann Smith", household=household)
        SafeguardingConcern.objects.create(
            organisation=org,
            raised_by=colleague,
            what_happened="Worried about Ann Smith",
            status="acknowledged",
            **({"person": person} if about == "person" else {"household": household}),
        )
        with pytest.raises(ValidationError, match="cannot be erased while a safeguarding concern"):
            person_erase(person=person, actor=dpo, keep_attribution=True)
        person.refresh_from_db()
        assert (person.full_name, person.erased_at, person.household) == ("Ann Smith", None, household)
        assert SafeguardingConcern.objects.get().what_happened == "Worried about Ann Smith"
        assert not AuditEvent.objects.filter(action="erase").exists()

    def test_the_page_says_so_and_offers_no_button(self, org, colleague, dpo_client, person) -> None:
        SafeguardingConcern.objects.create(organisation=org, person=person, raised_by=colleague, what_happened="x")
        page = dpo_client.get(_erase_url(person))
        body = page.content.decode()
        assert "cannot be erased while a safeguarding concern" in body
        assert "Erase their information</button>" not in body
        response = dpo_client.post(_erase_url(person), {"attribution": "keep", "confirm": "on"})
        assert response.status_code == 200
        assert "cannot be erased while a safeguarding concern" in response.content.decode()
        person.refresh_from_db()
        assert person.erased_at is None


class TestRefusedWhileAnotherRequestIsOpen:
    def test_an_open_access_request_stops_the_erasure(self, dpo, person, today) -> None:
        access = services.request_create(
            actor=dpo,
            organisation=person.organisation,
            person=person,
            kind="access",
            made_by="staff",
            received_on=today,
        )
        with pytest.raises(ValidationError, match="another data rights request from them is open"):
            person_erase(person=person, actor=dpo, keep_attribution=True)
        person.refresh_from_db()
        assert person.erased_at is None
        access.status = "completed"
        access.completed_on = today
        access.save()
        person_erase(person=person, actor=dpo, keep_attribution=True)
        person.refresh_from_db()
        assert person.erased_at is not None

    def test_open_erasure_requests_do_not_stop_it(self, dpo, person, today) -> None:
        for _number in range(2):
            services.request_create(
                actor=dpo,
                organisation=person.organisation,
                person=person,
                kind="erasure",
                made_by="staff",
                received_on=today,
            )
        person_erase(person=person, actor=dpo, keep_attribution=True)
        person.refresh_from_db()
        assert person.erased_at is not None


class TestErasePage:
    def test_it_warns_and_explains(self, dpo_client, person) -> None:
        page = dpo_client.get(_erase_url(person))
        body = page.content.decode()
        assert page.status_code == 200
        assert "Erasing cannot be undone." in body
        assert "What will happen" in body
        assert "I understand this cannot be undone" in body
        assert "a parent" in body
        assert page["Cache-Control"] == "private, no-store"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"attribution": "keep"}, "Confirm that you understand this cannot be undone"),
            ({"confirm": "on"}, "Select whether they agreed to be shown as a parent, carer or young person"),
        ],
    )
    def test_each_answer_is_needed(self, dpo_client, person, data, message) -> None:
        page = dpo_client.post(_erase_url(person), data)
        assert page.status_code == 200
        assert message in page.content.decode()
        person.refresh_from_db()
        assert person.erased_at is None

    def test_erasing_completes_the_request_chosen(self, dpo_client, dpo, person, today) -> None:
        rights_request = services.request_create(
            actor=dpo,
            organisation=person.organisation,
            person=person,
            kind="erasure",
            made_by="staff",
            received_on=today,
        )
        page = dpo_client.get(_erase_url(person))
        assert "Which erasure request does this answer?" in page.content.decode()
        response = dpo_client.post(
            _erase_url(person), {"attribution": "remove", "confirm": "on", "rights_request": str(rights_request.pk)}
        )
        assert response["Location"] == reverse("people:person_detail", kwargs={"person_id": person.pk})
        rights_request.refresh_from_db()
        assert (rights_request.status, rights_request.completed_on, rights_request.completed_by) == (
            "completed",
            today,
            dpo,
        )
        person.refresh_from_db()
        assert person.full_name == "Someone who took part"
        assert AuditEvent.objects.get(action="erase").changes["rights_request"] == str(rights_request.pk)

    @pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.VIEWER])
    def test_only_the_data_protection_officer_may_erase(self, org, person, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(_erase_url(person)).status_code == 403
        assert client.post(_erase_url(person), {"attribution": "keep", "confirm": "on"}).status_code == 403
        person.refresh_from_db()
        assert person.erased_at is None

    def test_another_organisations_person_is_404(self, dpo_client, other_person) -> None:
        assert dpo_client.get(_erase_url(other_person)).status_code == 404
        assert dpo_client.post(_erase_url(other_person), {"attribution": "keep", "confirm": "on"}).status_code == 404
        other_person.refresh_from_db()
        assert other_person.erased_at is None


@pytest.mark.parametrize("why", ["objected", "no consent"])
def test_snapshots_are_deleted_when_the_person_was_not_allowing_their_use(why, subject, dpo) -> None:
    if why == "objected":
        EqualityProfile.objects.filter(person=subject).update(objected_at=timezone.now())
    else:
        Consent.objects.filter(person=subject, purpose="equality_monitoring").update(status="withdrawn")
    person_erase(person=subject, actor=dpo, keep_attribution=False)
    assert not EqualitySnapshot.objects.filter(person=subject).exists()


def test_erasure_removes_their_photo_and_their_name_from_every_win(subject, dpo, org) -> None:
    from coproduce.publishing.models import Win

    pictured = Win.objects.create(
        organisation=org, title="Picnic", story="A picnic.", happened_on=dt.date(2026, 5, 1), photo="wins/p.jpg"
    )
    pictured.people_pictured.add(subject)
    named = Win.objects.create(
        organisation=org,
        title="Ramp",
        story=f"{subject.full_name} asked for a ramp, and now there is one.",
        happened_on=dt.date(2026, 6, 1),
        translations={"pl": {"story": f"{subject.full_name} poprosiła o rampę."}},
    )
    person_erase(person=subject, actor=dpo, keep_attribution=False)
    pictured.refresh_from_db()
    named.refresh_from_db()
    assert not pictured.photo and not pictured.people_pictured.exists()
    assert subject.full_name not in named.story and "[erased]" in named.story
    assert subject.full_name not in named.translations["pl"]["story"]
