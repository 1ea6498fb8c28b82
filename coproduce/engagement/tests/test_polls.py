"""Staff side of "When suits you?" polls: creating one (and the messages it queues), the results with the suggestion
and why, entering answers for someone, choosing the time, the activity page section, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import Message
from coproduce.consent.models import Consent
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, Attendance, Invitation, Poll, PollAnswer, PollSlot
from coproduce.engagement.services import polls as services
from coproduce.people.models import Person
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.stakeholders.models import StakeholderGroup
from tests.cast import client_for


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time `days` from today, in the local time zone."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def contactable(org, name: str, *, email: str = "", phone: str = "", consent: bool = True, **fields) -> Person:
    person = Person.objects.create(organisation=org, full_name=name, email=email, phone=phone, **fields)
    if consent:
        Consent.objects.create(organisation=org, person=person, purpose="contact", status="given", method="online")
    return person


def invite(activity: Activity, *people: Person) -> None:
    for person in people:
        Invitation.objects.create(organisation=activity.organisation, activity=activity, person=person)


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Better stay and play", goal="Find out what parents want")


@pytest.fixture
def activity(org, project) -> Activity:
    return Activity.objects.create(
        organisation=org, project=project, title="Stay and play design session", kind="co_design", join_in_person=True
    )


@pytest.fixture
def parents(org, activity) -> dict[str, Person]:
    """Invited: Ama (email), Bogdan (mobile only), Cara (no consent to contact), Dee (phone calls only)."""
    people = {
        "ama": contactable(org, "Ama Mensah", email="ama@example.com", contact_by_email=True),
        "bogdan": contactable(org, "Bogdan Nowak", phone="07700 900123", contact_by_text=True),
        "cara": contactable(org, "Cara Lynch", email="cara@example.com", consent=False),
        "dee": contactable(org, "Dee Patel", phone="07700 900456", contact_by_phone=True),
    }
    invite(activity, *people.values())
    return people


SLOTS = [(at(10, 10), at(10, 11, 30)), (at(12, 12, 30), at(12, 14)), (at(12, 18), at(12, 19, 30))]


@pytest.fixture
def poll(activity, parents, colleague) -> Poll:
    return services.poll_create(
        actor=colleague,
        activity=activity,
        question="When suits you?",
        closes_on=timezone.localdate() + dt.timedelta(days=7),
        slots=SLOTS,
    )


def answer(poll: Poll, person: Person, *choices: str, via: str = "link") -> None:
    slots = services.ordered_slots(poll)
    services.poll_answers_save(
        poll=poll, person=person, answers=dict(zip([s.pk for s in slots], choices, strict=True)), via=via
    )


def create_url(activity: Activity) -> str:
    return reverse("engagement:poll_create", kwargs={"activity_id": activity.pk})


def date_parts(name: str, value) -> dict:
    """The GOV.UK date input's three boxes: from a date, a (day, month, year) as typed, or "" for empty boxes."""
    if isinstance(value, dt.date):
        value = (str(value.day), str(value.month), str(value.year))
    value = value or ("", "", "")
    return {f"{name}_{part}": text for part, text in zip(("day", "month", "year"), value, strict=True)}


def slot_data(rows: list[tuple], **extra) -> dict:
    data = {
        "question": "When suits you?",
        **date_parts("closes_on", timezone.localdate() + dt.timedelta(days=5)),
        "slots-TOTAL_FORMS": str(len(rows)),
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "10",
    }
    for index, (date, starts, ends) in enumerate(rows):
        data.update(date_parts(f"slots-{index}-date", date))
        data.update({f"slots-{index}-starts": starts, f"slots-{index}-ends": ends})
    for name, value in extra.items():
        data.update(date_parts(name, value) if isinstance(value, dt.date) else {name: value})
    return data


def day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# Creating a poll.


