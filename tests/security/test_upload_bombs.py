"""Uploads are bounded before they are opened (issue 19): archive bombs, image bombs and PDF
active content hidden by name escapes or compressed object streams, each limit pinned at its
bound; the worker's peak memory for them is test_upload_memory.py's."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf._codecs._codecs import LzwCodec

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
    # [Content_Types].xml and 4,999 parts: exactly the limit.
    full = office_zip(uploads.ARCHIVE_MAX_ENTRIES - 1)
    assert validate_upload(upload("full.docx", full)).extension == "docx"


def office_directory(size: int) -> bytes:
    """A .docx whose central directory is exactly `size` bytes (46 bytes an entry + its name)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        left = size - (46 + len("[Content_Types].xml"))
        n = 0
        while left:
            length = min(200, left - 46) if left - 46 - 200 >= 60 else left - 46
            archive.writestr(f"word/{n:05}".ljust(length, "x"), "")
            left -= 46 + length
            n += 1
    return out.getvalue()


def test_an_archive_directory_of_1_mib_at_most():
    assert validate_upload(upload("a.docx", office_directory(MB))).extension == "docx"
    assert "does not match" in refused("a.docx", office_directory(MB + 1))


def test_a_real_odt_is_accepted():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIME)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    assert validate_upload(upload("real.odt", out.getvalue())).extension == "odt"


