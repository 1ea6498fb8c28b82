"""News of a promise for families: when a promise is kept, changed or cannot be kept, each person whose contribution
it answers gets one message by the channel they chose, only with contact consent, never once erased, and nothing is
queued for a status change that rolls back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.comms.models import Channel, Kind, Message
from coproduce.consent import services as consent_services
from coproduce.consent.models import Consent, Purpose
from coproduce.contributions.models import Contribution
from coproduce.core.models import AuditEvent
from coproduce.datarights.erasure import person_erase
from coproduce.decisions import services
from coproduce.decisions.messages import SMS_PROMISE_MAX, you_said_we_did_url
from coproduce.decisions.tests.conftest import promise
from coproduce.people.models import Person


def contributor(org, admin, name: str, *, consent: bool = True, **contact) -> Person:
    person = Person.objects.create(organisation=org, full_name=name, **contact)
    if consent:
        consent_services.consent_give(person=person, purpose=Purpose.CONTACT, method="online", actor=admin)
    return person


def said(project, person, text: str = "The group starts too early for the school run", **fields) -> Contribution:
    return Contribution.objects.create(
        organisation=project.organisation, project=project, person=person, gathered="phone", text=text,
        **{"kind": "idea", **fields},
    )  # fmt: skip


def by_email(org, admin, name="Zainab Okafor", **fields) -> Person:
    return contributor(
        org, admin, name, email=f"{name.split()[0].lower()}@example.org", contact_by_email=True, **fields
    )


def change(actor, item, to_status, **fields):
    return services.promise_status_change(actor=actor, promise=item, to_status=to_status, **fields)


def news() -> list[Message]:
    return list(Message.objects.filter(kind=Kind.PROMISE_UPDATE).order_by("to"))


class TestWhoHears:
    def test_a_kept_promise_tells_each_contributor_once_by_email(self, colleague, admin, org, project) -> None:
        zainab = by_email(org, admin)
        made = promise(
            colleague, org, contributions=[said(project, zainab), said(project, zainab, "Mornings are hard")]
        )
        change(colleague, made, "kept")
        [message] = news()
        assert (message.person, message.channel, message.to) == (zainab, Channel.EMAIL, "zainab@example.org")
        assert message.subject == "Northby Family Hubs kept a promise"
        assert "Hello Zainab Okafor," in message.body
        assert "You told us: “The group starts too early for the school run”" in message.body
        assert "We promised: “We will move the group to 10:30”\nWe have kept this promise." in message.body
        assert you_said_we_did_url(org) == "http://testserver/o/northby/you-said-we-did"
        assert you_said_we_did_url(org) in message.body
        assert "stop these messages" in message.body  # the person's own link, added by the outbox
        event = AuditEvent.objects.filter(object_type="decisions.Promise").first()
        assert event.changes["people_told"] == 1

    def test_a_story_is_never_quoted_back(self, colleague, admin, org, project) -> None:
        zainab = by_email(org, admin)
        story = said(project, zainab, "What happened to us that winter", kind="story", content_note="loss")
        change(colleague, promise(colleague, org, contributions=[story]), "kept")
        [message] = news()
        assert "What happened to us that winter" not in message.body and "You told us:" not in message.body
        assert "Thank you for what you told us." in message.body

    def test_with_a_story_and_an_idea_only_the_idea_is_quoted(self, colleague, admin, org, project) -> None:
        zainab = by_email(org, admin)
        story = said(project, zainab, "What happened to us that winter", kind="story", content_note="loss")
        made = promise(colleague, org, contributions=[story, said(project, zainab, "Mornings are hard")])
        change(colleague, made, "kept")
        [message] = news()
        assert "What happened to us that winter" not in message.body
        assert "You told us: “Mornings are hard”" in message.body

    def test_a_staff_note_is_not_quoted_back_as_their_words(self, colleague, admin, org, project) -> None:
        zainab = by_email(org, admin)
        note = said(project, zainab, "Staff note: seemed tired, said buses cost too much", kind="note")
        change(colleague, promise(colleague, org, contributions=[note]), "kept")
        [message] = news()
        assert "Staff note" not in message.body and "You told us:" not in message.body
        assert "Thank you for sharing your views with us." in message.body

    def test_changed_and_not_possible_tell_families_why(self, colleague, admin, org, project) -> None:
        zainab = by_email(org, admin)
        made = promise(colleague, org, contributions=[said(project, zainab)])
        change(colleague, made, "changed", explanation="The room is booked until 11, so we moved to 11:15.")
        made.refresh_from_db()
        change(colleague, made, "not_possible", explanation="The hub is closing for repairs this year.")
        changed, impossible = sorted(news(), key=lambda message: message.created_at)
        assert changed.subject == "A promise from Northby Family Hubs has changed"
        assert "This promise has changed." in changed.body
        assert "Why: The room is booked until 11, so we moved to 11:15." in changed.body
        assert impossible.subject == "Northby Family Hubs cannot keep a promise"
        assert "We are sorry, but we cannot keep this promise." in impossible.body
        assert "Why: The hub is closing for repairs this year." in impossible.body

    def test_planned_and_in_progress_are_not_news(self, colleague, admin, org, project) -> None:
        made = promise(colleague, org, contributions=[said(project, by_email(org, admin))])
        change(colleague, made, "in_progress")
        assert news() == []

    def test_a_text_message_goes_to_people_who_chose_texts_and_is_short(self, colleague, admin, org, project) -> None:
        tom = contributor(org, admin, "Tom Reed", phone="07700 900982", contact_by_text=True)
        long_promise = "We will move the feeding group to half past ten on Tuesdays and Thursdays from September on"
        made = promise(colleague, org, text=long_promise, contributions=[said(project, tom)])
        change(colleague, made, "kept")
        [message] = news()
        assert (message.channel, message.subject) == (Channel.SMS, "")
        assert message.body.startswith("Hi Tom Reed. You told Northby Family Hubs what you think. We promised: We will")
        assert "We kept this promise. More: " in message.body
        assert long_promise not in message.body and len(long_promise) > SMS_PROMISE_MAX
        assert "/s/" in message.body  # the site's links are made short

    def test_an_anonymous_contribution_still_tells_its_person_privately(self, colleague, admin, org, project) -> None:
        zainab = by_email(org, admin)
        made = promise(colleague, org, contributions=[said(project, zainab, is_anonymous=True)])
        change(colleague, made, "kept")
        assert [message.person for message in news()] == [zainab]

    def test_nobody_without_contact_consent_or_a_way_to_reach_them(self, colleague, admin, org, project) -> None:
        no_consent = by_email(org, admin, "Nia Jones", consent=False)
        withdrawn = by_email(org, admin, "Will Drew")
        consent = Consent.objects.get(person=withdrawn, purpose=Purpose.CONTACT)
        consent_services.consent_withdraw(consent=consent, actor=admin, via="staff")
        phone_only = contributor(org, admin, "Pat Call", phone="01632 960001", contact_by_phone=True)
        nobody = Contribution.objects.create(organisation=org, project=project, kind="idea", gathered="phone", text="x")
        heard = by_email(org, admin, "Hana Heard")
        made = promise(
            colleague,
            org,
            contributions=[said(project, p) for p in (no_consent, withdrawn, phone_only, heard)] + [nobody],
        )
        change(colleague, made, "kept")
        assert [message.person for message in news()] == [heard]

    def test_an_erased_person_is_not_told(self, colleague, admin, org, project) -> None:
        zainab = by_email(org, admin)
        made = promise(colleague, org, contributions=[said(project, zainab)])
        person_erase(person=zainab, actor=admin, keep_attribution=True)
        change(colleague, made, "kept")
        assert news() == []

    def test_nothing_is_queued_when_the_change_rolls_back(self, colleague, admin, org, project) -> None:
        made = promise(colleague, org, contributions=[said(project, by_email(org, admin))])
        with pytest.raises(RuntimeError), transaction.atomic():
            change(colleague, made, "kept")
            assert len(news()) == 1  # written in the same transaction…
            raise RuntimeError("something later failed")
        assert news() == []  # …and gone with it
        made.refresh_from_db()
        assert made.status == "planned"

    def test_a_refused_change_sends_nothing(self, colleague, admin, org, project) -> None:
        made = promise(colleague, org, contributions=[said(project, by_email(org, admin))])
        with pytest.raises(ValidationError):  # changed needs an explanation
            change(colleague, made, "changed")
        assert news() == []

    def test_each_status_change_is_its_own_message_and_keys_do_not_repeat(self, colleague, admin, org, project) -> None:
        made = promise(colleague, org, contributions=[said(project, by_email(org, admin))])
        change(colleague, made, "kept")
        made.refresh_from_db()
        change(colleague, made, "in_progress")
        made.refresh_from_db()
        change(colleague, made, "kept")
        keys = [message.idempotency_key for message in news()]
        assert len(keys) == 2 and len(set(keys)) == 2


@pytest.mark.parametrize("status", ["kept", "changed", "not_possible"])
def test_the_words_are_plain_english(org, colleague, admin, project, status) -> None:
    from coproduce.analysis.plain_english import check_text
    from coproduce.decisions.messages import email_text, sms_text

    zainab = by_email(org, admin)
    made = promise(colleague, org)
    email = email_text(
        person=zainab, promise=made, said=["The group starts too early"], status=status, explanation="The hall shut."
    )
    for text in (email, sms_text(person=zainab, promise=made, status=status)):
        report = check_text(text, glossary={})
        assert report.reading_age <= report.target_reading_age, (text, report)
        assert not report.passive_sentences and not report.long_sentences, (text, report)