def test_staff_create_a_poll_with_three_times_and_everyone_who_may_be_contacted_is_asked(
    activity, parents, colleague
) -> None:
    client = client_for(colleague)
    page = client.get(create_url(activity))
    assert page.status_code == 200
    assert "When suits you?" in page.content.decode()

    rows = [(day(10), "10am", "11:30am"), (day(12), "12.30pm", "2pm"), (day(12), "18:00", "19:30")]
    response = client.post(create_url(activity), slot_data(rows))
    poll = Poll.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement:poll_detail", kwargs={"poll_id": poll.pk})
    assert (poll.activity, poll.question, poll.status) == (activity, "When suits you?", "open")
    starts = [timezone.localtime(s.starts_at) for s in services.ordered_slots(poll)]
    assert [(s.hour, s.minute) for s in starts] == [(10, 0), (12, 30), (18, 0)]

    messages = {m.person_id: m for m in Message.objects.all()}
    # Ama by email, Bogdan (no email) by text message; Cara has not agreed to be contacted, Dee wants phone calls.
    assert set(messages) == {parents["ama"].pk, parents["bogdan"].pk}
    email, sms = messages[parents["ama"].pk], messages[parents["bogdan"].pk]
    assert (email.channel, email.to, email.idempotency_key) == (
        "email",
        "ama@example.com",
        f"poll:{poll.pk}:{parents['ama'].pk}",
    )
    assert "/when-suits-you/" in email.body and "Stay and play design session" in email.body
    assert (sms.channel, sms.to) == ("sms", "+447700900123")
    assert "1) " in sms.body and "2) " in sms.body and "3) " in sms.body
    assert "Reply with the numbers that suit you, e.g. 1 3" in sms.body
    audit = AuditEvent.objects.filter(object_id=str(poll.pk)).values_list("summary", flat=True)
    assert any("Poll created" in line for line in audit) and any("Poll sent to 2 people" in line for line in audit)
    for event in AuditEvent.objects.filter(object_id=str(poll.pk)):
        assert "Ama" not in event.summary and "ama@example.com" not in str(event.changes)


def test_add_another_time_shows_the_form_again_with_one_more_row_and_saves_nothing(activity, colleague) -> None:
    data = slot_data([(day(10), "10am", "11am"), (day(11), "2pm", "3pm")], add_slot="1")
    response = client_for(colleague).post(create_url(activity), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert not Poll.objects.exists()
    assert 'name="slots-TOTAL_FORMS" value="3"' in body
    assert 'name="slots-2-date_day"' in body and 'value="2pm"' in body
    assert f'name="slots-0-date_year" type="text" inputmode="numeric" autocomplete="off" value="{day(10).year}"' in body
    assert "govuk-error-summary" not in body


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("", "", ""), ("", "", "")], "Add at least 2 times for people to choose from"),
        ([(day(10), "10am", "11am"), ("", "", "")], "Add at least 2 times for people to choose from"),
        ([(day(-1), "10am", "11am"), (day(10), "10am", "11am")], "The date for time 1 must be today or in the future"),
        ([(day(10), "10am", "11am"), (day(10), "10am", "11am")], "Time 2 is the same as time 1"),
        ([(day(10), "10am", "9am"), (day(11), "10am", "11am")], "The end time for time 1 must be after the start time"),
        ([(day(10), "10am", "11am"), (day(11), "", "11am")], "Enter the start time for time 2"),
        (
            [(day(10), "ten", "11am"), (day(11), "10am", "11am")],
            "Enter the start time for time 1 like 10am, 2:30pm or 14:30",
        ),
        ([(day(10), "10am", "11am"), (("31", "2", "2030"), "10am", "11am")], "The date for time 2 must be a real date"),
        ([(day(10), "10am", "11am"), (("3", "", "2030"), "10am", "11am")], "The date for time 2 must include a month"),
    ],
)
def test_bad_times_give_a_clear_message_and_save_nothing(activity, parents, colleague, rows, message) -> None:
    response = client_for(colleague).post(create_url(activity), slot_data(rows))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "govuk-error-summary" in body and "<title>Error:" in body
    assert not Poll.objects.exists() and not PollSlot.objects.exists() and not Message.objects.exists()


