"""File bytes with a token: the `download_url` of documents, versions and complaint
attachments, announcements' `image_url`, photos' `avatar_url` and certificates' `pdf_url` open
with `Authorization: Bearer`, through the pages' own views and their predicates (404 for what
the caller may not see)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.api.helpers import ApiClient, token_for
from tests.complaints.factories import PDF_BYTES, AttachmentFactory, ComplaintFactory
from tests.content.factories import make_announcement_with_image, make_document, text_upload
from tests.factories import UserFactory
from tests.training.factories import CertificateFactory


def _bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_token_downloads_a_document_and_its_versions(employee):
    document = make_document(upload=text_upload(text="Rule one.\n"))
    reader = ApiClient(token_for(employee, read_only=True))
    detail = reader.get(f"/api/v1/documents/{document.pk}").json()
    response = reader.get(detail["download_url"])
    assert response.status_code == 200
    assert _bytes(response) == b"Rule one.\n"
    assert response["Content-Disposition"].startswith("attachment")
    versions = reader.get(f"/api/v1/documents/{document.pk}/versions").json()["results"]
    assert _bytes(reader.get(versions[0]["download_url"])) == b"Rule one.\n"
    missing = reader.get(f"/api/v1/documents/{document.pk}/versions/7/file")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_a_complaint_attachment_opens_for_those_who_see_the_complaint(employee):
    attachment = AttachmentFactory(complaint=ComplaintFactory(submitter=employee))
    own = ApiClient(token_for(employee)).get(f"/api/v1/complaints/{attachment.complaint_id}").json()
    url = own["attachments"][0]["download_url"]
    response = ApiClient(token_for(employee)).get(url)
    assert response.status_code == 200 and _bytes(response) == PDF_BYTES
    stranger = ApiClient(token_for(UserFactory())).get(url)
    assert stranger.status_code == 404
    assert ApiClient().get(url).status_code == 401


def test_the_session_still_opens_the_api_download(client, employee):
    document = make_document()
    client.force_login(employee)
    assert client.get(f"/api/v1/documents/{document.pk}/file").status_code == 200


def test_a_token_opens_an_announcement_image_only_where_the_page_shows_it(employee, admin_user):
    pictured = make_announcement_with_image(actor=admin_user)
    detail = ApiClient(token_for(employee, read_only=True)).get(
        f"/api/v1/announcements/{pictured.pk}"
    )
    url = detail.json()["image_url"]
    assert url == f"/api/v1/announcements/{pictured.pk}/image"
    response = ApiClient(token_for(employee, read_only=True)).get(url)
    assert response.status_code == 200 and _bytes(response).startswith(b"\x89PNG")
    hidden = make_announcement_with_image(
        actor=admin_user, publish_at=timezone.now() + datetime.timedelta(days=2)
    )
    refused = ApiClient(token_for(employee)).get(f"/api/v1/announcements/{hidden.pk}/image")
    assert refused.status_code == 404
    assert ApiClient().get(url).status_code == 401


def test_a_token_opens_a_colleagues_photo(employee):
    colleague = UserFactory(username="photographed")
    colleague.avatar.save("p.png", ContentFile(b"\x89PNG fake"), save=True)
    reader = ApiClient(token_for(employee, read_only=True))
    url = ApiClient(token_for(colleague)).get("/api/v1/auth/me").json()["avatar_url"]
    assert url == "/api/v1/people/photographed/avatar"
    response = reader.get(url)
    assert response.status_code == 200 and _bytes(response) == b"\x89PNG fake"
    assert reader.get(f"/api/v1/people/{employee.username}/avatar").status_code == 404
    colleague.is_active = False
    colleague.save()
    assert reader.get(url).status_code == 404
    assert ApiClient().get(url).status_code == 401


def test_a_token_downloads_ones_own_certificate_and_no_one_elses(employee):
    certificate = CertificateFactory(user=employee)
    mine = ApiClient(token_for(employee, read_only=True))
    listed = mine.get("/api/v1/certificates").json()["results"]
    url = next(c["pdf_url"] for c in listed if c["id"] == certificate.pk)
    assert url == f"/api/v1/certificates/{certificate.pk}/pdf"
    response = mine.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ApiClient(token_for(UserFactory())).get(url).status_code == 404
    assert ApiClient().get(url).status_code == 401
