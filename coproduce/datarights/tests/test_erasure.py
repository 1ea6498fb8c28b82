"""Erasure: anonymises the person everywhere, irreversibly and with one audit line; refused while a safeguarding
concern is open; the confirmation page. The key test scans every text column of every table afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import ContactProblem, Message, ShortLink
from coproduce.comms.outbox import message_queue
from coproduce.comms.short_links import shorten_links
from coproduce.consent import services as consent_services
from coproduce.consent.links import make_token, person_from_token
from coproduce.consent.models import Consent, DataShare, DataSharingAgreement
from coproduce.contributions import services as contribution_services
from coproduce.contributions.models import Contribution
from coproduce.contributions.services import Details as ContributionDetails
from coproduce.core.models import AuditEvent
from coproduce.datarights import services
from coproduce.datarights.erasure import ERASURE_RULES, attribution, identifying_pattern, person_erase
from coproduce.datarights.models import DataRightsRequest
from coproduce.decisions import services as decision_services
from coproduce.decisions.models import Decision
from coproduce.decisions.services import DecisionDetails
from coproduce.engagement.calendar import feed_for
from coproduce.engagement.models import Attendance, CalendarFeed, Invitation, Poll, PollAnswer, PollSlot, Reply
from coproduce.engagement.tests.test_invitations import make_activity, make_invitation, make_person
from coproduce.equality.models import EqualityProfile, EqualitySnapshot
from coproduce.insights.models import Involvement
from coproduce.newsletter.models import Subscriber, email_hash
from coproduce.organisations.models import Role
from coproduce.payments import services as payment_services
from coproduce.payments.models import PaymentLine, PaymentPolicy
from coproduce.people import services as people_services
from coproduce.people.models import AccessNeeds, Child, Household, Person
from coproduce.projects import services as project_services
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.publishing.models import Win
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
    "Tumbleweed",  # in the note on their invitation to an activity
    "Snapdragon",  # in the receipt reference of their expense
]
# The address the person's own link was opened from, and a member's, for the audit log's IP address column.
PERSON_IP = "203.0.113.77"
STAFF_IP = "198.51.100.23"


def _erase_url(person: Person) -> str:
    return reverse("datarights:person_erase", kwargs={"person_id": person.pk})


def _text_columns() -> list[tuple[str, str]]:
    columns = []
    # A model whose migration is still being written has no table, so nothing in it to find.
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model._meta.db_table not in tables:
            continue
        for field in model._meta.concrete_fields:
            # IP addresses too (an inet column on PostgreSQL): an address is personal data like a name.
            if isinstance(field, models.CharField | models.TextField | models.JSONField | models.GenericIPAddressField):
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
def subject(org, hub, dpo, admin, colleague, sg_lead, today) -> Person:
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
    _use_their_own_link(person)
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
    _take_part_everywhere(person, admin=admin, project=project, group=group, today=today)
    return person


def _take_part_everywhere(person: Person, *, admin, project: Project, group: StakeholderGroup, today) -> None:
    """The person's records in the later apps: an activity they are invited to and one they came to, a poll, an
    expense, a contribution and a decision, a win, their involvement, a calendar feed and a short link."""
    org = person.organisation
    to_come = make_activity(org, title="Planning day")
    make_invitation(to_come, person, reply=Reply.YES, joining="in_person", note="Zephy needs the Tumbleweed room")
    past = make_activity(org, days=-7, title="Tea and talk")
    invitation = make_invitation(past, person, reply=Reply.YES, note=f"{NAME} may bring Marigoldina")
    attendance = Attendance.objects.create(
        organisation=org,
        activity=past,
        person=person,
        invitation=invitation,
        attended=True,
        heard_about="friend",
        needs_provided={"interpreter": True, "childcare": False},
    )
    Involvement.objects.create(
        organisation=org,
        person=person,
        kind=Involvement.Kind.ATTENDED,
        occurred_on=past.starts_at.date(),
        project=past.project,
        activity=past,
        stakeholder_group=group,
        join_way="in_person",
        source_id=attendance.pk,
    )
    poll = Poll.objects.create(organisation=org, activity=to_come)
    slot = PollSlot.objects.create(organisation=org, poll=poll, starts_at=to_come.starts_at)
    PollAnswer.objects.create(organisation=org, slot=slot, person=person, answer=PollAnswer.Answer.YES)
    PaymentPolicy.objects.create(organisation=org, **payment_services.default_policy_fields())
    payment_services.expense_add(
        actor=admin,
        person=person,
        project=project,
        kind=PaymentLine.Kind.TRAVEL,
        amount_pence=1250,
        description=f"Taxi for {NAME} from Marrowbone Crescent",
        receipt_received=True,
        receipt_reference="Snapdragon-4471",
    )
    contribution_services.contribution_record(
        actor=admin,
        project=project,
        details=ContributionDetails(
            kind="quote",
            gathered="phone",
            person=person,
            text=f"I'm {NAME} (Zephy), ring me on 07700 900461: the ramp at NB7 3QZ is too steep.",
        ),
    )
    decision_services.decision_record(
        actor=admin,
        project=project,
        details=DecisionDetails(
            title="A new ramp",
            what_was_decided="Build a gentler ramp, as Zephyrine Quillfeather asked.",
            decided_on=today,
            decided_by="Hub steering group, with Zephy",
            people_present=[person],
        ),
    )
    win = Win.objects.create(
        organisation=org,
        project=project,
        title="The ramp is gentler",
        story=f"{NAME} asked for a ramp, and now there is one.",
        happened_on=today,
    )
    win.people_pictured.add(person)
    # Their organisation's newsletter goes to their email address too (a subscriber, not joined to the person).
    subscriber = Subscriber.objects.create(
        organisation=org,
        email="zephyrine.quillfeather@example.net",
        email_hash=email_hash(org.pk, "zephyrine.quillfeather@example.net"),
        status=Subscriber.Status.CONFIRMED,
        topics=["wins"],
        confirmed_at=timezone.now(),
    )
    subscriber.hubs.set(person.hubs.all())
    feed_for(person)
    own_page = reverse("consent:my_information", kwargs={"link": make_token(person)})
    shorten_links(
        f"Your information: {settings.SITE_URL}{own_page}",
        organisation=org,
        person=person,
    )


def _use_their_own_link(person: Person) -> None:
    """What the person does from their own link (no account): the audit log gets lines with no member on them."""
    client = Client(REMOTE_ADDR=PERSON_IP)
    link = make_token(person)
    details = client.post(
        reverse("consent:my_details", kwargs={"link": link}),
        {
            "preferred_name": "Zephy",
            "pronunciation": "ZEF-ih-reen",
            "pronouns": "xe/xem",
            "email": "zephyrine.quillfeather@example.net",
            "phone": "07700 900461",
            "address": "17 Marrowbone Crescent\nNorthby",
            "postcode": "NB7 3QZ",
            "languages": "English, Esperanto, Welsh",
            "channels": ["contact_by_email", "contact_by_text", "contact_by_post"],
        },
    )
    assert details.status_code == 302
    withdraw = client.post(reverse("consent:my_consents", kwargs={"link": link}), {"purpose": "photos", "answer": "no"})
    assert withdraw.status_code == 302
    asked = client.post(reverse("datarights:my_request", kwargs={"link": link, "kind": "erasure"}))
    assert asked.status_code == 200


def test_erasure_leaves_nothing_personal_in_any_table(subject, dpo, dpo_client, org) -> None:
    """THE KEY TEST: after erasure, none of the person's distinctive values is in any text column of any table."""
    # The secrets in their calendar feed's and short link's addresses lead to them: they must go too.
    secrets = [CalendarFeed.objects.get(person=subject).key, ShortLink.objects.get(person=subject).code]
    before = {value: _find(value) for value in [*DISTINCTIVE, *secrets]}
    assert all(before.values()), f"Some values were never stored, so the test would prove nothing: {before}"
    # Their subject access export first, so the audit log also holds an export line.
    export = reverse("datarights:person_export", kwargs={"person_id": subject.pk})
    assert dpo_client.post(export, {"rights_request": "new"}).status_code == 302
    rights_request = DataRightsRequest.objects.get(person=subject, kind="access")
    assert dpo_client.get(f"{export}?rights_request={rights_request.pk}&format=json").status_code == 200
    services.request_complete(actor=dpo, rights_request=rights_request)  # answered before erasing
    erasure_request = DataRightsRequest.objects.get(person=subject, kind="erasure", made_by="staff")

    response = dpo_client.post(
        _erase_url(subject), {"attribution": "keep", "confirm": "on", "rights_request": str(erasure_request.pk)}
    )
    assert response.status_code == 302
    # The invitation still waiting is never sent.
    assert Message.objects.get(person=subject, kind="invitation").status == Message.Status.CANCELLED

    leftovers = {value: _find(value) for value in [*DISTINCTIVE, *secrets]}
    assert not any(leftovers.values()), f"Still stored after erasure: { {k: v for k, v in leftovers.items() if v} }"
    subject.refresh_from_db()
    assert subject.full_name == "A parent"
    assert subject.date_of_birth is None
    # The audit log names the person only by their opaque reference.
    for event in AuditEvent.objects.filter(organisation=org):
        assert NAME not in f"{event.object_label} {event.summary} {event.changes}"
    assert AuditEvent.objects.filter(object_id=str(subject.pk)).count() >= 4