def test_the_poll_must_close_before_the_first_time(activity, colleague) -> None:
    data = slot_data([(day(3), "10am", "11am"), (day(4), "10am", "11am")], closes_on=day(4))
    body = client_for(colleague).post(create_url(activity), data).content.decode()
    assert "The poll must close on or before the first time you offer" in body
    assert not Poll.objects.exists()


def test_the_service_refuses_no_slots_a_second_open_poll_and_a_cancelled_activity(activity, colleague, poll) -> None:
    from django.core.exceptions import ValidationError

    closes = timezone.localdate()
    with pytest.raises(ValidationError, match="already has an open poll"):
        services.poll_create(actor=colleague, activity=activity, question="", closes_on=closes, slots=SLOTS)
    poll.status = Poll.Status.CLOSED
    poll.save()
    with pytest.raises(ValidationError, match="Add at least 2 times"):
        services.poll_create(actor=colleague, activity=activity, question="", closes_on=closes, slots=[])
    with pytest.raises(ValidationError, match="already passed"):
        services.poll_create(
            actor=colleague,
            activity=activity,
            question="",
            closes_on=closes,
            slots=[SLOTS[0], (at(-1, 10), at(-1, 11))],
        )
    activity.status = Activity.Status.CANCELLED
    activity.save()
    with pytest.raises(ValidationError, match="cancelled"):
        services.poll_create(actor=colleague, activity=activity, question="", closes_on=closes, slots=SLOTS)
    assert Poll.objects.count() == 1


def test_sending_again_asks_only_people_not_asked_yet(org, activity, poll, colleague) -> None:
    assert Message.objects.count() == 2
    newcomer = contactable(org, "Esi Owusu", email="esi@example.com", contact_by_email=True)
    invite(activity, newcomer)
    report = services.poll_send(actor=colleague, poll=poll)
    assert (report.email, report.sms, report.already) == (1, 0, 2)
    assert Message.objects.count() == 3 and Message.objects.filter(person=newcomer).exists()
    # The send button, from the page, is POST only and for staff who run sessions.
    url = reverse("engagement:poll_send", kwargs={"poll_id": poll.pk})
    assert client_for(colleague).get(url).status_code == 405
    assert client_for(colleague).post(url).status_code == 302
    assert Message.objects.count() == 3


def test_polls_follow_the_contact_choices_invitations_follow(org, activity, poll, colleague) -> None:
    """Nobody is emailed who chose no way of being contacted, and no text goes to a landline."""
    no_way = contactable(org, "Fen Moyo", email="fen@example.com", phone="07700 900789")
    landline = contactable(org, "Gus Hale", phone="0113 496 0000", contact_by_text=True)
    landline_or_email = contactable(
        org, "Hana Ito", email="hana@example.com", phone="0113 496 0001", contact_by_text=True, contact_by_email=True
    )
    invite(activity, no_way, landline, landline_or_email)
    report = services.poll_send(actor=colleague, poll=poll)
    assert (report.email, report.sms) == (1, 0)
    assert {p.pk for p in report.no_address} >= {no_way.pk, landline.pk}
    assert not Message.objects.filter(person__in=[no_way, landline]).exists()
    assert Message.objects.get(person=landline_or_email).channel == "email"


def test_who_may_create_see_and_choose(activity, poll, viewer, stranger, colleague) -> None:
    create, detail, choose, answers = (
        create_url(activity),
        reverse("engagement:poll_detail", kwargs={"poll_id": poll.pk}),
        reverse("engagement:poll_choose", kwargs={"poll_id": poll.pk}),
        reverse("engagement:poll_answers", kwargs={"poll_id": poll.pk}),
    )
    # A viewer sees the results, without names, but cannot create, enter answers or choose.
    viewer_client = client_for(viewer)
    assert viewer_client.get(create).status_code == 403
    assert viewer_client.get(choose).status_code == 403
    assert viewer_client.get(answers).status_code == 403
    assert viewer_client.get(detail).status_code == 200
    # Another organisation's member gets 404 for all of them.
    stranger_client = client_for(stranger)
    for url in (create, detail, choose, answers):
        assert stranger_client.get(url).status_code == 404
    assert client_for(colleague).get(answers).status_code == 200


