"""Media storage and protected downloads: S3 against a real S3 API on loopback (moto's server,
a separate process: no mocks of boto), X-Accel-Redirect for local storage behind nginx."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from content.models import Document
from tests.complaints.factories import PDF_BYTES, AttachmentFactory, ComplaintFactory
from tests.content.factories import make_document, text_upload
from tests.factories import UserFactory, grant

BUCKET = "intrasphere-media"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """moto's S3 server on 127.0.0.1 (from PyPI, `moto[server]`): a real HTTP S3 API."""
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.skip("moto_server is not installed (make install)")
    port = _free_port()
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)  # noqa: S310
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError("moto_server did not start")
    yield endpoint
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def s3(s3_server, settings):
    """The portal's media on the S3 server, as MEDIA_STORAGE=s3 configures it."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",  # noqa: S106
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "test-key",
                "secret_key": "test-secret",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 60,
                "file_overwrite": False,
            },
        },
    }
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_s3_round_trip_upload_then_signed_download(s3, client, db):
    librarian = grant(UserFactory(username="librarian"), "content.manage_documents")
    client.force_login(librarian)
    response = client.post(
        reverse("content:document_create"),
        {"title": "Safety guide", "description": "Stay safe", "file": text_upload("guide.txt")},
    )
    assert response.status_code == 302
    version = Document.objects.get().current_version
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [version.file.name]  # the bytes are in the bucket, not on this disk

    client.force_login(UserFactory(username="reader"))
    download = client.get(reverse("content:document_download", args=[version.document_id]))
    assert download.status_code == 302
    assert download["Cache-Control"] == "private, no-store"
    url = download["Location"]
    assert url.startswith(f"{s3.meta.endpoint_url}/{BUCKET}/")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url
    status, headers, body = _fetch(url)
    assert status == 200
    assert body == s3.get_object(Bucket=BUCKET, Key=version.file.name)["Body"].read()
    assert (
        headers["Content-Disposition"].startswith("attachment")
        and "guide.txt" in (headers["Content-Disposition"])
    )
    assert headers["Content-Type"] == "text/plain"

    # Unsigned, the object is refused: only the portal's short-lived URL opens it.
    status, _headers, _body = _fetch(url.split("?")[0])
    assert status == 403


def test_s3_download_is_refused_without_the_right(s3, client, db):
    owner = UserFactory()
    attachment = AttachmentFactory(complaint=ComplaintFactory(submitter=owner))
    assert attachment.file.storage.__class__.__name__ == "S3Storage"
    client.force_login(UserFactory())  # another employee: not theirs
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 404
    assert "Location" not in response

    client.logout()  # signed out: to the sign-in page, never to the bucket
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    client.force_login(owner)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 302
    assert _fetch(response["Location"])[2] == PDF_BYTES


def test_check_media_checks_the_bucket(s3, db):
    document = make_document()
    out = io.StringIO()
    call_command("check_media", stdout=out)
    assert "All 1 referenced files are present" in out.getvalue()
    s3.delete_object(Bucket=BUCKET, Key=document.current_version.file.name)
    with pytest.raises(CommandError, match="1 of 1 referenced files are missing"):
        call_command("check_media", stdout=io.StringIO(), stderr=io.StringIO())


# --- Local storage behind nginx: X-Accel-Redirect ---------------------------------------------


def test_local_storage_behind_nginx_answers_with_x_accel_redirect(settings, client, db):
    settings.MEDIA_ACCEL_REDIRECT = "/_protected_media/"
    document = make_document(upload=text_upload("notes.txt", "the bytes"))
    client.force_login(UserFactory())
    response = client.get(reverse("content:document_download", args=[document.pk]))
    assert response.status_code == 200
    name = document.current_version.file.name
    assert response["X-Accel-Redirect"] == f"/_protected_media/{name}"
    assert response.content == b""  # nginx sends the bytes
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert response["Content-Type"] == "text/plain"

    document.current_version.file.storage.delete(name)
    response = client.get(reverse("content:document_download", args=[document.pk]))
    assert response.status_code == 404


def test_without_nginx_the_portal_streams_local_files(client, db):
    document = make_document(upload=text_upload("notes.txt", "the bytes"))
    client.force_login(UserFactory())
    response = client.get(reverse("content:document_download", args=[document.pk]))
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"the bytes"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs S3_BUCKET"),
        ({"MEDIA_STORAGE": "nfs"}, "MEDIA_STORAGE must be local or s3"),
        ({"MEDIA_ACCEL_REDIRECT": "_media"}, "MEDIA_ACCEL_REDIRECT must start and end with /"),
    ],
)
def test_bad_media_settings_are_refused_at_start(env, message):
    import os

    result = subprocess.run(
        [sys.executable, "-c", "import intrasphere.settings"],
        cwd=Path(__file__).resolve().parents[2],
        env={"PATH": os.environ["PATH"], "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_readyz_checks_the_bucket(s3, s3_server, client, db, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["media"] == "ok"

    options = settings.STORAGES["default"]["OPTIONS"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**options, "endpoint_url": f"http://127.0.0.1:{_free_port()}"},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["media"] == "unavailable"
