"""Opening a contribution's file is a sensitive read: each opening is in the audit log, with who opened it. A request
cannot carry more files than a form takes (the size cap is per file)."""

from __future__ import annotations

from django.urls import reverse

from coproduce.contributions.tests.conftest import png_bytes, record, upload
from coproduce.core.models import AuditEvent


def test_opening_a_photo_of_a_person_is_audited(staff_client, colleague, project, photographed) -> None:
    photo = record(
        colleague,
        project,
        kind="photo",
        gathered="paper",
        person=photographed,
        alt_text="At the feeding cafe",
        upload=upload(png_bytes()),
    )
    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count()
    response = staff_client.get(reverse("contributions:contribution_file", kwargs={"contribution_id": photo.pk}))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    events = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).order_by("-id")
    assert events.count() == before + 1
    event = events.first()
    assert event.object_id == str(photo.pk)
    assert event.summary == "Opened the contribution's file (a photo of a person)"
    assert event.actor_id == colleague.pk


def test_a_refused_file_is_not_audited_as_opened(stranger_client, colleague, project) -> None:
    drawing = record(
        colleague, project, kind="drawing", gathered="paper", alt_text="A room", upload=upload(png_bytes())
    )
    url = reverse("contributions:contribution_file", kwargs={"contribution_id": drawing.pk})
    assert stranger_client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_id=str(drawing.pk)).exists()


def test_a_request_with_more_files_than_a_form_takes_is_refused(staff_client, project) -> None:
    url = reverse("contributions:contribution_create", kwargs={"project_id": project.pk})
    files = {f"file{n}": upload(png_bytes(), name=f"p{n}.png") for n in range(3)}
    response = staff_client.post(url, {"kind": "drawing", "gathered": "paper", **files})
    assert response.status_code == 400
    assert not project.contributions.exists()