# Results.


def test_results_show_counts_names_for_staff_only_the_suggestion_and_why(poll, parents, colleague, viewer) -> None:
    answer(poll, parents["ama"], "yes", "no", "if_need_be")
    answer(poll, parents["bogdan"], "no", "no", "yes", via="text")
    url = reverse("engagement:poll_detail", kwargs={"poll_id": poll.pk})
    body = client_for(colleague).get(url).content.decode()
    evening = services.slot_words(services.ordered_slots(poll)[2])
    assert "Our suggestion" in body and evening in body
    # The third time: Ama if need be, Bogdan yes, and Bogdan can only make that one.
    assert "1 can come, 1 if need be" in body and "1 person can only make this slot" in body
    assert "Ama Mensah" in body and "Bogdan Nowak" in body
    assert "How we choose" in body and "counts as 1 and each" in body
    assert "never taken part before" in body and "fewer than 5 people involved" in body
    viewer_body = client_for(viewer).get(url).content.decode()
    assert evening in viewer_body and "Ama Mensah" not in viewer_body and "Bogdan" not in viewer_body


def test_no_answers_means_no_suggestion_yet(poll, colleague) -> None:
    body = client_for(colleague).get(reverse("engagement:poll_detail", kwargs={"poll_id": poll.pk})).content.decode()
    assert "Nobody has answered the poll yet." in body


def test_under_heard_is_never_involved_or_from_a_small_group_the_activity_is_for(org, project, activity) -> None:
    newcomer = Person.objects.create(organisation=org, full_name="Never Before")
    came = Person.objects.create(organisation=org, full_name="Came Before")
    involved = Person.objects.create(organisation=org, full_name="Involved Before")
    small_group_member = Person.objects.create(organisation=org, full_name="Small Group")
    big_group_member = Person.objects.create(organisation=org, full_name="Big Group")
    other = Activity.objects.create(organisation=org, project=project, title="Before", kind="workshop")
    Attendance.objects.create(organisation=org, activity=other, person=came, attended=True)
    Attendance.objects.create(organisation=org, activity=other, person=small_group_member, attended=True)
    Attendance.objects.create(organisation=org, activity=other, person=big_group_member, attended=True)
    small = StakeholderGroup.objects.create(organisation=org, name="Dads")
    big = StakeholderGroup.objects.create(organisation=org, name="Parents")
    ProjectStakeholder.objects.create(
        organisation=org, project=project, group=big, person=involved, kind="lived_experience"
    )
    for index in range(5):
        member = Person.objects.create(organisation=org, full_name=f"Parent {index}")
        ProjectStakeholder.objects.create(
            organisation=org, project=project, group=big, person=member, kind="lived_experience"
        )
    small_group_member.stakeholder_groups.add(small)
    big_group_member.stakeholder_groups.add(big)
    activity.stakeholder_groups.set([small, big])
    everyone = [newcomer.pk, came.pk, involved.pk, small_group_member.pk, big_group_member.pk]
    assert services.under_heard_people(activity, everyone) == {newcomer.pk, small_group_member.pk}
    # A group the activity is not for does not count.
    activity.stakeholder_groups.set([big])
    assert services.under_heard_people(activity, everyone) == {newcomer.pk}


def test_an_under_heard_person_tips_the_suggestion(org, project, poll, parents) -> None:
    other = Activity.objects.create(organisation=org, project=project, title="Before", kind="workshop")
    for person in (parents["ama"], parents["bogdan"]):
        Attendance.objects.create(organisation=org, activity=other, person=person, attended=True)
    # Ama and Bogdan (taken part before) can make the first or second; Cara (never involved) only the second.
    answer(poll, parents["ama"], "yes", "if_need_be", "no")
    answer(poll, parents["bogdan"], "yes", "if_need_be", "no")
    answer(poll, parents["cara"], "no", "yes", "no")
    results = services.poll_results(poll)
    assert results.under_heard == {parents["cara"].pk}
    assert results.suggested.number == 2
    assert "including the 1 person from a group we hear from least" in results.headline


