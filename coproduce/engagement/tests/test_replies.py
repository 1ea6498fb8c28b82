"""A person's reply from the link in their invitation (no account): the signed link and what happens when it does
not work, the reply pages, confirming access needs, places and the waiting list (including two replies at the same
moment), and changing a reply later."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.comms.models import Kind, Message
from coproduce.consent.links import links_revoke
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, Invitation, Reply
from coproduce.engagement.reply_links import LINK_LIFETIME, LinkProblem, make_link, reply_link_check
from coproduce.engagement.services import invitations as services
from coproduce.engagement.tests.test_invitations import make_activity, make_invitation, make_person
from coproduce.engagement.views import replies_public
from coproduce.organisations.models import Hub
from coproduce.people.models import AccessNeeds


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate limit counts in the cache


@pytest.fixture
def activity(org) -> Activity:
    return make_activity(org, childcare=True, food=True, interpreter_languages="Polish", capacity=2)


@pytest.fixture
def jo(org):
    return make_person(org, "Joanne Mbeki", preferred_name="Jo", email="jo@example.com")


@pytest.fixture
def invitation(activity, jo) -> Invitation:
    return make_invitation(activity, jo, channel="email")


def url(name: str, invitation: Invitation, **kwargs) -> str:
    return reverse(f"engagement:{name}", kwargs={"link": make_link(invitation, **kwargs)})


def post_reply(client: Client, invitation: Invitation, **data):
    link = make_link(invitation)
    data.setdefault("invitation", str(invitation.pk))
    return client.post(reverse("engagement:reply", kwargs={"link": link}), data), link


# --- the link -----------------------------------------------------------------------------------------------------


def test_a_link_opens_its_invitation(invitation) -> None:
    opened = reply_link_check(make_link(invitation))
    assert opened.works and opened.invitation == invitation


def test_a_tampered_link_does_not_work(invitation) -> None:
    link = make_link(invitation)
    assert reply_link_check(link[:-2] + ("AA" if link[-2:] != "AA" else "BB")).problem == LinkProblem.NOT_VALID
    assert reply_link_check("not-a-link").problem == LinkProblem.NOT_VALID


def test_a_tampered_link_gets_a_clear_404_page(client, invitation) -> None:
    response = client.get(reverse("engagement:reply", kwargs={"link": make_link(invitation)[:-3]}))
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link does not work" in page
    assert "Contact the family hub that sent you the invitation" in page
    assert response["Cache-Control"] == "private, no-store"


def test_an_expired_link_says_so_with_who_to_contact(client, org, activity, invitation) -> None:
    activity.hubs.add(Hub.objects.create(organisation=org, name="Eastfield Family Hub", address="Foundry Lane"))
    link = make_link(invitation)
    activity.starts_at = timezone.now() - dt.timedelta(days=3)
    activity.ends_at = activity.starts_at + dt.timedelta(hours=2)
    activity.save()
    response = client.get(reverse("engagement:reply", kwargs={"link": link}))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link is too old" in page
    assert "Contact Northby Family Hubs and ask for a new invitation" in page
    assert "Eastfield Family Hub" in page and "Foundry Lane" in page


def test_a_link_works_until_the_day_after_the_activity(invitation, activity) -> None:
    link = make_link(invitation)
    end = activity.ends_at
    assert reply_link_check(link, now=end + dt.timedelta(hours=23)).works
    assert reply_link_check(link, now=end + dt.timedelta(hours=25)).problem == LinkProblem.EXPIRED


def test_a_link_for_an_activity_with_no_date_works_for_60_days(org, jo) -> None:
    undated = make_activity(org, starts_at=None, ends_at=None, title="Date to be agreed")
    invitation = make_invitation(undated, jo)
    made = timezone.now()
    link = make_link(invitation, now=made)
    assert reply_link_check(link, now=made + LINK_LIFETIME - dt.timedelta(minutes=1)).works
    assert reply_link_check(link, now=made + LINK_LIFETIME + dt.timedelta(minutes=1)).problem == LinkProblem.EXPIRED


def test_a_link_to_an_invitation_that_is_gone_says_so(client, invitation) -> None:
    link = make_link(invitation)
    invitation.delete()
    response = client.get(reverse("engagement:reply", kwargs={"link": link}))
    assert response.status_code == 404
    assert "This invitation is no longer open" in response.content.decode()
    assert "Contact Northby Family Hubs" in response.content.decode()


def test_cancelled_links_and_erased_people_do_not_work(invitation, jo) -> None:
    link = make_link(invitation)
    links_revoke(jo)
    assert reply_link_check(link).problem == LinkProblem.NOT_VALID
    link = make_link(Invitation.objects.select_related("person").get(pk=invitation.pk))
    jo.erased_at = timezone.now()
    jo.save()
    assert reply_link_check(link).problem == LinkProblem.GONE


# --- the reply page ------------------------------------------------------------------------------------------------


def test_the_reply_page_shows_the_activity_and_keeps_the_joining_details_back(client, invitation) -> None:
    response = client.get(url("reply", invitation))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    assert "Stay and play planning" in page
    assert "Hello Jo." in page
    assert "Childcare" in page and "Food and drink" in page and "Interpreters: Polish" in page
    assert "Online, on a phone, tablet or computer" in page
    assert "https://meet.example/room-4411" not in page  # only for people with a place
    assert "Foundry Lane" not in page  # the full address too
    assert "If you are not Jo, please do not answer here" in page


def test_saying_yes_gives_a_place_and_asks_about_needs(client, invitation) -> None:
    response, link = post_reply(client, invitation, reply="yes", joining="in_person")
    assert response.status_code == 302
    assert response.url == reverse("engagement:reply_needs", kwargs={"link": link})
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.joining, invitation.on_waiting_list) == ("yes", "in_person", False)
    assert invitation.replied_at is not None
    assert Message.objects.filter(person=invitation.person, kind=Kind.CONFIRMATION).count() == 1
    event = AuditEvent.objects.filter(object_id=str(invitation.pk)).latest("id")
    assert event.actor is None and event.changes["via"] == "link"


def test_the_needs_page_shows_what_is_recorded_and_saves_changes(client, org, invitation, jo) -> None:
    AccessNeeds.objects.create(organisation=org, person=jo, step_free=True)
    post_reply(client, invitation, reply="yes", joining="in_person")
    needs_url = url("reply_needs", invitation)
    page = client.get(needs_url).content.decode()
    assert "Is this still right?" in page
    assert "Step-free access, with no stairs or steps" in page
    response = client.post(
        needs_url, {"invitation": str(invitation.pk), "needs": ["step_free", "childcare"], "interpreter_language": ""}
    )
    assert response.status_code == 302 and response.url.endswith("/done")
    needs = AccessNeeds.objects.get(person=jo)
    assert needs.childcare and needs.step_free and needs.confirmed_by_person_at is not None


def test_confirming_without_changes_records_the_confirmation(client, org, invitation, jo) -> None:
    AccessNeeds.objects.create(organisation=org, person=jo, childcare=True)
    post_reply(client, invitation, reply="maybe", joining="online")
    client.post(url("reply_needs", invitation), {"invitation": str(invitation.pk), "needs": ["childcare"]})
    assert AccessNeeds.objects.get(person=jo).confirmed_by_person_at is not None


def test_the_confirmation_page_gives_the_joining_details_to_people_with_a_place(client, invitation) -> None:
    post_reply(client, invitation, reply="yes", joining="online")
    page = client.get(url("reply_done", invitation)).content.decode()
    assert "You have a place" in page
    assert "https://meet.example/room-4411" in page
    assert "What happens next" in page
    assert "Change your reply" in page


def test_saying_no_goes_straight_to_thank_you(client, invitation) -> None:
    response, link = post_reply(client, invitation, reply="no")
    assert response.url == reverse("engagement:reply_done", kwargs={"link": link})
    page = client.get(response.url).content.decode()
    assert "Thank you for telling us you cannot come" in page
    assert "https://meet.example" not in page
    invitation.refresh_from_db()
    assert invitation.joining == ""


def test_a_missing_answer_gets_its_message_and_nothing_is_saved(client, invitation) -> None:
    response, _link = post_reply(client, invitation)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose yes, no or maybe" in page and "<title>Error: " in page
    response, _link = post_reply(client, invitation, reply="yes")
    assert "Choose how you will take part" in response.content.decode()
    response, _link = post_reply(client, invitation, reply="yes", joining="phone")  # not offered
    assert "Choose one of the ways on the list" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Reply.INVITED and not Message.objects.exists()


def test_with_one_way_to_join_there_is_nothing_to_choose(client, org, jo) -> None:
    invitation = make_invitation(make_activity(org, join_online=False, online_link=""), jo)
    assert "How will you take part?" not in client.get(url("reply", invitation)).content.decode()
    post_reply(client, invitation, reply="yes")
    invitation.refresh_from_db()
    assert invitation.joining == "in_person"


def test_a_reply_can_be_changed_later_from_the_same_link(client, invitation) -> None:
    post_reply(client, invitation, reply="yes", joining="in_person")
    page = client.get(url("reply", invitation)).content.decode()
    assert "You said yes, and you have a place." in page
    post_reply(client, invitation, reply="no")
    invitation.refresh_from_db()
    assert invitation.reply == Reply.NO
    assert Message.objects.filter(person=invitation.person, kind=Kind.CONFIRMATION).count() == 2


def test_a_form_from_another_persons_link_saves_nothing(client, org, activity, invitation) -> None:
    sam = make_invitation(activity, make_person(org, "Sam Other", email="sam@example.com"))
    response = client.post(url("reply", invitation), {"invitation": str(sam.pk), "reply": "yes", "joining": "online"})
    assert response.status_code == 409
    assert "This reply was for someone else" in response.content.decode()
    assert not Invitation.objects.exclude(reply=Reply.INVITED).exists()


def test_two_peoples_links_on_one_phone_do_not_mix(client, org, activity, invitation) -> None:
    sam = make_invitation(activity, make_person(org, "Sam Other", preferred_name="Sam", email="sam@example.com"))
    jo_url, sam_url = url("reply", invitation), url("reply", sam)
    assert "Hello Jo." in client.get(jo_url).content.decode()
    assert "Hello Sam." in client.get(sam_url).content.decode()
    # Jo's page was still open in another tab: her reply is hers alone.
    client.post(jo_url, {"invitation": str(invitation.pk), "reply": "no"})
    invitation.refresh_from_db()
    sam.refresh_from_db()
    assert invitation.reply == Reply.NO and sam.reply == Reply.INVITED
    assert "Hello Sam." in client.get(sam_url).content.decode()


def test_replies_need_the_csrf_token(invitation) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("reply", invitation), {"invitation": str(invitation.pk), "reply": "no"})
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.reply == Reply.INVITED


def test_replies_are_rate_limited(client, invitation, monkeypatch) -> None:
    monkeypatch.setattr(replies_public, "REPLY_LIMIT", 2)
    for _attempt in range(2):
        assert post_reply(client, invitation, reply="maybe", joining="online")[0].status_code == 302
    response, _link = post_reply(client, invitation, reply="no")
    assert response.status_code == 429
    assert "Too many tries. Wait 15 minutes" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Reply.MAYBE


def test_a_cancelled_activity_takes_no_replies(client, activity, invitation) -> None:
    activity.status = Activity.Status.CANCELLED
    activity.cancelled_reason = "The room flooded."
    activity.save()
    page = client.get(url("reply", invitation)).content.decode()
    assert "Sorry, this has been cancelled" in page and "The room flooded." in page and "Can you come?" not in page
    post_reply(client, invitation, reply="yes", joining="online")
    invitation.refresh_from_db()
    assert invitation.reply == Reply.INVITED


# --- places and the waiting list -----------------------------------------------------------------------------------


def test_a_yes_when_full_joins_the_waiting_list_and_says_so(client, org, activity, invitation) -> None:
    for name in ("First Yes", "Second Yes"):
        make_invitation(activity, make_person(org, name), reply=Reply.YES)
    make_invitation(activity, make_person(org, "Early Waiter"), reply=Reply.YES, on_waiting_list=True)
    post_reply(client, invitation, reply="yes", joining="online")
    invitation.refresh_from_db()
    assert invitation.on_waiting_list
    page = client.get(url("reply_done", invitation)).content.decode()
    assert "You are on the waiting list" in page and "You are number 2 on the waiting list." in page
    assert "https://meet.example" not in page


def test_a_freed_place_goes_to_the_first_on_the_waiting_list_with_a_message(org, activity, invitation) -> None:
    services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online")
    make_invitation(activity, make_person(org, "Other Yes"), reply=Reply.YES)
    now = timezone.now()
    later = make_invitation(
        activity,
        make_person(org, "Later", email="later@example.com"),
        reply=Reply.YES,
        on_waiting_list=True,
        replied_at=now,
    )
    earlier = make_invitation(
        activity,
        make_person(org, "Earlier", email="earlier@example.com"),
        reply=Reply.YES,
        on_waiting_list=True,
        replied_at=now - dt.timedelta(minutes=5),
    )
    result = services.invitation_reply(invitation=invitation, reply=Reply.NO)
    assert result.promoted == [earlier]
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert not earlier.on_waiting_list and later.on_waiting_list
    place = Message.objects.get(person=earlier.person, kind=Kind.CONFIRMATION)
    assert "a place has come up" in place.body
    assert "https://meet.example/room-4411" in place.body


def test_a_maybe_does_not_take_a_place_and_a_yes_again_keeps_the_queue(org, activity, jo, invitation) -> None:
    services.invitation_reply(invitation=invitation, reply=Reply.MAYBE, joining="online")
    assert services.reply_counts(activity).coming == 0
    for name in ("A", "B"):
        services.invitation_reply(
            invitation=make_invitation(activity, make_person(org, name)), reply=Reply.YES, joining="online"
        )
    first = services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online").invitation
    assert first.on_waiting_list
    replied_at = first.replied_at
    # Saying yes again (a new way of joining) keeps the place in the queue.
    again = services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="in_person").invitation
    assert again.on_waiting_list and again.replied_at == replied_at and again.joining == "in_person"


def test_more_places_go_to_the_waiting_list(org, activity, invitation) -> None:
    for name in ("A", "B"):
        make_invitation(activity, make_person(org, name), reply=Reply.YES)
    waiting = make_invitation(activity, make_person(org, "Waiter"), reply=Reply.YES, on_waiting_list=True)
    activity.capacity = 3
    activity.save()
    assert services.waiting_list_fill(activity=activity) == [waiting]
    waiting.refresh_from_db()
    assert not waiting.on_waiting_list


def test_two_yeses_at_the_same_moment_cannot_overfill(org, activity, invitation, monkeypatch) -> None:
    """The last place: Sam's yes commits while Jo's reply waits for the lock on the activity. Jo's reply counts
    places only once it has the lock, so it sees Sam's and puts Jo on the waiting list."""
    make_invitation(activity, make_person(org, "Already Coming"), reply=Reply.YES)
    sam = make_invitation(activity, make_person(org, "Sam Other"))
    real_lock = services.lock_activity
    competitor_done = []

    def lock_after_a_competitor(activity_id):
        if not competitor_done:
            competitor_done.append(True)
            # The competitor got the lock first and committed (a savepoint here; its own transaction in real life).
            services.invitation_reply(invitation=sam, reply=Reply.YES, joining="online")
        return real_lock(activity_id)

    monkeypatch.setattr(services, "lock_activity", lock_after_a_competitor)
    result = services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online")
    sam.refresh_from_db()
    assert not sam.on_waiting_list
    assert result.invitation.on_waiting_list
    assert services.reply_counts(activity).coming == 2  # never more than the 2 places


