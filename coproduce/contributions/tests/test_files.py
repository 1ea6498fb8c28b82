"""Files are private: served only through the file view, to members who may see contributions, with headers that
stop browsers guessing or caching; a photo stops being shown the moment its person withdraws consent for photos;
deleting a contribution (or replacing its file) deletes the file."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from coproduce.consent import services as consent_services
from coproduce.consent.models import Consent, Purpose
from coproduce.contributions import files
from coproduce.contributions.models import Contribution
from coproduce.contributions.tests.conftest import JPEG_BYTES, PDF_BYTES, WEBP_BYTES, png_bytes, record, upload
from coproduce.organisations.models import Role
from tests.cast import client_for, make_member


def file_url(contribution) -> str:
    return reverse("contributions:contribution_file", kwargs={"contribution_id": contribution.pk})


def detail_url(contribution) -> str:
    return reverse("contributions:contribution_detail", kwargs={"contribution_id": contribution.pk})


def list_url(project) -> str:
    return reverse("contributions:contribution_list", kwargs={"project_id": project.pk})


def read(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def drawing(colleague, project) -> Contribution:
    return record(
        colleague, project, kind="drawing", gathered="paper", alt_text="A sunny room", upload=upload(png_bytes())
    )


@pytest.fixture
def photo(colleague, project, photographed) -> Contribution:
    return record(
        colleague,
        project,
        kind="photo",
        gathered="paper",
        person=photographed,
        alt_text="Precious at the feeding cafe",
        upload=upload(png_bytes()),
    )


def test_an_image_is_served_inline_privately_with_its_real_type(staff_client, drawing) -> None:
    response = staff_client.get(file_url(drawing))
    assert response.status_code == 200
    assert read(response) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_pdf_is_downloaded_never_shown_in_the_page(staff_client, colleague, project) -> None:
    record_ = record(
        colleague,
        project,
        kind="graphic_record",
        gathered="paper",
        summary="The session's wall",
        upload=upload(PDF_BYTES, "wall.pdf", "application/pdf"),
    )
    response = staff_client.get(file_url(record_))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert read(response) == PDF_BYTES


@pytest.mark.parametrize(("content", "content_type"), [(JPEG_BYTES, "image/jpeg"), (WEBP_BYTES, "image/webp")])
def test_each_image_type_is_served_as_itself(staff_client, colleague, project, content, content_type) -> None:
    contribution = record(
        colleague, project, kind="drawing", gathered="paper", alt_text="A", upload=upload(content, "x.bin", "x/y")
    )
    assert staff_client.get(file_url(contribution))["Content-Type"] == content_type


def test_another_organisations_file_and_contribution_are_404(drawing, stranger) -> None:
    client = client_for(stranger)
    assert client.get(file_url(drawing)).status_code == 404
    assert client.get(detail_url(drawing)).status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD])
def test_members_who_may_not_see_contributions_get_404_for_the_file(org, drawing, role) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(file_url(drawing)).status_code == 404
    assert client.get(detail_url(drawing)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, drawing) -> None:
    response = client.get(file_url(drawing))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_contribution_without_a_file_sends_you_to_its_page(staff_client, colleague, project) -> None:
    idea = record(colleague, project)
    response = staff_client.get(file_url(idea))
    assert response.status_code == 302 and response["Location"] == detail_url(idea)


def test_files_are_not_under_the_static_files(staff_client, drawing, settings) -> None:
    assert not drawing.file.name.startswith(settings.STATIC_URL.strip("/"))
    assert staff_client.get(f"/static/{drawing.file.name}").status_code == 404
    assert staff_client.get(f"/{drawing.file.name}").status_code == 404


def test_a_photo_is_hidden_everywhere_once_consent_for_photos_is_withdrawn(
    staff_client, admin, project, photo, photographed
) -> None:
    assert staff_client.get(file_url(photo)).status_code == 200
    assert file_url(photo) in staff_client.get(detail_url(photo)).content.decode()

    consent = Consent.objects.get(person=photographed, purpose=Purpose.PHOTOS)
    consent_services.consent_withdraw(consent=consent, actor=admin, via="own link")

    assert staff_client.get(file_url(photo)).status_code == 404
    detail = staff_client.get(detail_url(photo)).content.decode()
    assert file_url(photo) not in detail
    assert "This photo is not shown" in detail
    listed = staff_client.get(list_url(project)).content.decode()
    assert "Photo not shown: the person no longer agrees to photos" in listed
    assert "Precious at the feeding cafe" not in listed

    # Given again: shown again.
    consent_services.consent_give(person=photographed, purpose=Purpose.PHOTOS, method="online", actor=admin)
    assert staff_client.get(file_url(photo)).status_code == 200


def test_a_photo_of_an_erased_person_is_not_shown(staff_client, photo, photographed) -> None:
    from django.utils import timezone

    type(photographed).objects.filter(pk=photographed.pk).update(erased_at=timezone.now())
    assert staff_client.get(file_url(photo)).status_code == 404


def test_deleting_a_contribution_deletes_its_file(staff_client, drawing, django_capture_on_commit_callbacks) -> None:
    name = drawing.file.name
    assert default_storage.exists(name)
    page = staff_client.get(reverse("contributions:contribution_delete", kwargs={"contribution_id": drawing.pk}))
    assert "Delete the contribution?" in page.content.decode() and default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("contributions:contribution_delete", kwargs={"contribution_id": drawing.pk})
        )
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    assert not default_storage.exists(name)


def test_a_new_file_replaces_the_old_one_which_is_deleted(
    staff_client, drawing, django_capture_on_commit_callbacks
) -> None:
    old = drawing.file.name
    url = reverse("contributions:contribution_edit", kwargs={"contribution_id": drawing.pk})
    data = {"kind": "drawing", "gathered": "paper", "checked_by_person": "no", "alt_text": "A sunny room"}
    # Saved without a new file: the file stays.
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, data).status_code == 302
    drawing.refresh_from_db()
    assert drawing.file.name == old and default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, {**data, "file": upload(JPEG_BYTES, "new.jpg", "image/jpeg")}).status_code == 302
    drawing.refresh_from_db()
    assert drawing.file.name.endswith(".jpg") and default_storage.exists(drawing.file.name)
    assert not default_storage.exists(old)


def test_a_contribution_changed_to_a_kind_without_a_file_loses_its_file(
    staff_client, drawing, django_capture_on_commit_callbacks
) -> None:
    old = drawing.file.name
    url = reverse("contributions:contribution_edit", kwargs={"contribution_id": drawing.pk})
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"kind": "idea", "text": "A sunny room", "gathered": "paper", "checked_by_person": "no"})
    drawing.refresh_from_db()
    assert not drawing.file and drawing.alt_text == ""
    assert not default_storage.exists(old)


def test_a_refused_change_keeps_the_old_file_and_stores_no_new_one(staff_client, drawing) -> None:
    before = set(default_storage.listdir(drawing.file.name.rsplit("/", 1)[0])[1])
    url = reverse("contributions:contribution_edit", kwargs={"contribution_id": drawing.pk})
    response = staff_client.post(
        url, {"kind": "drawing", "gathered": "paper", "checked_by_person": "no", "file": upload(png_bytes())}
    )
    assert response.status_code == 200  # no description for the new image
    assert set(default_storage.listdir(drawing.file.name.rsplit("/", 1)[0])[1]) == before


def test_the_upload_handler_keeps_no_more_than_the_limit() -> None:
    handler = files.CappedUploadHandler(None, limit=10)
    handler.new_file("file", "big.png", "image/png", 100)
    for start in range(0, 100, 7):
        handler.receive_data_chunk(b"x" * 7, start)
    uploaded = handler.file_complete(105)
    assert uploaded.size == 105
    assert uploaded.read() == b"x" * 10


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (png_bytes()[:12], files.PNG),
        (JPEG_BYTES[:12], files.JPEG),
        (WEBP_BYTES[:12], files.WEBP),
        (PDF_BYTES[:12], files.PDF),
        (b"RIFF\x00\x00\x00\x00WAVE", None),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_file_types_are_told_by_their_first_bytes(head, expected) -> None:
    assert files.sniff(head) == expected
