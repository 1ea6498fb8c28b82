"""School holidays: the organisation's term dates (add, change, remove), bad input, who may change them, another
organisation's holidays, and the bank holidays shown beside them (the package's own copy, never the network)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.engagement.models import SchoolHoliday
from coproduce.engagement.services.holidays import bank_holidays_between
from coproduce.organisations.models import Role
from tests.cast import client_for, make_member

LIST = reverse("engagement:holiday_list")
CREATE = reverse("engagement:holiday_create")


def url(name: str, holiday: SchoolHoliday) -> str:
    return reverse(f"engagement:{name}", kwargs={"holiday_id": holiday.pk})


def dates(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def half_term(org) -> SchoolHoliday:
    return SchoolHoliday.objects.create(
        organisation=org, name="February half term", starts_on=dt.date(2027, 2, 15), ends_on=dt.date(2027, 2, 19)
    )


def test_bank_holidays_come_from_the_packaged_list() -> None:
    found = bank_holidays_between(dt.date(2026, 12, 1), dt.date(2027, 1, 31))
    assert found == {
        dt.date(2026, 12, 25): "Christmas Day",
        dt.date(2026, 12, 28): "Boxing Day",
        dt.date(2027, 1, 1): "New Year’s Day",
    }


def test_bank_holidays_never_touch_the_network(monkeypatch) -> None:
    import requests

    from coproduce.engagement.services import holidays

    def refuse(*args, **kwargs):
        raise AssertionError("tried the network")

    monkeypatch.setattr(requests, "get", refuse)
    holidays._bank_holidays.cache_clear()
    assert dt.date(2027, 3, 26) in holidays.bank_holidays_between(dt.date(2027, 3, 1), dt.date(2027, 4, 30))


class TestTermDates:
    def test_a_lead_adds_one(self, lead) -> None:
        data = {
            "name": "Easter holidays",
            **dates("starts_on", dt.date(2027, 3, 29)),
            **dates("ends_on", dt.date(2027, 4, 9)),
        }
        response = client_for(lead).post(CREATE, data)
        assert response.status_code == 302 and response["Location"] == LIST
        holiday = SchoolHoliday.objects.get()
        assert (holiday.name, holiday.starts_on, holiday.ends_on) == (
            "Easter holidays",
            dt.date(2027, 3, 29),
            dt.date(2027, 4, 9),
        )
        assert AuditEvent.objects.get(object_id=str(holiday.pk)).changes == {"fields": ["name", "starts_on", "ends_on"]}

    def test_the_list_shows_term_dates_and_bank_holidays(self, lead, half_term) -> None:
        page = client_for(lead).get(LIST).content.decode()
        assert "February half term" in page and "Monday 15 February 2027" in page
        assert "Bank holidays in England and Wales" in page

    def test_a_lead_changes_and_removes_one(self, lead, half_term) -> None:
        client = client_for(lead)
        form = client.get(url("holiday_edit", half_term)).content.decode()
        assert 'name="starts_on_day"' in form and 'value="15"' in form
        data = {
            "name": "Feb half term",
            **dates("starts_on", dt.date(2027, 2, 15)),
            **dates("ends_on", dt.date(2027, 2, 22)),
        }
        assert client.post(url("holiday_edit", half_term), data).status_code == 302
        half_term.refresh_from_db()
        assert half_term.ends_on == dt.date(2027, 2, 22) and half_term.name == "Feb half term"
        assert "Remove Feb half term?" in client.get(url("holiday_delete", half_term)).content.decode()
        assert client.post(url("holiday_delete", half_term)).status_code == 302
        assert not SchoolHoliday.objects.exists()
        assert AuditEvent.objects.filter(action="delete", object_id=str(half_term.pk)).exists()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": ""}, "Enter a name for the holiday, for example October half term"),
            ({"ends_on_day": "14"}, "The last day must be the same as or after the first day"),
            ({"ends_on_month": "6"}, "A school holiday is at most 10 weeks long"),
            ({"starts_on_day": "30"}, "First day must be a real date"),
            ({"starts_on_month": ""}, "First day must include a month"),
            ({"ends_on_day": "", "ends_on_month": "", "ends_on_year": ""}, "Enter last day"),
        ],
    )
    def test_bad_input_is_explained_and_nothing_is_saved(self, lead, data, message) -> None:
        full = {
            "name": "Half term",
            **dates("starts_on", dt.date(2027, 2, 15)),
            **dates("ends_on", dt.date(2027, 2, 19)),
            **data,
        }
        response = client_for(lead).post(CREATE, full)
        assert response.status_code == 200 and message in response.content.decode()
        assert not SchoolHoliday.objects.exists()


class TestWhoMayDoWhat:
    @pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER, Role.PARTNER])
    def test_only_admins_and_leads_change_term_dates(self, org, half_term, role) -> None:
        client = client_for(make_member(org, f"{role}@example.org", role))
        page = client.get(LIST)
        assert page.status_code == 200 and "February half term" in page.content.decode()
        assert "Add a school holiday" not in page.content.decode()
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"name": "x"}).status_code == 403
        assert client.post(url("holiday_edit", half_term), {"name": "x"}).status_code == 403
        assert client.post(url("holiday_delete", half_term)).status_code == 403
        assert SchoolHoliday.objects.get().name == "February half term"

    def test_another_organisations_holiday_is_404(self, admin, other_org) -> None:
        theirs = SchoolHoliday.objects.create(
            organisation=other_org, name="Southby break", starts_on=dt.date(2027, 2, 15), ends_on=dt.date(2027, 2, 19)
        )
        client = client_for(admin)
        for name in ("holiday_edit", "holiday_delete"):
            assert client.get(url(name, theirs)).status_code == 404
            assert client.post(url(name, theirs), {"name": "x"}).status_code == 404
        assert SchoolHoliday.objects.get().name == "Southby break"
        assert "Southby break" not in client.get(LIST).content.decode()
