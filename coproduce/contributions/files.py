"""The files of contributions (a drawing, a photo, a graphic record): what types are accepted, checked by their
first bytes rather than by their name or the type the browser claims, the size limit, and the upload handler that
never holds more than the limit.

Files are private. They are stored under random names (a file called "Jane Smith at the hub.jpg" would put a name
in the storage), images without their metadata (a phone photo says where it was taken), and served only by
`views.contribution_file`, never by the static files server. Pillow is not installed: the checks here read the
files' structure themselves.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from coproduce.contributions.models import Contribution

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
# Uploads are held in memory up to this size, then in a temporary file, never beyond the limit.
SPOOL_BYTES = 2 * MB

IMAGE_KINDS = frozenset({Contribution.Kind.DRAWING, Contribution.Kind.PHOTO, Contribution.Kind.GRAPHIC_RECORD})
# Kinds that are nothing without their file.
FILE_KINDS = IMAGE_KINDS


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    words: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


JPEG = FileType("image/jpeg", "jpg", "JPG")
PNG = FileType("image/png", "png", "PNG")
WEBP = FileType("image/webp", "webp", "WebP")
PDF = FileType("application/pdf", "pdf", "PDF")
BY_EXTENSION = {kind.extension: kind for kind in (JPEG, PNG, WEBP, PDF)}


def max_bytes() -> int:
    return getattr(settings, "CONTRIBUTION_MAX_BYTES", DEFAULT_MAX_BYTES)


def megabytes(size: int) -> str:
    """'10' for 10 MB, '10.3' for a little over (never rounded down to the limit it exceeds)."""
    value = -(-size * 10 // MB) / 10
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def sniff(head: bytes) -> FileType | None:
    """The type of a file from its first 12 bytes (its "magic number"), or None if it is not one we take."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def allowed_types(kind: str) -> tuple[FileType, ...]:
    """Images for any kind with a file; a graphic record may also be a PDF."""
    if kind == Contribution.Kind.GRAPHIC_RECORD:
        return (JPEG, PNG, WEBP, PDF)
    if kind in IMAGE_KINDS:
        return (JPEG, PNG, WEBP)
    return ()


def type_message(kind: str) -> str:
    if kind == Contribution.Kind.GRAPHIC_RECORD:
        return _("The selected file must be a JPG, PNG, WebP or PDF")
    return _("The selected file must be a JPG, PNG or WebP image")


def check_upload(upload, *, kind: str, limit: int | None = None) -> FileType:
    """The type of an uploaded file for a contribution of `kind`, or a ValidationError (on "file") saying what is
    wrong: empty, too big, or not a type we take (judged by its content, whatever its name says)."""
    limit = max_bytes() if limit is None else limit
    if upload.size == 0:
        raise ValidationError({"file": _("The selected file is empty")})
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The selected file must be smaller than %(limit)s MB (it is %(size)s MB)")
                % {"limit": megabytes(limit), "size": megabytes(upload.size)}
            }
        )
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    found = sniff(head)
    if found is None or found not in allowed_types(kind):
        raise ValidationError({"file": type_message(kind)})
    try:
        prepared_content(upload, found)
    except UnreadableImage:
        raise ValidationError(
            {"file": _("The selected file could not be read. Save it again as a JPG or PNG and try again")}
        ) from None
    return found


def prepared_content(upload, file_type: FileType) -> bytes:
    """What is stored for an upload: its bytes, without metadata if it is an image."""
    upload.seek(0)
    try:
        return without_metadata(upload.read(), file_type)
    finally:
        upload.seek(0)


# Metadata ----------------------------------------------------------------------------------------------------------
# Photos from phones carry where they were taken (GPS), when, and on what device; a photo taken on a home visit
# would give away a family's address. Images are stored without it. JPEG keeps only which way up it goes.


class UnreadableImage(ValueError):
    """The file says it is an image but its structure could not be followed, so its metadata cannot be removed."""


