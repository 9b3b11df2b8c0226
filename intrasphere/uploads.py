"""Upload checks shared by every app: size, real content type, generated storage names.

Every check is bounded before anything is decompressed or decoded (docs/security.md): archives
by their central directory (entry count, declared sizes and ratios) and at most a few KiB read
of any entry; images by their header (pixels, each side, aspect ratio, and for thumbnails the
memory decoding will take); PDFs by their names with `#xx` escapes decoded and their object
streams decompressed by pypdf within its limits.
"""

from __future__ import annotations

import io
import re
import struct
import time
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Images: the portal's budgets, checked from the header before any pixel is decoded. Pillow's
# own bomb limit is set to the portal's (it refuses above twice it and only warns between).
IMAGE_MAX_PIXELS = getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000)
IMAGE_MAX_SIDE = getattr(settings, "IMAGE_MAX_SIDE", 12_000)
IMAGE_MAX_ASPECT = getattr(settings, "IMAGE_MAX_ASPECT", 32)
# What decoding an image for a thumbnail may allocate (Pillow keeps 4 bytes a pixel for RGB):
# PNGs decode whole, JPEGs at the reduced scale `draft` picks.
IMAGE_MAX_DECODED_BYTES = getattr(settings, "IMAGE_MAX_DECODED_BYTES", 32 * 1024 * 1024)
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}

# Archives (docx, xlsx, pptx, odt, ods): the central directory's limits, before it is parsed.
ARCHIVE_MAX_ENTRIES = 5000
ARCHIVE_MAX_DIRECTORY_BYTES = 1024 * 1024
ARCHIVE_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100  # for entries over ARCHIVE_RATIO_FROM bytes
ARCHIVE_RATIO_FROM = 1024 * 1024
ARCHIVE_ENTRY_READ = 4096  # the most read (inflated) of any entry

# PDFs: names that make a document act (scripts, launching programs, embedded files).
PDF_ACTIVE_NAMES = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"EF", b"RichMedia"}
)
PDF_MAX_STREAM_BYTES = 16 * 1024 * 1024  # one decompressed object stream
PDF_MAX_INFLATED_BYTES = 64 * 1024 * 1024  # all of them
PDF_MAX_SECONDS = 5.0


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


OFFICE_ZIP_MARKERS = {
    "docx": b"word/",
    "xlsx": b"xl/",
    "pptx": b"ppt/",
}
OPENDOCUMENT_MIMES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
}
DOCUMENT_EXTENSIONS = tuple(CONTENT_TYPES)
# Markup or scripts inside a PDF or an image: a polyglot (e.g. a PDF header followed by HTML)
# that a browser or a PDF reader could run. Real documents and images do not carry these.
POLYGLOT_MARKERS = re.compile(
    rb"<script|<html|<svg|<!doctype\s+html|<iframe|<body|javascript:|/javascript\b|/launch\b",
    re.IGNORECASE,
)
SCANNED_KINDS = ("pdf", "png", "jpg")
IMAGE_EXTENSIONS = ("png", "jpg")


def generated_name(prefix: str, extension: str) -> str:
    """A storage path that never contains anything the user typed."""
    return f"{prefix}/{uuid.uuid4().hex}.{extension}"


def _extension(name: str) -> str:
    ext = PurePath(name or "").suffix.lower().lstrip(".")
    return "jpg" if ext == "jpeg" else ext


def _sniff(head: bytes, upload: UploadedFile) -> str | None:
    """The file's real kind, from its bytes; None when it is none we accept."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_archive(upload)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the end of the sample: at most 3 of its
            # 4 bytes are there.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                return None
        lowered = head.lstrip().lower()
        if lowered.startswith((b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script")):
            return None
        return "txt"
    return None


class ArchiveRefused(Exception):
    """An archive over one of the limits: refused without reading its entries."""


def _central_directory(upload: UploadedFile) -> tuple[int, int]:
    """(entry count, directory size) from the end-of-central-directory record (zip64 too),
    read before zipfile parses the directory into one object per entry."""
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    tail_size = min(size, 22 + 65535 + 20)
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise ArchiveRefused
    entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        if locator < 0:
            raise ArchiveRefused
        (record_at,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        upload.seek(record_at)
        record = upload.read(56)
        if not record.startswith(b"PK\x06\x06") or len(record) < 56:
            raise ArchiveRefused
        entries, directory_size = struct.unpack("<QQ", record[32:48])
    return entries, directory_size


def _check_archive(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio_applies = info.file_size > ARCHIVE_RATIO_FROM
        if ratio_applies and info.file_size > ARCHIVE_MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveRefused
    if total > ARCHIVE_MAX_UNCOMPRESSED:
        raise ArchiveRefused


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    """At most ARCHIVE_ENTRY_READ bytes of an entry (inflated no further than that)."""
    with archive.open(name) as entry:
        return entry.read(ARCHIVE_ENTRY_READ)


def _sniff_archive(upload: UploadedFile) -> str | None:
    """docx/xlsx/pptx/odt/ods from a ZIP's names and at most a few KiB of its `mimetype`."""
    try:
        entries, directory_size = _central_directory(upload)
        if entries > ARCHIVE_MAX_ENTRIES or directory_size > ARCHIVE_MAX_DIRECTORY_BYTES:
            raise ArchiveRefused
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            if len(archive.infolist()) > ARCHIVE_MAX_ENTRIES:
                raise ArchiveRefused
            _check_archive(archive)
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = _read_entry(archive, "mimetype").strip()
                for ext, marker in OPENDOCUMENT_MIMES.items():
                    if mimetype == marker:
                        return ext
                return None
            if "[Content_Types].xml" in names:
                for ext, marker in OFFICE_ZIP_MARKERS.items():
                    if any(name.encode().startswith(marker) for name in names):
                        return ext
    except (ArchiveRefused, zipfile.BadZipFile, OSError, KeyError, ValueError, struct.error):
        return None
    except (NotImplementedError, RuntimeError, EOFError, zipfile.LargeZipFile):
        return None  # unknown compression, encrypted entries, truncated data
    return None


