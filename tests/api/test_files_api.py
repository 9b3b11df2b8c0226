"""File bytes with a token: the `download_url` of documents, versions and complaint
attachments opens with `Authorization: Bearer`, through the pages' download views and their
predicates (404 for what the caller may not see)."""

from tests.api.helpers import ApiClient, token_for
from tests.complaints.factories import PDF_BYTES, AttachmentFactory, ComplaintFactory
from tests.content.factories import make_document, text_upload
from tests.factories import UserFactory


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
