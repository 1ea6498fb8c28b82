"""Retention: periods per kind of record, the dry run, applying it (anonymising inactive people, deleting expired
records) from the page, the command and the task."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import Consent, DataShare, DataSharingAgreement
from coproduce.core.models import AuditEvent
from coproduce.datarights import services
from coproduce.datarights.models import DataRightsRequest, RecordKind, RetentionPeriod
from coproduce.datarights.retention import months_before, retention_apply, retention_months, retention_plan
from coproduce.datarights.tasks import apply_retention_task
from coproduce.organisations.models import Role
from coproduce.peers.models import Referral, ReferralStatus
from coproduce.people.models import Person, PersonImport
from coproduce.safeguarding.models import ConcernNote, SafeguardingConcern
from coproduce.stakeholders.models import Partner
from tests.cast import client_for, make_member

PAGE = reverse("datarights:retention")
TODAY = dt.date(2027, 6, 15)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 6, 15), 1, dt.date(2027, 5, 15)),
        (dt.date(2027, 3, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 3, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2027, 1, 10), 13, dt.date(2025, 12, 10)),
        (dt.date(2027, 6, 15), 72, dt.date(2021, 6, 15)),
    ],
)
def test_months_before(day, months, expected) -> None:
    assert months_before(day, months) == expected


def test_periods_are_the_defaults_until_the_organisation_sets_its_own(org) -> None:
    assert retention_months(org)[RecordKind.INACTIVE_PEOPLE] == 36
    RetentionPeriod.objects.create(organisation=org, kind=RecordKind.INACTIVE_PEOPLE, months=12)
    months = retention_months(org)
    assert (months["inactive_people"], months["closed_concerns"]) == (12, 72)


@pytest.fixture
def records(org, other_org, colleague, dpo):
    """For each kind, one record just past its period (goes) and one just inside it (stays); plus people kept
    whatever their age: one with an open safeguarding concern, one already erased, and another organisation's."""
    old, recent = {}, {}

    def person(name: str, last_active: dt.date, organisation=org) -> Person:
        made = Person.objects.create(organisation=organisation, full_name=name, email=f"{name.lower()}@example.net")
        Person.objects.filter(pk=made.pk).update(last_active_at=_at(last_active))
        return made

    old["person"] = person("Inactive", dt.date(2024, 6, 14))
    recent["person"] = person("Active", dt.date(2024, 6, 16))
    guarded = person("Guarded", dt.date(2020, 1, 1))
    SafeguardingConcern.objects.create(organisation=org, person=guarded, raised_by=colleague, what_happened="x")
    already = person("Already", dt.date(2020, 1, 1))
    Person.objects.filter(pk=already.pk).update(erased_at=timezone.now())
    elsewhere = person("Elsewhere", dt.date(2020, 1, 1), other_org)

    for label, day in (("old", dt.date(2021, 6, 14)), ("recent", dt.date(2021, 6, 16))):
        concern = SafeguardingConcern.objects.create(
            organisation=org, person=recent["person"], raised_by=colleague, what_happened=label, status="closed"
        )
        ConcernNote.objects.create(organisation=org, concern=concern, author=colleague, text=label)
        SafeguardingConcern.objects.filter(pk=concern.pk).update(updated_at=_at(day))
        (old if label == "old" else recent)["concern"] = concern
    for label, day in (("old", dt.date(2025, 6, 14)), ("recent", dt.date(2025, 6, 16))):
        (old if label == "old" else recent)["request"] = DataRightsRequest.objects.create(
            organisation=org,
            person=recent["person"],
            kind="access",
            made_by="staff",
            received_on=day - dt.timedelta(days=10),
            status="completed",
            completed_on=day,
        )
    for purpose, status, day in (
        ("photos", "withdrawn", dt.date(2025, 6, 14)),
        ("panel", "refused", dt.date(2025, 6, 14)),
        ("contact", "withdrawn", dt.date(2025, 6, 16)),
    ):
        Consent.objects.create(
            organisation=org,
            person=recent["person"],
            purpose=purpose,
            status=status,
            method="online",
            answered_at=_at(day),
            withdrawn_at=_at(day) if status == "withdrawn" else None,
        )
    Consent.objects.create(
        organisation=org,
        person=recent["person"],
        purpose="quote_anonymously",
        status="given",
        method="online",
        answered_at=_at(dt.date(2010, 1, 1)),
    )
    partner = Partner.objects.create(organisation=org, name="Partner", kind="charity")
    agreement = DataSharingAgreement.objects.create(
        organisation=org, partner=partner, purpose="p", data_shared="d", starts_on=TODAY, review_on=TODAY
    )
    for day in (dt.date(2021, 6, 14), dt.date(2021, 6, 16)):
        share = DataShare.objects.create(
            organisation=org, person=recent["person"], partner=partner, agreement=agreement, shared_by=colleague
        )
        DataShare.objects.filter(pk=share.pk).update(created_at=_at(day))
    for label, day in (("old", dt.date(2027, 5, 14)), ("recent", dt.date(2027, 5, 16))):
        upload = PersonImport.objects.create(organisation=org, uploaded_by=colleague, filename=f"{label}.csv")
        PersonImport.objects.filter(pk=upload.pk).update(created_at=_at(day))
    # Self-referrals for peer support closed without being linked to a person: 12 months from closing. A waiting
    # one and one linked to a person stay, however old.
    for label, day, person_, status in (
        ("old", dt.date(2026, 6, 14), None, ReferralStatus.CLOSED),
        ("recent", dt.date(2026, 6, 16), None, ReferralStatus.CLOSED),
        ("waiting", dt.date(2020, 1, 1), None, ReferralStatus.NEW),
        ("linked", dt.date(2020, 1, 1), recent["person"], ReferralStatus.CLOSED),
    ):
        referral = Referral.objects.create(
            organisation=org,
            person=person_,
            source="self",
            contact_name=label,
            help_with="h",
            consent=True,
            status=status,
        )
        Referral.objects.filter(pk=referral.pk).update(updated_at=_at(day))
    return {"old": old, "recent": recent, "guarded": guarded, "already": already, "elsewhere": elsewhere}


