"""Inviting people to an activity: the plan (who gets a message, who staff must ask, who is skipped), inviting in
one transaction with the messages, the invite page (segments, individuals, the preview), staff recording a reply,
taking someone off, and the replies section of the activity page with 500 invitations.

The cast at the top is shared by test_replies.py, test_barriers_page.py and test_api_replies.py."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import Kind, Message
from coproduce.consent.models import Consent, ConsentMethod, ConsentStatus, Purpose
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, Invitation, Reply, Venue
from coproduce.engagement.reply_links import reply_link_check
from coproduce.engagement.services import invitations as services
from coproduce.organisations.models import Role
from coproduce.people.models import Child, Household, Person
from coproduce.projects.models import Project
from tests.cast import client_for, make_member

# --- the cast ------------------------------------------------------------------------------------------------------


def make_person(
    org,
    name: str,
    *,
    email: str = "",
    phone: str = "",
    consent: bool = True,
    by_email: bool | None = None,
    by_text: bool | None = None,
    **fields,
) -> Person:
    person = Person.objects.create(
        organisation=org,
        full_name=name,
        email=email,
        phone=phone,
        contact_by_email=bool(email) if by_email is None else by_email,
        contact_by_text=bool(phone) if by_text is None else by_text,
        **fields,
    )
    if consent:
        Consent.objects.create(
            organisation=org,
            person=person,
            purpose=Purpose.CONTACT,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.ONLINE,
        )
    return person


def make_venue(org, **fields) -> Venue:
    defaults = {"name": "Eastfield Family Hub", "address": "Foundry Lane\nNorthby", "postcode": "NB4 6QD"}
    return Venue.objects.create(organisation=org, **(defaults | fields))


def make_activity(org, *, days: int = 14, **fields) -> Activity:
    project = Project.objects.for_organisation(org).first() or Project.objects.create(
        organisation=org, title="Better starts", goal="Families shape the early years offer."
    )
    starts_at = (timezone.now() + dt.timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)
    defaults = {
        "title": "Stay and play planning",
        "kind": "co_design",
        "description": "Help us plan the new stay and play sessions.",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=2),
        "join_in_person": True,
        "join_online": True,
        "online_link": "https://meet.example/room-4411",
    }
    if "venue" not in fields:
        defaults["venue"] = Venue.objects.for_organisation(org).first() or make_venue(org)
    return Activity.objects.create(organisation=org, project=project, **(defaults | fields))


def make_invitation(activity: Activity, person: Person, *, reply: str = Reply.INVITED, **fields) -> Invitation:
    if reply != Reply.INVITED:
        fields.setdefault("replied_at", timezone.now())
    return Invitation.objects.create(
        organisation=activity.organisation, activity=activity, person=person, reply=reply, **fields
    )


@pytest.fixture
def activity(org) -> Activity:
    return make_activity(org)


@pytest.fixture
def partner(org):
    return make_member(org, "partner@example.org", Role.PARTNER)


# --- the plan and the service --------------------------------------------------------------------------------------


def test_the_plan_sorts_people_by_how_the_invitation_reaches_them(org, other_org, activity) -> None:
    email = make_person(org, "Esme Email", email="esme@example.com")
    text = make_person(org, "Tariq Text", phone="07700 900111")
    no_consent = make_person(org, "Nora Noconsent", email="nora@example.com", consent=False)
    no_channel = make_person(org, "Carl Callonly", phone="07700 900222", by_text=False, contact_by_phone=True)
    invited = make_person(org, "Ivy Invited", email="ivy@example.com")
    make_invitation(activity, invited)
    erased = make_person(org, "Gone Person", email="gone@example.com", erased_at=timezone.now())
    stranger = make_person(other_org, "Southby Person", email="s@example.com")

    plan = services.invite_plan(
        activity=activity, people=[email, text, no_consent, no_channel, invited, erased, stranger]
    )

    assert [(p.full_name, route) for p, route in plan.by_message] == [("Esme Email", "email"), ("Tariq Text", "sms")]
    assert [p.full_name for p in plan.cannot_message] == ["Nora Noconsent", "Carl Callonly"]
    assert plan.already_invited == 1


def test_inviting_creates_invitations_and_queues_messages_together(org, colleague, activity) -> None:
    esme = make_person(org, "Esme Email", email="esme@example.com")
    tariq = make_person(org, "Tariq Text", phone="07700 900111")
    nora = make_person(org, "Nora Noconsent", email="nora@example.com", consent=False)

    result = services.invitations_create(
        activity=activity, people=[esme, tariq, nora], include_uncontactable=False, actor=colleague
    )

    assert result.messages_queued == 2 and result.staff_to_ask == 0
    invitations = {i.person_id: i for i in Invitation.objects.filter(activity=activity)}
    assert set(invitations) == {esme.pk, tariq.pk}
    assert invitations[esme.pk].channel == "email" and invitations[tariq.pk].channel == "sms"
    assert invitations[esme.pk].invited_by == colleague
    messages = Message.objects.filter(kind=Kind.INVITATION)
    assert {m.person_id for m in messages} == {esme.pk, tariq.pk}
    esme_message = messages.get(person=esme)
    # The message carries the person's own reply link.
    link = re.search(r"http://testserver/r/([^/\s]+)/", esme_message.body).group(1)
    assert reply_link_check(link).invitation == invitations[esme.pk]


def test_people_who_cannot_get_a_message_are_added_for_staff_to_ask(org, colleague, activity) -> None:
    nora = make_person(org, "Nora Noconsent", email="nora@example.com", consent=False)
    result = services.invitations_create(activity=activity, people=[nora], include_uncontactable=True, actor=colleague)
    assert result.staff_to_ask == 1 and result.messages_queued == 0
    assert Invitation.objects.get(activity=activity, person=nora).channel == services.STAFF_CHANNEL
    assert not Message.objects.exists()


def test_nothing_is_saved_when_a_message_cannot_be_queued(org, colleague, activity, monkeypatch) -> None:
    people = [make_person(org, f"Parent {n}", email=f"p{n}@example.com") for n in range(3)]
    calls = []

    def failing(invitation, *, reply_url):
        calls.append(invitation)
        if len(calls) == 2:
            raise RuntimeError("outbox down")
        return Message.objects.create(
            organisation=org,
            channel="email",
            to="x@example.com",
            body="x",
            kind=Kind.INVITATION,
            idempotency_key=f"k{len(calls)}",
        )

    monkeypatch.setattr(services.messages, "invitation_message_queue", failing)
    with pytest.raises(RuntimeError):
        services.invitations_create(activity=activity, people=people, include_uncontactable=False, actor=colleague)
    assert not Invitation.objects.exists()
    assert not Message.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.INVITE).exists()


def test_the_audit_line_has_counts_and_no_names(org, colleague, activity) -> None:
    people = [make_person(org, "Wiktoria Nowak", email="w@example.com"), make_person(org, "No Way", consent=False)]
    services.invitations_create(activity=activity, people=people, include_uncontactable=True, actor=colleague)
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITE, object_id=str(activity.pk))
    assert event.actor == colleague
    assert event.changes == {"invited": 2, "messages": 1, "staff_to_ask": 1}
    assert "Wiktoria" not in f"{event.summary} {event.changes} {event.object_label}"


def test_a_cancelled_or_past_activity_cannot_be_invited_to(org, colleague) -> None:
    person = make_person(org, "Esme Email", email="esme@example.com")
    cancelled = make_activity(org, status=Activity.Status.CANCELLED)
    with pytest.raises(ValidationError, match="This activity is cancelled"):
        services.invitations_create(activity=cancelled, people=[person], include_uncontactable=False, actor=colleague)
    past = make_activity(org, days=-3, title="Last week")
    with pytest.raises(ValidationError, match="already happened"):
        services.invitations_create(activity=past, people=[person], include_uncontactable=False, actor=colleague)
    assert not Invitation.objects.exists()


def test_inviting_nobody_new_says_so(org, colleague, activity) -> None:
    person = make_person(org, "Ivy Invited", email="ivy@example.com")
    make_invitation(activity, person)
    with pytest.raises(ValidationError, match="everyone chosen is invited already"):
        services.invitations_create(activity=activity, people=[person], include_uncontactable=False, actor=colleague)
    nora = make_person(org, "Nora Noconsent", consent=False)
    with pytest.raises(ValidationError, match="None of these people can get a message"):
        services.invitations_create(activity=activity, people=[nora], include_uncontactable=False, actor=colleague)


# --- the invite page -----------------------------------------------------------------------------------------------


def invite_url(activity: Activity) -> str:
    return reverse("engagement:invite", kwargs={"activity_id": activity.pk})


def test_the_page_asks_for_a_choice_before_showing_anyone(org, colleague, activity) -> None:
    make_person(org, "Esme Email", email="esme@example.com")
    response = client_for(colleague).get(invite_url(activity))
    assert response.status_code == 200
    assert "Search for a name, or choose a group" in response.content.decode()
    assert "Esme Email" not in response.content.decode()


def test_a_segment_shows_a_count_and_a_preview_then_invites(org, colleague, activity) -> None:
    young = Household.objects.create(organisation=org, name="Young family")
    Child.objects.create(organisation=org, household=young, age_band="0-1")
    in_segment = [
        make_person(org, "Amira Under5", email="amira@example.com", household=young),
        make_person(org, "Bea Under5", phone="07700 900333", household=young),
        make_person(org, "Cat Nocontact", household=young, consent=False),
    ]
    make_person(org, "Olu Older", email="olu@example.com")  # no young children
    client = client_for(colleague)

    response = client.get(invite_url(activity), {"circumstance": "under_5"})
    page = response.content.decode()
    assert "3 people can be invited." in page
    assert "1 gets an email" in page and "1 gets a text message" in page
    assert "1 cannot get a message" in page
    assert "Invite 2 people" in page
    assert "Amira Under5" in page and "Cat Nocontact" in page and "Olu Older" not in page

    response = client.post(
        invite_url(activity),
        {"circumstance": "under_5", "person": [str(in_segment[0].pk), str(in_segment[1].pk)]},
    )
    assert response.status_code == 302
    assert response.url == reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk}) + "#replies"
    assert set(Invitation.objects.values_list("person__full_name", flat=True)) == {"Amira Under5", "Bea Under5"}
    assert Message.objects.filter(kind=Kind.INVITATION).count() == 2


def test_ticking_someone_who_cannot_get_a_message_adds_them_for_staff(org, colleague, activity) -> None:
    cat = make_person(org, "Cat Nocontact", consent=False, languages="Polish")
    client_for(colleague).post(invite_url(activity), {"language": "Polish", "person": [str(cat.pk)]})
    assert Invitation.objects.get(person=cat).channel == "staff"


def test_individuals_are_found_by_name(org, colleague, activity) -> None:
    jo = make_person(org, "Joanne Mbeki", email="jo@example.com")
    make_person(org, "Someone Else", email="else@example.com")
    client = client_for(colleague)
    page = client.get(invite_url(activity), {"q": "mbeki"}).content.decode()
    assert "Joanne Mbeki" in page and "Someone Else" not in page and "Invite 1 person" in page
    client.post(invite_url(activity), {"q": "mbeki", "person": [str(jo.pk)]})
    assert list(Invitation.objects.values_list("person_id", flat=True)) == [jo.pk]


def test_unticking_everyone_gives_an_error_and_saves_nothing(org, colleague, activity) -> None:
    make_person(org, "Joanne Mbeki", email="jo@example.com")
    response = client_for(colleague).post(invite_url(activity), {"q": "mbeki"})
    assert response.status_code == 200
    assert "Tick at least one person to invite" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_large_segment_invites_everyone_who_matches(org, colleague, activity, monkeypatch) -> None:
    monkeypatch.setattr("coproduce.engagement.views.invitations.CHOOSE_LIMIT", 2)
    for n in range(3):
        make_person(org, f"Polish Speaker {n}", email=f"pl{n}@example.com", languages="Polish")
    make_person(org, "Polish Nocontact", languages="Polish", consent=False)
    client = client_for(colleague)
    page = client.get(invite_url(activity), {"language": "Polish"}).content.decode()
    assert "And 2 more people." in page and "Also add the 1 person who cannot get a message" in page
    client.post(invite_url(activity), {"language": "Polish"})
    assert Invitation.objects.filter(activity=activity).count() == 3
    another = make_activity(org, title="Another session")
    client.post(invite_url(another), {"language": "Polish", "include_uncontactable": "on"})
    assert Invitation.objects.filter(activity=another).count() == 4
    assert Invitation.objects.get(activity=another, channel="staff").person.full_name == "Polish Nocontact"


def test_people_already_invited_are_not_offered_again(org, colleague, activity) -> None:
    jo = make_person(org, "Joanne Mbeki", email="jo@example.com")
    make_invitation(activity, jo)
    page = client_for(colleague).get(invite_url(activity), {"q": "Joanne"}).content.decode()
    assert "1 is invited already and will not be invited twice" in page
    assert "There is nobody new to invite" in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER])
def test_roles_that_do_not_run_sessions_cannot_invite(org, activity, role) -> None:
    user = make_member(org, f"{role}@example.org", role)
    client = client_for(user)
    assert client.get(invite_url(activity)).status_code == 403
    person = make_person(org, "Joanne Mbeki", email="jo@example.com")
    assert client.post(invite_url(activity), {"q": "Joanne", "person": [str(person.pk)]}).status_code == 403
    assert not Invitation.objects.exists()


def test_another_organisations_activity_is_not_found(org, other_org, stranger) -> None:
    theirs = make_activity(other_org)
    assert client_for(stranger).get(invite_url(make_activity(org))).status_code == 404
    assert client_for(stranger).get(invite_url(theirs)).status_code == 200


def test_a_bad_filter_gets_its_message(org, colleague, activity) -> None:
    page = client_for(colleague).get(invite_url(activity), {"circumstance": "wizards"}).content.decode()
    assert "Choose household circumstances from the list" in page


# --- staff recording a reply, and taking someone off ----------------------------------------------------------------


def record_url(invitation: Invitation) -> str:
    return reverse("engagement:reply_record", kwargs={"activity_id": invitation.activity_id, "reply_id": invitation.pk})


def test_staff_record_a_phone_reply_with_who_did_it(org, colleague, activity) -> None:
    person = make_person(org, "Carl Callonly", phone="07700 900222", by_text=False, contact_by_phone=True)
    invitation = make_invitation(activity, person, channel="staff")
    response = client_for(colleague).post(
        record_url(invitation), {"reply": "yes", "joining": "in_person", "note": "Phoned on Tuesday"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.joining, invitation.note) == ("yes", "in_person", "Phoned on Tuesday")
    event = AuditEvent.objects.filter(object_id=str(invitation.pk)).latest("id")
    assert event.actor == colleague
    assert event.changes == {"fields": ["reply", "joining", "note"], "via": "staff"}
    assert "Carl" not in event.summary


def test_staff_reply_errors_are_shown_and_nothing_saved(org, colleague, activity) -> None:
    invitation = make_invitation(activity, make_person(org, "Carl Callonly"))
    client = client_for(colleague)
    page = client.post(record_url(invitation), {"reply": "yes"}).content.decode()
    assert "Choose how they will take part" in page
    page = client.post(record_url(invitation), {}).content.decode()
    assert "Choose what they said" in page
    invitation.refresh_from_db()
    assert invitation.reply == Reply.INVITED


def test_a_reply_of_another_activity_is_not_found(org, colleague, activity) -> None:
    other = make_activity(org, title="Another")
    invitation = make_invitation(other, make_person(org, "Carl Callonly"))
    url = reverse("engagement:reply_record", kwargs={"activity_id": activity.pk, "reply_id": invitation.pk})
    assert client_for(colleague).get(url).status_code == 404


def test_viewers_cannot_record_replies(org, viewer, activity) -> None:
    invitation = make_invitation(activity, make_person(org, "Carl Callonly"))
    assert client_for(viewer).post(record_url(invitation), {"reply": "no"}).status_code == 403
    invitation.refresh_from_db()
    assert invitation.reply == Reply.INVITED


def test_taking_someone_off_gives_their_place_to_the_first_waiting(org, colleague) -> None:
    activity = make_activity(org, capacity=1)
    had_place = make_invitation(activity, make_person(org, "Has Place", email="a@example.com"), reply=Reply.YES)
    now = timezone.now()
    second = make_invitation(
        activity,
        make_person(org, "Second", email="b@example.com"),
        reply=Reply.YES,
        on_waiting_list=True,
        replied_at=now,
    )
    first = make_invitation(
        activity,
        make_person(org, "First", email="c@example.com"),
        reply=Reply.YES,
        on_waiting_list=True,
        replied_at=now - dt.timedelta(hours=1),
    )
    url = reverse("engagement:reply_remove", kwargs={"activity_id": activity.pk, "reply_id": had_place.pk})
    client = client_for(colleague)
    assert "It will go to the first person on the waiting list" in client.get(url).content.decode()
    client.post(url)
    assert not Invitation.objects.filter(pk=had_place.pk).exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.on_waiting_list and second.on_waiting_list
    assert Message.objects.filter(person=first.person, kind=Kind.CONFIRMATION).count() == 1


# --- the replies section of the activity page, and the replies list -----------------------------------------------


def section(user, org, activity: Activity) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.organisation = org
    return render_to_string("engagement/_activity_replies.html", {"activity": activity}, request=request)


def test_the_section_counts_replies_and_lists_them_for_staff(org, colleague) -> None:
    activity = make_activity(org, capacity=3)
    make_invitation(activity, make_person(org, "Yasmin Yes"), reply=Reply.YES, joining="online")
    make_invitation(activity, make_person(org, "Waleed Waiting"), reply=Reply.YES, on_waiting_list=True)
    make_invitation(activity, make_person(org, "Mo Maybe"), reply=Reply.MAYBE, joining="in_person")
    make_invitation(activity, make_person(org, "Nell No"), reply=Reply.NO)
    make_invitation(activity, make_person(org, "Nat Notyet"))
    html = section(colleague, org, activity)
    assert "2 of 3" in html  # places left
    for name in ("Yasmin Yes", "Waleed Waiting", "Mo Maybe", "Nell No", "Nat Notyet"):
        assert name in html
    assert html.index("Yasmin Yes") < html.index("Mo Maybe") < html.index("Waleed Waiting") < html.index("Nell No")
    assert "On the waiting list" in html and "Online" in html
    assert invite_url(activity) in html
    assert reverse("engagement:barrier_check", kwargs={"activity_id": activity.pk}) in html


def test_roles_that_cannot_see_people_get_counts_only(org, viewer, activity) -> None:
    make_invitation(activity, make_person(org, "Yasmin Yes"), reply=Reply.YES)
    html = section(viewer, org, activity)
    assert "Yasmin" not in html
    assert "Invite people" not in html
    assert "Coming" in html


def test_the_section_runs_the_same_queries_for_500_invitations(org, colleague) -> None:
    activity = make_activity(org, capacity=600)
    household = Household.objects.create(organisation=org)
    Child.objects.create(organisation=org, household=household, age_band="2-4")

    def add(count: int, start: int) -> None:
        people = Person.objects.bulk_create(
            [
                Person(organisation=org, full_name=f"Parent {n:03}", household=household)
                for n in range(start, start + count)
            ]
        )
        replies = [Reply.YES, Reply.MAYBE, Reply.NO, Reply.INVITED]
        Invitation.objects.bulk_create(
            [
                Invitation(
                    organisation=org, activity=activity, person=p, reply=replies[i % 4], replied_at=timezone.now()
                )
                for i, p in enumerate(people)
            ]
        )

    add(4, 0)
    section(colleague, org, activity)  # warm the caches (roles)
    with CaptureQueriesContext(connection) as few:
        section(colleague, org, activity)
    add(496, 4)
    with CaptureQueriesContext(connection) as many:
        html = section(colleague, org, activity)
    assert Invitation.objects.filter(activity=activity).count() == 500
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert "See 450 more replies" in html


def test_the_replies_list_filters_and_pages(org, colleague, activity) -> None:
    make_invitation(activity, make_person(org, "Yasmin Yes"), reply=Reply.YES)
    make_invitation(activity, make_person(org, "Nell No"), reply=Reply.NO)
    url = reverse("engagement:reply_list", kwargs={"activity_id": activity.pk})
    client = client_for(colleague)
    page = client.get(url, {"show": "no"}).content.decode()
    assert "Nell No" in page and "Yasmin Yes" not in page
    assert client_for(make_member(org, "v@example.org", Role.VIEWER)).get(url).status_code == 403


def test_the_person_page_shows_their_involvement_newest_first(org, colleague) -> None:
    from coproduce.engagement.models import Attendance

    person = make_person(org, "Jo Mbeki")
    older = make_activity(org, days=-30, title="Autumn focus group")
    newer = make_activity(org, days=10, title="Winter workshop")
    make_invitation(older, person, reply=Reply.YES, joining="in_person")
    Attendance.objects.create(organisation=org, activity=older, person=person, attended=True)
    make_invitation(newer, person, reply=Reply.MAYBE)
    walk_in = make_activity(org, days=-5, title="Drop-in")
    Attendance.objects.create(organisation=org, activity=walk_in, person=person, attended=True, walk_in=True)
    response = client_for(colleague).get(reverse("people:person_detail", kwargs={"person_id": person.pk}))
    html = response.content.decode()
    table = html[html.index('id="involvement-history"') :]
    assert table.index("Winter workshop") < table.index("Drop-in") < table.index("Autumn focus group")
    assert "Yes, as a walk-in" in table and "Not invited" in table and "Maybe" in table


def test_the_involvement_history_has_bounded_queries(org, colleague) -> None:
    from coproduce.engagement.templatetags.engagement_replies import involvement_history

    person = make_person(org, "Jo Mbeki")
    request = RequestFactory().get("/")
    request.user = colleague
    context = {"request": request}
    make_invitation(make_activity(org, title="A0"), person)
    involvement_history(context, person)
    with CaptureQueriesContext(connection) as few:
        involvement_history(context, person)
    for n in range(1, 20):
        make_invitation(make_activity(org, title=f"A{n}"), person)
    with CaptureQueriesContext(connection) as many:
        rows = involvement_history(context, person)
    assert len(rows) == 20
    assert len(many) == len(few)


# --- the demo -------------------------------------------------------------------------------------------------------


def test_the_demo_invites_people_with_mixed_replies_and_a_full_activity(org, colleague) -> None:
    import random

    from coproduce.engagement.demo_replies import seed_demo_replies
    from coproduce.engagement.services.barriers import activity_barriers

    for n in range(30):
        make_person(org, f"Demo Parent {n:02}", email=f"demo{n}@example.com")
    small = make_activity(org, title="Small panel", capacity=4, venue=make_venue(org, name="No ramp"))
    make_activity(org, title="Big workshop", days=20)
    make_activity(org, title="Last month", days=-30)

    assert seed_demo_replies(org, rng=random.Random(7)) > 0
    replies = set(Invitation.objects.values_list("reply", flat=True))
    assert {Reply.YES, Reply.NO, Reply.INVITED} <= replies
    counts = services.reply_counts(small)
    assert counts.coming == 4 and counts.waiting == 2
    todo = [row.todo.text for row in activity_barriers(small).todo]
    assert "Book a Polish interpreter (1 person)" in todo
    assert "Find a venue with step-free access (1 person)" in todo
    assert any(text.startswith("Arrange childcare") for text in todo)
    assert small.barrier_todos.count() == 1
    assert not Message.objects.exists()
    assert seed_demo_replies(org, rng=random.Random(7)) == 0  # once only


def test_too_many_people_at_once_asks_for_a_narrower_choice(org, colleague, activity, monkeypatch) -> None:
    monkeypatch.setattr("coproduce.engagement.views.invitations.MAX_AT_ONCE", 2)
    for n in range(3):
        make_person(org, f"Polish Speaker {n}", email=f"pl{n}@example.com", languages="Polish")
    client = client_for(colleague)
    page = client.get(invite_url(activity), {"language": "Polish"}).content.decode()
    assert "3 people match. You can invite up to 2 at once" in page
    assert "Polish Speaker 0" not in page
    client.post(invite_url(activity), {"language": "Polish"})
    assert not Invitation.objects.exists()
