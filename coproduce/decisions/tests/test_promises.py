"""Promises: made by staff who run co-production, owned by a member; status changes keep a history and an audit
line; changed and not possible need an explanation written for families; kept records the date; the owner may
report on their own promise; overdue promises and the organisation's follow-through figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.analysis.follow_through import follow_through
from coproduce.core.models import AuditEvent
from coproduce.decisions import services
from coproduce.decisions.models import Promise, PromiseUpdate
from coproduce.decisions.tests.conftest import promise, record
from coproduce.organisations.models import Role
from tests.cast import make_member


def change(actor, item, to_status, **fields) -> Promise:
    return services.promise_status_change(actor=actor, promise=item, to_status=to_status, **fields)


class TestMaking:
    def test_staff_make_a_promise_answering_decisions_and_contributions(
        self, colleague, lead, org, project, contribution, today
    ) -> None:
        decision = record(colleague, project)
        made = promise(
            colleague,
            org,
            owner=lead,
            project=project,
            due_date=today + dt.timedelta(days=30),
            decisions=[decision],
            contributions=[contribution],
        )
        made = Promise.objects.get(pk=made.pk)
        assert made.status == Promise.Status.PLANNED and made.owner == lead and made.kept_on is None
        assert list(made.decisions.all()) == [decision] and list(contribution.promises.all()) == [made]
        event = AuditEvent.objects.get(object_type="decisions.Promise")
        assert event.action == AuditEvent.Action.CREATE and event.changes["decisions"] == 1

    def test_the_owner_must_be_a_member_and_the_date_not_past(self, colleague, org, stranger, today) -> None:
        with pytest.raises(ValidationError) as caught:
            promise(colleague, org, owner=stranger, text="", due_date=today - dt.timedelta(days=1))
        assert set(caught.value.message_dict) == {"owner", "text", "due_date"}
        assert not Promise.objects.exists()

    def test_links_must_be_the_organisations_own(self, colleague, org, other_org, other_project, stranger) -> None:
        theirs = services.decision_record(
            actor=stranger,
            project=other_project,
            details=services.DecisionDetails(title="T", what_was_decided="W", decided_on=timezone.localdate()),
        )
        with pytest.raises(ValidationError) as caught:
            promise(colleague, org, project=other_project, decisions=[theirs])
        assert set(caught.value.message_dict) == {"project", "decisions"}

    @pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER, Role.SAFEGUARDING_LEAD])
    def test_other_roles_cannot_make_promises(self, org, role) -> None:
        user = make_member(org, f"{role}@example.org", role)
        with pytest.raises(ValidationError):
            promise(user, org)


class TestStatus:
    @pytest.mark.parametrize(
        ("status", "message"),
        [
            ("changed", "Explain to families how the promise has changed and why, in words they will understand"),
            ("not_possible", "Explain to families why this promise cannot be kept, in words they will understand"),
        ],
    )
    def test_changed_or_not_possible_needs_an_explanation_for_families(self, colleague, org, status, message) -> None:
        made = promise(colleague, org)
        with pytest.raises(ValidationError) as caught:
            change(colleague, made, status, explanation="   ")
        assert caught.value.message_dict == {"explanation": [message]}
        assert Promise.objects.get().status == "planned" and not PromiseUpdate.objects.exists()

        change(colleague, made, status, explanation="The room is not free at 10:30, so we moved it to 11:00.")
        made = Promise.objects.get()
        assert made.status == status and made.public_explanation.startswith("The room is not free")

    def test_kept_records_the_date_history_and_audit(self, colleague, org, today) -> None:
        made = promise(colleague, org, due_date=today + dt.timedelta(days=5))
        before = made.status_changed_at
        change(colleague, made, "in_progress")
        change(colleague, made, "kept", explanation="The group now starts at 10:30.")
        made = Promise.objects.get()
        assert made.kept_on == today and made.status_changed_at > before
        history = list(made.updates.values_list("from_status", "to_status"))
        assert history == [("in_progress", "kept"), ("planned", "in_progress")]
        assert made.updates.first().changed_by == colleague
        events = AuditEvent.objects.filter(object_type="decisions.Promise", action=AuditEvent.Action.UPDATE)
        assert [e.changes["status"] for e in events] == [["in_progress", "kept"], ["planned", "in_progress"]]

    def test_kept_on_may_be_given_but_not_in_the_future(self, colleague, org, today) -> None:
        made = promise(colleague, org)
        with pytest.raises(ValidationError) as caught:
            change(colleague, made, "kept", kept_on=today + dt.timedelta(days=1))
        assert "kept_on" in caught.value.message_dict
        change(colleague, made, "kept", kept_on=today - dt.timedelta(days=2))
        assert Promise.objects.get().kept_on == today - dt.timedelta(days=2)

    def test_reopening_clears_the_kept_date_and_an_old_reason(self, colleague, org) -> None:
        made = promise(colleague, org)
        change(colleague, made, "kept")
        change(colleague, made, "changed", explanation="We could only do it in term time.")
        change(colleague, made, "in_progress")
        made = Promise.objects.get()
        assert made.kept_on is None and made.public_explanation == ""

    def test_a_new_or_cleared_explanation_drops_its_old_translations(self, colleague, org) -> None:
        made = promise(colleague, org)
        change(colleague, made, "changed", explanation="We moved it to 11:00.")
        Promise.objects.filter(pk=made.pk).update(
            translations={"ar": {"public_explanation": "نقلناها", "text": "سننقل"}, "pl": {"public_explanation": "X"}}
        )
        change(colleague, Promise.objects.get(), "not_possible", explanation="The room closed for good.")
        made = Promise.objects.get()
        assert made.translated("public_explanation", "ar") == "The room closed for good."
        assert made.translations == {"ar": {"text": "سننقل"}}

        Promise.objects.filter(pk=made.pk).update(translations={"ar": {"public_explanation": "أغلقت"}})
        change(colleague, Promise.objects.get(), "in_progress")
        made = Promise.objects.get()
        assert made.public_explanation == "" and made.translations == {}

    def test_the_same_or_an_unknown_status_is_refused(self, colleague, org) -> None:
        made = promise(colleague, org)
        with pytest.raises(ValidationError) as caught:
            change(colleague, made, "planned")
        assert caught.value.message_dict["to_status"] == ["The promise is already ‘Planned’: choose another status"]
        with pytest.raises(ValidationError):
            change(colleague, made, "forgotten")

    def test_the_owner_may_change_their_own_promise_whatever_their_role(self, colleague, org) -> None:
        owner = make_member(org, "partner@example.org", Role.PARTNER)
        other_partner = make_member(org, "partner2@example.org", Role.PARTNER)
        made = promise(colleague, org, owner=owner)
        assert owner.has_perm("decisions.change_promise_status", made)
        assert not other_partner.has_perm("decisions.change_promise_status", made)
        with pytest.raises(ValidationError):
            change(other_partner, made, "in_progress")
        change(owner, made, "in_progress")
        assert Promise.objects.get().status == "in_progress"

    def test_an_owner_who_left_the_organisation_no_longer_may(self, colleague, org) -> None:
        owner = make_member(org, "leaver@example.org", Role.VIEWER)
        made = promise(colleague, org, owner=owner)
        owner.memberships.all().delete()
        owner = type(owner).objects.get(pk=owner.pk)
        assert not owner.has_perm("decisions.change_promise_status", made)

    def test_a_stranger_cannot_change_it(self, colleague, org, stranger) -> None:
        made = promise(colleague, org)
        with pytest.raises(ValidationError):
            change(stranger, made, "kept")

    def test_the_database_keeps_the_rules_too(self, colleague, org) -> None:
        made = promise(colleague, org)
        with pytest.raises(IntegrityError), transaction.atomic():
            Promise.objects.filter(pk=made.pk).update(status="changed")
        with pytest.raises(IntegrityError), transaction.atomic():
            Promise.objects.filter(pk=made.pk).update(status="kept")
        with pytest.raises(IntegrityError), transaction.atomic():
            Promise.objects.filter(pk=made.pk).update(kept_on=timezone.localdate())


def test_overdue_promises_and_the_follow_through_figures(colleague, org, today) -> None:
    soon = today + dt.timedelta(days=1)
    on_time = promise(colleague, org, due_date=soon)
    change(colleague, on_time, "kept")
    late = promise(colleague, org, due_date=soon)
    overdue = promise(colleague, org, due_date=soon)
    not_yet = promise(colleague, org, due_date=soon)
    promise(colleague, org)  # no due date
    # Time passes: two are now past their due date.
    Promise.objects.filter(pk__in=[late.pk, overdue.pk]).update(due_date=today - dt.timedelta(days=3))
    change(colleague, late, "kept")
    promises = Promise.objects.for_organisation(org)
    assert list(promises.overdue(today)) == [overdue]
    assert not Promise.objects.get(pk=not_yet.pk).is_overdue(today)
    assert Promise.objects.get(pk=overdue.pk).is_overdue(today)
    figures = follow_through(promises.as_records(), today)
    assert (figures.kept_on_time, figures.kept_late, figures.open, figures.overdue) == (1, 1, 3, 1)
    assert figures.sentence == "1 of your 3 promises with a due date so far was kept on time."