EXPECTED = {
    "inactive_people": 1,
    "closed_concerns": 1,
    "completed_requests": 1,
    "withdrawn_consents": 2,
    "data_shares": 1,
    "people_imports": 1,
    "closed_self_referrals": 1,
}


class TestPlanAndApply:
    def test_the_dry_run_counts_what_would_go_and_changes_nothing(self, org, records) -> None:
        plan = retention_plan(org, today=TODAY)
        assert {item.kind: item.count for item in plan} == EXPECTED
        inactive = plan[0]
        assert (inactive.kind, inactive.months, inactive.cut_off) == ("inactive_people", 36, dt.date(2024, 6, 15))
        assert inactive.what_happens == "People who have not taken part or been in touch (anonymised)"
        assert Person.objects.get(pk=records["old"]["person"].pk).erased_at is None
        assert not AuditEvent.objects.filter(action__in=["erase", "delete"]).exists()

    def test_applying_anonymises_inactive_people_and_deletes_expired_records(self, org, records, other_org) -> None:
        assert retention_apply(org, today=TODAY) == EXPECTED
        inactive = Person.objects.get(pk=records["old"]["person"].pk)
        assert (inactive.full_name, inactive.email) == ("Someone who took part", "")
        assert inactive.erased_at is not None
        for kept in (records["recent"]["person"], records["guarded"], records["elsewhere"]):
            kept.refresh_from_db()
            assert kept.erased_at is None and kept.email
        assert not SafeguardingConcern.objects.filter(pk=records["old"]["concern"].pk).exists()
        assert list(ConcernNote.objects.values_list("text", flat=True)) == ["recent"]
        assert list(DataRightsRequest.objects.values_list("pk", flat=True)) == [records["recent"]["request"].pk]
        assert sorted(Consent.objects.values_list("purpose", flat=True)) == ["contact", "quote_anonymously"]
        assert DataShare.objects.count() == 1
        assert list(PersonImport.objects.values_list("filename", flat=True)) == ["recent.csv"]
        assert sorted(Referral.objects.values_list("contact_name", flat=True)) == ["linked", "recent", "waiting"]
        # Nothing left to do the second time.
        assert set(retention_apply(org, today=TODAY).values()) == {0}

    def test_an_inactive_person_with_an_open_request_is_kept_until_it_is_answered(self, org, records) -> None:
        inactive = records["old"]["person"]
        request = DataRightsRequest.objects.create(
            organisation=org, person=inactive, kind="access", made_by="staff", received_on=TODAY
        )
        assert retention_apply(org, today=TODAY)["inactive_people"] == 0
        inactive.refresh_from_db()
        assert inactive.erased_at is None
        DataRightsRequest.objects.filter(pk=request.pk).update(status="completed", completed_on=TODAY)
        assert retention_apply(org, today=TODAY)["inactive_people"] == 1

    def test_each_kind_applied_is_audited_with_counts_only(self, org, records, dpo) -> None:
        retention_apply(org, actor=dpo, today=TODAY)
        lines = AuditEvent.objects.filter(object_type="datarights.RetentionPeriod")
        assert {line.changes["kind"]: line.changes["count"] for line in lines} == EXPECTED
        consents = lines.get(changes__kind="withdrawn_consents")
        assert consents.action == "delete" and consents.actor == dpo
        assert consents.changes == {"kind": "withdrawn_consents", "count": 2, "cut_off": "2025-06-15", "months": 24}
        assert lines.get(changes__kind="inactive_people").action == "erase"
        # The person erased has their own ERASE line too, naming them by reference only.
        erased = records["old"]["person"]
        assert AuditEvent.objects.get(action="erase", object_id=str(erased.pk)).object_label == erased.audit_label

    def test_the_organisations_own_periods_apply(self, org, records) -> None:
        RetentionPeriod.objects.create(organisation=org, kind=RecordKind.INACTIVE_PEOPLE, months=120)
        RetentionPeriod.objects.create(organisation=org, kind=RecordKind.PEOPLE_IMPORTS, months=2)
        done = retention_apply(org, today=TODAY)
        assert (done["inactive_people"], done["people_imports"]) == (0, 0)


