"""Merging duplicate people: every record that points at a person moves (proved for every relation the model has,
so a relation added later fails this test until it has a factory here), clashes keep the more recent answer, blank
details are filled, one MERGE audit line names both by reference only; and the duplicates and merge pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import ContactProblem, Message, ShortLink
from coproduce.consent.models import Consent, DataShare, DataSharingAgreement
from coproduce.contributions.models import Contribution
from coproduce.core.models import AuditEvent, uuid7
from coproduce.datarights.models import DataRightsRequest
from coproduce.decisions.models import Decision
from coproduce.engagement.models import Activity, Attendance, CalendarFeed, Invitation, Poll, PollAnswer, PollSlot
from coproduce.equality.models import EqualityProfile, EqualitySnapshot
from coproduce.insights.models import Involvement
from coproduce.organisations.models import Hub, Membership, Organisation, Role
from coproduce.payments.models import PaymentLine
from coproduce.people import services
from coproduce.people.models import AccessNeeds, Household, Person
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.publishing.models import Win
from coproduce.safeguarding.models import SafeguardingConcern
from coproduce.stakeholders.models import Partner, StakeholderGroup
from tests.cast import client_for, make_member


def _staff(org: Organisation):
    return Membership.objects.filter(organisation=org).first().user


def _consent(org, person):
    return Consent.objects.create(organisation=org, person=person, purpose="photos", status="given", method="paper")


def _share(org, person):
    partner = Partner.objects.create(organisation=org, name=f"Partner {person.pk}", kind="charity")
    today = timezone.localdate()
    agreement = DataSharingAgreement.objects.create(
        organisation=org,
        partner=partner,
        purpose="p",
        data_shared="name",
        starts_on=today,
        review_on=today + dt.timedelta(days=30),
    )
    return DataShare.objects.create(
        organisation=org,
        person=person,
        partner=partner,
        agreement=agreement,
        shared_by=_staff(org),
        details_shared="name",
        reason="r",
    )


def _involvement(org, person):
    project = Project.objects.create(organisation=org, title="Merge project", goal="g")
    group = StakeholderGroup.objects.create(organisation=org, name=f"Group {person.pk}")
    return ProjectStakeholder.objects.create(
        organisation=org, project=project, group=group, person=person, kind="lived_experience"
    )


def _decision(org, person):
    project = Project.objects.create(organisation=org, title="Decision project", goal="g")
    decision = Decision.objects.create(
        organisation=org, project=project, title="T", what_was_decided="W", decided_on=timezone.localdate()
    )
    decision.people_present.add(person)
    return decision


def _win(org, person):
    win = Win.objects.create(organisation=org, title="T", story="S", happened_on=timezone.localdate())
    win.people_pictured.add(person)
    return win


def _rights_request(org, person):
    fields = {"kind": "access"} if any(f.name == "kind" for f in DataRightsRequest._meta.fields) else {}
    return DataRightsRequest.objects.create(
        organisation=org, person=person, received_on=timezone.localdate(), made_by="staff", **fields
    )


def _peer_supporter(org, person):
    from coproduce.peers.models import PeerSupporter

    return PeerSupporter.objects.create(organisation=org, person=person)


def _peer_referral(org, person):
    from coproduce.peers.models import Referral

    return Referral.objects.create(organisation=org, person=person, source="staff", help_with="h", consent=True)


def _peer_episode(org, person):
    from coproduce.peers.models import SupportEpisode

    supporter = _peer_supporter(org, Person.objects.create(organisation=org, full_name="A supporter"))
    referral = _peer_referral(org, person)
    return SupportEpisode.objects.create(organisation=org, referral=referral, supporter=supporter, person=person)


def _course_completion(org, person):
    import datetime as dt

    from coproduce.learning.models import Completion, Course

    course = Course.objects.create(organisation=org, name="Co-production basics")
    return Completion.objects.create(organisation=org, course=course, person=person, completed_on=dt.date(2026, 1, 5))


def _induction_progress(org, person):
    import datetime as dt

    from coproduce.learning.models import InductionItem, InductionProgress

    item = InductionItem.objects.create(organisation=org, text="What co-production means here")
    return InductionProgress.objects.create(organisation=org, item=item, person=person, done_on=dt.date(2026, 1, 5))


# How to make one record of each model that points at a person. A relation without an entry fails the test below.
def _activity(org: Organisation) -> Activity:
    project = Project.objects.create(organisation=org, title="P", goal="G")
    return Activity.objects.create(organisation=org, project=project, title="A", kind="workshop")


FACTORIES: dict[str, Callable[[Organisation, Person], object]] = {
    "people.AccessNeeds": lambda org, person: AccessNeeds.objects.create(organisation=org, person=person),
    "comms.Message": lambda org, person: Message.objects.create(
        organisation=org,
        person=person,
        channel="email",
        to="a@example.com",
        body="b",
        kind="other",
        idempotency_key=str(person.pk),
    ),
    "comms.ContactProblem": lambda org, person: ContactProblem.objects.create(
        organisation=org, person=person, channel="email", address="a@example.com", reason="r"
    ),
    "comms.ShortLink": lambda org, person: ShortLink.objects.create(
        organisation=org, person=person, code=f"c{str(person.pk)[-11:]}", path="/r/x/", expires_at=timezone.now()
    ),
    "engagement.Invitation": lambda org, person: Invitation.objects.create(
        organisation=org, activity=_activity(org), person=person
    ),
    "engagement.PollAnswer": lambda org, person: PollAnswer.objects.create(
        organisation=org,
        slot=PollSlot.objects.create(
            organisation=org,
            poll=Poll.objects.create(organisation=org, activity=_activity(org)),
            starts_at=timezone.now(),
        ),
        person=person,
        answer="yes",
    ),
    "engagement.Attendance": lambda org, person: Attendance.objects.create(
        organisation=org, activity=_activity(org), person=person
    ),
    "engagement.CalendarFeed": lambda org, person: CalendarFeed.objects.create(organisation=org, person=person),
    "insights.Involvement": lambda org, person: Involvement.objects.create(
        organisation=org,
        person=person,
        kind=Involvement.Kind.ATTENDED,
        occurred_on=timezone.localdate(),
        project=Project.objects.create(organisation=org, title="P", goal="G"),
        source_id=uuid7(),
    ),
    "payments.PaymentLine": lambda org, person: PaymentLine.objects.create(
        organisation=org,
        person=person,
        project=Project.objects.create(organisation=org, title="P", goal="G"),
        kind="travel",
        amount_pence=100,
    ),
    "contributions.Contribution": lambda org, person: Contribution.objects.create(
        organisation=org,
        person=person,
        project=Project.objects.create(organisation=org, title="P", goal="G"),
        kind="idea",
        gathered="activity",
    ),
    "projects.ProjectStakeholder": _involvement,
    "decisions.Decision": _decision,
    "publishing.Win": _win,
    "consent.Consent": _consent,
    "consent.DataShare": _share,
    "equality.EqualityProfile": lambda org, person: EqualityProfile.objects.create(
        organisation=org, person=person, sex="prefer_not"
    ),
    "equality.EqualitySnapshot": lambda org, person: EqualitySnapshot.objects.create(
        organisation=org, person=person, context_type="t", context_id="1", taken_at=timezone.now()
    ),
    "datarights.DataRightsRequest": _rights_request,
    "safeguarding.SafeguardingConcern": lambda org, person: SafeguardingConcern.objects.create(
        organisation=org, person=person, raised_by=_staff(org), what_happened="w"
    ),
    "peers.PeerSupporter": _peer_supporter,
    "peers.Referral": _peer_referral,
    "peers.SupportEpisode": _peer_episode,
    "learning.Completion": _course_completion,
    "learning.InductionProgress": _induction_progress,
}


def test_a_record_of_every_model_pointing_at_a_person_moves(org, admin) -> None:
    keep = Person.objects.create(organisation=org, full_name="Keep Me")
    other = Person.objects.create(organisation=org, full_name="Merge Me")
    made = []
    for relation in Person._meta.related_objects:
        label = relation.related_model._meta.label
        assert label in FACTORIES, f"{label} points at Person: add a factory to FACTORIES so merging is tested"
        made.append((relation, FACTORIES[label](org, other)))
    assert made
    services.person_merge(keep=keep, other=other, actor=admin)
    assert not Person.objects.filter(pk=other.pk).exists()
    for relation, row in made:
        row = type(row)._base_manager.get(pk=row.pk)
        if relation.many_to_many:
            assert keep in getattr(row, relation.field.name).all(), relation
        else:
            assert getattr(row, relation.field.attname) == keep.pk, relation


def test_the_persons_own_many_to_many_links_are_joined(org, hub, admin) -> None:
    second_hub = Hub.objects.create(organisation=org, name="Second")
    group = StakeholderGroup.objects.create(organisation=org, name="Families")
    keep = Person.objects.create(organisation=org, full_name="Keep")
    other = Person.objects.create(organisation=org, full_name="Other")
    keep.hubs.add(hub)
    other.hubs.add(hub, second_hub)
    other.stakeholder_groups.add(group)
    services.person_merge(keep=keep, other=other, actor=admin)
    assert set(keep.hubs.all()) == {hub, second_hub}
    assert list(keep.stakeholder_groups.all()) == [group]
    assert Person.hubs.through.objects.count() == 2


@pytest.mark.parametrize("newer", ["keep", "other"])
def test_a_consent_for_the_same_purpose_keeps_the_more_recent_answer(org, admin, newer: str) -> None:
    keep = Person.objects.create(organisation=org, full_name="Keep")
    other = Person.objects.create(organisation=org, full_name="Other")
    old, new = timezone.now() - dt.timedelta(days=300), timezone.now() - dt.timedelta(days=1)
    Consent.objects.create(
        organisation=org,
        person=keep,
        purpose="contact",
        status="refused" if newer == "other" else "given",
        method="paper",
        answered_at=new if newer == "keep" else old,
    )
    Consent.objects.create(
        organisation=org,
        person=other,
        purpose="contact",
        status="given" if newer == "other" else "refused",
        method="online",
        answered_at=new if newer == "other" else old,
    )
    services.person_merge(keep=keep, other=other, actor=admin)
    consent = Consent.objects.get()
    assert consent.person == keep
    assert consent.status == "given" and consent.answered_at == new


def test_sharing_consents_with_different_partners_both_move(org, admin) -> None:
    keep = Person.objects.create(organisation=org, full_name="Keep")
    other = Person.objects.create(organisation=org, full_name="Other")
    first = Partner.objects.create(organisation=org, name="First", kind="charity")
    second = Partner.objects.create(organisation=org, name="Second", kind="charity")
    for person, partner in ((keep, first), (other, second), (other, first)):
        Consent.objects.create(
            organisation=org,
            person=person,
            purpose="share_with_partner",
            partner=partner,
            status="given",
            method="paper",
            answered_at=timezone.now() - dt.timedelta(days=10 if person == other else 1),
        )
    services.person_merge(keep=keep, other=other, actor=admin)
    assert sorted(c.partner.name for c in Consent.objects.filter(person=keep)) == ["First", "Second"]


def test_one_to_one_records_are_combined_keeping_the_kept_persons_answers(org, admin) -> None:
    keep = Person.objects.create(organisation=org, full_name="Keep")
    other = Person.objects.create(organisation=org, full_name="Other")
    AccessNeeds.objects.create(organisation=org, person=keep, childcare=True, interpreter_language="")
    AccessNeeds.objects.create(organisation=org, person=other, step_free=True, other_needs="A lift")
    EqualityProfile.objects.create(organisation=org, person=other, sex="female")
    services.person_merge(keep=keep, other=other, actor=admin)
    needs = AccessNeeds.objects.get()
    # Every need either record had is kept, so nobody turns up to a room they cannot get into.
    assert needs.person == keep and needs.childcare and needs.step_free and needs.other_needs == "A lift"
    assert EqualityProfile.objects.get().person == keep  # keep had none, so the other's moved


def test_merging_never_undoes_an_objection(org, admin) -> None:
    keep = Person.objects.create(organisation=org, full_name="Keep")
    other = Person.objects.create(organisation=org, full_name="Other")
    EqualityProfile.objects.create(organisation=org, person=keep, sex="female")
    objected = timezone.now()
    EqualityProfile.objects.create(organisation=org, person=other, sex="male", objected_at=objected)
    services.person_merge(keep=keep, other=other, actor=admin)
    profile = EqualityProfile.objects.get()
    assert profile.person == keep and profile.sex == "female" and profile.objected_at == objected


def test_merging_never_brings_back_a_withdrawn_consent(org, admin) -> None:
    from coproduce.consent.checks import may_contact

    keep = Person.objects.create(organisation=org, full_name="Keep")
    other = Person.objects.create(organisation=org, full_name="Other")
    now = timezone.now()
    Consent.objects.create(
        organisation=org, person=keep, purpose="contact", status="given", method="paper", answered_at=now
    )
    Consent.objects.create(
        organisation=org,
        person=other,
        purpose="contact",
        status="withdrawn",
        method="online",
        answered_at=now - dt.timedelta(days=30),
        withdrawn_at=now + dt.timedelta(minutes=1),
    )
    services.person_merge(keep=keep, other=other, actor=admin)
    assert Consent.objects.get().status == "withdrawn"
    assert not may_contact(keep)


def test_blank_details_are_filled_from_the_other_record(org, admin) -> None:
    household = Household.objects.create(organisation=org, name="H")
    keep = Person.objects.create(organisation=org, full_name="Grace Obi", phone="07700 900001")
    other = Person.objects.create(
        organisation=org,
        full_name="Grace Obi",
        email="grace@example.com",
        phone="07700 900002",
        pronunciation="GRAYSS",
        contact_by_email=True,
        household=household,
        household_role="parent",
        date_of_birth=dt.date(2009, 1, 1),
    )
    other.last_active_at = timezone.now() + dt.timedelta(minutes=5)
    other.save()
    services.person_merge(keep=keep, other=other, actor=admin)
    keep.refresh_from_db()
    assert keep.email == "grace@example.com" and keep.pronunciation == "GRAYSS"
    assert keep.phone == "07700 900001"  # the kept record's own detail wins
    assert keep.contact_by_email and keep.household == household and keep.household_role == "parent"
    assert keep.date_of_birth == dt.date(2009, 1, 1)
    assert keep.last_active_at == other.last_active_at


def test_one_audit_line_names_both_by_reference_only(org, admin) -> None:
    keep = Person.objects.create(organisation=org, full_name="Keep Name")
    other = Person.objects.create(organisation=org, full_name="Other Name", email="other@example.com")
    other_label = other.audit_label
    _consent(org, other)
    SafeguardingConcern.objects.create(organisation=org, person=other, raised_by=admin, what_happened="w")
    services.person_merge(keep=keep, other=other, actor=admin)
    event = AuditEvent.objects.get(action=AuditEvent.Action.MERGE)
    text = f"{event.summary} {event.object_label} {event.changes}"
    assert other_label in text and keep.audit_label in text
    for secret in ("Keep Name", "Other Name", "example.com", "afeguarding"):
        assert secret not in text
    assert event.changes["records_moved"] == 2 and "email" in event.changes["fields_filled"]
    assert event.actor == admin and event.object_id == str(keep.pk)


def test_what_cannot_be_merged(org, other_org, admin) -> None:
    keep = Person.objects.create(organisation=org, full_name="Keep")
    with pytest.raises(ValidationError):
        services.person_merge(keep=keep, other=keep, actor=admin)
    with pytest.raises(ValidationError):
        services.person_merge(
            keep=keep, other=Person.objects.create(organisation=other_org, full_name="Theirs"), actor=admin
        )
    erased = Person.objects.create(organisation=org, full_name="", erased_at=timezone.now())
    with pytest.raises(ValidationError):
        services.person_merge(keep=keep, other=erased, actor=admin)
    assert Person.objects.count() == 3 and not AuditEvent.objects.filter(action="merge").exists()


# ---------------------------------------------------------------------------------------------------------------
# The pages


def merge_url(first: Person, second: Person) -> str:
    return reverse("people:person_merge", kwargs={"person_id": first.pk, "other_id": second.pk})


def test_the_merge_page_shows_both_side_by_side(admin_client_: Client, org) -> None:
    first = Person.objects.create(organisation=org, full_name="Grace Obi", phone="07700 900001")
    second = Person.objects.create(organisation=org, full_name="Grace Obi", email="grace@example.com")
    html = admin_client_.get(merge_url(first, second)).content.decode()
    assert f"Record {first.reference}" in html and f"Record {second.reference}" in html
    assert "07700 900001" in html and "grace@example.com" in html
    assert f"After merging, if you keep {first.reference}" in html
    assert merge_url(second, first) in html  # see it the other way round
    assert "Which record should be kept?" in html


def test_merging_from_the_page_keeps_the_chosen_record(admin_client_: Client, org) -> None:
    first = Person.objects.create(organisation=org, full_name="Grace Obi")
    second = Person.objects.create(organisation=org, full_name="Grace Obi", email="grace@example.com")
    html = admin_client_.post(merge_url(first, second), {}).content.decode()
    assert "Choose which record to keep" in html and Person.objects.count() == 2
    response = admin_client_.post(merge_url(first, second), {"keep": str(second.pk)})
    assert response.status_code == 302
    assert list(Person.objects.all()) == [second]


def test_a_person_cannot_be_merged_with_themselves_or_an_erased_record(admin_client_: Client, org) -> None:
    person = Person.objects.create(organisation=org, full_name="Grace Obi")
    erased = Person.objects.create(organisation=org, full_name="", erased_at=timezone.now())
    assert admin_client_.get(merge_url(person, person)).status_code == 404
    assert admin_client_.get(merge_url(person, erased)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 200), (Role.LEAD, 200), (Role.DATA_PROTECTION_OFFICER, 200), (Role.STAFF, 403), (Role.VIEWER, 403)],
)
def test_who_may_merge(org, role, status) -> None:
    first = Person.objects.create(organisation=org, full_name="A")
    second = Person.objects.create(organisation=org, full_name="B")
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(reverse("people:duplicates")).status_code == status
    assert client.get(merge_url(first, second)).status_code == status
    client.post(merge_url(first, second), {"keep": str(first.pk)})
    assert Person.objects.count() == (1 if status == 200 else 2)


def test_the_duplicates_page_groups_people_by_what_they_share(admin_client_: Client, org, other_org) -> None:
    a = Person.objects.create(organisation=org, full_name="Ama Owusu", email="AMA@example.com")
    b = Person.objects.create(organisation=org, full_name="Ama O", email="ama@example.com")
    c = Person.objects.create(organisation=org, full_name="Ben Ali", phone="07700 900111")
    d = Person.objects.create(organisation=org, full_name="Benjamin Ali", phone="07700900111")
    e = Person.objects.create(organisation=org, full_name="Chloe Reid", postcode="NB1 2AB")
    f = Person.objects.create(organisation=org, full_name="chloe reid", postcode="nb12ab")
    Person.objects.create(organisation=org, full_name="Chloe Reid", postcode="NB9 9ZZ")  # another Chloe Reid
    Person.objects.create(organisation=org, full_name="Gone", email="ama@example.com", erased_at=timezone.now())
    Person.objects.create(organisation=other_org, full_name="Theirs", email="ama@example.com")
    html = admin_client_.get(reverse("people:duplicates")).content.decode()
    assert "3 groups found" in html
    for reason in ("Same email address", "Same phone number", "Same name and postcode"):
        assert reason in html
    for pair in ((a, b), (c, d), (e, f)):
        assert merge_url(*pair) in html or merge_url(*reversed(pair)) in html
    assert "Gone" not in html and "Theirs" not in html and "NB9 9ZZ" not in html


def test_the_duplicates_page_queries_do_not_grow(admin_client_: Client, org, django_assert_num_queries) -> None:
    def make_groups(start: int, count: int) -> None:
        for n in range(start, start + count):
            for _copy in range(2):
                Person.objects.create(organisation=org, full_name=f"Twin {n}", email=f"twin{n}@example.com")
                Person.objects.create(organisation=org, full_name=f"Phone {n}", phone=f"07700 900{n:03d}")

    url = reverse("people:duplicates")
    make_groups(0, 2)
    admin_client_.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client_.get(url)
    make_groups(2, 10)
    with django_assert_num_queries(len(few.captured_queries)):
        html = admin_client_.get(url).content.decode()
    assert "24 groups found" in html


def test_at_most_fifty_groups_are_shown(admin_client_: Client, org) -> None:
    Person.objects.bulk_create(
        [
            Person(organisation=org, full_name=f"P{n}-{i}", email=f"p{n}@example.com", postcode_compact="")
            for n in range(55)
            for i in range(2)
        ]
    )
    html = admin_client_.get(reverse("people:duplicates")).content.decode()
    assert "50 groups found" in html and "the first 50" in html
