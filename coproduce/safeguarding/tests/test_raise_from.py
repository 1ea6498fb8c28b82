"""Raising a concern from an activity (its page and its register) or from a family's peer support: the concern
records where it came from, and another organisation's activity, or another supporter's family, is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.peers.models import PeerSupporter, Referral, ReferralSource, SupportEpisode
from coproduce.people.models import Person
from coproduce.projects.models import Project
from coproduce.safeguarding.models import SafeguardingConcern
from coproduce.safeguarding.tests.conftest import WHAT_HAPPENED
from tests.cast import client_for, make_member

RAISE = reverse("safeguarding:concern_raise")


def _activity(organisation, title: str = "Dads' breakfast") -> Activity:
    project = Project.objects.create(organisation=organisation, title="Dads project", goal="Reach dads")
    return Activity.objects.create(
        organisation=organisation,
        project=project,
        title=title,
        kind="workshop",
        starts_at=timezone.make_aware(dt.datetime(2026, 12, 5, 10, 0)),
    )


def _post(client, query: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"{RAISE}{query}", {"what_happened": WHAT_HAPPENED, "immediate_danger": "no"})


def test_a_peer_supporter_raises_a_concern_from_an_activity(
    org, peer, sg_lead, django_capture_on_commit_callbacks
) -> None:
    activity = _activity(org)
    client = client_for(peer)
    # The button is on the activity page, which peer supporters can open.
    page = client.get(reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk})).content.decode()
    assert f"{RAISE}?activity={activity.pk}" in page
    form = client.get(f"{RAISE}?activity={activity.pk}").content.decode()
    assert "Dads&#x27; breakfast" in form
    assert _post(client, f"?activity={activity.pk}", django_capture_on_commit_callbacks).status_code == 302
    concern = SafeguardingConcern.objects.get()
    assert concern.context_type == "engagement.Activity"
    assert concern.context_id == str(activity.pk)
    assert concern.context_label == "Activity: Dads' breakfast (5 December 2026)"
    lead_page = client_for(sg_lead).get(reverse("safeguarding:concern_detail", kwargs={"concern_id": concern.pk}))
    assert "Activity: Dads&#x27; breakfast" in lead_page.content.decode()


def test_the_register_button_names_the_activity(org, colleague) -> None:
    activity = _activity(org)
    page = client_for(colleague).get(reverse("engagement:register", kwargs={"activity_id": activity.pk}))
    assert f"{RAISE}?activity={activity.pk}" in page.content.decode()


def test_another_organisations_activity_is_404_and_nothing_is_saved(
    org, other_org, colleague, django_capture_on_commit_callbacks
) -> None:
    theirs = _activity(other_org)
    client = client_for(colleague)
    assert client.get(f"{RAISE}?activity={theirs.pk}").status_code == 404
    assert _post(client, f"?activity={theirs.pk}", django_capture_on_commit_callbacks).status_code == 404
    assert client.get(f"{RAISE}?activity=not-a-uuid").status_code == 404
    assert not SafeguardingConcern.objects.exists()


@pytest.fixture
def episode_of(org):
    def make(user) -> SupportEpisode:
        supporter = PeerSupporter.objects.create(
            organisation=org, person=Person.objects.create(organisation=org, full_name="Sam Supporter"), user=user
        )
        family = Person.objects.create(organisation=org, full_name="Fatima Family")
        referral = Referral.objects.create(
            organisation=org, person=family, source=ReferralSource.STAFF, help_with="Settling in", consent=True
        )
        return SupportEpisode.objects.create(organisation=org, referral=referral, supporter=supporter, person=family)

    return make


def test_a_peer_supporter_raises_a_concern_about_their_own_family(
    peer, sg_lead, episode_of, django_capture_on_commit_callbacks
) -> None:
    episode = episode_of(peer)
    client = client_for(peer)
    assert client.get(f"{RAISE}?support={episode.pk}").status_code == 200
    assert _post(client, f"?support={episode.pk}", django_capture_on_commit_callbacks).status_code == 302
    concern = SafeguardingConcern.objects.get()
    assert concern.person == episode.person
    assert concern.context_type == "peers.SupportEpisode"


def test_another_supporters_family_is_404(org, peer, episode_of, django_capture_on_commit_callbacks) -> None:
    other_peer = make_member(org, "other.peer@example.org", Role.PEER_SUPPORTER)
    episode = episode_of(other_peer)
    client = client_for(peer)
    assert client.get(f"{RAISE}?support={episode.pk}").status_code == 404
    assert _post(client, f"?support={episode.pk}", django_capture_on_commit_callbacks).status_code == 404
    assert not SafeguardingConcern.objects.exists()


def test_families_see_the_contact_and_procedure_on_public_and_invitation_pages(org) -> None:
    """Every event page a family sees says who to contact and what the organisation does to keep people safe."""
    from django.test import Client

    from coproduce.engagement.models import Invitation
    from coproduce.engagement.reply_links import reply_url
    from coproduce.safeguarding.models import SafeguardingArrangements

    SafeguardingArrangements.objects.create(
        organisation=org,
        contact_name="Dee Lead",
        contact_phone="01632 960111",
        out_of_hours="Emergency duty team 01632 960999",
        procedure="We listen, write down what was said, and tell the safeguarding lead the same day.",
    )
    activity = _activity(org)
    person = Person.objects.create(organisation=org, full_name="Fatima Family", email="f@example.com")
    invitation = Invitation.objects.create(organisation=org, activity=activity, person=person)
    html = Client().get(reply_url(invitation)).content.decode()
    for words in ("Dee Lead", "01632 960999", "tell the safeguarding lead the same day"):
        assert words in html


def test_the_activity_page_names_its_peer_supporter_co_facilitators(org, colleague) -> None:
    from coproduce.peers.models import ActivitySupporter, FacilitationRole

    activity = _activity(org)
    supporter = PeerSupporter.objects.create(
        organisation=org, person=Person.objects.create(organisation=org, full_name="Kasia Nowak")
    )
    ActivitySupporter.objects.create(
        organisation=org, activity=activity, supporter=supporter, role=FacilitationRole.CO_FACILITATOR
    )
    page = client_for(colleague).get(reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk}))
    assert "Kasia Nowak (co-facilitator)" in page.content.decode()