def test_a_stale_copy_of_an_invitation_cannot_lose_a_place(org, activity, invitation) -> None:
    """Two tabs with the same link: the second reply works from the row as it is now, not the tab's copy."""
    stale = Invitation.objects.get(pk=invitation.pk)
    services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online")
    make_invitation(activity, make_person(org, "B"), reply=Reply.YES)  # now full
    result = services.invitation_reply(invitation=stale, reply=Reply.YES, joining="in_person")
    assert not result.invitation.on_waiting_list  # still Jo's place
    assert services.reply_counts(activity).coming == 2


def test_the_lock_is_taken_before_places_are_counted(org, activity, invitation, monkeypatch) -> None:
    order = []
    real_lock, real_count = services.lock_activity, services.places_taken
    monkeypatch.setattr(services, "lock_activity", lambda pk: order.append("lock") or real_lock(pk))
    monkeypatch.setattr(services, "places_taken", lambda a: order.append("count") or real_count(a))
    services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online")
    assert order[0] == "lock" and "count" in order


def test_a_reply_to_an_activity_that_has_happened_is_refused(org, jo) -> None:
    invitation = make_invitation(make_activity(org, days=-2), jo)
    with pytest.raises(ValidationError, match="already happened"):
        services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online")


def test_someone_waiting_who_says_yes_again_when_a_place_is_free_gets_it(org, activity, invitation) -> None:
    make_invitation(activity, make_person(org, "A"), reply=Reply.YES)
    services.invitation_reply(invitation=invitation, reply=Reply.MAYBE, joining="online")
    make_invitation(activity, make_person(org, "B"), reply=Reply.YES)
    waiting = services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online").invitation
    assert waiting.on_waiting_list
    activity.capacity = 3
    activity.save()
    result = services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="in_person")
    assert not result.invitation.on_waiting_list and result.promoted == [invitation]
    invitation.refresh_from_db()
    assert not invitation.on_waiting_list and invitation.joining == "in_person"


