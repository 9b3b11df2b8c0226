"""Documents: library, search, uploads checked by content, versions, restore, downloads, acks."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from content.models import Document, DocumentAcknowledgement, DocumentVersion
from tests.content.factories import CategoryFactory, make_document, pdf_upload, text_upload
from tests.factories import UserFactory, grant

LIST = reverse("content:document_list")


@pytest.fixture
def librarian(db):
    return grant(UserFactory(username="librarian"), "content.manage_documents")


@pytest.fixture
def librarian_client(librarian):
    client = Client()
    client.force_login(librarian)
    return client


def docx_upload(name="report.docx"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, out.getvalue())


def create(client, **overrides):
    data = {"title": "Safety guide", "description": "How to stay safe", "file": pdf_upload()}
    data.update(overrides)
    return client.post(reverse("content:document_create"), data)


def test_librarian_uploads_a_document(librarian_client, librarian):
    response = create(librarian_client)
    document = Document.objects.get()
    assert response.status_code == 302
    version = document.current_version
    assert version.number == 1
    assert version.original_filename == "guide.pdf"
    assert version.content_type == "application/pdf"
    assert version.uploaded_by == librarian
    assert version.file.name.startswith("documents/") and "guide" not in version.file.name


def test_office_file_is_accepted(librarian_client):
    assert create(librarian_client, file=docx_upload()).status_code == 302
    assert Document.objects.get().current_version.content_type.endswith("document")


@pytest.mark.parametrize(
    ("name", "data"),  # built in the test: a posted upload is read to its end
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("page.html", b"<html></html>"),
        ("tool.exe", b"MZ\x90\x00\x03"),
        ("fake.docx", b"PK\x03\x04not really a zip"),
    ],
    ids=["disguised", "html", "exe", "broken-docx"],
)
def test_bad_uploads_are_refused(librarian_client, name, data):
    response = create(librarian_client, file=SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_oversized_upload_is_refused(librarian_client, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = create(librarian_client, file=text_upload(text="x" * 100))
    assert "too large" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_employee_cannot_upload(employee_client):
    assert create(employee_client).status_code == 403
    assert not Document.objects.exists()


def test_library_search_and_category(employee_client):
    hr = CategoryFactory(name="HR")
    make_document(title="Holiday rules", description="Leave days", category=hr)
    make_document(title="Parking", description="Where to park")
    titles = lambda r: [d.title for d in r.context["page"].object_list]  # noqa: E731
    assert titles(employee_client.get(LIST, {"q": "holiday"})) == ["Holiday rules"]
    assert titles(employee_client.get(LIST, {"q": "park"})) == ["Parking"]
    assert titles(employee_client.get(LIST, {"category": hr.pk})) == ["Holiday rules"]
    assert employee_client.get(LIST, {"q": "nothing-like-this"}).status_code == 200


def test_script_in_title_is_escaped(employee_client):
    document = make_document(title="<script>alert(1)</script>")
    html = employee_client.get(document.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_new_version_keeps_old_ones_and_restore_makes_a_new_one(librarian_client):
    document = make_document(upload=text_upload(text="first"))
    response = librarian_client.post(
        reverse("content:document_version_create", args=[document.pk]),
        {"file": text_upload("rules-v2.txt", "second"), "change_note": "Updated rules"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_version.number == 2
    assert document.versions.count() == 2

    response = librarian_client.post(
        reverse("content:document_version_restore", args=[document.pk, 1])
    )
    document.refresh_from_db()
    assert document.current_version.number == 3
    assert "1" in document.current_version.change_note
    download = librarian_client.get(reverse("content:document_download", args=[document.pk]))
    assert b"".join(download.streaming_content) == b"first"


def test_version_without_note_is_refused(librarian_client):
    document = make_document()
    response = librarian_client.post(
        reverse("content:document_version_create", args=[document.pk]),
        {"file": text_upload(), "change_note": ""},
    )
    assert response.status_code == 200
    assert document.versions.count() == 1


def test_download_is_an_attachment_with_a_safe_name(employee_client):
    document = make_document(upload=text_upload('../../etc/pa"ss wd.txt', "secret"))
    response = employee_client.get(reverse("content:document_download", args=[document.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert ".." not in disposition and "/" not in disposition.split("filename=")[1]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/plain"


def test_unknown_document_and_version_are_404(employee_client):
    document = make_document()
    assert employee_client.get(reverse("content:document_download", args=[999])).status_code == 404
    url = reverse("content:document_version_download", args=[document.pk, 5])
    assert employee_client.get(url).status_code == 404


def test_acknowledgement_of_a_version_is_asked_again_for_a_new_version(
    employee_client, employee, librarian
):
    document = make_document(requires_acknowledgement=True)
    ack = reverse("content:document_acknowledge", args=[document.pk])
    dashboard = reverse("dashboard")
    assert any(
        document.title in item["label"] for item in employee_client.get(dashboard).context["todo"]
    )
    employee_client.post(ack)
    assert DocumentAcknowledgement.objects.filter(user=employee).count() == 1
    assert not employee_client.get(dashboard).context["todo"]

    from content import services

    services.document_version_add(
        actor=librarian, document=document, upload=text_upload(text="v2"), change_note="v2"
    )
    assert employee_client.get(dashboard).context["todo"]
    employee_client.post(ack)
    assert DocumentAcknowledgement.objects.filter(user=employee).count() == 2


def test_acknowledging_a_document_without_request_does_nothing(employee_client):
    document = make_document(requires_acknowledgement=False)
    employee_client.post(reverse("content:document_acknowledge", args=[document.pk]))
    assert not DocumentAcknowledgement.objects.exists()


def test_delete_removes_document_and_versions(librarian_client):
    document = make_document()
    response = librarian_client.post(reverse("content:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_list_query_count(employee_client, django_assert_max_num_queries):
    category = CategoryFactory()
    actor = UserFactory()
    for index in range(25):
        make_document(actor=actor, title=f"Doc {index}", category=category)
    with django_assert_max_num_queries(15):
        response = employee_client.get(LIST)
    assert response.status_code == 200


def test_detail_query_count(employee_client, django_assert_max_num_queries, librarian):
    from content import services

    document = make_document(actor=librarian)
    for index in range(10):
        services.document_version_add(
            actor=librarian, document=document, upload=text_upload(), change_note=f"v{index}"
        )
    with django_assert_max_num_queries(14):
        assert employee_client.get(document.get_absolute_url()).status_code == 200


def test_each_reader_s_documents_to_acknowledge_in_one_bounded_query(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from content import selectors

    document = make_document(title="Safety rules", requires_acknowledgement=True)
    make_document(title="Menu", requires_acknowledgement=False)
    first, second = UserFactory(), UserFactory()
    assert [d.title for d in selectors.documents_to_acknowledge(user=first)] == ["Safety rules"]
    with CaptureQueriesContext(connection) as queries:
        pending = selectors.documents_to_acknowledge(user=second)
    assert [d.title for d in pending] == ["Safety rules"] and len(queries) == 1
    DocumentAcknowledgement.objects.create(version=document.current_version, user=first)
    assert selectors.documents_to_acknowledge(user=first) == []
    assert [d.pk for d in selectors.documents_to_acknowledge(user=second)] == [document.pk]
    newer = make_document(title="Fire drill", requires_acknowledgement=True)
    assert [d.pk for d in selectors.documents_to_acknowledge(user=second, limit=1)] == [newer.pk]
