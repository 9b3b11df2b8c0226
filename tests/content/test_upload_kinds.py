"""Which files the document library and the announcement image accept, by their content:
OpenDocument and Office files, plain text that is not markup, whole images; a truncated image
is a form error (never a 500), a text file that starts like a web page or an SVG is refused."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from content.models import Announcement, Document
from intrasphere.uploads import IMAGE_EXTENSIONS, image_thumbnail, validate_upload
from tests.content.factories import pdf_upload, png_upload
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

ODT = b"application/vnd.oasis.opendocument.text"
ODS = b"application/vnd.oasis.opendocument.spreadsheet"


@pytest.fixture
def librarian_client(db):
    client = Client()
    client.force_login(grant(UserFactory(), "content.manage_documents"))
    return client


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(grant(UserFactory(), "content.manage_announcements"))
    return client


def zipped(name: str, entries: dict[str, bytes]) -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, out.getvalue())


def opendocument(name: str, mimetype: bytes) -> SimpleUploadedFile:
    return zipped(name, {"mimetype": mimetype, "content.xml": b"<office:document/>"})


def office(name: str, folder: str) -> SimpleUploadedFile:
    return zipped(name, {"[Content_Types].xml": b"<Types/>", f"{folder}/x.xml": b"<x/>"})


def image_bytes(kind: str, size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=kind)
    return out.getvalue()


def upload_document(client, upload):
    return client.post(
        reverse("content:document_create"),
        {"title": "A file", "description": "", "file": upload},
    )


def assert_refused(response, field="file"):
    assert response.status_code == 200
    assert response.context["form"].errors[field]


# Files are built in each test (a lambda each): an upload is read to its end when posted, so
# one built at collection would be empty the second time the test runs in the same process
# (as `make mutants` does).
@pytest.mark.parametrize(
    ("make", "content_type"),
    [
        (lambda: opendocument("minutes.odt", ODT), "application/vnd.oasis.opendocument.text"),
        (
            lambda: opendocument("budget.ods", ODS),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (lambda: office("report.docx", "word"), "wordprocessingml.document"),
        (lambda: office("sheet.xlsx", "xl"), "spreadsheetml.sheet"),
        (lambda: office("deck.pptx", "ppt"), "presentationml.presentation"),
        (
            lambda: SimpleUploadedFile("notes.txt", "Café menu: crème brûlée\n".encode()),
            "text/plain",
        ),
        (lambda: SimpleUploadedFile("photo.jpeg", image_bytes("JPEG")), "image/jpeg"),
        (lambda: SimpleUploadedFile("photo.PNG", image_bytes("PNG")), "image/png"),
        (lambda: pdf_upload("GUIDE.PDF"), "application/pdf"),
    ],
    ids=["odt", "ods", "docx", "xlsx", "pptx", "txt", "jpeg", "png-uppercase", "pdf-uppercase"],
)
def test_documents_of_every_accepted_kind_are_stored(librarian_client, make, content_type):
    response = upload_document(librarian_client, make())
    assert response.status_code == 302, response.context["form"].errors
    assert Document.objects.get().current_version.content_type.endswith(content_type)


def test_a_text_whose_first_sample_ends_inside_a_character_is_accepted(librarian_client):
    text = ("a" * 2047 + "é" + " more text").encode()  # the 2,048-byte sample cuts "é"
    response = upload_document(librarian_client, SimpleUploadedFile("long.txt", text))
    assert response.status_code == 302


def test_a_text_whose_sample_ends_inside_a_four_byte_character_is_accepted(librarian_client):
    text = ("a" * 2045 + "🙂 more text").encode()  # the sample holds 3 of the emoji's 4 bytes
    response = upload_document(librarian_client, SimpleUploadedFile("long.txt", text))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        b"a" * 2044 + b"\xff" + b"abc" + b"more text",  # 4 bytes before the sample's end
        b"abcd\xff\xfe then valid text" + b"." * 3000,  # after a valid start
    ],
    ids=["stray byte near the end of the sample", "stray bytes after the start"],
)
def test_a_text_with_bytes_that_are_not_utf8_is_refused(librarian_client, data):
    response = upload_document(librarian_client, SimpleUploadedFile("notes.txt", data))
    assert_refused(response)
    assert response.context["form"].errors["file"] == [
        "The file's content does not match its “.txt” extension."
    ]


def test_a_one_byte_text_is_accepted(librarian_client):
    response = upload_document(librarian_client, SimpleUploadedFile("a.txt", b"a"))
    assert response.status_code == 302


def test_a_text_quoting_markup_after_its_start_is_accepted(librarian_client):
    """Only the start of a text decides (a browser sniffs that); it is served as plain text."""
    text = b"Embedding a video: paste <iframe src=...> or <script> in the page.\n"
    response = upload_document(librarian_client, SimpleUploadedFile("howto.txt", text))
    assert response.status_code == 302


def test_a_stored_document_has_a_generated_name(librarian_client):
    upload_document(librarian_client, pdf_upload("../../Quarterly report.pdf"))
    name = Document.objects.get().current_version.file.name
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", name), name


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("doc.pdf", b"%PDF-1.4\n<html><body>x</body></html>\n%%EOF\n"),
        ("image.png", image_bytes("PNG") + b"<script>alert(1)</script>"),
        ("photo.jpg", image_bytes("JPEG") + b"<svg onload=alert(1)>"),
    ],
    ids=["pdf", "png", "jpg"],
)
def test_a_pdf_or_image_carrying_markup_is_refused(librarian_client, name, data):
    response = upload_document(librarian_client, SimpleUploadedFile(name, data))
    assert response.context["form"].errors["file"] == [
        "The file contains scripts or web-page markup, which is not accepted."
    ]


def test_markup_across_two_chunks_of_the_scan_is_found(librarian_client, settings):
    """The scan reads a file on disk in 64 KiB chunks (one kept in memory is one chunk): a
    marker cut by a chunk's end is still found."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # to a temporary file
    png = image_bytes("PNG")
    data = png + b"\0" * (64 * 1024 - len(png) - 3) + b"<script>alert(1)</script>"
    response = upload_document(librarian_client, SimpleUploadedFile("image.png", data))
    assert response.context["form"].errors["file"] == [
        "The file contains scripts or web-page markup, which is not accepted."
    ]


