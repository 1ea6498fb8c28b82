"""Metadata is removed wherever it is in a file, not only where it usually is: between the scans of a progressive
JPEG, in any PNG or WebP chunk that is not known to be image data (text, EXIF, XMP, provenance such as C2PA, private
chunks), and after the end of the image."""

from __future__ import annotations

import struct
import zlib

import pytest

from coproduce.contributions import files
from coproduce.contributions.tests.conftest import png_bytes
from coproduce.contributions.tests.test_metadata import APP0, ICC, exif_segment, segment

ADDRESS = b"Jane Smith, 12 Acacia Ave"

# JPEG ---------------------------------------------------------------------------------------------------------------

SOF2 = segment(0xC2, b"\x08\x00\x10\x00\x10\x01\x01\x11\x00")  # progressive, 16x16, one component
DQT = segment(0xDB, b"\x00" + bytes(range(1, 65)))
DHT_1 = segment(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00")
DHT_2 = segment(0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x07")
DRI = segment(0xDD, b"\x00\x04")
SOS_1 = b"\xff\xda\x00\x08\x01\x01\x00\x00\x00\x00"
SOS_2 = b"\xff\xda\x00\x08\x01\x01\x00\x01\x3f\x00"
# Entropy-coded data with a stuffed 0xFF (FF 00), restarts (FF D0, FF D1), and fill before a restart (FF FF D2).
SCAN_1 = b"\x12\xff\x00\x34\xff\xd0\x56\xff\x00\xff\xd1\x78"
SCAN_2 = b"\x9a\xff\x00\xbc\xff\xff\xd2\xde\xff\x00"
APP1_XMP = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>" + ADDRESS + b"</x:xmpmeta>")
COMMENT = segment(0xFE, ADDRESS)


def progressive(*between: bytes, trailer: bytes = b"") -> bytes:
    head = b"\xff\xd8" + APP0 + ICC + DQT + SOF2 + DHT_1 + DRI
    return head + SOS_1 + SCAN_1 + b"".join(between) + SOS_2 + SCAN_2 + b"\xff\xd9" + trailer


def test_metadata_between_the_scans_of_a_jpeg_is_removed() -> None:
    original = progressive(COMMENT, APP1_XMP, DHT_2, segment(0xEF, ADDRESS), trailer=b"\xff\xfe" + ADDRESS)
    stripped = files.without_metadata(original, files.JPEG)
    assert ADDRESS not in stripped and b"xmpmeta" not in stripped
    assert b"\xff\xfe" not in stripped and b"\xff\xe1" not in stripped and b"\xff\xef" not in stripped
    # Both scans and the table between them are kept byte for byte, stuffing, restarts and fill included.
    assert SOS_1 + SCAN_1 + DHT_2 + SOS_2 + SCAN_2 + b"\xff\xd9" in stripped
    assert stripped.endswith(b"\xff\xd9")
    assert stripped == progressive(DHT_2)  # nothing else changed: JFIF, colour profile and tables stay


def test_a_progressive_jpeg_without_metadata_is_unchanged() -> None:
    original = progressive(DHT_2, DQT, DRI, segment(0xDC, b"\x00\x10"))
    assert files.without_metadata(original, files.JPEG) == original


def test_a_jpeg_keeps_its_orientation_but_not_exif_between_scans() -> None:
    original = progressive(exif_segment(8), DHT_2)
    stripped = files.without_metadata(original, files.JPEG)
    assert b"Walsh" not in stripped and stripped.startswith(b"\xff\xd8" + APP0)
    assert stripped == progressive(DHT_2)  # an orientation only counts before the image data


def test_a_jpeg_orientation_before_the_scans_is_still_kept() -> None:
    original = b"\xff\xd8" + exif_segment(6) + progressive(COMMENT, DHT_2)[2:]
    stripped = files.without_metadata(original, files.JPEG)
    assert b"Walsh" not in stripped and ADDRESS not in stripped
    length = int.from_bytes(stripped[4:6], "big")
    assert files._jpeg_orientation(stripped[2 : 4 + length]) == 6


@pytest.mark.parametrize(
    "content",
    [
        progressive(DHT_2)[:-2],  # no end of image
        progressive(DHT_2)[:-1],
        b"\xff\xd8" + APP0 + SOS_1 + SCAN_1 + b"\xff",  # cut short in the image data
        b"\xff\xd8" + APP0 + SOS_1 + SCAN_1 + b"\xff\xff\xff",  # only fill bytes
        b"\xff\xd8" + APP0 + SOS_1 + SCAN_1 + b"\xff\xc4\x00",  # a table cut short between scans
        b"\xff\xd8" + APP0 + SOS_1 + SCAN_1 + b"\xff\xc4\x00\x01" + b"\xff\xd9",  # a length that is too short
        b"\xff\xd8" + APP0 + SOS_1 + SCAN_1 + b"\xff\xfe\x40\x00" + ADDRESS + b"\xff\xd9",  # a length past the end
        b"\xff\xd8" + APP0 + b"\xff\xd8" + SOS_1 + SCAN_1 + b"\xff\xd9",  # a second start of image
    ],
)
def test_a_jpeg_cut_short_or_broken_in_its_scans_is_unreadable(content) -> None:
    with pytest.raises(files.UnreadableImage):
        files.without_metadata(content, files.JPEG)


# PNG ----------------------------------------------------------------------------------------------------------------


def png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png_chunks(data: bytes) -> list[tuple[bytes, bytes, int]]:
    """(tag, data, CRC) for each chunk of a PNG."""
    chunks, index = [], 8
    while index < len(data):
        length = int.from_bytes(data[index : index + 4], "big")
        tag, body = data[index + 4 : index + 8], data[index + 8 : index + 8 + length]
        chunks.append((tag, body, int.from_bytes(data[index + 8 + length : index + 12 + length], "big")))
        index += 12 + length
    return chunks


def test_a_png_keeps_only_the_chunks_known_to_be_image_data() -> None:
    image = png_bytes()
    extra = (
        png_chunk(b"tEXt", b"Author\x00" + ADDRESS)
        + png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta>" + ADDRESS)
        + png_chunk(b"eXIf", b"MM\x00*" + ADDRESS)
        + png_chunk(b"caBX", b"c2pa manifest " + ADDRESS)
        + png_chunk(b"prVt", b"private " + ADDRESS)
        + png_chunk(b"pHYs", b"\x00\x00\x0b\x13\x00\x00\x0b\x13\x01")
        + png_chunk(b"gAMA", b"\x00\x00\xb1\x8f")
    )
    original = image[:33] + extra + image[33:] + png_chunk(b"tEXt", b"After\x00" + ADDRESS)
    stripped = files.without_metadata(original, files.PNG)
    assert ADDRESS not in stripped
    chunks = png_chunks(stripped)
    assert [tag for tag, _, _ in chunks] == [b"IHDR", b"pHYs", b"gAMA", b"IDAT", b"IEND"]
    assert all(zlib.crc32(tag + body) == crc for tag, body, crc in chunks)
    assert png_chunks(image) == [chunk for chunk in chunks if chunk[0] in {b"IHDR", b"IDAT", b"IEND"}]


# WebP ---------------------------------------------------------------------------------------------------------------


def riff_chunk(tag: bytes, data: bytes) -> bytes:
    return tag + len(data).to_bytes(4, "little") + data + (b"\x00" if len(data) % 2 else b"")


def riff(*chunks: bytes) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


VP8L = riff_chunk(b"VP8L", b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07")
ICCP = riff_chunk(b"ICCP", b"\x00\x00\x02\x0cprofile")


def vp8x(flags: int) -> bytes:
    return riff_chunk(b"VP8X", bytes([flags, 0, 0, 0]) + b"\x00\x00\x00\x00\x00\x00")


def test_a_webp_keeps_only_the_chunks_known_to_be_image_data() -> None:
    original = riff(
        vp8x(0x20 | 0x10 | 0x08 | 0x04),  # colour profile, alpha, EXIF, XMP
        ICCP,
        VP8L,
        riff_chunk(b"EXIF", b"MM\x00*" + ADDRESS),
        riff_chunk(b"XMP ", b"<x:xmpmeta>" + ADDRESS + b"</x:xmpmeta>"),
        riff_chunk(b"C2PA", b"manifest " + ADDRESS),
    )
    stripped = files.without_metadata(original, files.WEBP)
    assert ADDRESS not in stripped and b"C2PA" not in stripped
    assert stripped == riff(vp8x(0x20 | 0x10), ICCP, VP8L)
    assert stripped[20] == 0x30  # the EXIF and XMP flags are gone, the others stay
    assert int.from_bytes(stripped[4:8], "little") == len(stripped) - 8


def test_a_webp_animation_frame_keeps_only_its_image() -> None:
    header = b"\x00" * 6 + b"\x00\x00\x00" + b"\x00\x00\x00" + b"\x64\x00\x00\x00"  # x, y, size, duration, flags
    frame = riff_chunk(b"ANMF", header + VP8L + riff_chunk(b"XMP ", ADDRESS))
    anim = riff_chunk(b"ANIM", b"\x00\x00\x00\x00\x00\x00")
    stripped = files.without_metadata(riff(vp8x(0x02 | 0x04), anim, frame), files.WEBP)
    assert ADDRESS not in stripped
    assert stripped == riff(vp8x(0x02), anim, riff_chunk(b"ANMF", header + VP8L))


def test_anything_after_the_end_of_a_webp_is_left_out() -> None:
    stripped = files.without_metadata(riff(VP8L) + riff_chunk(b"EXIF", ADDRESS), files.WEBP)
    assert stripped == riff(VP8L)


@pytest.mark.parametrize(
    "content",
    [
        riff(VP8L)[:-3],  # cut short
        b"RIFF\x00\x00\x00\x00WEBP" + VP8L,  # a size too small to hold anything
        riff(riff_chunk(b"ANMF", b"\x00" * 8)),  # a frame too small for its header
        riff(riff_chunk(b"ANMF", b"\x00" * 16 + b"VP8L\xff\x00\x00\x00")),  # a frame's image cut short
    ],
)
def test_a_webp_cut_short_or_broken_is_unreadable(content) -> None:
    with pytest.raises(files.UnreadableImage):
        files.without_metadata(content, files.WEBP)