def odt(entries: dict[str, bytes] | None = None, comment: bytes = b"") -> bytes:
    """A small real .odt; `entries` are stored as is (uncompressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", ODT_MIME)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        for name, data in (entries or {}).items():
            archive.writestr(name, data)
        archive.comment = comment
    return out.getvalue()


def zip64(
    data: bytes,
    *,
    entries: int | None = None,
    marked: tuple[bool, bool] = (True, True),
    locator: bool = True,
    signature: bytes = b"PK\x06\x06",
) -> bytes:
    """The archive with zip64 end records (as writers make them past 65,535 entries or 4 GiB):
    the end record's count and/or directory size (`marked`) say "see the zip64 record"; that
    record declares `entries` (default: the real count)."""
    at = data.rindex(b"PK\x05\x06")
    count, size, offset = struct.unpack("<HII", data[at + 10 : at + 20])
    comment = data[at + 22 :]
    declared = count if entries is None else entries
    record = signature + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, count, declared, size, offset)
    pointer = b"PK\x06\x07" + struct.pack("<IQI", 0, at, 1) if locator else b""
    count_field = 0xFFFF if marked[0] else count
    size_field = 0xFFFFFFFF if marked[1] else size
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, count_field, count_field, size_field, 0xFFFFFFFF, len(comment)
    )
    return data[:at] + record + pointer + end + comment


# The end records' signatures inside a stored entry: only the last ones are the archive's.
FAKE_END = b"PK\x06\x07" + struct.pack("<IQI", 0, 3, 1)
FAKE_END += b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 6000, 6000, 0, 0, 0)


@pytest.mark.parametrize(
    "data",
    [
        zip64(odt()),
        zip64(odt(), marked=(True, False)),
        zip64(odt(), marked=(False, True)),
        zip64(odt(comment=b"x" * 65_535)),  # the longest comment: the records at the very edge
        odt({"Object/embedded.bin": FAKE_END}),
        zip64(odt({"Object/embedded.bin": FAKE_END})),
    ],
    ids=["zip64", "count only", "size only", "longest comment", "fake end", "zip64 fake end"],
)
def test_archives_with_zip64_end_records_are_read(data):
    assert validate_upload(upload("big.odt", data)).extension == "odt"


@pytest.mark.parametrize(
    "data",
    [
        zip64(odt(), entries=uploads.ARCHIVE_MAX_ENTRIES + 1),
        zip64(odt(), marked=(True, False), entries=uploads.ARCHIVE_MAX_ENTRIES + 1),
        zip64(odt(), marked=(False, True), entries=uploads.ARCHIVE_MAX_ENTRIES + 1),
        zip64(odt(), entries=2**64 - 1),
        zip64(odt(), locator=False),
        zip64(odt(), signature=b"PK\x06\x05"),
    ],
    ids=["too many", "count only", "size only", "2**64 - 1", "no locator", "no zip64 record"],
)
def test_zip64_archives_declaring_too_much_or_damaged_are_refused(data):
    assert "does not match" in refused("big.odt", data)


def declared(sizes: dict[str, tuple[int, int]]) -> bytes:
    """An .odt with empty entries whose central directory declares (size, compressed size):
    their data is never read, only these numbers are checked."""
    data = bytearray(odt(dict.fromkeys(sizes, b"")))
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        (length,) = struct.unpack_from("<H", data, at + 28)
        name = bytes(data[at + 46 : at + 46 + length]).decode()
        if name in sizes:
            size, compressed = sizes[name]
            struct.pack_into("<II", data, at + 20, compressed, size)
        at = data.find(b"PK\x01\x02", at + 46)
    return bytes(data)


def test_an_archive_inflates_to_200_mib_at_most():
    """Entries of 1 MiB (the ratio is not checked up to there) adding up to the limit with the
    mimetype and content.xml; one byte more is refused."""
    base = len(ODT_MIME) + len("<office:document-content/>")
    sizes = {f"part{n}.xml": (MB, 0) for n in range(200)}
    sizes["part199.xml"] = (MB - base, 0)
    assert 200 * MB == uploads.ARCHIVE_MAX_UNCOMPRESSED
    assert validate_upload(upload("full.odt", declared(sizes))).extension == "odt"
    sizes["part200.xml"] = (1, 0)
    assert "does not match" in refused("over.odt", declared(sizes))


def test_an_entry_over_1_mib_inflates_100_times_at_most():
    assert validate_upload(upload("a.odt", declared({"big": (100 * 20_972, 20_972)})))
    assert "does not match" in refused("a.odt", declared({"big": (100 * 20_972 + 1, 20_972)}))
    assert validate_upload(upload("a.odt", declared({"small": (MB, 1)})))  # up to 1 MiB: any


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
    # ASCII ids: mutmut runs pytest again in the same process, where a node id with "×" is
    # not found (every mutant its tests cover was then counted killed).
    ids=["1 x 39,999,999", "39,999,999 x 1", "one side too long", "over the pixel budget"],
)
def test_image_bombs_are_refused_from_their_header(size):
    message = refused("bomb.png", bomb_png(*size), allowed=IMAGE_EXTENSIONS)
    assert "too large" in message or "too narrow" in message


def test_a_narrow_image_is_refused_for_its_aspect_ratio():
    message = refused("strip.png", image_bytes((3_201, 100), "PNG"), allowed=IMAGE_EXTENSIONS)
    assert message == "The image is too narrow or too flat (at most 32 to 1)."


@pytest.mark.parametrize(
    "data",
    [
        bomb_png(5_000, 8_000),  # exactly IMAGE_MAX_PIXELS
        bomb_png(12_000, 400),  # the longest side allowed
        image_bytes((3_200, 100), "PNG"),  # 32 to 1
        image_bytes((1, 1), "PNG"),
    ],
    ids=["40 Mpx", "12,000 px wide", "32 to 1", "1 x 1"],
)
def test_images_at_the_limits_are_accepted(data):
    assert validate_upload(upload("edge.png", data), allowed=IMAGE_EXTENSIONS).extension == "png"


@pytest.mark.parametrize(
    "data",
    [bomb_png(5_001, 8_000), bomb_png(12_001, 400)],
    ids=["40 Mpx + 1 column", "12,001 px wide"],
)
def test_images_just_over_the_limits_are_refused(data):
    message = refused("edge.png", data, allowed=IMAGE_EXTENSIONS)
    assert message == "The image is damaged or too large to open."


def test_an_image_decoding_to_32_mib_can_be_thumbnailed():
    at_limit = image_bytes((4_096, 2_048), "PNG", "RGBA")  # 4 bytes a pixel: exactly 32 MiB
    kind = validate_upload(
        upload("a.png", at_limit), allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256)
    )
    assert kind.extension == "png"
    over = image_bytes((4_097, 2_048), "PNG", "RGBA")
    message = refused("a.png", over, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
    assert message == "The image is damaged or too large to open."


def test_an_image_too_costly_to_thumbnail_is_refused_as_an_avatar_only():
    data = image_bytes((3_000, 3_000), "PNG", "RGBA")  # 36 MB decoded, within the pixel budget
    assert "too large" in refused("big.png", data, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
    assert validate_upload(upload("big.png", data)).extension == "png"  # a document: not decoded


def test_a_photo_is_decoded_at_the_scale_its_thumbnail_allows():
    """A (640, 360) thumbnail of a 1,000 × 9,000 JPEG: `draft` can only halve what is wider
    than 1,280 px, so this one decodes whole (36 MB): refused; 2,000 px wide, it is halved."""
    narrow = image_bytes((1_000, 9_000), "JPEG")
    message = refused("tall.jpg", narrow, allowed=IMAGE_EXTENSIONS, thumbnail=(640, 360))
    assert message == "The image is damaged or too large to open."
    wide = upload("tall.jpg", image_bytes((2_000, 9_000), "JPEG"))
    assert validate_upload(wide, allowed=IMAGE_EXTENSIONS, thumbnail=(640, 360))


def test_a_thumbnail_is_not_made_of_an_image_too_costly_to_decode():
    """image_thumbnail checks the decoding's memory itself, even for an unvalidated image."""
    data = image_bytes((3_000, 3_000), "PNG", "RGBA")
    with pytest.raises(ValidationError) as error:
        image_thumbnail(upload("big.png", data))
    assert error.value.messages == ["The image is damaged or too large to open."]