# Before the first scan: everything but APP1 (EXIF, XMP), APP2 unless it is a colour profile, APP3–APP15 (maker
# notes, IPTC, Photoshop) and comments. Between scans, only what decoding needs: Huffman, arithmetic-coding and
# quantisation tables, the restart interval, the number of lines, and the next scan.
JPEG_DROPPED = {0xE1, *range(0xE3, 0xF0), 0xFE}
JPEG_BETWEEN_SCANS = {0xC4, 0xCC, 0xDB, 0xDD, 0xDC, 0xDA}
# Chunks are kept only if they are known to be image data or how to show it (colour, transparency, pixel size):
# anything else (text, EXIF, timestamps, provenance, private chunks) may say who, where or when. Animated PNG
# chunks are not kept: an animation is stored as its still image.
PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs"}
WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
# What an animation frame (ANMF) may hold after its 16-byte header.
WEBP_FRAME_KEPT = {b"VP8 ", b"VP8L", b"ALPH"}


def _jpeg_orientation(app1: bytes) -> int | None:
    """The Orientation (1–8) in an EXIF APP1 segment's first image directory, if there is one."""
    body = app1[4:]  # after the marker and length
    if not body.startswith(b"Exif\x00\x00") or len(body) < 14:
        return None
    tiff = body[6:]
    order = {b"II": "little", b"MM": "big"}.get(tiff[:2])
    if order is None:
        return None
    offset = int.from_bytes(tiff[4:8], order)
    if offset + 2 > len(tiff):
        return None
    count = int.from_bytes(tiff[offset : offset + 2], order)
    for index in range(count):
        entry = tiff[offset + 2 + 12 * index : offset + 14 + 12 * index]
        if len(entry) == 12 and int.from_bytes(entry[:2], order) == 0x0112:
            value = int.from_bytes(entry[8:10], order)
            return value if 1 <= value <= 8 else None
    return None


def _jpeg_orientation_segment(orientation: int) -> bytes:
    """A minimal EXIF APP1 segment holding only the Orientation."""
    tiff = b"MM\x00*" + (8).to_bytes(4, "big") + (1).to_bytes(2, "big")
    tiff += (0x0112).to_bytes(2, "big") + (3).to_bytes(2, "big") + (1).to_bytes(4, "big")
    tiff += orientation.to_bytes(2, "big") + b"\x00\x00" + (0).to_bytes(4, "big")
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body


def _jpeg_scan_end(data: bytes, index: int) -> int:
    """Where the entropy-coded data of a scan starting at `index` ends: at the 0xFF (or run of 0xFF fill bytes) of
    the first marker that is not part of it. In it, FF 00 is a stuffed 0xFF byte and FF D0–FF D7 are restarts."""
    while True:
        index = data.find(b"\xff", index)
        if index < 0:
            raise UnreadableImage
        after = index + 1
        while after < len(data) and data[after] == 0xFF:  # fill bytes before a marker
            after += 1
        if after >= len(data):
            raise UnreadableImage
        if data[after] != 0x00 and not 0xD0 <= data[after] <= 0xD7:
            return index
        index = after + 1


def _strip_jpeg(data: bytes) -> bytes:
    out, index, orientation, scanned = [b"\xff\xd8"], 2, None, False
    while index < len(data):
        if data[index] != 0xFF:
            raise UnreadableImage
        while index + 1 < len(data) and data[index + 1] == 0xFF:  # fill bytes before a marker
            index += 1
        if index + 1 >= len(data):
            raise UnreadableImage
        marker = data[index + 1]
        if marker == 0xD9:
            # The end of the image; anything after (such as a second, "multi-picture" image with its own metadata)
            # is left out.
            if orientation:
                out.insert(1, _jpeg_orientation_segment(orientation))
            out.append(b"\xff\xd9")
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(data[index : index + 2])
            index += 2
            continue
        if marker == 0xD8 or index + 4 > len(data):
            raise UnreadableImage
        end = index + 2 + int.from_bytes(data[index + 2 : index + 4], "big")
        if end > len(data) or end < index + 4:
            raise UnreadableImage
        segment = data[index:end]
        if marker == 0xDA:
            # A scan: its header, then the image data up to the next marker. Progressive images have several, with
            # tables (and, in some files, metadata) between them.
            scan_end = _jpeg_scan_end(data, end)
            out.append(data[index:scan_end])
            index, scanned = scan_end, True
            continue
        if marker == 0xE1 and not scanned:
            orientation = orientation or _jpeg_orientation(segment)
        colour_profile = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        if scanned:
            kept = marker in JPEG_BETWEEN_SCANS
        else:
            kept = marker not in JPEG_DROPPED and (marker != 0xE2 or colour_profile)
        if kept:
            out.append(segment)
        index = end
    raise UnreadableImage


