"""The public site's pages: every page for a real organisation and 404 for an unknown one, no sign-in needed, the
layout (navigation, languages, footer), activities (public ones only, never the joining details), the glossary,
the accessibility statement, and the cache headers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.commitments.models import DefinitionVersion
from coproduce.engagement.models import Activity
from coproduce.public.tests.conftest import make_activity
from coproduce.publishing.models import GlossaryTerm
from tests.cast import client_for

SLUG_ONLY = [
    "home",
    "get_involved",
    "activity_list",
    "you_said",
    "you_said_json",
    "you_said_atom",
    "win_list",
    "offer_list",
    "glossary",
    "accessibility",
]


def url(name: str, slug: str = "northby", **kwargs) -> str:
    return reverse(f"public:{name}", kwargs={"organisation_slug": slug, **kwargs})


@pytest.mark.parametrize("name", SLUG_ONLY)
def test_every_page_works_without_signing_in(name, org, site) -> None:
    assert Client().get(url(name)).status_code == 200


@pytest.mark.parametrize("name", SLUG_ONLY)
def test_every_page_works_before_the_public_site_is_set_up(name, org) -> None:
    assert Client().get(url(name)).status_code == 200


@pytest.mark.parametrize("name", SLUG_ONLY)
def test_an_unknown_organisation_is_404(name, org) -> None:
    assert Client().get(url(name, slug="nowhere")).status_code == 404


def test_pages_with_an_object_are_404_for_an_unknown_organisation(public_activity) -> None:
    assert Client().get(url("activity_detail", "nowhere", activity_id=public_activity.pk)).status_code == 404
    assert Client().get(url("activity_ics", "nowhere", activity_id=public_activity.pk)).status_code == 404


class TestLayout:
    def test_it_has_the_organisations_name_navigation_and_footer(self, org, site) -> None:
        html = Client().get(url("get_involved")).content.decode()
        assert "Northby Family Hubs" in html
        for text in ("Home", "Get involved", "What’s on", "You said, we did", "Wins", "Our offers", "Glossary"):
            assert f">{text}<" in html, text
        assert f'href="{reverse("newsletter:signup", args=["northby"])}"' in html
        assert 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Get involved' in html
        assert f'href="{url("accessibility")}"' in html
        assert f'href="{reverse("commitments:public", args=["northby"])}"' in html
        assert "Privacy notice" in html

    def test_a_signed_in_member_sees_the_same_page(self, org, site, admin) -> None:
        anonymous = Client().get(url("home")).content
        member = client_for(admin).get(url("home")).content
        assert anonymous == member
        assert b"Your account" not in member

    def test_the_language_switcher_lists_the_sites_languages_in_their_own_language(self, org, site) -> None:
        html = Client().get(url("home")).content.decode()
        assert 'lang="ar" hreflang="ar" dir="rtl">العربية</a>' in html
        assert f'href="{url("home")}?lang=pl" rel="alternate" lang="pl" hreflang="pl">Polski</a>' in html
        assert 'aria-current="true" lang="en">English' in html

    def test_no_switcher_without_languages(self, org) -> None:
        assert b"govuk-language-navigation" not in Client().get(url("home")).content

    def test_the_chosen_language_is_kept_in_the_navigation(self, org, site) -> None:
        html = Client().get(url("home") + "?lang=pl").content.decode()
        assert f'href="{url("glossary")}?lang=pl"' in html
        assert 'aria-current="true" lang="pl">Polski' in html

    def test_the_switcher_keeps_the_pages_other_parameters(self, org, site) -> None:
        html = Client().get(url("you_said") + "?status=kept&lang=pl&page=2").content.decode()
        assert f'href="{url("you_said")}?status=kept&amp;page=2&amp;lang=ar" rel="alternate" lang="ar"' in html
        assert f'href="{url("you_said")}?status=kept&amp;page=2" rel="alternate" lang="en"' in html
        assert "lang=pl&amp;lang" not in html

    def test_a_language_the_site_does_not_offer_is_ignored(self, org, site) -> None:
        html = Client().get(url("home") + "?lang=de").content.decode()
        assert 'aria-current="true" lang="en">English' in html

    def test_it_needs_no_javascript_of_its_own_and_stays_small(self, org, site, public_activity) -> None:
        html = Client().get(url("home")).content.decode()
        assert html.count("<script") == 2  # only the layout's own: the js-enabled class and GOV.UK Frontend
        assert "<form" not in html and "csrfmiddlewaretoken" not in html
        assert len(html.encode()) < 20_000


class TestCaching:
    def test_public_pages_are_cacheable_by_anyone(self, org, site) -> None:
        response = Client().get(url("home"))
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert response.has_header("ETag")

    def test_even_for_a_signed_in_member(self, org, site, admin) -> None:
        response = client_for(admin).get(url("you_said"))
        assert "public" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies

    def test_a_conditional_get_is_answered_with_304(self, org, site) -> None:
        client = Client()
        etag = client.get(url("glossary"))["ETag"]
        assert client.get(url("glossary"), headers={"if-none-match": etag}).status_code == 304

    def test_a_page_that_sets_a_cookie_is_never_public(self, rf, org) -> None:
        from django.http import HttpResponse

        from coproduce.public.http import make_cacheable

        request = rf.get("/")
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        response = make_cacheable(request, HttpResponse("form"))
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        with_cookie = HttpResponse("x")
        with_cookie.set_cookie("a", "b")
        assert "no-store" in make_cacheable(rf.get("/"), with_cookie)["Cache-Control"]

    def test_posting_is_refused(self, org) -> None:
        assert Client().post(url("home")).status_code == 405


class TestHome:
    def test_it_shows_the_definition_whats_on_and_how_to_take_part(self, org, site, public_activity, lead) -> None:
        DefinitionVersion.objects.create(
            organisation=org,
            number=1,
            text="Co-production means we decide together.\n\nSecond paragraph.",
            status=DefinitionVersion.Status.ADOPTED,
            adopted_on=timezone.localdate(),
        )
        html = Client().get(url("home")).content.decode()
        assert "Co-production means we decide together." in html and "Second paragraph." not in html
        assert "Design the feeding cafe" in html
        assert "Everyone who looks after a child in Northby is welcome." in html
        assert "together@northby.example.org" in html
        assert reverse("newsletter:signup", args=["northby"]) in html

    def test_it_shows_only_the_next_three_public_activities(self, org, site, project) -> None:
        for day in range(1, 6):
            make_activity(org, project, starts_in_days=day, title=f"Session {day}")
        make_activity(org, project, starts_in_days=1, title="Staff only", is_public=False)
        html = Client().get(url("home")).content.decode()
        assert all(f"Session {day}" in html for day in (1, 2, 3))
        assert "Session 4" not in html and "Staff only" not in html


class TestActivities:
    def test_the_list_shows_public_planned_activities_from_today_on(self, org, site, project, other_org) -> None:
        make_activity(org, project, title="Coming up")
        make_activity(org, project, title="Not public", is_public=False)
        make_activity(org, project, title="Cancelled one", status=Activity.Status.CANCELLED)
        make_activity(org, project, title="Already happened", starts_in_days=-2)
        make_activity(
            org,
            project,
            title="Questionnaire window",
            starts_at=None,
            ends_at=None,
            window_opens_on=timezone.localdate() - dt.timedelta(days=3),
            window_closes_on=timezone.localdate() + dt.timedelta(days=3),
        )
        from coproduce.projects.models import Project

        elsewhere = Project.objects.create(organisation=other_org, title="Southby", goal="g")
        make_activity(other_org, elsewhere, title="Southby session")
        html = Client().get(url("activity_list")).content.decode()
        assert "Coming up" in html and "Questionnaire window" in html
        for hidden in ("Not public", "Cancelled one", "Already happened", "Southby session"):
            assert hidden not in html, hidden

    def test_the_list_needs_the_same_queries_for_5_or_50(self, org, site, project, django_assert_num_queries) -> None:
        for i in range(5):
            make_activity(org, project, title=f"A{i}")
        with django_assert_num_queries(3) as five:
            Client().get(url("activity_list"))
        for i in range(45):
            make_activity(org, project, title=f"B{i}")
        with django_assert_num_queries(len(five.captured_queries)):
            Client().get(url("activity_list"))

    def test_the_page_shows_where_access_help_and_contacts_but_never_how_to_join(
        self, org, site, safeguarding, public_activity
    ) -> None:
        response = Client().get(url("activity_detail", activity_id=public_activity.pk))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Northby Central Family Hub" in html and "1 High Street" in html and "NB1 1AA" in html
        assert "Step-free access" in html and "Hearing loop" in html and "Parking" not in html
        assert "Childcare" in html and "British Sign Language (BSL) interpreter" in html
        assert "Interpreters in Polish, Arabic" in html or "Interpreters in Arabic, Polish" in html
        assert "Online – ask us for the link" in html and "By phone – ask us for the details" in html
        assert "meet.example.org" not in html and "code 4242" not in html
        assert "Dana Safe" in html and "01632 960 999" in html
        assert "together@northby.example.org" in html
        assert "Come and help us plan the new cafe." in html

    def test_the_description_is_shown_translated_right_to_left(self, org, site, public_activity) -> None:
        html = Client().get(url("activity_detail", activity_id=public_activity.pk) + "?lang=ar").content.decode()
        assert 'lang="ar" dir="rtl"><p>تعال وساعدنا</p>' in html
        assert "Come and help us plan the new cafe." not in html
        assert "How you can join" in html  # the interface stays in English
        polish = Client().get(url("activity_detail", activity_id=public_activity.pk) + "?lang=pl").content.decode()
        assert "Come and help us plan the new cafe." in polish and 'lang="pl"><p>' not in polish

    def test_a_non_public_past_or_other_organisations_activity_is_404(
        self, org, site, project, other_org, public_activity
    ) -> None:
        private = make_activity(org, project, is_public=False)
        past = make_activity(org, project, starts_in_days=-3)
        # Neither a start time nor a window: the list leaves it out, so the page must too.
        undated = make_activity(org, project, title="No date yet", starts_at=None, ends_at=None)
        assert "No date yet" not in Client().get(url("activity_list")).content.decode()
        for activity in (private, past, undated):
            assert Client().get(url("activity_detail", activity_id=activity.pk)).status_code == 404
            assert Client().get(url("activity_ics", activity_id=activity.pk)).status_code == 404
        assert Client().get(url("activity_detail", "southby", activity_id=public_activity.pk)).status_code == 404

    def test_a_cancelled_activity_says_so(self, org, site, project) -> None:
        cancelled = make_activity(org, project, status=Activity.Status.CANCELLED)
        html = Client().get(url("activity_detail", activity_id=cancelled.pk)).content.decode()
        assert "This activity has been cancelled." in html and "Add to your calendar" not in html

    def test_the_calendar_file_has_no_joining_details(self, org, site, public_activity) -> None:
        response = Client().get(url("activity_ics", activity_id=public_activity.pk))
        body = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in body and "Design the feeding cafe" in body
        assert "meet.example.org" not in body and "code 4242" not in body and "01632 000 111" not in body


class TestGetInvolved:
    def test_it_lists_what_public_activities_offer_and_the_contacts(
        self, org, site, safeguarding, public_activity, project
    ) -> None:
        make_activity(org, project, title="Staff only", is_public=False, food=True, travel_costs_paid=True)
        html = Client().get(url("get_involved")).content.decode()
        assert "Childcare" in html and "British Sign Language (BSL) interpreter" in html
        assert "Interpreters in Arabic, Polish" in html
        assert "Step-free access" in html
        assert "Food and drink" not in html and "Travel costs paid" not in html  # only offered privately
        assert "Dana Safe" in html and "01632 960 999" in html
        assert "together@northby.example.org" in html and "01632 960 000" in html

    def test_without_a_safeguarding_contact_it_still_says_what_to_do(self, org) -> None:
        html = Client().get(url("get_involved")).content.decode()
        assert "tell the member of staff running the activity" in html


class TestGlossaryAndAccessibility:
    def test_the_glossary_lists_terms_a_to_z(self, org, site, other_org) -> None:
        GlossaryTerm.objects.create(
            organisation=org,
            term="SEND",
            stands_for="Special educational needs and disabilities",
            explanation="Extra help at school.",
        )
        GlossaryTerm.objects.create(
            organisation=org,
            term="Family hub",
            explanation="A place for families.",
            translations={"ar": {"explanation": "مكان للعائلات"}},
        )
        GlossaryTerm.objects.create(organisation=other_org, term="Southby word", explanation="Not ours.")
        html = Client().get(url("glossary") + "?lang=ar").content.decode()
        assert html.index('id="letter-F"') < html.index('id="letter-S"')
        assert "Special educational needs and disabilities" in html
        assert 'lang="ar" dir="rtl">مكان للعائلات' in html
        assert "Southby word" not in html

    def test_the_accessibility_statement_follows_the_govuk_model(self, org, site) -> None:
        html = Client().get(url("accessibility")).content.decode()
        for text in (
            "WCAG",
            "2.2 AA",
            "axe",
            "keyboard",
            "320 pixels",
            "Equality and Human Rights Commission",
            "Equality Advisory and Support Service",
            "This statement was prepared on",
            "together@northby.example.org",
        ):
            assert text in html, text

    def test_the_accessibility_contact_is_used_when_set(self, org, site) -> None:
        site.accessibility_contact = "The Digital Access Team, access@northby.example.org"
        site.save()
        assert b"The Digital Access Team" in Client().get(url("accessibility")).content


class TestShowingAnActivityInPublic:
    """The activity form's "Show it on your public site" box decides whether What's on lists it."""

    def test_ticking_the_box_publishes_it_and_unticking_hides_it(self, org, site, lead, project, venue) -> None:
        from coproduce.engagement.tests.test_activities import form

        client = client_for(lead)
        create = reverse("engagement:activity_create", kwargs={"project_id": project.pk})
        page = client.get(create).content.decode()
        assert 'name="is_public"' in page and "Names, the link to join online" in page
        response = client.post(create, form(venue=str(venue.pk), is_public="on"))
        assert response.status_code == 302, response.content.decode()[:2000]
        activity = Activity.objects.get(title="Design the feeding cafe")
        assert activity.is_public
        assert "Design the feeding cafe" in Client().get(url("activity_list")).content.decode()
        edit = reverse("engagement:activity_edit", kwargs={"activity_id": activity.pk})
        assert client.post(edit, form(venue=str(venue.pk))).status_code == 302
        activity.refresh_from_db()
        assert not activity.is_public
        assert "Design the feeding cafe" not in Client().get(url("activity_list")).content.decode()
