"""Equality pages: a person's answers (data protection officer only, every view audited), the person's own page
from their link, the summary with small numbers hidden, and the section on the person page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.links import make_token
from coproduce.consent.models import Consent, ConsentStatus, Purpose
from coproduce.core.models import AuditEvent
from coproduce.equality import services
from coproduce.equality.models import EqualityProfile
from coproduce.equality.tests.conftest import make_person
from coproduce.equality.tests.test_services import ANSWERS, involvement_for
from coproduce.organisations.models import Role
from coproduce.projects.models import Project
from tests.cast import client_for, make_member

# Words that appear only in answers (never in the page's own text), to prove an answer is not shown.
ANSWER_WORDS = ["Caribbean", "Bisexual", "Muslim", "Somali", "Refugee", "limits my day-to-day"]


def answers_url(person) -> str:
    return reverse("equality:person_answers", kwargs={"person_id": person.pk})


def my_url(person) -> str:
    return reverse("equality:my_answers", kwargs={"link": make_token(person)})


def audit_dump() -> str:
    return json.dumps(list(AuditEvent.objects.values("summary", "changes", "object_label")))


# ----- One person's answers (data protection officer) -----


def test_the_data_protection_officer_sees_the_answers_and_each_view_is_audited(person, dpo) -> None:
    services.answers_save(person=person, data=ANSWERS)
    client = client_for(dpo)
    for _ in range(2):
        response = client.get(answers_url(person))
        assert response.status_code == 200
    text = response.content.decode()
    assert "Caribbean" in text and "Bisexual" in text and "Somali" in text
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, summary="Equality answers viewed")
    assert views.count() == 2
    assert views.first().actor == dpo
    assert "Rosa" not in audit_dump()


@pytest.mark.parametrize(
    "role",
    [Role.ADMIN, Role.LEAD, Role.STAFF, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD, Role.VIEWER],
)
def test_every_other_role_is_refused(org, person, role) -> None:
    services.answers_save(person=person, data=ANSWERS)
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(answers_url(person)).status_code == 403
    assert client.post(answers_url(person), {"sex": "male"}).status_code == 403
    assert client.post(answers_url(person), {"objection": "record"}).status_code == 403
    assert EqualityProfile.objects.get(person=person).sex == "female"
    assert EqualityProfile.objects.get(person=person).objected_at is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_another_organisations_person_is_404_even_for_their_dpo(other_org, person) -> None:
    their_dpo = make_member(other_org, "their.dpo@example.org", Role.DATA_PROTECTION_OFFICER)
    assert client_for(their_dpo).get(answers_url(person)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, person) -> None:
    response = client.get(answers_url(person))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_dpo_saves_answers_and_the_audit_line_has_field_names_only(person, dpo) -> None:
    response = client_for(dpo).post(answers_url(person), {"ethnic_group": "asian_pakistani", "religion": "sikh"})
    assert response.status_code == 302
    profile = EqualityProfile.objects.get(person=person)
    assert profile.ethnic_group == "asian_pakistani" and profile.religion == "sikh"
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert sorted(event.changes["fields"]) == ["ethnic_group", "religion"]
    assert "pakistani" not in audit_dump().lower() and "sikh" not in audit_dump().lower()


def test_the_dpo_form_shows_errors_for_an_answer_not_offered(person, dpo) -> None:
    response = client_for(dpo).post(answers_url(person), {"sex": "banana"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text and "Select a valid choice" in text
    assert "<title>Error: " in text
    assert not EqualityProfile.objects.exists()


def test_the_dpo_records_and_clears_an_objection(person, dpo) -> None:
    client = client_for(dpo)
    client.post(answers_url(person), {"objection": "record"})
    assert EqualityProfile.objects.get(person=person).objected_at is not None
    assert "Remove the objection" in client.get(answers_url(person)).content.decode()
    client.post(answers_url(person), {"objection": "clear"})
    assert EqualityProfile.objects.get(person=person).objected_at is None


def test_the_dpo_page_leaves_out_adult_questions_for_a_known_under_16(org, dpo) -> None:
    young = make_person(org, "Young One", age=12)
    text = client_for(dpo).get(answers_url(young)).content.decode()
    assert "sexual orientation" not in text and "sex registered at birth" not in text
    assert "What is your religion?" in text


# ----- The person's own page -----


def test_a_bad_link_is_404(client: Client) -> None:
    assert client.get(reverse("equality:my_answers", kwargs={"link": "not-a-real-link"})).status_code == 404


def test_the_own_page_explains_why_we_ask_and_is_private(client: Client, person) -> None:
    response = client.get(my_url(person))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = response.content.decode()
    assert "whose voices are missing" in text
    assert "never used to make decisions about you" in text
    assert "Only our data protection officer sees your answers" in text
    assert text.count("Prefer not to say") >= 13
    assert "Do not use my answers" in text
    # Ethnic group: 19 categories under their 5 census headings.
    for heading in ("Asian, Asian British or Asian Welsh", "Mixed or multiple ethnic groups", "Other ethnic group"):
        assert heading in text
    assert text.count('name="ethnic_group"') == 20  # 19 categories and "Prefer not to say"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor__isnull=True).count() == 1


def test_saving_from_the_own_page_records_answers_and_consent(client: Client, org) -> None:
    person = make_person(org, "New Parent", consent=False)
    url = my_url(person)
    response = client.post(url, {"sex": "male", "lone_parent": "yes", "ethnic_group": "white_roma"})
    assert response.status_code == 302
    assert response["Referrer-Policy"] == "strict-origin"
    profile = EqualityProfile.objects.get(person=person)
    assert (profile.sex, profile.lone_parent, profile.ethnic_group) == ("male", "yes", "white_roma")
    consent = Consent.objects.get(person=person, purpose=Purpose.EQUALITY_MONITORING)
    assert consent.status == ConsentStatus.GIVEN and consent.method == "online"
    assert "Your answers have been saved" in client.get(url).content.decode()
    assert "roma" not in audit_dump().lower()


def test_the_own_page_shows_an_error_for_an_answer_not_offered(client: Client, person) -> None:
    response = client.post(my_url(person), {"religion": "jedi"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not EqualityProfile.objects.exists()


def test_sogi_questions_are_left_out_for_a_known_under_16(client: Client, org) -> None:
    young = make_person(org, "Teen", age=14)
    text = client.get(my_url(young)).content.decode()
    assert 'name="sexual_orientation"' not in text and 'name="gender_same_as_sex"' not in text
    assert 'name="religion"' in text
    client.post(my_url(young), {"sexual_orientation": "gay_lesbian", "religion": "none"})
    profile = EqualityProfile.objects.get(person=young)
    assert profile.sexual_orientation == "" and profile.religion == "none"
    # A young person of 13 to 17 consents for themselves online.
    assert Consent.objects.get(person=young).child_basis == "self_13_plus"


def test_sogi_questions_carry_a_hint_when_the_age_is_unknown(client: Client, person) -> None:
    text = client.get(my_url(person)).content.decode()
    assert 'name="sexual_orientation"' in text
    assert text.count("Only answer this if you are 16 or over") == 2


def test_sogi_questions_have_no_hint_for_a_known_adult(client: Client, org) -> None:
    adult = make_person(org, "Adult", age=30)
    text = client.get(my_url(adult)).content.decode()
    assert 'name="sexual_orientation"' in text and "Only answer this if you are 16" not in text


def test_sogi_answers_are_discarded_with_a_message_when_the_age_band_is_under_16(client: Client, person) -> None:
    url = my_url(person)
    client.post(url, {"age_band": "under_16", "sexual_orientation": "bisexual", "gender_same_as_sex": "no"})
    profile = EqualityProfile.objects.get(person=person)
    assert profile.age_band == "under_16"
    assert profile.sexual_orientation == "" and profile.gender_same_as_sex == ""
    assert "only for people aged 16 or over" in client.get(url).content.decode()


def test_under_13s_are_not_asked(client: Client, org) -> None:
    child = make_person(org, "Child", age=10, consent=False)
    text = client.get(my_url(child)).content.decode()
    assert 'name="religion"' not in text and "parent or carer needs to agree" in text
    client.post(my_url(child), {"religion": "none"})
    assert not EqualityProfile.objects.exists() and not Consent.objects.filter(person=child).exists()


def test_the_person_objects_and_changes_their_mind(client: Client, person) -> None:
    url = my_url(person)
    services.answers_save(person=person, data={"sex": "female"})
    client.post(url, {"objection": "record"})
    assert EqualityProfile.objects.get(person=person).objected_at is not None
    text = client.get(url).content.decode()
    assert "You asked us not to use your answers" in text
    client.post(url, {"objection": "clear"})
    assert EqualityProfile.objects.get(person=person).objected_at is None
    assert AuditEvent.objects.filter(summary__contains="(from their own link)").count() == 2


def test_an_erased_persons_link_is_404(client: Client, person) -> None:
    url = my_url(person)
    type(person).objects.filter(pk=person.pk).update(erased_at=timezone.now())
    assert client.get(url).status_code == 404


# ----- Summary -----


def summary_url(**params) -> str:
    from urllib.parse import urlencode

    return reverse("equality:summary") + (f"?{urlencode(params)}" if params else "")


@pytest.mark.parametrize(("role", "status"), [(Role.ADMIN, 200), (Role.LEAD, 200), (Role.DATA_PROTECTION_OFFICER, 200)])
def test_summary_roles_that_may(org, role, status) -> None:
    assert client_for(make_member(org, "x@example.org", role)).get(summary_url()).status_code == status


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD, Role.VIEWER])
def test_summary_roles_that_may_not(org, role) -> None:
    assert client_for(make_member(org, "x@example.org", role)).get(summary_url()).status_code == 403


def make_answering(org, count: int, data: dict, **kwargs) -> list:
    people = []
    for index in range(count):
        person = make_person(org, f"Answering person {index}", **kwargs)
        services.answers_save(person=person, data=data)
        people.append(person)
    return people


def test_summary_hides_small_numbers_and_explains_the_method(org, lead) -> None:
    make_answering(org, 7, {"religion": "christian"})
    make_answering(org, 2, {"religion": "sikh"})
    make_answering(org, 6, {"religion": "none"})
    text = client_for(lead).get(summary_url()).content.decode()
    assert "Fewer than 5" in text
    # Sikh (2) is hidden, and "No religion" (6) with it: only "Christian: 7" is shown for religion.
    assert '<td data-label="People" class="govuk-table__cell govuk-table__cell--numeric">7</td>' in text
    assert '<td data-label="People" class="govuk-table__cell govuk-table__cell--numeric">6</td>' not in text
    assert '<td data-label="People" class="govuk-table__cell govuk-table__cell--numeric">2</td>' not in text
    assert "taking the others away from the total" in text
    assert "Each person counts once" in text


def test_summary_filters_by_project_with_answers_as_they_were(org, lead) -> None:
    project = Project.objects.create(organisation=org, title="Dads' groups", goal="g")
    people = make_answering(org, 5, {"lone_parent": "yes"})
    for person in people:
        services.snapshot_take(person=person, context=involvement_for(person, project))
        services.answers_save(person=person, data={"lone_parent": "no"})
    response = client_for(lead).get(summary_url(project=project.pk))
    assert response.status_code == 200
    tables = {table.question: table for table in response.context["tables"]}
    assert tables["lone_parent"].counts["yes"] == 5 and tables["lone_parent"].counts["no"] == 0
    assert "as they were when they took part" in response.content.decode()


def test_summary_filter_errors(org, other_org, lead) -> None:
    response = client_for(lead).get(summary_url(since="1/5/2026", until="1/4/2026"))
    assert "The end of the time window must be the same as or after its start" in response.content.decode()
    other_project = Project.objects.create(organisation=other_org, title="Theirs", goal="g")
    response = client_for(lead).get(summary_url(project=other_project.pk))
    assert "Select a valid choice" in response.content.decode()


def test_summary_query_count_does_not_grow_with_people(org, lead, hub, django_assert_max_num_queries) -> None:
    client = client_for(lead)
    project = Project.objects.create(organisation=org, title="Stay and play", goal="g")

    def add(count: int) -> None:
        for person in make_answering(org, count, ANSWERS, hubs=[hub]):
            services.snapshot_take(person=person, context=involvement_for(person, project))

    def queries(params: dict) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(summary_url(**params)).status_code == 200
        return len(captured)

    add(2)
    small = [queries({}), queries({"hub": hub.pk, "project": project.pk, "since": "1/1/2020"})]
    add(10)
    large = [queries({}), queries({"hub": hub.pk, "project": project.pk, "since": "1/1/2020"})]
    assert small == large
    questions = len(services.ANSWER_FIELDS)
    # One query per question, two with a project (its involvements), plus the page's own handful.
    assert large[0] <= questions + 10 and large[1] <= 2 * questions + 12


# ----- The section on the person page -----


def render_section(user, person) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "equality/_person_section.html",
        {"person": person, "user": user, "organisation": person.organisation},
        request=request,
    )


def test_the_person_section_shows_the_dpo_a_link_and_the_objection_only(person, dpo) -> None:
    services.answers_save(person=person, data=ANSWERS)
    services.objection_record(person=person)
    html = render_section(dpo, type(person).objects.get(pk=person.pk))
    assert answers_url(person) in html
    assert "Objected to the use of their answers" in html and "Yes" in html
    for word in ANSWER_WORDS:
        assert word not in html


def test_the_person_section_is_empty_for_other_roles(person, colleague, admin) -> None:
    services.answers_save(person=person, data=ANSWERS)
    assert render_section(colleague, person).strip() == ""
    assert render_section(admin, person).strip() == ""


def test_a_staff_members_person_page_has_no_answer(person, colleague) -> None:
    services.answers_save(person=person, data=ANSWERS)
    response = client_for(colleague).get(reverse("people:person_detail", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    text = response.content.decode()
    assert person.full_name in text
    for word in ANSWER_WORDS:
        assert word not in text
    assert answers_url(person) not in text


def test_the_dpos_person_page_links_to_the_answers(person, dpo) -> None:
    services.answers_save(person=person, data=ANSWERS)
    text = client_for(dpo).get(reverse("people:person_detail", kwargs={"person_id": person.pk})).content.decode()
    if "equality/_person_section" not in open_person_template():
        pytest.skip("The person page does not include the area sections yet")
    assert answers_url(person) in text
    for word in ANSWER_WORDS:
        assert word not in text


def open_person_template() -> str:
    from django.template.loader import get_template

    return get_template("people/person_detail.html").template.source


def test_dates_in_the_summary_filter_are_inclusive(org, lead) -> None:
    project = Project.objects.create(organisation=org, title="Opening hours", goal="g")
    people = make_answering(org, 5, {"sex": "female"})
    for person in people:
        services.snapshot_take(person=person, context=involvement_for(person, project))
    today = timezone.localdate()
    day = f"{today.day}/{today.month}/{today.year}"
    tables = client_for(lead).get(summary_url(since=day, until=day)).context["tables"]
    assert {t.question: t for t in tables}["sex"].counts["female"] == 5
    yesterday = today - dt.timedelta(days=1)
    tables = (
        client_for(lead).get(summary_url(until=f"{yesterday.day}/{yesterday.month}/{yesterday.year}")).context["tables"]
    )
    assert {t.question: t for t in tables}["sex"].total == 0


def test_the_own_page_refuses_too_many_posts(client: Client, person, monkeypatch) -> None:
    monkeypatch.setattr("coproduce.equality.views.allow", lambda *args, **kwargs: False)
    response = client.post(my_url(person), {"sex": "female"})
    assert response.status_code == 429
    assert "too many times" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert not EqualityProfile.objects.exists()


def test_the_dpo_page_is_not_cached(person, dpo) -> None:
    assert client_for(dpo).get(answers_url(person))["Cache-Control"] == "private, no-store"
