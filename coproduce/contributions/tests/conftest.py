"""Fixtures of the contributions area, on top of the shared cast (tests/cast.py): a project with a stage and an
activity, people (one who agreed to photos), themes, and files of each type made in code."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.consent import services as consent_services
from coproduce.consent.models import Purpose
from coproduce.contributions import services
from coproduce.contributions.models import Contribution, Theme
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.projects.models import Project, Stage
from tests.cast import client_for, make_member


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real (tiny) PNG image, made without Pillow."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xd4\x35\x1c" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP_BYTES = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(content: bytes, name: str = "picture.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Priya Lead")


@pytest.fixture
def lead_client(lead):
    return client_for(lead)


@pytest.fixture
def staff_client(colleague):
    return client_for(colleague)


@pytest.fixture
def dpo(org):
    return make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER, "Dee Protection")


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Feeding support that fits")


@pytest.fixture
def stage(org, project) -> Stage:
    return Stage.objects.create(organisation=org, project=project, name="Discover", order=10)


@pytest.fixture
def activity(org, project, stage) -> Activity:
    return Activity.objects.create(
        organisation=org, project=project, stage=stage, title="Stay and play chat", kind="drop_in", join_in_person=True
    )


@pytest.fixture
def person(org) -> Person:
    return Person.objects.create(organisation=org, full_name="Siobhan Walsh", preferred_name="Siobhan")


@pytest.fixture
def photographed(org, admin) -> Person:
    """A person who agreed to photos of them."""
    person = Person.objects.create(organisation=org, full_name="Precious Quartey")
    consent_services.consent_give(person=person, purpose=Purpose.PHOTOS, method="online", actor=admin)
    return person


@pytest.fixture
def timing(org) -> Theme:
    return Theme.objects.create(organisation=org, name="Timing")


@pytest.fixture
def other_project(other_org) -> Project:
    return Project.objects.create(organisation=other_org, title="Southby project", goal="g")


def record(actor, project, **fields) -> Contribution:
    """A contribution made through the service (an idea gathered on the phone unless told otherwise)."""
    themes = fields.pop("themes", ())
    new_theme = fields.pop("new_theme", "")
    file = fields.pop("upload", None)
    details = services.Details(**{"kind": "idea", "gathered": "phone", "text": "Later sessions", **fields})
    return services.contribution_record(
        actor=actor, project=project, details=details, themes=themes, new_theme=new_theme, upload=file
    )
