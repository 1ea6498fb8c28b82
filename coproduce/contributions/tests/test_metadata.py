"""Images are stored without their metadata: a photo from a phone says where it was taken (on a home visit, that is
a family's address), when, and on what. A JPEG keeps only which way up it goes; a file whose structure cannot be
followed is refused rather than stored with its metadata."""

from __future__ import annotations

import struct
import zlib

import pytest

from coproduce.contributions import files
from coproduce.contributions.tests.conftest import png_bytes, record, upload

GPS = b"GPS 51.5007N 0.1246W Home of the Walsh family"


def exif_segment(orientation: int, *, order: str = "big") -> bytes:
    """An EXIF APP1 segment with an Orientation and a (pretend) GPS note after the directory."""
    mark = b"MM" if order == "big" else b"II"
    tiff = mark + (42).to_bytes(2, order) + (8).to_bytes(4, order) + (2).to_bytes(2, order)
    tiff += (0x010F).to_bytes(2, order) + (2).to_bytes(2, order) + (4).to_bytes(4, order) + b"Cam\x00"
    tiff += (0x0112).to_bytes(2, order) + (3).to_bytes(2, order) + (1).to_bytes(4, order)
    tiff += orientation.to_bytes(2, order) + b"\x00\x00" + (0).to_bytes(4, order) + GPS
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body


def jpeg(*segments: bytes, trailer: bytes = b"") -> bytes:
    scan = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\xff\x00\x34\xff\xd0\x56"  # stuffed byte, a restart
    return b"\xff\xd8" + b"".join(segments) + scan + b"\xff\xd9" + trailer


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + body


APP0 = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
ICC = segment(0xE2, b"ICC_PROFILE\x00\x01\x01")
COMMENT = segment(0xFE, b"Taken at home")


@pytest.mark.parametrize("order", ["big", "little"])
def test_a_jpeg_loses_its_metadata_but_keeps_its_orientation(order) -> None:
    original = jpeg(APP0, exif_segment(6, order=order), ICC, COMMENT, trailer=b"\xff\xd8MPF second image " + GPS)
    stripped = files.without_metadata(original, files.JPEG)
    assert GPS not in stripped and b"Cam" not in stripped and b"Taken at home" not in stripped
    assert stripped.startswith(b"\xff\xd8\xff\xe1") and stripped.endswith(b"\x56\xff\xd9")
    assert APP0 in stripped and ICC in stripped  # the JFIF header and the colour profile stay
    segment_length = int.from_bytes(stripped[4:6], "big")
    assert files._jpeg_orientation(stripped[2 : 4 + segment_length]) == 6


def test_a_jpeg_without_metadata_is_unchanged() -> None:
    original = jpeg(APP0)
    assert files.without_metadata(original, files.JPEG) == original


def png_with_text() -> bytes:
    image = png_bytes()
    data = b"Location\x00Northby, 12 Mill Lane"
    text = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return image[:33] + text + image[33:]  # after the 8-byte signature and the 25-byte IHDR chunk


def test_a_png_loses_its_text_chunks() -> None:
    stripped = files.without_metadata(png_with_text(), files.PNG)
    assert b"Mill Lane" not in stripped
    assert stripped == png_bytes()


def test_a_webp_loses_its_exif_and_xmp_and_says_so_in_its_header() -> None:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return tag + len(data).to_bytes(4, "little") + data + (b"\x00" if len(data) % 2 else b"")

    vp8x = chunk(b"VP8X", bytes([0x0C | 0x10, 0, 0, 0]) + b"\x00" * 6)
    body = b"WEBP" + vp8x + chunk(b"VP8L", b"\x2f" + b"\x00" * 12) + chunk(b"EXIF", GPS) + chunk(b"XMP ", b"<x/>")
    original = b"RIFF" + len(body).to_bytes(4, "little") + body
    stripped = files.without_metadata(original, files.WEBP)
    assert GPS not in stripped and b"<x/>" not in stripped
    assert int.from_bytes(stripped[4:8], "little") == len(stripped) - 8
    assert stripped[20] == 0x10  # the alpha flag stays, the EXIF and XMP flags are gone
    assert files.sniff(stripped[:12]) == files.WEBP


@pytest.mark.parametrize(
    ("content", "file_type"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", files.PNG),
        (b"\xff\xd8\xff\xe1\x40\x00Exif", files.JPEG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", files.JPEG),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 \xff\x00\x00\x00", files.WEBP),
    ],
)
def test_images_whose_structure_cannot_be_followed_are_unreadable(content, file_type) -> None:
    with pytest.raises(files.UnreadableImage):
        files.without_metadata(content, file_type)


def test_what_is_stored_has_no_metadata(colleague, project) -> None:
    contribution = record(
        colleague,
        project,
        kind="drawing",
        gathered="home_visit",
        alt_text="A drawing",
        upload=upload(jpeg(APP0, exif_segment(3), COMMENT), "IMG_0001.jpg", "image/jpeg"),
    )
    stored = contribution.file.read()
    assert GPS not in stored and b"Taken at home" not in stored and stored.endswith(b"\xff\xd9")


def test_an_unreadable_image_is_refused_with_a_message(staff_client, project) -> None:
    from django.urls import reverse

    from coproduce.contributions.models import Contribution

    response = staff_client.post(
        reverse("contributions:contribution_create", kwargs={"project_id": project.pk}),
        {
            "kind": "drawing",
            "gathered": "paper",
            "checked_by_person": "no",
            "alt_text": "A drawing",
            "file": upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
        },
    )
    assert response.context["form"].errors == {
        "file": ["The selected file could not be read. Save it again as a JPG or PNG and try again"]
    }
    assert not Contribution.objects.exists()