def test_the_audit_log_keeps_no_address_their_own_link_was_opened_from(subject, dpo_client, org) -> None:
    """What the person did from their own link is in the audit log (by their opaque reference only), but not the
    IP address they did it from, before erasure or after. The member who erases them is logged with theirs, which
    shows the scan reads the IP address column."""
    assert ("core_auditevent", "ip_address") in _text_columns()
    own_lines = AuditEvent.objects.filter(organisation=org, actor=None, object_id__isnull=False)
    assert {"update", "withdraw", "create"} <= set(own_lines.values_list("action", flat=True))
    assert _find(PERSON_IP) == []

    response = dpo_client.post(_erase_url(subject), {"attribution": "keep", "confirm": "on"}, REMOTE_ADDR=STAFF_IP)
    assert response.status_code == 302
    assert _find(STAFF_IP) == ["core_auditevent.ip_address"]
    assert _find(PERSON_IP) == []


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
        assert set(DataRightsRequest.objects.filter(person=person).values_list("notes", flat=True)) == {""}
        concern = SafeguardingConcern.objects.get(person=person)
        assert concern.what_happened == ("[erased] ([erased], [erased]) of [erased], [erased], said she was worried.")
        assert list(ConcernNote.objects.filter(concern=concern).values_list("text", flat=True)) == [
            "Called [erased] on [erased].",
            "[erased] is safe; [erased] family supported.",
        ]

    def test_their_part_in_activities_projects_and_decisions_stays_without_what_identifies_them(
        self, subject, dpo
    ) -> None:
        person_erase(person=subject, actor=dpo, keep_attribution=True)
        invitations = Invitation.objects.filter(person=subject).order_by("activity__starts_at")
        assert [(i.activity.title, i.reply, i.note) for i in invitations] == [
            ("Tea and talk", Reply.YES, ""),  # past: the reply stays, so the numbers stay right
            ("Planning day", Reply.NO, ""),  # to come: the place is given up
        ]
        attendance = Attendance.objects.get(person=subject)
        assert (attendance.attended, attendance.needs_provided, attendance.heard_about) == (True, {}, "")
        assert Involvement.objects.filter(person=subject, activity=attendance.activity).count() == 1
        assert PollAnswer.objects.get(person=subject).answer == PollAnswer.Answer.YES
        line = PaymentLine.objects.get(person=subject)
        assert (line.amount_pence, line.description, line.receipt_reference) == (1250, "", "")
        contribution = Contribution.objects.get(person=subject)
        assert contribution.is_anonymous
        assert contribution.text == "I'm [erased] ([erased]), ring me on [erased]: the ramp at [erased] is too steep."
        decision = Decision.objects.get(title="A new ramp")
        assert not decision.people_present.exists()
        assert (decision.what_was_decided, decision.decided_by) == (
            "Build a gentler ramp, as [erased] asked.",
            "Hub steering group, with [erased]",
        )
        win = Win.objects.get(title="The ramp is gentler")
        assert win.story == "[erased] asked for a ramp, and now there is one."
        assert not win.people_pictured.exists()
        subscriber = Subscriber.objects.get(organisation=subject.organisation)
        assert (subscriber.status, subscriber.email, subscriber.topics) == ("unsubscribed", "", [])
        assert not subscriber.hubs.exists()
        assert not CalendarFeed.objects.filter(person=subject).exists()
        assert not ShortLink.objects.filter(person=subject).exists()

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


