"""Upload checks shared by every app: size, real content type, generated storage names."""

from __future__ import annotations

import io
import re
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow refuses images with more pixels than this (decompression bombs).
Image.MAX_IMAGE_PIXELS = 40_000_000


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
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").strip()
                    for ext, marker in OPENDOCUMENT_MIMES.items():
                        if mimetype == marker:
                            return ext
                    return None
                if "[Content_Types].xml" in names:
                    for ext, marker in OFFICE_ZIP_MARKERS.items():
                        if any(name.encode().startswith(marker) for name in names):
                            return ext
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        return None
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the end of the sample.
            try:
                head[:-4].decode("utf-8")
            except UnicodeDecodeError:
                return None
        lowered = head.lstrip().lower()
        if lowered.startswith((b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script")):
            return None
        return "txt"
    return None


def validate_upload(
    upload: UploadedFile,
    *,
    allowed: tuple[str, ...] = DOCUMENT_EXTENSIONS,
    max_bytes: int | None = None,
) -> FileKind:
    """Check size, extension and real content; return the kind or raise a ValidationError."""
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
    if actual in IMAGE_EXTENSIONS:
        _verify_image(upload)
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


def _verify_image(upload: UploadedFile) -> None:
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Between MAX_IMAGE_PIXELS and twice that, Pillow only warns: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationError(
            _("The image is damaged or too large to open."), code="image"
        ) from None
    finally:
        upload.seek(0)


def image_thumbnail(upload: UploadedFile, *, size: tuple[int, int] = (256, 256)) -> bytes:
    """A PNG thumbnail of an already validated image (metadata dropped)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        image.thumbnail(size)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    upload.seek(0)
    return out.getvalue()