def _strip_png(data: bytes) -> bytes:
    out, index = [data[:8]], 8
    while index < len(data):
        if index + 12 > len(data):
            raise UnreadableImage
        length = int.from_bytes(data[index : index + 4], "big")
        tag = data[index + 4 : index + 8]
        end = index + 12 + length
        if end > len(data):
            raise UnreadableImage
        if tag in PNG_KEPT:
            out.append(data[index:end])
        index = end
        if tag == b"IEND":
            return b"".join(out)
    raise UnreadableImage


def _webp_chunks(data: bytes, index: int, stop: int) -> list[tuple[bytes, bytes]]:
    """The (tag, whole chunk) pairs of a RIFF file from `index` to `stop`, each padded to an even length."""
    chunks = []
    while index < stop:
        if index + 8 > stop:
            raise UnreadableImage
        tag = data[index : index + 4]
        length = int.from_bytes(data[index + 4 : index + 8], "little")
        if index + 8 + length > stop:
            raise UnreadableImage
        end = index + 8 + length + (length & 1)  # chunks are padded to an even length
        chunks.append((tag, data[index:end].ljust(end - index, b"\x00")))
        index = end
    return chunks


def _strip_webp(data: bytes) -> bytes:
    # Only what the RIFF header says is the file; anything appended after it is left out. A file shorter than its
    # header says was cut short (but some writers leave out the last chunk's padding byte).
    stop = 8 + int.from_bytes(data[4:8], "little")
    if stop < 12 or stop > len(data) + 1:
        raise UnreadableImage
    stop = min(stop, len(data))
    chunks = []
    for tag, chunk in _webp_chunks(data, 12, stop):
        if tag not in WEBP_KEPT:
            continue
        if tag == b"VP8X" and len(chunk) >= 9:
            chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]  # no EXIF (0x08) or XMP (0x04) any more
        if tag == b"ANMF":
            # A frame: its header, then its image and alpha; any other chunks in it are left out.
            length = int.from_bytes(chunk[4:8], "little")
            if length < 16:
                raise UnreadableImage
            frame = chunk[8:24] + b"".join(
                sub for sub_tag, sub in _webp_chunks(chunk, 24, 8 + length) if sub_tag in WEBP_FRAME_KEPT
            )
            chunk = b"ANMF" + len(frame).to_bytes(4, "little") + frame
        chunks.append(chunk)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def without_metadata(data: bytes, file_type: FileType) -> bytes:
    """The image without its metadata (where and when it was taken, the camera, comments); a PDF as it is.
    Raises UnreadableImage if the image's structure cannot be followed."""
    if file_type == JPEG:
        return _strip_jpeg(data)
    if file_type == PNG:
        return _strip_png(data)
    if file_type == WEBP:
        return _strip_webp(data)
    return data


def stored_type(contribution: Contribution) -> FileType | None:
    """The type of a stored file, from the extension given when it was stored (after sniffing its content)."""
    name = contribution.file.name if contribution.file else ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return BY_EXTENSION.get(extension)


def shows_image(contribution: Contribution) -> bool:
    found = stored_type(contribution)
    return found is not None and found.is_image


def download_name(contribution: Contribution) -> str:
    found = stored_type(contribution)
    extension = found.extension if found else "bin"
    return f"{contribution.kind.replace('_', '-')}-{str(contribution.pk)[-8:]}.{extension}"


class CappedUploadHandler(FileUploadHandler):
    """Keeps an upload up to the limit (in memory, then a temporary file) and only counts the bytes beyond it, so
    an oversized file costs no more than the limit while its true size is still known for the message."""

    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        # Closed with the upload, by Django, at the end of the request.
        self.buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        kept = max(0, min(len(raw_data), self.limit - self.received))
        if kept:
            self.buffer.write(raw_data[:kept])
        self.received += len(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def with_upload_limit(view):
    """Uploads are counted against the limit as they arrive (CappedUploadHandler), never held beyond it. The handler
    must be set before anything reads the request body, so CSRF protection is applied after (inside)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        request.upload_handlers = [CappedUploadHandler(request, limit=max_bytes())]
        return csrf_protect(view)(request, *args, **kwargs)

    return wrapper