# Entering answers for someone.


def test_staff_enter_answers_after_a_phone_call_and_can_change_them(poll, parents, colleague) -> None:
    dee = parents["dee"]
    url = reverse("engagement:poll_answer_enter", kwargs={"poll_id": poll.pk, "person_id": dee.pk})
    client = client_for(colleague)
    page = client.get(url)
    assert page.status_code == 200 and "Answers for Dee Patel" in page.content.decode()

    incomplete = client.post(url, {"slot_1": "yes", "slot_2": "no"})
    assert "Say whether" in incomplete.content.decode() and "suits them" in incomplete.content.decode()
    assert not PollAnswer.objects.exists()

    response = client.post(url, {"slot_1": "yes", "slot_2": "no", "slot_3": "if_need_be"})
    assert response.status_code == 302
    rows = PollAnswer.objects.filter(person=dee).order_by("slot__starts_at")
    assert [(r.answer, r.via, r.entered_by) for r in rows] == [
        ("yes", "staff", colleague),
        ("no", "staff", colleague),
        ("if_need_be", "staff", colleague),
    ]
    client.post(url, {"slot_1": "no", "slot_2": "no", "slot_3": "yes"})
    assert list(PollAnswer.objects.filter(person=dee).order_by("slot__starts_at").values_list("answer", flat=True)) == [
        "no",
        "no",
        "yes",
    ]
    audit = AuditEvent.objects.filter(object_id=str(poll.pk), actor=colleague, summary__contains=dee.audit_label)
    assert audit.count() == 2 and "Dee" not in "".join(audit.values_list("summary", flat=True))
    listing = client.get(reverse("engagement:poll_answers", kwargs={"poll_id": poll.pk})).content.decode()
    assert "Yes, entered by staff" in listing


def test_staff_cannot_enter_answers_for_another_organisations_person(poll, colleague, other_org) -> None:
    stranger_person = Person.objects.create(organisation=other_org, full_name="Southby Parent")
    url = reverse("engagement:poll_answer_enter", kwargs={"poll_id": poll.pk, "person_id": stranger_person.pk})
    assert client_for(colleague).post(url, {"slot_1": "yes", "slot_2": "yes", "slot_3": "yes"}).status_code == 404
    assert not PollAnswer.objects.exists()


# Choosing the time.


def test_the_suggested_time_is_preselected_and_choosing_it_sets_the_activity_and_closes_the_poll(
    poll, parents, colleague, activity, monkeypatch
) -> None:
    told = []
    monkeypatch.setattr(
        "coproduce.engagement.messages.activity_change_messages_queue", lambda a, **k: told.append(k["changes"])
    )
    answer(poll, parents["ama"], "no", "yes", "no")
    second = services.ordered_slots(poll)[1]
    url = reverse("engagement:poll_choose", kwargs={"poll_id": poll.pk})
    client = client_for(colleague)
    page = client.get(url).content.decode()
    assert f'value="{second.pk}" checked' in page

    response = client.post(url, {"slot": str(second.pk)})
    assert response.status_code == 302
    poll.refresh_from_db()
    activity.refresh_from_db()
    assert (poll.status, poll.chosen_slot) == ("closed", second)
    assert (activity.starts_at, activity.ends_at) == (second.starts_at, second.ends_at)
    # The activity had no time before: everyone who said yes or maybe is told the time now set.
    assert told == [[f"It is now {services.slot_words(second)}."]]
    assert AuditEvent.objects.filter(object_id=str(activity.pk), summary="Time set from a poll").exists()
    # Closed: no more choosing, and the page says so.
    assert client.get(url).status_code == 302


