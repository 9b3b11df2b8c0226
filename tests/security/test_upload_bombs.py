"""Uploads are bounded before they are opened (issue 19): archive bombs, image bombs and PDF
active content hidden by name escapes or compressed object streams; the worker's memory (its
peak RSS, read from /proc) grows by less than 50 MB for any of them, accepted or refused."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from intrasphere import uploads
from intrasphere.uploads import IMAGE_EXTENSIONS, image_thumbnail, validate_upload
from tests.security.test_uploads import bomb_png

MB = 1024 * 1024
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refused(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, data), **kwargs)
    return " ".join(error.value.messages)


# --- archives ---------------------------------------------------------------------------------


def odt_bomb(inflated: int, *, lie: bool = False) -> bytes:
    """An .odt whose `mimetype` entry inflates to `inflated` bytes of zeros; with `lie`, its
    headers declare 39 bytes (what a real mimetype holds), so only a bounded read saves us."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * MB
    data = b"".join(compressor.compress(chunk) for _ in range(inflated // MB)) + compressor.flush()
    crc = 0
    for _ in range(inflated // MB):
        crc = zlib.crc32(chunk, crc)
    declared = 39 if lie else inflated
    name = b"mimetype"
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), declared, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), declared, len(name), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    body = local + name + data
    directory = central + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def office_zip(entries: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(entries):
            archive.writestr(f"word/part{n}.xml", "")
    return out.getvalue()


def test_an_odt_whose_mimetype_inflates_to_512_mib_is_refused():
    assert "does not match" in refused("bomb.odt", odt_bomb(512 * MB))


def test_an_odt_lying_about_its_sizes_is_read_4_kib_at_most():
    assert "does not match" in refused("liar.odt", odt_bomb(64 * MB, lie=True))


def test_an_archive_with_too_many_entries_is_refused():
    assert "does not match" in refused("many.docx", office_zip(uploads.ARCHIVE_MAX_ENTRIES + 1))
    assert validate_upload(upload("fine.docx", office_zip(50))).extension == "docx"


def test_a_real_odt_is_accepted():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIME)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    assert validate_upload(upload("real.odt", out.getvalue())).extension == "odt"


# --- images -----------------------------------------------------------------------------------


def image_bytes(size: tuple[int, int], fmt: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, format=fmt)
    return out.getvalue()


def test_pillows_bomb_limit_is_the_portals():
    assert Image.MAX_IMAGE_PIXELS == uploads.IMAGE_MAX_PIXELS


@pytest.mark.parametrize(
    "size",
    [(1, 39_999_999), (39_999_999, 1), (12_001, 400), (8_000, 8_000)],
    ids=["1 × 39,999,999", "39,999,999 × 1", "one side too long", "over the pixel budget"],
)
def test_image_bombs_are_refused_from_their_header(size):
    message = refused("bomb.png", bomb_png(*size), allowed=IMAGE_EXTENSIONS)
    assert "too large" in message or "too narrow" in message


def test_a_narrow_image_is_refused_for_its_aspect_ratio():
    message = refused("strip.png", image_bytes((3_300, 100), "PNG"), allowed=IMAGE_EXTENSIONS)
    assert "too narrow or too flat" in message


def test_an_image_too_costly_to_thumbnail_is_refused_as_an_avatar_only():
    data = image_bytes((3_000, 3_000), "PNG", "RGBA")  # 36 MB decoded, within the pixel budget
    assert "too large" in refused("big.png", data, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
    assert validate_upload(upload("big.png", data)).extension == "png"  # a document: not decoded


def test_a_large_photo_is_thumbnailed_at_a_reduced_scale():
    data = image_bytes((6_000, 4_000), "JPEG")  # 24 MP: 96 MB decoded whole, 1.5 MB drafted
    photo = upload("photo.jpg", data)
    validate_upload(photo, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
    with Image.open(io.BytesIO(image_thumbnail(photo))) as thumbnail:
        assert thumbnail.size == (256, 171)


# --- PDFs -------------------------------------------------------------------------------------


def pdf_with_object_stream(inner: bytes, *, type_name: bytes = b"/ObjStm") -> bytes:
    """A PDF 1.5 whose object 4 lives in a compressed object stream (object 3), found through
    a cross-reference stream (object 5); the catalog's OpenAction points at object 4."""
    header = b"4 0 "
    stream = zlib.compress(header + inner)
    parts = [b"%PDF-1.5\n"]
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = sum(len(p) for p in parts)
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    add(2, b"<< /Type /Pages /Kids [] /Count 0 >>")
    add(
        3,
        b"<< /Type " + type_name + b" /N 1 /First %d /Filter /FlateDecode /Length %d >>\n"
        b"stream\n" % (len(header), len(stream)) + stream + b"\nendstream",
    )
    offsets[5] = sum(len(p) for p in parts)
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (1, offsets[3], 0)]
    rows += [(2, 3, 0), (1, offsets[5], 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    parts.append(
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    parts.append(b"startxref\n%d\n%%%%EOF\n" % offsets[5])
    return b"".join(parts)


SCRIPT = b"<< /S /JavaScript /JS (app.alert(1)) >>"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >> >> endobj\n",
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /L#61unch /F (calc.exe) >> >> endobj\n",
        b"%PDF-1.4\n1 0 obj << /Names << /Embedded#46iles 2 0 R >> >> endobj\n",
        pdf_with_object_stream(SCRIPT),
        pdf_with_object_stream(b"<< /S /L#61unch /F (calc.exe) >>", type_name=b"/Obj#53tm"),
    ],
    ids=["escaped JavaScript", "escaped Launch", "embedded files", "object stream", "both"],
)
def test_pdf_active_content_is_refused_however_written(data):
    assert "scripts, launch actions or embedded files" in refused("a.pdf", data)


def test_a_pdf_with_a_harmless_object_stream_is_accepted():
    data = pdf_with_object_stream(b"<< /S /GoTo /D [2 0 R /Fit] >>")
    assert validate_upload(upload("fine.pdf", data)).extension == "pdf"


def test_a_pdf_hiding_its_object_streams_from_the_parser_is_refused():
    data = (
        pdf_with_object_stream(b"<< /S /GoTo /D [2 0 R /Fit] >>") + b"9 0 obj << /Type /ObjStm >>"
    )
    assert "could not be checked" in refused("hidden.pdf", data)


# --- memory ----------------------------------------------------------------------------------


def _peak_rss_growth(action) -> int:
    """Bytes the process's peak RSS grew by while `action()` ran (Linux: VmHWM is reset)."""
    status = Path("/proc/self/status")
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pytest.skip("cannot reset the peak RSS here (/proc/self/clear_refs)")

    def field(name: str) -> int:
        line = next(x for x in status.read_text().splitlines() if x.startswith(name))
        return int(line.split()[1]) * 1024

    before = field("VmRSS:")
    action()
    return field("VmHWM:") - before


def _validate_and_thumbnail(name: str, data: bytes, *, image: bool = False):
    def run():
        handle = upload(name, data)
        try:
            if image:
                validate_upload(handle, allowed=IMAGE_EXTENSIONS, thumbnail=(640, 360))
                image_thumbnail(handle, size=(640, 360))
            else:
                validate_upload(handle)
        except ValidationError:
            pass

    return run


MEMORY_CASES = {
    "odt bomb 512 MiB": ("bomb.odt", lambda: odt_bomb(512 * MB), False),
    "odt liar 64 MiB": ("liar.odt", lambda: odt_bomb(64 * MB, lie=True), False),
    "many entries": ("many.docx", lambda: office_zip(uploads.ARCHIVE_MAX_ENTRIES + 1), False),
    "png 1 × 39,999,999": ("bomb.png", lambda: bomb_png(1, 39_999_999), True),
    "png 6,000 × 6,000": ("bomb.png", lambda: bomb_png(6_000, 6_000), True),
    "largest png thumbnailed": ("big.png", lambda: image_bytes((2_800, 2_800), "PNG"), True),
    "jpeg 24 MP thumbnailed": ("photo.jpg", lambda: image_bytes((6_000, 4_000), "JPEG"), True),
    "jpeg strip thumbnailed": ("strip.jpg", lambda: image_bytes((11_000, 700), "JPEG"), True),
    "pdf object stream": ("a.pdf", lambda: pdf_with_object_stream(SCRIPT), False),
}


@pytest.mark.parametrize("case", list(MEMORY_CASES))
def test_worker_memory_grows_less_than_50_mb(case):
    name, make, image = MEMORY_CASES[case]
    data = make()
    growth = _peak_rss_growth(_validate_and_thumbnail(name, data, image=image))
    assert growth < 50 * MB, f"{case}: peak RSS grew by {growth / MB:.0f} MB"
