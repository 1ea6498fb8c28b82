"""The shared definition of co-production: numbered versions, comments on paragraphs, the readability score,
adoption (one at a time) and communication to the stakeholder groups."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coproduce.commitments import services
from coproduce.commitments.models import (
    DefinitionCommunication,
    DefinitionVersion,
    ParagraphComment,
    add_months,
    split_paragraphs,
)
from coproduce.commitments.tests.conftest import DEFINITION
from coproduce.core.models import AuditEvent
from coproduce.stakeholders.models import StakeholderGroup


def url(name: str, **kwargs) -> str:
    return reverse(f"commitments:{name}", kwargs=kwargs)


class TestParagraphsAndMonths:
    def test_paragraphs_are_split_by_blank_lines(self) -> None:
        text = "One.\r\nStill one.\r\n\r\n  \nTwo.\n \t\nThree.\n\n\n"
        assert split_paragraphs(text) == ["One.\nStill one.", "Two.", "Three."]
        assert split_paragraphs("  \n\n ") == []

    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
            (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
            (dt.date(2026, 11, 15), 12, dt.date(2027, 11, 15)),
            (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 15)),
        ],
    )
    def test_add_months(self, day, months, expected) -> None:
        assert add_months(day, months) == expected


class TestDrafting:
    def test_a_lead_drafts_the_first_version(self, lead_client, seeded) -> None:
        response = lead_client.post(url("definition_new"), {"text": DEFINITION, "action": "save"})
        version = DefinitionVersion.objects.get()
        assert response["Location"] == url("version_edit", version_id=version.pk)
        assert (version.number, version.status, len(version.paragraphs)) == (1, "draft", 3)
        assert AuditEvent.objects.filter(object_id=str(version.pk), action="create").exists()

    def test_checking_readability_saves_nothing_and_shows_the_score(self, lead_client, seeded) -> None:
        response = lead_client.post(url("definition_new"), {"text": DEFINITION, "action": "check"})
        html = response.content.decode()
        assert response.status_code == 200
        assert not DefinitionVersion.objects.exists()
        assert "How easy it is to read" in html
        assert "Reading ease score" in html and "Reading age" in html
        assert "The reading ease score (the Flesch reading ease)" in html  # the term is explained

    def test_checking_flags_acronyms_the_glossary_does_not_explain(self, lead_client, seeded, org) -> None:
        from coproduce.publishing.models import GlossaryTerm

        GlossaryTerm.objects.create(organisation=org, term="SEND", explanation="Extra help with learning.")
        text = "We work with families of children with SEND. The JSNA shows who we miss."
        html = lead_client.post(url("definition_new"), {"text": text, "action": "check"}).content.decode()
        assert "Not everyone knows what JSNA means" in html
        assert "Not everyone knows what SEND means" not in html

    def test_the_edit_page_shows_the_score_of_the_saved_text(self, lead_client, draft) -> None:
        from coproduce.analysis.readability import readability

        html = lead_client.get(url("version_edit", version_id=draft.pk)).content.decode()
        score = readability(draft.text)
        assert f"{score.flesch_reading_ease:.0f} out of 100" in html
        assert score.band in html

    @pytest.mark.parametrize("action", ["save", "check"])
    def test_an_empty_definition_is_refused(self, lead_client, seeded, action) -> None:
        html = lead_client.post(url("definition_new"), {"text": "   \n\n  ", "action": action}).content.decode()
        assert "Enter the definition of co-production" in html
        assert 'href="#id_text"' in html
        assert "<title>Error:" in html
        assert not DefinitionVersion.objects.exists()

    def test_a_new_version_starts_as_a_copy_of_the_latest(self, lead_client, adopted) -> None:
        html = lead_client.get(url("definition_new")).content.decode()
        assert "Version 2 of the definition" in html
        assert "Co-production happens when all voices are listened to from the start." in html

    def test_starting_again_while_a_draft_is_open_goes_to_the_draft(self, lead_client, draft) -> None:
        response = lead_client.get(url("definition_new"))
        assert response["Location"] == url("version_edit", version_id=draft.pk)
        with pytest.raises(ValidationError):
            services.definition_version_start(actor=None, organisation=draft.organisation, text="Another")

    def test_editing_a_draft_is_audited(self, lead_client, draft) -> None:
        lead_client.post(url("version_edit", version_id=draft.pk), {"text": "New words.", "action": "save"})
        draft.refresh_from_db()
        assert draft.text == "New words."
        event = AuditEvent.objects.filter(object_id=str(draft.pk), action="update").get()
        assert event.changes["text"] == [DEFINITION, "New words."]

    def test_an_adopted_version_cannot_be_edited(self, lead_client, adopted) -> None:
        response = lead_client.post(url("version_edit", version_id=adopted.pk), {"text": "Sneaky", "action": "save"})
        assert response["Location"] == url("version_detail", version_id=adopted.pk)
        adopted.refresh_from_db()
        assert adopted.text == DEFINITION
        with pytest.raises(ValidationError):
            services.definition_version_update(actor=None, version=adopted, text="Sneaky")


class TestComments:
    def test_a_colleague_comments_on_a_paragraph(self, colleague_client, colleague, draft) -> None:
        response = colleague_client.post(
            url("paragraph_comment", version_id=draft.pk, paragraph_number=2), {"text": "Say ‘honest’ first."}
        )
        assert response["Location"].endswith("#paragraph-2")
        comment = ParagraphComment.objects.get()
        assert (comment.author, comment.paragraph_number) == (colleague, 2)
        assert comment.paragraph_text.startswith("We respect each other's views.")
        html = colleague_client.get(url("version_detail", version_id=draft.pk)).content.decode()
        assert "Say ‘honest’ first." in html and "Colin Colleague" in html
        # Under paragraph 2, not paragraph 1.
        assert html.index('id="paragraph-2"') < html.index("Say ‘honest’ first.") < html.index('id="paragraph-3"')

    def test_families_without_accounts_are_mentioned(self, colleague_client, draft) -> None:
        html = colleague_client.get(url("paragraph_comment", version_id=draft.pk, paragraph_number=1)).content.decode()
        assert "Families without an account cannot comment here yet" in html

    def test_an_empty_comment_is_refused(self, colleague_client, draft) -> None:
        html = colleague_client.post(
            url("paragraph_comment", version_id=draft.pk, paragraph_number=1), {"text": "  "}
        ).content.decode()
        assert "Enter your comment" in html and 'href="#id_text"' in html
        assert not ParagraphComment.objects.exists()

    def test_a_paragraph_that_does_not_exist_is_404(self, colleague_client, draft) -> None:
        response = colleague_client.get(url("paragraph_comment", version_id=draft.pk, paragraph_number=4))
        assert response.status_code == 404

    def test_comments_close_when_a_version_is_adopted(self, colleague_client, colleague, adopted) -> None:
        response = colleague_client.post(
            url("paragraph_comment", version_id=adopted.pk, paragraph_number=1), {"text": "Late"}
        )
        assert response.status_code == 200
        assert "Comments are closed" in response.content.decode()
        assert not ParagraphComment.objects.exists()
        with pytest.raises(ValidationError):
            services.definition_comment_add(actor=colleague, version=adopted, paragraph_number=1, text="Late")

    def test_comments_on_changed_or_removed_paragraphs_still_show(self, lead_client, lead, colleague, draft) -> None:
        services.definition_comment_add(actor=colleague, version=draft, paragraph_number=1, text="On one")
        services.definition_comment_add(actor=colleague, version=draft, paragraph_number=3, text="On three")
        services.definition_version_update(actor=lead, version=draft, text="A new first paragraph.")
        html = lead_client.get(url("version_detail", version_id=draft.pk)).content.decode()
        assert "about an earlier wording" in html
        assert "Comments on paragraphs that have since been taken out" in html and "On three" in html


class TestAdoption:
    def test_adopting_supersedes_the_previous_version(self, lead_client, lead, adopted, today) -> None:
        second = services.definition_version_start(actor=lead, organisation=adopted.organisation, text="Version two")
        response = lead_client.post(
            url("version_adopt", version_id=second.pk), {"adopted_on": today.strftime("%d/%m/%Y")}
        )
        assert response["Location"] == url("definition")
        adopted.refresh_from_db()
        second.refresh_from_db()
        assert (second.status, second.adopted_on, second.adopted_by) == ("adopted", today, lead)
        assert (adopted.status, adopted.superseded_on) == ("superseded", today)
        html = lead_client.get(url("definition")).content.decode()
        assert "The adopted definition (version 2)" in html and "Replaced by a later version" in html

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "Enter date adopted"),
            ("31/2/2027", "Enter date adopted as a real date"),
            ("tomorrow", "Enter date adopted as a real date"),
        ],
    )
    def test_bad_adoption_dates_are_refused(self, lead_client, draft, value, message) -> None:
        html = lead_client.post(url("version_adopt", version_id=draft.pk), {"adopted_on": value}).content.decode()
        assert message in html and 'href="#id_adopted_on"' in html
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_an_adoption_date_in_the_future_is_refused(self, lead_client, draft, today) -> None:
        future = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
        html = lead_client.post(url("version_adopt", version_id=draft.pk), {"adopted_on": future}).content.decode()
        assert "The date adopted must be today or in the past" in html
        draft.refresh_from_db()
        assert draft.status == "draft"
        with pytest.raises(ValidationError):
            services.definition_adopt(actor=None, version=draft, adopted_on=today + dt.timedelta(days=1))

    def test_a_new_version_cannot_be_adopted_before_the_last_one(self, lead, adopted) -> None:
        second = services.definition_version_start(actor=lead, organisation=adopted.organisation, text="Two")
        with pytest.raises(ValidationError) as error:
            services.definition_adopt(actor=lead, version=second, adopted_on=adopted.adopted_on - dt.timedelta(days=1))
        assert "adopted_on" in error.value.error_dict
        adopted.refresh_from_db()
        assert adopted.status == "adopted"

    def test_the_database_allows_one_adopted_version(self, adopted) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            DefinitionVersion.objects.create(
                organisation=adopted.organisation, number=2, text="x", status="adopted", adopted_on=adopted.adopted_on
            )


class TestCommunication:
    def test_recording_communication_to_several_groups(self, lead_client, adopted, seeded, today) -> None:
        groups = list(StakeholderGroup.objects.for_organisation(seeded).top_level()[:3])
        response = lead_client.post(
            url("communication_add", version_id=adopted.pk),
            {
                "groups": [str(g.pk) for g in groups],
                "communicated_on": today.strftime("%d/%m/%Y"),
                "method": "meeting",
                "note": "Partnership board",
            },
        )
        assert response.status_code == 302
        assert DefinitionCommunication.objects.count() == 3
        html = lead_client.get(url("definition")).content.decode()
        assert "Version 1 has been shared with 3 of 8 stakeholder groups." in html
        assert "Meeting or event (Partnership board)" in html

    def test_a_group_of_another_organisation_is_refused(self, lead_client, adopted, other_org, today) -> None:
        theirs = StakeholderGroup.objects.for_organisation(other_org).top_level().first()
        html = lead_client.post(
            url("communication_add", version_id=adopted.pk),
            {"groups": [str(theirs.pk)], "communicated_on": today.strftime("%d/%m/%Y"), "method": "email"},
        ).content.decode()
        assert "Choose from your organisation&#x27;s stakeholder groups" in html
        assert 'href="#id_groups_0"' in html
        assert not DefinitionCommunication.objects.exists()

    def test_the_service_also_refuses_another_organisations_group(self, lead, adopted, other_org, today) -> None:
        theirs = StakeholderGroup.objects.for_organisation(other_org).top_level().first()
        with pytest.raises(ValidationError) as error:
            services.definition_communication_record(
                actor=lead, version=adopted, groups=[theirs], communicated_on=today, method="email"
            )
        assert "groups" in error.value.error_dict

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"groups": []}, "groups", "Choose at least one stakeholder group"),
            ({"method": ""}, "method", "Choose how it was shared"),
            ({"communicated_on": ""}, "communicated_on", "Enter date it was shared"),
            ({"communicated_on": "1/1/2999"}, "communicated_on", "The date must be today or in the past"),
        ],
    )
    def test_bad_input_is_refused(self, lead_client, adopted, seeded, today, data, field, message) -> None:
        group = StakeholderGroup.objects.for_organisation(seeded).top_level().first()
        form = {"groups": [str(group.pk)], "communicated_on": today.strftime("%d/%m/%Y"), "method": "email", **data}
        html = lead_client.post(url("communication_add", version_id=adopted.pk), form).content.decode()
        assert message in html
        assert f'href="#id_{field}' in html
        assert not DefinitionCommunication.objects.exists()

    def test_the_groups_render_as_checkboxes(self, lead_client, adopted) -> None:
        html = lead_client.get(url("communication_add", version_id=adopted.pk)).content.decode()
        assert 'name="groups" type="checkbox"' in html

    def test_a_draft_cannot_be_recorded_as_communicated(self, lead_client, draft) -> None:
        response = lead_client.get(url("communication_add", version_id=draft.pk))
        assert response["Location"] == url("version_detail", version_id=draft.pk)


class TestQueryCounts:
    def test_definition_pages_need_a_fixed_number_of_queries(
        self, lead_client, lead, colleague, draft, seeded, today, django_assert_max_num_queries
    ) -> None:
        for i in range(40):
            services.definition_comment_add(
                actor=colleague if i % 2 else lead, version=draft, paragraph_number=i % 3 + 1, text=f"Comment {i}"
            )
        with django_assert_max_num_queries(6):
            assert lead_client.get(url("version_detail", version_id=draft.pk)).status_code == 200
        adopted = services.definition_adopt(actor=lead, version=draft, adopted_on=today)
        for group in StakeholderGroup.objects.for_organisation(seeded).top_level():
            services.definition_communication_record(
                actor=lead, version=adopted, groups=[group], communicated_on=today, method="email"
            )
        services.definition_version_start(actor=lead, organisation=seeded, text="Two")
        with django_assert_max_num_queries(8):
            assert lead_client.get(url("definition")).status_code == 200