def validate_upload(
    upload: UploadedFile,
    *,
    allowed: tuple[str, ...] = DOCUMENT_EXTENSIONS,
    max_bytes: int | None = None,
    thumbnail: tuple[int, int] | None = None,
) -> FileKind:
    """Check size, extension and real content; return the kind or raise a ValidationError.
    `thumbnail`: the size the caller will make a thumbnail of (images): the memory decoding
    takes is checked for it too."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    claimed = _extension(upload.name)
    if claimed not in allowed:
        raise ValidationError(
            _("Files of this type are not accepted. Allowed types: %(types)s.")
            % {"types": ", ".join(allowed)},
            code="type",
        )
    upload.seek(0)
    head = upload.read(2048)
    actual = _sniff(head, upload)
    upload.seek(0)
    if actual != claimed:
        raise ValidationError(
            _("The file's content does not match its “.%(ext)s” extension.") % {"ext": claimed},
            code="content",
        )
    if actual in SCANNED_KINDS and _has_markup(upload):
        raise ValidationError(
            _("The file contains scripts or web-page markup, which is not accepted."),
            code="polyglot",
        )
    if actual == "pdf":
        _check_pdf(upload)
    if actual in IMAGE_EXTENSIONS:
        _verify_image(upload, thumbnail=thumbnail)
    return FileKind(extension=actual, content_type=CONTENT_TYPES[actual])


def _has_markup(upload: UploadedFile) -> bool:
    """Scan the whole file in overlapping chunks for POLYGLOT_MARKERS."""
    upload.seek(0)
    tail = b""
    try:
        for chunk in upload.chunks():
            if POLYGLOT_MARKERS.search(tail + chunk):
                return True
            tail = chunk[-32:]
        return False
    finally:
        upload.seek(0)


# --- PDF -------------------------------------------------------------------------------------
_PDF_DELIMITER = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_PDF_NAME = re.compile(rb"/([^" + _PDF_DELIMITER + rb"]*)")
_PDF_ESCAPED_NAME = re.compile(rb"/([^" + _PDF_DELIMITER + rb"]*#[^" + _PDF_DELIMITER + rb"]*)")
_PDF_ACTIVE = re.compile(
    rb"/(?:"
    + b"|".join(sorted(PDF_ACTIVE_NAMES, key=len, reverse=True))
    + rb")(?=["
    + _PDF_DELIMITER
    + rb"]|$)"
)
_PDF_OBJECT_STREAM = re.compile(rb"/ObjStm(?=[" + _PDF_DELIMITER + rb"]|$)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class PdfRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _unescape_name(name: bytes) -> bytes:
    """A PDF name with its `#xx` escapes decoded (`Java#53cript` is `JavaScript`)."""
    return _HEX_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), name)


def _pdf_names(data: bytes) -> tuple[bool, int]:
    """(whether an active name occurs, how many `/ObjStm` names occur), escapes decoded."""
    active = _PDF_ACTIVE.search(data) is not None
    object_streams = len(_PDF_OBJECT_STREAM.findall(data))
    for match in _PDF_ESCAPED_NAME.finditer(data):
        name = _unescape_name(match[1])
        active = active or name in PDF_ACTIVE_NAMES
        object_streams += name == b"ObjStm"
    return active, object_streams


def _pdf_object_streams(data: bytes, expected: int) -> bool:
    """Whether a compressed object stream holds an active name: pypdf finds and decompresses
    every object stream (any filter, predictors, an empty-password encryption) within limits.
    Refused: fewer streams found than the file names, a stream over the limits, a damaged
    structure or encryption with a password (what cannot be checked is not accepted)."""
    started = time.monotonic()
    try:
        with pypdf.apply_configuration(
            zlib_maximum_output_length=PDF_MAX_STREAM_BYTES,
            lzw_maximum_output_length=PDF_MAX_STREAM_BYTES,
            run_length_maximum_output_length=PDF_MAX_STREAM_BYTES,
            array_based_stream_maximum_output_length=PDF_MAX_STREAM_BYTES,
            maximum_declared_stream_length=PDF_MAX_STREAM_BYTES,
        ):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise PdfRefused(_("Password-protected PDFs cannot be checked."))
            numbers = sorted({number for number, _index in reader.xref_objStm.values()})
            if len(numbers) < expected:
                raise PdfRefused(_("The PDF is damaged or could not be checked."))
            inflated = 0
            for number in numbers:
                if time.monotonic() - started > PDF_MAX_SECONDS:
                    raise PdfRefused(_("The PDF is too complex to be checked."))
                stream = reader.get_object(number)
                content = stream.get_data() if hasattr(stream, "get_data") else b""
                inflated += len(content)
                if inflated > PDF_MAX_INFLATED_BYTES:
                    raise PdfRefused(_("The PDF is too complex to be checked."))
                if _pdf_names(content)[0]:
                    return True
                reader.resolved_objects.clear()
    except PdfRefused:
        raise
    except Exception:  # noqa: BLE001 - any parser failure on hostile input: not checkable
        raise PdfRefused(_("The PDF is damaged or could not be checked.")) from None
    return False


def _check_pdf(upload: UploadedFile) -> None:
    """Refuse JavaScript, Launch actions and embedded files, however the names are written
    (`/Java#53cript`) and wherever they are (plain objects or compressed object streams)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    active, object_streams = _pdf_names(data)
    try:
        if not active and object_streams:
            active = _pdf_object_streams(data, object_streams)
    except PdfRefused as refused:
        raise ValidationError(refused.message, code="pdf") from None
    if active:
        raise ValidationError(
            _(
                "The PDF contains scripts, launch actions or embedded files, "
                "which are not accepted."
            ),
            code="polyglot",
        )


