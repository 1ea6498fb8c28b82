"""The learning landing page: what is due for me (my induction, my training running out), the links to everything
(communities of practice included), setting up with the suggestions, the navigation item, and the demo data."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from coproduce.learning import services
from coproduce.learning.demo import seed_demo_learning
from coproduce.learning.models import (
    Completion,
    Course,
    InductionItem,
    OrganisationGuidance,
    ReflectionEntry,
    ReflectionPrompt,
)
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from tests.cast import client_for, make_member


def test_the_landing_page_shows_what_is_due_for_me(org, lead, colleague, colleague_client, today) -> None:
    services.learning_set_up(actor=lead, organisation=org)
    safeguarding = Course.objects.get(organisation=org, suggested_key="safeguarding")
    Completion.objects.create(
        organisation=org,
        course=safeguarding,
        user=colleague,
        completed_on=today - dt.timedelta(days=700),
        expires_on=today + dt.timedelta(days=20),
    )
    page = colleague_client.get(reverse("learning:home")).content.decode()
    assert "Safeguarding" in page and "Due soon" in page
    staff_items = InductionItem.objects.for_organisation(org).for_audience("staff").count()
    assert f"You have covered 0 of {staff_items} items." in page
    for name in ("course_list", "matrix", "induction", "reflection_list", "reflection_shared"):
        assert reverse(f"learning:{name}") in page
    assert reverse("communities:community_list") in page


def test_the_landing_page_hides_what_a_role_cannot_use(org) -> None:
    partner = client_for(make_member(org, "partner@example.org", Role.PARTNER))
    page = partner.get(reverse("learning:home")).content.decode()
    assert reverse("learning:course_list") in page
    assert reverse("learning:matrix") not in page and reverse("learning:reflection_list") not in page


def test_a_lead_sets_up_learning_with_one_button(org, lead_client) -> None:
    assert "Add the suggestions" in lead_client.get(reverse("learning:home")).content.decode()
    lead_client.post(reverse("learning:set_up"))
    assert Course.objects.for_organisation(org).count() == 6
    assert InductionItem.objects.for_organisation(org).count() == 8
    assert ReflectionPrompt.objects.for_organisation(org).count() == 4
    assert OrganisationGuidance.objects.for_organisation(org).count() == 1
    assert "Add the suggestions" not in lead_client.get(reverse("learning:home")).content.decode()


def test_staff_cannot_set_up(colleague_client, org) -> None:
    assert colleague_client.post(reverse("learning:set_up")).status_code == 403
    assert not Course.objects.exists()


def test_learning_is_in_the_navigation_for_every_member(org) -> None:
    for role in Role.values:
        member = client_for(make_member(org, f"{role}@example.org", role))
        response = member.get(reverse("learning:home"))
        assert response.status_code == 200
        assert {"text": "Learning", "href": "/learning/", "current": True} in response.context["nav_items"]


def test_the_demo_data(org, lead, colleague, admin) -> None:
    for n in range(6):
        Person.objects.create(organisation=org, full_name=f"Parent {n}")
    seed_demo_learning(org)
    seed_demo_learning(org)  # a second run does nothing
    assert Course.objects.for_organisation(org).count() == 6
    today = dt.date.today()
    expiring = Completion.objects.for_organisation(org).filter(expires_on__range=(today, today + dt.timedelta(60)))
    assert expiring.filter(user=colleague).exists() and expiring.filter(person__isnull=False).exists()
    assert Completion.objects.filter(user=lead, expires_on__lt=today).exists()
    entries = ReflectionEntry.objects.filter(author=lead)
    assert entries.count() == 2 and entries.filter(shared_at__isnull=False).count() == 1


def test_the_status_is_said_once_on_the_landing_page_and_the_course(org, lead, colleague, today) -> None:
    course = Course.objects.create(organisation=org, name="Safeguarding", valid_for_months=24)
    Completion.objects.create(
        organisation=org,
        course=course,
        user=colleague,
        completed_on=today - dt.timedelta(days=700),
        expires_on=today + dt.timedelta(days=20),
    )
    for user, url in (
        (colleague, reverse("learning:home")),
        (lead, reverse("learning:course_detail", kwargs={"course_id": course.pk})),
    ):
        page = client_for(user).get(url).content.decode()
        assert page.count("Due soon") == 1 and "expires " in page
