"""Hostile uploads on every upload form (found through the authorization matrix's pages).

Each hostile file is refused with a message, nothing is saved and nothing is written to
MEDIA_ROOT; files that are accepted are stored under generated names and served with
`nosniff` (documents and attachments as downloads).
"""

from __future__ import annotations

import io
import random
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.security import summary
from tests.security.forms import client_for, discover_forms
from tests.security.test_hostile_input import base_data, row_counts
from tests.test_authorization_matrix import world  # noqa: F401 - the world fixture

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png(size=(4, 4), noise: bool = False) -> bytes:
    image = Image.new("RGB", size, "white")
    if noise:
        image = Image.frombytes("RGB", size, random.Random(1).randbytes(3 * size[0] * size[1]))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int, height: int) -> bytes:
    """A few hundred bytes that claim width × height pixels (1-bit, all zero rows)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(min(height, 2000)))
    idat += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"This program cannot be run in DOS mode"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HOSTILE_FILES = {
    "executable renamed .pdf": ("report.pdf", EXE),
    "executable renamed .png": ("photo.png", EXE),
    "ELF renamed .txt": ("notes.txt", ELF),
    "polyglot PDF + HTML": (
        "doc.pdf",
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n",
    ),
    "polyglot PDF with JavaScript action": (
        "doc.pdf",
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript >>"),
    ),
    "polyglot PNG + HTML": ("image.png", png() + b"<html><script>alert(1)</script></html>"),
    "oversized PDF": ("big.pdf", PDF + b"%" + b"0" * 8192 + b"\n"),
    "oversized PNG": ("big.png", png((96, 96), noise=True)),
    "decompression bomb PNG (100k × 100k)": ("bomb.png", bomb_png(100_000, 100_000)),
    "decompression bomb PNG (7k × 7k, warning range)": ("bomb2.png", bomb_png(7_000, 7_000)),
    "SVG with script": ("logo.svg", SVG),
    "SVG with script renamed .png": ("logo.png", SVG),
    "HTML renamed .txt": ("page.txt", b"<!DOCTYPE html><script>alert(1)</script>"),
    "empty file": ("empty.pdf", b""),
    "path traversal name, executable": ("../../../../tmp/evil.pdf", EXE),
}
LIMIT = 4096


def media_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def upload_settings(settings):
    settings.RATELIMIT_ENABLE = False
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.AVATAR_MAX_BYTES = LIMIT
    return settings


def file_forms(client, world):  # noqa: F811
    forms = [form for form in discover_forms(client, world) if form.has_file]
    # Document, new version, announcement image (new/edit), avatar, complaint attachments.
    assert len(forms) >= 5, [form.action for form in forms]
    return forms


def test_every_hostile_upload_is_refused_with_a_message(client, world, upload_settings):  # noqa: F811
    forms = file_forms(client, world)
    for form in forms:
        file_field = next(field.name for field in form.fields if field.kind == "file")
        for label, (name, content) in HOSTILE_FILES.items():
            client_for(client, world, form.role)
            data = base_data(form)
            data[file_field] = SimpleUploadedFile(name, content)
            before, files_before = row_counts(), media_files(upload_settings)
            response = client.post(form.action, data)
            summary.count("uploads")
            where = f"{form.role} POST {form.action} ({label})"
            assert response.status_code == 200, f"{where}: {response.status_code}"
            assert 'class="errorlist' in response.content.decode(), f"{where}: no message"
            assert row_counts() == before, f"{where}: rows changed"
            assert media_files(upload_settings) == files_before, f"{where}: a file was written"


GENERATED = re.compile(r"^[a-z_/]+/[0-9a-f]{32}\.(pdf|png|jpg|txt)$")


def test_accepted_files_are_stored_under_generated_names(client, world, upload_settings):  # noqa: F811
    """Valid files with hostile names: stored paths never contain what the user typed."""
    for form in file_forms(client, world):
        file_field = next(field.name for field in form.fields if field.kind == "file")
        client_for(client, world, form.role)
        for name, content in (("../../../x/<b>evil name.pdf", PDF), ("..\\..\\evil.png", png())):
            data = base_data(form)
            data[file_field] = SimpleUploadedFile(name, content)
            response = client.post(form.action, data)
            assert response.status_code in (200, 302), f"{form.action}: {response.status_code}"
    stored = media_files(upload_settings)
    assert stored, "no upload form accepted a valid file"
    for path in stored:
        assert GENERATED.match(path), path
    assert not list(Path(upload_settings.MEDIA_ROOT).parent.glob("x"))


def test_documents_and_attachments_are_served_as_downloads_with_nosniff(
    client,
    world,  # noqa: F811
):
    client.force_login(world.user("admin"))
    document = world.get("document")
    attachment = world.get("attachment")
    for url in (
        reverse("content:document_download", kwargs={"pk": document.pk}),
        reverse(
            "complaints:attachment_download",
            kwargs={"pk": attachment.complaint_id, "attachment_pk": attachment.pk},
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Content-Disposition"].startswith("attachment;"), url
    # Images shown in pages are served inline, but only as the validated image type.
    pictured = world.get("pictured")
    response = client.get(reverse("content:announcement_image", kwargs={"pk": pictured.pk}))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] in ("image/png", "image/jpeg")