# --- Images ----------------------------------------------------------------------------------
def _image_refused() -> ValidationError:
    return ValidationError(_("The image is damaged or too large to open."), code="image")


def _decoded_bytes(image: Image.Image, size: tuple[int, int]) -> int:
    """What making a `size` thumbnail of `image` will allocate to decode it: JPEGs are decoded
    at the scale `draft` picks (1/2, 1/4 or 1/8), others whole."""
    width, height = image.size
    scale = 1
    if image.format == "JPEG":
        room = min(width // max(size[0], 1), height // max(size[1], 1))
        scale = next((s for s in (8, 4, 2) if room >= s), 1)
    pixels = -(-width // scale) * -(-height // scale)
    return pixels * _BYTES_PER_PIXEL.get(image.mode, 4)


def _check_dimensions(image: Image.Image, thumbnail: tuple[int, int] | None) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise _image_refused()
    if width * height > IMAGE_MAX_PIXELS or max(width, height) > IMAGE_MAX_SIDE:
        raise _image_refused()
    if max(width, height) > IMAGE_MAX_ASPECT * min(width, height):
        raise ValidationError(
            _("The image is too narrow or too flat (at most %(ratio)d to 1).")
            % {"ratio": IMAGE_MAX_ASPECT},
            code="image",
        )
    if thumbnail is not None and _decoded_bytes(image, thumbnail) > IMAGE_MAX_DECODED_BYTES:
        raise _image_refused()


def _verify_image(upload: UploadedFile, *, thumbnail: tuple[int, int] | None = None) -> None:
    """The header's budgets (nothing decoded yet), then Pillow's structural check."""
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Between MAX_IMAGE_PIXELS and twice that, Pillow only warns: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                _check_dimensions(image, thumbnail)
                image.verify()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        struct.error,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise _image_refused() from None
    finally:
        upload.seek(0)


def image_thumbnail(upload: UploadedFile, *, size: tuple[int, int] = (256, 256)) -> bytes:
    """A PNG thumbnail of an already validated image (metadata dropped). JPEGs are decoded at
    a reduced scale (`draft`), then `thumbnail` reduces before resampling and only the small
    result is converted: memory stays within IMAGE_MAX_DECODED_BYTES."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            _check_dimensions(image, size)
            image.draft("RGB" if image.mode not in ("L", "CMYK") else image.mode, size)
            image.thumbnail(size)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        raise _image_refused() from None
    finally:
        upload.seek(0)
    return out.getvalue()
