"""A person present at a decision: merged, exported and erased like every other record about them."""

from __future__ import annotations

from coproduce.datarights.erasure import person_erase
from coproduce.datarights.export import person_export_data
from coproduce.decisions.models import Decision
from coproduce.decisions.tests.conftest import record
from coproduce.people import services as people_services
from coproduce.people.models import Person


def test_erasure_removes_them_from_those_present_and_their_name_from_the_notes(colleague, project, parent) -> None:
    other = Person.objects.create(organisation=project.organisation, full_name="Someone Else")
    decision = record(
        colleague,
        project,
        people_present=[parent, other],
        decided_by="Zainab Okafor and two other parents",
        options_considered="Zainab suggested 11:00",
    )
    person_erase(person=parent, actor=colleague, keep_attribution=True)
    decision = Decision.objects.get(pk=decision.pk)
    assert list(decision.people_present.all()) == [other]
    assert decision.decided_by == "[erased] and two other parents"
    assert decision.options_considered == "[erased] suggested 11:00"
    assert decision.what_was_decided  # the decision itself stays


def test_the_export_lists_the_decisions_they_were_at(colleague, project, parent) -> None:
    record(colleague, project, title="Move the group", people_present=[parent])
    record(colleague, project, title="Not there")
    sections = {section["model"]: section for section in person_export_data(parent)["sections"]}
    records = sections["decisions.Decision"]["records"]
    assert sections["decisions.Decision"]["title"] == "Decisions made while you were there"
    assert [row["title"] for row in records] == ["Move the group"]
    assert records[0]["project"] == "Infant feeding"


def test_merging_moves_the_decisions_they_were_at(colleague, project, parent, admin) -> None:
    duplicate = Person.objects.create(organisation=project.organisation, full_name="Z Okafor")
    decision = record(colleague, project, people_present=[parent, duplicate])
    people_services.person_merge(keep=parent, other=duplicate, actor=admin)
    assert list(Decision.objects.get(pk=decision.pk).people_present.all()) == [parent]