# --- erased people and activities under way ------------------------------------------------------------------------


def test_an_erased_person_on_the_waiting_list_is_skipped_for_a_freed_place(org, activity, invitation) -> None:
    """Someone erased before places were released on erasure (or by any other path) never gets a place: it goes
    to the next real person, who can be told."""
    services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online")
    make_invitation(activity, make_person(org, "Other Yes"), reply=Reply.YES)
    now = timezone.now()
    make_invitation(
        activity,
        make_person(org, "Gone", erased_at=now),
        reply=Reply.YES,
        on_waiting_list=True,
        replied_at=now - dt.timedelta(minutes=10),
    )
    real = make_invitation(
        activity,
        make_person(org, "Next Real", email="real@example.com"),
        reply=Reply.YES,
        on_waiting_list=True,
        replied_at=now - dt.timedelta(minutes=5),
    )
    result = services.invitation_reply(invitation=invitation, reply=Reply.NO)
    assert result.promoted == [real]
    assert Message.objects.filter(person=real.person, kind=Kind.CONFIRMATION).exists()


def test_an_erased_persons_yes_does_not_hold_a_place(org, activity, invitation) -> None:
    make_invitation(activity, make_person(org, "Gone", erased_at=timezone.now()), reply=Reply.YES)
    make_invitation(activity, make_person(org, "Other Yes"), reply=Reply.YES)
    result = services.invitation_reply(invitation=invitation, reply=Reply.YES, joining="online")
    assert result.has_place  # 2 places: the erased person's yes does not count


