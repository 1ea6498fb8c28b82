"""The one rule for a win's photo in public: shown only while everyone in it agrees to photos now, or, with nobody
listed in it, when staff confirmed no one can be identified in it. Asked for many wins at once (the public pages) in
few queries, and explained on the staff page."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.consent import services as consent_services
from coproduce.consent.models import Consent, Purpose
from coproduce.people.models import Person
from coproduce.publishing import services
from coproduce.publishing.models import Win
from coproduce.publishing.queries import win_photo_allowed, win_photo_status, wins_with_public_photos
from coproduce.publishing.tests.conftest import png_bytes, write_win
from tests.cast import client_for

NOBODY_LISTED = {"no_one_identifiable": ["Add the people in the photo, or confirm no one can be identified in it"]}


def test_a_photo_of_nobody_listed_is_refused_unless_staff_confirm_no_one_can_be_identified(colleague, org) -> None:
    with pytest.raises(ValidationError) as refused:
        write_win(colleague, org, photo=png_bytes())
    assert refused.value.message_dict == NOBODY_LISTED
    assert not Win.objects.exists()
    win = write_win(colleague, org, photo=png_bytes(), no_one_identifiable=True)
    assert win.no_one_identifiable and win_photo_allowed(win)


def test_a_photo_confirmed_to_show_no_one_or_of_people_who_agree_is_shown(colleague, org, photographed) -> None:
    nobody = write_win(colleague, org, photo=png_bytes(), no_one_identifiable=True)
    agreed = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    no_photo = write_win(colleague, org)
    assert win_photo_allowed(nobody) and win_photo_allowed(agreed)
    assert not win_photo_allowed(no_photo)
    assert wins_with_public_photos([nobody, agreed, no_photo]) == {nobody.pk, agreed.pk}


def test_a_photo_of_someone_who_never_agreed_is_not_shown(colleague, org, photographed, shy) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[photographed, shy])
    assert not win_photo_allowed(win)
    status = win_photo_status(win)
    assert status.has_photo and not status.allowed and status.without_consent == [shy]


def test_an_untagged_photo_nobody_confirmed_is_never_shown(colleague, org) -> None:
    # As a win saved before the rule: a photo with nobody listed in it, and nothing confirmed.
    win = write_win(colleague, org, photo=png_bytes(), no_one_identifiable=True)
    Win.objects.filter(pk=win.pk).update(no_one_identifiable=False)
    win.refresh_from_db()
    assert not win_photo_allowed(win) and wins_with_public_photos([win]) == set()
    status = win_photo_status(win)
    assert status.has_photo and status.nobody_listed and not status.allowed


def test_once_people_are_listed_each_needs_consent_whatever_was_confirmed(colleague, org, shy) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[shy], no_one_identifiable=True)
    assert not win.no_one_identifiable  # the confirmation is kept only while nobody is listed
    Win.objects.filter(pk=win.pk).update(no_one_identifiable=True)
    win.refresh_from_db()
    assert not win_photo_allowed(win) and wins_with_public_photos([win]) == set()
    assert not win_photo_status(win).nobody_listed


def test_taking_everyone_off_a_photo_needs_the_confirmation_and_removing_it_forgets_it(
    colleague, org, photographed
) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    details = services.WinDetails(
        title=win.title, story=win.story, happened_on=win.happened_on, photo_alt=win.photo_alt, people_pictured=[]
    )
    with pytest.raises(ValidationError) as refused:
        services.win_update(actor=colleague, win=win, details=details)
    assert refused.value.message_dict == NOBODY_LISTED
    assert list(win.people_pictured.all()) == [photographed]
    win = services.win_update(actor=colleague, win=win, details=replace(details, no_one_identifiable=True))
    assert win.no_one_identifiable and not win.people_pictured.exists() and win_photo_allowed(win)
    win = services.win_update(
        actor=colleague, win=win, details=replace(details, no_one_identifiable=True, remove_photo=True)
    )
    win.refresh_from_db()
    assert not win.photo and not win.no_one_identifiable


def test_withdrawing_consent_hides_the_photo_at_once_and_giving_it_again_shows_it(
    colleague, admin, org, photographed
) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    consent = Consent.objects.get(person=photographed, purpose=Purpose.PHOTOS)
    consent_services.consent_withdraw(consent=consent, actor=admin, via="staff")
    assert not win_photo_allowed(win)
    consent_services.consent_give(person=photographed, purpose=Purpose.PHOTOS, method="paper", actor=admin)
    assert win_photo_allowed(win)


def test_a_photo_of_an_erased_person_is_never_shown(colleague, org, photographed) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    Person.objects.filter(pk=photographed.pk).update(erased_at=timezone.now())
    assert not win_photo_allowed(win)


def test_many_wins_are_answered_in_two_queries(colleague, org, photographed, shy, django_assert_num_queries) -> None:
    wins = [
        write_win(
            colleague, org, photo=png_bytes(), people=[photographed, shy][: n % 3], no_one_identifiable=n % 3 == 0
        )
        for n in range(9)
    ]
    with django_assert_num_queries(2):
        allowed = wins_with_public_photos(wins)
    assert allowed == {win.pk for n, win in enumerate(wins) if n % 3 < 2}
    without_photo = write_win(colleague, org)
    with django_assert_num_queries(0):
        assert wins_with_public_photos([without_photo]) == set()


def test_the_staff_page_says_why_the_photo_will_not_show(staff_client, colleague, org, shy, photographed) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[shy, photographed])
    page = staff_client.get(reverse("publishing:win_detail", kwargs={"win_id": win.pk}))
    status = page.content.decode().split('id="photo-status"')[1][:800]
    assert "will not show on your public site" in status
    assert "Siobhan Walsh" in status and "Precious" not in status


def test_the_staff_page_says_when_the_photo_will_show(staff_client, colleague, org, photographed) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    html = staff_client.get(reverse("publishing:win_detail", kwargs={"win_id": win.pk})).content.decode()
    assert "will show on your public site when you publish" in html


def test_the_staff_page_says_whether_a_photo_of_nobody_listed_will_show(staff_client, colleague, org) -> None:
    win = write_win(colleague, org, photo=png_bytes(), no_one_identifiable=True)
    url = reverse("publishing:win_detail", kwargs={"win_id": win.pk})
    status = staff_client.get(url).content.decode().split('id="photo-status"')[1][:600]
    assert "will show on your public site when you publish the win: you confirmed no one can be identified" in status
    Win.objects.filter(pk=win.pk).update(no_one_identifiable=False)
    html = staff_client.get(url).content.decode()
    status = html.split('id="photo-status"')[1][:600]
    assert "will not show on your public site: nobody is listed in it" in status
    assert "to confirm no one can be identified in it" in html


def test_a_photo_that_may_not_be_shown_is_seen_only_by_staff_who_can_fix_it(
    staff_client, viewer, colleague, org, shy
) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[shy])
    url = reverse("publishing:win_photo", kwargs={"win_id": win.pk})
    assert staff_client.get(url).status_code == 200
    assert client_for(viewer).get(url).status_code == 404
    page = client_for(viewer).get(reverse("publishing:win_detail", kwargs={"win_id": win.pk})).content.decode()
    assert url not in page and "Siobhan" not in page  # viewers see neither the photo nor who is in it