def test_a_large_photo_is_thumbnailed_at_a_reduced_scale():
    data = image_bytes((6_000, 4_000), "JPEG")  # 24 MP: 96 MB decoded whole, 1.5 MB drafted
    photo = upload("photo.jpg", data)
    validate_upload(photo, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
    with Image.open(io.BytesIO(image_thumbnail(photo))) as thumbnail:
        assert thumbnail.size == (256, 171)


# --- PDFs -------------------------------------------------------------------------------------


PDF_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    box, j = list(range(256)), 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def run_length(data: bytes) -> bytes:
    """RunLengthDecode's encoding: runs of up to 128 equal bytes (2 bytes each), then EOD."""
    out = bytearray()
    for at in range(0, len(data), 128):
        run = data[at : at + 128]
        if len(run) > 1 and run == run[:1] * len(run):
            out += bytes([257 - len(run)]) + run[:1]
        else:
            out += bytes([len(run) - 1]) + run
    return bytes(out + b"\x80")


PDF_FILTERS = {
    b"/FlateDecode": zlib.compress,
    b"/LZWDecode": lambda data: LzwCodec().encode(data),
    b"/RunLengthDecode": run_length,
    b"": lambda data: data,  # no filter: stored as is
}


def pdf_with_object_streams(
    inners: list[bytes],
    *,
    type_name: bytes | list[bytes] = b"/ObjStm",
    filter_name: bytes = b"/FlateDecode",
    password: str | None = None,
) -> bytes:
    """A PDF 1.5 whose objects `inners` each live in a compressed object stream of their own,
    found through a cross-reference stream; the catalog's OpenAction points at the first.
    With `password`: encrypted (RC4 40 bits, that user and owner password)."""
    count = len(inners)
    type_names = type_name if isinstance(type_name, list) else [type_name] * count
    first_inner, xref = 3 + count, 3 + 2 * count
    parts, offsets = [b"%PDF-1.5\n"], {}
    key = None
    trailer = b""
    if password is not None:
        padded = (password.encode() + PDF_PAD)[:32]
        owner = rc4(hashlib.md5(padded).digest()[:5], padded)
        key = hashlib.md5(padded + owner + struct.pack("<i", -4) + b"0" * 16).digest()[:5]
        user = rc4(key, PDF_PAD)
        trailer = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (xref + 1, b"30" * 16, b"30" * 16)

    def add(number: int, body: bytes) -> None:
        offsets[number] = sum(len(p) for p in parts)
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction %d 0 R >>" % first_inner)
    add(2, b"<< /Type /Pages /Kids [] /Count 0 >>")
    for n, inner in enumerate(inners):
        header = b"%d 0 " % (first_inner + n)
        stream = PDF_FILTERS[filter_name](header + inner)
        if key is not None:
            stream = rc4(hashlib.md5(key + bytes([3 + n, 0, 0, 0, 0])).digest()[:10], stream)
        filtered = b" /Filter " + filter_name if filter_name else b""
        add(
            3 + n,
            b"<< /Type "
            + type_names[n]
            + b" /N 1 /First %d%s /Length %d >>\nstream\n" % (len(header), filtered, len(stream))
            + stream
            + b"\nendstream",
        )
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0)]
    rows += [(1, offsets[3 + n], 0) for n in range(count)] + [(2, 3 + n, 0) for n in range(count)]
    if key is not None:
        add(xref + 1, b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>"
            % (owner.hex().encode(), user.hex().encode()))  # fmt: skip
    offsets[xref] = sum(len(p) for p in parts)
    rows.append((1, offsets[xref], 0))
    if key is not None:
        rows.append((1, offsets[xref + 1], 0))
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    parts.append(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R%s /Length %d >>\nstream\n"
        % (xref, len(rows), trailer, len(table))
        + table
        + b"\nendstream\nendobj\n"
    )
    parts.append(b"startxref\n%d\n%%%%EOF\n" % offsets[xref])
    return b"".join(parts)


def pdf_with_object_stream(inner: bytes, *, type_name: bytes = b"/ObjStm") -> bytes:
    return pdf_with_object_streams([inner], type_name=type_name)


SCRIPT = b"<< /S /JavaScript /JS (app.alert(1)) >>"
HARMLESS = b"<< /S /GoTo /D [2 0 R /Fit] >>"


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
    assert refused("a.pdf", data) == (
        "The PDF contains scripts, launch actions or embedded files, which are not accepted."
    )


def test_every_object_stream_is_counted_however_its_type_is_written():
    """One named `/ObjStm`, one `/Obj#53tm`: both are read (the script is in the second)."""
    data = pdf_with_object_streams([HARMLESS, SCRIPT], type_name=[b"/ObjStm", b"/Obj#53tm"])
    assert "scripts, launch actions" in refused("two.pdf", data)


