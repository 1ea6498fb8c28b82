"""Recording a contribution: from a project or an activity (chosen for you), from a person found by the people
search or from nobody, with themes (a new one added by name), and the rules: files checked by their content and
size, a description for every image, consent for photos of people, a content note and support for stories, a
summary for graphic records. Bad input saves nothing; audit lines name fields only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.consent import services as consent_services
from coproduce.consent.models import Consent, Purpose
from coproduce.contributions.models import Contribution, Theme
from coproduce.contributions.tests.conftest import JPEG_BYTES, PDF_BYTES, WEBP_BYTES, png_bytes, upload
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from tests.cast import client_for, make_member

IDEA = {"kind": "idea", "text": "Start the group at 10:30, after the school run", "gathered": "activity"}


def create_url(project, **query) -> str:
    url = reverse("contributions:contribution_create", kwargs={"project_id": project.pk})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def post(client, url: str, data: dict):
    return client.post(url, {"checked_by_person": "yes", **data})


def errors_of(response) -> dict:
    form = response.context["form"]
    return {field: [str(e) for e in errs] for field, errs in form.errors.items()}


def test_staff_record_an_idea_at_an_activity_which_is_chosen_for_them(
    staff_client, colleague, project, activity, stage, timing
) -> None:
    url = create_url(project, activity=activity.pk)
    page = staff_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Record a contribution" in html and "Stay and play chat" in html
    form = page.context["form"]
    assert form["activity"].value() == str(activity.pk)
    assert form["stage"].value() == str(stage.pk)  # the activity's stage
    assert form["gathered"].value() == "activity"

    response = post(staff_client, url, {**IDEA, "activity": activity.pk, "stage": stage.pk, "themes": [timing.pk]})
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contributions:contribution_detail", kwargs={"contribution_id": contribution.pk}
    ) + ("?recorded=1")
    assert (contribution.project, contribution.activity, contribution.stage) == (project, activity, stage)
    assert contribution.recorded_by == colleague
    assert contribution.checked_by_person is True and contribution.person is None
    assert list(contribution.themes.all()) == [timing]

    confirmation = staff_client.get(response["Location"]).content.decode()
    assert "Contribution recorded" in confirmation
    assert "Record another contribution" in confirmation and f"?activity={activity.pk}" in confirmation


def test_it_records_from_a_person_found_by_the_people_search_and_adds_a_new_theme(
    staff_client, project, person, org
) -> None:
    found = staff_client.get(create_url(project), {"q": "walsh"})
    assert f"person={person.pk}" in found.content.decode()
    assert list(found.context["found"]) == [person]

    url = create_url(project, person=person.pk)
    page = staff_client.get(url).content.decode()
    assert "Siobhan" in page
    response = post(staff_client, url, {**IDEA, "gathered": "home_visit", "new_theme": "  Feeling   welcome "})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.person == person and contribution.gathered == "home_visit"
    assert [t.name for t in contribution.themes.all()] == ["Feeling welcome"]
    # Added again by another name's case: the same theme, not a second one.
    post(staff_client, url, {**IDEA, "gathered": "home_visit", "new_theme": "feeling welcome"})
    assert Theme.objects.for_organisation(org).count() == 1


def test_the_people_search_finds_only_this_organisations_people(staff_client, project, other_org) -> None:
    Person.objects.create(organisation=other_org, full_name="Siobhan Southby")
    assert staff_client.get(create_url(project), {"q": "Siobhan"}).context["found"] == []
    stranger = Person.objects.create(organisation=other_org, full_name="Sam Southby")
    assert staff_client.get(create_url(project, person=stranger.pk)).status_code == 404


def test_an_anonymous_contribution_keeps_its_person_but_never_shows_them(
    staff_client, lead_client, project, person
) -> None:
    url = create_url(project, person=person.pk)
    post(staff_client, url, {**IDEA, "gathered": "phone", "is_anonymous": "on"})
    contribution = Contribution.objects.get()
    assert contribution.is_anonymous and contribution.person == person
    page = lead_client.get(reverse("contributions:contribution_detail", kwargs={"contribution_id": contribution.pk}))
    html = page.content.decode()
    assert "Anonymous" in html and "Siobhan" not in html


def test_bad_input_gives_each_message_and_saves_nothing(staff_client, project) -> None:
    response = staff_client.post(create_url(project), {})
    assert response.status_code == 200
    assert errors_of(response) == {
        "kind": ["Choose what kind of contribution it is"],
        "gathered": ["Choose how it was gathered"],
        "checked_by_person": ["Say whether the person checked that it says what they meant"],
    }
    response = post(staff_client, create_url(project), {"kind": "quote", "gathered": "activity"})
    assert errors_of(response) == {
        "text": ["Write what they said, in their own words"],
        "activity": ["Choose the activity it was gathered at, or say it was gathered somewhere else"],
    }
    assert "Error: Record a contribution" in response.content.decode()
    assert not Contribution.objects.exists()
    assert not AuditEvent.objects.filter(object_type="contributions.Contribution").exists()


def test_a_story_needs_a_content_note_and_support_and_both_come_before_it(staff_client, project, person) -> None:
    url = create_url(project, person=person.pk)
    story = {"kind": "story", "text": "When Leo was in special care nobody asked how I was.", "gathered": "home_visit"}
    response = post(staff_client, url, story)
    assert errors_of(response) == {
        "content_note": ["Write a content note, so readers know what the story is about before reading"],
        "support_info": ["Say where to get support, for the person who told it and for readers"],
    }
    assert not Contribution.objects.exists()

    support = "Call Samaritans free on 116 123, any time."
    response = post(
        staff_client, url, {**story, "content_note": "Mentions a baby in hospital", "support_info": support}
    )
    contribution = Contribution.objects.get()
    # The teller's confirmation page gives the support information to pass on.
    confirmation = staff_client.get(response["Location"]).content.decode()
    assert "Share where to get support" in confirmation and support in confirmation

    page = staff_client.get(reverse("contributions:contribution_detail", kwargs={"contribution_id": contribution.pk}))
    html = page.content.decode()
    note_at, support_at, story_at = (
        html.index("Content note: Mentions a baby in hospital"),
        html.index(support),
        html.index("nobody asked how I was"),
    )
    assert note_at < support_at < story_at
    assert "govuk-warning-text" in html[: note_at + 1] and "Read the story" in html


def test_fields_a_kind_does_not_use_are_not_kept(staff_client, project) -> None:
    post(
        staff_client,
        create_url(project),
        {**IDEA, "gathered": "phone", "content_note": "abandoned", "support_info": "abandoned", "summary": "x"},
    )
    contribution = Contribution.objects.get()
    assert (contribution.content_note, contribution.support_info, contribution.summary) == ("", "", "")


# Files ------------------------------------------------------------------------------------------------------------


def test_a_drawing_needs_its_image_and_a_description(staff_client, project) -> None:
    drawing = {"kind": "drawing", "gathered": "paper", "text": "Our dream hub"}
    response = post(staff_client, create_url(project), drawing)
    assert errors_of(response) == {"file": ["Select a photo or scan of the drawing"]}
    response = post(staff_client, create_url(project), {**drawing, "file": upload(png_bytes())})
    assert errors_of(response) == {"alt_text": ["Describe the image for people who cannot see it"]}
    assert not Contribution.objects.exists()

    alt = "A child's drawing of a big sunny room with toys"
    response = post(staff_client, create_url(project), {**drawing, "file": upload(png_bytes()), "alt_text": alt})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.alt_text == alt
    # Stored under a random name with the extension of what it really is: never the name it was uploaded with.
    assert contribution.file.name.startswith("contributions/") and contribution.file.name.endswith(".png")
    assert "picture" not in contribution.file.name


@pytest.mark.parametrize(
    ("content", "name", "extension"),
    [(JPEG_BYTES, "a.jpeg", "jpg"), (WEBP_BYTES, "a.webp", "webp"), (png_bytes(), "photo.JPG", "png")],
)
def test_images_are_judged_by_their_content_not_their_name(staff_client, project, content, name, extension) -> None:
    data = {"kind": "drawing", "gathered": "paper", "alt_text": "A drawing", "file": upload(content, name, "x/y")}
    assert post(staff_client, create_url(project), data).status_code == 302
    assert Contribution.objects.get().file.name.endswith(f".{extension}")


@pytest.mark.parametrize(
    ("kind", "content", "message"),
    [
        ("drawing", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "The selected file must be a JPG, PNG or WebP image"),
        ("drawing", PDF_BYTES, "The selected file must be a JPG, PNG or WebP image"),
        ("photo", b"GIF89a\x01\x00\x01\x00", "The selected file must be a JPG, PNG or WebP image"),
        ("graphic_record", b"<html><script>alert(1)</script>", "The selected file must be a JPG, PNG, WebP or PDF"),
        ("idea", png_bytes(), "Only a drawing, a photo or a graphic record can have a file"),
    ],
)
def test_other_files_are_refused(staff_client, project, kind, content, message) -> None:
    data = {
        "kind": kind,
        "gathered": "paper",
        "text": "t",
        "alt_text": "a",
        "summary": "s",
        "no_one_identifiable": "on",
        "file": upload(content, "innocent.png", "image/png"),
    }
    response = post(staff_client, create_url(project), data)
    assert response.status_code == 200
    assert errors_of(response)["file"][0].startswith(message)
    assert not Contribution.objects.exists()


def test_a_file_over_the_size_limit_is_refused(staff_client, project, settings) -> None:
    settings.CONTRIBUTION_MAX_BYTES = 1024 * 1024
    big = png_bytes() + b"\x00" * (1024 * 1024 + 10)
    data = {"kind": "drawing", "gathered": "paper", "alt_text": "A drawing", "file": upload(big)}
    response = post(staff_client, create_url(project), data)
    assert errors_of(response) == {"file": ["The selected file must be smaller than 1 MB (it is 1.1 MB)"]}
    assert not Contribution.objects.exists()


def test_an_empty_file_is_refused(staff_client, project) -> None:
    data = {"kind": "drawing", "gathered": "paper", "alt_text": "A drawing", "file": upload(b"")}
    assert errors_of(post(staff_client, create_url(project), data)) == {"file": ["The selected file is empty"]}


def test_a_graphic_record_may_be_a_pdf_with_a_summary(staff_client, project, activity) -> None:
    data = {"kind": "graphic_record", "gathered": "activity", "activity": activity.pk}
    response = post(
        staff_client, create_url(project), {**data, "file": upload(PDF_BYTES, "wall.pdf", "application/pdf")}
    )
    assert errors_of(response) == {"summary": ["Write a summary of what the graphic record shows, in words"]}
    summary = "Families drew their week: the school run, nap times and when the hub is open."
    response = post(
        staff_client,
        create_url(project),
        {**data, "summary": summary, "file": upload(PDF_BYTES, "wall.pdf", "application/pdf")},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.file.name.endswith(".pdf") and contribution.summary == summary
    assert contribution.alt_text == ""  # a PDF needs no image description


# Photos -----------------------------------------------------------------------------------------------------------


PHOTO = {"kind": "photo", "gathered": "activity", "alt_text": "Two parents laughing at the feeding cafe"}


def test_a_photo_of_a_person_without_consent_for_photos_is_refused(staff_client, project, activity, person) -> None:
    url = create_url(project, person=person.pk)
    response = post(staff_client, url, {**PHOTO, "activity": activity.pk, "file": upload(png_bytes())})
    assert errors_of(response) == {
        "file": [
            "Siobhan has not agreed to photos of them. Record their consent for photos first, or do not add this photo"
        ]
    }
    assert not Contribution.objects.exists()


def test_a_photo_of_someone_who_refused_or_withdrew_is_refused(staff_client, admin, project, activity, person) -> None:
    consent_services.consent_give(person=person, purpose=Purpose.PHOTOS, method="online", actor=admin, status="refused")
    url = create_url(project, person=person.pk)
    data = {**PHOTO, "activity": activity.pk}
    assert "file" in errors_of(post(staff_client, url, {**data, "file": upload(png_bytes())}))
    consent_services.consent_give(person=person, purpose=Purpose.PHOTOS, method="online", actor=admin)
    consent_services.consent_withdraw(consent=Consent.objects.get(person=person), actor=admin, via="staff")
    assert "file" in errors_of(post(staff_client, url, {**data, "file": upload(png_bytes())}))
    assert not Contribution.objects.exists()


def test_a_photo_of_a_person_who_agreed_to_photos_is_kept(staff_client, project, activity, photographed) -> None:
    url = create_url(project, person=photographed.pk)
    response = post(staff_client, url, {**PHOTO, "activity": activity.pk, "file": upload(png_bytes())})
    assert response.status_code == 302
    assert Contribution.objects.get().person == photographed


def test_a_photo_of_no_one_must_be_confirmed_as_showing_no_one(staff_client, project, activity) -> None:
    data = {**PHOTO, "activity": activity.pk, "alt_text": "The new feeding room, with two sofas"}
    response = post(staff_client, create_url(project), {**data, "file": upload(png_bytes())})
    assert errors_of(response) == {
        "no_one_identifiable": ["Confirm that no one can be identified in this photo, or choose the person it is of"]
    }
    assert not Contribution.objects.exists()
    response = post(
        staff_client, create_url(project), {**data, "no_one_identifiable": "on", "file": upload(png_bytes())}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="contributions.Contribution", action="create")
    assert "no one can be identified" in event.summary


# Who may, and whose ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER, Role.DATA_PROTECTION_OFFICER])
def test_roles_that_do_not_record_contributions_get_403(org, project, role) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(create_url(project)).status_code == 403
    assert client.post(create_url(project), IDEA).status_code == 403
    assert not Contribution.objects.exists()


def test_another_organisations_project_or_activity_is_404(staff_client, project, other_project, other_org) -> None:
    assert staff_client.get(create_url(other_project)).status_code == 404
    assert post(staff_client, create_url(other_project), {**IDEA, "gathered": "phone"}).status_code == 404
    theirs = Activity.objects.create(organisation=other_org, project=other_project, title="T", kind="workshop")
    assert staff_client.get(create_url(project, activity=theirs.pk)).status_code == 404
    assert staff_client.get(create_url(project, activity="not-a-uuid")).status_code == 404
    assert not Contribution.objects.exists()


def test_an_activity_of_another_project_cannot_be_chosen(staff_client, org, project) -> None:
    from coproduce.projects.models import Project

    elsewhere = Project.objects.create(organisation=org, title="Elsewhere", goal="g")
    activity = Activity.objects.create(organisation=org, project=elsewhere, title="Other", kind="workshop")
    assert staff_client.get(create_url(project, activity=activity.pk)).status_code == 404
    response = post(staff_client, create_url(project), {**IDEA, "activity": activity.pk})
    assert "activity" in errors_of(response)
    assert not Contribution.objects.exists()


def test_the_audit_line_names_fields_never_what_was_said(staff_client, project, person, timing) -> None:
    url = create_url(project, person=person.pk)
    post(staff_client, url, {**IDEA, "gathered": "phone", "themes": [timing.pk]})
    event = AuditEvent.objects.get(object_type="contributions.Contribution")
    assert event.action == "create"
    assert event.changes == {"fields": ["checked_by_person", "gathered", "kind", "person", "text", "themes"]}
    flat = str(event.changes) + event.summary + event.object_label
    assert "school run" not in flat and "Siobhan" not in flat and "Walsh" not in flat