class TestNewsletterSubscription:
    """A subscriber is never joined to a person, but their address is the person's personal data: erasing them
    unsubscribes it; retention anonymising someone inactive leaves their newsletter alone."""

    @pytest.fixture
    def subscriber(self, org, person) -> Subscriber:
        return Subscriber.objects.create(
            organisation=org,
            email="ngozi@example.net",
            email_hash=email_hash(org.pk, "NGOZI@example.net "),
            status=Subscriber.Status.CONFIRMED,
        )

    def test_erasure_unsubscribes_their_address(self, dpo, person, subscriber) -> None:
        person_erase(person=person, actor=dpo, keep_attribution=True)
        subscriber.refresh_from_db()
        assert (subscriber.status, subscriber.email) == ("unsubscribed", "")
        assert AuditEvent.objects.filter(action="withdraw", object_id=str(subscriber.pk)).exists()

    def test_retention_leaves_the_newsletter_alone(self, dpo, person, subscriber) -> None:
        person_erase(person=person, actor=None, keep_attribution=False, by_retention=True)
        subscriber.refresh_from_db()
        assert (subscriber.status, subscriber.email) == ("confirmed", "ngozi@example.net")
        person.refresh_from_db()
        assert person.is_erased and person.email == ""

    def test_another_address_and_another_organisations_subscriber_stay(self, org, other_org, dpo, person) -> None:
        other_address = Subscriber.objects.create(
            organisation=org, email="someone@example.net", email_hash=email_hash(org.pk, "someone@example.net")
        )
        elsewhere = Subscriber.objects.create(
            organisation=other_org, email="ngozi@example.net", email_hash=email_hash(other_org.pk, "ngozi@example.net")
        )
        person_erase(person=person, actor=dpo, keep_attribution=True)
        for subscriber in (other_address, elsewhere):
            subscriber.refresh_from_db()
            assert subscriber.status == "pending" and subscriber.email