def test_choosing_a_new_time_for_an_activity_that_had_one_tells_people(poll, colleague, activity, monkeypatch) -> None:
    told = []
    monkeypatch.setattr(
        "coproduce.engagement.messages.activity_change_messages_queue",
        lambda a, **k: told.append((a.pk, k["changes"])),
    )
    activity.starts_at, activity.ends_at = at(20, 10), at(20, 11)
    activity.save()
    first = services.ordered_slots(poll)[0]
    client_for(colleague).post(reverse("engagement:poll_choose", kwargs={"poll_id": poll.pk}), {"slot": str(first.pk)})
    assert told == [(activity.pk, [f"It is now {services.slot_words(first)}."])]


def test_choosing_a_time_for_an_open_window_activity_sets_the_time_clears_the_window_and_tells_people(
    org, poll, colleague, activity
) -> None:
    from coproduce.comms.models import Kind

    activity.window_opens_on, activity.window_closes_on = day(1), day(20)
    activity.save()
    coming = contactable(org, "Ivo Lind", email="ivo@example.com", contact_by_email=True)
    Invitation.objects.create(organisation=org, activity=activity, person=coming, reply="yes")
    first = services.ordered_slots(poll)[0]
    services.poll_choose(actor=colleague, poll=poll, slot=first)
    activity.refresh_from_db()
    assert (activity.starts_at, activity.window_opens_on, activity.window_closes_on) == (first.starts_at, None, None)
    [told] = Message.objects.filter(kind=Kind.CHANGE)
    assert told.person == coming
    assert f"It is now {services.slot_words(first)}." in told.body and "Any time" not in told.body


def test_a_time_that_has_passed_cannot_be_chosen(poll, colleague, activity) -> None:
    from django.core.exceptions import ValidationError

    first = services.ordered_slots(poll)[0]
    PollSlot.objects.filter(pk=first.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=1))
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="already passed"):
        services.poll_choose(actor=colleague, poll=poll, slot=first)
    url = reverse("engagement:poll_choose", kwargs={"poll_id": poll.pk})
    body = client_for(colleague).post(url, {"slot": str(first.pk)}).content.decode()
    assert "That time has already passed" in body
    poll.refresh_from_db()
    activity.refresh_from_db()
    assert poll.status == "open" and activity.starts_at is None


def test_a_slot_of_another_poll_cannot_be_chosen(poll, colleague, org, project) -> None:
    elsewhere = Activity.objects.create(organisation=org, project=project, title="Other", kind="workshop")
    other_poll = Poll.objects.create(organisation=org, activity=elsewhere)
    foreign = PollSlot.objects.create(organisation=org, poll=other_poll, starts_at=at(5, 10))
    url = reverse("engagement:poll_choose", kwargs={"poll_id": poll.pk})
    body = client_for(colleague).post(url, {"slot": str(foreign.pk)}).content.decode()
    assert "Choose one of the times" in body
    poll.refresh_from_db()
    assert poll.status == "open"


# The activity page section, and bounded queries.


def _section(activity: Activity, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "engagement/_activity_polls.html" %}')
    return template.render(Context({"activity": activity, "request": request}))


def _answer_many(poll: Poll, count: int) -> None:
    org = poll.organisation
    slots = services.ordered_slots(poll)
    people = Person.objects.bulk_create(Person(organisation=org, full_name=f"Parent {i:03}") for i in range(count))
    Invitation.objects.bulk_create(
        Invitation(organisation=org, activity=poll.activity, person=person) for person in people
    )
    PollAnswer.objects.bulk_create(
        PollAnswer(organisation=org, slot=slot, person=person, answer=("yes", "no", "if_need_be")[(i + n) % 3])
        for i, person in enumerate(people)
        for n, slot in enumerate(slots)
    )


def test_the_activity_section_shows_the_status_answers_and_suggestion(activity, poll, parents, colleague) -> None:
    answer(poll, parents["ama"], "yes", "no", "no")
    html = _section(activity, colleague)
    assert "Open" in html and "1 person has answered (4 invited)" in html
    assert services.slot_words(services.ordered_slots(poll)[0]) in html
    assert reverse("engagement:poll_detail", kwargs={"poll_id": poll.pk}) in html
    assert reverse("engagement:poll_choose", kwargs={"poll_id": poll.pk}) in html