def test_no_place_is_given_from_the_waiting_list_once_the_activity_has_started(org, jo) -> None:
    now = timezone.now()
    activity = make_activity(
        org, capacity=1, starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(minutes=90)
    )
    coming = make_invitation(activity, jo, reply=Reply.YES, joining="online")
    waiting = make_invitation(
        activity, make_person(org, "Waiter", email="w@example.com"), reply=Reply.YES, on_waiting_list=True
    )
    result = services.invitation_reply(invitation=coming, reply=Reply.NO)
    assert result.promoted == []
    waiting.refresh_from_db()
    assert waiting.on_waiting_list
    assert not Message.objects.filter(person=waiting.person).exists()


def test_no_place_is_given_from_the_waiting_list_once_an_open_window_has_closed(org) -> None:
    today = timezone.localdate()
    activity = make_activity(
        org,
        starts_at=None,
        ends_at=None,
        window_opens_on=today - dt.timedelta(days=10),
        window_closes_on=today - dt.timedelta(days=1),
        capacity=2,
    )
    waiting = make_invitation(activity, make_person(org, "Waiter"), reply=Reply.YES, on_waiting_list=True)
    assert services.waiting_list_fill(activity=activity) == []
    waiting.refresh_from_db()
    assert waiting.on_waiting_list


def test_an_open_window_still_gives_places_while_it_is_open(org) -> None:
    today = timezone.localdate()
    activity = make_activity(
        org,
        starts_at=None,
        ends_at=None,
        window_opens_on=today - dt.timedelta(days=1),
        window_closes_on=today + dt.timedelta(days=5),
        capacity=2,
    )
    waiting = make_invitation(activity, make_person(org, "Waiter"), reply=Reply.YES, on_waiting_list=True)
    assert services.waiting_list_fill(activity=activity) == [waiting]


def test_a_promotion_moves_the_invitations_updated_at(org, activity) -> None:
    """The barrier to-do list relies on it to flag a tick made before someone got a place."""
    waiting = make_invitation(activity, make_person(org, "Waiter"), reply=Reply.YES, on_waiting_list=True)
    before = timezone.now() - dt.timedelta(hours=1)
    Invitation.objects.filter(pk=waiting.pk).update(updated_at=before)
    assert services.waiting_list_fill(activity=activity) == [waiting]
    waiting.refresh_from_db()
    assert waiting.updated_at > before