def test_other_escaped_names_do_not_hide_the_object_streams():
    data = pdf_with_object_stream(SCRIPT) + b"% /Title#20page\n"  # an escaped name after them
    assert "scripts, launch actions" in refused("a.pdf", data)


def test_a_pdf_with_a_harmless_object_stream_is_accepted():
    data = pdf_with_object_stream(b"<< /S /GoTo /D [2 0 R /Fit] >>")
    assert validate_upload(upload("fine.pdf", data)).extension == "pdf"


def test_a_pdf_hiding_its_object_streams_from_the_parser_is_refused():
    data = (
        pdf_with_object_stream(b"<< /S /GoTo /D [2 0 R /Fit] >>") + b"9 0 obj << /Type /ObjStm >>"
    )
    assert refused("hidden.pdf", data) == "The PDF is damaged or could not be checked."


def test_an_encrypted_pdf_without_a_password_is_checked_inside():
    """An empty user password (readers open it without asking): its object streams are read."""
    assert validate_upload(upload("open.pdf", pdf_with_object_streams([HARMLESS], password="")))
    data = pdf_with_object_streams([SCRIPT], password="")
    assert SCRIPT not in data  # the script is only visible decrypted
    assert "scripts, launch actions or embedded files" in refused("open.pdf", data)


def test_a_password_protected_pdf_is_refused():
    data = pdf_with_object_streams([HARMLESS], password="secret")
    assert refused("locked.pdf", data) == "Password-protected PDFs cannot be checked."


def test_a_pdf_with_a_slightly_wrong_cross_reference_offset_is_checked():
    """Some tools write the `startxref` offset a few bytes off: the PDF is read anyway."""
    for inner, accepted in ((HARMLESS, True), (SCRIPT, False)):
        data = pdf_with_object_streams([inner])
        at = data.rindex(b"startxref\n")
        offset = int(data[at + 10 :].split(b"\n")[0])
        data = data[:at] + b"startxref\n%d\n%%%%EOF\n" % (offset + 5)
        if accepted:
            assert validate_upload(upload("tool.pdf", data)).extension == "pdf"
        else:
            assert "scripts, launch actions" in refused("tool.pdf", data)


def padded(size: int, number: int = 4) -> bytes:
    """Object `number`, whose object stream holds exactly `size` bytes decompressed."""
    return HARMLESS + b" " * (size - len(b"%d 0 " % number) - len(HARMLESS))


# Not /LZWDecode: pypdf decodes it in Python, over a minute for 16 MiB on a busy machine.
@pytest.mark.parametrize("filter_name", [b"/FlateDecode", b"/RunLengthDecode", b""])
def test_an_object_stream_is_decompressed_up_to_16_mib(filter_name):
    """Each filter stops at PDF_MAX_STREAM_BYTES (and a stream stored as is: its length)."""
    limit = uploads.PDF_MAX_STREAM_BYTES
    at_limit = pdf_with_object_streams([padded(limit)], filter_name=filter_name)
    assert validate_upload(upload("big.pdf", at_limit), max_bytes=64 * MB).extension == "pdf"
    over = pdf_with_object_streams([padded(limit + 1)], filter_name=filter_name)
    message = refused("big.pdf", over, max_bytes=64 * MB)
    assert message == "The PDF is damaged or could not be checked."


def test_object_streams_are_decompressed_up_to_64_mib_in_all():
    limit = uploads.PDF_MAX_STREAM_BYTES
    assert 4 * limit == uploads.PDF_MAX_INFLATED_BYTES
    four = pdf_with_object_streams([padded(limit, 7 + n) for n in range(4)])  # objects 7 to 10
    assert validate_upload(upload("four.pdf", four)).extension == "pdf"
    streams = [padded(limit, 8 + n) for n in range(4)] + [padded(len(b"12 0 ") + 31, 12)]
    over = pdf_with_object_streams(streams)  # objects 8 to 12: 64 MiB and 1 byte
    assert refused("five.pdf", over) == "The PDF is too complex to be checked."


def test_a_pdf_is_checked_for_5_seconds_at_most(monkeypatch):
    """The clock is read before the first object stream and before each: a PDF still being
    checked after PDF_MAX_SECONDS is refused (exactly 5 s is still within)."""
    data = pdf_with_object_streams([HARMLESS, HARMLESS])

    def clock(step: float):
        ticks = iter([0.0, step, 2 * step])
        return lambda: next(ticks)

    monkeypatch.setattr(uploads.time, "monotonic", clock(2.5))
    assert validate_upload(upload("slow.pdf", data)).extension == "pdf"
    monkeypatch.setattr(uploads.time, "monotonic", clock(2.6))
    assert refused("slow.pdf", data) == "The PDF is too complex to be checked."