def _summary_matches_results(poll: Poll) -> None:
    results, summary = services.poll_results(poll), services.poll_summary(poll)
    assert summary.answered == len(results.respondents)
    assert summary.invited == len(results.invited)
    assert summary.suggested_words == (results.suggested.words if results.suggested else "")
    assert summary.headline == results.headline


def test_the_activity_sections_summary_says_what_the_full_results_say(activity, poll, parents) -> None:
    _summary_matches_results(poll)  # nobody has answered
    answer(poll, parents["ama"], "no", "no", "no")
    _summary_matches_results(poll)  # nobody can make any time
    answer(poll, parents["bogdan"], "yes", "if_need_be", "no")
    answer(poll, parents["cara"], "if_need_be", "yes", "no")
    _summary_matches_results(poll)  # a tie
    answer(poll, parents["dee"], "no", "yes", "yes")
    Person.objects.filter(pk=parents["dee"].pk).update(erased_at=timezone.now())
    _summary_matches_results(poll)
    assert services.poll_summary(poll).invited == 3


def test_the_activity_section_offers_a_poll_when_there_is_none(activity, colleague, viewer) -> None:
    assert create_url(activity) in _section(activity, colleague)
    assert create_url(activity) not in _section(activity, viewer)


def test_pages_take_the_same_number_of_queries_for_10_or_200_answers(activity, poll, colleague) -> None:
    client = client_for(colleague)
    detail = reverse("engagement:poll_detail", kwargs={"poll_id": poll.pk})
    answers = reverse("engagement:poll_answers", kwargs={"poll_id": poll.pk})
    _answer_many(poll, 10)
    _section(activity, colleague)  # the member's roles are then cached on the user, as on any page after the first
    counts = []
    for extra in (0, 190):
        if extra:
            _answer_many(poll, extra)
        found = []
        for render in (lambda: _section(activity, colleague), lambda: client.get(detail), lambda: client.get(answers)):
            with CaptureQueriesContext(connection) as queries:
                render()
            found.append(len(queries))
        counts.append(found)
    assert counts[0] == counts[1], counts
    assert "200 people have answered (204 invited)" in _section(activity, colleague)
    assert services.answers_count(poll) == 200


# Demo data.


def test_the_demo_poll_has_three_times_and_answers_from_the_people_invited(org, project, colleague) -> None:
    import random

    from coproduce.engagement.demo_polls import seed_demo_polls

    assert seed_demo_polls(org, rng=random.Random(1)) is None  # no activity yet
    upcoming = Activity.objects.create(
        organisation=org, project=project, title="Dads' group", kind="peer_support", starts_at=at(30, 18)
    )
    Person.objects.bulk_create(
        Person(organisation=org, full_name=f"Demo Parent {i}", phone=f"07700 900{i:03}") for i in range(12)
    )
    poll = seed_demo_polls(org, rng=random.Random(1))
    assert poll.activity == upcoming and poll.status == "open" and poll.closes_on >= timezone.localdate()
    slots = services.ordered_slots(poll)
    assert len(slots) == 3 and all(slot.starts_at > timezone.now() for slot in slots)
    invited = set(Invitation.objects.filter(activity=upcoming).values_list("person_id", flat=True))
    assert len(invited) == 8  # nobody was invited, so the demo invited some people
    answered = set(PollAnswer.objects.filter(slot__poll=poll).values_list("person_id", flat=True))
    assert answered and answered <= invited
    assert PollAnswer.objects.filter(slot__poll=poll, via="staff", entered_by=colleague).exists()
    assert services.poll_results(poll).suggested is not None
    # The same seed gives the same answers.
    first = sorted(PollAnswer.objects.filter(slot__poll=poll).values_list("person__full_name", "answer"))
    Poll.objects.all().delete()
    Invitation.objects.all().delete()
    seed_demo_polls(org, rng=random.Random(1))
    assert sorted(PollAnswer.objects.values_list("person__full_name", "answer")) == first
