"""The data rights section of the person page: for the data protection officer only, with the links and the
person's open requests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coproduce.datarights.models import DataRightsRequest
from coproduce.organisations.models import Role
from tests.cast import make_member


def _render(user, person, org) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.organisation = org
    return render_to_string(
        "datarights/_person_section.html", {"person": person, "user": user, "organisation": org}, request=request
    )


def test_the_dpo_sees_the_links_and_open_requests(org, dpo, person, access_request, today) -> None:
    DataRightsRequest.objects.create(
        organisation=org, person=person, kind="erasure", made_by="staff", received_on=today, status="completed"
    )
    html = _render(dpo, person, org)
    assert "Data rights" in html
    assert reverse("datarights:person_export", kwargs={"person_id": person.pk}) in html
    assert f"{reverse('datarights:request_create')}?person={person.pk}" in html
    assert reverse("datarights:person_erase", kwargs={"person_id": person.pk}) in html
    assert reverse("datarights:request_detail", kwargs={"rights_request_id": access_request.pk}) in html
    assert "A copy of their information (subject access)" in html
    assert "days left" in html
    assert "Delete their information" not in html  # completed, so not listed


def test_an_overdue_request_is_tagged(org, dpo, person) -> None:
    DataRightsRequest.objects.create(
        organisation=org,
        person=person,
        kind="access",
        made_by="staff",
        received_on=timezone.localdate() - dt.timedelta(days=45),
    )
    assert "Overdue by" in _render(dpo, person, org)


def test_an_erased_person_has_no_erase_link(org, dpo, person) -> None:
    person.erased_at = timezone.now()
    html = _render(dpo, person, org)
    assert reverse("datarights:person_erase", kwargs={"person_id": person.pk}) not in html
    assert "Their information was erased on" in html
    assert "No open data rights requests" in html


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.VIEWER])
def test_nobody_else_sees_it(org, person, access_request, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    assert _render(user, person, org).strip() == ""
