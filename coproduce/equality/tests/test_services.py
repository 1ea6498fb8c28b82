"""Equality services: saving answers (audited by field name only), the under-16 rule, objections, snapshots and
aggregates with small numbers hidden."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.consent.models import Consent, ConsentStatus, LawfulBasis
from coproduce.core.models import AuditEvent
from coproduce.equality import services
from coproduce.equality.models import EqualityProfile, EqualitySnapshot
from coproduce.equality.tests.conftest import give_consent, make_person
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.stakeholders.models import StakeholderGroup

ANSWERS = {
    "age_band": "25_34",
    "sex": "female",
    "gender_same_as_sex": "yes",
    "sexual_orientation": "bisexual",
    "ethnic_group": "black_caribbean",
    "religion": "muslim",
    "disability": "limited_a_little",
    "main_language": "Somali",
    "english_proficiency": "well",
    "lone_parent": "yes",
    "young_parent": "no",
    "care_experienced": "yes",
    "send_in_family": "yes",
    "migration": "refugee",
    "first_time": "yes",
}


def audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values("summary", "changes", "object_label")))


def involvement_for(person, project: Project) -> ProjectStakeholder:
    group = StakeholderGroup.objects.get_or_create(organisation=person.organisation, name="Families")[0]
    return ProjectStakeholder.objects.create(
        organisation=person.organisation, project=project, group=group, person=person, kind="lived_experience"
    )


# ----- Saving -----


def test_answers_save_audits_field_names_never_values(person, dpo) -> None:
    profile = services.answers_save(person=person, data=ANSWERS, actor=dpo)
    assert profile.answers() == ANSWERS
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert sorted(event.changes["fields"]) == sorted(ANSWERS)
    assert event.actor == dpo
    assert "Rosa" not in event.object_label
    text = audit_text()
    for value in ("black_caribbean", "bisexual", "Somali", "refugee", "muslim", "limited_a_little"):
        assert value not in text


def test_only_changed_fields_are_named_and_nothing_changed_writes_nothing(person) -> None:
    services.answers_save(person=person, data=ANSWERS)
    services.answers_save(person=person, data={**ANSWERS, "religion": "none"}, by_person=True)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).first()
    assert event.changes == {"fields": ["religion"]}
    assert "own link" in event.summary
    services.answers_save(person=person, data={**ANSWERS, "religion": "none"})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == 2


def test_an_answer_not_offered_is_refused(person) -> None:
    with pytest.raises(ValidationError) as error:
        services.answers_save(person=person, data={"sex": "banana"})
    assert "sex" in error.value.message_dict
    assert not EqualityProfile.objects.exists()


def test_gender_and_orientation_are_dropped_for_a_known_under_16(org) -> None:
    young = make_person(org, "Young Person", age=14)
    profile = services.answers_save(person=young, data=ANSWERS, by_person=True)
    assert profile.sexual_orientation == "" and profile.gender_same_as_sex == ""
    assert profile.religion == "muslim"


def test_gender_and_orientation_are_dropped_when_the_age_answered_is_under_16(person) -> None:
    profile = services.answers_save(person=person, data={**ANSWERS, "age_band": "under_16"})
    assert profile.sexual_orientation == "" and profile.gender_same_as_sex == ""
    assert services.adult_answers_dropped(person, "under_16", ANSWERS)
    assert not services.adult_answers_dropped(person, "25_34", ANSWERS)


def test_answers_view_is_audited_every_time(person, dpo) -> None:
    services.answers_save(person=person, data=ANSWERS)
    for _ in range(3):
        assert services.answers_view(person=person, actor=dpo).religion == "muslim"
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
    assert views.count() == 3
    assert {e.summary for e in views} == {"Equality answers viewed"}


# ----- Objection -----


def test_objection_is_recorded_and_cleared_with_audit(person, dpo) -> None:
    profile = services.objection_record(person=person, actor=dpo)
    assert profile.objected_at is not None
    services.objection_record(person=person, actor=dpo)  # twice: one line
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WITHDRAW).count() == 1
    services.objection_clear(person=person, actor=dpo)
    assert EqualityProfile.objects.get(person=person).objected_at is None
    assert AuditEvent.objects.filter(summary__contains="cleared").count() == 1


# ----- Snapshots -----


@pytest.fixture
def project(org):
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Better support")


def test_a_snapshot_keeps_the_answers_as_they_were(person, project) -> None:
    services.answers_save(person=person, data=ANSWERS)
    involvement = involvement_for(person, project)
    snapshot = services.snapshot_take(person=person, context=involvement)
    assert snapshot.context_type == "projects.ProjectStakeholder"
    assert snapshot.context_id == str(involvement.pk)
    services.answers_save(person=person, data={**ANSWERS, "religion": "none", "lone_parent": "no"})
    snapshot.refresh_from_db()
    assert snapshot.answers["religion"] == "muslim" and snapshot.answers["lone_parent"] == "yes"
    # Taking it again for the same involvement does not rewrite it.
    again = services.snapshot_take(person=person, context=involvement)
    assert again.pk == snapshot.pk and again.answers["religion"] == "muslim"
    assert EqualitySnapshot.objects.count() == 1


def test_no_snapshot_without_answers_consent_or_with_an_objection(org, project) -> None:
    no_profile = make_person(org, "No Answers")
    assert services.snapshot_take(person=no_profile, context=involvement_for(no_profile, project)) is None
    no_consent = make_person(org, "No Consent", consent=False)
    services.answers_save(person=no_consent, data=ANSWERS)
    assert services.snapshot_take(person=no_consent, context=involvement_for(no_consent, project)) is None
    objector = make_person(org, "Objector")
    services.answers_save(person=objector, data=ANSWERS)
    services.objection_record(person=objector)
    assert services.snapshot_take(person=objector, context=involvement_for(objector, project)) is None
    withdrawn = make_person(org, "Withdrawn")
    services.answers_save(person=withdrawn, data=ANSWERS)
    Consent.objects.filter(person=withdrawn).update(status=ConsentStatus.WITHDRAWN, withdrawn_at=timezone.now())
    assert services.snapshot_take(person=withdrawn, context=involvement_for(withdrawn, project)) is None
    assert not EqualitySnapshot.objects.exists()


def test_another_lawful_basis_allows_a_snapshot(org, project) -> None:
    person = make_person(org, "Public Task", consent=False)
    give_consent(person, lawful_basis=LawfulBasis.PUBLIC_TASK)
    services.answers_save(person=person, data=ANSWERS)
    assert services.snapshot_take(person=person, context=involvement_for(person, project)) is not None


# ----- Aggregates -----


def people_with(org, answers: list[dict], **kwargs) -> list:
    made = []
    for index, data in enumerate(answers):
        person = make_person(org, f"Person {index}", **kwargs)
        services.answers_save(person=person, data=data)
        made.append(person)
    return made


def test_current_answers_are_counted_with_small_numbers_hidden(org) -> None:
    people_with(org, [{"sex": "female"}] * 9 + [{"sex": "male"}] * 2 + [{"sex": "prefer_not"}] * 6)
    table = services.aggregate(org, question="sex")
    # Male (2) is hidden; the next smallest non-zero (prefer not, 6) is hidden with it; "not answered" is 0.
    assert table.counts == {"female": 9, "male": None, "prefer_not": None, "not_answered": 0}
    assert table.total == 17
    assert table.label == "Sex"
    assert table.has_hidden


def test_unanswered_questions_count_as_not_answered(org) -> None:
    people_with(org, [{"sex": "female"}] * 6 + [{"religion": "none"}] * 5)
    assert services.aggregate(org, question="sex").counts["not_answered"] == 5


def test_only_people_who_agreed_are_counted(org) -> None:
    people_with(org, [{"sex": "female"}] * 6)
    people_with(org, [{"sex": "male"}] * 7, consent=False)
    refused = people_with(org, [{"sex": "male"}] * 6)
    Consent.objects.filter(person__in=refused).update(status=ConsentStatus.REFUSED)
    table = services.aggregate(org, question="sex")
    assert table.counts["female"] == 6 and table.counts["male"] == 0
    assert table.total == 6


def test_an_objection_stops_use_at_once(org) -> None:
    people = people_with(org, [{"sex": "female"}] * 8)
    assert services.aggregate(org, question="sex").counts["female"] == 8
    for person in people[:3]:
        services.objection_record(person=person)
    assert services.aggregate(org, question="sex").counts["female"] == 5


def test_erased_people_are_left_out(org) -> None:
    people = people_with(org, [{"sex": "female"}] * 7)
    type(people[0]).objects.filter(pk__in=[p.pk for p in people[:2]]).update(erased_at=timezone.now())
    assert services.aggregate(org, question="sex").counts["female"] == 5


def test_another_organisations_people_are_not_counted(org, other_org) -> None:
    people_with(org, [{"sex": "female"}] * 5)
    people_with(other_org, [{"sex": "female"}] * 7)
    assert services.aggregate(org, question="sex").counts["female"] == 5


def test_hub_filter(org, hub) -> None:
    people_with(org, [{"sex": "female"}] * 6, hubs=[hub])
    people_with(org, [{"sex": "female"}] * 7)
    assert services.aggregate(org, question="sex", hub=hub).counts["female"] == 6


def test_a_table_of_fewer_than_five_people_hides_everything(org) -> None:
    people_with(org, [{"sex": "female"}] * 4)
    table = services.aggregate(org, question="sex")
    assert table.total is None
    assert set(table.counts.values()) == {None}


def test_under_16s_are_not_counted_for_adult_only_questions(org) -> None:
    people_with(org, [{"sex": "female", "sexual_orientation": "straight"}] * 5)
    people_with(org, [{"sex": "female", "age_band": "under_16"}] * 5)
    people_with(org, [{"sex": "female"}] * 5, age=15)
    assert services.aggregate(org, question="sexual_orientation").total == 5
    assert services.aggregate(org, question="sex").total == 15


def test_rare_languages_are_counted_together(org) -> None:
    people_with(org, [{"main_language": "English"}] * 3 + [{"main_language": " english "}] * 3)
    people_with(org, [{"main_language": "Tigrinya"}, {"main_language": "Welsh"}] * 3)
    table = services.aggregate(org, question="main_language")
    labels = {row.label for row in table.rows}
    assert "Tigrinya" not in labels and "Welsh" not in labels
    assert table.counts["English"] == 6
    assert table.counts["other_language"] == 6


def test_unknown_question_is_refused(org) -> None:
    with pytest.raises(ValueError):
        services.aggregate(org, question="full_name")


def test_a_project_counts_answers_as_they_were_when_people_joined(org, project) -> None:
    people = people_with(org, [{"lone_parent": "yes"}] * 6)
    for person in people:
        services.snapshot_take(person=person, context=involvement_for(person, project))
    bystanders = people_with(org, [{"lone_parent": "yes"}] * 5)  # not in the project
    for person in people:
        services.answers_save(person=person, data={"lone_parent": "no"})
    in_project = services.aggregate(org, question="lone_parent", project=project)
    assert in_project.counts["yes"] == 6 and in_project.counts["no"] == 0
    everyone = services.aggregate(org, question="lone_parent")
    assert everyone.counts["no"] == 6 and everyone.counts["yes"] == len(bystanders)


def test_each_person_counts_once_with_their_latest_snapshot_in_the_window(org, project) -> None:
    other = Project.objects.create(organisation=org, title="SEND", goal="g")
    people = people_with(org, [{"lone_parent": "yes"}] * 5)
    for person in people:
        services.snapshot_take(person=person, context=involvement_for(person, project))
    for person in people:
        services.answers_save(person=person, data={"lone_parent": "no"})
        services.snapshot_take(person=person, context=involvement_for(person, other))
    today = timezone.localdate()
    table = services.aggregate(org, question="lone_parent", since=today, until=today)
    assert table.total == 5
    assert table.counts["no"] == 5 and table.counts["yes"] == 0


def test_the_time_window_uses_when_the_snapshot_was_taken(org, project) -> None:
    people = people_with(org, [{"sex": "female"}] * 5)
    for person in people:
        services.snapshot_take(person=person, context=involvement_for(person, project))
    long_ago = timezone.now() - dt.timedelta(days=400)
    EqualitySnapshot.objects.filter(person__in=people[:2]).update(taken_at=long_ago)
    today = timezone.localdate()
    recent = services.aggregate(org, question="sex", since=today - dt.timedelta(days=30))
    assert recent.total is None  # 3 people: fewer than 5, all hidden
    old = services.aggregate(org, question="sex", until=today - dt.timedelta(days=300))
    assert old.total is None
    everything = services.aggregate(org, question="sex", since=long_ago.date(), until=today)
    assert everything.counts["female"] == 5


def test_snapshots_of_objectors_and_withdrawn_consents_are_left_out(org, project) -> None:
    people = people_with(org, [{"sex": "female"}] * 8)
    for person in people:
        services.snapshot_take(person=person, context=involvement_for(person, project))
    services.objection_record(person=people[0])
    Consent.objects.filter(person=people[1]).update(status=ConsentStatus.WITHDRAWN, withdrawn_at=timezone.now())
    assert services.aggregate(org, question="sex", project=project).counts["female"] == 6


def test_erasing_someone_keeps_them_in_the_figures_of_what_they_took_part_in(org, project, dpo) -> None:
    from coproduce.datarights.erasure import person_erase

    people = people_with(org, [{"sex": "female"}] * 6)
    for person in people:
        services.snapshot_take(person=person, context=involvement_for(person, project))
    person_erase(person=people[0], actor=dpo, keep_attribution=False)
    # The project still counts who took part; current answers no longer include the erased person.
    assert services.aggregate(org, question="sex", project=project).counts["female"] == 6
    assert services.aggregate(org, question="sex").counts["female"] == 5


def test_hub_and_age_rules_apply_to_snapshots_too(org, hub, project) -> None:
    adults = people_with(org, [{"sex": "female", "sexual_orientation": "straight"}] * 5, hubs=[hub])
    young = people_with(org, [{"sex": "female", "age_band": "under_16"}] * 5, hubs=[hub])
    elsewhere = people_with(org, [{"sex": "female", "sexual_orientation": "straight"}] * 5)
    for person in adults + young + elsewhere:
        services.snapshot_take(person=person, context=involvement_for(person, project))
    assert services.aggregate(org, question="sex", project=project).total == 15
    assert services.aggregate(org, question="sex", project=project, hub=hub).total == 10
    orientation = services.aggregate(org, question="sexual_orientation", project=project, hub=hub)
    assert orientation.counts["straight"] == 5 and orientation.total == 5