class TestPage:
    def test_it_shows_the_dry_run_and_the_periods(self, dpo_client, org, records) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "localdate", lambda *args: TODAY)
            body = dpo_client.get(PAGE).content.decode()
        assert "What would happen today" in body
        assert "Withdrawn or refused consents (deleted)" in body
        assert "15 June 2024" in body
        assert 'name="inactive_people" value="36"' in body
        assert "Apply now" in body

    def test_saving_periods_is_audited(self, dpo_client, dpo, org) -> None:
        data = {kind.value: 24 for kind in RecordKind} | {"action": "save", "inactive_people": "18"}
        response = dpo_client.post(PAGE, data)
        assert response.status_code == 302
        assert retention_months(org)["inactive_people"] == 18
        event = AuditEvent.objects.get(object_type="datarights.RetentionPeriod", action="update")
        assert event.changes == {
            "inactive_people": ["36", "18"],
            "closed_concerns": ["72", "24"],
            "data_shares": ["72", "24"],
            "people_imports": ["1", "24"],
            "closed_self_referrals": ["12", "24"],
        }

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "Enter how many months to keep people who"),
            ("0", "Keep records for at least 1 month"),
            ("x", "Enter a whole number of months"),
        ],
    )
    def test_each_period_is_checked(self, dpo_client, org, value, message) -> None:
        data = {kind.value: 24 for kind in RecordKind} | {"action": "save", "inactive_people": value}
        page = dpo_client.post(PAGE, data)
        assert page.status_code == 200
        assert message in page.content.decode()
        assert not RetentionPeriod.objects.exists()

    def test_applying_needs_a_confirmation(self, dpo_client, dpo, org) -> None:
        person = Person.objects.create(organisation=org, full_name="Long Gone")
        Person.objects.filter(pk=person.pk).update(last_active_at=timezone.now() - dt.timedelta(days=365 * 4))
        page = dpo_client.get(f"{PAGE}?confirm=apply").content.decode()
        assert "Apply retention now?" in page
        assert "This cannot be undone." in page
        assert "People who have not taken part or been in touch (anonymised): 1" in page
        person.refresh_from_db()
        assert person.erased_at is None
        response = dpo_client.post(PAGE, {"action": "apply"})
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.full_name == "Someone who took part"
        assert AuditEvent.objects.get(object_type="datarights.RetentionPeriod").actor == dpo

    @pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.VIEWER])
    def test_only_the_data_protection_officer_manages_retention(self, org, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"action": "apply"}).status_code == 403


class TestCommandAndTask:
    def test_the_dry_run_prints_the_plan_for_each_organisation(self, org, other_org, records) -> None:
        out = io.StringIO()
        call_command("apply_retention", "--dry-run", "--today=2027-06-15", stdout=out)
        text = out.getvalue()
        assert "Northby Family Hubs (northby), dry run: nothing is changed" in text
        assert "Southby Family Hubs (southby)" in text
        assert "People who have not taken part or been in touch (anonymised): 1 older than 2024-06-15" in text
        assert Person.objects.filter(erased_at__isnull=False).count() == 1  # only the one erased before

    def test_it_applies_for_one_organisation(self, org, other_org, records) -> None:
        out = io.StringIO()
        call_command("apply_retention", "--organisation=southby", "--today=2027-06-15", stdout=out)
        assert "Southby Family Hubs (southby)" in out.getvalue() and "northby" not in out.getvalue()
        assert Person.objects.get(pk=records["elsewhere"].pk).erased_at is not None
        assert Person.objects.get(pk=records["old"]["person"].pk).erased_at is None
        out = io.StringIO()
        call_command("apply_retention", "--today=2027-06-15", stdout=out)
        assert "Retention applied: 8 records." in out.getvalue()
        assert "Withdrawn or refused consents (deleted): 2" in out.getvalue()

    def test_bad_arguments_are_refused(self, org) -> None:
        with pytest.raises(CommandError, match="No organisation"):
            call_command("apply_retention", "--organisation=nowhere")
        with pytest.raises(CommandError, match="--today must be a date"):
            call_command("apply_retention", "--today=soon")

    def test_the_command_can_enqueue_the_task(self, org, records) -> None:
        out = io.StringIO()
        call_command("apply_retention", "--enqueue", "--today=2027-06-15", stdout=out)
        assert "Queued retention" in out.getvalue()
        # Tasks run at once in tests.
        assert Person.objects.get(pk=records["old"]["person"].pk).erased_at is not None

    def test_the_task_returns_what_it_did(self, org, other_org, records) -> None:
        result = apply_retention_task.call(today="2027-06-15")
        assert result["northby"] == EXPECTED
        assert result["southby"]["inactive_people"] == 1

    def test_services_refuse_a_period_under_a_month(self, org, dpo) -> None:
        with pytest.raises(Exception, match="at least 1 month"):
            services.retention_periods_save(actor=dpo, organisation=org, months={"inactive_people": 0})
