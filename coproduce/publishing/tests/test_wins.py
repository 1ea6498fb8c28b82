"""Wins: writing one (with a photo checked and stripped like a contribution's file, a description, and the people in
it found by search), changing it, publishing and unpublishing (audited), the list (published and drafts, in a
fixed number of queries), the private photo, and who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.people.models import Person
from coproduce.publishing.models import Win
from coproduce.publishing.tests.conftest import JPEG_BYTES, PDF_BYTES, png_bytes, upload, write_win
from tests.cast import client_for

CREATE = reverse("publishing:win_create")
LIST = reverse("publishing:win_list")
WIN = {
    "title": "A Saturday group for dads",
    "story": "Dads asked for a group that was for them. Twelve dads came to the first one.",
    "happened_on": "14/3/2026",
}


def errors_of(response) -> dict:
    return {field: [str(e) for e in errs] for field, errs in response.context["form"].errors.items()}


def test_staff_write_a_draft_win_for_a_project_answering_a_promise(staff_client, colleague, project, promise) -> None:
    page = staff_client.get(CREATE)
    assert page.status_code == 200
    assert promise.text in page.content.decode()
    response = staff_client.post(CREATE, {**WIN, "project": project.pk, "promise": promise.pk})
    win = Win.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:win_detail", kwargs={"win_id": win.pk})
    assert (win.project, win.promise, win.created_by) == (project, promise, colleague)
    assert win.happened_on.isoformat() == "2026-03-14"
    assert not win.is_published and not win.photo
    event = AuditEvent.objects.get(object_id=str(win.pk))
    assert event.action == "create" and "story" in event.changes["fields"]
    assert "Twelve dads" not in str(event.changes)  # field names only, never what was written


def test_bad_input_shows_each_problem_and_saves_nothing(staff_client, other_org, admin) -> None:
    from coproduce.projects.models import Project

    theirs = Project.objects.create(organisation=other_org, title="Theirs", goal="g")
    response = staff_client.post(CREATE, {"title": "", "story": " ", "happened_on": "31/2/2026", "project": theirs.pk})
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["title"] == ["Enter a title for the win"]
    assert errors["story"] == ["Say what changed, for families to read"]
    assert "real date" in errors["happened_on"][0]
    assert "valid choice" in errors["project"][0]  # another organisation's project is not offered
    assert "There is a problem" in response.content.decode()
    assert not Win.objects.exists()


def test_a_photo_needs_a_description_and_must_really_be_an_image(staff_client) -> None:
    response = staff_client.post(CREATE, {**WIN, "no_one_identifiable": "on", "photo": upload(png_bytes())})
    assert errors_of(response) == {"photo_alt": ["Describe the photo for people who cannot see it"]}
    response = staff_client.post(
        CREATE,
        {
            **WIN,
            "no_one_identifiable": "on",
            "photo_alt": "A sign",
            "photo": upload(PDF_BYTES, "photo.png", "image/png"),
        },
    )
    assert errors_of(response) == {"photo": ["The selected file must be a JPG, PNG or WebP image"]}
    assert "select it again" not in response.content.decode()
    assert not Win.objects.exists()


def test_a_photo_must_list_the_people_in_it_or_be_confirmed_to_show_no_one(staff_client) -> None:
    page = staff_client.get(CREATE).content.decode()
    assert 'name="no_one_identifiable"' in page and "No one can be identified in this photo" in page
    response = staff_client.post(CREATE, {**WIN, "photo_alt": "A room", "photo": upload(png_bytes())})
    assert errors_of(response) == {
        "no_one_identifiable": ["Add the people in the photo, or confirm no one can be identified in it"]
    }
    assert not Win.objects.exists()
    # Finding people keeps the tick; saving with it keeps the photo.
    found = staff_client.post(CREATE, {**WIN, "no_one_identifiable": "on", "q": "nobody", "find": "1"})
    assert found.context["form"]["no_one_identifiable"].value() is True
    response = staff_client.post(
        CREATE, {**WIN, "photo_alt": "A room", "no_one_identifiable": "on", "photo": upload(png_bytes())}
    )
    assert response.status_code == 302
    win = Win.objects.get()
    assert win.no_one_identifiable and win.photo
    edit = staff_client.get(reverse("publishing:win_edit", kwargs={"win_id": win.pk}))
    assert edit.context["form"]["no_one_identifiable"].value() is True
    assert "no_one_identifiable" in AuditEvent.objects.get(object_id=str(win.pk)).changes["fields"]


def test_a_photo_bigger_than_the_limit_is_refused(staff_client, settings) -> None:
    settings.CONTRIBUTION_MAX_BYTES = 1024
    response = staff_client.post(
        CREATE, {**WIN, "photo_alt": "Dads", "photo": upload(png_bytes(40, 40) + b"\0" * 2048)}
    )
    assert "smaller than" in errors_of(response)["photo"][0]
    assert not Win.objects.exists()


def test_the_photo_is_stored_under_a_random_name_without_its_metadata(staff_client) -> None:
    exif = b"\xff\xe1\x00\x11Exif\x00\x00GPS-HOME!"
    jpeg = JPEG_BYTES[:2] + exif + JPEG_BYTES[2:]
    response = staff_client.post(
        CREATE,
        {
            **WIN,
            "photo_alt": "Dads and babies",
            "no_one_identifiable": "on",
            "photo": upload(jpeg, "Jane Smith at home.jpg", "image/jpeg"),
        },
    )
    assert response.status_code == 302
    win = Win.objects.get()
    assert win.photo.name.startswith("wins/") and win.photo.name.endswith(".jpg")
    assert "Jane" not in win.photo.name
    with win.photo.open("rb") as stored:
        content = stored.read()
    assert b"GPS-HOME" not in content and content.startswith(b"\xff\xd8")


def test_people_in_the_photo_are_found_by_search_without_losing_what_was_typed(
    staff_client, shy, photographed, org
) -> None:
    erased = Person.objects.create(organisation=org, full_name="Siobhan Erased")
    Person.objects.filter(pk=erased.pk).update(erased_at="2026-01-01T00:00:00Z")
    found = staff_client.post(CREATE, {**WIN, "q": "siobhan", "find": "1"})
    assert found.status_code == 200
    assert list(found.context["found"]) == [shy]  # not the erased one
    form = found.context["form"]
    assert not form.is_bound and form["title"].value() == WIN["title"]  # typed text kept, no errors shown
    assert "There is a problem" not in found.content.decode()
    assert not Win.objects.exists()

    response = staff_client.post(
        CREATE,
        {**WIN, "people_pictured": [shy.pk, photographed.pk], "photo_alt": "Two mums", "photo": upload(png_bytes())},
    )
    assert response.status_code == 302
    assert set(Win.objects.get().people_pictured.all()) == {shy, photographed}


def test_another_organisations_person_cannot_be_pictured(staff_client, other_org) -> None:
    theirs = Person.objects.create(organisation=other_org, full_name="Southby Person")
    response = staff_client.post(
        CREATE, {**WIN, "people_pictured": [theirs.pk], "photo_alt": "x", "photo": upload(png_bytes())}
    )
    assert response.status_code == 200
    assert "people_pictured" in errors_of(response)
    assert not Win.objects.exists()


def test_changing_a_win_replaces_or_removes_its_photo_and_forgets_who_was_in_it(
    staff_client, colleague, org, photographed, django_capture_on_commit_callbacks
) -> None:
    win = write_win(colleague, org, photo=png_bytes(), people=[photographed])
    old = win.photo.name
    url = reverse("publishing:win_edit", kwargs={"win_id": win.pk})
    page = staff_client.get(url)
    assert page.context["form"]["people_pictured"].value() == [str(photographed.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {**WIN, "photo_alt": "New", "people_pictured": [photographed.pk], "photo": upload(png_bytes(3, 3))}
        )
    assert response.status_code == 302
    win.refresh_from_db()
    assert win.photo.name != old and not win.photo.storage.exists(old)
    assert win.photo_alt == "New"

    response = staff_client.post(url, {**WIN, "photo_alt": "New", "remove_photo": "on"})
    assert response.status_code == 302
    win.refresh_from_db()
    assert not win.photo and win.photo_alt == "" and not win.people_pictured.exists()
    event = AuditEvent.objects.filter(object_id=str(win.pk)).first()
    assert event.action == "update" and {"photo", "people_pictured"} <= set(event.changes["fields"])


def test_publish_and_unpublish_are_posts_and_are_audited(staff_client, colleague, org) -> None:
    win = write_win(colleague, org)
    publish = reverse("publishing:win_publish", kwargs={"win_id": win.pk})
    assert staff_client.get(publish).status_code == 405
    assert staff_client.post(publish).status_code == 302
    win.refresh_from_db()
    assert win.is_published
    detail = staff_client.get(reverse("publishing:win_detail", args=[win.pk])).content.decode()
    assert "Take it off the public site" in detail
    staff_client.post(publish)  # again: nothing changes, no second line
    staff_client.post(reverse("publishing:win_unpublish", kwargs={"win_id": win.pk}))
    win.refresh_from_db()
    assert not win.is_published
    summaries = list(AuditEvent.objects.filter(object_id=str(win.pk)).values_list("summary", flat=True))
    assert summaries == ["Took a win off the public site", "Published a win", "Wrote a win"]


def test_the_list_shows_published_wins_and_drafts_in_a_fixed_number_of_queries(
    staff_client, colleague, org, project, promise, photographed, shy, django_assert_max_num_queries
) -> None:
    for number in range(12):
        win = write_win(
            colleague,
            org,
            title=f"Win {number}",
            project=project,
            promise=promise,
            photo=png_bytes() if number % 2 else None,
            people=[photographed, shy] if number % 4 == 1 else [photographed],
        )
        if number % 3 == 0:
            win.published_at = win.created_at
            win.save()
    with django_assert_max_num_queries(10):
        response = staff_client.get(LIST)
    html = response.content.decode()
    assert html.count("Published</strong>") == 4 and html.count("Draft</strong>") == 8
    assert html.count("Not shown: check consent") == 3  # wins 1, 5 and 9 picture someone without consent
    assert html.count("Shown in public") == 3


def test_the_list_is_empty_at_first(staff_client) -> None:
    assert "There are no wins yet." in staff_client.get(LIST).content.decode()


def test_viewers_read_wins_but_cannot_write_or_publish_them(viewer, colleague, org) -> None:
    win = write_win(colleague, org)
    client = client_for(viewer)
    assert client.get(LIST).status_code == 200
    detail = client.get(reverse("publishing:win_detail", kwargs={"win_id": win.pk}))
    assert detail.status_code == 200 and "Publish the win" not in detail.content.decode()
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("publishing:win_edit", kwargs={"win_id": win.pk})).status_code == 403
    assert client.post(reverse("publishing:win_publish", kwargs={"win_id": win.pk})).status_code == 403
    win.refresh_from_db()
    assert not win.is_published


def test_another_organisations_win_is_not_found(stranger_client, colleague, org) -> None:
    win = write_win(colleague, org, photo=png_bytes(), no_one_identifiable=True)
    for name in ("win_detail", "win_edit", "win_photo"):
        assert stranger_client.get(reverse(f"publishing:{name}", kwargs={"win_id": win.pk})).status_code == 404
    assert stranger_client.post(reverse("publishing:win_publish", kwargs={"win_id": win.pk})).status_code == 404
    win.refresh_from_db()
    assert not win.is_published


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role_client", ["staff_client", "viewer_client"])
def test_the_private_photo_is_served_with_private_headers(role_client, request, colleague, org) -> None:
    win = write_win(colleague, org, photo=png_bytes(), no_one_identifiable=True)
    response = request.getfixturevalue(role_client).get(reverse("publishing:win_photo", kwargs={"win_id": win.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_win_without_a_photo_sends_its_photo_link_back_to_the_win(staff_client, colleague, org) -> None:
    win = write_win(colleague, org)
    response = staff_client.get(reverse("publishing:win_photo", kwargs={"win_id": win.pk}))
    assert response.status_code == 302


def test_the_detail_page_has_a_plain_english_report_on_the_story(staff_client, colleague, org) -> None:
    win = write_win(
        colleague,
        org,
        story="The provision of SEND support was reconfigured by the partnership following the consultation "
        "exercise that was undertaken across the locality during the spring term of the academic year.",
    )
    html = staff_client.get(reverse("publishing:win_detail", kwargs={"win_id": win.pk})).content.decode()
    assert "Plain English: some things to check" in html
    assert "SEND" in html