@pytest.mark.parametrize(
    "start",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"<script>alert(1)</script>",
        b"  \n<SCRIPT>alert(1)</SCRIPT>",
        b"<?xml version='1.0'?><svg/>",
        b"<!DOCTYPE html><p>x</p>",
        b"<html><body>x</body></html>",
    ],
    ids=["svg", "script", "script-after-blanks", "xml", "doctype", "html"],
)
def test_a_text_file_that_starts_as_markup_is_refused(librarian_client, start):
    assert_refused(upload_document(librarian_client, SimpleUploadedFile("notes.txt", start)))
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "data",
    [b"text\x00with a NUL", b"\xff\xfe\xfa not UTF-8 at all \xff" * 3],
    ids=["nul", "not-utf8"],
)
def test_binary_named_txt_is_refused(librarian_client, data):
    assert_refused(upload_document(librarian_client, SimpleUploadedFile("notes.txt", data)))


@pytest.mark.parametrize(
    "make",
    [
        lambda: opendocument("slides.odt", b"application/vnd.oasis.opendocument.presentation"),
        lambda: opendocument("minutes.odt", ODS),
        lambda: opendocument("budget.ods", ODT),
        lambda: zipped("report.docx", {"word/document.xml": b"<w/>"}),  # no [Content_Types].xml
        lambda: office("report.docx", "xl"),
        lambda: zipped("minutes.odt", {"content.xml": b"<x/>"}),  # no mimetype
    ],
    ids=["odp-as-odt", "ods-as-odt", "odt-as-ods", "no-content-types", "xlsx-as-docx", "no-mime"],
)
def test_archives_that_are_not_what_they_claim_are_refused(librarian_client, make):
    response = upload_document(librarian_client, make())
    assert_refused(response)
    assert "does not match" in str(response.context["form"].errors["file"])


def test_an_empty_file_is_refused_with_a_message():
    """The forms refuse an empty file first (Django's own message); the check says it too."""
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("empty.txt", b""))
    assert error.value.messages == ["The file is empty."]


def test_an_unknown_extension_names_the_accepted_ones(librarian_client):
    response = upload_document(librarian_client, SimpleUploadedFile("a.rtf", b"{\\rtf1 x}"))
    assert_refused(response)
    assert response.context["form"].errors["file"] == [
        "Files of this type are not accepted. Allowed types: "
        "pdf, docx, xlsx, pptx, odt, ods, txt, png, jpg."
    ]


def test_an_image_field_names_the_image_types():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("logo.svg", b"<svg/>"), allowed=IMAGE_EXTENSIONS)
    assert error.value.messages == ["Files of this type are not accepted. Allowed types: png, jpg."]


def test_the_size_limit_is_the_settings_unless_given(settings):
    settings.UPLOAD_MAX_BYTES = 100
    assert validate_upload(SimpleUploadedFile("a.txt", b"a" * 100)).extension == "txt"
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("a.txt", b"a" * 101))
    assert error.value.messages == [
        "The file is too large (101\xa0bytes); the limit is 100\xa0bytes."
    ]
    given = SimpleUploadedFile("a.txt", b"a" * 150)
    assert validate_upload(given, max_bytes=150).extension == "txt"


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_truncated_image_is_a_form_error(librarian_client, editor_client, kind):
    data = image_bytes(kind, size=(200, 150))
    truncated = data[: len(data) // 2]
    name = "photo.png" if kind == "PNG" else "photo.jpg"
    assert_refused(upload_document(librarian_client, SimpleUploadedFile(name, truncated)))
    response = editor_client.post(
        reverse("content:announcement_create"),
        {
            "title": "News",
            "content": "Text",
            "type": "news",
            "icon": "info",
            "publish_at": "2024-01-01T10:00",
            "image_upload": SimpleUploadedFile(name, truncated),
        },
    )
    assert_refused(response, "image_upload")
    assert not Announcement.objects.exists()


def test_a_whole_image_becomes_a_png_thumbnail(editor_client):
    response = editor_client.post(
        reverse("content:announcement_create"),
        {
            "title": "News",
            "content": "Text",
            "type": "news",
            "icon": "info",
            "publish_at": "2024-01-01T10:00",
            "image_upload": png_upload(size=(600, 300)),
        },
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.image.name.endswith(".png")
    with Image.open(announcement.thumbnail.open("rb")) as thumbnail:
        assert thumbnail.format == "PNG"
        assert thumbnail.size == (256, 128)


@pytest.mark.parametrize(
    ("mode", "thumbnail_mode"),
    [("RGBA", "RGBA"), ("LA", "RGBA"), ("P", "RGBA"), ("RGB", "RGB"), ("L", "RGB")],
)
def test_a_thumbnail_keeps_transparency(mode, thumbnail_mode):
    """Images with an alpha channel or a palette (which may hold one) keep it; others are RGB."""
    out = io.BytesIO()
    Image.new(mode, (40, 30)).save(out, format="PNG")
    upload = SimpleUploadedFile("logo.png", out.getvalue())
    validate_upload(upload, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
    with Image.open(io.BytesIO(image_thumbnail(upload))) as thumbnail:
        assert (thumbnail.format, thumbnail.mode) == ("PNG", thumbnail_mode)
