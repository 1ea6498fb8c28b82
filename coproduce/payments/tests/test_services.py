"""The rules of a payment line's life, and honoraria from attendance: in the services, so every page and the demo
follow them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Attendance
from coproduce.payments import services
from coproduce.payments.models import PaymentLine, PaymentPolicy
from coproduce.payments.tests.conftest import make_line

TODAY = timezone.localdate


class TestPolicy:
    def test_it_is_created_then_changed_and_audited_by_field_name(self, org, lead) -> None:
        policy = services.policy_save(actor=lead, organisation=org, rate_pence=1500)
        assert (policy.basis, policy.rate_pence, policy.offers_voucher) == ("hour", 1500, True)
        assert "Universal Credit" in policy.benefits_note and "0800 144 8848" in policy.advice_signposting
        services.policy_save(actor=lead, organisation=org, rate_pence=1800, offers_cash=True)
        assert PaymentPolicy.objects.count() == 1
        changes = AuditEvent.objects.filter(object_type="payments.PaymentPolicy").order_by("created_at")
        assert changes.last().changes == {"fields": ["offers_cash", "rate_pence"]}

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"rate_pence": 0}, "rate_pence", "Enter the rate in pounds and pence"),
            ({"rate_pence": -1}, "rate_pence", "Enter the rate in pounds and pence"),
            (
                {"rate_pence": 100, "offers_voucher": False, "offers_bank_transfer": False},
                "methods",
                "Choose at least one way you pay people",
            ),
            ({"rate_pence": 100, "benefits_note": "  "}, "benefits_note", "Say how payments can affect benefits"),
            ({"rate_pence": 100, "advice_signposting": ""}, "advice_signposting", "Say where people can get advice"),
            ({"basis": "day", "rate_pence": 100}, "basis", "Choose how people are paid for their time"),
        ],
    )
    def test_bad_policies_are_refused(self, org, lead, fields, field, message) -> None:
        with pytest.raises(ValidationError) as caught:
            services.policy_save(actor=lead, organisation=org, **fields)
        assert message in " ".join(caught.value.message_dict[field])
        assert not PaymentPolicy.objects.exists()

    def test_no_pay_for_time_stores_no_rate(self, org, lead) -> None:
        policy = services.policy_save(actor=lead, organisation=org, basis="none", rate_pence=999)
        assert policy.rate_pence == 0


class TestHonoraria:
    def test_one_line_per_attendance_by_hour_and_by_session(self, org, activity, came, policy, lead) -> None:
        Attendance.objects.filter(pk=came[1].pk).update(hours=Decimal("1.25"))
        came[1].refresh_from_db()
        counts = services.honoraria_sync(activity=activity, attendances=came, actor=lead)
        assert counts == {"created": 2, "updated": 0, "cancelled": 0}
        assert sorted(PaymentLine.objects.values_list("amount_pence", flat=True)) == [1875, 3000]
        line = PaymentLine.objects.get(attendance=came[0])
        assert line.description == "Time at Feeding workshop (2.00 hours at £15.00 an hour)"
        PaymentPolicy.objects.update(basis="session", rate_pence=2500)
        services.honoraria_sync(activity=activity, attendances=came, actor=lead)
        assert sorted(PaymentLine.objects.values_list("amount_pence", flat=True)) == [2500, 2500]
        assert PaymentLine.objects.count() == 2

    def test_nothing_for_time_when_the_policy_does_not_pay_for_it(self, activity, came, policy, lead) -> None:
        PaymentPolicy.objects.update(basis="none", rate_pence=0)
        services.honoraria_sync(activity=activity, attendances=came, actor=lead)
        assert not PaymentLine.objects.exists()

    def test_a_new_amount_clears_the_acceptance_and_a_paid_line_never_changes(
        self, activity, came, policy, lead
    ) -> None:
        services.honoraria_sync(activity=activity, attendances=came, actor=lead)
        accepted, paid = (PaymentLine.objects.get(attendance=attendance) for attendance in came)
        for line in (accepted, paid):
            services.line_benefits_note_shown(actor=lead, line=line)
        services.line_mark_paid(actor=lead, line=paid, paid_on=TODAY(), method="voucher")
        services.honoraria_sync(activity=activity, attendances=came, actor=lead)  # nothing changed
        accepted.refresh_from_db()
        assert accepted.benefits_note_shown_at is not None
        Attendance.objects.update(hours=Decimal("1.00"))
        for attendance in came:
            attendance.refresh_from_db()
        services.honoraria_sync(activity=activity, attendances=came, actor=lead)
        accepted.refresh_from_db()
        paid.refresh_from_db()
        assert (accepted.amount_pence, accepted.benefits_note_shown_at) == (1500, None)
        assert (paid.amount_pence, paid.status) == (3000, "paid") and paid.benefits_note_shown_at is not None


class TestALinesLife:
    def test_accepting_then_paying_a_payment_for_time(self, activity, aisha, policy, lead) -> None:
        line = make_line(activity, aisha)
        with pytest.raises(ValidationError, match="note on how payments can affect benefits"):
            services.line_mark_paid(actor=lead, line=line, paid_on=TODAY(), method="voucher")
        services.line_benefits_note_shown(actor=lead, line=line)
        line = services.line_mark_paid(actor=lead, line=line, paid_on=TODAY(), method="voucher")
        assert (line.status, line.method, line.paid_on) == ("paid", "voucher", TODAY())
        assert line.benefits_note_shown_at is not None
        audit = AuditEvent.objects.filter(object_id=str(line.pk)).order_by("created_at").last()
        assert audit.changes == {"fields": ["status", "paid_on", "method"]}

    def test_paying_needs_a_method_the_policy_offers_and_a_date_not_in_the_future(
        self, activity, aisha, policy, lead
    ) -> None:
        line = make_line(activity, aisha, benefits_note_shown_at=timezone.now())
        with pytest.raises(ValidationError) as caught:
            services.line_mark_paid(actor=lead, line=line, paid_on=TODAY() + dt.timedelta(days=1), method="cash")
        assert caught.value.message_dict == {
            "method": ["Choose a way of paying that your payment policy offers"],
            "paid_on": ["The date it was paid must be today or in the past"],
        }
        line.refresh_from_db()
        assert line.status == "due"

    def test_an_expense_needs_its_receipt_when_the_policy_says_so(self, activity, aisha, policy, lead) -> None:
        line = services.expense_add(
            actor=lead, person=aisha, project=activity.project, activity=activity, kind="travel", amount_pence=460
        )
        with pytest.raises(ValidationError, match="needs a receipt"):
            services.line_mark_paid(actor=lead, line=line, paid_on=TODAY(), method="bank_transfer")
        with pytest.raises(ValidationError) as caught:
            services.line_record_receipt(actor=lead, line=line, receipt_received=True, receipt_reference=" ")
        assert "receipt_reference" in caught.value.message_dict
        services.line_record_receipt(actor=lead, line=line, receipt_received=True, receipt_reference="BUS-1")
        line = services.line_mark_paid(actor=lead, line=line, paid_on=TODAY(), method="bank_transfer")
        assert line.status == "paid" and line.receipt_reference == "BUS-1"
        PaymentPolicy.objects.update(receipts_needed=False)
        other = services.expense_add(
            actor=lead, person=aisha, project=activity.project, kind="other_expense", amount_pence=100
        )
        assert services.line_mark_paid(actor=lead, line=other, paid_on=TODAY(), method="voucher").status == "paid"

    def test_declining_keeps_the_line_apart_and_it_can_be_put_back(self, activity, aisha, policy, lead) -> None:
        line = make_line(activity, aisha, benefits_note_shown_at=timezone.now())
        services.line_decline(actor=lead, line=line)
        line.refresh_from_db()
        assert line.status == "declined"
        with pytest.raises(ValidationError, match="Only a payment still to pay"):
            services.line_mark_paid(actor=lead, line=line, paid_on=TODAY(), method="voucher")
        line = services.line_reinstate(actor=lead, line=line)
        assert line.status == "due" and line.benefits_note_shown_at is None

    def test_expenses_follow_the_policy(self, activity, aisha, policy, lead, other_org) -> None:
        PaymentPolicy.objects.update(pays_travel=False)
        with pytest.raises(ValidationError) as caught:
            services.expense_add(actor=lead, person=aisha, project=activity.project, kind="travel", amount_pence=0)
        assert caught.value.message_dict == {
            "kind": ["Your payment policy does not pay travel costs"],
            "amount_pence": ["Enter an amount more than £0, like 4.60"],
        }
        assert not PaymentLine.objects.exists()

    def test_only_expenses_are_cancelled_and_only_honoraria_see_the_benefits_note(
        self, activity, aisha, policy, lead
    ) -> None:
        honorarium = make_line(activity, aisha)
        with pytest.raises(ValidationError, match="follows the register"):
            services.line_cancel(actor=lead, line=honorarium)
        expense = make_line(activity, aisha, kind="childcare", amount_pence=1200)
        with pytest.raises(ValidationError, match="for payments for time"):
            services.line_benefits_note_shown(actor=lead, line=expense)
        assert services.line_cancel(actor=lead, line=expense).status == "cancelled"
