"""The reflection journal: an entry is private to its author (another member of staff, an administrator and a
platform administrator all get 404), sharing shows it to the team with the author's name and unsharing hides it
again, only the author changes it, the brief's six questions are the prompts word for word with the organisation's
own, every form's error path, and no audit line carries what was written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.learning import services, suggested
from coproduce.learning.models import ReflectionEntry, ReflectionPrompt
from coproduce.learning.tests.conftest import errors_of
from coproduce.organisations.models import Membership, Role
from tests.cast import client_for, make_member

SECRET = "I was unfair to the dads group"


@pytest.fixture
def entry(org, colleague, today) -> ReflectionEntry:
    return services.reflection_create(
        actor=colleague,
        organisation=org,
        written_on=today,
        answers=[{"key": "brief-4", "question": "What are my own biases and assumptions?", "answer": SECRET}],
        title="Tuesday",
    )


def _detail(entry) -> str:
    return reverse("learning:reflection_detail", kwargs={"reflection_id": entry.pk})


def test_the_author_reads_their_own_entry(colleague_client, entry) -> None:
    response = colleague_client.get(_detail(entry))
    assert response.status_code == 200 and SECRET in response.content.decode()


def test_a_private_entry_is_404_to_everyone_else(org, entry, admin, lead, platform_admin) -> None:
    other_staff = make_member(org, "other.staff@example.org", Role.STAFF)
    dpo = make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER)
    Membership.objects.create(organisation=org, user=platform_admin, role=Role.ADMIN)
    for user in (other_staff, admin, lead, dpo, platform_admin):
        client = client_for(user)
        for name in ("reflection_detail", "reflection_edit", "reflection_delete"):
            assert client.get(reverse(f"learning:{name}", kwargs={"reflection_id": entry.pk})).status_code == 404
        response = client.post(
            reverse("learning:reflection_share", kwargs={"reflection_id": entry.pk}), {"shared": "1"}
        )
        assert response.status_code == 404
        assert SECRET not in client.get(reverse("learning:reflection_shared")).content.decode()
        assert SECRET not in client.get(reverse("learning:reflection_list")).content.decode()
    entry.refresh_from_db()
    assert entry.shared_at is None


def test_a_shared_entry_is_read_by_the_team_with_the_authors_name(org, colleague_client, entry, admin) -> None:
    colleague_client.post(reverse("learning:reflection_share", kwargs={"reflection_id": entry.pk}), {"shared": "1"})
    entry.refresh_from_db()
    assert entry.shared_at is not None
    team = client_for(make_member(org, "team@example.org", Role.STAFF))
    shared = team.get(reverse("learning:reflection_shared")).content.decode()
    assert "Colin Colleague" in shared and SECRET in shared
    assert SECRET in team.get(_detail(entry)).content.decode()
    assert client_for(admin).get(_detail(entry)).status_code == 200
    # Sharing lets the team read it, not change it.
    assert team.get(reverse("learning:reflection_edit", kwargs={"reflection_id": entry.pk})).status_code == 404
    assert team.post(reverse("learning:reflection_delete", kwargs={"reflection_id": entry.pk})).status_code == 404
    response = team.post(reverse("learning:reflection_share", kwargs={"reflection_id": entry.pk}), {"shared": "0"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
def test_roles_without_a_journal_do_not_see_shared_entries(org, colleague, entry, role) -> None:
    services.reflection_share(actor=colleague, entry=entry, shared=True)
    member = client_for(make_member(org, f"{role}@example.org", role))
    assert member.get(reverse("learning:reflection_shared")).status_code == 403
    assert member.get(_detail(entry)).status_code == 404
    assert member.get(reverse("learning:reflection_create")).status_code == 403


def test_unsharing_from_the_team_view_makes_it_private_again(org, colleague, colleague_client, entry) -> None:
    services.reflection_share(actor=colleague, entry=entry, shared=True)
    page = colleague_client.get(reverse("learning:reflection_shared")).content.decode()
    assert "Stop sharing" in page
    response = colleague_client.post(
        reverse("learning:reflection_share", kwargs={"reflection_id": entry.pk}), {"shared": "0", "back": "shared"}
    )
    assert response.url == reverse("learning:reflection_shared")
    entry.refresh_from_db()
    assert entry.shared_at is None
    team = client_for(make_member(org, "team@example.org", Role.LEAD))
    assert team.get(_detail(entry)).status_code == 404
    assert SECRET not in team.get(reverse("learning:reflection_shared")).content.decode()


def test_the_form_offers_the_briefs_six_questions_word_for_word_and_the_organisations_prompts(
    org, colleague_client, lead
) -> None:
    services.prompts_add_suggested(actor=lead, organisation=org)
    page = colleague_client.get(reverse("learning:reflection_create")).content.decode()
    with open("/work/shared/seed/co-production-module.txt", encoding="utf-8") as source:
        # The source has a few non-breaking spaces inside sentences; the words and punctuation are the same.
        text = source.read().replace("\xa0", " ")
    for _key, question in suggested.BRIEF_QUESTIONS:
        assert f"• {question} " in text  # copied word for word from the brief's "Questions for reflections"
        assert question.replace("’", "&#x27;") in page or question in page
    for prompt in ("Welcome and care", "Value and equality", "Ownership and shared power", "Having an impact"):
        assert prompt in page
    assert len(suggested.BRIEF_QUESTIONS) == 6


def test_writing_a_reflection(org, colleague, colleague_client, today) -> None:
    response = colleague_client.post(
        reverse("learning:reflection_create"),
        {"written_on": today.strftime("%d/%m/%Y"), "answer_brief-3": "Use WhatsApp groups", "share": "on"},
    )
    entry = ReflectionEntry.objects.get()
    assert response.url == _detail(entry)
    assert entry.author == colleague and entry.shared_at is not None
    assert entry.answers == [
        {"key": "brief-3", "question": suggested.BRIEF_QUESTIONS[2][1], "answer": "Use WhatsApp groups"}
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"written_on": "1/1/2026"}, "__all__", "Answer at least one prompt"),
        ({"written_on": "", "notes": "x"}, "written_on", "Enter date"),
        ({"written_on": "1/1/2099", "notes": "x"}, "written_on", "cannot be in the future"),
        ({"written_on": "32/1/2026", "notes": "x"}, "written_on", "real date"),
    ],
)
def test_a_reflection_with_bad_input_says_what_is_wrong_and_saves_nothing(
    colleague_client, data, field, message
) -> None:
    response = colleague_client.post(reverse("learning:reflection_create"), data)
    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    assert not ReflectionEntry.objects.exists()


def test_changing_an_entry_keeps_answers_to_retired_prompts(org, colleague, colleague_client, lead, today) -> None:
    prompt = ReflectionPrompt.objects.create(organisation=org, text="Welcome and care")
    key = f"prompt-{prompt.pk}"
    entry = services.reflection_create(
        actor=colleague,
        organisation=org,
        written_on=today,
        answers=[{"key": key, "question": "Welcome and care", "answer": "Tea and biscuits"}],
    )
    services.prompt_retire(actor=lead, prompt=prompt, retired=True)
    url = reverse("learning:reflection_edit", kwargs={"reflection_id": entry.pk})
    page = colleague_client.get(url).content.decode()
    assert "Welcome and care" in page and "Tea and biscuits" in page
    response = colleague_client.post(
        url, {"written_on": today.strftime("%d/%m/%Y"), f"answer_{key}": "Tea, biscuits and a crèche"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.answers[0]["answer"] == "Tea, biscuits and a crèche"
    response = colleague_client.post(url, {"written_on": today.strftime("%d/%m/%Y")})
    assert "Answer at least one prompt" in " ".join(errors_of(response)["__all__"])


def test_deleting_an_entry(colleague_client, entry) -> None:
    url = reverse("learning:reflection_delete", kwargs={"reflection_id": entry.pk})
    assert colleague_client.get(url).status_code == 200
    colleague_client.post(url)
    assert not ReflectionEntry.objects.exists()


def test_the_audit_log_never_holds_what_was_written(colleague, entry) -> None:
    services.reflection_share(actor=colleague, entry=entry, shared=True)
    services.reflection_update(
        actor=colleague, entry=entry, written_on=entry.written_on, answers=entry.answers, title="Secret title"
    )
    events = AuditEvent.objects.filter(object_id=str(entry.pk))
    assert {e.action for e in events} == {"create", "share", "update"}
    for event in events:
        assert SECRET not in f"{event.summary} {event.object_label} {event.changes}"
        assert "Tuesday" not in event.object_label and "Secret title" not in str(event.changes)


def test_my_journal_lists_only_my_entries(org, colleague_client, entry, admin, today) -> None:
    services.reflection_create(actor=admin, organisation=org, written_on=today, answers=[], notes="Admin's own")
    page = colleague_client.get(reverse("learning:reflection_list")).content.decode()
    assert "Tuesday" in page and "Private" in page
    assert ReflectionEntry.objects.count() == 2 and page.count("learning/reflections/0") <= 1


def test_the_shared_view_takes_a_fixed_number_of_queries(
    org, colleague_client, today, django_assert_max_num_queries
) -> None:
    for n in range(12):
        author = make_member(org, f"writer{n}@example.org", Role.STAFF)
        entry = services.reflection_create(
            actor=author, organisation=org, written_on=today - dt.timedelta(days=n), answers=[], notes=f"Note {n}"
        )
        services.reflection_share(actor=author, entry=entry, shared=True)
    with django_assert_max_num_queries(12):
        response = colleague_client.get(reverse("learning:reflection_shared"))
    assert response.content.decode().count('class="govuk-summary-card__title"') == 12


# --- prompts -----------------------------------------------------------------------------------------------------


def test_leads_add_the_four_cornerstones_once(lead_client, org) -> None:
    lead_client.post(reverse("learning:prompt_add_suggested"))
    lead_client.post(reverse("learning:prompt_add_suggested"))
    assert list(ReflectionPrompt.objects.for_organisation(org).values_list("text", flat=True)) == [
        "Welcome and care",
        "Value and equality",
        "Ownership and shared power",
        "Having an impact",
    ]


def test_a_prompt_form_with_no_prompt_says_so(lead_client, org) -> None:
    response = lead_client.post(reverse("learning:prompt_create"), {"text": "  "})
    assert "Enter the prompt" in " ".join(errors_of(response)["text"])
    assert not ReflectionPrompt.objects.exists()
    lead_client.post(reverse("learning:prompt_create"), {"text": "What surprised you?", "hint": "Anything"})
    prompt = ReflectionPrompt.objects.get()
    response = lead_client.post(reverse("learning:prompt_edit", kwargs={"prompt_id": prompt.pk}), {"text": ""})
    assert "Enter the prompt" in " ".join(errors_of(response)["text"])


def test_only_leads_manage_prompts(colleague_client) -> None:
    assert colleague_client.get(reverse("learning:prompt_create")).status_code == 403
    assert colleague_client.post(reverse("learning:prompt_add_suggested")).status_code == 403


def test_the_prompts_page_lists_the_briefs_questions_and_the_organisations_own(lead_client, lead, org) -> None:
    services.prompts_add_suggested(actor=lead, organisation=org)
    page = lead_client.get(reverse("learning:prompt_list")).content.decode()
    assert "What are my own biases and assumptions?" in page and "Ownership and shared power" in page
    assert "Add a prompt" in page


def test_another_organisations_shared_entry_is_never_shown(org, other_org, colleague_client, today) -> None:
    elsewhere = make_member(other_org, "southby@example.org", Role.STAFF, "Sol Southby")
    theirs = services.reflection_create(
        actor=elsewhere,
        organisation=other_org,
        written_on=today,
        answers=[{"key": "brief-4", "question": "Q", "answer": "Southby words"}],
        share=True,
    )
    assert "Southby words" not in colleague_client.get(reverse("learning:reflection_shared")).content.decode()
    assert colleague_client.get(_detail(theirs)).status_code == 404
